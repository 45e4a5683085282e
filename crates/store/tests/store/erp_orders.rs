//! ERP orders and posted invoices with lines: round trip, change-only storage,
//! posting, deletions, duplicates.

use model::erp::{CanonicalStatus, ErpDocument, ErpOrder};
use model::{Entity, System};
use store::FinishMode;

use crate::util::{Erp, Fixture, dec, erp_order, invoice};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    orders: &[ErpOrder],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.erp_orders_writer(run, Erp).unwrap();
    let stored = w.write(orders).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

fn versions(f: &Fixture) -> u64 {
    f.store
        .stored_versions_of(Entity::Orders, System::Erp)
        .unwrap()
}

fn lines(f: &Fixture) -> i64 {
    f.sql()
        .query_row("SELECT COUNT(*) FROM erp_order_lines", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn round_trip_keeps_every_field_documents_and_line_order() {
    let mut f = Fixture::new();
    let so = erp_order("SO-1001", "000000001", "64.2600");
    let posted = invoice(&so, "PSI-2001", Some("SO-1001"));
    let mut orphan = invoice(&erp_order("SO-0999", "000000001", "1"), "PSI-2000", None);
    orphan.order_date = None;
    orphan.lines.clear();
    orphan.canonical_status = CanonicalStatus::Refunded;
    let mut big = erp_order("SO-1002", "000000002", "12345678901234567.123456789");
    big.currency = String::new();
    big.canonical_status = CanonicalStatus::Canceled;
    // In reading order: external reference, then number.
    let orders = vec![orphan, posted, so, big];
    let mut shuffled = orders.clone();
    shuffled.rotate_left(2);
    let (run, stored, _) = snapshot(&mut f, 0, &shuffled, FinishMode::FullReadComplete);
    assert_eq!(stored, 4);
    let back = f.store.erp_orders_at(run, Erp).unwrap();
    assert_eq!(back, orders);
    assert_eq!(back[2].total_including_tax.to_string(), "64.2600");
    assert_eq!(back[2].lines[0].amount_including_tax.to_string(), "40.4600");
    assert_eq!(back[2].lines[1].item_number, "24-WG02");
    assert_eq!(
        back[3].total_including_tax.to_string(),
        "12345678901234567.123456789"
    );
    assert_eq!(
        back[1].document,
        ErpDocument::PostedInvoice {
            order_number: Some("SO-1001".into())
        }
    );
    assert_eq!(
        back[0].document,
        ErpDocument::PostedInvoice { order_number: None }
    );
    assert_eq!(back[0].order_date, None);
    assert_eq!(back[2].order_date, Some(crate::util::day("2026-11-22")));
    assert_eq!(f.store.count_erp_orders_at(run, Erp).unwrap(), 4);
    assert!(
        f.store
            .erp_orders_at(run, System::Magento)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_order_and_an_invoice_with_the_same_id_are_two_documents() {
    let mut f = Fixture::new();
    let so = erp_order("SO-1", "000000001", "10");
    let mut posted = invoice(&so, "PSI-1", Some("SO-1"));
    posted.id = so.id.clone();
    let (run, stored, _) = snapshot(
        &mut f,
        0,
        &[so.clone(), posted.clone()],
        FinishMode::FullReadComplete,
    );
    assert_eq!(stored, 2);
    assert_eq!(f.store.erp_orders_at(run, Erp).unwrap(), vec![posted, so]);
}

#[test]
fn unchanged_orders_are_not_stored_again() {
    let mut f = Fixture::new();
    let orders: Vec<_> = (1..=40)
        .map(|i| erp_order(&format!("SO-{i:04}"), &format!("{i:09}"), "10.00"))
        .collect();
    let mut runs = Vec::new();
    for r in 0..3 {
        let (run, stored, closed) = snapshot(&mut f, r * 10, &orders, FinishMode::FullReadComplete);
        assert_eq!((stored, closed), (if r == 0 { 40 } else { 0 }, 0));
        assert_eq!(versions(&f), 40);
        runs.push(run);
    }
    assert_eq!(lines(&f), 80);
    for run in runs {
        assert_eq!(f.store.erp_orders_at(run, Erp).unwrap(), orders);
    }
}

#[test]
fn a_changed_line_makes_a_new_version_and_old_runs_keep_theirs() {
    let mut f = Fixture::new();
    let before = vec![
        erp_order("SO-1", "000000001", "64.26"),
        erp_order("SO-2", "000000002", "10"),
    ];
    let (r1, _, _) = snapshot(&mut f, 0, &before, FinishMode::FullReadComplete);
    let mut after = before.clone();
    after[0].lines[1].quantity = dec("2.50");
    let (r2, stored, _) = snapshot(&mut f, 10, &after, FinishMode::FullReadComplete);
    assert_eq!(stored, 1, "a scale-only change is a change");
    let mut last = after.clone();
    last[1].status = "Pending Approval".into();
    let (r3, stored, _) = snapshot(&mut f, 20, &last, FinishMode::FullReadComplete);
    assert_eq!(stored, 1);
    assert_eq!(versions(&f), 4);
    assert_eq!(f.store.erp_orders_at(r1, Erp).unwrap(), before);
    assert_eq!(f.store.erp_orders_at(r2, Erp).unwrap(), after);
    assert_eq!(f.store.erp_orders_at(r3, Erp).unwrap(), last);
    assert_eq!(
        f.store.erp_orders_at(r1, Erp).unwrap()[0].lines[1]
            .quantity
            .to_string(),
        "2.5"
    );
    assert_eq!(
        f.duplicate_current("erp_orders", "system, document, erp_id"),
        0
    );
}

#[test]
fn posting_closes_the_order_and_adds_the_invoice_after_a_full_read() {
    let mut f = Fixture::new();
    let so1 = erp_order("SO-1", "000000001", "10");
    let so2 = erp_order("SO-2", "000000002", "20");
    let (r1, _, _) = snapshot(
        &mut f,
        0,
        &[so1.clone(), so2.clone()],
        FinishMode::FullReadComplete,
    );
    let posted = invoice(&so1, "PSI-1", Some("SO-1"));

    // An incremental read sees the invoice only: the order is not concluded gone.
    let (r2, stored, closed) = snapshot(
        &mut f,
        10,
        std::slice::from_ref(&posted),
        FinishMode::Incremental,
    );
    assert_eq!((stored, closed), (1, 0));
    assert_eq!(f.store.count_erp_orders_at(r2, Erp).unwrap(), 3);
    let (r3, _, closed) = snapshot(
        &mut f,
        20,
        std::slice::from_ref(&posted),
        FinishMode::Incomplete,
    );
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_erp_orders_at(r3, Erp).unwrap(), 3);

    // A full read that no longer finds SO-1 (posting deleted it) closes it.
    let (r4, stored, closed) = snapshot(
        &mut f,
        30,
        &[posted.clone(), so2.clone()],
        FinishMode::FullReadComplete,
    );
    assert_eq!((stored, closed), (0, 1));
    assert_eq!(
        f.store.erp_orders_at(r4, Erp).unwrap(),
        vec![posted.clone(), so2.clone()]
    );
    assert_eq!(f.store.erp_orders_at(r1, Erp).unwrap(), vec![so1, so2]);
    assert_eq!(versions(&f), 3);
}

#[test]
fn the_same_document_twice_in_one_run_keeps_the_last_and_its_lines() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let mut w = f.store.erp_orders_writer(run, Erp).unwrap();
    let first = erp_order("SO-1", "000000001", "10");
    let mut second = first.clone();
    second.total_including_tax = dec("12");
    second.lines.pop();
    w.write(std::slice::from_ref(&first)).unwrap();
    w.write(&[erp_order("SO-2", "000000002", "1"), second.clone()])
        .unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);
    assert_eq!(
        f.store.erp_orders_at(run, Erp).unwrap(),
        vec![second, erp_order("SO-2", "000000002", "1")]
    );
    assert_eq!(versions(&f), 2);
    assert_eq!(lines(&f), 3, "the rewritten order's old lines are gone");
}
