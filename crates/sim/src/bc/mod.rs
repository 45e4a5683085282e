//! A faithful Microsoft Dynamics 365 Business Central (API v2.0) simulator serving a
//! [`World`](crate::world::World)'s ERP side.
//!
//! [`start`] serves, on loopback:
//! - the identity platform's token endpoint, `POST /{tenant}/oauth2/v2.0/token` (client
//!   credentials, scope `https://api.businesscentral.dynamics.com/.default`);
//! - the standard API, `/v2.0/{tenant}/{environment}/api/v2.0/companies({id})/...`:
//!   `salesOrders` (+ lines, and `POST` with nested lines), `salesInvoices` (+ lines),
//!   `items`, `locations`;
//! - when [`BcConfig::custom_routes`] is on, Driftwatch's extension,
//!   `/v2.0/{tenant}/{environment}/api/driftwatch/recon/v1.0/companies({id})/`
//!   `itemLocationStocks` and `priceListLines`; otherwise those URLs answer Business
//!   Central's 404.
//!
//! Collections honour `$filter`, `$select`, `$expand`, `$top`, `$skip`, `$count` and
//! `Prefer: odata.maxpagesize`, and page with `@odata.nextLink` / `$skiptoken`
//! ([`odata`]). Every error is `{"error":{"code","message"}}` with a correlation id. More than
//! 5 API requests in flight answer 429 (stricter than the service, which queues up to 95 more
//! first: a client that passes here stays within the documented limit). [`BcFault`]s inject
//! throttling, outages, timeouts, slow pages, expiring tokens, malformed pages, orders
//! changing under a reader, and stock or prices in transit (lagging in a first full read, not
//! in a confirming re-read). `$filter`s that list item numbers (`itemNumber eq 'A' or
//! itemNumber eq 'B' ...`) jump to those items instead of scanning. Data is generated on demand from the world, so 100,000 orders
//! page as fast as 100.

mod auth;
mod errors;
mod faults;
mod filter;
mod ids;
mod odata;
mod record;
mod routes;
mod sets;
mod state;
mod stats;
mod writes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

pub use auth::SCOPE;
pub use faults::{BC_FAULT_SPELLINGS, BcFault, HostileLink, ParseBcFaultError};
pub use stats::BcStats;

use crate::world::World;
use state::BcState;

/// Everything that shapes one simulated Business Central tenant.
#[derive(Debug, Clone)]
pub struct BcConfig {
    /// The Entra tenant (a GUID or domain in real life).
    pub tenant: String,
    /// The environment name in API URLs (matched without regard to case).
    pub environment: String,
    /// The app registration's client id and secret.
    pub client_id: String,
    pub client_secret: String,
    /// Lifetime of access tokens (`expires_in`).
    pub token_ttl: Duration,
    /// Whether Driftwatch's AL extension (the two custom API pages) is installed.
    pub custom_routes: bool,
    pub faults: Vec<BcFault>,
}

impl Default for BcConfig {
    fn default() -> Self {
        BcConfig {
            tenant: "sim-tenant".into(),
            environment: "production".into(),
            client_id: "sim-client-id".into(),
            client_secret: "sim-client-secret".into(),
            token_ttl: Duration::from_secs(3599),
            custom_routes: true,
            faults: Vec::new(),
        }
    }
}

/// A running Business Central simulator. Dropping it stops the server too;
/// [`BcHandle::shutdown`] also waits.
#[derive(Debug)]
pub struct BcHandle {
    addr: SocketAddr,
    state: Arc<BcState>,
    server: crate::server::Server,
}

/// Binds `addr` (`127.0.0.1:0` picks a free port) and serves `world`'s ERP side.
pub async fn start(world: World, config: BcConfig, addr: SocketAddr) -> std::io::Result<BcHandle> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let state = Arc::new(BcState::new(world, config, format!("http://{addr}")));
    let app = routes::router(state.clone());
    let server = crate::server::Server::spawn(listener, app, "business-central");
    tracing::info!(%addr, "Business Central simulator listening");
    Ok(BcHandle {
        addr,
        state,
        server,
    })
}

impl BcHandle {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `{base}/{tenant}/oauth2/v2.0/token`.
    pub fn token_url(&self) -> String {
        format!(
            "{}/{}/oauth2/v2.0/token",
            self.base_url(),
            self.state.cfg.tenant
        )
    }

    /// `{base}/v2.0/{tenant}/{environment}/api/v2.0`.
    pub fn api_base(&self) -> String {
        let c = &self.state.cfg;
        format!(
            "{}/v2.0/{}/{}/api/v2.0",
            self.base_url(),
            c.tenant,
            c.environment
        )
    }

    /// `{base}/v2.0/{tenant}/{environment}/api/driftwatch/recon/v1.0`.
    pub fn custom_api_base(&self) -> String {
        let c = &self.state.cfg;
        format!(
            "{}/v2.0/{}/{}/api/driftwatch/recon/v1.0",
            self.base_url(),
            c.tenant,
            c.environment
        )
    }

    /// The id of the one company.
    pub fn company_id(&self) -> String {
        ids::guid(self.state.seed(), ids::IdKind::Company, 1)
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> BcStats {
        self.state.counters.snapshot()
    }

    pub fn config(&self) -> &BcConfig {
        &self.state.cfg
    }

    /// The world being served.
    pub fn world(&self) -> &World {
        &self.state.world
    }

    /// Stops accepting connections and waits (a few seconds at most) for in-flight requests.
    pub async fn shutdown(self) {
        self.server.shutdown().await;
    }
}
