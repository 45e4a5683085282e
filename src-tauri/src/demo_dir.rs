//! The demo's folder in the temp directory: removed when the app closes (a `TempDir`), and
//! swept at the next demo start when the app was killed instead. A live demo holds a lock on
//! its folder's `demo.lock` for its whole life; a folder whose lock can be taken is left over.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

const PREFIX: &str = "driftwatch-demo-";
const LOCK: &str = "demo.lock";
/// A folder without a lock file younger than this may be one another app is creating.
const CREATING: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct DemoDir {
    // Field order: the lock closes before the folder is removed.
    _lock: File,
    dir: tempfile::TempDir,
}

impl DemoDir {
    /// A new demo folder in the system's temp directory, after removing left-over ones.
    pub fn create() -> io::Result<DemoDir> {
        let parent = std::env::temp_dir();
        sweep(&parent);
        create_in(&parent)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn create_in(parent: &Path) -> io::Result<DemoDir> {
    let dir = tempfile::Builder::new().prefix(PREFIX).tempdir_in(parent)?;
    let lock = lock_file(dir.path())?;
    lock.try_lock()
        .map_err(|e| io::Error::other(format!("cannot lock the demo's folder: {e}")))?;
    Ok(DemoDir { _lock: lock, dir })
}

fn lock_file(dir: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))
}

/// Removes the demo folders in `parent` that no running app holds. Best effort: a folder that
/// cannot be read or removed is left for the next time.
fn sweep(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_demo = entry.file_name().to_string_lossy().starts_with(PREFIX);
        if is_demo
            && path.is_dir()
            && abandoned(&path)
            && let Err(e) = std::fs::remove_dir_all(&path)
        {
            tracing::debug!(path = %path.display(), "left-over demo folder kept: {e}");
        }
    }
}

fn abandoned(dir: &Path) -> bool {
    let lock = dir.join(LOCK);
    if !lock.exists() {
        let age = std::fs::metadata(dir)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        return age.is_some_and(|age| age > CREATING);
    }
    // Taking the lock proves no app holds it; it is released when `file` drops.
    lock_file(dir).is_ok_and(|file| file.try_lock().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_apps_folder_is_swept_and_a_live_one_kept() {
        let parent = tempfile::tempdir().unwrap();
        let live = create_in(parent.path()).unwrap();
        let dead = create_in(parent.path()).unwrap();
        // A killed app: its lock released, its folder still there.
        let dead_path = dead.path().to_path_buf();
        let DemoDir { _lock, dir } = dead;
        drop(_lock);
        let _ = dir.keep();
        let other = parent.path().join("someone-elses");
        std::fs::create_dir(&other).unwrap();
        let fresh_without_lock = parent.path().join(format!("{PREFIX}creating"));
        std::fs::create_dir(&fresh_without_lock).unwrap();

        sweep(parent.path());

        assert!(!dead_path.exists(), "the killed app's folder is removed");
        assert!(
            live.path().join(LOCK).exists(),
            "the live demo keeps its folder"
        );
        assert!(other.exists(), "other folders are not touched");
        assert!(
            fresh_without_lock.exists(),
            "a folder being created is left alone"
        );
        let live_path = live.path().to_path_buf();
        drop(live);
        assert!(!live_path.exists(), "a closed demo removes its folder");
    }
}
