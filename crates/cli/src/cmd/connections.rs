//! `driftwatch connections [--test] [--json]`: each configured connection, its
//! kind, where it reads from, what it is used for, where its secrets are found,
//! and with `--test` what Test connection finds there.

use engine::connections::{self, ConnectionState};
use model::ConnectionId;
use model::connection::TestReport;
use serde::Serialize;

use super::credentials::blocking;
use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also sign in to each connection and read a little (nothing is written).
    #[arg(long)]
    test: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct Listed {
    #[serde(flatten)]
    connection: ConnectionState,
    #[serde(skip_serializing_if = "Option::is_none")]
    test: Option<TestReport>,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let states = {
        let (config, data_dir) = (config.clone(), context.data_dir.clone());
        blocking(move || connections::list(&config, &data_dir)).await??
    };
    let mut listed = Vec::new();
    for connection in states {
        let test = match args.test {
            true => {
                let id = ConnectionId::parse(&connection.id).map_err(anyhow::Error::msg)?;
                Some(
                    engine::connection_test::run_and_record(&config, &context.data_dir, &id)
                        .await?,
                )
            }
            false => None,
        };
        listed.push(Listed { connection, test });
    }
    if args.json {
        super::print_json(&listed)?;
    } else {
        for (i, c) in listed.iter().enumerate() {
            if i > 0 {
                println!();
            }
            let s = &c.connection;
            let used: Vec<String> = s.entities.iter().map(|e| e.to_string()).collect();
            println!("{} ({}, kind \"{}\")", s.id, s.name, s.kind);
            println!("  reads from: {}", s.endpoint);
            match used.is_empty() {
                true => println!("  used for:   nothing (no entity names it in [counterparts])"),
                false => println!("  used for:   {}", used.join(", ")),
            }
            for secret in &s.secrets {
                println!("  {}: {}", secret.label, secret.detail);
            }
            if let (None, Some(last)) = (&c.test, &s.last_test) {
                let outcome = match &last.report.problem {
                    None => "passed".to_owned(),
                    Some(p) => format!("FAILED: {}", p.message),
                };
                println!(
                    "  last test:  {} ({outcome}; --test tests again)",
                    last.tested_at.format("%Y-%m-%d %H:%M UTC")
                );
            }
            if let Some(test) = &c.test {
                println!("  test:");
                for found in &test.found {
                    println!("    {}: {}", found.label, found.value);
                }
                match &test.problem {
                    None => println!("    passed"),
                    Some(p) => println!("    FAILED: {}", p.message),
                }
            }
        }
    }
    let all_found = listed
        .iter()
        .flat_map(|c| &c.connection.secrets)
        .all(|s| s.state.is_found());
    let all_passed = listed
        .iter()
        .all(|c| c.test.as_ref().is_none_or(TestReport::passed));
    Ok(match (all_found, all_passed) {
        (false, _) => 2,
        (true, false) => 1,
        (true, true) => 0,
    })
}
