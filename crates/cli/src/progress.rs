//! A progress bar per entity on stderr (hidden when stderr is not a terminal).

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use model::{Entity, System};
use std::collections::HashMap;
use std::sync::Mutex;

pub struct TerminalProgress {
    multi: MultiProgress,
    bars: Mutex<HashMap<(Entity, System), ProgressBar>>,
}

impl TerminalProgress {
    pub fn new() -> Self {
        Self {
            multi: MultiProgress::new(),
            bars: Mutex::new(HashMap::new()),
        }
    }

    pub fn clear(&self) {
        let _ = self.multi.clear();
    }

    fn style() -> ProgressStyle {
        ProgressStyle::with_template(
            "{prefix:<18} [{bar:30}] {pos:>9}/{len:<9} {per_sec:>10} {elapsed_precise}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
    }
}

impl engine::Progress for TerminalProgress {
    fn part_started(&self, entity: Entity, system: System) {
        let bar = self.multi.add(ProgressBar::new(0));
        bar.set_style(Self::style());
        bar.set_prefix(format!("{system} {entity}"));
        self.bars
            .lock()
            .expect("progress lock")
            .insert((entity, system), bar);
    }

    fn rows(&self, entity: Entity, system: System, read: u64, expected: u64) {
        if let Some(bar) = self
            .bars
            .lock()
            .expect("progress lock")
            .get(&(entity, system))
        {
            bar.set_length(expected.max(read));
            bar.set_position(read);
        }
    }

    fn part_finished(&self, part: &engine::PartReport) {
        if let Some(bar) = self
            .bars
            .lock()
            .expect("progress lock")
            .get(&(part.entity, part.system))
        {
            bar.finish_with_message(part.status.as_str());
        }
    }
}

impl engine::ReconProgress for TerminalProgress {
    /// One line per stage, under the bars: a reconciliation takes seconds, not minutes.
    fn stage(&self, entity: model::MismatchEntity, what: &str) {
        let _ = self.multi.println(format!("{entity}: {what}…"));
    }
}
