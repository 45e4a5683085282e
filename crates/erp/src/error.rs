//! Errors every connector can report, worded for the person who must act.

#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The connector cannot do this at all (not an outage).
    #[error("{erp} cannot {what}: {why}")]
    Unsupported {
        erp: &'static str,
        what: String,
        why: String,
    },

    #[error("{erp} refused the credentials: {message}. {hint}")]
    Unauthorized {
        erp: &'static str,
        message: String,
        hint: String,
    },

    #[error("{erp} answered {status} for {what}: {message}")]
    Api {
        erp: &'static str,
        status: u16,
        what: String,
        message: String,
    },

    #[error("{what}: {erp} kept failing after {attempts} attempts (last: {last})")]
    GaveUp {
        erp: &'static str,
        what: String,
        attempts: u32,
        last: String,
    },

    #[error("{what}: {detail}")]
    Inconsistent { what: String, detail: String },

    /// A connector asked for a secret its description does not list (a bug).
    #[error("the secret `{name}` was not looked up for this connection")]
    MissingSecret { name: String },

    #[error("the {erp} connector is misconfigured: {detail}")]
    Config { erp: &'static str, detail: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the system did not answer at all (DNS, refused, timed out), as opposed to
    /// answering with an error. Connectors word network failures this way.
    pub fn is_unreachable(&self) -> bool {
        const NETWORK: [&str; 3] = [
            "could not connect",
            "the connection failed",
            "the request timed out",
        ];
        matches!(self, Error::GaveUp { last, .. } if NETWORK.iter().any(|r| last.starts_with(r)))
    }
}

impl ::connector::PageError for Error {
    fn sign_in_refused(&self) -> bool {
        matches!(self, Error::Unauthorized { .. })
    }
}
