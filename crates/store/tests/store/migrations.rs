//! Opening: file creation, idempotent migrations, refusing a newer schema.

use model::{Entity, Finding};
use store::{Error, FinishMode, MismatchFilter, Store};

use crate::util::{Fixture, Magento, Recon, at, item, stock_finding};

/// Every migration the store knows.
const ALL: usize = 23;

fn applied(f: &Fixture) -> Vec<String> {
    let conn = f.sql();
    let mut stmt = conn
        .prepare("SELECT version FROM schema_migrations ORDER BY version")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn reopening_applies_nothing_and_keeps_the_data() {
    let mut f = Fixture::new();
    assert!(f.db_path().exists());
    let first = applied(&f);
    assert_eq!(first.len(), ALL);
    assert_eq!(first[0], "2026-11-23-0001-runs");
    assert_eq!(first[7], "2026-11-23-0008-erp-price-lines");
    assert_eq!(first[8], "2026-11-23-0009-recon-runs");
    assert_eq!(first[9], "2026-11-23-0010-mismatches");
    assert_eq!(first[10], "2026-11-23-0011-mismatch-figures");
    assert_eq!(first[11], "2026-11-23-0012-run-part-currency");
    assert_eq!(first[12], "2026-11-23-0013-lookup-indexes");
    assert_eq!(first[13], "2026-12-07-0001-run-part-origin");
    assert_eq!(first[14], "2026-12-07-0002-watermark-scope");
    assert_eq!(first[15], "2026-12-07-0003-connection-tests");
    assert_eq!(first[16], "2026-12-07-0004-mismatch-key-parts");
    assert_eq!(first[17], "2026-12-07-0005-transient-key-parts");
    assert_eq!(first[18], "2026-12-07-0006-mismatch-location");
    assert_eq!(first[19], "2026-12-07-0007-transient-location");
    assert_eq!(first[20], "2026-12-08-0008-mismatch-resolved-from");
    assert_eq!(first[21], "2026-12-08-0009-watermark-full-read");
    assert_eq!(first[22], "2026-12-08-0010-run-part-time-zones");

    let run = f.begin(0);
    let mut w = f.store.source_items_writer(run, Magento).unwrap();
    w.write(&[item("s", "A", "1")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);

    let f = f.reopen().reopen();
    assert_eq!(applied(&f), first);
    assert!(f.store.recovered_runs().is_empty());
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 1);
    assert_eq!(
        f.store.source_items_at(run, Magento).unwrap(),
        vec![item("s", "A", "1")]
    );
}

#[test]
fn the_overview_reads_open_mismatch_figures_from_the_index_alone() {
    let f = Fixture::new();
    let plan: String = f
        .sql()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT entity, kind, sku, delta, value_at_risk, currency
             FROM mismatches WHERE state = 'open'",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(
        plan.contains("COVERING INDEX mismatches_by_state_figures"),
        "{plan}"
    );
}

#[test]
fn drill_downs_look_rows_up_by_index() {
    let f = Fixture::new();
    let plan = |sql: &str| -> String {
        f.sql()
            .query_row(&format!("EXPLAIN QUERY PLAN {sql}"), [], |r| r.get(3))
            .unwrap()
    };
    for (sql, index) in [
        (
            "SELECT * FROM orders WHERE system = 'magento' AND valid_to_run IS NULL
             AND increment_id = '1'",
            "orders_by_increment_id",
        ),
        (
            "SELECT * FROM erp_orders WHERE system = 'erp' AND valid_to_run IS NULL
             AND external_reference = '1'",
            "erp_orders_by_external_reference",
        ),
        (
            "SELECT * FROM source_items WHERE system = 'magento' AND valid_to_run IS NULL
             AND source_code = 's' AND sku = 'A'",
            "source_items_by_sku",
        ),
        (
            "SELECT valid_from_run, valid_to_run, quantity FROM erp_stock WHERE system = 'erp'
             AND location_code = 'L' AND item_number = 'A' ORDER BY valid_from_run",
            "erp_stock_by_item",
        ),
        (
            "SELECT * FROM prices WHERE system = 'magento' AND valid_to_run IS NULL AND sku = 'A'",
            "prices_by_sku",
        ),
        (
            "SELECT * FROM erp_price_lines WHERE system = 'erp' AND valid_to_run IS NULL
             AND item_number = 'A'",
            "erp_price_lines_by_item",
        ),
    ] {
        let plan = plan(sql);
        assert!(plan.contains(&format!("INDEX {index}")), "{index}: {plan}");
    }
}

