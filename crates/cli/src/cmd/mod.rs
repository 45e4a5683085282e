//! One module per subcommand.

pub mod bench;
pub mod bench_recon;
pub mod connect;
pub mod connections;
pub mod credentials;
pub mod mapping;
pub mod mismatches;
pub mod reconcile;
pub mod refresh;
pub mod sim;
pub mod snapshot;
