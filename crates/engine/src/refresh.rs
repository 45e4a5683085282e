//! One refresh, for every front end (the CLI's `driftwatch refresh`, the app's
//! "Snapshot now", and the scheduler to come): snapshot the configured entities,
//! then reconcile, so what is shown always follows what was just read.

use std::path::Path;

use model::{Config, Entity};
use serde::Serialize;

use crate::error::Result;
use crate::reconcile::{ReconProgress, ReconReport, ReconRequest};
use crate::snapshot::{Progress, SnapshotReport, SnapshotRequest};

#[derive(Debug, Clone, Default)]
pub struct RefreshRequest {
    /// `None`: the configuration's `snapshot.entities`.
    pub entities: Option<Vec<Entity>>,
    /// Ignore watermarks and read everything.
    pub full: bool,
    /// Re-read suspect stock and price rows before reporting them.
    pub confirm: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefreshReport {
    pub snapshot: SnapshotReport,
    pub reconciliation: ReconReport,
}

/// The entities a snapshot reads when the person did not say: the configuration's.
pub fn snapshot_request(
    config: &Config,
    entities: Option<Vec<Entity>>,
    full: bool,
) -> SnapshotRequest {
    SnapshotRequest {
        entities: entities.unwrap_or_else(|| config.snapshot.entities.clone()),
        full,
    }
}

/// Snapshots, then reconciles, even when the snapshot was partial (the reconciliation says
/// which snapshots it used and labels partial ones).
pub async fn run<P: Progress + ReconProgress>(
    config: &Config,
    data_dir: &Path,
    request: &RefreshRequest,
    progress: &P,
) -> Result<RefreshReport> {
    let snapshot = snapshot_request(config, request.entities.clone(), request.full);
    let snapshot = crate::snapshot::run(config, data_dir, &snapshot, progress).await?;
    let reconciliation = crate::reconcile::run(
        config,
        data_dir,
        &ReconRequest {
            confirm: request.confirm,
        },
        progress,
    )
    .await?;
    Ok(RefreshReport {
        snapshot,
        reconciliation,
    })
}
