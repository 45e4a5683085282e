use chrono::NaiveDate;
use model::config::{Mapping, PriceKind, PriceListMapping};
use model::erp::PriceListLine;
use model::{MismatchKey, PricePoint, ProductPrice, ReconConfig, TierPrice};
use recon::{PriceSides, reconcile_prices};

use super::{at, d, found, product, rules};

fn line(list: &str, item: &str, min: &str, price: &str) -> PriceListLine {
    PriceListLine {
        price_list_code: list.into(),
        item_number: item.into(),
        currency: String::new(),
        minimum_quantity: d(min),
        unit_price: d(price),
        starting_date: None,
        ending_date: None,
    }
}

fn mapping() -> Mapping {
    let list = |website_id, customer_group_id, price, code: &str| PriceListMapping {
        website_id,
        customer_group_id,
        price,
        price_list: code.into(),
    };
    Mapping {
        price_lists: vec![
            list(1, 32000, PriceKind::Base, "RETAIL"),
            list(1, 32000, PriceKind::Special, "SPECIAL"),
            list(0, 1, PriceKind::Tier, "TIER-1"),
        ],
        ..Mapping::default()
    }
}

/// Reconciles with the default rules and the lists of [`mapping`].
fn prices_on(today: NaiveDate, magento: &[ProductPrice], erp: &[PriceListLine]) -> recon::Outcome {
    let (recon, mapping) = (ReconConfig::default(), mapping());
    let sides = PriceSides {
        magento,
        erp,
        currency: Some("USD"),
    };
    reconcile_prices(sides, rules(&recon, &mapping), today).unwrap()
}

#[test]
fn prices_in_force_today_only() {
    let today = at("2026-03-01T12:00:00Z").date_naive();
    let date = |s: &str| s.parse().unwrap();
    let mut running = product("S1", "20");
    running.special_price = Some(d("15"));
    running.special_from = Some(at("2026-02-20T00:00:00Z"));
    running.special_to = Some(at("2026-03-01T00:00:00Z")); // ends today: inclusive
    let mut expired = product("S2", "20");
    expired.special_price = Some(d("15"));
    expired.special_to = Some(at("2026-02-01T00:00:00Z"));
    let mut tiered = product("T1", "10");
    tiered.tier_prices = vec![
        TierPrice {
            customer_group_id: 7, // no list mapped: skipped
            website_id: 0,
            qty: d("5"),
            value: d("7"),
            percentage_value: None,
        },
        TierPrice {
            customer_group_id: 1,
            website_id: 0,
            qty: d("10.0000"),
            value: d("9"),
            percentage_value: None,
        },
    ];
    let magento = vec![
        product("A", "10.00"),
        product("B", "10"),
        product("C", "10"),
        running,
        expired,
        tiered,
    ];
    let mut old_special = line("SPECIAL", "S2", "0", "14");
    old_special.ending_date = Some(date("2026-02-01"));
    let mut future_retail = line("RETAIL", "A", "0", "99");
    future_retail.starting_date = Some(date("2026-04-01"));
    let mut open_end = line("RETAIL", "B", "0", "11");
    open_end.ending_date = Some(date("0001-01-01"));
    let erp = vec![
        line("RETAIL", "A", "0", "10"),
        future_retail,
        open_end, // price differs
        // C has no RETAIL line
        line("RETAIL", "S1", "0", "20"),
        line("SPECIAL", "S1", "0", "14.99"),
        line("RETAIL", "S2", "0", "20"),
        old_special, // expired on both sides, differs: not in force, not reported
        line("RETAIL", "T1", "0", "10"),
        line("TIER-1", "T1", "10", "8.5"),
        line("TIER-1", "T1", "20", "8"), // only in the ERP
        line("RETAIL", "X9", "0", "5"),  // item Magento lacks
        line("OTHER", "A", "0", "1"),    // a list nobody mapped
        PriceListLine {
            currency: "EUR".into(), // not Magento's currency: not compared
            ..line("RETAIL", "A", "0", "9.20")
        },
        PriceListLine {
            currency: "usd".into(), // Magento's, whatever the case
            ..line("RETAIL", "B", "0", "11")
        },
    ];
    let outcome = prices_on(today, &magento, &erp);
    assert_eq!(
        found(&outcome.findings),
        [
            "missing_in_erp C",
            "missing_in_magento X9",
            "price_mismatch B",
            "special_price_mismatch S1@SPECIAL/32000/0",
            "tier_price_mismatch T1@TIER-1/1/10",
            "tier_price_mismatch T1@TIER-1/1/20",
        ]
    );
    assert_eq!(outcome.compared.skipped, 2);
    assert_eq!(
        outcome.notes,
        ["1 price-list lines in another currency than Magento's USD were not compared"]
    );
    let b = outcome
        .findings
        .iter()
        .find(|f| f.key == MismatchKey::base_price("B"))
        .unwrap();
    assert_eq!(b.delta, Some(d("1")));
    // The difference is money in Magento's currency.
    assert_eq!(b.currency.as_deref(), Some("USD"));
    // Each finding shows the figures of its own price: the mapped tier (the second), the special.
    let tier = outcome
        .findings
        .iter()
        .find(|f| {
            f.key
                == MismatchKey::price_point(
                    "T1",
                    PricePoint {
                        list: "TIER-1".into(),
                        customer_group: 1,
                        qty: d("10"),
                    },
                )
        })
        .unwrap();
    assert_eq!(tier.magento.as_deref(), Some("9"));
    assert_eq!(tier.delta, Some(d("-0.5")));
    let special = outcome
        .findings
        .iter()
        .find(|f| f.key.sku() == Some("S1"))
        .unwrap();
    assert_eq!(special.magento.as_deref(), Some("15"));
    assert_eq!(special.delta, Some(d("-0.01")));
}

