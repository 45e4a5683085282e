use model::config::Mapping;
use model::erp::LocationStock;
use model::{MismatchKind, ReconConfig, SourceItem};
use recon::{PlaceNames, StockSides, reconcile_stock};

use super::{d, found, product, rules};

fn item(sku: &str, source: &str, qty: &str, in_stock: bool) -> SourceItem {
    SourceItem {
        sku: sku.into(),
        source_code: source.into(),
        quantity: d(qty),
        in_stock,
    }
}

fn erp(item: &str, location: Option<&str>, qty: &str) -> LocationStock {
    LocationStock {
        item_number: item.into(),
        location_code: location.map(String::from),
        quantity: d(qty),
        last_modified: None,
    }
}

#[test]
fn every_stock_kind_through_the_location_mapping() {
    let magento = vec![
        item("A", "default", "5", true),   // agrees with MAIN
        item("B", "default", "5", true),   // ERP 7
        item("C", "default", "3", true),   // not in the ERP
        item("D", "default", "0", true),   // status says in stock with nothing
        item("E", "default", "0", false),  // zero on both sides: fine
        item("F", "default", "0", false),  // no ERP row, nothing in stock: fine
        item("A", "wh-east", "1.5", true), // identity: location wh-east
    ];
    let stock = vec![
        erp("A", Some("MAIN"), "5.0000"),
        erp("B", Some("MAIN"), "7"),
        erp("D", Some("MAIN"), "0"),
        erp("E", Some("MAIN"), "0"),
        erp("G", Some("MAIN"), "4"),   // item unknown to Magento
        erp("H", Some("MAIN"), "0"),   // nothing there: fine
        erp("A", Some("OUTLET"), "2"), // location mapped to nothing
        erp("B", Some("OUTLET"), "0"), // unmapped but empty: fine
        erp("A", Some("wh-east"), "1.5"),
        erp("A", None, "9"), // totals only: skipped, said
    ];
    let prices = vec![product("B", "12.50")];
    let recon = ReconConfig::default();
    let mut mapping = Mapping::default();
    mapping.sources.insert("default".into(), "MAIN".into());
    let sides = StockSides {
        magento: &magento,
        erp: &stock,
        unit_prices: &prices,
        price_currency: Some("EUR"),
        places: None,
    };
    let outcome = reconcile_stock(sides, rules(&recon, &mapping)).unwrap();
    assert_eq!(
        found(&outcome.findings),
        [
            "missing_in_erp C@default",
            "missing_in_magento G@default",
            "qty_mismatch B@default",
            "status_mismatch D@default",
            "unmapped_location location:OUTLET",
        ]
    );
    let qty = outcome
        .findings
        .iter()
        .find(|f| f.kind == MismatchKind::QtyMismatch)
        .unwrap();
    assert_eq!(qty.delta, Some(d("2")));
    assert_eq!(qty.value_at_risk, Some(d("25")));
    assert_eq!(qty.currency.as_deref(), Some("EUR"));
    assert_eq!(outcome.compared.skipped, 1);
    let outlet = outcome
        .findings
        .iter()
        .find(|f| f.kind == MismatchKind::UnmappedLocation)
        .unwrap();
    assert_eq!(outlet.erp.as_deref(), Some("1 items with stock, 2 units"));
    assert_eq!(outlet.value_at_risk, None, "A has no price");
    assert_eq!(outcome.notes.len(), 2, "{:?}", outcome.notes);

    let mut loose = ReconConfig::default();
    loose.stock.qty_tolerance.absolute = d("2");
    let outcome = reconcile_stock(sides, rules(&loose, &mapping)).unwrap();
    assert!(!found(&outcome.findings).contains(&"qty_mismatch B@default".to_string()));
}

