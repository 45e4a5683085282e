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
