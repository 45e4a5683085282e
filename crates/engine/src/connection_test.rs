//! Test connection, for both front ends: for one connection, sign in and read a
//! little of everything a snapshot reads, and report what was found or what
//! stopped it (with a code to branch on). Reads only; nothing is stored.

use model::connection::{TestCode, TestReport};
use model::{Config, ConnectionId};

use std::path::Path;

use crate::error::{Error, Result};
use crate::lock::open_store_shared;
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

/// [`run`], and the result kept as the connection's last test in the data directory
/// (`driftwatch connections` and the app's Connections screen show it).
pub async fn run_and_record(
    config: &Config,
    data_dir: &Path,
    id: &ConnectionId,
) -> Result<TestReport> {
    let report = run(config, id).await?;
    let record = store::ConnectionTestRecord {
        connection: id.to_string(),
        tested_at: chrono::Utc::now(),
        passed: report.passed(),
        report: serde_json::to_string(&report).map_err(|e| Error::Io {
            what: "recording the test".into(),
            detail: e.to_string(),
        })?,
    };
    let data_dir = data_dir.to_owned();
    blocking(move || -> Result<()> {
        std::fs::create_dir_all(&data_dir).map_err(|e| Error::Io {
            what: format!("creating {}", data_dir.display()),
            detail: e.to_string(),
        })?;
        open_store_shared(&data_dir)?.record_connection_test(&record)?;
        Ok(())
    })
    .await??;
    Ok(report)
}

/// The last recorded test of connection `id`, if it was ever tested (never opens a
/// database that does not exist yet).
pub fn last(data_dir: &Path, id: &str) -> Result<Option<LastTest>> {
    if !crate::paths::database_file(data_dir).exists() {
        return Ok(None);
    }
    let Some(record) = open_store_shared(data_dir)?.last_connection_test(id)? else {
        return Ok(None);
    };
    // A report this build cannot read (written by another version) is as good as none.
    Ok(serde_json::from_str(&record.report)
        .ok()
        .map(|report| LastTest {
            tested_at: record.tested_at,
            report,
        }))
}

/// When a connection was last tested and what that found.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LastTest {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub tested_at: chrono::DateTime<chrono::Utc>,
    pub report: TestReport,
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
