//! `driftwatch sim`: serve a simulated Magento on loopback until Ctrl-C, and
//! optionally write a configuration that points at it.

use anyhow::Context as _;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use crate::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data set to serve; "drift" is the built-in demo world.
    #[arg(long, default_value = "drift")]
    scenario: String,
    #[arg(long, default_value_t = 2_000)]
    orders: u64,
    #[arg(long, default_value_t = 500)]
    skus: u64,
    #[arg(long, default_value_t = 4)]
    sources: u32,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Inject a fault, e.g. `429:every=5`, `503:every=7`, `slow:ms=50`,
    /// `drop:every=9`, `malformed:orders@120`, `insert:orders=10`,
    /// `update:orders=5`, `token-expiry:requests=20`. Repeatable.
    #[arg(long = "fault")]
    faults: Vec<sim::Fault>,
    /// Answer like Magento before 2.4 (the last page again past the end).
    #[arg(long)]
    pre_24_paging: bool,
    /// Turn on Magento's input limits (page size 20 by default, 300 at most).
    #[arg(long)]
    input_limits: bool,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Write a Driftwatch configuration for this simulator to FILE.
    #[arg(long)]
    write_config: Option<PathBuf>,
    /// Page size and concurrency written into the configuration.
    #[arg(long, default_value_t = 300)]
    page_size: u32,
    #[arg(long, default_value_t = 4)]
    concurrency: u32,
}

pub async fn run(args: Args) -> Result<u8, Failure> {
    if args.scenario != "drift" {
        return Err(Failure::usage(anyhow::anyhow!(
            "unknown scenario `{}`: the available scenario is `drift`",
            args.scenario
        )));
    }
    let config = sim::SimConfig {
        seed: args.seed,
        orders: args.orders,
        skus: args.skus,
        sources: args.sources,
        paging: if args.pre_24_paging {
            sim::Paging::Pre24
        } else {
            sim::Paging::V24
        },
        input_limits: args.input_limits,
        faults: args.faults,
        ..sim::SimConfig::default()
    };
    let token = config.auth.integration_token.clone();
    let handle = sim::start(config, SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)))
        .await
        .context("starting the simulator")?;
    let base_url = handle.base_url();
    if let Some(path) = &args.write_config {
        let text = driftwatch_config(&base_url, args.page_size, args.concurrency);
        std::fs::write(path, text)
            .with_context(|| format!("writing the configuration to {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    eprintln!("Simulated Magento listening on {base_url}");
    eprintln!("Its integration token (not a real secret) for Driftwatch:");
    eprintln!("  export DRIFTWATCH_MAGENTO_TOKEN={token}");
    eprintln!("Press Ctrl-C to stop.");
    println!("{base_url}");
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    handle.shutdown().await;
    Ok(0)
}

/// A configuration pointing at the simulator (no secrets: the token comes
/// from the environment).
pub fn driftwatch_config(base_url: &str, page_size: u32, concurrency: u32) -> String {
    format!(
        "# Written by `driftwatch sim`: a simulated Magento on this machine.\n\
         # The token is not stored here: export DRIFTWATCH_MAGENTO_TOKEN.\n\
         [magento]\n\
         base_url = \"{base_url}\"\n\
         store_code = \"all\"\n\
         auth = \"integration-token\"\n\
         page_size = {page_size}\n\
         concurrency = {concurrency}\n\
         timeout_secs = 30\n"
    )
}
