//! What can go wrong talking to Magento, worded for the person who must fix it.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401 after one re-authentication. Magento answers every auth problem
    /// the same way, so the message lists the likely causes.
    #[error(
        "Magento refused the credentials ({message}). Likely causes: the token expired or was \
         revoked (create a new one under System > Extensions > Integrations and enter it \
         again); integration tokens used as Bearer are off \
         by default since Magento 2.4.4 (enable Stores > Configuration > Services > OAuth > \
         \"Allow OAuth Access Tokens to be used as standalone Bearer tokens\", or use \
         auth = \"oauth1\"); or the integration lacks access to {resource}"
    )]
    Unauthorized { message: String, resource: String },

    #[error(
        "Magento did not accept the admin user name or password ({message}). Check both; note \
         that Magento locks an admin account for 30 minutes after 6 failed sign-ins"
    )]
    AdminLoginRejected { message: String },

    #[error(
        "this admin account must sign in with two-factor authentication ({providers}), which an \
         unattended tool cannot do. Create an integration under System > Extensions > \
         Integrations and use auth = \"integration-token\" or \"oauth1\" instead"
    )]
    TwoFactorRequired { providers: String },

    /// HTTPS could not be set up: retrying would not help.
    #[error(
        "the secure (HTTPS) connection to {host} failed: {detail}. If the shop uses a \
         certificate from a private authority, give that authority's PEM file as `ca_file`; \
         certificate checks are never switched off"
    )]
    Tls { host: String, detail: String },

    #[error("Magento answered {status} for {what}: {message}")]
    Api {
        status: u16,
        what: String,
        message: String,
    },

    #[error("{what}: Magento kept failing after {attempts} attempts (last: {last})")]
    GaveUp {
        what: String,
        attempts: u32,
        last: String,
    },

    #[error("{what}: Magento sent a reply that is not valid JSON ({detail})")]
    Decode { what: String, detail: String },

    #[error("{what}: {detail}")]
    Inconsistent { what: String, detail: String },

    /// Input limits are on and the page size was above them; the pager adapts.
    #[error("Magento accepts at most {max} rows per page")]
    PageSizeTooLarge { max: u32 },

    #[error("the Magento client is misconfigured: {0}")]
    Config(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the shop did not answer at all (DNS, refused, timed out), as opposed to
    /// answering with an error.
    pub fn is_unreachable(&self) -> bool {
        // The reasons `http::transport_failure` gives.
        const NETWORK: [&str; 3] = [
            "could not connect",
            "the request timed out",
            "the connection failed",
        ];
        matches!(self, Error::GaveUp { last, .. } if NETWORK.iter().any(|r| last.starts_with(r)))
    }

    /// Whether Magento refused who Driftwatch signed in as.
    pub fn is_credentials_rejected(&self) -> bool {
        matches!(
            self,
            Error::Unauthorized { .. }
                | Error::AdminLoginRejected { .. }
                | Error::TwoFactorRequired { .. }
        )
    }
}

/// Why one attempt failed and what to do about it.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// Try again after this long (Retry-After when Magento gave one).
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// The credentials were refused; re-authenticate once.
    Unauthorized { message: String },
    /// Final.
    Fail(Error),
}

/// A refused token may be one resource's ACL, so other entities are still tried; a refused
/// admin sign-in is global, and each retry brings Magento's 6-failure lockout closer.
impl connector::PageError for Error {
    fn sign_in_refused(&self) -> bool {
        matches!(
            self,
            Error::AdminLoginRejected { .. } | Error::TwoFactorRequired { .. }
        )
    }
}