#[test]
fn a_base_list_keeps_its_standing_line_and_its_campaigns_are_special_prices() {
    let today = at("2026-03-01T12:00:00Z").date_naive();
    let dated = |list: &str, item: &str, price: &str, start: Option<&str>| {
        let mut l = line(list, item, "0", price);
        l.starting_date = start.map(|s| s.parse().unwrap());
        l
    };
    let special = |sku: &str, price: &str| {
        let mut p = product(sku, "20");
        p.special_price = Some(d(price));
        p
    };
    let magento = vec![
        product("A", "12"),
        product("B", "12"),
        special("S", "15"),
        special("CAMPAIGN", "15"),
        special("CAMPAIGN-OFF", "15"),
        special("NOWHERE", "15"),
    ];
    let erp = vec![
        // A: the undated line is the standing price; the dated one is a campaign above it.
        dated("RETAIL", "A", "13", Some("2026-02-15")),
        dated("RETAIL", "A", "12", None),
        // B: the earliest line stands, whichever is listed first.
        dated("RETAIL", "B", "12.50", Some("2026-02-01")),
        dated("RETAIL", "B", "13", Some("2026-01-15")),
        // S: in the special list the latest line wins.
        dated("RETAIL", "S", "20", None),
        dated("SPECIAL", "S", "16", Some("2026-02-20")),
        dated("SPECIAL", "S", "17", Some("2026-01-01")),
        // A campaign kept as a dated line of the base list is the ERP's special price.
        dated("RETAIL", "CAMPAIGN", "20", None),
        dated("RETAIL", "CAMPAIGN", "15", Some("2026-02-20")),
        dated("RETAIL", "CAMPAIGN-OFF", "20", None),
        dated("RETAIL", "CAMPAIGN-OFF", "14", Some("2026-02-20")),
        // A Magento special price the ERP has nowhere.
        dated("RETAIL", "NOWHERE", "20", None),
    ];
    let outcome = prices_on(today, &magento, &erp);
    assert_eq!(
        found(&outcome.findings),
        [
            "price_mismatch B",
            "special_price_mismatch CAMPAIGN-OFF@SPECIAL/32000/0",
            "special_price_mismatch NOWHERE@SPECIAL/32000/0",
            "special_price_mismatch S@SPECIAL/32000/0",
        ]
    );
    let off = outcome
        .findings
        .iter()
        .find(|f| f.key.sku() == Some("CAMPAIGN-OFF"))
        .unwrap();
    assert_eq!(off.erp.as_deref(), Some("14 local currency in RETAIL"));
    assert_eq!(off.delta, Some(d("-1")));
    assert_eq!(
        outcome.findings[0].erp.as_deref(),
        Some("13 local currency in RETAIL")
    );
}

/// One list mapped, as most merchants start: the base list, holding undated standing prices
/// and dated campaign lines.
fn one_list() -> Mapping {
    Mapping {
        price_lists: vec![PriceListMapping {
            website_id: 1,
            customer_group_id: 32000,
            price: PriceKind::Base,
            price_list: "RETAIL".into(),
        }],
        ..Mapping::default()
    }
}

