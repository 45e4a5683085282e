//! `driftwatch credentials set|delete|check magento|erp`: secrets in the OS keychain.

use anyhow::Context as _;
use engine::credentials::{self, Origin, Secret};
use model::{Config, SecretString};
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
    Erp,
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let (Action::Set { system } | Action::Delete { system } | Action::Check { system }) =
        args.action;
    let secrets = match system {
        SystemArg::Magento => credentials::magento_secrets(&config.magento),
        SystemArg::Erp => credentials::erp_secrets(&config),
    };
    if secrets.is_empty() {
        return Err(Failure::usage(anyhow::anyhow!(
            "the configuration has no [erp] section, so there is no ERP secret to manage"
        )));
    }
    match args.action {
        Action::Set { .. } => set(&config, secrets).await,
        Action::Delete { .. } => delete(&config, secrets).await,
        Action::Check { .. } => check(&config, secrets).await,
    }
}

/// Keychain calls block on D-Bus: run them off the async workers.
async fn blocking<T: Send + 'static>(
    config: &Config,
    call: impl FnOnce(&Config) -> T + Send + 'static,
) -> Result<T, Failure> {
    let config = config.clone();
    Ok(tokio::task::spawn_blocking(move || call(&config))
        .await
        .context("keychain task")?)
}

async fn set(config: &Config, secrets: &[Secret]) -> Result<u8, Failure> {
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
        blocking(config, move |c| credentials::store(secret, c, &value)).await??;
    }
    eprintln!("stored in the OS keychain");
    Ok(0)
}

async fn delete(config: &Config, secrets: &[Secret]) -> Result<u8, Failure> {
    for &secret in secrets {
        let removed = blocking(config, move |c| credentials::delete(secret, c)).await??;
        let word = if removed { "removed" } else { "was not stored" };
        eprintln!("{}: {word}", secret.describe());
    }
    Ok(0)
}

async fn check(config: &Config, secrets: &[Secret]) -> Result<u8, Failure> {
    let mut missing = false;
    for &secret in secrets {
        match blocking(config, move |c| credentials::lookup(secret, c)).await? {
            Ok((_, Origin::Environment)) => {
                println!("{}: from {}", secret.describe(), secret.env_var())
            }
            Ok((_, Origin::Keychain)) => println!("{}: from the OS keychain", secret.describe()),
            Ok((_, Origin::Memory)) => println!("{}: held by this process", secret.describe()),
            Err(e) => {
                missing = true;
                println!("{}: MISSING — {e}", secret.describe());
            }
        }
    }
    Ok(if missing { 2 } else { 0 })
}
