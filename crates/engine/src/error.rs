//! Engine errors: each says what went wrong and what to do next.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad or missing configuration (exit code 2 in the CLI).
    #[error("{0}")]
    Config(String),

    #[error("cannot read the configuration file {path}: {detail}")]
    ConfigFile { path: PathBuf, detail: String },

    /// A secret is missing from both the keychain and the environment.
    #[error(
        "no {what} is stored. Enter it for the connection (in the app's Connections screen, or \
         with `driftwatch credentials set {connection}`), or (for automation) set the \
         environment variable {env_var}"
    )]
    MissingSecret {
        connection: String,
        what: String,
        env_var: String,
    },

    /// The stored secret was entered for another host than the connection names now.
    #[error(
        "the {what} was entered for {entered_for}, but the connection now points at {now_for}; \
         it is not sent anywhere else than where it was entered for: enter it again"
    )]
    SecretForAnotherHost {
        what: String,
        entered_for: String,
        now_for: String,
    },

    #[error(
        "the {what} could not be looked up because the OS keychain is not available ({detail}); \
         unlock the keychain, or (for automation) set the environment variable {env_var}"
    )]
    KeychainUnavailable {
        what: String,
        env_var: String,
        detail: String,
    },

    #[error("the OS keychain could not be used: {0}")]
    Keychain(String),

    #[error(
        "Driftwatch is already working on {data_dir} (a snapshot or a reconciliation); wait for it to finish"
    )]
    Busy { data_dir: PathBuf },

    #[error(transparent)]
    Store(#[from] store::Error),

    #[error(transparent)]
    Magento(#[from] magento::Error),

    #[error(transparent)]
    Recon(#[from] recon::Error),

    #[error(transparent)]
    Erp(#[from] erp::Error),

    #[error("{what}: {detail}")]
    Io { what: String, detail: String },
}

/// What kind of failure an [`Error`] is, for front ends that branch on it: the app's error
/// codes across IPC are these (as `ErrorCode`); the error's own message says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ErrorCode"))]
pub enum ErrorKind {
    /// No configuration yet: connect, or explore the demo (front ends say so before asking
    /// the engine anything).
    NotConfigured,
    /// The configuration file is wrong (a key, a value, a connection's settings).
    ConfigInvalid,
    /// A secret is not stored, or was stored for another host.
    SecretMissing,
    KeychainUnavailable,
    /// The system answered and refused who Driftwatch signed in as.
    CredentialsRejected,
    /// The system did not answer (DNS, refused, timed out).
    Unreachable,
    /// HTTPS could not be set up (certificate).
    TlsFailure,
    /// The system answered with an error, or with something Driftwatch cannot read.
    SystemFailed,
    /// Another snapshot or reconciliation is running on the data directory.
    Busy,
    NotFound,
    /// What was asked cannot be done as asked (a blank note, a resolved mismatch).
    BadInput,
    /// Driftwatch's own storage or a bug.
    Internal,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        use ErrorKind as K;
        match self {
            Error::Config(_) | Error::ConfigFile { .. } => K::ConfigInvalid,
            Error::MissingSecret { .. } | Error::SecretForAnotherHost { .. } => K::SecretMissing,
            Error::KeychainUnavailable { .. } | Error::Keychain(_) => K::KeychainUnavailable,
            Error::Busy { .. } => K::Busy,
            Error::Magento(magento::Error::Tls { .. }) => K::TlsFailure,
            Error::Magento(e) if e.is_unreachable() => K::Unreachable,
            Error::Magento(e) if e.is_credentials_rejected() => K::CredentialsRejected,
            Error::Magento(_) => K::SystemFailed,
            Error::Erp(e) if e.is_unreachable() => K::Unreachable,
            Error::Erp(erp::Error::Unauthorized { .. }) => K::CredentialsRejected,
            Error::Erp(_) => K::SystemFailed,
            _ if self.is_not_found() => K::NotFound,
            _ if self.is_usage() => K::BadInput,
            _ => K::Internal,
        }
    }

    /// Whether what was asked for does not exist (an unknown mismatch id).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Store(store::Error::UnknownMismatch { .. }))
    }

    /// Whether the user must fix configuration, credentials or what they typed (CLI exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Config(_)
                | Error::ConfigFile { .. }
                | Error::MissingSecret { .. }
                | Error::SecretForAnotherHost { .. }
                | Error::Store(
                    store::Error::UnknownMismatch { .. }
                        | store::Error::NoteRequired
                        | store::Error::StateNotSettable { .. }
                        | store::Error::MismatchResolved { .. }
                )
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
