//! `driftwatch credentials set|delete|check CONNECTION`: a connection's secrets
//! in the OS keychain.

use anyhow::Context as _;
use engine::credentials::{self, SecretRef};
use model::{ConnectionId, SecretString};
use std::io::{BufRead, IsTerminal};

use crate::{Context, Failure};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Store the secrets the connection signs in with (typed without echo on a terminal;
    /// otherwise read from stdin, one per line).
    Set { connection: String },
    /// Remove them from the keychain.
    Delete { connection: String },
    /// Say where each secret would come from (never its value).
    Check { connection: String },
}

pub async fn run(context: &Context, args: Args) -> Result<u8, Failure> {
    let config = context.config()?;
    let (Action::Set { connection } | Action::Delete { connection } | Action::Check { connection }) =
        &args.action;
    let id = ConnectionId::parse(connection).map_err(|e| Failure::usage(anyhow::anyhow!(e)))?;
    let secrets = credentials::secrets_of(&config, &id)?;
    match args.action {
        Action::Set { .. } => set(secrets).await,
        Action::Delete { .. } => delete(secrets).await,
        Action::Check { .. } => check(secrets).await,
    }
}

/// Keychain calls block on D-Bus: run them off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    call: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failure> {
    Ok(tokio::task::spawn_blocking(call)
        .await
        .context("keychain task")?)
}

async fn set(secrets: Vec<SecretRef>) -> Result<u8, Failure> {
    let typed = std::io::stdin().is_terminal();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    for secret in secrets {
        let prompt = format!("{} ({}): ", secret.describe(), secret.spec.help);
        let line = if typed {
            rpassword::prompt_password(&prompt).context("reading the secret from the terminal")?
        } else {
            eprintln!("{prompt}(then Enter)");
            lines
                .next()
                .context("stdin ended before every secret was given")?
                .context("reading stdin")?
        };
        let value = SecretString::new(line.trim().to_owned());
        if value.is_empty() {
            return Err(Failure::usage(anyhow::anyhow!(
                "{} is empty: nothing was stored",
                secret.describe()
            )));
        }
        blocking(move || credentials::store(&secret, &value)).await??;
    }
    eprintln!("stored in the OS keychain");
    Ok(0)
}

async fn delete(secrets: Vec<SecretRef>) -> Result<u8, Failure> {
    for secret in secrets {
        let what = secret.describe();
        let removed = blocking(move || credentials::delete(&secret)).await??;
        let word = if removed { "removed" } else { "was not stored" };
        eprintln!("{what}: {word}");
    }
    Ok(0)
}

async fn check(secrets: Vec<SecretRef>) -> Result<u8, Failure> {
    let mut missing = false;
    for secret in secrets {
        let (what, env_var) = (secret.describe(), secret.env_var());
        match blocking(move || credentials::lookup(&secret)).await? {
            Ok((_, origin)) => println!(
                "{what}: {}",
                engine::connections::found_in(origin, &env_var)
            ),
            Err(e) => {
                missing = true;
                println!("{what}: MISSING — {e}");
            }
        }
    }
    Ok(if missing { 2 } else { 0 })
}
