//! Test connection, for both front ends: for one connection, sign in and read a
//! little of everything a snapshot reads, and report what was found or what
//! stopped it (with a code to branch on). Reads only; nothing is stored.

use model::connection::{TestCode, TestReport};
use model::{Config, ConnectionId};

use crate::error::{Error, Result};
use crate::{connect, connectors, credentials};

/// Attempts per request during a test: say what is wrong quickly rather than
/// ride out an outage as a snapshot does.
const TEST_ATTEMPTS: u32 = 2;

/// Tests connection `id`. `Err` only when the configuration itself is wrong.
pub async fn run(config: &Config, id: &ConnectionId) -> Result<TestReport> {
    let mut config = config.clone();
    if id == &config.magento_id {
        config.magento.max_attempts = TEST_ATTEMPTS;
        let client = blocking(move || connect::magento(&config)).await?;
        return Ok(match client {
            Ok(client) => magento::check::test_connection(&client).await,
            Err(e) => unusable_secret(e)?,
        });
    }
    let connection = config
        .connection(id)
        .ok_or_else(|| Error::Config(format!("there is no connection `{id}`")))?
        .clone();
    let connector = connectors::of(&connection)?;
    connectors::check(&connection)?;
    let for_keychain = id.clone();
    let secrets = blocking(move || credentials::erp_secrets(&config, &for_keychain)).await?;
    Ok(match secrets {
        Ok(secrets) => connector.test(&connection.settings, &secrets).await,
        Err(e) => unusable_secret(e)?,
    })
}

/// Keychain calls block (D-Bus): off the async workers.
async fn blocking<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(call)
        .await
        .map_err(|e| Error::Keychain(e.to_string()))
}

/// A secret that cannot be used is a failed test; any other error is the configuration's.
fn unusable_secret(error: Error) -> Result<TestReport> {
    let code = match &error {
        Error::MissingSecret { .. } | Error::SecretForAnotherHost { .. } => TestCode::SecretMissing,
        Error::KeychainUnavailable { .. } | Error::Keychain(_) => TestCode::Failed,
        _ => return Err(error),
    };
    Ok(TestReport::default().failed(code, error.to_string()))
}
