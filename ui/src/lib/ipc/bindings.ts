// Generated from the Rust types by src-tauri/src/bindings.rs: do not edit.
// Regenerate: DRIFTWATCH_WRITE_BINDINGS=1 cargo test -p driftwatch-desktop bindings
// Money and quantities are decimal strings; timestamps RFC 3339 UTC; days YYYY-MM-DD.

export type Entity = "orders" | "stock" | "prices";

export type System = "magento" | "erp";

export type MismatchEntity = "order" | "stock" | "price";

export type MismatchKind = "missing_in_erp" | "missing_in_magento" | "duplicate_in_erp" | "total_mismatch" | "currency_mismatch" | "line_mismatch" | "status_mismatch" | "qty_mismatch" | "unmapped_location" | "price_mismatch" | "special_price_mismatch" | "tier_price_mismatch";

export type MismatchState = "open" | "resolved" | "acknowledged" | "ignored" | "replayed";

export type MismatchKey = { "entity": "order", increment_id: string, } | { "entity": "stock", sku: string, source: string, } | { "entity": "place", system: System, code: string, } | { "entity": "price", sku: string, point: PricePoint | null, };

export type PricePoint = { list: string, customer_group: number, qty: string, };

export type RunStatus = "running" | "complete" | "partial" | "failed";

export type PartStatus = "complete" | "partial" | "failed";

export type MagentoAuthKind = "integration-token" | "admin" | "oauth1";

export type SecretSpec = { 
/**
 * `client-secret`, `token`, ...: lower-case words joined by `-`.
 */
name: string, 
/**
 * "Client secret of the app registration"
 */
label: string, 
/**
 * Where the person finds it.
 */
help: string, };

export type SettingSpec = { key: string, label: string, help: string, kind: SettingKind, required: boolean, 
/**
 * The value used when the key is absent, as TOML would spell it.
 */
default: string | null, };

export type SettingKind = { "type": "text" } | { "type": "url" } | { "type": "bool" } | { "type": "integer", min: number, max: number, };

export type TestCode = "secret_missing" | "unreachable" | "tls_failure" | "credentials_rejected" | "two_factor_required" | "wrong_company" | "permission_missing" | "extension_missing" | "failed";

export type TestProblem = { code: TestCode, message: string, };

export type Found = { label: string, value: string, };

export type TestReport = { 
/**
 * What the connection sees, in the order it was checked ("Company": "CRONUS UK Ltd.").
 */
found: Array<Found>, 
/**
 * Why the test stopped; `None` when everything answered.
 */
problem: TestProblem | null, };

export type SignInMethod = { auth: MagentoAuthKind, label: string, 
/**
 * One sentence on when to choose it.
 */
sentence: string, secrets: Array<SecretSpec>, };

export type ConnectorForm = { kind: string, name: string, settings: Array<SettingSpec>, secrets: Array<SecretSpec>, };

export type ConnectForms = { sign_in_methods: Array<SignInMethod>, counterparts: Array<ConnectorForm>, };

export type MagentoForm = { base_url: string, store_code: string, auth: MagentoAuthKind, admin_username: string, 
/**
 * By secret name (`token`, `consumer-key`, ...).
 */
secrets: { [key in string]: string }, };

export type CounterpartForm = { kind: string, 
/**
 * By setting key, as typed ("true"/"false" for yes/no fields); blank means the default.
 */
settings: { [key in string]: string }, secrets: { [key in string]: string }, };

export type ConnectRequest = { magento: MagentoForm, counterpart: CounterpartForm, };

export type ConnectionTest = { id: string, 
/**
 * "Magento", "Business Central".
 */
name: string, endpoint: string, report: TestReport, };

export type LastTest = { tested_at: string, report: TestReport, };

export type SecretStatus = "environment" | "keychain" | "memory" | "missing" | "for_another_host" | "keychain_unavailable";

export type SecretState = { name: string, label: string, 
/**
 * Where the person finds it.
 */
help: string, 
/**
 * The environment variable that overrides the keychain.
 */
env_var: string, state: SecretStatus, 
/**
 * Where it was found, or what is wrong, in words.
 */
detail: string, };

export type ConnectionState = { id: string, 
/**
 * `magento`, `business-central`.
 */
kind: string, 
/**
 * "Magento", "Business Central".
 */
name: string, 
/**
 * Where reads go.
 */
endpoint: string, 
/**
 * The entities it is read for.
 */
entities: Array<Entity>, secrets: Array<SecretState>, 
/**
 * The last Test connection, `None` if never tested.
 */
last_test: LastTest | null, };

export type CanonicalStatus = "open" | "invoiced" | "shipped" | "complete" | "canceled" | "refunded";

