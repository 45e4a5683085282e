//! The use cases every front end calls: the CLI today, the desktop shell
//! later. Front ends parse input and render output; everything they do to
//! data goes through here.

pub mod connect;
pub mod connection_test;
pub mod connections;
pub mod connectors;
pub mod credentials;
pub mod dashboard;
pub mod demo;
pub mod error;
pub mod export;
mod lock;
pub mod mapping;
pub mod mismatches;
pub mod paths;
pub mod reconcile;
mod record_fields;
pub mod refresh;
pub mod setup;
pub mod snapshot;

pub use error::{Error, ErrorKind, Result};
pub use reconcile::{ReconProgress, ReconReport, ReconRequest, SilentReconProgress};
pub use snapshot::{PartReport, Progress, SilentProgress, SnapshotReport, SnapshotRequest};
