//! Test connection for Magento: signs in and reads a little of what snapshots
//! read (sources, the base currency, the number of orders), saying what it
//! found or, in plain words, what stopped it.

use model::connection::{TestCode, TestReport, some_of};

use crate::{Client, Error};

pub async fn test_connection(client: &Client) -> TestReport {
    let mut report = TestReport::default();
    match client.inventory().sources().await {
        Ok(sources) => {
            let codes: Vec<String> = sources.into_iter().map(|s| s.code).collect();
            report.found(format!("Sources ({})", codes.len()), some_of(&codes, 6));
        }
        Err(e) => return failed(report, &e),
    }
    match client.products().base_currency().await {
        Ok(code) => report.found("Base currency", code),
        Err(e) => return failed(report, &e),
    }
    match client.orders().count().await {
        Ok(count) => report.found("Orders", count.to_string()),
        Err(e) => return failed(report, &e),
    }
    report
}

fn failed(report: TestReport, error: &Error) -> TestReport {
    let code = match error {
        Error::TwoFactorRequired { .. } => TestCode::TwoFactorRequired,
        Error::AdminLoginRejected { .. } => TestCode::CredentialsRejected,
        // Magento answers a revoked token, switched-off bearer tokens and a missing resource
        // with the same 401; the message lists all three.
        Error::Unauthorized { .. } => TestCode::CredentialsRejected,
        Error::Tls { .. } => TestCode::TlsFailure,
        Error::Api { status: 404, .. } => TestCode::Failed,
        e if e.is_unreachable() => TestCode::Unreachable,
        _ => TestCode::Failed,
    };
    let message = match code {
        TestCode::Unreachable => format!(
            "Magento did not answer ({error}). Check the shop's address, that this computer can \
             reach it (VPN, firewall), and that the shop is up"
        ),
        _ => error.to_string(),
    };
    report.failed(code, message)
}
