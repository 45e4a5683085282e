//! What a simulated store looks like: dataset size and seed, Magento settings that change the
//! wire behaviour (paging generation, input limits, auth options) and the faults to inject.

use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};

use crate::faults::Fault;

/// Everything that shapes one simulated Magento store.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Seed of the generated dataset: same seed and sizes, same data.
    pub seed: u64,
    /// Number of orders, entity ids `1..=orders`.
    pub orders: u64,
    /// Number of simple products (and of SKUs per source), ids `1..=skus`.
    pub skus: u64,
    /// Number of inventory sources; source items are the full grid `skus x sources`.
    pub sources: u32,
    /// Paging behaviour past the last page.
    pub paging: Paging,
    /// `webapi/validation/input_limit_enabled`: default page size 20, at most 300.
    pub input_limits: bool,
    pub auth: SimAuth,
    pub faults: Vec<Fault>,
    /// The dataset's "now": every generated date lies before it.
    pub now: DateTime<Utc>,
    /// About 1 in 200 source items have a status set by hand against their quantity (out of
    /// stock with a quantity, or the reverse), as real stores do. The clean drift world
    /// (`world::Scenario` "clean") turns this off so that nothing in it is a mismatch.
    pub stock_status_exceptions: bool,
    /// The store view's time zone (`general/locale/timezone`), served by
    /// `GET /V1/store/storeConfigs`. Los Angeles by default: its day differs from UTC's for
    /// the last eight hours of every UTC day, as a US merchant's does.
    pub time_zone: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            orders: 2_000,
            skus: 500,
            sources: 4,
            paging: Paging::V24,
            input_limits: false,
            auth: SimAuth::default(),
            faults: Vec::new(),
            now: Utc::now().trunc_subsecs(0),
            stock_status_exceptions: true,
            time_zone: "America/Los_Angeles".to_string(),
        }
    }
}

impl SimConfig {
    /// The largest SKU count: SKUs are `SKU-` and six digits so that their lexical order is
    /// their numeric order, which clients rely on when paging by `sku`.
    pub const MAX_SKUS: u64 = 999_999;

    /// Checks the sizes the dataset can honour.
    pub fn validate(&self) -> Result<(), String> {
        if self.skus > Self::MAX_SKUS {
            return Err(format!(
                "skus must be at most {} (got {})",
                Self::MAX_SKUS,
                self.skus
            ));
        }
        if self.orders > 0 && self.skus == 0 {
            return Err("orders need products: set skus to at least 1".into());
        }
        if self.orders > 999_000_000 {
            return Err("orders must be at most 999000000 (increment ids have 9 digits)".into());
        }
        if self.sources > 9_999 {
            return Err(format!(
                "sources must be at most 9999 (got {})",
                self.sources
            ));
        }
        Ok(())
    }
}

/// What `currentPage` past the last page returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paging {
    /// Magento 2.4+: an empty `items` with the real `total_count`.
    #[default]
    V24,
    /// Before 2.4: the last page again.
    Pre24,
}

/// Credentials and authentication settings of the simulated store.
#[derive(Debug, Clone)]
pub struct SimAuth {
    /// The integration's access token.
    pub integration_token: String,
    /// `oauth/consumer/enable_integration_as_bearer`: the access token works as a Bearer token.
    pub bearer_enabled: bool,
    pub admin_username: String,
    pub admin_password: String,
    /// `webapi/jwtauth/admin_expiration`.
    pub admin_token_ttl: Duration,
    /// Magento_TwoFactorAuth enabled with Google Authenticator (the OTP is `123456`).
    pub two_factor: bool,
    /// The integration's OAuth 1.0a credentials.
    pub oauth: OAuthCredentials,
}

impl Default for SimAuth {
    fn default() -> Self {
        SimAuth {
            integration_token: "sim-integration-token".into(),
            bearer_enabled: true,
            admin_username: "admin".into(),
            admin_password: "admin-password-123".into(),
            admin_token_ttl: Duration::from_secs(3600),
            two_factor: false,
            oauth: OAuthCredentials::default(),
        }
    }
}

/// The four values of an activated Magento integration.
#[derive(Debug, Clone)]
pub struct OAuthCredentials {
    pub consumer_key: String,
    pub consumer_secret: String,
    pub access_token: String,
    pub token_secret: String,
}

impl Default for OAuthCredentials {
    fn default() -> Self {
        OAuthCredentials {
            consumer_key: "sim-consumer-key".into(),
            consumer_secret: "sim-consumer-secret".into(),
            access_token: "sim-access-token".into(),
            token_secret: "sim-token-secret".into(),
        }
    }
}
