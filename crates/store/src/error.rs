//! The one error type of the store. Every message names the database file and
//! says what a person at the keyboard can do next; the engine maps variants to
//! stable error codes for the UI.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use model::{MismatchEntity, MismatchKind, MismatchState, RunStatus};
use rusqlite::ErrorCode;

use crate::{ReconRunId, RunId};

/// Everything that can go wrong while opening, writing or reading the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(
        "could not create the folder {} for the Driftwatch database: {source}; check that you may write there or choose another data directory",
        path.display()
    )]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the database at {} is locked by another Driftwatch run; wait for it to finish and try again",
        path.display()
    )]
    Locked { path: PathBuf },

    #[error(
        "the disk holding the database at {} is full; free some space and run the snapshot again",
        path.display()
    )]
    DiskFull { path: PathBuf },

    #[error(
        "the database at {} cannot be written (the file or its folder is read-only); check its permissions",
        path.display()
    )]
    ReadOnly { path: PathBuf },

    #[error(
        "the file at {} is not a Driftwatch database or is damaged ({detail}); restore a backup or choose a new data directory",
        path.display()
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "the database at {} was upgraded by a newer Driftwatch (schema step {version}); install that version to use it",
        path.display()
    )]
    NewerSchema { path: PathBuf, version: String },

    #[error(
        "could not upgrade the database at {} (schema step {version}): {source}; restore a backup or report this error",
        path.display()
    )]
    Migration {
        path: PathBuf,
        version: String,
        #[source]
        source: rusqlite::Error,
    },

    #[error(
        "snapshot run {run} does not exist in the database at {}; list the runs to pick an existing one",
        path.display()
    )]
    UnknownRun { path: PathBuf, run: RunId },

    #[error(
        "snapshot run {run} has already ended ({status}); start a new snapshot to store more data"
    )]
    RunNotRunning { run: RunId, status: RunStatus },

    #[error(
        "snapshot run {run} is still in progress in the database at {}; wait for it to finish before starting another",
        path.display()
    )]
    RunInProgress { path: PathBuf, run: RunId },

    #[error(
        "reconciliation run {run} does not exist in the database at {}; list the reconciliation runs to pick an existing one",
        path.display()
    )]
    UnknownReconRun { path: PathBuf, run: ReconRunId },

    #[error(
        "the reconciliation reported the {entity} mismatch {kind} `{key}` twice in one run, and nothing of the run was stored; report this to the Driftwatch team"
    )]
    DuplicateFinding {
        entity: MismatchEntity,
        kind: MismatchKind,
        key: String,
    },

    #[error(
        "the reconciliation reported the control total of {day} in {currency} twice in one run, and nothing of the run was stored; report this to the Driftwatch team"
    )]
    DuplicateControlTotal { day: NaiveDate, currency: String },

    #[error("no mismatch with id {id} (`driftwatch mismatches` lists them)")]
    UnknownMismatch { id: i64 },

    #[error(
        "a mismatch can be set by hand only to acknowledged or ignored, not {state}: Driftwatch sets open, resolved and replayed itself"
    )]
    StateNotSettable { state: MismatchState },

    #[error("a note is required: say why")]
    NoteRequired,

    #[error(
        "mismatch {id} was resolved on {} and needs nothing; if a later reconciliation finds it again it reopens by itself",
        resolved_on.format("%Y-%m-%d %H:%M UTC")
    )]
    MismatchResolved { id: i64, resolved_on: DateTime<Utc> },

    #[error("{field} {value} is too large to store; report this to the Driftwatch team")]
    OutOfRange { field: &'static str, value: u64 },

    #[error("internal error in the snapshot store: {0}; report this to the Driftwatch team")]
    Internal(String),

    #[error(
        "the database at {} reported an error: {source}; try again, and if it persists restore a backup or report this error",
        path.display()
    )]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Classifies a SQLite error into the variants a user can act on.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> Error {
        let path = path.to_path_buf();
        // A stored value that no longer parses means the file was edited or damaged.
        if matches!(
            source,
            rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
        ) {
            return Error::Corrupt {
                path,
                detail: source.to_string(),
            };
        }
        match source.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked { path },
            Some(ErrorCode::DiskFull) => Error::DiskFull { path },
            Some(ErrorCode::ReadOnly) => Error::ReadOnly { path },
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::Corrupt {
                path,
                detail: source.to_string(),
            },
            _ => Error::Sqlite { path, source },
        }
    }
}

/// Attaches the database path to rusqlite results: `stmt.execute(..).at(path)?`.
pub(crate) trait At<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> At<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| Error::sqlite(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    fn failure(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_errors_become_what_a_user_can_act_on() {
        let path = Path::new("/data/driftwatch.sqlite");
        let err = Error::sqlite(path, failure(ffi::SQLITE_BUSY));
        assert!(matches!(err, Error::Locked { .. }));
        assert_eq!(
            err.to_string(),
            "the database at /data/driftwatch.sqlite is locked by another Driftwatch run; \
             wait for it to finish and try again"
        );
        assert!(matches!(
            Error::sqlite(path, failure(ffi::SQLITE_FULL)),
            Error::DiskFull { .. }
        ));
        assert!(matches!(
            Error::sqlite(path, failure(ffi::SQLITE_READONLY)),
            Error::ReadOnly { .. }
        ));
        assert!(matches!(
            Error::sqlite(path, failure(ffi::SQLITE_NOTADB)),
            Error::Corrupt { .. }
        ));
        assert!(matches!(
            Error::sqlite(
                path,
                rusqlite::Error::InvalidColumnType(0, "qty".into(), rusqlite::types::Type::Integer)
            ),
            Error::Corrupt { .. }
        ));
        assert!(matches!(
            Error::sqlite(path, failure(ffi::SQLITE_IOERR)),
            Error::Sqlite { .. }
        ));
    }
}
