//! The mismatch lifecycle across reconciliation runs, and what people do to it.

use model::{Finding, MismatchEntity, MismatchKind, MismatchState};
use store::{Error, MismatchEventKind, MismatchFilter, MismatchRecord, ReconOutcome, ReconRunId};

use crate::util::{Fixture, Recon, at, dec, order_finding, stock_finding};

use MismatchEventKind as Ev;
use MismatchState::{Acknowledged, Ignored, Open, Resolved};

fn outcome(run: i64, opened: u64, reopened: u64, still_open: u64, resolved: u64) -> ReconOutcome {
    ReconOutcome {
        run: ReconRunId(run),
        opened,
        reopened,
        still_open,
        resolved,
    }
}

/// The only mismatch with `key`.
fn by_key(f: &Fixture, key: &str) -> MismatchRecord {
    let all = f.store.mismatches(&MismatchFilter::default()).unwrap();
    let mut found: Vec<_> = all
        .into_iter()
        .filter(|m| m.finding.key.to_string() == key)
        .collect();
    assert_eq!(found.len(), 1, "mismatches with key {key}");
    found.pop().unwrap()
}

/// (event, state after it, run) of each history entry.
fn history(f: &Fixture, id: i64) -> Vec<(MismatchEventKind, MismatchState, Option<i64>)> {
    f.store
        .mismatch_history(id)
        .unwrap()
        .into_iter()
        .map(|e| (e.event, e.state, e.recon_run.map(|r| r.0)))
        .collect()
}

