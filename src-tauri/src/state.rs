//! What the app works on: the configuration (a file, the demo's, or none yet) and the data
//! directory, plus the demo's simulators while they run.

use std::path::PathBuf;
use std::sync::RwLock;

use engine::dashboard::{ReconSummary, SnapshotRunView};
use model::{Config, MismatchEntity, MismatchKind, MismatchState};
use serde::{Deserialize, Serialize};

use crate::demo_dir::DemoDir;
use crate::error::{ErrorCode, IpcError, sentence};
use crate::progress::Emitter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AppMode {
    /// No configuration file: the first screen offers the demo.
    Unconfigured,
    /// Working on the built-in simulators.
    Demo,
    /// Working on the systems a configuration file names.
    Configured,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "AppState")]
pub struct AppStateView {
    pub mode: AppMode,
    pub config_path: Option<String>,
    pub data_dir: String,
    /// Why the configuration file cannot be used (it is then ignored until fixed).
    pub config_problem: Option<String>,
    /// The configured ERP in words ("Business Central").
    pub erp_name: Option<String>,
    /// Something was stored already: the dashboards have data to show.
    pub has_data: bool,
    /// Started with `--demo`: the UI opens the demo right away.
    pub demo_requested: bool,
}

/// What Test connection found for one connection.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConnectionTest {
    pub id: String,
    /// "Magento", "Business Central".
    pub name: String,
    pub endpoint: String,
    pub report: model::connection::TestReport,
}

/// What saving the mapping screen did: saved (the page as it now is), or refused with a
/// message per field and nothing written.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RulesSaved {
    pub problems: Vec<engine::mapping::FieldProblem>,
    pub document: Option<engine::mapping::RulesDocument>,
}

/// Which mismatches the tables ask for.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct MismatchQuery {
    pub entity: Option<MismatchEntity>,
    pub kind: Option<MismatchKind>,
    /// `None`: every state.
    pub state: Option<MismatchState>,
    pub limit: Option<usize>,
}

impl From<MismatchQuery> for engine::mismatches::MismatchFilter {
    fn from(q: MismatchQuery) -> Self {
        engine::mismatches::MismatchFilter {
            entity: q.entity,
            kind: q.kind,
            state: q.state,
            limit: q.limit,
        }
    }
}

/// What a person decides about a mismatch.
#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Acknowledged,
    Ignored,
}

impl From<Decision> for MismatchState {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Acknowledged => MismatchState::Acknowledged,
            Decision::Ignored => MismatchState::Ignored,
        }
    }
}

#[derive(Debug, Clone)]
struct Setup {
    mode: AppMode,
    config: Option<Config>,
    config_path: Option<PathBuf>,
    /// The file exists but cannot be used: what is wrong, for the person to fix.
    config_problem: Option<String>,
    data_dir: PathBuf,
}

#[derive(Debug)]
pub struct App {
    setup: RwLock<Setup>,
    /// Where the Connect screen writes the configuration (`--config`, or the default file).
    config_target: PathBuf,
    demo_requested: bool,
    /// The demo's simulators and its throw-away data directory, while in demo mode.
    demo: tokio::sync::Mutex<Option<(engine::demo::Demo, DemoDir)>>,
}