#[test]
fn a_database_from_before_the_erp_tables_gains_them_and_keeps_its_data() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let mut w = f.store.source_items_writer(run, Magento).unwrap();
    w.write(&[item("s", "A", "1")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);
    // Back to the schema the store had before the ERP tables.
    f.sql()
        .execute_batch(
            "DROP TABLE erp_order_lines; DROP TABLE erp_orders; DROP TABLE erp_stock;
             DROP TABLE erp_price_lines;
             DELETE FROM schema_migrations WHERE version LIKE '%-erp-%';",
        )
        .unwrap();
    assert_eq!(applied(&f).len(), ALL - 3);

    let mut f = f.reopen();
    assert_eq!(applied(&f).len(), ALL);
    assert_eq!(
        f.store.source_items_at(run, Magento).unwrap(),
        vec![item("s", "A", "1")]
    );
    let r2 = f.begin(2000);
    let mut w = f.store.erp_stock_writer(r2, model::System::Erp).unwrap();
    assert_eq!(
        w.write(&[crate::util::stock("A", None, "1")])
            .unwrap()
            .stored,
        1
    );
}

#[test]
fn a_database_from_before_part_currencies_gains_the_column_and_keeps_its_runs() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let part = crate::util::complete_part(Entity::Prices);
    f.store.record_part(run, &part).unwrap();
    f.finish(run, 1);
    f.sql()
        .execute_batch(
            "ALTER TABLE run_parts DROP COLUMN currency;
             DELETE FROM schema_migrations WHERE version LIKE '%-run-part-currency';",
        )
        .unwrap();
    assert_eq!(applied(&f).len(), ALL - 1);

    let f = f.reopen();
    assert_eq!(applied(&f).len(), ALL);
    assert_eq!(f.store.run(run).unwrap().unwrap().parts, vec![part]);
}

#[test]
fn a_database_from_before_connections_keeps_its_snapshots_and_reads_in_full_once() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let part = crate::util::complete_part(Entity::Orders);
    f.store.record_part(run, &part).unwrap();
    f.store
        .set_watermark(
            Magento,
            Entity::Orders,
            "",
            "2026-11-30T10:00:00Z",
            run,
            None,
        )
        .unwrap();
    f.finish(run, 1);
    f.sql()
        .execute_batch(
            "ALTER TABLE run_parts DROP COLUMN connection;
             ALTER TABLE run_parts DROP COLUMN scope;
             ALTER TABLE watermarks DROP COLUMN scope;
             DROP TABLE connection_tests;
             DELETE FROM schema_migrations WHERE version GLOB '2026-12-07-000[123]-*';",
        )
        .unwrap();
    assert_eq!(applied(&f).len(), ALL - 3);

    let f = f.reopen();
    assert_eq!(applied(&f).len(), ALL);
    // The part keeps its figures and says it predates connections.
    let parts = f.store.run(run).unwrap().unwrap().parts;
    assert_eq!(parts, vec![part]);
    assert_eq!(parts[0].connection, None);
    // It still counts as the configured shop's snapshot...
    let shop = "https://shop.example.com store all";
    assert_eq!(
        f.store
            .latest_run_with(
                Entity::Orders,
                Magento,
                shop,
                &[model::PartStatus::Complete]
            )
            .unwrap(),
        Some(run)
    );
    // ...but its watermark, whose shop is unknown, starts no incremental read.
    assert_eq!(
        f.store.watermark(Magento, Entity::Orders, shop).unwrap(),
        None
    );
}

#[test]
fn the_database_is_in_wal_mode() {
    let f = Fixture::new();
    let mode: String = f
        .sql()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let page_size: i64 = f
        .sql()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 8 * 1024);
}

#[test]
fn a_database_from_a_newer_driftwatch_is_refused() {
    let f = Fixture::new();
    f.sql()
        .execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ('2099-01-01-0001-future', 'x')",
            [],
        )
        .unwrap();
    let path = f.db_path();
    drop(f.store);
    let err = Store::open(&path, at(5)).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { .. }), "{err}");
    assert!(err.to_string().contains("newer Driftwatch"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    let err = Store::open(&path, at(0)).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("restore a backup"), "{err}");
}