#[test]
fn a_mismatch_opens_is_seen_again_resolves_when_gone_and_reopens() {
    let mut f = Fixture::new();
    let a = stock_finding("24-MB01", "wh-1", "5", "3");

    // Run 1: found for the first time.
    let out = f.recon(&Recon::at(0, vec![a.clone()]));
    assert_eq!(out, outcome(1, 1, 0, 0, 0));
    let m = by_key(&f, "24-MB01@wh-1");
    assert_eq!(m.finding, a);
    assert_eq!(m.state, Open);
    assert_eq!(
        (m.first_seen, m.last_seen, m.state_changed_at),
        (at(0), at(0), at(0))
    );
    assert_eq!(
        (m.first_seen_run, m.last_seen_run),
        (ReconRunId(1), ReconRunId(1))
    );
    assert_eq!(m.occurrences, 1);
    assert_eq!(f.store.mismatch(m.id).unwrap(), Some(m.clone()));

    // Run 2: the same values (the delta with another scale is the same number).
    let mut same = a.clone();
    same.delta = Some(dec("-2.00"));
    let out = f.recon(&Recon::at(10, vec![same]));
    assert_eq!(out, outcome(2, 0, 0, 1, 0));
    let m2 = f.store.mismatch(m.id).unwrap().unwrap();
    assert_eq!(m2.occurrences, 2);
    assert_eq!((m2.first_seen, m2.first_seen_run), (at(0), ReconRunId(1)));
    assert_eq!((m2.last_seen, m2.last_seen_run), (at(10), ReconRunId(2)));
    assert_eq!(m2.state_changed_at, at(0));
    assert_eq!(m2.finding.delta.unwrap().to_string(), "-2.00");
    assert_eq!(history(&f, m.id), vec![(Ev::Opened, Open, Some(1))]);

    // Run 3: seen with other values.
    let changed = stock_finding("24-MB01", "wh-1", "5", "1");
    let out = f.recon(&Recon::at(20, vec![changed.clone()]));
    assert_eq!(out, outcome(3, 0, 0, 1, 0));
    let m3 = f.store.mismatch(m.id).unwrap().unwrap();
    assert_eq!(m3.finding, changed);
    assert_eq!(m3.occurrences, 3);
    let events = f.store.mismatch_history(m.id).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].event, Ev::Changed);
    assert_eq!(events[1].state, Open);
    assert_eq!(events[1].at, at(20));
    assert_eq!(events[1].erp.as_deref(), Some("qty 1"));
    assert_eq!(events[1].delta, Some(dec("-4")));

    // Run 4: gone.
    let out = f.recon(&Recon::at(30, vec![]));
    assert_eq!(out, outcome(4, 0, 0, 0, 1));
    let m4 = f.store.mismatch(m.id).unwrap().unwrap();
    assert_eq!(m4.state, Resolved);
    assert_eq!(m4.state_changed_at, at(30));
    assert_eq!((m4.last_seen, m4.occurrences), (at(20), 3));

    // Run 5: back again: the same mismatch, reopened, first seen in run 1.
    let out = f.recon(&Recon::at(40, vec![a.clone()]));
    assert_eq!(out, outcome(5, 0, 1, 0, 0));
    let m5 = f.store.mismatch(m.id).unwrap().unwrap();
    assert_eq!(m5.state, Open);
    assert_eq!((m5.first_seen, m5.first_seen_run), (at(0), ReconRunId(1)));
    assert_eq!((m5.last_seen, m5.last_seen_run), (at(40), ReconRunId(5)));
    assert_eq!((m5.occurrences, m5.state_changed_at), (4, at(40)));
    assert_eq!(m5.finding, a);
    assert_eq!(
        history(&f, m.id),
        vec![
            (Ev::Opened, Open, Some(1)),
            (Ev::Changed, Open, Some(3)),
            (Ev::Resolved, Resolved, Some(4)),
            (Ev::Reopened, Open, Some(5)),
        ]
    );
    let resolved = &f.store.mismatch_history(m.id).unwrap()[2];
    assert_eq!((resolved.magento.as_deref(), resolved.delta), (None, None));
    assert_eq!(
        f.store
            .mismatches(&MismatchFilter::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_change_of_any_one_value_is_recorded_and_no_change_is_not() {
    let mut f = Fixture::new();
    let base = order_finding("000000101", "59.90");
    f.recon(&Recon::at(0, vec![base.clone()]));
    let id = by_key(&f, "000000101").id;
    let variants: Vec<(&str, Finding)> = vec![
        (
            "magento",
            Finding {
                magento: Some("grand total 60.00 EUR".into()),
                ..base.clone()
            },
        ),
        (
            "erp",
            Finding {
                erp: Some("SO-1001 draft".into()),
                ..base.clone()
            },
        ),
        (
            "delta",
            Finding {
                delta: Some(dec("0.10")),
                ..base.clone()
            },
        ),
        (
            "value at risk",
            Finding {
                value_at_risk: Some(dec("59.91")),
                ..base.clone()
            },
        ),
        (
            "currency",
            Finding {
                currency: Some("USD".into()),
                ..base.clone()
            },
        ),
    ];
    let mut minute = 0;
    for (what, variant) in variants {
        // Back to the base first, so only one value differs each time.
        for finding in [base.clone(), variant.clone()] {
            minute += 10;
            f.recon(&Recon::at(minute, vec![finding]));
        }
        let events = f.store.mismatch_history(id).unwrap();
        let last = events.last().unwrap();
        assert_eq!((last.event, last.at), (Ev::Changed, at(minute)), "{what}");
        assert_eq!(
            (&last.magento, &last.erp, last.delta),
            (&variant.magento, &variant.erp, variant.delta),
            "{what}"
        );
        assert_eq!(
            f.store.mismatch(id).unwrap().unwrap().finding,
            variant,
            "{what}"
        );
    }
    // Opened, five changes and the four returns to the base between them (the first
    // base run saw nothing new); seeing the same values again adds nothing.
    let before = f.store.mismatch_history(id).unwrap().len();
    assert_eq!(before, 10);
    let last = f.store.mismatch(id).unwrap().unwrap().finding;
    f.recon(&Recon::at(minute + 10, vec![last]));
    assert_eq!(f.store.mismatch_history(id).unwrap().len(), before);
}

#[test]
fn people_acknowledge_and_ignore_with_a_note_and_the_history_says_who() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(
        0,
        vec![
            order_finding("000000101", "59.90"),
            stock_finding("A", "s", "1", "2"),
        ],
    ));
    let order = by_key(&f, "000000101");
    let stock = by_key(&f, "A@s");

    let acked = f
        .store
        .set_mismatch_state(
            order.id,
            Acknowledged,
            "  ERP import queue stuck, ticket 812 ",
            "maria",
            at(5),
        )
        .unwrap();
    assert_eq!(acked.state, Acknowledged);
    assert_eq!(
        acked.note.as_deref(),
        Some("ERP import queue stuck, ticket 812")
    );
    assert_eq!(acked.actor.as_deref(), Some("maria"));
    assert_eq!(acked.state_changed_at, at(5));
    assert_eq!(f.store.mismatch(order.id).unwrap(), Some(acked.clone()));

    let ignored = f
        .store
        .set_mismatch_state(
            stock.id,
            Ignored,
            "display stock, never synced",
            "tom",
            at(6),
        )
        .unwrap();
    assert_eq!((ignored.state, ignored.state_changed_at), (Ignored, at(6)));

    // Acknowledging again with a new note keeps the time the state changed.
    let again = f
        .store
        .set_mismatch_state(
            order.id,
            Acknowledged,
            "ticket 812 escalated",
            "maria",
            at(7),
        )
        .unwrap();
    assert_eq!(again.note.as_deref(), Some("ticket 812 escalated"));
    assert_eq!(again.state_changed_at, at(5));

    let events = f.store.mismatch_history(order.id).unwrap();
    assert_eq!(events.len(), 3);
    let ack = &events[1];
    assert_eq!((ack.event, ack.state), (Ev::Acknowledged, Acknowledged));
    assert_eq!(ack.recon_run, None);
    assert_eq!(ack.at, at(5));
    assert_eq!(
        ack.note.as_deref(),
        Some("ERP import queue stuck, ticket 812")
    );
    assert_eq!(ack.actor.as_deref(), Some("maria"));
    assert_eq!(ack.magento.as_deref(), Some("grand total 59.90 EUR"));
    assert_eq!(events[2].note.as_deref(), Some("ticket 812 escalated"));
    assert_eq!(
        history(&f, stock.id),
        vec![(Ev::Opened, Open, Some(1)), (Ev::Ignored, Ignored, None)]
    );
}

