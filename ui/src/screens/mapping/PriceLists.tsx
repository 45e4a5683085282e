//! Which ERP price list holds the prices of a Magento website and customer group, and which
//! Magento price that is (base, special or tier).

import type { Choice, FieldProblem, PriceKind, PriceListMapping } from "../../lib/ipc/bindings";
import { FieldMessages } from "./problems";
import { RemoveCell, RemoveHeader, without } from "./rows";

const KINDS: { kind: PriceKind; label: string }[] = [
  { kind: "base", label: "Base price" },
  { kind: "special", label: "Special price (with dates)" },
  { kind: "tier", label: "Tier prices" },
];

/** Magento's ids for "every website" and "all customer groups". */
const ALL_WEBSITES = 0;
const ALL_GROUPS = 32000;

type Props = {
  rows: PriceListMapping[];
  lists: string[];
  /** Read from Magento (code: the id); empty when they could not be read: ids are typed. */
  websites: Choice[];
  groups: Choice[];
  erpName: string;
  problems: readonly FieldProblem[];
  onChange: (rows: PriceListMapping[]) => void;
};

export function PriceLists({ rows, lists, websites, groups, erpName, problems, onChange }: Props) {
  function update(index: number, change: Partial<PriceListMapping>) {
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }

  return (
    <section className="mapping-section" aria-labelledby="mapping-prices">
      <h2 id="mapping-prices">Price lists</h2>
      <p className="hint">
        Each row says which {erpName} price list holds the prices of a Magento website and customer group. Without a
        row, prices are not compared.
      </p>
      <div className="table-scroll">
        <table className="data-table" data-testid="price-lists-table">
          <thead>
            <tr>
              <th scope="col">Website</th>
              <th scope="col">Customer group</th>
              <th scope="col">Magento price</th>
              <th scope="col">{erpName} price list</th>
              <RemoveHeader />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td>
                  <ScopeField
                    label={`Website of row ${index + 1}`}
                    value={row.website_id}
                    all={{ id: ALL_WEBSITES, name: "Every website" }}
                    choices={websites}
                    unknown={(id) => `Website ${id}`}
                    onChange={(website_id) => update(index, { website_id })}
                  />
                </td>
                <td>
                  <ScopeField
                    label={`Customer group of row ${index + 1}`}
                    value={row.customer_group_id}
                    all={{ id: ALL_GROUPS, name: "All groups" }}
                    choices={groups}
                    unknown={(id) => `Group ${id}`}
                    onChange={(customer_group_id) => update(index, { customer_group_id })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Magento price of row ${index + 1}`}
                    value={row.price}
                    onChange={(e) => update(index, { price: e.target.value as PriceKind })}
                  >
                    {KINDS.map((k) => (
                      <option key={k.kind} value={k.kind}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`${erpName} price list of row ${index + 1}`}
                    data-testid={`price-list-${index}`}
                    value={row.price_list}
                    onChange={(e) => update(index, { price_list: e.target.value })}
                  >
                    <option value="">— choose —</option>
                    {[...new Set([...lists, ...(row.price_list !== "" ? [row.price_list] : [])])].map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                  <FieldMessages problems={problems} field={`price_lists.${index}`} />
                </td>
                <RemoveCell label={`Remove price list row ${index + 1}`} onRemove={() => onChange(without(rows, index))} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        className="button"
        data-testid="add-price-list"
        onClick={() => onChange([...rows, { website_id: 1, customer_group_id: 32000, price: "base", price_list: "" }])}
      >
        Add a price list
      </button>
    </section>
  );
}

type ScopeProps = {
  label: string;
  value: number;
  all: { id: number; name: string };
  choices: Choice[];
  unknown: (id: number) => string;
  onChange: (id: number) => void;
};

/** A website or customer group by name when Magento's list was read, else by its id. */
function ScopeField({ label, value, all, choices, unknown, onChange }: ScopeProps) {
  if (choices.length === 0) {
    return (
      <input
        aria-label={label}
        inputMode="numeric"
        value={value}
        onChange={(e) => onChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
      />
    );
  }
  const options = [{ id: all.id, name: all.name }, ...choices.map((c) => ({ id: Number(c.code), name: `${c.name} (${c.code})` }))];
  if (!options.some((o) => o.id === value)) options.push({ id: value, name: unknown(value) });
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))}>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
