//! ERP stock per location (or per item only): round trip, change-only storage,
//! deletions, duplicates.

use model::erp::LocationStock;
use model::{Entity, System};
use store::FinishMode;

use crate::util::{Erp, Fixture, at, dec, stock};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    rows: &[LocationStock],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.erp_stock_writer(run, Erp).unwrap();
    let stored = w.write(rows).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

fn versions(f: &Fixture) -> u64 {
    f.store
        .stored_versions_of(Entity::Stock, System::Erp)
        .unwrap()
}

#[test]
fn round_trip_keeps_decimals_times_and_missing_locations() {
    let mut f = Fixture::new();
    let mut undated = stock("1896-S", Some("WEST"), "0");
    undated.last_modified = None;
    // In reading order: by item, an item's total (no location) first.
    let rows = vec![
        stock("1896-S", None, "12.50"),
        stock("1896-S", Some("EAST"), "12345678901234567.123456789"),
        undated,
        stock("1900-S", Some("MAIN"), "-3.0000"),
    ];
    let mut shuffled = rows.clone();
    shuffled.reverse();
    let (run, stored, _) = snapshot(&mut f, 0, &shuffled, FinishMode::FullReadComplete);
    assert_eq!(stored, 4);
    let back = f.store.erp_stock_at(run, Erp).unwrap();
    assert_eq!(back, rows);
    assert_eq!(back[0].location_code, None);
    assert_eq!(back[0].quantity.to_string(), "12.50");
    assert_eq!(back[3].quantity.to_string(), "-3.0000");
    assert_eq!(back[0].last_modified, rows[0].last_modified, "sub-second");
    assert_eq!(f.store.count_erp_stock_at(run, Erp).unwrap(), 4);
    assert!(
        f.store
            .erp_stock_at(run, System::Magento)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn an_empty_location_code_is_the_items_total() {
    let mut f = Fixture::new();
    let (r1, _, _) = snapshot(
        &mut f,
        0,
        &[stock("A", None, "5")],
        FinishMode::FullReadComplete,
    );
    // The same row as far as the store is concerned: nothing new is stored.
    let (r2, stored, closed) = snapshot(
        &mut f,
        10,
        &[stock("A", Some(""), "5")],
        FinishMode::FullReadComplete,
    );
    assert_eq!((stored, closed), (0, 0));
    for run in [r1, r2] {
        assert_eq!(
            f.store.erp_stock_at(run, Erp).unwrap(),
            vec![stock("A", None, "5")]
        );
    }
}

#[test]
fn unchanged_stock_is_not_stored_again() {
    let mut f = Fixture::new();
    let rows: Vec<_> = (0..60)
        .map(|i| {
            let location = ["MAIN", "EAST"].get(i % 3).copied();
            stock(&format!("ITEM-{i:03}"), location, "5.0000")
        })
        .collect();
    let mut runs = Vec::new();
    for r in 0..3 {
        let (run, stored, closed) = snapshot(&mut f, r * 10, &rows, FinishMode::FullReadComplete);
        assert_eq!(stored, if r == 0 { 60 } else { 0 });
        assert_eq!(closed, 0);
        assert_eq!(versions(&f), 60);
        runs.push(run);
    }
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| {
        (&a.item_number, &a.location_code).cmp(&(&b.item_number, &b.location_code))
    });
    for run in runs {
        assert_eq!(f.store.erp_stock_at(run, Erp).unwrap(), sorted);
    }
}

#[test]
fn a_change_makes_one_version_and_old_runs_keep_the_old_value() {
    let mut f = Fixture::new();
    let mut rows = vec![stock("A", Some("MAIN"), "5"), stock("A", None, "7")];
    let (r1, _, _) = snapshot(&mut f, 0, &rows, FinishMode::FullReadComplete);
    rows[1].quantity = dec("6");
    let (r2, stored, _) = snapshot(&mut f, 10, &rows, FinishMode::FullReadComplete);
    assert_eq!(stored, 1);
    assert_eq!(versions(&f), 3);
    // Only the time the ERP last touched the row changed: still a change.
    rows[0].last_modified = Some(at(5));
    let (r3, stored, _) = snapshot(&mut f, 20, &rows, FinishMode::FullReadComplete);
    assert_eq!(stored, 1);
    let (r4, stored, _) = snapshot(&mut f, 30, &rows, FinishMode::FullReadComplete);
    assert_eq!(stored, 0);
    assert_eq!(versions(&f), 4);

    let total = |run| f.store.erp_stock_at(run, Erp).unwrap()[0].quantity;
    assert_eq!(total(r1), dec("7"));
    assert_eq!(total(r2), dec("6"));
    assert_eq!(
        f.store.erp_stock_at(r2, Erp).unwrap()[1].last_modified,
        stock("A", None, "0").last_modified
    );
    assert_eq!(
        f.store.erp_stock_at(r4, Erp).unwrap(),
        vec![rows[1].clone(), rows[0].clone()]
    );
    assert_eq!(
        f.store.erp_stock_at(r3, Erp).unwrap(),
        f.store.erp_stock_at(r4, Erp).unwrap()
    );
    assert_eq!(
        f.duplicate_current("erp_stock", "system, item_number, location_code"),
        0
    );
}

#[test]
fn only_a_complete_full_read_closes_rows_missing_at_the_source() {
    let mut f = Fixture::new();
    let all = vec![
        stock("A", Some("MAIN"), "1"),
        stock("B", Some("MAIN"), "2"),
        stock("C", None, "3"),
    ];
    let (r1, _, _) = snapshot(&mut f, 0, &all, FinishMode::FullReadComplete);
    let some = &all[..1];

    let (r2, _, closed) = snapshot(&mut f, 10, some, FinishMode::Incremental);
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_erp_stock_at(r2, Erp).unwrap(), 3);
    let (r3, _, closed) = snapshot(&mut f, 20, some, FinishMode::Incomplete);
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_erp_stock_at(r3, Erp).unwrap(), 3);

    let (r4, _, closed) = snapshot(&mut f, 30, some, FinishMode::FullReadComplete);
    assert_eq!(closed, 2);
    assert_eq!(f.store.erp_stock_at(r4, Erp).unwrap(), some);
    assert_eq!(versions(&f), 3, "deleting writes no version");
    assert_eq!(f.store.erp_stock_at(r1, Erp).unwrap(), all);
    assert_eq!(f.store.erp_stock_at(r3, Erp).unwrap(), all);

    let (r5, stored, _) = snapshot(&mut f, 40, &all, FinishMode::FullReadComplete);
    assert_eq!(stored, 2, "coming back after a deletion is a new version");
    assert_eq!(f.store.erp_stock_at(r5, Erp).unwrap(), all);
    assert_eq!(f.store.erp_stock_at(r4, Erp).unwrap(), some);
}

#[test]
fn the_same_key_twice_in_one_run_keeps_the_last() {
    let mut f = Fixture::new();
    let (r1, _, _) = snapshot(
        &mut f,
        0,
        &[stock("A", Some("MAIN"), "1")],
        FinishMode::FullReadComplete,
    );
    let r2 = f.begin(10);
    let mut w = f.store.erp_stock_writer(r2, Erp).unwrap();
    w.write(&[stock("A", Some("MAIN"), "2")]).unwrap();
    w.write(&[stock("A", Some("MAIN"), "3"), stock("A", Some("MAIN"), "4")])
        .unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(r2, 11);
    assert_eq!(
        f.store.erp_stock_at(r2, Erp).unwrap(),
        vec![stock("A", Some("MAIN"), "4")]
    );
    assert_eq!(f.store.erp_stock_at(r1, Erp).unwrap()[0].quantity, dec("1"));
    assert_eq!(versions(&f), 2);
    assert_eq!(
        f.duplicate_current("erp_stock", "system, item_number, location_code"),
        0
    );
}