#[test]
fn an_acknowledged_mismatch_stays_acknowledged_when_seen_again_and_resolves_when_gone() {
    let mut f = Fixture::new();
    let a = stock_finding("A", "s", "1", "2");
    let b = stock_finding("B", "s", "1", "3");
    f.recon(&Recon::at(0, vec![a.clone(), b.clone()]));
    let (ida, idb) = (by_key(&f, "A@s").id, by_key(&f, "B@s").id);
    f.store
        .set_mismatch_state(ida, Acknowledged, "counting on Monday", "maria", at(1))
        .unwrap();
    f.store
        .set_mismatch_state(idb, Ignored, "sample stock", "tom", at(1))
        .unwrap();

    let out = f.recon(&Recon::at(
        10,
        vec![a.clone(), stock_finding("B", "s", "1", "4")],
    ));
    assert_eq!(out, outcome(2, 0, 0, 2, 0));
    let m = f.store.mismatch(ida).unwrap().unwrap();
    assert_eq!(
        (m.state, m.occurrences, m.state_changed_at),
        (Acknowledged, 2, at(1))
    );
    assert_eq!(m.note.as_deref(), Some("counting on Monday"));
    // A changed value is recorded under the state the mismatch is in.
    assert_eq!(
        history(&f, idb),
        vec![
            (Ev::Opened, Open, Some(1)),
            (Ev::Ignored, Ignored, None),
            (Ev::Changed, Ignored, Some(2)),
        ]
    );

    // Gone: acknowledged and ignored ones resolve too.
    assert_eq!(f.recon(&Recon::at(20, vec![])), outcome(3, 0, 0, 0, 2));
    for id in [ida, idb] {
        let m = f.store.mismatch(id).unwrap().unwrap();
        assert_eq!((m.state, m.state_changed_at), (Resolved, at(20)));
    }
    let err = f
        .store
        .set_mismatch_state(ida, Acknowledged, "still counting", "maria", at(21))
        .unwrap_err();
    assert!(
        matches!(err, Error::MismatchResolved { id, .. } if id == ida),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "mismatch {ida} was resolved on 2026-11-23 06:20 UTC and needs nothing; if a later \
             reconciliation finds it again it reopens by itself"
        )
    );

    // Back after a gap: with the same difference the decision stands, note and all; with
    // another, it reopens and says why, and the earlier note no longer applies.
    let b_moved = stock_finding("B", "s", "1", "9");
    assert_eq!(
        f.recon(&Recon::at(30, vec![a, b_moved])),
        outcome(4, 0, 2, 0, 0)
    );
    let m = f.store.mismatch(ida).unwrap().unwrap();
    assert_eq!(
        (m.state, m.note.as_deref(), m.actor.as_deref()),
        (Acknowledged, Some("counting on Monday"), Some("maria"))
    );
    assert_eq!((m.first_seen, m.occurrences), (at(0), 3));
    assert_eq!(
        history(&f, ida),
        vec![
            (Ev::Opened, Open, Some(1)),
            (Ev::Acknowledged, Acknowledged, None),
            (Ev::Resolved, Resolved, Some(3)),
            (Ev::Returned, Acknowledged, Some(4)),
        ]
    );
    let m = f.store.mismatch(idb).unwrap().unwrap();
    assert_eq!((m.state, m.note, m.actor), (Open, None, None));
    let reopened = f.store.mismatch_history(idb).unwrap().pop().unwrap();
    assert_eq!((reopened.event, reopened.state), (Ev::Reopened, Open));
    assert_eq!(
        reopened.note.as_deref(),
        Some("ignored before it went away, with a difference of 3; back with a difference of 8")
    );

    // Resolved again and back with the same difference: the reopened one stays open.
    f.recon(&Recon::at(40, vec![]));
    f.recon(&Recon::at(50, vec![stock_finding("B", "s", "1", "9")]));
    assert_eq!(f.store.mismatch(idb).unwrap().unwrap().state, Open);
}

