//! Where configuration and data live when the user does not say.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use model::Config;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("dev", "Driftwatch", "driftwatch")
}

/// `~/.config/driftwatch/config.toml` on Linux (the OS convention elsewhere).
pub fn default_config_file() -> PathBuf {
    project_dirs()
        .map(|d| d.config_dir().join("config.toml"))
        .unwrap_or_else(|| PathBuf::from("driftwatch.toml"))
}

/// `~/.local/share/driftwatch` on Linux (the OS convention elsewhere).
pub fn default_data_dir() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("driftwatch-data"))
}

/// Where the configuration file and the data directory are, for every front end: what the
/// person gave (`--config`, `--data-dir`), else `DRIFTWATCH_CONFIG` / `DRIFTWATCH_DATA_DIR`,
/// else the OS defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
}

impl Locations {
    pub fn resolve(config_file: Option<PathBuf>, data_dir: Option<PathBuf>) -> Locations {
        let from_env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Locations {
            config_file: config_file
                .or_else(|| from_env("DRIFTWATCH_CONFIG"))
                .unwrap_or_else(default_config_file),
            data_dir: data_dir
                .or_else(|| from_env("DRIFTWATCH_DATA_DIR"))
                .unwrap_or_else(default_data_dir),
        }
    }
}

/// The SQLite file inside a data directory.
pub fn database_file(data_dir: &Path) -> PathBuf {
    data_dir.join("driftwatch.sqlite")
}

pub fn load_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::ConfigFile {
        path: path.to_owned(),
        detail: if e.kind() == std::io::ErrorKind::NotFound {
            "it does not exist. Write one (see docs/config.md) or pass --config FILE".to_owned()
        } else {
            e.to_string()
        },
    })?;
    let config =
        Config::from_toml(&text).map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
    crate::connectors::validate(&config).map_err(|e| match e {
        Error::Config(detail) => Error::Config(format!("{}: {detail}", path.display())),
        other => other,
    })?;
    Ok(config)
}

/// Writes a file whole or not at all: into a temporary file beside it, then renamed into
/// place (creating its folder first).
pub fn write_new_file(path: &Path, text: &str) -> Result<()> {
    let failed = |e: std::io::Error| Error::ConfigFile {
        path: path.to_owned(),
        detail: format!("it cannot be written: {e}"),
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(failed)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".writing");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(failed)
}
