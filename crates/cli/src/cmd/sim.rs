//! `driftwatch sim`: serve one simulated world — Magento and the ERP
//! (Business Central) with drift injected on purpose — on loopback until
//! Ctrl-C, and optionally write a configuration that points at both and the
//! manifest of what was injected.

use anyhow::Context as _;
use sim::bc::{BcConfig, BcFault};
use sim::world::{Scenario, World};
use std::path::PathBuf;

use crate::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The world to serve: "drift" (realistic drift, the demo) or "clean" (none).
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
    /// Inject a fault. Magento: `429:every=N[,retry-after=S]`, `503:every=N`, `slow:ms=N`,
    /// `drop:every=N`, `malformed:orders@ID`, `insert:orders=N`, `update:orders=N`,
    /// `token-expiry:requests=N`. Business Central: `bc-429:every=N`,
    /// `bc-503:every=N[,retry-after=S]`, `bc-504:every=N`, `bc-408:every=N`, `bc-slow:ms=N`,
    /// `bc-token-expiry:requests=N`, `bc-malformed:COLLECTION@PAGE`, `bc-change:orders=N`.
    /// Repeatable.
    #[arg(long = "fault", value_parser = parse_fault)]
    faults: Vec<AnyFault>,
    /// Answer like Magento before 2.4 (the last page again past the end).
    #[arg(long)]
    pre_24_paging: bool,
    /// Turn on Magento's input limits (page size 20 by default, 300 at most).
    #[arg(long)]
    input_limits: bool,
    /// Serve Magento only (no ERP in the written configuration).
    #[arg(long)]
    no_erp: bool,
    /// Business Central without Driftwatch's extension (totals and unit prices only).
    #[arg(long)]
    bc_without_extension: bool,
    /// Port on 127.0.0.1 for Magento (0 picks a free one); the ERP takes a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Write a Driftwatch configuration for this world to FILE.
    #[arg(long)]
    write_config: Option<PathBuf>,
    /// Write the manifest of injected drift (JSON) to FILE.
    #[arg(long)]
    write_manifest: Option<PathBuf>,
    /// Magento page size and concurrency written into the configuration.
    #[arg(long, default_value_t = 300)]
    page_size: u32,
    #[arg(long, default_value_t = 4)]
    concurrency: u32,
}

#[derive(Debug, Clone)]
enum AnyFault {
    Magento(sim::Fault),
    Bc(BcFault),
}

fn parse_fault(text: &str) -> Result<AnyFault, String> {
    if text.starts_with("bc-") {
        text.parse().map(AnyFault::Bc).map_err(|e| e.to_string())
    } else {
        text.parse()
            .map(AnyFault::Magento)
            .map_err(|e| e.to_string())
    }
}

pub async fn run(args: Args) -> Result<u8, Failure> {
    let scenario = Scenario {
        orders: args.orders,
        skus: args.skus,
        sources: args.sources,
        seed: args.seed,
        ..Scenario::named(&args.scenario).map_err(|e| Failure::usage(anyhow::anyhow!(e)))?
    };
    let world = World::build(&scenario);
    let (mut magento_faults, mut bc_faults) = (Vec::new(), Vec::new());
    for fault in args.faults {
        match fault {
            AnyFault::Magento(f) => magento_faults.push(f),
            AnyFault::Bc(f) => bc_faults.push(f),
        }
    }
    let magento_config = sim::SimConfig {
        paging: if args.pre_24_paging {
            sim::Paging::Pre24
        } else {
            sim::Paging::V24
        },
        input_limits: args.input_limits,
        faults: magento_faults,
        ..world.magento_config()
    };
    let bc_config = (!args.no_erp).then(|| BcConfig {
        custom_routes: !args.bc_without_extension,
        faults: bc_faults,
        ..BcConfig::default()
    });
    let engine::demo::Sims {
        magento,
        bc,
        magento_token: token,
    } = engine::demo::start_sims(&world, magento_config, args.port, bc_config).await?;
    let erp = bc.as_ref().map(engine::demo::ErpEndpoint::of);
    if let Some(path) = &args.write_config {
        let text = engine::demo::config_text(
            &magento.base_url(),
            (args.page_size, args.concurrency),
            erp.as_ref().map(|e| (e, world.manifest())),
        );
        std::fs::write(path, text)
            .with_context(|| format!("writing the configuration to {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &args.write_manifest {
        world
            .manifest()
            .write_json(path)
            .with_context(|| format!("writing the manifest to {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    eprintln!("Simulated Magento listening on {}", magento.base_url());
    if let Some(bc) = &bc {
        eprintln!("Simulated Business Central listening on {}", bc.base_url());
    }
    eprintln!("The simulators' secrets (not real ones) for Driftwatch:");
    eprintln!("  export DRIFTWATCH_MAGENTO_TOKEN={token}");
    if let Some(bc) = &bc {
        eprintln!(
            "  export DRIFTWATCH_ERP_CLIENT_SECRET={}",
            bc.config().client_secret
        );
    }
    eprintln!("Press Ctrl-C to stop.");
    println!("{}", magento.base_url());
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    magento.shutdown().await;
    if let Some(bc) = bc {
        bc.shutdown().await;
    }
    Ok(0)
}