#[test]
fn a_decision_holds_within_the_tolerance_and_for_findings_without_a_difference() {
    let mut f = Fixture::new();
    let stock = stock_finding("A", "s", "10", "8");
    let missing = order_finding("100000001", "129.00");
    f.recon(&Recon::at(0, vec![stock.clone(), missing.clone()]));
    let (ids, ido) = (by_key(&f, "A@s").id, by_key(&f, "100000001").id);
    for id in [ids, ido] {
        f.store
            .set_mismatch_state(id, Ignored, "known", "ana", at(1))
            .unwrap();
    }
    f.recon(&Recon::at(10, vec![]));
    let mut back = Recon::at(20, vec![stock_finding("A", "s", "10", "7.5"), missing]);
    back.decisions.stock = model::rules::Tolerance {
        absolute: dec("0.5"),
        percent: dec("0"),
    };
    f.recon(&back);
    for id in [ids, ido] {
        assert_eq!(
            f.store.mismatch(id).unwrap().unwrap().state,
            Ignored,
            "{id}"
        );
    }
}

#[test]
fn a_blank_note_or_a_state_set_by_driftwatch_is_refused() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(0, vec![stock_finding("A", "s", "1", "2")]));
    let id = by_key(&f, "A@s").id;

    let err = f
        .store
        .set_mismatch_state(id, Acknowledged, " \n\t", "maria", at(1))
        .unwrap_err();
    assert!(matches!(err, Error::NoteRequired), "{err}");
    assert_eq!(err.to_string(), "a note is required: say why");

    for state in [Open, Resolved, MismatchState::Replayed] {
        let err = f
            .store
            .set_mismatch_state(id, state, "because", "maria", at(1))
            .unwrap_err();
        assert!(
            matches!(err, Error::StateNotSettable { state: s } if s == state),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "a mismatch can be set by hand only to acknowledged or ignored, not {state}: \
                 Driftwatch sets open, resolved and replayed itself"
            )
        );
    }
    let m = f.store.mismatch(id).unwrap().unwrap();
    assert_eq!((m.state, m.note), (Open, None));
    assert_eq!(history(&f, id), vec![(Ev::Opened, Open, Some(1))]);
}

#[test]
fn an_unknown_mismatch_says_how_to_find_one() {
    let mut f = Fixture::new();
    let err = f
        .store
        .set_mismatch_state(999, Acknowledged, "why", "maria", at(0))
        .unwrap_err();
    assert!(matches!(err, Error::UnknownMismatch { id: 999 }), "{err}");
    assert_eq!(
        err.to_string(),
        "no mismatch with id 999 (`driftwatch mismatches` lists them)"
    );
    let err = f.store.mismatch_history(999).unwrap_err();
    assert!(matches!(err, Error::UnknownMismatch { id: 999 }), "{err}");
    assert_eq!(f.store.mismatch(999).unwrap(), None);
}