#[test]
fn the_price_as_paid_finds_campaigns_and_specials_without_a_special_list() {
    let today = at("2026-03-01T12:00:00Z").date_naive();
    let campaign = |item: &str, price: &str, from: &str, to: &str| {
        let mut l = line("RETAIL", item, "0", price);
        l.starting_date = Some(from.parse().unwrap());
        l.ending_date = Some(to.parse().unwrap());
        l
    };
    let on_special = |sku: &str, base: &str, special: &str| {
        let mut p = product(sku, base);
        p.special_price = Some(d(special));
        p.special_from = Some(at("2026-02-20T00:00:00Z"));
        p.special_to = Some(at("2026-03-10T00:00:00Z"));
        p
    };
    let tiered = |sku: &str| {
        let mut p = product(sku, "10");
        p.tier_prices = vec![TierPrice {
            customer_group_id: 32000,
            website_id: 0,
            qty: d("5"),
            value: d("9"),
            percentage_value: None,
        }];
        p
    };
    let magento = vec![
        on_special("EQUAL", "10", "8"),
        on_special("CHEAPER", "10", "8"),
        on_special("ONLY-MAGENTO", "10", "8"),
        product("BASE", "10"),
        product("FUTURE", "10"),
        tiered("TIER-BOTH"),
        tiered("TIER-MAGENTO"),
        on_special("ABOVE", "10", "12"),
    ];
    let mut erp = vec![
        line("RETAIL", "EQUAL", "0", "10"),
        campaign("EQUAL", "8", "2026-02-20", "2026-03-10"),
        line("RETAIL", "CHEAPER", "0", "10"),
        campaign("CHEAPER", "7", "2026-02-20", "2026-03-10"),
        line("RETAIL", "ONLY-MAGENTO", "0", "10"),
        line("RETAIL", "BASE", "0", "12"),
        campaign("BASE", "10", "2026-02-01", "2026-03-31"),
        line("RETAIL", "FUTURE", "0", "10"),
        campaign("FUTURE", "8", "2026-04-01", "2026-04-30"),
        line("RETAIL", "TIER-BOTH", "0", "10"),
        line("RETAIL", "TIER-BOTH", "5", "9"),
        line("RETAIL", "TIER-MAGENTO", "0", "10"),
        line("RETAIL", "ABOVE", "0", "10"),
    ];
    let reconcile = |recon: &ReconConfig, erp: &[PriceListLine]| {
        let mapping = one_list();
        reconcile_prices(
            PriceSides {
                magento: &magento,
                erp,
                currency: None,
            },
            rules(recon, &mapping),
            today,
        )
        .unwrap()
    };
    let outcome = reconcile(&ReconConfig::default(), &erp);
    assert_eq!(
        found(&outcome.findings),
        [
            // The standing price differs: the structural rule says so, once.
            "price_mismatch BASE",
            "price_mismatch CHEAPER@paid:RETAIL/32000/1",
            "price_mismatch ONLY-MAGENTO@paid:RETAIL/32000/1",
            "price_mismatch TIER-MAGENTO@paid:RETAIL/32000/5",
        ]
    );
    let finding = |sku: &str| {
        outcome
            .findings
            .iter()
            .find(|f| f.key.sku() == Some(sku))
            .unwrap()
    };
    let cheaper = finding("CHEAPER");
    assert_eq!(cheaper.magento.as_deref(), Some("8 as paid: special price"));
    assert_eq!(
        cheaper.erp.as_deref(),
        Some("7 local currency as paid: RETAIL line 2026-02-20 to 2026-03-10")
    );
    assert_eq!(cheaper.delta, Some(d("-1")));
    assert_eq!(finding("ONLY-MAGENTO").delta, Some(d("2")));
    let tier = finding("TIER-MAGENTO");
    assert_eq!(
        tier.magento.as_deref(),
        Some("9 as paid: tier price from 5")
    );
    assert_eq!(
        tier.erp.as_deref(),
        Some("10 local currency as paid: RETAIL line")
    );

    // Within the tolerance, the same prices agree.
    erp.retain(|l| l.item_number != "CHEAPER");
    let recon = ReconConfig {
        prices: model::rules::PriceRules {
            price_tolerance: model::rules::Tolerance {
                absolute: d("2"),
                percent: d("0"),
            },
        },
        ..ReconConfig::default()
    };
    let outcome = reconcile(&recon, &erp);
    assert_eq!(
        found(&outcome.findings),
        ["missing_in_erp CHEAPER"],
        "only the missing line is left"
    );
}
