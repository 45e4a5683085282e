//! Magento SKUs and the ERP's item numbers where they differ: what only one side holds (from
//! the latest stock snapshot), the rows in the file with a filter, one row added by hand, or
//! many imported from a CSV file.

import { useState } from "react";
import type { FieldProblem, Link, UnmatchedItems } from "../../lib/ipc/bindings";
import { mergeLinks, parseSkuCsv } from "../../lib/skuCsv";
import { FieldMessages } from "./problems";
import { RemoveCell, RemoveHeader, without } from "./rows";

type Props = {
  links: Link[];
  unmatched: UnmatchedItems | null;
  erpName: string;
  problems: readonly FieldProblem[];
  onChange: (links: Link[]) => void;
};

/** Rows drawn at once; the filter finds the others. */
const SHOWN = 200;

export function Skus({ links, unmatched, erpName, problems, onChange }: Props) {
  const [filter, setFilter] = useState("");
  const [magento, setMagento] = useState("");
  const [erp, setErp] = useState("");
  const [imported, setImported] = useState<string | null>(null);
  const needle = filter.trim().toLowerCase();
  const rows = links
    .map((link, index) => ({ link, index }))
    .filter(({ link }) => needle === "" || `${link.magento} ${link.erp}`.toLowerCase().includes(needle));

  async function importFile(file: File) {
    const parsed = parseSkuCsv(await file.text());
    const merged = mergeLinks(links, parsed.links);
    onChange(merged.links);
    const skipped = parsed.skipped.map((s) => `line ${s.line} ${s.reason}`).join("; ");
    setImported(
      `Read ${parsed.links.length} rows from ${file.name}` +
        (merged.replaced > 0 ? `, ${merged.replaced} of them replacing a row already here` : "") +
        (skipped !== "" ? `. Not read: ${skipped}` : "") +
        ". Save to keep them.",
    );
  }

  return (
    <section className="mapping-section" aria-labelledby="mapping-skus">
      <h2 id="mapping-skus">Items</h2>
      <p className="hint">
        Items are matched by SKU = {erpName} item number. List only the items whose numbers differ.
      </p>
      {unmatched === null ? (
        <p className="muted">Take a snapshot to see which items only one side has.</p>
      ) : (
        <ul className="unmatched" data-testid="unmatched-items">
          <li>
            <strong>{unmatched.magento_only}</strong> items only in Magento
            {unmatched.magento_examples.length > 0 && <span className="muted">: {unmatched.magento_examples.slice(0, 8).join(", ")}</span>}
          </li>
          <li>
            <strong>{unmatched.erp_only}</strong> items only in {erpName}
            {unmatched.erp_examples.length > 0 && <span className="muted">: {unmatched.erp_examples.slice(0, 8).join(", ")}</span>}
          </li>
        </ul>
      )}
      <div className="mapping-tools">
        <label className="field-search">
          <span className="visually-hidden">Filter items</span>
          <input type="search" placeholder="Filter SKUs and item numbers" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label className="button">
          Import CSV…
          <input
            type="file"
            accept=".csv,.txt,text/csv"
            className="visually-hidden"
            data-testid="sku-csv"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void importFile(file);
              event.target.value = "";
            }}
          />
        </label>
      </div>
      {imported !== null && (
        <p className="hint" role="status" data-testid="sku-import">
          {imported}
        </p>
      )}
      <FieldMessages problems={problems} field="skus" />
      <div className="table-scroll">
        <table className="data-table" data-testid="skus-table">
          <thead>
            <tr>
              <th scope="col">Magento SKU</th>
              <th scope="col">{erpName} item number</th>
              <RemoveHeader />
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map(({ link, index }) => (
              <tr key={`${index}-${link.magento}`}>
                <th scope="row">{link.magento}</th>
                <td>{link.erp}</td>
                <RemoveCell label={`Remove ${link.magento}`} onRemove={() => onChange(without(links, index))} />
              </tr>
            ))}
            <tr>
              <td>
                <input aria-label="New Magento SKU" placeholder="Magento SKU" value={magento} onChange={(e) => setMagento(e.target.value)} />
              </td>
              <td>
                <input aria-label={`New ${erpName} item number`} placeholder="Item number" value={erp} onChange={(e) => setErp(e.target.value)} />
              </td>
              <td>
                <button
                  type="button"
                  className="button"
                  disabled={magento.trim() === "" || erp.trim() === ""}
                  onClick={() => {
                    onChange(mergeLinks(links, [{ magento: magento.trim(), erp: erp.trim() }]).links);
                    setMagento("");
                    setErp("");
                  }}
                >
                  Add
                </button>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN && (
        <p className="hint">
          {SHOWN} of {rows.length} rows shown; filter to find the others.
        </p>
      )}
    </section>
  );
}
