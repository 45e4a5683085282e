//! Business Central's door into Driftwatch: the settings of a
//! `kind = "business-central"` connection, their checks, and `connect`.

use std::sync::Arc;
use std::time::Duration;

use erp::{Checked, Connector, Erp, Secrets};
use futures_util::future::BoxFuture;
use model::connection::{SecretSpec, SettingError, SettingKind, SettingSpec};
use model::connection::{TestCode, TestReport};
use serde::Deserialize;
use url::Url;

use crate::{BusinessCentral, ERP, RetryPolicy, Settings};

/// The registry's entry for Business Central.
pub const CONNECTOR: BusinessCentralConnector = BusinessCentralConnector;

#[derive(Debug, Clone, Copy)]
pub struct BusinessCentralConnector;

const CLIENT_SECRET: &str = "client-secret";

/// A connection's settings as the configuration holds them (docs/config.md).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionSettings {
    pub tenant: String,
    #[serde(default = "defaults::environment")]
    pub environment: String,
    pub company_id: String,
    pub client_id: String,
    #[serde(default = "defaults::yes")]
    pub extension: bool,
    #[serde(default = "defaults::page_size")]
    pub page_size: u32,
    #[serde(default = "defaults::concurrency")]
    pub concurrency: u32,
    #[serde(default = "defaults::timeout_secs")]
    pub timeout_secs: u64,
    #[serde(default = "defaults::max_attempts")]
    pub max_attempts: u32,
    #[serde(default)]
    pub token_url: Option<String>,
    #[serde(default)]
    pub api_base: Option<String>,
    #[serde(default)]
    pub custom_api_base: Option<String>,
}

mod defaults {
    pub fn environment() -> String {
        "production".into()
    }
    pub fn yes() -> bool {
        true
    }
    pub fn page_size() -> u32 {
        1000
    }
    pub fn concurrency() -> u32 {
        1
    }
    pub fn timeout_secs() -> u64 {
        60
    }
    pub fn max_attempts() -> u32 {
        6
    }
}

