//! Connecting one's own Magento and ERP: the forms the connectors describe, saved (settings to
//! a configuration file, secrets to the OS keychain), then Test connection for both.

import { useEffect, useRef, useState } from "react";
import { ErrorBanner } from "../components/ErrorBanner";
import { TestResult } from "../components/TestResult";
import type {
  ConnectForms,
  ConnectionTest,
  ConnectorForm,
  IpcError,
  MagentoAuthKind,
  SecretSpec,
  SettingSpec,
} from "../lib/ipc/bindings";
import { toIpcError } from "../lib/ipc/backend";
import { useBackend } from "../lib/ipc/context";
import { useLoad } from "../lib/useLoad";

type Values = Record<string, string>;

export function Connect({ onBack, onConnected }: { onBack: () => void; onConnected: () => void }) {
  const backend = useBackend();
  const forms = useLoad(() => backend.connectForms(), [backend]);
  if (forms.data === null) {
    return (
      <main className="welcome">
        <h1>Connect your systems</h1>
        {forms.error !== null ? <ErrorBanner error={forms.error} onRetry={forms.reload} /> : <p className="muted">Loading…</p>}
      </main>
    );
  }
  return <ConnectForm forms={forms.data} onBack={onBack} onConnected={onConnected} />;
}

function ConnectForm({ forms, onBack, onConnected }: { forms: ConnectForms; onBack: () => void; onConnected: () => void }) {
  const backend = useBackend();
  const [baseUrl, setBaseUrl] = useState("");
  const [storeCode, setStoreCode] = useState("all");
  const [auth, setAuth] = useState<MagentoAuthKind>(forms.sign_in_methods[0]?.auth ?? "oauth1");
  const [adminUser, setAdminUser] = useState("");
  const [magentoSecrets, setMagentoSecrets] = useState<Values>({});
  const [kind, setKind] = useState(forms.counterparts[0]?.kind ?? "");
  const [settings, setSettings] = useState<Values>({});
  const [erpSecrets, setErpSecrets] = useState<Values>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [tests, setTests] = useState<ConnectionTest[] | null>(null);

  const method = forms.sign_in_methods.find((m) => m.auth === auth);
  const connector = forms.counterparts.find((c) => c.kind === kind);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const results = await backend.connectSystems({
        magento: { base_url: baseUrl, store_code: storeCode, auth, admin_username: adminUser, secrets: magentoSecrets },
        counterpart: { kind, settings, secrets: erpSecrets },
      });
      setTests(results);
      // What was typed is in the keychain now; the fields need not keep it.
      setMagentoSecrets({});
      setErpSecrets({});
    } catch (reason) {
      setError(toIpcError(reason));
    } finally {
      setSaving(false);
    }
  }

  async function testAgain() {
    setSaving(true);
    setError(null);
    try {
      setTests(await backend.testConnections());
    } catch (reason) {
      setError(toIpcError(reason));
    } finally {
      setSaving(false);
    }
  }

  const allPassed = tests !== null && tests.every((t) => t.report.problem === null);
  const results = useRef<HTMLElement>(null);
  // The results appear below a long form: bring them into view.
  useEffect(() => {
    if (tests !== null) results.current?.scrollIntoView?.({ block: "start" });
  }, [tests]);

  return (
    <main className="connect">
      <h1>Connect your systems</h1>
      <p className="welcome-lead">
        Driftwatch only reads from your systems. The settings are saved to a file on this computer; passwords and keys go
        to the computer's keychain and are never shown again. Leave a secret blank to keep the one already saved.
      </p>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset className="connect-section">
          <legend>Your Magento store</legend>
          <TextField
            id="magento-base-url"
            label="Shop address"
            help="The address of your shop, for example https://shop.example.com."
            value={baseUrl}
            onChange={setBaseUrl}
            required
          />
          <TextField
            id="magento-store-code"
            label="Store code"
            help={'"all" reads every store view; or the code of one store view, for example "default".'}
            value={storeCode}
            onChange={setStoreCode}
          />
          <div className="field" role="radiogroup" aria-label="How Driftwatch signs in">
            <span className="field-label">How Driftwatch signs in</span>
            {forms.sign_in_methods.map((m) => (
              <label key={m.auth} className="choice">
                <input
                  type="radio"
                  name="magento-auth"
                  value={m.auth}
                  data-testid={`magento-auth-${m.auth}`}
                  checked={auth === m.auth}
                  onChange={() => setAuth(m.auth)}
                />
                <span>
                  <strong>{m.label}</strong>
                  <span className="hint"> {m.sentence}</span>
                </span>
              </label>
            ))}
          </div>
          {auth === "admin" && (
            <TextField id="magento-admin-username" label="Admin user name" value={adminUser} onChange={setAdminUser} required />
          )}
          {method?.secrets.map((secret) => (
            <SecretField
              key={`${auth}-${secret.name}`}
              id={`magento-secret-${secret.name}`}
              spec={secret}
              value={magentoSecrets[secret.name] ?? ""}
              onChange={(value) => setMagentoSecrets({ ...magentoSecrets, [secret.name]: value })}
            />
          ))}
        </fieldset>

        <fieldset className="connect-section">
          <legend>Your ERP</legend>
          <div className="field">
            <label className="field-label" htmlFor="erp-kind">
              System
            </label>
            <select id="erp-kind" data-testid="erp-kind" value={kind} onChange={(event) => setKind(event.target.value)}>
              {forms.counterparts.map((c) => (
                <option key={c.kind} value={c.kind}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          {connector !== undefined && (
            <ConnectorFields
              connector={connector}
              settings={settings}
              onSetting={(key, value) => setSettings({ ...settings, [key]: value })}
              secrets={erpSecrets}
              onSecret={(name, value) => setErpSecrets({ ...erpSecrets, [name]: value })}
            />
          )}
        </fieldset>

        {error !== null && <ErrorBanner error={error} onDismiss={() => setError(null)} />}

        <div className="connect-actions">
          <button type="button" className="button button-quiet" onClick={onBack} disabled={saving}>
            Back
          </button>
          <button type="submit" className="button button-primary" data-testid="connect-save" disabled={saving}>
            {saving ? "Saving and testing…" : "Save and test connections"}
          </button>
        </div>
      </form>

      {tests !== null && (
        <section ref={results} className="connect-results" aria-label="Test results" data-testid="connect-results">
          <h2>{allPassed ? "Both connections work" : "Something needs fixing"}</h2>
          {tests.map((test) => (
            <TestResult key={test.id} test={test} />
          ))}
          {allPassed && (
            <p className="hint">
              Next: under <strong>Mapping</strong>, match your Magento sources with the ERP's locations and choose the price
              lists to compare (suggestions are offered).
            </p>
          )}
          <div className="connect-actions">
            <button type="button" className="button button-quiet" onClick={() => void testAgain()} disabled={saving}>
              Test again
            </button>
            <button
              type="button"
              className={`button ${allPassed ? "button-primary" : "button-quiet"}`}
              data-testid="connect-continue"
              onClick={onConnected}
              disabled={saving}
            >
              {allPassed ? "Continue to the overview" : "Continue anyway"}
            </button>
          </div>
        </section>
      )}
    </main>
  );
}

function ConnectorFields({
  connector,
  settings,
  onSetting,
  secrets,
  onSecret,
}: {
  connector: ConnectorForm;
  settings: Values;
  onSetting: (key: string, value: string) => void;
  secrets: Values;
  onSecret: (name: string, value: string) => void;
}) {
  const required = connector.settings.filter((s) => s.required);
  const optional = connector.settings.filter((s) => !s.required);
  return (
    <>
      {required.map((spec) => (
        <SettingField key={spec.key} spec={spec} value={settings[spec.key] ?? ""} onChange={(v) => onSetting(spec.key, v)} />
      ))}
      {connector.secrets.map((secret) => (
        <SecretField
          key={secret.name}
          id={`erp-secret-${secret.name}`}
          spec={secret}
          value={secrets[secret.name] ?? ""}
          onChange={(value) => onSecret(secret.name, value)}
        />
      ))}
      {optional.length > 0 && (
        <details className="connect-more">
          <summary>More settings (the defaults suit most companies)</summary>
          {optional.map((spec) => (
            <SettingField key={spec.key} spec={spec} value={settings[spec.key] ?? ""} onChange={(v) => onSetting(spec.key, v)} />
          ))}
        </details>
      )}
    </>
  );
}

function SettingField({ spec, value, onChange }: { spec: SettingSpec; value: string; onChange: (value: string) => void }) {
  const id = `erp-setting-${spec.key}`;
  if (spec.kind.type === "bool") {
    const checked = (value === "" ? spec.default : value) === "true";
    return (
      <div className="field">
        <label className="choice">
          <input type="checkbox" id={id} data-testid={id} checked={checked} onChange={(e) => onChange(e.target.checked ? "true" : "false")} />
          <strong>{spec.label}</strong>
        </label>
        {spec.help !== "" && <p className="hint">{spec.help}</p>}
      </div>
    );
  }
  return (
    <TextField
      id={id}
      label={spec.label}
      help={spec.help}
      value={value}
      onChange={onChange}
      required={spec.required}
      placeholder={spec.default ?? undefined}
      numeric={spec.kind.type === "integer"}
    />
  );
}

function TextField({
  id,
  label,
  help,
  value,
  onChange,
  required = false,
  placeholder,
  numeric = false,
}: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  placeholder?: string;
  numeric?: boolean;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="required"> (required)</span>}
      </label>
      <input
        id={id}
        data-testid={id}
        type="text"
        inputMode={numeric ? "numeric" : undefined}
        value={value}
        placeholder={placeholder}
        required={required}
        onChange={(event) => onChange(event.target.value)}
      />
      {help !== undefined && help !== "" && <p className="hint">{help}</p>}
    </div>
  );
}

function SecretField({ id, spec, value, onChange }: { id: string; spec: SecretSpec; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {spec.label}
      </label>
      <input id={id} data-testid={id} type="password" autoComplete="off" value={value} onChange={(event) => onChange(event.target.value)} />
      {spec.help !== "" && <p className="hint">{spec.help}</p>}
    </div>
  );
}
