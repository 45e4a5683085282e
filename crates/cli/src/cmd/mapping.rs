//! `driftwatch mapping [--json]`: how Magento's sources, SKUs and price lists map to
//! the counterpart's, against what the live systems hold: each source with its
//! location (or a suggestion), the locations no source maps to, the price lists,
//! and the items only one side's latest stock snapshot has. The app's mapping
//! screen edits the same `[mapping]` section.

use engine::mapping::{self, MappingChoices};
use serde::Serialize;

use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct Report {
    /// Each Magento source and where its stock is compared.
    mapped_sources: Vec<SourceRow>,
    /// Locations no source maps to and not excluded: their stock is reported as one
    /// `unmapped_location` finding each.
    unmapped_locations: Vec<String>,
    /// Sources and locations left out of stock reconciliation on purpose
    /// (`exclude_sources`, `exclude_locations`).
    excluded_sources: Vec<String>,
    excluded_locations: Vec<String>,
    #[serde(flatten)]
    choices: MappingChoices,
}

#[derive(Debug, Serialize)]
struct SourceRow {
    source: String,
    /// The location it maps to (`[mapping.sources]`, or a location of the same code).
    location: Option<String>,
    suggested: Option<String>,
    /// Left out of stock reconciliation on purpose.
    excluded: bool,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let choices = mapping::choices(&config, &context.data_dir).await?;
    let mapped = &config.mapping.sources;
    let location_codes: Vec<&str> = choices.locations.iter().map(|l| l.code.as_str()).collect();
    let mapped_sources: Vec<SourceRow> = choices
        .sources
        .iter()
        .map(|s| SourceRow {
            source: s.code.clone(),
            location: mapped.get(&s.code).cloned().or_else(|| {
                location_codes
                    .contains(&s.code.as_str())
                    .then(|| s.code.clone())
            }),
            suggested: choices
                .suggestions
                .iter()
                .find(|l| l.magento == s.code)
                .map(|l| l.erp.clone()),
            excluded: config.mapping.exclude_sources.contains(&s.code),
        })
        .collect();
    let excluded_locations = &config.mapping.exclude_locations;
    let unmapped_locations = choices
        .locations
        .iter()
        .filter(|l| {
            !excluded_locations.contains(&l.code)
                && !mapped_sources
                    .iter()
                    .any(|s| s.location.as_deref() == Some(&l.code))
        })
        .map(|l| l.code.clone())
        .collect();
    let report = Report {
        mapped_sources,
        unmapped_locations,
        excluded_sources: config.mapping.exclude_sources.iter().cloned().collect(),
        excluded_locations: excluded_locations.iter().cloned().collect(),
        choices,
    };
    if args.json {
        super::print_json(&report)?;
    } else {
        print_text(&report);
    }
    Ok(0)
}

fn print_text(report: &Report) {
    for problem in &report.choices.problems {
        println!("note: {problem}");
    }
    println!("Magento sources -> ERP locations:");
    for s in &report.mapped_sources {
        match (&s.location, &s.suggested) {
            _ if s.excluded => println!("  {} -> excluded from stock reconciliation", s.source),
            (Some(l), _) => println!("  {} -> {l}", s.source),
            (None, Some(suggested)) => {
                println!("  {} -> not mapped (looks like {suggested})", s.source)
            }
            (None, None) => println!("  {} -> not mapped", s.source),
        }
    }
    if !report.unmapped_locations.is_empty() {
        println!(
            "ERP locations no source maps to: {}",
            report.unmapped_locations.join(", ")
        );
    }
    if !report.excluded_locations.is_empty() {
        println!(
            "ERP locations excluded from stock reconciliation: {}",
            report.excluded_locations.join(", ")
        );
    }
    for (what, scopes) in [
        ("Magento websites", &report.choices.websites),
        ("Magento customer groups", &report.choices.customer_groups),
    ] {
        if !scopes.is_empty() {
            let listed: Vec<String> = scopes
                .iter()
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            println!("{what}: {}", listed.join(", "));
        }
    }
    if !report.choices.price_lists.is_empty() {
        println!("ERP price lists: {}", report.choices.price_lists.join(", "));
    }
    match &report.choices.unmatched {
        None => println!("Items: take a stock snapshot to see which items only one side has."),
        Some(u) => {
            println!(
                "Items only in Magento: {}{}",
                u.magento_only,
                examples(&u.magento_examples, u.magento_only)
            );
            println!(
                "Items only in the ERP: {}{}",
                u.erp_only,
                examples(&u.erp_examples, u.erp_only)
            );
        }
    }
    println!("Edit [mapping] in the configuration file, or use the app's Mapping screen.");
}

fn examples(shown: &[String], all: u64) -> String {
    match shown.is_empty() {
        true => String::new(),
        false if (shown.len() as u64) < all => format!(" (e.g. {}, ...)", shown.join(", ")),
        false => format!(" ({})", shown.join(", ")),
    }
}
