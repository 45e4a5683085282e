//! Reconciliation runs: their summaries, control totals and transients, and
//! their independence from snapshot recovery.

use model::{ControlTotal, Entity, MismatchEntity, MismatchState, Transient};
use store::{Error, FinishMode, MismatchFilter, ReconRunId, StateCounts, TransientRecord};

use crate::util::{Fixture, Magento, Recon, at, day, dec, item, order_finding, stock_finding};

fn total(d: &str, currency: &str, magento: (u64, &str), erp: (u64, &str)) -> ControlTotal {
    ControlTotal {
        day: day(d),
        currency: currency.into(),
        magento_orders: magento.0,
        magento_revenue: dec(magento.1),
        erp_orders: erp.0,
        erp_revenue: dec(erp.1),
    }
}

#[test]
fn runs_are_listed_newest_first_with_what_they_did() {
    let mut f = Fixture::new();
    assert_eq!(f.store.latest_recon_run().unwrap(), None);
    assert!(f.store.recon_runs(5).unwrap().is_empty());

    f.recon(&Recon::at(
        0,
        vec![
            stock_finding("A", "s", "1", "2"),
            order_finding("000000101", "10.00"),
        ],
    ));
    let orders = MismatchFilter {
        entity: Some(MismatchEntity::Order),
        ..Default::default()
    };
    let id = f.store.mismatches(&orders).unwrap()[0].id;
    f.store
        .set_mismatch_state(id, MismatchState::Ignored, "test order", "tom", at(1))
        .unwrap();
    let mut second = Recon::at(10, vec![stock_finding("B", "s", "1", "2")]);
    second.entities = vec![MismatchEntity::Stock, MismatchEntity::Order];
    second.partial = vec![MismatchEntity::Order];
    second.labels = vec!["the ERP stock snapshot of run 4 is partial".into()];
    second.transients = vec![Transient {
        first: stock_finding("C", "s", "1", "2"),
        confirmed_at: at(11),
    }];
    f.recon(&second);

    let runs = f.store.recon_runs(5).unwrap();
    assert_eq!(
        runs.iter().map(|r| r.id).collect::<Vec<_>>(),
        [ReconRunId(2), ReconRunId(1)]
    );
    let latest = &runs[0];
    assert_eq!(f.store.latest_recon_run().unwrap().as_ref(), Some(latest));
    assert_eq!(
        f.store.recon_run(ReconRunId(2)).unwrap().as_ref(),
        Some(latest)
    );
    assert_eq!(f.store.recon_run(ReconRunId(3)).unwrap(), None);
    assert_eq!((latest.started_at, latest.finished_at), (at(10), at(12)));
    assert_eq!(
        latest.entities,
        [MismatchEntity::Stock, MismatchEntity::Order]
    );
    assert_eq!(latest.partial_entities, [MismatchEntity::Order]);
    assert!(latest.partial);
    assert_eq!(
        latest.labels,
        ["the ERP stock snapshot of run 4 is partial"]
    );
    assert_eq!(
        latest.snapshot_runs,
        serde_json::json!({"magento": 1, "erp": 1})
    );
    assert_eq!(latest.counts, serde_json::json!({"compared": 1}));
    assert_eq!(latest.transients, 1);
    // B opened; A (stock, complete) resolved; the order (partial) kept.
    assert_eq!(
        (
            latest.opened,
            latest.reopened,
            latest.still_open,
            latest.resolved
        ),
        (1, 0, 0, 1)
    );
    assert_eq!(
        latest.states,
        StateCounts {
            open: 1,
            ignored: 1,
            resolved: 1,
            ..Default::default()
        }
    );
    let first = &runs[1];
    assert!(!first.partial && first.partial_entities.is_empty() && first.labels.is_empty());
    assert_eq!(first.entities, MismatchEntity::ALL);
    // States right after run 1: the later ignore does not rewrite it.
    assert_eq!(
        first.states,
        StateCounts {
            open: 2,
            ..Default::default()
        }
    );
    assert_eq!(f.store.recon_runs(1).unwrap(), vec![latest.clone()]);
    let json = serde_json::to_value(latest).unwrap();
    assert_eq!(json["id"], 2);
    assert_eq!(json["entities"], serde_json::json!(["stock", "order"]));
    assert_eq!(json["states"]["ignored"], 1);
}

