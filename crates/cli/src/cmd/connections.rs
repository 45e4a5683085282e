//! `driftwatch connections [--test] [--json]`: each configured connection, its
//! kind, where it reads from, what it is used for, where its secrets are found,
//! and with `--test` what Test connection finds there.

use engine::Error;
use engine::connectors::{self, Summary};
use engine::credentials;
use model::connection::TestReport;
use serde::Serialize;

use super::credentials::{blocking, found_in};
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
    summary: Summary,
    secrets: Vec<SecretState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    test: Option<TestReport>,
}

#[derive(Debug, Serialize)]
struct SecretState {
    name: &'static str,
    label: &'static str,
    env_var: String,
    /// `environment`, `keychain`, `memory`, `missing`, `for_another_host` or
    /// `keychain_unavailable`.
    state: &'static str,
    /// Where it was found, or what is wrong, in words (never the value).
    detail: String,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let mut listed = Vec::new();
    for summary in connectors::summaries(&config)? {
        let mut secrets = Vec::new();
        for secret in credentials::secrets_of(&config, &summary.id)? {
            let (name, label, env_var) = (secret.spec.name, secret.spec.label, secret.env_var());
            let found = blocking(move || credentials::lookup(&secret)).await?;
            let (state, detail) = match found {
                Ok((_, origin)) => (origin_word(origin), found_in(origin, &env_var)),
                Err(e @ Error::SecretForAnotherHost { .. }) => ("for_another_host", e.to_string()),
                Err(e @ Error::KeychainUnavailable { .. }) => {
                    ("keychain_unavailable", e.to_string())
                }
                Err(e) => ("missing", e.to_string()),
            };
            secrets.push(SecretState {
                name,
                label,
                env_var,
                state,
                detail,
            });
        }
        let test = match args.test {
            true => Some(engine::connection_test::run(&config, &summary.id).await?),
            false => None,
        };
        listed.push(Listed {
            summary,
            secrets,
            test,
        });
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&listed).map_err(anyhow::Error::from)?
        );
    } else {
        for (i, c) in listed.iter().enumerate() {
            if i > 0 {
                println!();
            }
            let s = &c.summary;
            let used: Vec<String> = s.entities.iter().map(|e| e.to_string()).collect();
            println!("{} ({}, kind \"{}\")", s.id, s.name, s.kind);
            println!("  reads from: {}", s.endpoint);
            match used.is_empty() {
                true => println!("  used for:   nothing (no entity names it in [counterparts])"),
                false => println!("  used for:   {}", used.join(", ")),
            }
            for secret in &c.secrets {
                println!("  {}: {}", secret.label, secret.detail);
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
        .flat_map(|c| &c.secrets)
        .all(|s| matches!(s.state, "environment" | "keychain" | "memory"));
    let all_passed = listed
        .iter()
        .all(|c| c.test.as_ref().is_none_or(TestReport::passed));
    Ok(match (all_found, all_passed) {
        (false, _) => 2,
        (true, false) => 1,
        (true, true) => 0,
    })
}

fn origin_word(origin: credentials::Origin) -> &'static str {
    match origin {
        credentials::Origin::Environment => "environment",
        credentials::Origin::Keychain => "keychain",
        credentials::Origin::Memory => "memory",
    }
}
