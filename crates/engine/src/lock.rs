//! One snapshot at a time per data directory, enforced with an OS file lock.
//! The lock dies with the process, so a killed run never blocks the next one,
//! and a run found `running` in the store while we hold the lock is known dead.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

#[derive(Debug)]
pub(crate) struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    pub fn acquire(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| Error::Io {
            what: format!("cannot create the data directory {}", data_dir.display()),
            detail: e.to_string(),
        })?;
        let path = data_dir.join("driftwatch.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::Io {
                what: format!("cannot open {}", path.display()),
                detail: e.to_string(),
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::Busy {
                data_dir: data_dir.to_owned(),
            }),
            Err(TryLockError::Error(e)) => Err(Error::Io {
                what: format!("cannot lock {}", path.display()),
                detail: e.to_string(),
            }),
        }
    }
}

/// The store for reading and for people's decisions on mismatches. Opened in full
/// (migrations, recovery of interrupted runs) when no other Driftwatch process works on the
/// data directory; otherwise beside that process, which keeps writing undisturbed.
pub(crate) fn open_store_shared(data_dir: &Path) -> Result<store::Store> {
    let path = crate::paths::database_file(data_dir);
    match DataDirLock::acquire(data_dir) {
        Ok(_lock) => Ok(store::Store::open(path, chrono::Utc::now())?),
        Err(Error::Busy { .. }) if path.exists() => Ok(store::Store::open_beside(path)?),
        Err(e) => Err(e),
    }
}
