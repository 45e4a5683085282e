//! Stock per source: round trip, change-only storage, deletions, duplicates.

use model::Entity;
use store::FinishMode;

use crate::util::{Fixture, Magento, dec, item};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    items: &[model::SourceItem],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.source_items_writer(run, Magento).unwrap();
    let stored = w.write(items).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

#[test]
fn round_trip_keeps_exact_decimals_and_scale() {
    let mut f = Fixture::new();
    let items = vec![
        item("default", "24-MB01", "100.0000"),
        item("default", "24-MB02", "0"),
        item("eu-west", "24-MB01", "-3.5"),
        item("eu-west", "MJ09-XS-Blue", "12345678901234567.123456789"),
    ];
    let (run, stored, _) = snapshot(&mut f, 0, &items, FinishMode::FullReadComplete);
    assert_eq!(stored, 4);
    let back = f.store.source_items_at(run, Magento).unwrap();
    assert_eq!(back, items);
    // Scale is kept, not normalised: "100.0000" reads back as "100.0000".
    assert_eq!(back[0].quantity.to_string(), "100.0000");
    assert_eq!(back[0].quantity.scale(), 4);
    assert_eq!(f.store.count_source_items_at(run, Magento).unwrap(), 4);
}

#[test]
fn unchanged_rows_are_not_stored_again() {
    let mut f = Fixture::new();
    let items: Vec<_> = (0..100)
        .map(|i| item("default", &format!("SKU-{i:03}"), "5.0000"))
        .collect();
    let mut runs = Vec::new();
    for r in 0..3 {
        let (run, stored, closed) = snapshot(&mut f, r * 10, &items, FinishMode::FullReadComplete);
        assert_eq!(stored, if r == 0 { 100 } else { 0 });
        assert_eq!(closed, 0);
        assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 100);
        runs.push(run);
    }
    for run in runs {
        assert_eq!(f.store.source_items_at(run, Magento).unwrap(), items);
    }
}

#[test]
fn a_change_makes_one_version_and_old_runs_keep_the_old_value() {
    let mut f = Fixture::new();
    let mut items = vec![item("default", "A", "5"), item("default", "B", "7")];
    let (r1, _, _) = snapshot(&mut f, 0, &items, FinishMode::FullReadComplete);
    items[1].quantity = dec("6");
    let (r2, stored, _) = snapshot(&mut f, 10, &items, FinishMode::FullReadComplete);
    assert_eq!(stored, 1);
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 3);
    let (r3, stored, _) = snapshot(&mut f, 20, &items, FinishMode::FullReadComplete);
    assert_eq!(stored, 0);

    assert_eq!(
        f.store.source_items_at(r1, Magento).unwrap()[1].quantity,
        dec("7")
    );
    assert_eq!(
        f.store.source_items_at(r2, Magento).unwrap()[1].quantity,
        dec("6")
    );
    assert_eq!(f.store.source_items_at(r3, Magento).unwrap(), items);
    assert_eq!(
        f.duplicate_current("source_items", "system, source_code, sku"),
        0
    );
}

#[test]
fn only_a_complete_full_read_closes_rows_missing_at_the_source() {
    let mut f = Fixture::new();
    let all = vec![
        item("s", "A", "1"),
        item("s", "B", "2"),
        item("s", "C", "3"),
    ];
    let (r1, _, _) = snapshot(&mut f, 0, &all, FinishMode::FullReadComplete);
    let some = &all[..1];

    let (r2, _, closed) = snapshot(&mut f, 10, some, FinishMode::Incomplete);
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_source_items_at(r2, Magento).unwrap(), 3);

    let (r3, _, closed) = snapshot(&mut f, 20, some, FinishMode::Incremental);
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_source_items_at(r3, Magento).unwrap(), 3);

    // A writer dropped without finish closes nothing either.
    let r4 = f.begin(30);
    let mut w = f.store.source_items_writer(r4, Magento).unwrap();
    w.write(some).unwrap();
    drop(w);
    f.finish(r4, 31);
    assert_eq!(f.store.count_source_items_at(r4, Magento).unwrap(), 3);

    let (r5, _, closed) = snapshot(&mut f, 40, some, FinishMode::FullReadComplete);
    assert_eq!(closed, 2);
    assert_eq!(f.store.source_items_at(r5, Magento).unwrap(), some);
    // Deleting writes no version: the old ones are closed, history intact.
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 3);
    assert_eq!(f.store.source_items_at(r1, Magento).unwrap(), all);

    // Coming back after a deletion is a new version.
    let (r6, stored, _) = snapshot(&mut f, 50, &all, FinishMode::FullReadComplete);
    assert_eq!(stored, 2);
    assert_eq!(f.store.source_items_at(r6, Magento).unwrap(), all);
    assert_eq!(f.store.source_items_at(r5, Magento).unwrap(), some);
}

#[test]
fn the_same_key_twice_in_one_run_keeps_the_last() {
    let mut f = Fixture::new();
    let (r1, _, _) = snapshot(
        &mut f,
        0,
        &[item("s", "A", "1"), item("s", "B", "1")],
        FinishMode::FullReadComplete,
    );

    let r2 = f.begin(10);
    let mut w = f.store.source_items_writer(r2, Magento).unwrap();
    // Changed during paging: read on page 1 and again on page 3; also twice in one batch.
    w.write(&[item("s", "A", "2"), item("s", "B", "1")])
        .unwrap();
    w.write(&[
        item("s", "A", "3"),
        item("s", "C", "1"),
        item("s", "C", "4"),
    ])
    .unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 0);
    f.finish(r2, 11);

    assert_eq!(
        f.store.source_items_at(r2, Magento).unwrap(),
        vec![
            item("s", "A", "3"),
            item("s", "B", "1"),
            item("s", "C", "4")
        ]
    );
    assert_eq!(
        f.store.source_items_at(r1, Magento).unwrap()[0].quantity,
        dec("1")
    );
    // A1, B1 from run 1; A3 and C4 from run 2, rewritten in place, not duplicated.
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 4);
    assert_eq!(
        f.duplicate_current("source_items", "system, source_code, sku"),
        0
    );

    // Reading the same key back to its old value within a run is fine too.
    let r3 = f.begin(20);
    let mut w = f.store.source_items_writer(r3, Magento).unwrap();
    w.write(&[item("s", "A", "9"), item("s", "A", "3")])
        .unwrap();
    w.finish(FinishMode::Incremental).unwrap();
    f.finish(r3, 21);
    assert_eq!(
        f.store.source_items_at(r3, Magento).unwrap()[0].quantity,
        dec("3")
    );
    assert_eq!(
        f.duplicate_current("source_items", "system, source_code, sku"),
        0
    );
}

#[test]
fn two_writers_in_one_run_do_not_close_each_others_rows() {
    let mut f = Fixture::new();
    let r1 = f.begin(0);
    let mut w = f.store.source_items_writer(r1, Magento).unwrap();
    w.write(&[item("s", "A", "1")]).unwrap();
    w.finish(FinishMode::Incomplete).unwrap();
    let mut w = f.store.source_items_writer(r1, Magento).unwrap();
    w.write(&[item("s", "B", "1")]).unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 0);
    f.finish(r1, 1);
    assert_eq!(f.store.count_source_items_at(r1, Magento).unwrap(), 2);
}

#[test]
fn a_finished_run_takes_no_more_rows() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    f.finish(run, 1);
    let err = f.store.source_items_writer(run, Magento).unwrap_err();
    assert!(matches!(err, store::Error::RunNotRunning { .. }), "{err}");
    assert!(err.to_string().contains("start a new snapshot"), "{err}");
}
