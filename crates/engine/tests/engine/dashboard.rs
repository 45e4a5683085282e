//! The overview's figures, added up from a store holding known open mismatches.

use chrono::Utc;
use engine::dashboard::overview;
use model::{Config, Decimal, Finding, MismatchEntity, MismatchKey, MismatchKind, PricePoint};
use serde_json::json;

fn finding(
    kind: MismatchKind,
    key: MismatchKey,
    delta: &str,
    risk: &str,
    currency: &str,
) -> Finding {
    let d = |s: &str| (!s.is_empty()).then(|| s.parse::<Decimal>().unwrap());
    Finding {
        kind,
        key,
        magento: None,
        erp: None,
        delta: d(delta),
        value_at_risk: d(risk),
        currency: (!currency.is_empty()).then(|| currency.to_string()),
    }
}

#[test]
fn the_overview_adds_up_every_open_mismatch() {
    use MismatchKind::*;
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    let findings = [
        finding(MissingInErp, MismatchKey::order("1"), "", "10.50", "EUR"),
        finding(MissingInErp, MismatchKey::order("2"), "", "4.25", "EUR"),
        finding(MissingInErp, MismatchKey::order("3"), "", "99", "USD"),
        finding(TotalMismatch, MismatchKey::order("4"), "1", "1", "EUR"),
        finding(
            QtyMismatch,
            MismatchKey::stock("SKU-1", "berlin"),
            "-3",
            "30.00",
            "USD",
        ),
        finding(
            QtyMismatch,
            MismatchKey::stock("SKU-1", "paris"),
            "2",
            "20",
            "USD",
        ),
        finding(
            MissingInErp,
            MismatchKey::stock("SKU-2", "paris"),
            "",
            "",
            "",
        ),
        finding(
            PriceMismatch,
            MismatchKey::base_price("SKU-1"),
            "1",
            "",
            "EUR",
        ),
        finding(
            TierPriceMismatch,
            MismatchKey::price_point(
                "SKU-1",
                PricePoint {
                    list: "RETAIL".into(),
                    customer_group: 0,
                    qty: 5.into(),
                },
            ),
            "1",
            "",
            "EUR",
        ),
        finding(
            PriceMismatch,
            MismatchKey::base_price("SKU-3"),
            "1",
            "",
            "EUR",
        ),
    ];
    let mut store = store::Store::open(dir.path().join("driftwatch.sqlite"), now).unwrap();
    store
        .record_recon(&store::ReconRecord {
            started_at: now,
            finished_at: now,
            entities: &[
                MismatchEntity::Order,
                MismatchEntity::Stock,
                MismatchEntity::Price,
            ],
            partial_entities: &[],
            snapshot_runs: json!({}),
            labels: &[],
            counts: json!({}),
            findings: &findings,
            transients: &[],
            control_totals: &[],
            decisions: store::DecisionTolerances::default(),
        })
        .unwrap();
    drop(store);

    let config = Config::from_toml(
        "[magento]\nbase_url = \"http://127.0.0.1:9\"\nauth = \"integration-token\"\n",
    )
    .unwrap();
    let o = overview(dir.path(), &config).unwrap();
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(o.orders_missing.count, 3);
    assert_eq!(o.orders_missing.currency.as_deref(), Some("EUR"));
    assert_eq!(o.orders_missing.value, d("14.75"));
    assert_eq!(o.orders_missing.other_currencies, 1);
    assert_eq!(o.stock_drift.skus, 2);
    assert_eq!(o.stock_drift.units, d("5"));
    assert_eq!(
        o.stock_drift.value_at_risk,
        [engine::dashboard::Amount {
            value: d("50"),
            currency: Some("USD".into())
        }]
    );
    assert_eq!((o.price_drift.count, o.price_drift.skus), (3, 2));
    let by_kind: Vec<String> = o
        .open_by_kind
        .iter()
        .map(|k| {
            let sums: Vec<String> = k
                .value_at_risk
                .iter()
                .map(|a| format!("{} {}", a.value, a.currency.as_deref().unwrap_or("-")))
                .collect();
            format!("{} {} {} [{}]", k.entity, k.kind, k.open, sums.join(", "))
        })
        .collect();
    // Euros and dollars are summed apart; kinds without values have no sum at all.
    assert_eq!(
        by_kind,
        [
            "order missing_in_erp 3 [14.75 EUR, 99 USD]",
            "order total_mismatch 1 [1 EUR]",
            "stock missing_in_erp 1 []",
            "stock qty_mismatch 2 [50.00 USD]",
            "price price_mismatch 2 []",
            "price tier_price_mismatch 1 []",
        ]
    );
}