export type PriceKind = "base" | "special" | "tier";

export type PriceListMapping = { 
/**
 * Magento website id (0 = all websites).
 */
website_id: number, 
/**
 * Magento customer group id (32000 = ALL GROUPS).
 */
customer_group_id: number, 
/**
 * What Magento stores there: base price, special price or tier prices.
 */
price: PriceKind, price_list: string, };

export type ErpQuantity = "on-hand" | "available";

export type Link = { magento: string, erp: string, };

export type ToleranceForm = { absolute: string, percent: string, };

export type StatusRow = { status: string, erp_states: Array<CanonicalStatus>, };

export type OrderRulesForm = { eligible_states: Array<string>, 
/**
 * Minutes, as typed.
 */
grace_minutes: string, total_tolerance: ToleranceForm, strip_prefix: string, strip_leading_zeros: boolean, statuses: Array<StatusRow>, };

export type StockRulesForm = { erp_quantity: ErpQuantity, qty_tolerance: ToleranceForm, };

export type PriceRulesForm = { price_tolerance: ToleranceForm, };

export type RulesForm = { 
/**
 * Magento source code -> ERP location code.
 */
sources: Array<Link>, 
/**
 * Magento sources left out of stock reconciliation on purpose (a returns bin, a
 * marketplace's own stock).
 */
excluded_sources: Array<string>, 
/**
 * ERP locations left out of stock reconciliation on purpose.
 */
excluded_locations: Array<string>, 
/**
 * Magento SKU -> ERP item number, where they differ.
 */
skus: Array<Link>, 
/**
 * (website, customer group, what Magento keeps there) -> ERP price list.
 */
price_lists: Array<PriceListMapping>, orders: OrderRulesForm, stock: StockRulesForm, prices: PriceRulesForm, };

export type RulesDocument = { form: RulesForm, 
/**
 * Which text of the file the form was read from: a save is refused when the file
 * changed underneath (someone edited it by hand meanwhile).
 */
version: string, 
/**
 * The file the rules are saved to.
 */
path: string, 
/**
 * The stock counterpart's name ("Business Central"), `None` without one.
 */
erp_name: string | null, 
/**
 * Whether `erp_quantity = "available"` can be chosen.
 */
available_stock_offered: boolean, };

export type FieldProblem = { field: string, message: string, };

export type Choice = { code: string, name: string, 
/**
 * Items it holds in the latest stock snapshot; `None` without one.
 */
items: number | null, };

export type UnmatchedItems = { magento_only: number, erp_only: number, magento_examples: Array<string>, erp_examples: Array<string>, };

export type MappingChoices = { sources: Array<Choice>, locations: Array<Choice>, price_lists: Array<string>, 
/**
 * Magento's websites and customer groups (code: the id the price mapping stores).
 */
websites: Array<Choice>, customer_groups: Array<Choice>, 
/**
 * A location for each source not mapped yet, where one looks like it.
 */
suggestions: Array<Link>, 
/**
 * Lists that could not be read live, in words (taken from the latest snapshot instead).
 */
problems: Array<string>, 
/**
 * `None` until both sides' stock has been snapshotted.
 */
unmatched: UnmatchedItems | null, };

export type RulesSaved = { problems: Array<FieldProblem>, document: RulesDocument | null, };

export type AppMode = "unconfigured" | "demo" | "configured";

export type AppState = { mode: AppMode, config_path: string | null, data_dir: string, 
/**
 * Why the configuration file cannot be used (it is then ignored until fixed).
 */
config_problem: string | null, 
/**
 * The configured ERP in words ("Business Central").
 */
erp_name: string | null, 
/**
 * Something was stored already: the dashboards have data to show.
 */
has_data: boolean, 
/**
 * Started with `--demo`: the UI opens the demo right away.
 */
demo_requested: boolean, };

export type ErrorCode = "not_configured" | "config_invalid" | "secret_missing" | "keychain_unavailable" | "credentials_rejected" | "unreachable" | "tls_failure" | "system_failed" | "busy" | "not_found" | "bad_input" | "internal";

export type IpcError = { code: ErrorCode, message: string, };

export type MismatchRow = { id: number, entity: MismatchEntity, kind: MismatchKind, 
/**
 * The key as people read it (`SKU@source`, ...): its identity.
 */
key: string, 
/**
 * The same key in its parts (SKU, source, price list...): read these, never split `key`.
 */
key_parts: MismatchKey, magento: string | null, erp: string | null, delta: string | null, value_at_risk: string | null, currency: string | null, first_seen: string, last_seen: string, 
/**
 * Whole days since first seen.
 */
age_days: number, occurrences: number, state: MismatchState, note: string | null, actor: string | null, };

