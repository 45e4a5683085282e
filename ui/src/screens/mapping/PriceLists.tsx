//! Which ERP price list holds the prices of a Magento website and customer group, and which
//! Magento price that is (base, special or tier).

import type { FieldProblem, PriceKind, PriceListMapping } from "../../lib/ipc/bindings";
import { FieldMessages } from "./problems";
import { RemoveCell, RemoveHeader, without } from "./rows";

const KINDS: { kind: PriceKind; label: string }[] = [
  { kind: "base", label: "Base price" },
  { kind: "special", label: "Special price (with dates)" },
  { kind: "tier", label: "Tier prices" },
];

type Props = {
  rows: PriceListMapping[];
  lists: string[];
  erpName: string;
  problems: readonly FieldProblem[];
  onChange: (rows: PriceListMapping[]) => void;
};

export function PriceLists({ rows, lists, erpName, problems, onChange }: Props) {
  function update(index: number, change: Partial<PriceListMapping>) {
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  }
  const whole = (text: string) => Math.max(0, Math.floor(Number(text) || 0));

  return (
    <section className="mapping-section" aria-labelledby="mapping-prices">
      <h2 id="mapping-prices">Price lists</h2>
      <p className="hint">
        Website 0 means every website; customer group 32000 means all groups (0 is "not logged in"). Without a row, prices
        are not compared.
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
                  <input
                    aria-label={`Website of row ${index + 1}`}
                    inputMode="numeric"
                    value={row.website_id}
                    onChange={(e) => update(index, { website_id: whole(e.target.value) })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Customer group of row ${index + 1}`}
                    inputMode="numeric"
                    value={row.customer_group_id}
                    onChange={(e) => update(index, { customer_group_id: whole(e.target.value) })}
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
