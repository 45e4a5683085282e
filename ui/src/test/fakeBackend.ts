//! A `Backend` test double: canned answers, recorded calls, progress events on demand.
//! Only test files import it.

import type { Backend } from "../lib/ipc/backend";
import type {
  AppState,
  ConnectForms,
  ConnectRequest,
  ConnectionState,
  ConnectionTest,
  MappingChoices,
  MismatchDetail,
  MismatchRow,
  Overview,
  Progress,
  ReconSummary,
  RulesDocument,
  RulesForm,
  RulesSaved,
  SnapshotRunView,
  StockHistory,
} from "../lib/ipc/bindings";

/** The key fields of a stock mismatch of `sku` at `source`, as the shell sends them. */
export function stockAt(sku: string, source: string): Pick<MismatchRow, "entity" | "key" | "key_parts"> {
  return { entity: "stock", key: `${sku}@${source}`, key_parts: { entity: "stock", sku, source } };
}

export function mismatch(id: number, fields: Partial<MismatchRow> = {}): MismatchRow {
  return {
    id,
    ...stockAt(`SKU-${id}`, "WH-A"),
    kind: "qty_mismatch",
    magento: "10",
    erp: "12",
    delta: "-2",
    value_at_risk: "20.00",
    currency: "EUR",
    first_seen: "2026-11-20T08:00:00Z",
    last_seen: "2026-11-23T08:00:00Z",
    age_days: 3,
    occurrences: 4,
    state: "open",
    note: null,
    actor: null,
    ...fields,
  };
}

export const EMPTY_OVERVIEW: Overview = {
  orders_missing: { count: 0, value: "0", currency: null, other_currencies: 0 },
  stock_drift: {
    skus: 0,
    units: "0",
    value_at_risk: [],
    compared_quantity: "quantity on hand",
    unmapped_places: 0,
    excluded_places: [],
    excluded_rows: null,
  },
  price_drift: { count: 0, skus: 0 },
  open_by_kind: [],
  last_snapshots: [],
  trend: [],
  control_totals: [],
  control_totals_time_zones: ["UTC"],
  last_reconciled_at: null,
};

type Call = { method: keyof Backend; args: unknown[] };

export class FakeBackend implements Backend {
  calls: Call[] = [];
  state: AppState = { mode: "demo", config_path: null, data_dir: "/tmp/dw", erp_name: "Business Central", has_data: true, config_problem: null, demo_requested: false };
  rows: MismatchRow[] = [];
  overviewData: Overview = EMPTY_OVERVIEW;
  runs: SnapshotRunView[] = [];
  /** Set to make the next call of that method reject with it (once). */
  failNext: Partial<Record<keyof Backend, unknown>> = {};
  /** Resolves start_demo when called; set by the test. */
  demo: { resolve: (state: AppState) => void } | null = null;
  private listeners = new Set<(progress: Progress) => void>();

  private record<T>(method: keyof Backend, args: unknown[], answer: () => T | Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    const failure = this.failNext[method];
    if (failure !== undefined) {
      delete this.failNext[method];
      return Promise.reject(failure);
    }
    return Promise.resolve().then(answer);
  }

  callsOf(method: keyof Backend): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  emit(progress: Progress): void {
    for (const listener of this.listeners) listener(progress);
  }

  appState() {
    return this.record("appState", [], () => this.state);
  }
  startDemo() {
    return this.record(
      "startDemo",
      [],
      () =>
        new Promise<AppState>((resolve) => {
          this.demo = { resolve };
        }),
    );
  }
  forms: ConnectForms = {
    sign_in_methods: [
      {
        auth: "oauth1",
        label: "Integration keys (OAuth 1.0a)",
        sentence: "Recommended.",
        secrets: [
          { name: "consumer-key", label: "Consumer key", help: "" },
          { name: "consumer-secret", label: "Consumer secret", help: "" },
          { name: "access-token", label: "Access token", help: "" },
          { name: "access-token-secret", label: "Access token secret", help: "" },
        ],
      },
      {
        auth: "integration-token",
        label: "Integration access token",
        sentence: "Needs bearer tokens switched on.",
        secrets: [{ name: "token", label: "Integration access token", help: "" }],
      },
      { auth: "admin", label: "Admin user", sentence: "Not with two-factor authentication.", secrets: [{ name: "password", label: "Admin password", help: "" }] },
    ],
    counterparts: [
      {
        kind: "business-central",
        name: "Business Central",
        settings: [
          { key: "tenant", label: "Tenant", help: "Entra tenant id", kind: { type: "text" }, required: true, default: null },
          { key: "extension", label: "Driftwatch extension installed", help: "", kind: { type: "bool" }, required: false, default: "true" },
          { key: "page_size", label: "Rows per page", help: "", kind: { type: "integer", min: 1, max: 20000 }, required: false, default: "1000" },
        ],
        secrets: [{ name: "client-secret", label: "Client secret", help: "" }],
      },
    ],
  };
  tests: ConnectionTest[] = [];

