//! Magento sources and the ERP locations their stock is compared with: the live lists, how
//! many items each holds, a suggestion where one looks right, and the locations left over.
//! A source or location can be left out of the comparison on purpose (a returns bin, stock
//! in transit): it is then neither compared nor reported as not mapped.

import type { FieldProblem, Link, MappingChoices } from "../../lib/ipc/bindings";
import { FieldMessages } from "./problems";

export type StockPlaces = {
  links: Link[];
  excludedSources: string[];
  excludedLocations: string[];
};

type Props = {
  places: StockPlaces;
  choices: MappingChoices | null;
  erpName: string;
  problems: readonly FieldProblem[];
  onChange: (places: StockPlaces) => void;
};

/** A location with the source's own code is compared without a row in the file. */
const SAME_CODE = "";
/** The select's value for a source left out of the comparison (no location code is empty). */
const LEFT_OUT = "\u0000left-out";

export function StockSources({ places, choices, erpName, problems, onChange }: Props) {
  const { links, excludedSources, excludedLocations } = places;
  const mapped = new Map(links.map((l) => [l.magento, l.erp] as const));
  const locations = choices?.locations ?? [];
  const liveSources = choices?.sources ?? [];
  // Sources in the file that Magento no longer lists stay visible, so they can be removed.
  const sources = [
    ...liveSources,
    ...links.filter((l) => !liveSources.some((s) => s.code === l.magento)).map((l) => ({ code: l.magento, name: "", items: null })),
  ];
  const suggestions = (choices?.suggestions ?? []).filter((s) => !mapped.has(s.magento) && !excludedSources.includes(s.magento));
  const comparedWith = (code: string) => mapped.get(code) ?? (locations.some((l) => l.code === code) ? code : null);
  const leftOver = locations.filter((l) => !sources.some((s) => comparedWith(s.code) === l.code));
  // Locations excluded in the file that the ERP no longer lists stay visible, so they can be taken back.
  const unmappedLocations = [
    ...leftOver,
    ...excludedLocations.filter((c) => !leftOver.some((l) => l.code === c)).map((code) => ({ code, name: "", items: null })),
  ];

  function set(source: string, location: string) {
    const rest = links.filter((l) => l.magento !== source);
    const others = excludedSources.filter((c) => c !== source);
    if (location === LEFT_OUT) {
      onChange({ ...places, links: rest, excludedSources: [...others, source] });
    } else {
      onChange({ ...places, links: location === SAME_CODE ? rest : [...rest, { magento: source, erp: location }], excludedSources: others });
    }
  }

  function leaveOut(location: string, out: boolean) {
    const others = excludedLocations.filter((c) => c !== location);
    onChange({ ...places, excludedLocations: out ? [...others, location] : others });
  }

  return (
    <section className="mapping-section" aria-labelledby="mapping-sources">
      <h2 id="mapping-sources">Stock locations</h2>
      <p className="hint">
        Each Magento source is compared with one {erpName} location. A source without a location is reported once as not
        mapped, with what it holds. Stock you do not want compared (a returns bin, goods in transit) can be left out.
      </p>
      {suggestions.length > 0 && (
        <div className="banner banner-warning" role="status">
          <div className="banner-text">
            {suggestions.length === 1 ? "One source looks like" : `${suggestions.length} sources look like`} a {erpName}{" "}
            location: {suggestions.map((s) => `${s.magento} → ${s.erp}`).join(", ")}.
          </div>
          <div className="banner-actions">
            <button
              type="button"
              className="button"
              data-testid="apply-suggestions"
              onClick={() => onChange({ ...places, links: [...links, ...suggestions] })}
            >
              Use {suggestions.length === 1 ? "it" : "them"}
            </button>
          </div>
        </div>
      )}
      <FieldMessages problems={problems} field="sources" />
      <div className="table-scroll">
        <table className="data-table" data-testid="sources-table">
          <thead>
            <tr>
              <th scope="col">Magento source</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col">{erpName} location</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => {
              const excluded = excludedSources.includes(s.code);
              const value = excluded ? LEFT_OUT : (mapped.get(s.code) ?? SAME_CODE);
              const sameCodeExists = locations.some((l) => l.code === s.code);
              const suggestion = suggestions.find((x) => x.magento === s.code);
              const missingLive = choices !== null && !liveSources.some((x) => x.code === s.code);
              return (
                <tr key={s.code}>
                  <th scope="row">
                    <code>{s.code}</code> {s.name !== "" && s.name !== s.code && <span className="muted">{s.name}</span>}
                    {missingLive && <span className="muted"> (Magento no longer lists it)</span>}
                  </th>
                  <td className="num">{s.items ?? "–"}</td>
                  <td>
                    <select
                      aria-label={`${erpName} location for ${s.code}`}
                      data-testid={`source-${s.code}`}
                      value={value}
                      onChange={(event) => set(s.code, event.target.value)}
                    >
                      <option value={SAME_CODE}>{sameCodeExists ? `${s.code} (same code)` : "— not mapped —"}</option>
                      {locations
                        .filter((l) => l.code !== s.code || value === l.code)
                        .map((l) => (
                          <option key={l.code} value={l.code}>
                            {l.code}
                            {l.name !== "" && l.name !== l.code ? ` — ${l.name}` : ""}
                          </option>
                        ))}
                      {value !== SAME_CODE && value !== LEFT_OUT && !locations.some((l) => l.code === value) && (
                        <option value={value}>{value}</option>
                      )}
                      <option value={LEFT_OUT}>Left out: not compared</option>
                    </select>
                    {suggestion !== undefined && <span className="hint"> looks like {suggestion.erp}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {unmappedLocations.length > 0 && (
        <div data-testid="unmapped-locations">
          <p className="hint">
            {erpName} locations no source is compared with. Their stock is reported once per location as not mapped, unless
            you leave it out:
          </p>
          <ul className="plain-list">
            {unmappedLocations.map((l) => (
              <li key={l.code}>
                <label>
                  <input
                    type="checkbox"
                    data-testid={`leave-out-${l.code}`}
                    checked={excludedLocations.includes(l.code)}
                    onChange={(event) => leaveOut(l.code, event.target.checked)}
                  />{" "}
                  Leave <code>{l.code}</code> out
                  {l.name !== "" && l.name !== l.code && <span className="muted"> {l.name}</span>}
                  {l.items !== null && <span className="muted"> ({l.items} items)</span>}
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
