//! Demo mode: one seeded drift world served in this process by the simulated Magento and
//! Business Central on loopback, and a configuration pointing at them. Their secrets are the
//! simulators' own (not real ones) and are held in memory only, never in the keychain.

use std::net::{Ipv4Addr, SocketAddr};

use model::Config;
use sim::bc::{BcConfig, BcHandle};
use sim::world::{Manifest, Scenario, World};

use crate::credentials;
use crate::error::{Error, Result};

/// How big the demo world is: small enough to snapshot in seconds, big enough to look real.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub orders: u64,
    pub skus: u64,
    pub sources: u32,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            orders: 3_000,
            skus: 800,
            sources: 4,
        }
    }
}

/// The running simulators of the demo; dropping it stops them.
pub struct Demo {
    pub config: Config,
    /// The configuration as a file would hold it (no secrets).
    pub config_text: String,
    pub manifest: Manifest,
    _magento: sim::SimHandle,
    _bc: BcHandle,
}

impl std::fmt::Debug for Demo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Demo")
            .field("magento", &self.config.magento.base_url)
            .finish_non_exhaustive()
    }
}

/// The demo's drift world (seeded: the same size gives the same drift, so tests can read
/// what the demo carries from its manifest).
pub fn world(size: DemoSize) -> Result<World> {
    let scenario = Scenario {
        orders: size.orders,
        skus: size.skus,
        sources: size.sources,
        ..Scenario::named("drift").map_err(Error::Config)?
    };
    Ok(World::build(&scenario))
}

/// The simulators serving one world: Magento, and Business Central unless left out.
pub struct Sims {
    pub magento: sim::SimHandle,
    pub bc: Option<BcHandle>,
    /// Magento's integration token (the simulator's own, not a real one).
    pub magento_token: String,
}

impl std::fmt::Debug for Sims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sims")
            .field("magento", &self.magento.base_url())
            .field("bc", &self.bc.as_ref().map(BcHandle::base_url))
            .finish_non_exhaustive()
    }
}

/// Starts the simulators of `world` on the current tokio runtime: Magento on `magento_port`
/// of loopback (0: any free port) with `magento` as its behaviour, Business Central on a
/// free port with `bc` (none: no ERP). The demo, `driftwatch sim` and the tests start them
/// this way.
pub async fn start_sims(
    world: &World,
    magento: sim::SimConfig,
    magento_port: u16,
    bc: Option<BcConfig>,
) -> Result<Sims> {
    let failed = |what: &str, e: std::io::Error| Error::Io {
        what: format!("cannot start the simulated {what}"),
        detail: e.to_string(),
    };
    let magento_token = magento.auth.integration_token.clone();
    let magento = sim::start(
        magento,
        SocketAddr::from((Ipv4Addr::LOCALHOST, magento_port)),
    )
    .await
    .map_err(|e| failed("Magento", e))?;
    let bc = match bc {
        None => None,
        Some(config) => Some(
            sim::bc::start(
                world.clone(),
                config,
                SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            )
            .await
            .map_err(|e| failed("Business Central", e))?,
        ),
    };
    Ok(Sims {
        magento,
        bc,
        magento_token,
    })
}

/// Starts both simulators on a drift world (on the current tokio runtime) and holds their
/// secrets in memory for the configuration returned.
pub async fn start(size: DemoSize) -> Result<Demo> {
    let world = world(size)?;
    let Sims {
        magento,
        bc,
        magento_token: token,
    } = start_sims(&world, world.magento_config(), 0, Some(BcConfig::default())).await?;
    let bc = bc.expect("the demo starts Business Central");
    let erp = ErpEndpoint::of(&bc);
    let config_text = config_text(
        &magento.base_url(),
        (300, 4),
        Some((&erp, world.manifest())),
    );
    let config = Config::from_toml(&config_text).map_err(|e| Error::Config(e.to_string()))?;
    let held = [
        (config.magento_id.to_string(), token),
        (
            ERP_CONNECTION_ID.to_owned(),
            bc.config().client_secret.clone(),
        ),
    ];
    for (connection, value) in held {
        let connection = model::ConnectionId::parse(&connection).map_err(Error::Config)?;
        // Each simulator signs in with one secret.
        for secret in credentials::secrets_of(&config, &connection)? {
            credentials::hold_in_memory(&secret, value.clone().into());
        }
    }
    Ok(Demo {
        config,
        config_text,
        manifest: world.manifest().clone(),
        _magento: magento,
        _bc: bc,
    })
}

