//! Files the UI exports (CSV of a table) land in the user's Downloads folder under the name
//! the UI gave them, never over an existing file.

use std::path::{Path, PathBuf};

use tauri::Runtime;
use tauri::webview::{DownloadEvent, Webview};

pub fn save_in_downloads<R: Runtime>(_webview: Webview<R>, event: DownloadEvent<'_>) -> bool {
    match event {
        DownloadEvent::Requested { destination, .. } => {
            let name = destination
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".csv"))
                .unwrap_or_else(|| {
                    format!(
                        "driftwatch-{}.csv",
                        chrono::Local::now().format("%Y-%m-%d-%H%M%S")
                    )
                });
            *destination = free_path(&downloads_dir(), &name);
            true
        }
        DownloadEvent::Finished { path, success, .. } => {
            if !success {
                tracing::warn!(?path, "an export could not be saved");
            }
            true
        }
        _ => true,
    }
}

fn downloads_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    let dir = dirs
        .as_ref()
        .and_then(|d| d.download_dir().map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().join("Downloads")))
        .unwrap_or_else(std::env::temp_dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
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
