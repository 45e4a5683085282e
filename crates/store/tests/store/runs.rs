//! Runs and parts: lifecycle, summaries, the snapshot to reconcile.

use model::{Entity, PartStatus, RunStatus, System};
use store::{Error, PartRecord, RunId};

use crate::util::{Fixture, Magento, SCOPE, at};

fn part(entity: Entity, status: PartStatus) -> PartRecord {
    PartRecord {
        entity,
        system: System::Magento,
        status,
        rows_read: 1200,
        rows_stored: 17,
        pages: 3,
        retries: 1,
        errors: if status == PartStatus::Complete {
            vec![]
        } else {
            vec!["page 3: HTTP 503".into()]
        },
        warnings: vec!["total_count changed during paging".into()],
        started_at: at(0),
        finished_at: at(2),
        currency: None,
        connection: None,
        scope: None,
        time_zones: [(1, "America/Los_Angeles".to_string())].into(),
    }
}

#[test]
fn a_run_records_its_parts_and_ends() {
    let mut f = Fixture::new();
    let run = f
        .store
        .begin_run(&[Entity::Stock, Entity::Orders], false, at(0))
        .unwrap();
    let summary = f.store.run(run).unwrap().unwrap();
    assert_eq!(summary.status, RunStatus::Running);
    assert_eq!(summary.finished_at, None);
    assert_eq!(summary.entities, vec![Entity::Stock, Entity::Orders]);
    assert!(!summary.full);

    f.store
        .record_part(run, &part(Entity::Stock, PartStatus::Partial))
        .unwrap();
    // Recording the same part again replaces it.
    f.store
        .record_part(run, &part(Entity::Stock, PartStatus::Complete))
        .unwrap();
    f.store
        .record_part(run, &part(Entity::Orders, PartStatus::Failed))
        .unwrap();
    f.store.finish_run(run, RunStatus::Partial, at(5)).unwrap();

    let summary = f.store.run(run).unwrap().unwrap();
    assert_eq!(summary.status, RunStatus::Partial);
    assert_eq!(summary.finished_at, Some(at(5)));
    assert_eq!(summary.error, None);
    assert_eq!(summary.parts.len(), 2);
    let stock = summary
        .parts
        .iter()
        .find(|p| p.entity == Entity::Stock)
        .unwrap();
    assert_eq!(stock, &part(Entity::Stock, PartStatus::Complete));
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["id"], run.0);
    assert_eq!(json["parts"][0]["system"], "magento");
}

#[test]
fn runs_are_listed_newest_first() {
    let mut f = Fixture::new();
    let ids: Vec<RunId> = (0..4)
        .map(|i| {
            let run = f.begin(i * 10);
            f.finish(run, i * 10 + 1);
            run
        })
        .collect();
    let listed: Vec<RunId> = f.store.runs(3).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(listed, vec![ids[3], ids[2], ids[1]]);
    assert!(f.store.run(RunId(999)).unwrap().is_none());
}

#[test]
fn latest_run_with_picks_the_latest_matching_part_of_an_ended_run() {
    let mut f = Fixture::new();
    let complete = |f: &mut Fixture, minute, status| {
        let run = f.begin(minute);
        f.store
            .record_part(run, &part(Entity::Stock, status))
            .unwrap();
        run
    };
    let r1 = complete(&mut f, 0, PartStatus::Complete);
    f.finish(r1, 1);
    let r2 = complete(&mut f, 10, PartStatus::Partial);
    f.store.finish_run(r2, RunStatus::Partial, at(11)).unwrap();
    let r3 = complete(&mut f, 20, PartStatus::Complete);

    let latest = |f: &Fixture, statuses: &[PartStatus]| {
        f.store
            .latest_run_with(Entity::Stock, Magento, SCOPE, statuses)
            .unwrap()
    };
    // r3 is still running: not a snapshot yet.
    assert_eq!(latest(&f, &[PartStatus::Complete]), Some(r1));
    assert_eq!(
        latest(&f, &[PartStatus::Complete, PartStatus::Partial]),
        Some(r2)
    );
    assert_eq!(latest(&f, &[PartStatus::Failed]), None);
    assert_eq!(
        f.store
            .latest_run_with(Entity::Orders, Magento, SCOPE, &[PartStatus::Complete])
            .unwrap(),
        None
    );
    f.finish(r3, 21);
    assert_eq!(latest(&f, &[PartStatus::Complete]), Some(r3));
}

