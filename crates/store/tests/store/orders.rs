//! Orders with lines: round trip, change-only storage, deletions, duplicates.

use model::{Entity, Order};
use store::FinishMode;

use crate::util::{Fixture, Magento, dec, order};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    orders: &[Order],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.orders_writer(run, Magento).unwrap();
    let stored = w.write(orders).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

#[test]
fn round_trip_keeps_every_field_and_line_order() {
    let mut f = Fixture::new();
    let mut no_lines = order(3, "0.00");
    no_lines.lines.clear();
    no_lines.customer_email_hash = None;
    let orders = vec![order(1, "59.9000"), order(2, "1234567.89"), no_lines];
    let (run, stored, _) = snapshot(&mut f, 0, &orders, FinishMode::FullReadComplete);
    assert_eq!(stored, 3);
    let back = f.store.orders_at(run, Magento).unwrap();
    assert_eq!(back, orders);
    assert_eq!(back[0].grand_total.to_string(), "59.9000");
    assert_eq!(back[0].lines[1].unit_price.to_string(), "8.00");
    assert_eq!(back[0].lines[0].sku, "24-MB01");
    assert_eq!(
        back[0].updated_at, orders[0].updated_at,
        "sub-second time kept"
    );
    assert_eq!(f.store.count_orders_at(run, Magento).unwrap(), 3);
}

#[test]
fn unchanged_orders_are_not_stored_again() {
    let mut f = Fixture::new();
    let orders: Vec<_> = (1..=50).map(|i| order(i, "10.00")).collect();
    for r in 0..3 {
        let (_, stored, _) = snapshot(&mut f, r * 10, &orders, FinishMode::FullReadComplete);
        assert_eq!(stored, if r == 0 { 50 } else { 0 });
        assert_eq!(f.store.stored_versions(Entity::Orders).unwrap(), 50);
    }
}

#[test]
fn a_changed_line_makes_a_new_version_and_old_runs_keep_theirs() {
    let mut f = Fixture::new();
    let before = vec![order(1, "59.9000"), order(2, "10.00")];
    let (r1, _, _) = snapshot(&mut f, 0, &before, FinishMode::FullReadComplete);
    let mut after = before.clone();
    after[0].lines[1].qty = dec("3");
    after[0].status = "complete".into();
    let (r2, stored, _) = snapshot(&mut f, 10, &after, FinishMode::FullReadComplete);
    assert_eq!(stored, 1);
    assert_eq!(f.store.stored_versions(Entity::Orders).unwrap(), 3);
    assert_eq!(f.store.orders_at(r1, Magento).unwrap(), before);
    assert_eq!(f.store.orders_at(r2, Magento).unwrap(), after);
    assert_eq!(f.duplicate_current("orders", "system, entity_id"), 0);
}

#[test]
fn only_a_complete_full_read_closes_deleted_orders() {
    let mut f = Fixture::new();
    let all = vec![order(1, "1"), order(2, "2")];
    snapshot(&mut f, 0, &all, FinishMode::FullReadComplete);
    let (r2, _, closed) = snapshot(&mut f, 10, &all[..1], FinishMode::Incremental);
    assert_eq!(
        (closed, f.store.count_orders_at(r2, Magento).unwrap()),
        (0, 2)
    );
    let (r3, _, closed) = snapshot(&mut f, 20, &all[..1], FinishMode::Incomplete);
    assert_eq!(
        (closed, f.store.count_orders_at(r3, Magento).unwrap()),
        (0, 2)
    );
    let (r4, _, closed) = snapshot(&mut f, 30, &all[..1], FinishMode::FullReadComplete);
    assert_eq!(closed, 1);
    assert_eq!(f.store.orders_at(r4, Magento).unwrap(), all[..1]);
    assert_eq!(f.store.orders_at(r3, Magento).unwrap(), all);
}

#[test]
fn the_same_order_twice_in_one_run_keeps_the_last_and_its_lines() {
    let mut f = Fixture::new();
    let r1 = f.begin(0);
    let mut w = f.store.orders_writer(r1, Magento).unwrap();
    let first = order(1, "10.00");
    let mut second = order(1, "12.00");
    second.lines.pop();
    w.write(std::slice::from_ref(&first)).unwrap();
    w.write(&[order(2, "1"), second.clone()]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(r1, 1);
    assert_eq!(
        f.store.orders_at(r1, Magento).unwrap(),
        vec![second, order(2, "1")]
    );
    assert_eq!(f.store.stored_versions(Entity::Orders).unwrap(), 2);
    let lines: i64 = f
        .sql()
        .query_row("SELECT COUNT(*) FROM order_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 3, "the rewritten order's old lines are gone");
}

#[test]
fn a_failed_batch_stores_nothing_and_can_be_retried() {
    let mut f = Fixture::new();
    let (r1, _, _) = snapshot(
        &mut f,
        0,
        &[order(1, "1"), order(2, "2")],
        FinishMode::FullReadComplete,
    );

    let r2 = f.begin(10);
    let mut w = f.store.orders_writer(r2, Magento).unwrap();
    // Order 1 changes, 5 is new, then a row the store cannot hold fails the batch.
    let good = vec![order(1, "1.50"), order(5, "5")];
    let mut bad = good.clone();
    bad.push(order(u64::MAX, "9"));
    let err = w.write(&bad).unwrap_err();
    assert!(matches!(err, store::Error::OutOfRange { .. }), "{err}");
    assert_eq!(w.write(&good).unwrap().stored, 2);
    // Order 2 was not read: a complete full read closes it, and only it.
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 1);
    f.finish(r2, 11);

    assert_eq!(f.store.orders_at(r2, Magento).unwrap(), good);
    assert_eq!(
        f.store.orders_at(r1, Magento).unwrap(),
        vec![order(1, "1"), order(2, "2")]
    );
    assert_eq!(f.store.stored_versions(Entity::Orders).unwrap(), 4);
    assert_eq!(f.duplicate_current("orders", "system, entity_id"), 0);
}
