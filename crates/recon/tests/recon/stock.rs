use model::config::Mapping;
use model::erp::LocationStock;
use model::{MismatchKind, ProductPrice, ReconConfig, SourceItem};
use recon::{StockSides, reconcile_stock};

use super::{at, d, found, rules};

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
    let prices = vec![ProductPrice {
        sku: "B".into(),
        product_id: 2,
        price: Some(d("12.50")),
        special_price: None,
        special_from: None,
        special_to: None,
        tier_prices: vec![],
        updated_at: at("2026-03-01T00:00:00Z"),
    }];
    let recon = ReconConfig::default();
    let mut mapping = Mapping::default();
    mapping.sources.insert("default".into(), "MAIN".into());
    let sides = StockSides {
        magento: &magento,
        erp: &stock,
        unit_prices: &prices,
        price_currency: Some("EUR"),
        sources: None,
    };
    let outcome = reconcile_stock(sides, rules(&recon, &mapping)).unwrap();
    assert_eq!(
        found(&outcome.findings),
        [
            "missing_in_erp C@default",
            "missing_in_magento G@default",
            "qty_mismatch B@default",
            "status_mismatch D@default",
            "unmapped_location A@OUTLET",
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
    assert_eq!(outcome.notes.len(), 1);

    let mut loose = ReconConfig::default();
    loose.stock.qty_tolerance.absolute = d("2");
    let outcome = reconcile_stock(sides, rules(&loose, &mapping)).unwrap();
    assert!(!found(&outcome.findings).contains(&"qty_mismatch B@default".to_string()));
}

#[test]
fn a_re_read_of_some_skus_still_knows_every_source() {
    // The re-read of SKU "Z" finds no Magento row at all, and one ERP row at "wh-2": a
    // location named like a Magento source. Told every source, it is missing in Magento;
    // judged from the re-read rows alone it would look unmapped.
    let magento: Vec<SourceItem> = Vec::new();
    let stock = vec![erp("Z", Some("wh-2"), "3")];
    let (recon, mapping) = (ReconConfig::default(), Mapping::default());
    let all = ["wh-1".to_string(), "wh-2".to_string()];
    let sides = |sources| StockSides {
        magento: &magento,
        erp: &stock,
        unit_prices: &[],
        price_currency: None,
        sources,
    };
    let outcome = reconcile_stock(sides(Some(&all[..])), rules(&recon, &mapping)).unwrap();
    assert_eq!(found(&outcome.findings), ["missing_in_magento Z@wh-2"]);
    let outcome = reconcile_stock(sides(None), rules(&recon, &mapping)).unwrap();
    assert_eq!(found(&outcome.findings), ["unmapped_location Z@wh-2"]);
}