impl ConnectionSettings {
    pub fn parse(table: &toml::Table) -> Result<Self, SettingError> {
        let settings: Self = toml::Value::Table(table.clone()).try_into().map_err(|e| {
            let e: toml::de::Error = e;
            // No single key: the table as a whole (an unknown or mistyped key).
            SettingError::new("", format!("cannot be read: {}", e.message().trim_end()))
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), SettingError> {
        let required = [
            (
                "tenant",
                &self.tenant,
                "must be the Microsoft Entra tenant id (a GUID) or domain",
            ),
            (
                "company_id",
                &self.company_id,
                "must be the company's id (GET .../api/v2.0/companies lists them)",
            ),
            (
                "client_id",
                &self.client_id,
                "must be the app registration's application (client) id",
            ),
            (
                "environment",
                &self.environment,
                "must name the environment, e.g. `production`",
            ),
        ];
        for (key, value, problem) in required {
            if value.trim().is_empty() {
                return Err(SettingError::new(key, problem));
            }
        }
        if !(1..=20_000).contains(&self.page_size) {
            return Err(SettingError::new(
                "page_size",
                "must be between 1 and 20000",
            ));
        }
        if !(1..=5).contains(&self.concurrency) {
            return Err(SettingError::new(
                "concurrency",
                "must be between 1 and 5 (Business Central refuses more than 5 requests at once)",
            ));
        }
        if self.timeout_secs == 0 {
            return Err(SettingError::new("timeout_secs", "must be at least 1"));
        }
        if self.max_attempts == 0 {
            return Err(SettingError::new("max_attempts", "must be at least 1"));
        }
        for (key, url) in [
            ("token_url", self.token_url()),
            ("api_base", self.api_base()),
        ]
        .into_iter()
        .chain(self.custom_api_base().map(|u| ("custom_api_base", u)))
        {
            origin(&url).map_err(|problem| SettingError::new(key, problem))?;
        }
        Ok(())
    }

    pub fn token_url(&self) -> String {
        self.token_url.clone().unwrap_or_else(|| {
            format!(
                "https://login.microsoftonline.com/{}/oauth2/v2.0/token",
                self.tenant
            )
        })
    }

    pub fn api_base(&self) -> String {
        self.api_base.clone().unwrap_or_else(|| {
            format!(
                "https://api.businesscentral.dynamics.com/v2.0/{}/{}/api/v2.0",
                self.tenant, self.environment
            )
        })
    }

    /// The extension's base, when it is installed.
    pub fn custom_api_base(&self) -> Option<String> {
        self.extension.then(|| {
            self.custom_api_base.clone().unwrap_or_else(|| {
                format!(
                    "https://api.businesscentral.dynamics.com/v2.0/{}/{}/api/driftwatch/recon/v1.0",
                    self.tenant, self.environment
                )
            })
        })
    }
}

/// `https://host[:port]` of a URL; plain http only on this machine.
fn origin(url: &str) -> Result<String, String> {
    let parsed = Url::parse(url).map_err(|e| format!("`{url}` is not a URL ({e})"))?;
    ::connector::http::require_secure(&parsed)?;
    Ok(parsed.origin().ascii_serialization())
}

const SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: "tenant",
        label: "Tenant",
        help: "Your Microsoft Entra tenant id (a GUID) or domain, e.g. contoso.onmicrosoft.com.",
        kind: SettingKind::Text,
        required: true,
        default: None,
    },
    SettingSpec {
        key: "environment",
        label: "Environment",
        help: "The Business Central environment's name, as in the admin center.",
        kind: SettingKind::Text,
        required: false,
        default: Some("production"),
    },
    SettingSpec {
        key: "company_id",
        label: "Company id",
        help: "The company's id (a GUID). Test connection lists the companies it can see.",
        kind: SettingKind::Text,
        required: true,
        default: None,
    },
    SettingSpec {
        key: "client_id",
        label: "Application (client) id",
        help: "The app registration's application id from the Entra admin center \
               (docs/permissions.md says which permissions it needs).",
        kind: SettingKind::Text,
        required: true,
        default: None,
    },
    SettingSpec {
        key: "extension",
        label: "Driftwatch extension installed",
        help: "The read-only extension gives stock per location and price lists; without it \
               stock is a total per item and prices one unit price per item.",
        kind: SettingKind::Bool,
        required: false,
        default: Some("true"),
    },
    SettingSpec {
        key: "page_size",
        label: "Rows per page",
        help: "Asked with Prefer: odata.maxpagesize.",
        kind: SettingKind::Integer {
            min: 1,
            max: 20_000,
        },
        required: false,
        default: Some("1000"),
    },
    SettingSpec {
        key: "concurrency",
        label: "Parallel reads",
        help: "Parts of one collection read side by side (Business Central allows 5 at once).",
        kind: SettingKind::Integer { min: 1, max: 5 },
        required: false,
        default: Some("1"),
    },
    SettingSpec {
        key: "timeout_secs",
        label: "Timeout (seconds)",
        help: "Seconds before one request is abandoned and retried.",
        kind: SettingKind::Integer { min: 1, max: 3600 },
        required: false,
        default: Some("60"),
    },
    SettingSpec {
        key: "max_attempts",
        label: "Attempts per request",
        help: "On throttling, 5xx answers, timeouts and dropped connections.",
        kind: SettingKind::Integer { min: 1, max: 20 },
        required: false,
        default: Some("6"),
    },
    SettingSpec {
        key: "token_url",
        label: "Token endpoint",
        help: "Only for sovereign clouds or a test server.",
        kind: SettingKind::Url,
        required: false,
        default: None,
    },
    SettingSpec {
        key: "api_base",
        label: "API base",
        help: "Only for sovereign clouds or a test server.",
        kind: SettingKind::Url,
        required: false,
        default: None,
    },
    SettingSpec {
        key: "custom_api_base",
        label: "Extension API base",
        help: "Only for sovereign clouds or a test server.",
        kind: SettingKind::Url,
        required: false,
        default: None,
    },
];

const SECRETS: &[SecretSpec] = &[SecretSpec {
    name: CLIENT_SECRET,
    label: "Client secret",
    help: "A client secret of the app registration (Certificates & secrets in the Entra admin \
           center). It is shown only once when created.",
}];