#[test]
fn misuse_is_refused_with_a_helpful_error() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let err = f
        .store
        .begin_run(&[Entity::Stock], true, at(1))
        .unwrap_err();
    assert!(
        matches!(err, Error::RunInProgress { run: r, .. } if r == run),
        "{err}"
    );
    assert!(err.to_string().contains("wait for it to finish"), "{err}");

    f.finish(run, 2);
    let err = f
        .store
        .finish_run(run, RunStatus::Complete, at(3))
        .unwrap_err();
    assert!(matches!(err, Error::RunNotRunning { .. }), "{err}");
    let err = f
        .store
        .record_part(RunId(77), &part(Entity::Stock, PartStatus::Complete))
        .unwrap_err();
    assert!(matches!(err, Error::UnknownRun { .. }), "{err}");
    let err = f.store.source_items_at(RunId(77), Magento).unwrap_err();
    assert!(matches!(err, Error::UnknownRun { .. }), "{err}");
}

#[test]
fn the_currency_a_part_was_read_in_round_trips() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let prices = PartRecord {
        currency: Some("EUR".into()),
        ..part(Entity::Prices, PartStatus::Complete)
    };
    f.store.record_part(run, &prices).unwrap();
    f.finish(run, 3);
    assert_eq!(f.store.run(run).unwrap().unwrap().parts, vec![prices]);
}

#[test]
fn erp_parts_round_trip_beside_magento_parts() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let magento = part(Entity::Stock, PartStatus::Complete);
    let erp = PartRecord {
        system: System::Erp,
        status: PartStatus::Partial,
        rows_read: 5_000,
        errors: vec!["location EAST: HTTP 500".into()],
        ..part(Entity::Stock, PartStatus::Partial)
    };
    f.store.record_part(run, &magento).unwrap();
    f.store.record_part(run, &erp).unwrap();
    f.finish(run, 3);

    let summary = f.store.run(run).unwrap().unwrap();
    assert_eq!(summary.parts, vec![erp.clone(), magento]);
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["parts"][0]["system"], "erp");
    let latest = |system, statuses: &[PartStatus]| {
        f.store
            .latest_run_with(Entity::Stock, system, SCOPE, statuses)
            .unwrap()
    };
    assert_eq!(latest(System::Erp, &[PartStatus::Complete]), None);
    assert_eq!(latest(System::Erp, &[PartStatus::Partial]), Some(run));
    assert_eq!(latest(Magento, &[PartStatus::Complete]), Some(run));
}

#[test]
fn parts_from_another_shop_or_company_are_passed_over() {
    let mut f = Fixture::new();
    let from = |scope: &str| PartRecord {
        connection: Some("erp".into()),
        scope: Some(scope.into()),
        ..part(Entity::Stock, PartStatus::Complete)
    };
    let r1 = f.begin(0);
    f.store.record_part(r1, &from("company A")).unwrap();
    f.finish(r1, 1);
    let r2 = f.begin(10);
    f.store.record_part(r2, &from("company B")).unwrap();
    f.finish(r2, 11);
    let latest = |scope| {
        f.store
            .latest_run_with(Entity::Stock, Magento, scope, &[PartStatus::Complete])
            .unwrap()
    };
    assert_eq!(latest("company A"), Some(r1));
    assert_eq!(latest("company B"), Some(r2));
    assert_eq!(latest("company C"), None);
    assert_eq!(
        f.store.run(r2).unwrap().unwrap().parts,
        vec![from("company B")]
    );
}
