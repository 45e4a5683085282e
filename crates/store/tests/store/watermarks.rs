//! Watermarks of incremental reads.

use model::Entity;
use store::Error;

use crate::util::{Fixture, Magento, SCOPE, at};

#[test]
fn the_latest_watermark_wins_per_system_and_entity() {
    let mut f = Fixture::new();
    assert_eq!(
        f.store.watermark(Magento, Entity::Orders, SCOPE).unwrap(),
        None
    );
    let r1 = f.begin(0);
    f.store
        .set_watermark(
            Magento,
            Entity::Orders,
            SCOPE,
            "2026-11-22 10:00:00",
            r1,
            None,
        )
        .unwrap();
    f.store
        .set_watermark(Magento, Entity::Stock, SCOPE, "s1", r1, None)
        .unwrap();
    f.finish(r1, 1);
    let r2 = f.begin(10);
    f.store
        .set_watermark(
            Magento,
            Entity::Orders,
            SCOPE,
            "2026-11-23 05:59:00",
            r2,
            None,
        )
        .unwrap();
    f.finish(r2, 11);
    assert_eq!(
        f.store
            .watermark(Magento, Entity::Orders, SCOPE)
            .unwrap()
            .as_deref(),
        Some("2026-11-23 05:59:00")
    );
    assert_eq!(
        f.store
            .watermark(Magento, Entity::Stock, SCOPE)
            .unwrap()
            .as_deref(),
        Some("s1")
    );
    assert_eq!(
        f.store.watermark(Magento, Entity::Prices, SCOPE).unwrap(),
        None
    );

    let err = f
        .store
        .set_watermark(Magento, Entity::Orders, SCOPE, "x", r2, None)
        .unwrap_err();
    assert!(matches!(err, Error::RunNotRunning { .. }), "{err}");
}

#[test]
fn the_last_full_read_is_the_latest_one_an_incremental_read_did_not_replace() {
    let mut f = Fixture::new();
    let last = |f: &Fixture| {
        f.store
            .last_full_read(Magento, Entity::Prices, SCOPE)
            .unwrap()
    };
    assert_eq!(last(&f), None);
    let r1 = f.begin(0);
    f.store
        .set_watermark(Magento, Entity::Prices, SCOPE, "p1", r1, Some(at(0)))
        .unwrap();
    f.finish(r1, 1);
    let r2 = f.begin(10);
    f.store
        .set_watermark(Magento, Entity::Prices, SCOPE, "p2", r2, None)
        .unwrap();
    f.finish(r2, 11);
    assert_eq!(last(&f), Some(at(0)));
    assert_eq!(
        f.store
            .last_full_read(Magento, Entity::Prices, "other shop")
            .unwrap(),
        None
    );
}