export type MismatchQuery = { entity: MismatchEntity | null, kind: MismatchKind | null, 
/**
 * `None`: every state.
 */
state: MismatchState | null, limit: number | null, };

export type Decision = "acknowledged" | "ignored";

export type FieldPair = { label: string, magento: string | null, erp: string | null, differs: boolean, };

export type MismatchEvent = { at: string, event: string, state: MismatchState, note: string | null, actor: string | null, };

export type MismatchDetail = { mismatch: MismatchRow, fields: Array<FieldPair>, 
/**
 * The records as stored by the latest snapshots, as pretty JSON (`None`: not stored).
 */
magento_raw: string | null, erp_raw: string | null, 
/**
 * Oldest first.
 */
history: Array<MismatchEvent>, };

export type StockPoint = { at: string, magento: string | null, erp: string | null, };

export type StockHistory = { sku: string, source: string, 
/**
 * One point per stock snapshot, oldest first.
 */
points: Array<StockPoint>, 
/**
 * The stock mismatch of this SKU at this source, if one was ever found.
 */
mismatch: MismatchRow | null, };

export type OrdersMissing = { count: number, value: string, currency: string | null, other_currencies: number, };

export type StockDrift = { 
/**
 * Distinct SKUs with an open stock mismatch.
 */
skus: number, 
/**
 * Units of difference over the open quantity mismatches.
 */
units: string, 
/**
 * Over the open quantity mismatches, one sum per currency.
 */
value_at_risk: Array<Amount>, 
/**
 * Which ERP figure is compared, in words ("quantity on hand").
 */
compared_quantity: string, 
/**
 * Open `unmapped_location` findings: whole sources or locations with no counterpart.
 */
unmapped_places: number, 
/**
 * Places left out of stock reconciliation on purpose, as configured
 * (`source wh-returns`, `location TRANSIT`).
 */
excluded_places: Array<string>, 
/**
 * Stock rows the latest stock reconciliation left out because of them (`None`
 * before one ran).
 */
excluded_rows: number | null, };

export type PriceDrift = { count: number, skus: number, };

export type Amount = { value: string, 
/**
 * `None` where the figures name none: stock is valued at Magento's prices, whose
 * currency is not snapshotted.
 */
currency: string | null, };

export type KindCount = { entity: MismatchEntity, kind: MismatchKind, open: number, 
/**
 * One sum per currency, by currency code: amounts in different currencies are never
 * added up. Empty when no open mismatch of the kind has a value.
 */
value_at_risk: Array<Amount>, };

export type LastSnapshot = { entity: Entity, system: System, run_id: number, finished_at: string | null, status: PartStatus, rows: number, };

export type TrendPoint = { recon_run: number, at: string, open_orders: number, open_stock: number, open_prices: number, };

export type ControlTotalRow = { day: string, currency: string, magento_orders: number, magento_revenue: string, erp_orders: number, erp_revenue: string, 
/**
 * Magento minus ERP: orders and revenue the ERP lacks.
 */
count_difference: number, revenue_difference: string, };

export type Overview = { orders_missing: OrdersMissing, stock_drift: StockDrift, price_drift: PriceDrift, open_by_kind: Array<KindCount>, last_snapshots: Array<LastSnapshot>, 
/**
 * Oldest first.
 */
trend: Array<TrendPoint>, 
/**
 * Latest days first.
 */
control_totals: Array<ControlTotalRow>, 
/**
 * The time zones whose days the control totals count (the store views'; `UTC` when
 * Magento did not say, or before they were recorded).
 */
control_totals_time_zones: Array<string>, last_reconciled_at: string | null, };

export type PartView = { entity: Entity, system: System, status: PartStatus, rows_read: number, pages: number, retries: number, errors: Array<string>, warnings: Array<string>, duration_ms: number, };

export type SnapshotRunView = { id: number, started_at: string, finished_at: string | null, duration_ms: number | null, status: RunStatus, 
/**
 * Why the run as a whole failed (e.g. interrupted); part errors are in `parts`.
 */
error: string | null, parts: Array<PartView>, };

export type ReconSummary = { opened: number, reopened: number, still_open: number, resolved: number, 
/**
 * Differences the confirm pass saw disappear (not drift).
 */
transients: number, partial: boolean, labels: Array<string>, };

export type Progress = { 
/**
 * "demo", "snapshot" or "reconcile".
 */
task: string, entity: Entity | null, system: System | null, 
/**
 * Rows read so far (snapshots) or steps done.
 */
done: number, 
/**
 * `None` while unknown.
 */
total: number | null, 
/**
 * What is happening, in words.
 */
message: string, 
/**
 * This entity and system is done.
 */
finished: boolean, };