  connectForms() {
    return this.record("connectForms", [], () => this.forms);
  }
  connectSystems(request: ConnectRequest) {
    return this.record("connectSystems", [request], () => this.tests);
  }
  testConnections() {
    return this.record("testConnections", [], () => this.tests);
  }
  connectionStates: ConnectionState[] = [
    {
      id: "magento",
      kind: "magento",
      name: "Magento",
      endpoint: "https://shop.example.com",
      entities: ["orders", "stock", "prices"],
      secrets: [{ name: "token", label: "Integration access token", help: "", env_var: "DRIFTWATCH_MAGENTO_TOKEN", state: "keychain", detail: "from the OS keychain" }],
      last_test: { tested_at: "2026-12-06T08:00:00Z", report: { found: [{ label: "Orders", value: "1180" }], problem: null } },
    },
    {
      id: "erp",
      kind: "business-central",
      name: "Business Central",
      endpoint: "https://api.businesscentral.dynamics.com/v2.0/contoso/production/api/v2.0",
      entities: ["orders", "stock", "prices"],
      secrets: [
        {
          name: "client-secret",
          label: "Client secret",
          help: "Certificates & secrets of the app registration.",
          env_var: "DRIFTWATCH_ERP_CLIENT_SECRET",
          state: "missing",
          detail: "no Client secret of connection `erp` is stored.",
        },
      ],
      last_test: null,
    },
  ];
  /** Secret values saved, by "connection/secret" (tests check what was sent). */
  savedSecrets = new Map<string, string>();

  connections() {
    return this.record("connections", [], () => this.connectionStates);
  }
  private setSecretState(connection: string, secret: string, state: "keychain" | "missing") {
    this.connectionStates = this.connectionStates.map((c) =>
      c.id !== connection
        ? c
        : {
            ...c,
            secrets: c.secrets.map((s) =>
              s.name !== secret ? s : { ...s, state, detail: state === "keychain" ? "from the OS keychain" : `no ${s.label} is stored.` },
            ),
          },
    );
    return this.connectionStates;
  }
  saveSecret(connection: string, secret: string, value: string) {
    return this.record("saveSecret", [connection, secret], () => {
      this.savedSecrets.set(`${connection}/${secret}`, value);
      return this.setSecretState(connection, secret, "keychain");
    });
  }
  deleteSecret(connection: string, secret: string) {
    return this.record("deleteSecret", [connection, secret], () => {
      this.savedSecrets.delete(`${connection}/${secret}`);
      return this.setSecretState(connection, secret, "missing");
    });
  }
  document: RulesDocument = {
    form: {
      sources: [{ magento: "default", erp: "MAIN" }],
      excluded_sources: [],
      excluded_locations: [],
      skus: [{ magento: "MT07-M-Gray", erp: "1000-GRAY-M" }],
      price_lists: [{ website_id: 1, customer_group_id: 32000, price: "base", price_list: "RETAIL" }],
      orders: {
        eligible_states: ["processing", "complete", "closed"],
        grace_minutes: "30",
        total_tolerance: { absolute: "0.01", percent: "0" },
        strip_prefix: "",
        strip_leading_zeros: false,
        statuses: [
          { status: "canceled", erp_states: ["canceled"] },
          { status: "processing", erp_states: ["open", "invoiced", "shipped"] },
        ],
      },
      stock: { erp_quantity: "on-hand", qty_tolerance: { absolute: "0", percent: "0" } },
      prices: { price_tolerance: { absolute: "0", percent: "0" } },
    },
    version: "v1",
    path: "/home/anna/.config/driftwatch/config.toml",
    erp_name: "Business Central",
    available_stock_offered: false,
  };
  choices: MappingChoices = {
    sources: [
      { code: "default", name: "Default Source", items: 120 },
      { code: "wh-east", name: "East Warehouse", items: 118 },
    ],
    locations: [
      { code: "MAIN", name: "Default Source", items: 120 },
      { code: "EAST", name: "East Warehouse", items: 118 },
      { code: "OUTLET", name: "Outlet Store", items: 7 },
    ],
    price_lists: ["RETAIL", "SPECIAL"],
    websites: [{ code: "1", name: "Main Website", items: null }],
    customer_groups: [
      { code: "0", name: "NOT LOGGED IN", items: null },
      { code: "1", name: "General", items: null },
    ],
    suggestions: [{ magento: "wh-east", erp: "EAST" }],
    problems: [],
    unmatched: { magento_only: 0, erp_only: 2, magento_examples: [], erp_examples: ["SKU-000031", "SKU-000032"] },
  };