#[test]
fn control_totals_and_transients_round_trip_exactly() {
    let mut f = Fixture::new();
    let mut recon = Recon::at(0, vec![]);
    recon.totals = vec![
        total("2026-11-22", "USD", (3, "99.90"), (3, "99.9000")),
        total("2026-11-21", "EUR", (12, "1234.5678"), (11, "1200.0")),
        total("2026-11-22", "EUR", (0, "0"), (1, "0.01")),
        total("2026-11-21", "USD", (1, "5"), (1, "5.00")),
    ];
    let mut order = order_finding("000000101", "59.90");
    order.delta = Some(dec("-0.0010"));
    recon.transients = vec![
        Transient {
            first: stock_finding("A", "s", "1.5", "2.25"),
            confirmed_at: at(1),
        },
        Transient {
            first: order,
            confirmed_at: at(2),
        },
    ];
    let run = f.recon(&recon).run;

    let totals = f.store.control_totals(run).unwrap();
    assert_eq!(
        totals,
        vec![
            recon.totals[1].clone(),
            recon.totals[3].clone(),
            recon.totals[2].clone(),
            recon.totals[0].clone(),
        ]
    );
    // Exact text, scale included.
    let text: Vec<(String, String)> = totals
        .iter()
        .map(|t| (t.magento_revenue.to_string(), t.erp_revenue.to_string()))
        .collect();
    assert_eq!(
        text,
        [
            ("1234.5678".into(), "1200.0".into()),
            ("5".into(), "5.00".into()),
            ("0".into(), "0.01".into()),
            ("99.90".into(), "99.9000".into()),
        ]
    );
    let stored: String = f
        .sql()
        .query_row(
            "SELECT magento_revenue FROM control_totals WHERE currency = 'EUR' AND day = '2026-11-21'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "1234.5678");

    let transients = f.store.transients(run).unwrap();
    assert_eq!(
        transients,
        recon
            .transients
            .iter()
            .map(|t| TransientRecord {
                run,
                transient: t.clone(),
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(
        transients[0].transient.first.delta.unwrap().to_string(),
        "0.75"
    );
    assert_eq!(
        transients[1].transient.first.delta.unwrap().to_string(),
        "-0.0010"
    );
    // Transients are not mismatches.
    assert!(
        f.store
            .mismatches(&MismatchFilter::default())
            .unwrap()
            .is_empty()
    );

    for err in [
        f.store.control_totals(ReconRunId(9)).unwrap_err(),
        f.store.transients(ReconRunId(9)).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::UnknownReconRun {
                    run: ReconRunId(9),
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("reconciliation run 9 does not exist"),
            "{err}"
        );
    }
    // A run without totals has none.
    let empty = f.recon(&Recon::at(10, vec![])).run;
    assert!(f.store.control_totals(empty).unwrap().is_empty());
    assert!(f.store.transients(empty).unwrap().is_empty());
}

#[test]
fn a_duplicate_control_total_is_refused_and_nothing_is_stored() {
    let mut f = Fixture::new();
    let mut recon = Recon::at(0, vec![order_finding("000000101", "10.00")]);
    recon.totals = vec![
        total("2026-11-22", "EUR", (1, "1"), (1, "1")),
        total("2026-11-22", "USD", (1, "1"), (1, "1")),
        total("2026-11-22", "EUR", (2, "2"), (2, "2")),
    ];
    let err = f.store.record_recon(&recon.record()).unwrap_err();
    assert!(matches!(err, Error::DuplicateControlTotal { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "the reconciliation reported the control total of 2026-11-22 in EUR twice in one run, \
         and nothing of the run was stored; report this to the Driftwatch team"
    );
    assert_eq!(f.store.latest_recon_run().unwrap(), None);
    assert!(
        f.store
            .mismatches(&MismatchFilter::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn recovering_an_interrupted_snapshot_leaves_reconciliation_results_alone() {
    let mut f = Fixture::new();
    let snapshot = f.begin(0);
    f.finish(snapshot, 1);
    let mut recon = Recon::at(2, vec![stock_finding("A", "s", "1", "2")]);
    recon.totals = vec![total("2026-11-22", "EUR", (1, "10.00"), (0, "0"))];
    let run = f.recon(&recon).run;
    let id = f.store.mismatches(&MismatchFilter::default()).unwrap()[0].id;
    f.store
        .set_mismatch_state(id, MismatchState::Acknowledged, "recount", "maria", at(3))
        .unwrap();
    let mismatches = f.store.mismatches(&MismatchFilter::default()).unwrap();
    let history = f.store.mismatch_history(id).unwrap();
    let runs = f.store.recon_runs(10).unwrap();

    // A snapshot dies mid-run; opening the store rolls it back.
    let interrupted = f.begin(10);
    let mut w = f.store.source_items_writer(interrupted, Magento).unwrap();
    w.write(&[item("s", "A", "1")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let f = f.reopen();
    assert_eq!(f.store.recovered_runs(), &[interrupted]);
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 0);

    assert_eq!(
        f.store.mismatches(&MismatchFilter::default()).unwrap(),
        mismatches
    );
    assert_eq!(f.store.mismatch_history(id).unwrap(), history);
    assert_eq!(f.store.recon_runs(10).unwrap(), runs);
    assert_eq!(f.store.control_totals(run).unwrap(), recon.totals);
}