impl App {
    /// `--config FILE`, `--data-dir DIR` and `--demo`, else the environment and defaults.
    pub fn from_args(args: impl Iterator<Item = String>) -> App {
        let (mut config_path, mut data_dir, mut demo_requested) = (None, None, false);
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--config" => config_path = args.next().map(PathBuf::from),
                "--data-dir" => data_dir = args.next().map(PathBuf::from),
                "--demo" => demo_requested = true,
                _ => {}
            }
        }
        let engine::paths::Locations {
            config_file: config_path,
            data_dir,
        } = engine::paths::Locations::resolve(config_path, data_dir);
        let (config, config_problem) = match config_path
            .exists()
            .then(|| engine::paths::load_config(&config_path))
            .transpose()
        {
            Ok(config) => (config, None),
            Err(e) => {
                tracing::error!(error = %e, "the configuration file cannot be used");
                (None, Some(sentence(&e.to_string())))
            }
        };
        App {
            config_target: config_path.clone(),
            setup: RwLock::new(Setup {
                mode: if config.is_some() {
                    AppMode::Configured
                } else {
                    AppMode::Unconfigured
                },
                config_path: config.is_some().then_some(config_path),
                config,
                config_problem,
                data_dir,
            }),
            demo_requested,
            demo: tokio::sync::Mutex::new(None),
        }
    }

    fn setup(&self) -> Setup {
        self.setup.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn view(&self) -> AppStateView {
        let s = self.setup();
        AppStateView {
            mode: s.mode,
            config_path: s.config_path.map(|p| p.display().to_string()),
            has_data: engine::paths::database_file(&s.data_dir).exists(),
            config_problem: s.config_problem.clone(),
            data_dir: s.data_dir.display().to_string(),
            erp_name: s
                .config
                .as_ref()
                .and_then(|c| {
                    model::Entity::ALL
                        .into_iter()
                        .find_map(|e| c.counterpart(e))
                })
                .map(|c| engine::connectors::display_name(c).to_string()),
            demo_requested: self.demo_requested,
        }
    }

    /// The data directory and configuration to work on, or why there are none.
    pub fn configured(&self) -> Result<(PathBuf, Config), IpcError> {
        let s = self.setup();
        match (s.config, s.config_problem) {
            (Some(config), _) => Ok((s.data_dir, config)),
            (None, Some(problem)) => Err(IpcError::new(
                ErrorCode::ConfigInvalid,
                format!("{problem} Correct the file and restart Driftwatch."),
            )),
            (None, None) => Err(IpcError::new(
                ErrorCode::NotConfigured,
                "Driftwatch is not connected to your systems yet. Connect them, or explore the \
                 demo.",
            )),
        }
    }

    /// The configuration file the mapping screen edits (the demo's lives in memory only).
    pub fn config_file(&self) -> Result<PathBuf, IpcError> {
        let s = self.setup();
        match (s.mode, s.config_path) {
            (AppMode::Configured, Some(path)) => Ok(path),
            (AppMode::Demo, _) => Err(IpcError::new(
                ErrorCode::NotConfigured,
                "The demo's simulated systems cannot be changed. Connect your own systems to set \
                 up theirs.",
            )),
            _ => self.configured().map(|_| self.config_target.clone()),
        }
    }

    /// The configuration of one's own systems (the demo's secrets are not the person's to edit).
    pub fn own_config(&self) -> Result<(PathBuf, Config), IpcError> {
        self.config_file()?;
        self.configured()
    }

    /// Saves the mapping screen into the configuration file; the next reconciliation uses it.
    pub async fn save_rules(
        &self,
        version: String,
        form: engine::mapping::RulesForm,
    ) -> Result<RulesSaved, IpcError> {
        let path = self.config_file()?;
        let saved = tauri::async_runtime::spawn_blocking(move || {
            engine::mapping::save(&path, &version, &form)
        })
        .await
        .map_err(|e| IpcError::internal(e.to_string()))??;
        Ok(match saved {
            engine::mapping::Saved::Written { config, document } => {
                self.setup.write().unwrap_or_else(|e| e.into_inner()).config = Some(*config);
                RulesSaved {
                    problems: Vec::new(),
                    document: Some(*document),
                }
            }
            engine::mapping::Saved::Refused(problems) => RulesSaved {
                problems,
                document: None,
            },
        })
    }

    /// Starts the simulators, snapshots and reconciles them into a fresh directory, and works
    /// on that from now on. Once started, asking again changes nothing.
    pub async fn start_demo(&self, progress: &Emitter) -> Result<(), IpcError> {
        let mut demo = self.demo.lock().await;
        if demo.is_some() {
            return Ok(());
        }
        let dir = DemoDir::create()
            .map_err(|e| IpcError::internal(format!("Cannot create the demo's folder: {e}")))?;
        let (running, _report) = engine::demo::start_and_reconcile(
            engine::demo::DemoSize::default(),
            dir.path(),
            progress,
            progress,
        )
        .await?;
        *self.setup.write().unwrap_or_else(|e| e.into_inner()) = Setup {
            mode: AppMode::Demo,
            config: Some(running.config.clone()),
            config_path: None,
            config_problem: None,
            data_dir: dir.path().to_path_buf(),
        };
        *demo = Some((running, dir));
        Ok(())
    }

    /// Saves what the Connect screen typed (settings to a new configuration file, secrets to
    /// the keychain), works on it from now on, and tests every connection.
    pub async fn connect(
        &self,
        request: engine::setup::ConnectRequest,
    ) -> Result<Vec<ConnectionTest>, IpcError> {
        let path = self.config_target.clone();
        let saved = path.clone();
        let config =
            tauri::async_runtime::spawn_blocking(move || engine::setup::save(&saved, &request))
                .await
                .map_err(|e| IpcError::internal(e.to_string()))?
                .map_err(|e| match e {
                    // What was typed is wrong, not a configuration on disk.
                    engine::Error::Config(detail) => {
                        IpcError::new(ErrorCode::BadInput, sentence(&detail))
                    }
                    other => IpcError::from(other),
                })?;
        {
            let mut setup = self.setup.write().unwrap_or_else(|e| e.into_inner());
            setup.mode = AppMode::Configured;
            setup.config = Some(config);
            setup.config_path = Some(path);
            setup.config_problem = None;
        }
        self.test_connections().await
    }

    /// Test connection, for every connection of the configuration.
    pub async fn test_connections(&self) -> Result<Vec<ConnectionTest>, IpcError> {
        let (data_dir, config) = self.configured()?;
        let mut tests = Vec::new();
        for summary in engine::connectors::summaries(&config)? {
            let report =
                engine::connection_test::run_and_record(&config, &data_dir, &summary.id).await?;
            tests.push(ConnectionTest {
                id: summary.id.to_string(),
                name: summary.name.to_owned(),
                endpoint: summary.endpoint,
                report,
            });
        }
        Ok(tests)
    }

    /// Reads the configured entities from both systems (incrementally), then reconciles.
    pub async fn snapshot_now(&self, progress: &Emitter) -> Result<SnapshotRunView, IpcError> {
        let (data_dir, config) = self.configured()?;
        let request = engine::refresh::RefreshRequest {
            confirm: true,
            ..Default::default()
        };
        let report = engine::refresh::run(&config, &data_dir, &request, progress)
            .await?
            .snapshot;
        let runs = engine::dashboard::snapshot_runs(&data_dir, 20)?;
        runs.into_iter()
            .find(|r| r.id == report.run_id.0)
            .ok_or_else(|| IpcError::internal("The snapshot finished but is not in the store."))
    }

    pub async fn reconcile_now(&self, progress: &Emitter) -> Result<ReconSummary, IpcError> {
        let (data_dir, config) = self.configured()?;
        let request = engine::ReconRequest { confirm: true };
        let report = engine::reconcile::run(&config, &data_dir, &request, progress).await?;
        Ok(ReconSummary::from(&report))
    }
}
