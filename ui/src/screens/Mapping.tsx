//! The mapping and rules editor: how Magento's names match the ERP's and when a difference
//! counts, offered against what the live systems hold, saved into the configuration file
//! (keeping its comments). The change applies from the next reconciliation.

import { useEffect, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import type { FieldProblem, IpcError, RulesDocument, RulesForm } from "../lib/ipc/bindings";
import { toIpcError } from "../lib/ipc/backend";
import { useBackend } from "../lib/ipc/context";
import { useLoad } from "../lib/useLoad";
import { PriceLists } from "./mapping/PriceLists";
import { Rules } from "./mapping/Rules";
import { Skus } from "./mapping/Skus";
import { StockSources } from "./mapping/StockSources";

export function Mapping({ erpName }: { erpName: string | null }) {
  const backend = useBackend();
  const document = useLoad(() => backend.rulesDocument(), [backend]);
  if (document.data === null) {
    return (
      <section className="screen">
        <h1>Mapping and rules</h1>
        {document.error !== null ? <ErrorBanner error={document.error} onRetry={document.reload} /> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  return <Editor key={document.data.version} initial={document.data} erpName={erpName ?? document.data.erp_name ?? "the ERP"} />;
}

function Editor({ initial, erpName }: { initial: RulesDocument; erpName: string }) {
  const backend = useBackend();
  const choices = useLoad(() => backend.mappingChoices(), [backend]);
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState<RulesForm>(initial.form);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(false);
  const changed = JSON.stringify(form) !== JSON.stringify(saved.form);

  useEffect(() => {
    if (changed) setDone(false);
  }, [changed]);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const answer = await backend.saveRules(saved.version, form);
      setProblems(answer.problems);
      if (answer.document !== null) {
        setSaved(answer.document);
        setForm(answer.document.form);
        setDone(true);
        choices.reload();
      }
    } catch (reason) {
      setError(toIpcError(reason));
    } finally {
      setSaving(false);
    }
  }

  const general = problems.filter((p) => p.field === "").map((p) => p.message);
  return (
    <section className="screen mapping" data-testid="mapping-screen">
      <h1>Mapping and rules</h1>
      <p className="welcome-lead">
        How Magento's names match {erpName}'s, and when a difference counts. Saved to <code>{saved.path}</code>; a change
        applies from the next reconciliation.
      </p>
      {choices.error !== null && <ErrorBanner error={choices.error} onRetry={choices.reload} />}
      {choices.data?.problems.map((p) => (
        <div key={p} className="banner banner-warning" role="status">
          <div className="banner-text">{p}</div>
        </div>
      ))}
      {choices.data === null && choices.error === null && <p className="muted">Reading sources and locations from your systems…</p>}

      <StockSources
        places={{ links: form.sources, excludedSources: form.excluded_sources, excludedLocations: form.excluded_locations }}
        choices={choices.data}
        erpName={erpName}
        problems={problems}
        onChange={(places) =>
          setForm({ ...form, sources: places.links, excluded_sources: places.excludedSources, excluded_locations: places.excludedLocations })
        }
      />
      <Skus
        links={form.skus}
        unmatched={choices.data?.unmatched ?? null}
        erpName={erpName}
        problems={problems}
        onChange={(skus) => setForm({ ...form, skus })}
      />
      <PriceLists
        rows={form.price_lists}
        lists={choices.data?.price_lists ?? []}
        websites={choices.data?.websites ?? []}
        groups={choices.data?.customer_groups ?? []}
        erpName={erpName}
        problems={problems}
        onChange={(price_lists) => setForm({ ...form, price_lists })}
      />
      <Rules form={form} erpName={erpName} availableOffered={saved.available_stock_offered} problems={problems} onChange={setForm} />

      <div className="save-bar">
        {error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
        {problems.length > 0 && (
          <div className="banner banner-error" role="alert" data-testid="save-problems">
            <div className="banner-text">
              Not saved: {problems.length === 1 ? "one thing needs" : `${problems.length} things need`} fixing
              {general.length > 0 ? `. ${general.join(" ")}` : " (marked below each field)."}
            </div>
          </div>
        )}
        {done && !changed && (
          <div className="banner banner-success" role="status" data-testid="save-done">
            <div className="banner-text">Saved. The next reconciliation uses it: take a snapshot or reconcile to see the effect.</div>
          </div>
        )}
        <button type="button" className="button button-primary" data-testid="save-rules" disabled={!changed || saving} onClick={() => void save()}>
          {saving ? "Saving…" : "Save"}
        </button>{" "}
        <button
          type="button"
          className="button button-quiet"
          disabled={!changed || saving}
          onClick={() => {
            setForm(saved.form);
            setProblems([]);
          }}
        >
          Discard changes
        </button>
      </div>
    </section>
  );
}