impl Connector for BusinessCentralConnector {
    fn kind(&self) -> &'static str {
        "business-central"
    }

    fn display_name(&self) -> &'static str {
        ERP
    }

    fn settings(&self) -> &'static [SettingSpec] {
        SETTINGS
    }

    fn secrets(&self) -> &'static [SecretSpec] {
        SECRETS
    }

    fn check(&self, table: &toml::Table) -> Result<Checked, SettingError> {
        let settings = ConnectionSettings::parse(table)?;
        Ok(Checked {
            // The secret goes to the token endpoint (tenant in its path); the token it
            // buys goes to the API's origin.
            audience: format!(
                "{} {}",
                settings.token_url(),
                origin(&settings.api_base()).unwrap_or_default()
            ),
            scope: format!("{} company {}", settings.api_base(), settings.company_id),
            endpoint: settings.api_base().trim_end_matches('/').to_owned(),
            capabilities: crate::capabilities(settings.extension),
        })
    }

    fn connect(&self, table: &toml::Table, secrets: &Secrets) -> erp::Result<Arc<dyn Erp>> {
        let (client, _) = client(table, secrets, None)?;
        Ok(Arc::new(client))
    }

    fn test<'a>(
        &'a self,
        table: &'a toml::Table,
        secrets: &'a Secrets,
    ) -> BoxFuture<'a, TestReport> {
        Box::pin(async move {
            // Two attempts: a test says what is wrong quickly rather than riding out an outage.
            match client(table, secrets, Some(2)) {
                Ok((client, company_id)) => client.test_connection(&company_id).await,
                Err(e) => TestReport::default().failed(TestCode::Failed, e.to_string()),
            }
        })
    }
}

/// A client for a connection's settings, and the company it reads.
fn client(
    table: &toml::Table,
    secrets: &Secrets,
    max_attempts: Option<u32>,
) -> erp::Result<(BusinessCentral, String)> {
    let settings = ConnectionSettings::parse(table).map_err(|e| erp::Error::Config {
        erp: ERP,
        detail: e.to_string(),
    })?;
    let client = BusinessCentral::new(Settings {
        token_url: settings.token_url(),
        scope: Settings::DEFAULT_SCOPE.to_owned(),
        api_base: settings.api_base(),
        custom_api_base: settings.custom_api_base(),
        company_id: settings.company_id.clone(),
        client_id: settings.client_id.clone(),
        client_secret: secrets.get(CLIENT_SECRET)?.clone(),
        page_size: settings.page_size,
        concurrency: settings.concurrency,
        timeout: Duration::from_secs(settings.timeout_secs),
        retry: RetryPolicy {
            max_attempts: max_attempts.unwrap_or(settings.max_attempts),
            ..Default::default()
        },
    })?;
    Ok((client, settings.company_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    const MINIMAL: &str = "tenant = \"t1\"\ncompany_id = \"c1\"\nclient_id = \"app\"\n";

    #[test]
    fn derives_urls_and_scope_from_tenant_and_environment() {
        let checked = CONNECTOR.check(&table(MINIMAL)).unwrap();
        assert_eq!(
            checked.scope,
            "https://api.businesscentral.dynamics.com/v2.0/t1/production/api/v2.0 company c1"
        );
        assert_eq!(
            checked.audience,
            "https://login.microsoftonline.com/t1/oauth2/v2.0/token https://api.businesscentral.dynamics.com"
        );
        assert_eq!(
            checked.capabilities.stock,
            erp::StockFigure::OnHandPerLocation
        );
        let without = CONNECTOR
            .check(&table(&format!("{MINIMAL}extension = false\n")))
            .unwrap();
        assert!(!without.capabilities.price_lists);
    }

    #[test]
    fn refuses_what_cannot_work_naming_the_setting() {
        let cases = [
            (MINIMAL.replace("\"c1\"", "\"\""), "company_id"),
            (format!("{MINIMAL}concurrency = 9\n"), "concurrency"),
            (
                format!("{MINIMAL}api_base = \"http://bc.example.com/api\"\n"),
                "api_base",
            ),
            (format!("{MINIMAL}token_url = \"not a url\"\n"), "token_url"),
            (format!("{MINIMAL}tenantt = \"x\"\n"), ""),
        ];
        for (text, key) in cases {
            let err = CONNECTOR.check(&table(&text)).unwrap_err();
            assert_eq!(err.key, key, "{err}");
        }
        let err = CONNECTOR
            .check(&table(&format!("{MINIMAL}tenantt = \"x\"\n")))
            .unwrap_err();
        assert!(err.problem.contains("tenantt"), "{err}");
        // Plain http is for this machine only (the simulators).
        let local = format!("{MINIMAL}api_base = \"http://127.0.0.1:8080/api\"\n");
        assert!(CONNECTOR.check(&table(&local)).is_ok());
    }
}