  rulesDocument() {
    return this.record("rulesDocument", [], () => this.document);
  }
  mappingChoices() {
    return this.record("mappingChoices", [], () => this.choices);
  }
  /** Refuses a grace period that is not a whole number, as the engine does; saves otherwise. */
  saveRules(version: string, form: RulesForm) {
    return this.record("saveRules", [version, form], (): RulesSaved => {
      if (!/^\d+$/.test(form.orders.grace_minutes.trim())) {
        return {
          problems: [{ field: "orders.grace_minutes", message: "`recon.orders.grace_minutes`: write a whole number of minutes" }],
          document: null,
        };
      }
      this.document = { ...this.document, form, version: `${this.document.version}+` };
      return { problems: [], document: this.document };
    });
  }
  overview() {
    return this.record("overview", [], () => this.overviewData);
  }
  mismatches(query: Parameters<Backend["mismatches"]>[0]) {
    return this.record("mismatches", [query], () => this.rows.filter((row) => query.entity === null || row.entity === query.entity));
  }
  exports: { fileName: string; ids: number[] }[] = [];

  exportMismatches(ids: number[], fileName: string) {
    return this.record("exportMismatches", [ids, fileName], () => {
      this.exports.push({ fileName, ids });
      return `/home/anna/Downloads/${fileName}`;
    });
  }

  mismatchDetail(id: number) {
    return this.record("mismatchDetail", [id], (): MismatchDetail => {
      const row = this.rows.find((candidate) => candidate.id === id);
      if (row === undefined) throw { code: "not_found", message: "That mismatch no longer exists." };
      return {
        mismatch: row,
        fields: [
          { label: "Quantity", magento: row.magento, erp: row.erp, differs: true },
          { label: "Status", magento: "in stock", erp: "in stock", differs: false },
        ],
        magento_raw: '{\n  "sku": "SKU"\n}',
        erp_raw: null,
        history: [{ at: row.first_seen, event: "opened", state: "open", note: null, actor: null }],
      };
    });
  }
  decideMismatch(id: number, decision: "acknowledged" | "ignored", note: string) {
    return this.record("decideMismatch", [id, decision, note], () => {
      const row = this.rows.find((candidate) => candidate.id === id);
      if (row === undefined) throw { code: "not_found", message: "That mismatch no longer exists." };
      const decided: MismatchRow = { ...row, state: decision, note, actor: "anna" };
      this.rows = this.rows.map((candidate) => (candidate.id === id ? decided : candidate));
      return decided;
    });
  }
  stockHistory(sku: string, source: string) {
    return this.record("stockHistory", [sku, source], (): StockHistory => ({ sku, source, points: [], mismatch: null }));
  }
  snapshotRuns(limit: number) {
    return this.record("snapshotRuns", [limit], () => this.runs.slice(0, limit));
  }
  snapshotNow() {
    return this.record("snapshotNow", [], (): SnapshotRunView => {
      throw { code: "busy", message: "A snapshot is already running. Wait for it to finish." };
    });
  }
  reconcileNow() {
    return this.record(
      "reconcileNow",
      [],
      (): ReconSummary => ({ opened: 0, reopened: 0, still_open: 0, resolved: 0, transients: 0, partial: false, labels: [] }),
    );
  }
  onProgress(listener: (progress: Progress) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
