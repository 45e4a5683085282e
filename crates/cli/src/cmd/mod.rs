//! One module per subcommand.

pub mod bench;
pub mod credentials;
pub mod sim;
pub mod snapshot;
