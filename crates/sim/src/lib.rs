//! A faithful Magento 2.4 REST simulator for Driftwatch's tests, demo and benchmarks.
//!
//! [`start`] serves, on loopback, the routes Driftwatch reads (`/rest/{store}/V1/orders`,
//! `/orders/{id}`, `/inventory/sources`, `/inventory/source-items`, `/products`,
//! `/products/{sku}`) and the admin token routes, following Magento's wire contract:
//! searchCriteria filtering, sorting and paging (2.4 or pre-2.4 behaviour, optional input
//! limits), Magento's error bodies, Bearer / admin token / OAuth 1.0a authentication, and the
//! account lockout. Data is generated on demand from a seed ([`dataset`]), so a million orders
//! cost no memory and tests can compute the expected truth. [`Fault`]s inject what real
//! deployments do to clients: rate limits, outages, slow pages, dropped connections,
//! malformed pages, data changing under a reader and expiring tokens.
//!
//! [`world`] builds one seeded drift world (Magento side and ERP side, with a manifest of the
//! drift injected on purpose) and [`bc`] serves its ERP side as Microsoft Dynamics 365
//! Business Central (API v2.0).

mod auth;
pub mod bc;
mod config;
pub mod dataset;
mod errors;
mod faults;
mod fields;
pub mod json;
mod oauth;
mod overlay;
mod price_writes;
mod routes;
mod search;
mod server;
mod state;
mod stats;
pub mod world;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use config::{OAuthCredentials, Paging, SimAuth, SimConfig};
pub use faults::{FAULT_SPELLINGS, Fault, ParseFaultError, updated_order_ids};
pub use stats::SimStats;

use state::SimState;

/// A running simulator. Dropping it stops the server too; [`SimHandle::shutdown`] also waits.
#[derive(Debug)]
pub struct SimHandle {
    addr: SocketAddr,
    state: Arc<SimState>,
    server: crate::server::Server,
}

/// Binds `addr` (`127.0.0.1:0` picks a free port) and serves the simulated store in a tokio
/// task. Fails when the config is out of range or the address cannot be bound.
pub async fn start(config: SimConfig, addr: SocketAddr) -> std::io::Result<SimHandle> {
    config
        .validate()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(SimState::new(config));
    let app = routes::router(state.clone());
    let server = crate::server::Server::spawn(listener, app, "magento");
    tracing::info!(%addr, "Magento simulator listening");
    Ok(SimHandle {
        addr,
        state,
        server,
    })
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`; clients append `/rest/{store}/V1/...`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> SimStats {
        self.state.counters.snapshot()
    }

    pub fn config(&self) -> &SimConfig {
        &self.state.cfg
    }

    /// Stops accepting connections and waits (a few seconds at most) for in-flight requests.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
