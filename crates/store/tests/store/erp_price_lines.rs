//! ERP price-list lines: round trip, the natural key (minimum quantity by value,
//! open dates), change-only storage, deletions, the last of two equal keys.

use model::erp::PriceListLine;
use model::{Entity, System};
use store::FinishMode;

use crate::util::{Erp, Fixture, day, dec, price_line};

fn snapshot(
    f: &mut Fixture,
    minute: i64,
    lines: &[PriceListLine],
    mode: FinishMode,
) -> (store::RunId, u64, u64) {
    let run = f.begin(minute);
    let mut w = f.store.erp_price_lines_writer(run, Erp).unwrap();
    let stored = w.write(lines).unwrap().stored;
    let closed = w.finish(mode).unwrap();
    f.finish(run, minute + 1);
    (run, stored, closed)
}

fn versions(f: &Fixture) -> u64 {
    f.store
        .stored_versions_of(Entity::Prices, System::Erp)
        .unwrap()
}

const KEY: &str =
    "system, price_list_code, item_number, currency, minimum_quantity_key, starting_date";

#[test]
fn round_trip_keeps_decimals_dates_and_open_ends() {
    let mut f = Fixture::new();
    let mut open = price_line("RETAIL", "1896-S", "0", "34.0000");
    open.starting_date = None;
    open.ending_date = None;
    open.currency = String::new();
    let mut later = price_line("RETAIL", "1896-S", "0", "33.50");
    later.starting_date = Some(day("2027-01-01"));
    later.currency = String::new();
    // In reading order: list, item, currency, minimum quantity, starting date.
    let lines = vec![
        open,
        later,
        price_line("RETAIL", "1896-S", "10.00", "30.00"),
        price_line("RETAIL", "1896-S", "100", "12345678901234567.123456789"),
        price_line("WHOLESALE", "1896-S", "1", "25"),
    ];
    let mut shuffled = lines.clone();
    shuffled.reverse();
    let (run, stored, _) = snapshot(&mut f, 0, &shuffled, FinishMode::FullReadComplete);
    assert_eq!(stored, 5);
    let back = f.store.erp_price_lines_at(run, Erp).unwrap();
    assert_eq!(back, lines);
    assert_eq!(back[2].minimum_quantity.to_string(), "10.00");
    assert_eq!(back[0].unit_price.to_string(), "34.0000");
    assert_eq!(back[0].starting_date, None);
    assert_eq!(back[2].ending_date, Some(day("2026-12-31")));
    assert_eq!(f.store.count_erp_price_lines_at(run, Erp).unwrap(), 5);
    let (keys, text): (String, String) = f
        .sql()
        .query_row(
            "SELECT minimum_quantity_key, minimum_quantity FROM erp_price_lines
             WHERE minimum_quantity = '10.00'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((keys.as_str(), text.as_str()), ("10", "10.00"));
}

#[test]
fn the_minimum_quantity_is_keyed_by_value_and_the_last_of_a_key_wins() {
    let mut f = Fixture::new();
    // "10" and "10.00" are one key: within one read the last wins.
    let run = f.begin(0);
    let mut w = f.store.erp_price_lines_writer(run, Erp).unwrap();
    let a = price_line("RETAIL", "A", "10", "30.00");
    let b = price_line("RETAIL", "A", "10.00", "29.00");
    let other_start = PriceListLine {
        starting_date: Some(day("2026-12-01")),
        ..price_line("RETAIL", "A", "10", "28.00")
    };
    w.write(&[a, other_start.clone()]).unwrap();
    w.write(std::slice::from_ref(&b)).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);
    assert_eq!(
        f.store.erp_price_lines_at(run, Erp).unwrap(),
        vec![b.clone(), other_start.clone()]
    );
    assert_eq!(versions(&f), 2);

    // Across runs, the same value at another scale is a new version of the key.
    let c = price_line("RETAIL", "A", "10.0", "29.00");
    let (r2, stored, closed) = snapshot(
        &mut f,
        10,
        &[c.clone(), other_start.clone()],
        FinishMode::FullReadComplete,
    );
    assert_eq!((stored, closed), (1, 0));
    assert_eq!(
        f.store.erp_price_lines_at(r2, Erp).unwrap(),
        vec![c, other_start]
    );
    assert_eq!(f.store.erp_price_lines_at(run, Erp).unwrap()[0], b);
    assert_eq!(f.duplicate_current("erp_price_lines", KEY), 0);
}

#[test]
fn unchanged_lines_are_not_stored_again_but_a_change_is() {
    let mut f = Fixture::new();
    let lines: Vec<_> = (0..30)
        .map(|i| price_line("RETAIL", &format!("ITEM-{i:02}"), "1", "9.99"))
        .collect();
    let mut runs = Vec::new();
    for r in 0..3 {
        let (run, stored, _) = snapshot(&mut f, r * 10, &lines, FinishMode::FullReadComplete);
        assert_eq!(stored, if r == 0 { 30 } else { 0 });
        assert_eq!(versions(&f), 30);
        runs.push(run);
    }
    let mut changed = lines.clone();
    changed[7].unit_price = dec("8.99");
    changed[9].ending_date = None;
    let (r4, stored, _) = snapshot(&mut f, 40, &changed, FinishMode::FullReadComplete);
    assert_eq!(stored, 2);
    assert_eq!(versions(&f), 32);
    assert_eq!(f.store.erp_price_lines_at(r4, Erp).unwrap(), changed);
    for run in runs {
        assert_eq!(f.store.erp_price_lines_at(run, Erp).unwrap(), lines);
    }
    assert_eq!(f.duplicate_current("erp_price_lines", KEY), 0);
}

#[test]
fn only_a_complete_full_read_closes_lines_missing_at_the_source() {
    let mut f = Fixture::new();
    let all = vec![
        price_line("RETAIL", "A", "1", "1"),
        price_line("RETAIL", "A", "5", "0.9"),
        price_line("RETAIL", "B", "1", "2"),
    ];
    let (r1, _, _) = snapshot(&mut f, 0, &all, FinishMode::FullReadComplete);
    let some = &all[..1];
    let (r2, _, closed) = snapshot(&mut f, 10, some, FinishMode::Incremental);
    assert_eq!(closed, 0);
    assert_eq!(f.store.count_erp_price_lines_at(r2, Erp).unwrap(), 3);
    let (_, _, closed) = snapshot(&mut f, 20, some, FinishMode::Incomplete);
    assert_eq!(closed, 0);
    let (r4, _, closed) = snapshot(&mut f, 30, some, FinishMode::FullReadComplete);
    assert_eq!(closed, 2);
    assert_eq!(f.store.erp_price_lines_at(r4, Erp).unwrap(), some);
    assert_eq!(f.store.erp_price_lines_at(r1, Erp).unwrap(), all);
    assert_eq!(versions(&f), 3);
}