#[test]
fn a_partial_entity_records_findings_but_resolves_nothing() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(
        0,
        vec![
            stock_finding("A", "s", "1", "2"),
            order_finding("000000101", "10.00"),
        ],
    ));

    // Stock was read partially: A is not found, but may simply not have been read.
    let mut partial = Recon::at(10, vec![stock_finding("B", "s", "4", "0")]);
    partial.partial = vec![MismatchEntity::Stock];
    assert_eq!(f.recon(&partial), outcome(2, 1, 0, 0, 1));
    let a = by_key(&f, "A@s");
    assert_eq!((a.state, a.last_seen, a.occurrences), (Open, at(0), 1));
    assert_eq!(by_key(&f, "B@s").state, Open);
    assert_eq!(by_key(&f, "000000101").state, Resolved);

    // A complete read of stock resolves it.
    let complete = Recon::at(20, vec![stock_finding("B", "s", "4", "0")]);
    assert_eq!(f.recon(&complete), outcome(3, 0, 0, 1, 1));
    assert_eq!(by_key(&f, "A@s").state, Resolved);
}

#[test]
fn an_entity_the_run_did_not_reconcile_is_untouched() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(
        0,
        vec![
            stock_finding("A", "s", "1", "2"),
            order_finding("000000101", "10.00"),
        ],
    ));
    let before = by_key(&f, "A@s");

    let mut orders_only = Recon::at(10, vec![]);
    orders_only.entities = vec![MismatchEntity::Order];
    assert_eq!(f.recon(&orders_only), outcome(2, 0, 0, 0, 1));
    assert_eq!(by_key(&f, "A@s"), before);
    assert_eq!(history(&f, before.id), vec![(Ev::Opened, Open, Some(1))]);
    assert_eq!(by_key(&f, "000000101").state, Resolved);
}

#[test]
fn a_duplicate_finding_is_refused_by_key_and_nothing_of_the_run_is_stored() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(0, vec![stock_finding("A", "s", "1", "2")]));
    let before = f.store.mismatches(&MismatchFilter::default()).unwrap();

    // One key new in this run, one seen before: both are caught.
    for sku in ["N", "A"] {
        let key = format!("{sku}@s");
        let recon = Recon::at(
            10,
            vec![
                stock_finding(sku, "s", "1", "2"),
                order_finding("000000101", "10.00"),
                stock_finding(sku, "s", "1", "5"),
            ],
        );
        let err = f.store.record_recon(&recon.record()).unwrap_err();
        assert!(
            matches!(&err, Error::DuplicateFinding { entity: MismatchEntity::Stock, kind: MismatchKind::QtyMismatch, key: k } if *k == key),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "the reconciliation reported the stock mismatch qty_mismatch `{key}` twice in \
                 one run, and nothing of the run was stored; report this to the Driftwatch team"
            )
        );
    }
    assert_eq!(
        f.store.mismatches(&MismatchFilter::default()).unwrap(),
        before
    );
    assert_eq!(f.store.recon_runs(10).unwrap().len(), 1);
    let events: i64 = f
        .sql()
        .query_row("SELECT COUNT(*) FROM mismatch_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1);
}

