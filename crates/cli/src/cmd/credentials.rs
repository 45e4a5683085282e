//! `driftwatch credentials set|delete|check`: secrets in the OS keychain.

use anyhow::Context as _;
use engine::credentials::{self, Origin};
use model::SecretString;
use std::io::BufRead;

use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Store the secrets the configured sign-in method needs (read from stdin, one per line).
    Set { system: SystemArg },
    /// Remove them from the keychain.
    Delete { system: SystemArg },
    /// Say where each secret would come from (never its value).
    Check { system: SystemArg },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SystemArg {
    Magento,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let magento = config.magento.clone();
    let secrets = credentials::magento_secrets(&magento);
    match args.action {
        Action::Set {
            system: SystemArg::Magento,
        } => {
            let stdin = std::io::stdin();
            let mut lines = stdin.lock().lines();
            for &secret in secrets {
                eprintln!("{} (then Enter):", secret.describe());
                let line = lines
                    .next()
                    .context("stdin ended before every secret was given")?
                    .context("reading stdin")?;
                let value = SecretString::new(line.trim().to_owned());
                if value.is_empty() {
                    return Err(Failure::usage(anyhow::anyhow!(
                        "{} is empty",
                        secret.describe()
                    )));
                }
                let magento = magento.clone();
                tokio::task::spawn_blocking(move || credentials::store(secret, &magento, &value))
                    .await
                    .context("keychain task")??;
            }
            eprintln!("stored in the OS keychain");
            Ok(0)
        }
        Action::Delete {
            system: SystemArg::Magento,
        } => {
            for &secret in secrets {
                let magento = magento.clone();
                let removed =
                    tokio::task::spawn_blocking(move || credentials::delete(secret, &magento))
                        .await
                        .context("keychain task")??;
                let word = if removed { "removed" } else { "was not stored" };
                eprintln!("{}: {word}", secret.describe());
            }
            Ok(0)
        }
        Action::Check {
            system: SystemArg::Magento,
        } => {
            let mut missing = false;
            for &secret in secrets {
                let magento = magento.clone();
                let found =
                    tokio::task::spawn_blocking(move || credentials::lookup(secret, &magento))
                        .await
                        .context("keychain task")?;
                match found {
                    Ok((_, Origin::Environment)) => {
                        println!("{}: from {}", secret.describe(), secret.env_var())
                    }
                    Ok((_, Origin::Keychain)) => {
                        println!("{}: from the OS keychain", secret.describe())
                    }
                    Err(e) => {
                        missing = true;
                        println!("{}: MISSING — {e}", secret.describe());
                    }
                }
            }
            Ok(if missing { 2 } else { 0 })
        }
    }
}
