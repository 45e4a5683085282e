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
        "no {what} is stored. Store it in the OS keychain with `driftwatch credentials set \
         magento`, or (for automation) set the environment variable {env_var}"
    )]
    MissingSecret { what: String, env_var: String },

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

    #[error("{what}: {detail}")]
    Io { what: String, detail: String },
}

impl Error {
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