#[test]
fn mismatches_are_filtered_by_entity_kind_and_state_largest_value_at_risk_first() {
    let mut f = Fixture::new();
    let mut total = order_finding("000000103", "7.50");
    total.kind = MismatchKind::TotalMismatch;
    let mut no_value = stock_finding("C", "s", "1", "2");
    no_value.value_at_risk = None;
    f.recon(&Recon::at(
        0,
        vec![
            order_finding("000000101", "10.00"),
            stock_finding("A", "s", "1", "2"), // 10.00 at risk
            order_finding("000000102", "1234.5678"),
            no_value,
            total,
            stock_finding("B", "s", "1", "9"), // 80.00 at risk
        ],
    ));
    f.store
        .set_mismatch_state(by_key(&f, "B@s").id, Ignored, "sample", "tom", at(1))
        .unwrap();

    let keys = |filter: MismatchFilter| -> Vec<String> {
        f.store
            .mismatches(&filter)
            .unwrap()
            .into_iter()
            .map(|m| m.finding.key.to_string())
            .collect()
    };
    assert_eq!(
        keys(MismatchFilter::default()),
        // A@s and 000000101 risk as much and are as old: the first recorded first.
        ["000000102", "B@s", "000000101", "A@s", "000000103", "C@s"]
    );
    assert_eq!(
        keys(MismatchFilter {
            entity: Some(MismatchEntity::Order),
            ..Default::default()
        }),
        ["000000102", "000000101", "000000103"]
    );
    assert_eq!(
        keys(MismatchFilter {
            entity: Some(MismatchEntity::Order),
            kind: Some(MismatchKind::MissingInErp),
            ..Default::default()
        }),
        ["000000102", "000000101"]
    );
    assert_eq!(
        keys(MismatchFilter {
            kind: Some(MismatchKind::TotalMismatch),
            ..Default::default()
        }),
        ["000000103"]
    );
    assert_eq!(
        keys(MismatchFilter {
            entity: Some(MismatchEntity::Stock),
            state: Some(Open),
            ..Default::default()
        }),
        ["A@s", "C@s"]
    );
    assert_eq!(
        keys(MismatchFilter {
            state: Some(Ignored),
            ..Default::default()
        }),
        ["B@s"]
    );
    assert_eq!(
        keys(MismatchFilter {
            state: Some(Open),
            limit: Some(2),
            ..Default::default()
        }),
        ["000000102", "000000101"]
    );
    assert!(
        keys(MismatchFilter {
            state: Some(Resolved),
            ..Default::default()
        })
        .is_empty()
    );
    let big = by_key(&f, "000000102");
    assert_eq!(big.finding.value_at_risk.unwrap().to_string(), "1234.5678");
}

#[test]
fn the_history_is_append_only() {
    let mut f = Fixture::new();
    f.recon(&Recon::at(0, vec![stock_finding("A", "s", "1", "2")]));
    let conn = f.sql();
    for sql in [
        "UPDATE mismatch_events SET note = 'edited'",
        "DELETE FROM mismatch_events",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append only"), "{sql}: {err}");
    }
    let id = by_key(&f, "A@s").id;
    assert_eq!(history(&f, id), vec![(Ev::Opened, Open, Some(1))]);
}

#[test]
fn a_place_without_counterpart_is_kept_apart_from_stock_at_a_source_of_that_name() {
    use model::{MismatchKey, System};
    let mut f = Fixture::new();
    let place = |system, code: &str| Finding {
        kind: MismatchKind::UnmappedLocation,
        key: MismatchKey::place(system, code),
        magento: None,
        erp: Some("3 items with stock, 12 units".into()),
        delta: None,
        value_at_risk: Some(dec("120")),
        currency: Some("EUR".into()),
    };
    let findings = vec![
        place(System::Magento, "outlet"),
        place(System::Erp, "outlet"),
        stock_finding("outlet", "outlet", "1", "2"),
    ];
    let mut recon = Recon::at(0, findings.clone());
    recon.transients = vec![model::Transient {
        first: place(System::Erp, "TRANSIT"),
        confirmed_at: at(1),
    }];
    let run = f.recon(&recon).run;
    let transients = f.store.transients(run).unwrap();
    assert_eq!(transients[0].transient, recon.transients[0]);
    let stored = f.store.mismatches(&MismatchFilter::default()).unwrap();
    let mut keys: Vec<MismatchKey> = stored.iter().map(|m| m.finding.key.clone()).collect();
    keys.sort();
    let mut want: Vec<MismatchKey> = findings.iter().map(|f| f.key.clone()).collect();
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(by_key(&f, "location:outlet").finding, findings[1]);
    assert_eq!(by_key(&f, "source:outlet").finding, findings[0]);
    // Seen again, nothing new opens: the keys read back equal to what reconcile makes.
    let again = f.recon(&Recon::at(2, findings));
    assert_eq!((again.opened, again.still_open), (0, 3));
}
