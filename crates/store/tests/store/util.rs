//! Shared fixtures: a store in a temp dir, a fixed clock, sample rows.

use std::str::FromStr;

use chrono::{DateTime, Duration, TimeZone, Utc};
use model::{Decimal, Entity, Order, OrderLine, ProductPrice, RunStatus, SourceItem, TierPrice};
use store::{RunId, Store};
use tempfile::TempDir;

pub use model::System::Magento;

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