impl ErpEndpoint {
    /// Where a running simulated Business Central answers (with Driftwatch's extension when
    /// it serves it).
    pub fn of(bc: &BcHandle) -> Self {
        ErpEndpoint {
            token_url: bc.token_url(),
            api_base: bc.api_base(),
            custom_api_base: bc.config().custom_routes.then(|| bc.custom_api_base()),
            company_id: bc.company_id(),
            tenant: bc.config().tenant.clone(),
            client_id: bc.config().client_id.clone(),
        }
    }
}

/// Where the simulated Business Central answers.
#[derive(Debug, Clone)]
pub struct ErpEndpoint {
    pub token_url: String,
    pub api_base: String,
    pub custom_api_base: Option<String>,
    pub company_id: String,
    pub tenant: String,
    pub client_id: String,
}

/// The id of the simulated ERP's connection in the demo's configuration.
pub const ERP_CONNECTION_ID: &str = "erp";

/// A configuration pointing at the simulators, with the world's mappings (no
/// secrets: they come from the environment).
pub fn config_text(
    magento_url: &str,
    (page_size, concurrency): (u32, u32),
    erp: Option<(&ErpEndpoint, &Manifest)>,
) -> String {
    let mut text = format!(
        "# Written by `driftwatch sim`: simulated systems on this machine.\n\
         # Secrets are not stored here: export DRIFTWATCH_MAGENTO_TOKEN\n\
         # (and DRIFTWATCH_ERP_CLIENT_SECRET) as `driftwatch sim` printed.\n\
         [connections.magento]\n\
         kind = \"magento\"\n\
         base_url = \"{magento_url}\"\n\
         store_code = \"all\"\n\
         auth = \"integration-token\"\n\
         page_size = {page_size}\n\
         concurrency = {concurrency}\n\
         timeout_secs = 30\n"
    );
    let Some((erp, manifest)) = erp else {
        return text;
    };
    text.push_str(&format!(
        "\n[connections.{ERP_CONNECTION_ID}]\n\
         kind = \"business-central\"\n\
         tenant = \"{}\"\n\
         company_id = \"{}\"\n\
         client_id = \"{}\"\n\
         extension = {}\n\
         page_size = 1000\n\
         concurrency = 1  # at most 5\n\
         timeout_secs = 30\n\
         token_url = \"{}\"\n\
         api_base = \"{}\"\n",
        erp.tenant,
        erp.company_id,
        erp.client_id,
        erp.custom_api_base.is_some(),
        erp.token_url,
        erp.api_base,
    ));
    if let Some(custom) = &erp.custom_api_base {
        text.push_str(&format!("custom_api_base = \"{custom}\"\n"));
    }
    text.push_str(&mapping_text(&manifest.mappings));
    text
}

/// The `[mapping]` section a merchant would write for a simulated world: its exclusions,
/// source-to-location pairs and price lists.
pub fn mapping_text(mappings: &sim::world::Mappings) -> String {
    let mut text = String::new();
    if !mappings.excluded_locations.is_empty() {
        let codes: Vec<String> = mappings
            .excluded_locations
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect();
        text.push_str(&format!(
            "\n[mapping]\n# Stock in transit between warehouses is not compared.\nexclude_locations = [{}]\n",
            codes.join(", ")
        ));
    }
    text.push_str("\n[mapping.sources]\n");
    for location in &mappings.locations {
        text.push_str(&format!(
            "\"{}\" = \"{}\"\n",
            location.source_code, location.location_code
        ));
    }
    for list in &mappings.price_lists {
        text.push_str(&format!(
            "\n[[mapping.price_lists]]\nwebsite_id = {}\ncustomer_group_id = {}\nprice = \"{}\"\nprice_list = \"{}\"\n",
            list.website_id, list.customer_group_id, list.price_type, list.price_list_code
        ));
    }
    text
}

/// Starts the demo and loads it into `data_dir`: a full snapshot of both simulators, then a
/// reconciliation, so the first screen shows real findings.
pub async fn start_and_reconcile(
    size: DemoSize,
    data_dir: &std::path::Path,
    snapshot: &dyn crate::Progress,
    recon: &dyn crate::ReconProgress,
) -> Result<(Demo, crate::ReconReport)> {
    let demo = start(size).await?;
    let request = crate::SnapshotRequest {
        entities: model::Entity::ALL.to_vec(),
        full: true,
    };
    crate::snapshot::run(&demo.config, data_dir, &request, snapshot).await?;
    let report = crate::reconcile::run(
        &demo.config,
        data_dir,
        &crate::ReconRequest { confirm: true },
        recon,
    )
    .await?;
    Ok((demo, report))
}
