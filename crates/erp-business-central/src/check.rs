//! Test connection for Business Central: signs in, finds the company among
//! those the app can see, and reads a little of what snapshots read (locations;
//! price lists through the Driftwatch extension when the connection uses it).

use erp::{Erp, Error};
use model::connection::{TestCode, TestReport, some_of};
use serde::Deserialize;

use crate::BusinessCentral;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCompany {
    id: String,
    name: String,
    #[serde(default)]
    display_name: String,
}

impl BusinessCentral {
    pub async fn test_connection(&self, company_id: &str) -> TestReport {
        let mut report = TestReport::default();
        let inner = &self.inner;
        let Ok(all) = inner.company.join("../companies") else {
            return report.failed(TestCode::Failed, "the company URL has no parent");
        };
        let companies: Vec<WireCompany> = match inner.get_all(all, "companies").await {
            Ok(companies) => companies,
            Err(e) => return failed(report, &e),
        };
        let Some(company) = companies
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(company_id))
        else {
            let seen: Vec<String> = companies
                .iter()
                .map(|c| format!("{} ({})", shown_name(c), c.id))
                .collect();
            return report.failed(
                TestCode::WrongCompany,
                format!(
                    "signed in, but company {company_id} is not in this environment. The app \
                     can see: {}. Check the tenant, the environment and the company id",
                    some_of(&seen, 5)
                ),
            );
        };
        report.found("Company", shown_name(company));
        match self.locations().await {
            Ok(locations) => {
                let codes: Vec<String> = locations.into_iter().map(|l| l.code).collect();
                report.found(format!("Locations ({})", codes.len()), some_of(&codes, 6));
            }
            Err(e) => return failed(report, &e),
        }
        if inner.custom_company.is_none() {
            report.found(
                "Driftwatch extension",
                "not used (extension = false): stock is compared as a total per item and \
                 prices as one unit price per item",
            );
            return report;
        }
        match self.price_lists().await {
            Ok(lists) => {
                report.found("Driftwatch extension", "installed");
                report.found(format!("Price lists ({})", lists.len()), some_of(&lists, 6));
                report
            }
            Err(Error::Api { status: 404, .. }) => report.failed(
                TestCode::ExtensionMissing,
                "the connection says the Driftwatch extension is installed, but Business \
                 Central does not know its pages. Install it (docs/erp/business-central.md) or \
                 set extension = false",
            ),
            Err(e) => failed(report, &e),
        }
    }
}

fn shown_name(company: &WireCompany) -> &str {
    if company.display_name.is_empty() {
        &company.name
    } else {
        &company.display_name
    }
}

fn failed(report: TestReport, error: &Error) -> TestReport {
    let code = match error {
        Error::Unauthorized { .. } => TestCode::CredentialsRejected,
        Error::Api {
            status: 403 | 401, ..
        } => TestCode::PermissionMissing,
        Error::Api { status: 404, .. } => TestCode::WrongCompany,
        e if e.is_unreachable() => TestCode::Unreachable,
        _ => TestCode::Failed,
    };
    let message = match code {
        TestCode::Unreachable => format!(
            "Business Central did not answer ({error}). Check the addresses in the connection \
             and that this computer can reach them"
        ),
        TestCode::WrongCompany => {
            format!("{error}. Check the tenant, the environment and the company id")
        }
        _ => error.to_string(),
    };
    report.failed(code, message)
}