#[test]
fn a_re_read_of_some_skus_still_knows_every_source() {
    // The re-read of SKU "Z" finds no Magento row at all, one ERP row at "wh-2" (a location
    // named like a Magento source) and none at "wh-1". Told every place, it is missing in
    // Magento; judged from the re-read rows alone the places would look unpaired.
    let magento = vec![item("Z", "wh-1", "0", false)];
    let stock = vec![erp("Z", Some("wh-2"), "3")];
    let (recon, mapping) = (ReconConfig::default(), Mapping::default());
    let all = ["wh-1".to_string(), "wh-2".to_string()];
    let sides = |places| StockSides {
        magento: &magento,
        erp: &stock,
        unit_prices: &[],
        price_currency: None,
        places,
    };
    let places = PlaceNames {
        sources: &all,
        locations: &all,
    };
    let outcome = reconcile_stock(sides(Some(places)), rules(&recon, &mapping)).unwrap();
    assert_eq!(found(&outcome.findings), ["missing_in_magento Z@wh-2"]);
    let outcome = reconcile_stock(sides(None), rules(&recon, &mapping)).unwrap();
    assert_eq!(
        found(&outcome.findings),
        ["unmapped_location location:wh-2"]
    );
}

#[test]
fn a_place_without_counterpart_is_one_finding_with_what_it_holds() {
    // "pickup" has no ERP location; "dropship" and the ERP's "TRANSIT" are excluded on
    // purpose; "default" is mapped to "MAIN"; "GHOST", which "ghost" is mapped to, holds
    // nothing in the ERP.
    let magento = vec![
        item("A", "default", "5", true),
        item("A", "pickup", "3", true),
        item("B", "pickup", "2", true),
        item("C", "pickup", "0", false), // holds nothing: not counted
        item("A", "dropship", "9", true),
        item("B", "dropship", "0", true), // contradicts its status, but excluded
        item("A", "ghost", "1", true),
    ];
    let stock = vec![
        erp("A", Some("MAIN"), "5"),
        erp("A", Some("TRANSIT"), "40"),
        erp("B", Some("OUTLET"), "4"),
    ];
    let prices = vec![product("A", "10"), product("B", "2.5")];
    let recon = ReconConfig::default();
    let mut mapping = Mapping::default();
    mapping.sources.insert("default".into(), "MAIN".into());
    mapping.sources.insert("ghost".into(), "GHOST".into());
    mapping.exclude_sources.insert("dropship".into());
    mapping.exclude_locations.insert("TRANSIT".into());
    let sides = |magento| StockSides {
        magento,
        erp: &stock,
        unit_prices: &prices,
        price_currency: Some("EUR"),
        places: None,
    };
    let outcome = reconcile_stock(sides(&magento), rules(&recon, &mapping)).unwrap();
    assert_eq!(
        found(&outcome.findings),
        [
            "unmapped_location location:OUTLET",
            "unmapped_location source:ghost",
            "unmapped_location source:pickup",
        ]
    );
    let pickup = outcome
        .findings
        .iter()
        .find(|f| f.key.to_string() == "source:pickup")
        .unwrap();
    assert_eq!(
        pickup.magento.as_deref(),
        Some("2 items with stock, 5 units")
    );
    assert_eq!(pickup.erp, None);
    assert_eq!(pickup.value_at_risk, Some(d("35")));
    assert_eq!(pickup.currency.as_deref(), Some("EUR"));
    let outlet = outcome
        .findings
        .iter()
        .find(|f| f.key.to_string() == "location:OUTLET")
        .unwrap();
    assert_eq!(outlet.value_at_risk, Some(d("10")));
    assert_eq!(outcome.compared.excluded, 3);
    assert!(
        outcome
            .notes
            .iter()
            .any(|n| n.contains("3 stock rows") && n.contains("dropship") && n.contains("TRANSIT")),
        "{:?}",
        outcome.notes
    );
    assert!(outcome.notes.iter().any(|n| n.contains("GHOST")));

    // Thousands of items at an unmapped source are still one finding.
    let mut more = magento.clone();
    more.extend((0..5000).map(|i| item(&format!("X{i}"), "pickup", "1", true)));
    let outcome = reconcile_stock(sides(&more), rules(&recon, &mapping)).unwrap();
    assert_eq!(outcome.findings.len(), 3);
}
