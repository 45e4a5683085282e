//! A run left `running` (the process died) is failed and rolled back on open.

use model::{Entity, PartStatus, RunStatus};
use store::{FinishMode, INTERRUPTED};

use crate::util::{
    Erp, Fixture, Magento, SCOPE, at, complete_part, dec, erp_order, invoice, item, order, price,
    price_line, stock,
};

#[test]
fn an_interrupted_run_is_failed_and_its_rows_rolled_back() {
    let mut f = Fixture::new();
    let items = vec![
        item("s", "A", "1"),
        item("s", "B", "2"),
        item("s", "C", "3"),
    ];
    let orders = vec![order(1, "10.00"), order(2, "20.00")];
    let prices = vec![price("A", "1.00"), price("B", "2.00")];

    // Run 1 completes.
    let r1 = f.begin(0);
    let mut w = f.store.source_items_writer(r1, Magento).unwrap();
    w.write(&items).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.orders_writer(r1, Magento).unwrap();
    w.write(&orders).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.prices_writer(r1, Magento, "default").unwrap();
    w.write(&prices).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.store
        .set_watermark(Magento, Entity::Orders, SCOPE, "w1", r1, None)
        .unwrap();
    f.store
        .record_part(r1, &complete_part(Entity::Stock))
        .unwrap();
    f.finish(r1, 1);
    let versions_after_r1 = [Entity::Orders, Entity::Stock, Entity::Prices]
        .map(|e| f.store.stored_versions(e).unwrap());

    // Run 2 changes, adds, rewrites and deletes rows, then the process dies.
    let r2 = f.begin(10);
    let mut w = f.store.source_items_writer(r2, Magento).unwrap();
    w.write(&[item("s", "A", "9"), item("s", "D", "4")])
        .unwrap();
    w.write(&[item("s", "A", "8")]).unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 2);
    let mut w = f.store.orders_writer(r2, Magento).unwrap();
    w.write(&[order(1, "11.00"), order(3, "30.00")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.prices_writer(r2, Magento, "default").unwrap();
    w.write(&[price("A", "1.10")]).unwrap();
    w.finish(FinishMode::Incremental).unwrap();
    f.store
        .set_watermark(Magento, Entity::Orders, SCOPE, "w2", r2, None)
        .unwrap();
    f.store
        .record_part(r2, &complete_part(Entity::Stock))
        .unwrap();
    assert_eq!(f.store.count_source_items_at(r2, Magento).unwrap(), 2);

    let f = f.reopen();

    assert_eq!(f.store.recovered_runs(), &[r2]);
    let summary = f.store.run(r2).unwrap().unwrap();
    assert_eq!(summary.status, RunStatus::Failed);
    assert_eq!(summary.error.as_deref(), Some(INTERRUPTED));
    assert_eq!(summary.finished_at, Some(at(1000)));
    assert_eq!(
        INTERRUPTED,
        "interrupted: Driftwatch stopped before this snapshot finished"
    );

    // Every snapshot reads as it did after run 1, and nothing of run 2 is left.
    for run in [r1, r2] {
        assert_eq!(f.store.source_items_at(run, Magento).unwrap(), items);
        assert_eq!(f.store.orders_at(run, Magento).unwrap(), orders);
        assert_eq!(f.store.prices_at(run, Magento, "default").unwrap(), prices);
    }
    let versions = [Entity::Orders, Entity::Stock, Entity::Prices]
        .map(|e| f.store.stored_versions(e).unwrap());
    assert_eq!(versions, versions_after_r1);
    assert_eq!(
        f.store
            .watermark(Magento, Entity::Orders, SCOPE)
            .unwrap()
            .as_deref(),
        Some("w1")
    );
    // Its parts are kept as a record, but it is not a snapshot to reconcile.
    assert_eq!(summary.parts.len(), 1);
    assert_eq!(
        f.store
            .latest_run_with(Entity::Stock, Magento, SCOPE, &[PartStatus::Complete])
            .unwrap(),
        Some(r1)
    );

    // Reopening again recovers nothing more, and the next run continues from run 1.
    let mut f = f.reopen();
    assert!(f.store.recovered_runs().is_empty());
    let r3 = f.begin(2000);
    assert!(r3 > r2, "run ids never reuse a rolled-back id");
    let mut w = f.store.source_items_writer(r3, Magento).unwrap();
    assert_eq!(w.write(&items).unwrap().stored, 0);
    let mut changed = items.clone();
    changed[0].quantity = dec("5");
    assert_eq!(w.write(&changed).unwrap().stored, 1);
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(r3, 2001);
    assert_eq!(f.store.source_items_at(r3, Magento).unwrap(), changed);
    assert_eq!(f.store.source_items_at(r1, Magento).unwrap(), items);
    assert_eq!(
        f.duplicate_current("source_items", "system, source_code, sku"),
        0
    );
}

#[test]
fn an_interrupted_run_with_erp_rows_is_rolled_back() {
    let mut f = Fixture::new();
    let so1 = erp_order("SO-1", "000000001", "10");
    let so2 = erp_order("SO-2", "000000002", "20");
    let orders = vec![so1.clone(), so2.clone()];
    let stock_rows = vec![stock("A", Some("MAIN"), "1"), stock("B", None, "2")];
    let lines = vec![
        price_line("RETAIL", "A", "1", "9.99"),
        price_line("RETAIL", "A", "10", "8.99"),
    ];

    // Run 1 completes, with Magento stock beside the ERP's.
    let r1 = f.begin(0);
    let mut w = f.store.erp_orders_writer(r1, Erp).unwrap();
    w.write(&orders).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.erp_stock_writer(r1, Erp).unwrap();
    w.write(&stock_rows).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.erp_price_lines_writer(r1, Erp).unwrap();
    w.write(&lines).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.source_items_writer(r1, Magento).unwrap();
    w.write(&[item("MAIN", "A", "1")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.store
        .set_watermark(Erp, Entity::Orders, SCOPE, "e1", r1, None)
        .unwrap();
    let mut part = complete_part(Entity::Stock);
    part.system = Erp;
    f.store.record_part(r1, &part).unwrap();
    f.finish(r1, 1);
    let versions_after_r1 = [Entity::Orders, Entity::Stock, Entity::Prices]
        .map(|e| f.store.stored_versions(e).unwrap());
    let order_lines = |f: &crate::util::Fixture| -> i64 {
        f.sql()
            .query_row("SELECT COUNT(*) FROM erp_order_lines", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(order_lines(&f), 4);

    // Run 2 posts SO-1 (order closed, invoice inserted, then rewritten), changes
    // stock and a price, adds and deletes rows, then the process dies.
    let r2 = f.begin(10);
    let mut w = f.store.erp_orders_writer(r2, Erp).unwrap();
    let posted = invoice(&so1, "PSI-1", Some("SO-1"));
    let mut so2_changed = so2.clone();
    so2_changed.lines.pop();
    w.write(&[posted.clone(), so2_changed]).unwrap();
    let mut reposted = posted.clone();
    reposted.status = "Closed".into();
    w.write(&[reposted]).unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 1);
    let mut w = f.store.erp_stock_writer(r2, Erp).unwrap();
    w.write(&[stock("A", Some("MAIN"), "9"), stock("C", Some("MAIN"), "3")])
        .unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 1);
    let mut w = f.store.erp_price_lines_writer(r2, Erp).unwrap();
    w.write(&[price_line("RETAIL", "A", "1.00", "9.49")])
        .unwrap();
    w.finish(FinishMode::Incremental).unwrap();
    let mut w = f.store.source_items_writer(r2, Magento).unwrap();
    w.write(&[item("MAIN", "A", "7")]).unwrap();
    w.finish(FinishMode::Incremental).unwrap();
    f.store
        .set_watermark(Erp, Entity::Orders, SCOPE, "e2", r2, None)
        .unwrap();
    f.store.record_part(r2, &part).unwrap();
    assert_eq!(f.store.count_erp_orders_at(r2, Erp).unwrap(), 2);

    let f = f.reopen();
    assert_eq!(f.store.recovered_runs(), &[r2]);
    for run in [r1, r2] {
        assert_eq!(f.store.erp_orders_at(run, Erp).unwrap(), orders);
        assert_eq!(f.store.erp_stock_at(run, Erp).unwrap(), stock_rows);
        assert_eq!(f.store.erp_price_lines_at(run, Erp).unwrap(), lines);
        assert_eq!(
            f.store.source_items_at(run, Magento).unwrap(),
            vec![item("MAIN", "A", "1")]
        );
    }
    let versions = [Entity::Orders, Entity::Stock, Entity::Prices]
        .map(|e| f.store.stored_versions(e).unwrap());
    assert_eq!(versions, versions_after_r1);
    assert_eq!(
        order_lines(&f),
        4,
        "the rolled-back versions' lines are gone"
    );
    assert_eq!(
        f.store
            .watermark(Erp, Entity::Orders, SCOPE)
            .unwrap()
            .as_deref(),
        Some("e1")
    );
    assert_eq!(
        f.store
            .latest_run_with(Entity::Stock, Erp, SCOPE, &[PartStatus::Complete])
            .unwrap(),
        Some(r1)
    );
    assert_eq!(f.store.run(r2).unwrap().unwrap().parts, vec![part]);
    for (table, key) in [
        ("erp_orders", "system, document, erp_id"),
        ("erp_stock", "system, item_number, location_code"),
    ] {
        assert_eq!(f.duplicate_current(table, key), 0, "{table}");
    }

    // The next run continues from run 1.
    let mut f = f;
    let r3 = f.begin(2000);
    let mut w = f.store.erp_stock_writer(r3, Erp).unwrap();
    assert_eq!(w.write(&stock_rows).unwrap().stored, 0);
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(r3, 2001);
    assert_eq!(f.store.erp_stock_at(r3, Erp).unwrap(), stock_rows);
}