#[test]
fn mismatches_from_before_key_parts_get_their_parts_from_the_old_key_text() {
    use model::{MismatchKey, PricePoint};
    let point = |list: &str, group, qty: &str| PricePoint {
        list: list.into(),
        customer_group: group,
        qty: qty.parse().unwrap(),
    };
    let price = |key: MismatchKey| Finding {
        kind: model::MismatchKind::TierPriceMismatch,
        key,
        ..crate::util::order_finding("x", "1")
    };
    // A SKU may hold '@' and a list code '/': the text is split from the right.
    let keys = [
        MismatchKey::order("000000101"),
        MismatchKey::stock("MUG@HOME", "eu-1"),
        MismatchKey::base_price("P@Q"),
        MismatchKey::price_point("T@1", point("B2B/NL", 2, "10")),
        MismatchKey::price_point("T2", point("RETAIL", 0, "2.5")),
    ];
    let mut f = Fixture::new();
    let mut recon = Recon::at(
        0,
        keys.iter()
            .map(|k| match k {
                MismatchKey::Order { increment_id } => {
                    crate::util::order_finding(increment_id, "1")
                }
                MismatchKey::Stock { sku, source } => stock_finding(sku, source, "1", "2"),
                MismatchKey::Price { .. } => price(k.clone()),
                MismatchKey::Place { .. } => unreachable!("listed before places existed"),
            })
            .collect(),
    );
    recon.transients = vec![model::Transient {
        first: price(keys[3].clone()),
        confirmed_at: at(1),
    }];
    let run = f.recon(&recon).run;
    // Back to the schema before the parts: no part columns, the old index.
    f.sql()
        .execute_batch(
            "DROP INDEX mismatches_by_state_figures;
             CREATE INDEX mismatches_by_state_figures
                 ON mismatches (state, entity, kind, currency, key, delta, value_at_risk);
             ALTER TABLE mismatches DROP COLUMN sku;
             ALTER TABLE mismatches DROP COLUMN source;
             ALTER TABLE mismatches DROP COLUMN price_list;
             ALTER TABLE mismatches DROP COLUMN customer_group;
             ALTER TABLE mismatches DROP COLUMN min_qty;
             ALTER TABLE recon_transients DROP COLUMN sku;
             ALTER TABLE recon_transients DROP COLUMN source;
             ALTER TABLE recon_transients DROP COLUMN price_list;
             ALTER TABLE recon_transients DROP COLUMN customer_group;
             ALTER TABLE recon_transients DROP COLUMN min_qty;
             DELETE FROM schema_migrations WHERE version LIKE '%-key-parts';",
        )
        .unwrap();

    let f = f.reopen();
    let mut stored: Vec<MismatchKey> = f
        .store
        .mismatches(&MismatchFilter::default())
        .unwrap()
        .into_iter()
        .map(|m| m.finding.key)
        .collect();
    stored.sort();
    let mut expected = keys.to_vec();
    expected.sort();
    assert_eq!(stored, expected);
    let transients = f.store.transients(run).unwrap();
    assert_eq!(transients[0].transient.first.key, keys[3]);
}

#[test]
fn a_mismatch_resolved_before_decisions_were_kept_reopens_as_before() {
    let mut f = Fixture::new();
    let finding = stock_finding("A", "s", "1", "2");
    f.recon(&Recon::at(0, vec![finding.clone()]));
    let id = f
        .store
        .mismatches(&MismatchFilter::default())
        .unwrap()
        .remove(0)
        .id;
    f.store
        .set_mismatch_state(
            id,
            model::MismatchState::Acknowledged,
            "known",
            "ana",
            at(1),
        )
        .unwrap();
    // Resolved by a store that did not keep the decision.
    f.sql()
        .execute_batch(
            "ALTER TABLE mismatches DROP COLUMN resolved_from;
             DELETE FROM schema_migrations WHERE version LIKE '%-mismatch-resolved-from';
             UPDATE mismatches SET state = 'resolved';",
        )
        .unwrap();
    assert_eq!(applied(&f).len(), ALL - 1);

    let mut f = f.reopen();
    assert_eq!(applied(&f).len(), ALL);
    f.recon(&Recon::at(10, vec![finding]));
    let m = f.store.mismatch(id).unwrap().unwrap();
    assert_eq!((m.state, m.note), (model::MismatchState::Open, None));
}
