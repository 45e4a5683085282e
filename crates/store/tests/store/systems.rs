//! Magento's rows and the ERP's never collide: not in the ERP tables under two
//! systems, not across tables with equal codes; and version counts can be had
//! for all systems or one.

use model::{Entity, System};
use store::FinishMode;

use crate::util::{Erp, Fixture, Magento, erp_order, item, price, price_line, stock};

#[test]
fn the_same_natural_key_under_two_systems_is_two_rows() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    for system in [Magento, Erp] {
        let mut w = f.store.erp_stock_writer(run, system).unwrap();
        w.write(&[stock("A", Some("MAIN"), "1"), stock("B", None, "2")])
            .unwrap();
        w.finish(FinishMode::FullReadComplete).unwrap();
        let mut w = f.store.erp_orders_writer(run, system).unwrap();
        w.write(&[erp_order("SO-1", "000000001", "10")]).unwrap();
        w.finish(FinishMode::FullReadComplete).unwrap();
        let mut w = f.store.erp_price_lines_writer(run, system).unwrap();
        w.write(&[price_line("RETAIL", "A", "1", "9.99")]).unwrap();
        w.finish(FinishMode::FullReadComplete).unwrap();
    }
    f.finish(run, 1);

    // A complete full read of one system closes nothing of the other.
    let r2 = f.begin(10);
    let mut w = f.store.erp_stock_writer(r2, Erp).unwrap();
    w.write(&[stock("A", Some("MAIN"), "5")]).unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 1);
    let w = f.store.erp_orders_writer(r2, Erp).unwrap();
    assert_eq!(w.finish(FinishMode::FullReadComplete).unwrap(), 1);
    f.finish(r2, 11);

    assert_eq!(
        f.store.erp_stock_at(r2, Magento).unwrap(),
        vec![stock("A", Some("MAIN"), "1"), stock("B", None, "2")]
    );
    assert_eq!(
        f.store.erp_stock_at(r2, Erp).unwrap(),
        vec![stock("A", Some("MAIN"), "5")]
    );
    assert_eq!(f.store.count_erp_orders_at(r2, Magento).unwrap(), 1);
    assert_eq!(f.store.count_erp_orders_at(r2, Erp).unwrap(), 0);
    assert_eq!(f.store.count_erp_price_lines_at(r2, Magento).unwrap(), 1);
    assert_eq!(f.store.count_erp_price_lines_at(r2, Erp).unwrap(), 1);
    assert_eq!(f.store.erp_stock_at(run, Erp).unwrap().len(), 2);
    assert_eq!(
        f.store.stored_versions_of(Entity::Stock, Magento).unwrap(),
        2
    );
    assert_eq!(f.store.stored_versions_of(Entity::Stock, Erp).unwrap(), 3);
    assert_eq!(f.store.stored_versions(Entity::Stock).unwrap(), 5);
}

#[test]
fn magento_and_erp_tables_with_equal_codes_are_kept_apart() {
    let mut f = Fixture::new();
    let run = f.begin(0);
    let mut w = f.store.source_items_writer(run, Magento).unwrap();
    w.write(&[item("MAIN", "A", "1")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.erp_stock_writer(run, Erp).unwrap();
    w.write(&[stock("A", Some("MAIN"), "2")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    // The ERP's source items, had it any, are not its stock either.
    let mut w = f.store.source_items_writer(run, Erp).unwrap();
    w.write(&[item("MAIN", "A", "3")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.prices_writer(run, Magento, "default").unwrap();
    w.write(&[price("A", "1.00")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    let mut w = f.store.erp_price_lines_writer(run, Erp).unwrap();
    w.write(&[price_line("default", "A", "1", "2.00")]).unwrap();
    w.finish(FinishMode::FullReadComplete).unwrap();
    f.finish(run, 1);

    assert_eq!(
        f.store.source_items_at(run, Magento).unwrap(),
        vec![item("MAIN", "A", "1")]
    );
    assert_eq!(
        f.store.source_items_at(run, Erp).unwrap(),
        vec![item("MAIN", "A", "3")]
    );
    assert_eq!(
        f.store.erp_stock_at(run, Erp).unwrap(),
        vec![stock("A", Some("MAIN"), "2")]
    );
    assert!(f.store.erp_stock_at(run, Magento).unwrap().is_empty());
    assert_eq!(
        f.store.prices_at(run, Magento, "default").unwrap(),
        vec![price("A", "1.00")]
    );
    assert_eq!(f.store.erp_price_lines_at(run, Erp).unwrap().len(), 1);
    for (entity, magento, erp) in [
        (Entity::Stock, 1, 2),
        (Entity::Prices, 1, 1),
        (Entity::Orders, 0, 0),
    ] {
        let of = |system: System| f.store.stored_versions_of(entity, system).unwrap();
        assert_eq!((of(Magento), of(Erp)), (magento, erp), "{entity}");
        assert_eq!(
            f.store.stored_versions(entity).unwrap(),
            magento + erp,
            "{entity}"
        );
    }
}
