//! Progress of long work (the demo's first load, snapshots, reconciliations) as `progress`
//! events the UI turns into progress bars.

use engine::{PartReport, Progress, ReconProgress};
use model::{Entity, MismatchEntity, System};
use serde::Serialize;
use tauri::{AppHandle, Emitter as _};

/// One step of long work.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(rename = "Progress")]
pub struct ProgressEvent {
    /// "demo", "snapshot" or "reconcile".
    pub task: String,
    pub entity: Option<Entity>,
    pub system: Option<System>,
    /// Rows read so far (snapshots) or steps done.
    pub done: u64,
    /// `None` while unknown.
    pub total: Option<u64>,
    /// What is happening, in words.
    pub message: String,
    /// This entity and system is done.
    pub finished: bool,
}

/// Sends the engine's progress to the window.
pub struct Emitter {
    handle: AppHandle,
    task: &'static str,
}

impl Emitter {
    pub fn new(handle: AppHandle, task: &'static str) -> Self {
        Emitter { handle, task }
    }

    fn emit(&self, event: ProgressEvent) {
        // A window that is gone cannot be told; the work goes on.
        let _ = self.handle.emit("progress", event);
    }

    fn event(&self, entity: Option<Entity>, system: Option<System>) -> ProgressEvent {
        ProgressEvent {
            task: self.task.to_string(),
            entity,
            system,
            done: 0,
            total: None,
            message: String::new(),
            finished: false,
        }
    }
}

fn system_name(system: System) -> &'static str {
    match system {
        System::Magento => "Magento",
        System::Erp => "the ERP",
    }
}

impl Progress for Emitter {
    fn part_started(&self, entity: Entity, system: System) {
        self.emit(ProgressEvent {
            message: format!("Reading {} from {}", entity.as_str(), system_name(system)),
            ..self.event(Some(entity), Some(system))
        });
    }

    fn rows(&self, entity: Entity, system: System, read: u64, expected: u64) {
        self.emit(ProgressEvent {
            done: read,
            total: (expected > 0).then_some(expected),
            message: format!("Reading {} from {}", entity.as_str(), system_name(system)),
            ..self.event(Some(entity), Some(system))
        });
    }

    fn part_finished(&self, part: &PartReport) {
        self.emit(ProgressEvent {
            done: part.rows_read,
            total: Some(part.rows_read),
            message: format!(
                "Read {} {} from {} ({})",
                part.rows_read,
                part.entity.as_str(),
                system_name(part.system),
                part.status.as_str()
            ),
            finished: true,
            ..self.event(Some(part.entity), Some(part.system))
        });
    }
}

impl ReconProgress for Emitter {
    fn stage(&self, entity: MismatchEntity, what: &str) {
        let entity = match entity {
            MismatchEntity::Order => Entity::Orders,
            MismatchEntity::Stock => Entity::Stock,
            MismatchEntity::Price => Entity::Prices,
        };
        self.emit(ProgressEvent {
            message: format!("Comparing {}: {what}", entity.as_str()),
            ..self.event(Some(entity), None)
        });
    }
}
