//! Exports (a table as CSV) saved in the user's Downloads folder under the name the UI gives,
//! never over an existing file. The webview cannot save files itself.

use std::path::{Path, PathBuf};

use crate::error::{ErrorCode, IpcError};

/// Writes `contents` as `file_name` (a plain `.csv` name) in Downloads; answers the path.
pub fn save(file_name: &str, contents: &str) -> Result<String, IpcError> {
    let plain = Path::new(file_name).file_name().and_then(|n| n.to_str());
    let Some(name) = plain.filter(|n| *n == file_name && n.ends_with(".csv")) else {
        return Err(IpcError::new(
            ErrorCode::BadInput,
            format!("{file_name:?} is not a CSV file name"),
        ));
    };
    let dir = downloads_dir();
    std::fs::create_dir_all(&dir).map_err(|e| cannot_save(&dir, e))?;
    let path = free_path(&dir, name);
    std::fs::write(&path, contents).map_err(|e| cannot_save(&path, e))?;
    Ok(path.display().to_string())
}

fn cannot_save(path: &Path, e: std::io::Error) -> IpcError {
    IpcError::new(
        ErrorCode::Internal,
        format!(
            "Cannot save the export in {}: {e}. Check that the folder is writable.",
            path.display()
        ),
    )
}

fn downloads_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    dirs.as_ref()
        .and_then(|d| d.download_dir().map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().join("Downloads")))
        .unwrap_or_else(std::env::temp_dir)
}

/// `dir/name`, or `dir/stem (2).ext` and so on when that exists already.
fn free_path(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}).{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_never_paths_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a.csv"));
        std::fs::write(dir.path().join("a.csv"), "x").unwrap();
        assert_eq!(free_path(dir.path(), "a.csv"), dir.path().join("a (2).csv"));
        for bad in ["../a.csv", "/tmp/a.csv", "a.sh", "dir/a.csv"] {
            assert_eq!(
                save(bad, "x").unwrap_err().code,
                ErrorCode::BadInput,
                "{bad}"
            );
        }
    }
}
