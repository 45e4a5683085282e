//! `driftwatch mapping`: the live systems' sources and locations, a suggestion for
//! each source not mapped yet, and the items only one side's stock snapshot holds,
//! all as the simulated world injected them.

use crate::harness::*;
use sim::bc::BcConfig;
use sim::world::{Scenario, World as SimWorld};

#[tokio::test(flavor = "multi_thread")]
async fn sources_locations_suggestions_and_unmatched_items_come_from_the_systems() {
    let sim_world = SimWorld::build(&Scenario {
        orders: 40,
        skus: 30,
        sources: 3,
        ..Scenario::named("drift").unwrap()
    });
    let world = World::start_with_erp(&sim_world, BcConfig::default()).await;
    // Only `default` is mapped by hand; the others are left for the suggestions.
    let text = std::fs::read_to_string(world.config_path()).unwrap();
    let start = text.find("[mapping.sources]\n").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let text = format!(
        "{}[mapping.sources]\ndefault = \"MAIN\"{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(world.config_path(), text).unwrap();

    let (code, before_snapshot, stderr) = world.json(&["mapping"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(before_snapshot["unmatched"], serde_json::Value::Null);

    let (code, _, stderr) = world
        .snapshot_json(&["--entities", "stock", "--full"])
        .await;
    assert_eq!(code, 0, "{stderr}");
    let (code, report, stderr) = world.json(&["mapping"]).await;
    assert_eq!(code, 0, "{stderr}");

    let codes = |list: &str| -> Vec<String> {
        report[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes("sources"), ["default", "wh-east", "wh-west"]);
    let mut locations = codes("locations");
    locations.sort();
    let mut expected: Vec<String> = sim_world
        .manifest()
        .mappings
        .locations
        .iter()
        .map(|l| l.location_code.clone())
        .chain(sim_world.manifest().mappings.unmapped_locations.clone())
        .chain(sim_world.manifest().mappings.excluded_locations.clone())
        .collect();
    expected.sort();
    assert_eq!(locations, expected);
    assert_eq!(report["problems"], serde_json::json!([]));
    // Each source holds every SKU in the grid.
    assert_eq!(report["sources"][1]["items"], 30);

    let suggested: Vec<(String, String)> = report["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["magento"].as_str().unwrap().to_owned(),
                s["erp"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // wh-west is the world's Magento-only source: no location looks like it.
    assert_eq!(sim_world.manifest().mappings.unmapped_sources, ["wh-west"]);
    assert_eq!(suggested, [("wh-east".to_owned(), "EAST".to_owned())]);
    let rows = report["mapped_sources"].as_array().unwrap();
    assert_eq!(rows[0]["location"], "MAIN");
    assert_eq!(rows[1]["location"], serde_json::Value::Null);
    assert_eq!(rows[1]["suggested"], "EAST");
    assert_eq!(rows[2]["location"], serde_json::Value::Null);
    assert_eq!(rows[2]["suggested"], serde_json::Value::Null);
    assert_eq!(
        report["unmapped_locations"],
        serde_json::json!(["EAST", "OUTLET"])
    );
    // The world's in-transit location is excluded on purpose, not reported as unmapped.
    assert_eq!(report["excluded_locations"], serde_json::json!(["TRANSIT"]));

    // The ERP-only items are exactly the ones the world added to the ERP alone.
    let mut erp_only: Vec<String> = sim_world
        .manifest()
        .drift
        .iter()
        .filter(|d| d.entity == "stock" && d.kind == "missing_in_magento")
        .map(|d| d.key.split('@').next().unwrap().to_owned())
        .collect();
    erp_only.sort();
    erp_only.dedup();
    assert!(!erp_only.is_empty());
    let unmatched = &report["unmatched"];
    assert_eq!(unmatched["erp_only"], erp_only.len());
    assert_eq!(unmatched["erp_examples"], serde_json::json!(erp_only));
    assert_eq!(unmatched["magento_only"], 0);
    let lists: Vec<&str> = report["price_lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // The lists that hold lines: every one is a list the world maps.
    let mapped: Vec<&str> = sim_world
        .manifest()
        .mappings
        .price_lists
        .iter()
        .map(|l| l.price_list_code.as_str())
        .collect();
    assert!(
        lists.contains(&"RETAIL") && lists.contains(&"SPECIAL"),
        "{lists:?}"
    );
    assert!(
        lists.iter().all(|l| mapped.contains(l)),
        "{lists:?} {mapped:?}"
    );
    // Websites (the admin website left out) and customer groups, read live: every
    // scope the world's price mapping uses is among them.
    let ids = |key: &str| -> Vec<String> {
        report[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("websites"), ["1"]);
    assert_eq!(ids("customer_groups"), ["0", "1", "2", "3"]);
    assert_eq!(report["customer_groups"][0]["name"], "NOT LOGGED IN");

    let text = world.run(&["mapping"]).await;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("wh-east -> not mapped (looks like EAST)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Items only in the ERP: {}", erp_only.len())),
        "{text}"
    );
    assert!(text.contains("Magento websites: 1 Main Website"), "{text}");
}
