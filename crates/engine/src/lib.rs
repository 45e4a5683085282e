//! The use cases every front end calls: the CLI today, the desktop shell
//! later. Front ends parse input and render output; everything they do to
//! data goes through here.

pub mod connect;
pub mod credentials;
pub mod error;
mod lock;
pub mod paths;
pub mod snapshot;

pub use error::{Error, Result};
pub use snapshot::{PartReport, Progress, SilentProgress, SnapshotReport, SnapshotRequest};
