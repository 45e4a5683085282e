//! Shared fixtures: a store in a temp dir, a fixed clock, sample rows.

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use model::erp::{
    CanonicalStatus, ErpDocument, ErpOrder, ErpOrderLine, LocationStock, PriceListLine,
};
use model::{
    ControlTotal, Decimal, Entity, Finding, MismatchEntity, MismatchKey, MismatchKind, Order,
    OrderLine, ProductPrice, RunStatus, SourceItem, TierPrice, Transient,
};
use store::{ReconOutcome, ReconRecord, RunId, Store};
use tempfile::TempDir;

pub use model::System::{Erp, Magento};

/// The shop or company the sample parts and watermarks were read from.
pub const SCOPE: &str = "https://shop.example store default";

pub struct Fixture {
    pub dir: TempDir,
    pub store: Store,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        // A nested folder that does not exist yet: open creates it.
        let store = Store::open(dir.path().join("data/driftwatch.sqlite"), at(0)).unwrap();
        Fixture { dir, store }
    }

    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("data/driftwatch.sqlite")
    }

    pub fn reopen(self) -> Fixture {
        let Fixture { dir, store } = self;
        drop(store);
        let store = Store::open(dir.path().join("data/driftwatch.sqlite"), at(1000)).unwrap();
        Fixture { dir, store }
    }

    pub fn begin(&mut self, minute: i64) -> RunId {
        self.store
            .begin_run(&Entity::ALL, true, at(minute))
            .unwrap()
    }

    pub fn finish(&mut self, run: RunId, minute: i64) {
        self.store
            .finish_run(run, RunStatus::Complete, at(minute))
            .unwrap();
    }

    /// Records `recon`, which must succeed.
    pub fn recon(&mut self, recon: &Recon) -> ReconOutcome {
        self.store.record_recon(&recon.record()).unwrap()
    }

    /// A direct connection, to check invariants the API does not expose.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.db_path()).unwrap()
    }

    /// Keys with more than one current version in `table`; must be empty.
    pub fn duplicate_current(&self, table: &str, key: &str) -> i64 {
        self.sql()
            .query_row(
                &format!(
                    "SELECT COUNT(*) FROM (SELECT {key} FROM {table} WHERE valid_to_run IS NULL
                     GROUP BY {key} HAVING COUNT(*) > 1)"
                ),
                [],
                |r| r.get(0),
            )
            .unwrap()
    }
}

pub fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 6, 0, 0).unwrap() + Duration::minutes(minute)
}

pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub fn item(source: &str, sku: &str, qty: &str) -> SourceItem {
    SourceItem {
        sku: sku.into(),
        source_code: source.into(),
        quantity: dec(qty),
        in_stock: dec(qty) > Decimal::ZERO,
    }
}

pub fn order(entity_id: u64, grand_total: &str) -> Order {
    Order {
        entity_id,
        increment_id: format!("{entity_id:09}"),
        store_id: 1,
        state: "processing".into(),
        status: "processing".into(),
        currency: "EUR".into(),
        grand_total: dec(grand_total),
        base_grand_total: dec(grand_total),
        subtotal: dec("50.0000"),
        tax_amount: dec("9.5000"),
        shipping_amount: dec("5.0000"),
        discount_amount: dec("-4.6000"),
        total_paid: dec(grand_total),
        total_refunded: dec("0.0000"),
        created_at: at(-600),
        updated_at: at(-599) + Duration::milliseconds(250),
        customer_email_hash: Some("5d41402abc4b2a76b9719d911017c592".into()),
        lines: vec![
            OrderLine {
                sku: "24-MB01".into(),
                qty: dec("1.0000"),
                unit_price: dec("34.0000"),
                row_total: dec("34.0000"),
                tax_amount: dec("6.4600"),
                discount_amount: dec("4.6000"),
            },
            OrderLine {
                sku: "24-WG02".into(),
                qty: dec("2"),
                unit_price: dec("8.00"),
                row_total: dec("16.00"),
                tax_amount: dec("3.04"),
                discount_amount: dec("0"),
            },
        ],
    }
}

pub fn price(sku: &str, value: &str) -> ProductPrice {
    ProductPrice {
        sku: sku.into(),
        product_id: 42,
        price: Some(dec(value)),
        special_price: Some(dec("29.9500")),
        special_from: Some(at(-1440)),
        special_to: None,
        tier_prices: vec![
            TierPrice {
                customer_group_id: 32000,
                website_id: 0,
                qty: dec("10.0000"),
                value: dec("30.0000"),
                percentage_value: None,
            },
            TierPrice {
                customer_group_id: 1,
                website_id: 1,
                qty: dec("5"),
                value: dec("31.50"),
                percentage_value: Some(dec("7.35")),
            },
        ],
        updated_at: at(-60),
    }
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::from_str(s).unwrap()
}

