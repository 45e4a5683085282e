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

/// Prints `value` as pretty JSON on stdout (every `--json`).
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), crate::Failure> {
    let text = serde_json::to_string_pretty(value).map_err(anyhow::Error::from)?;
    println!("{text}");
    Ok(())
}
