//! Driftwatch's domain: the records both systems are compared on, money, the
//! snapshot vocabulary and the configuration file. No I/O happens here: callers
//! read files and the network, this crate only describes and validates.

pub mod config;
pub mod connection;
pub mod erp;
pub mod mismatch;
pub mod mismatch_key;
pub mod order;
pub mod price;
pub mod rules;
pub mod secret;
pub mod snapshot;
pub mod stock;

pub use config::{Config, ConfigError, MagentoAuthKind, MagentoConfig};
pub use connection::{Connection, ConnectionId, Counterparts};
pub use mismatch::{ControlTotal, Finding, MismatchEntity, MismatchKind, MismatchState, Transient};
pub use mismatch_key::{MismatchKey, PricePoint};
pub use order::{Order, OrderLine};
pub use price::{ProductPrice, TierPrice};
pub use rules::{ReconConfig, Tolerance};
pub use rust_decimal::Decimal;
pub use secret::SecretString;
pub use snapshot::{Entity, PartStatus, RunStatus, System};
pub use stock::{Source, SourceItem};

/// Money and quantities are decimals end to end; never `f64`.
pub type Money = Decimal;