/// ERP stock of `item` at `location` (`None`: the item's total).
pub fn stock(item: &str, location: Option<&str>, qty: &str) -> LocationStock {
    LocationStock {
        item_number: item.into(),
        location_code: location.map(Into::into),
        quantity: dec(qty),
        last_modified: Some(at(-30) + Duration::milliseconds(125)),
    }
}

/// A sales order with two lines; its id is derived from `number`.
pub fn erp_order(number: &str, external_reference: &str, total: &str) -> ErpOrder {
    ErpOrder {
        id: format!("guid-{number}"),
        number: number.into(),
        external_reference: external_reference.into(),
        document: ErpDocument::SalesOrder,
        order_date: Some(day("2026-11-22")),
        currency: "EUR".into(),
        total_including_tax: dec(total),
        status: "Released".into(),
        canonical_status: CanonicalStatus::Open,
        last_modified: at(-120),
        lines: vec![
            ErpOrderLine {
                item_number: "24-MB01".into(),
                quantity: dec("1"),
                unit_price: dec("34.00"),
                amount_including_tax: dec("40.4600"),
            },
            ErpOrderLine {
                item_number: "24-WG02".into(),
                quantity: dec("2.5"),
                unit_price: dec("8"),
                amount_including_tax: dec("23.80"),
            },
        ],
    }
}

/// The invoice posted from `order` (it keeps the order's external reference).
pub fn invoice(order: &ErpOrder, number: &str, order_number: Option<&str>) -> ErpOrder {
    ErpOrder {
        id: format!("guid-{number}"),
        number: number.into(),
        document: ErpDocument::PostedInvoice {
            order_number: order_number.map(Into::into),
        },
        status: "Paid".into(),
        canonical_status: CanonicalStatus::Invoiced,
        ..order.clone()
    }
}

pub fn price_line(list: &str, item: &str, min_qty: &str, unit_price: &str) -> PriceListLine {
    PriceListLine {
        price_list_code: list.into(),
        item_number: item.into(),
        currency: "EUR".into(),
        minimum_quantity: dec(min_qty),
        unit_price: dec(unit_price),
        starting_date: Some(day("2026-11-01")),
        ending_date: Some(day("2026-12-31")),
    }
}

/// The input of one reconciliation, owned, for [`Fixture::recon`].
pub struct Recon {
    pub minute: i64,
    pub entities: Vec<MismatchEntity>,
    pub partial: Vec<MismatchEntity>,
    pub findings: Vec<Finding>,
    pub transients: Vec<Transient>,
    pub totals: Vec<ControlTotal>,
    pub labels: Vec<String>,
    pub decisions: store::DecisionTolerances,
}

impl Recon {
    /// A complete reconciliation of every entity started at `minute`.
    pub fn at(minute: i64, findings: Vec<Finding>) -> Recon {
        Recon {
            minute,
            entities: MismatchEntity::ALL.to_vec(),
            partial: Vec::new(),
            findings,
            transients: Vec::new(),
            totals: Vec::new(),
            labels: Vec::new(),
            decisions: store::DecisionTolerances::default(),
        }
    }

    pub fn record(&self) -> ReconRecord<'_> {
        ReconRecord {
            started_at: at(self.minute),
            finished_at: at(self.minute + 2),
            entities: &self.entities,
            partial_entities: &self.partial,
            snapshot_runs: serde_json::json!({"magento": 1, "erp": 1}),
            labels: &self.labels,
            counts: serde_json::json!({"compared": self.findings.len()}),
            findings: &self.findings,
            transients: &self.transients,
            control_totals: &self.totals,
            decisions: self.decisions,
        }
    }
}

/// Stock of `sku` at `source` that differs: `delta` = ERP minus Magento,
/// at 10.00 EUR a unit.
pub fn stock_finding(sku: &str, source: &str, magento: &str, erp: &str) -> Finding {
    let delta = dec(erp) - dec(magento);
    Finding {
        kind: MismatchKind::QtyMismatch,
        key: MismatchKey::stock(sku, source),
        magento: Some(format!("qty {magento}")),
        erp: Some(format!("qty {erp}")),
        delta: Some(delta),
        value_at_risk: Some(delta.abs() * dec("10.00")),
        currency: Some("EUR".into()),
    }
}

/// A Magento order the ERP does not have.
pub fn order_finding(increment_id: &str, total: &str) -> Finding {
    Finding {
        kind: MismatchKind::MissingInErp,
        key: MismatchKey::order(increment_id),
        magento: Some(format!("grand total {total} EUR")),
        erp: None,
        delta: None,
        value_at_risk: Some(dec(total)),
        currency: Some("EUR".into()),
    }
}

/// How a part that read everything ends: what a run records for it.
pub fn complete_part(entity: model::Entity) -> store::PartRecord {
    store::PartRecord {
        entity,
        system: model::System::Magento,
        status: model::PartStatus::Complete,
        rows_read: 3,
        rows_stored: 3,
        pages: 1,
        retries: 0,
        errors: vec![],
        warnings: vec![],
        started_at: at(0),
        finished_at: at(1),
        currency: None,
        connection: None,
        scope: None,
        time_zones: Default::default(),
    }
}
