//! A simulator, a config pointing at it, and a way to run the binary.

use sim::{SimConfig, SimHandle};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct World {
    pub sim: SimHandle,
    pub dir: tempfile::TempDir,
    /// The simulated Business Central, when the world has an ERP.
    pub bc: Option<sim::bc::BcHandle>,
    /// The ERP's client secret, kept when the simulated ERP is shut down.
    pub erp_secret: String,
}

impl World {
    pub async fn start(config: SimConfig) -> World {
        let sim = sim::start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let config = format!(
            "[magento]\nbase_url = \"{}\"\nauth = \"integration-token\"\npage_size = 50\n\
             concurrency = 4\ntimeout_secs = 10\nmax_attempts = 8\n",
            sim.base_url()
        );
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        World {
            sim,
            dir,
            bc: None,
            erp_secret: String::new(),
        }
    }

    /// Magento and Business Central serving one drift world, and a config
    /// with the ERP section and the world's mappings.
    pub async fn start_with_erp(world: &sim::world::World, bc: sim::bc::BcConfig) -> World {
        let mut this = World::start(world.magento_config()).await;
        let extension = bc.custom_routes;
        let bc = sim::bc::start(world.clone(), bc, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let mut config = std::fs::read_to_string(this.config_path()).unwrap();
        config.push_str(&format!(
            "\n[erp]\nkind = \"business-central\"\ntenant = \"{}\"\ncompany_id = \"{}\"\n\
             client_id = \"{}\"\nextension = {extension}\npage_size = 100\ntimeout_secs = 10\n\
             max_attempts = 8\ntoken_url = \"{}\"\napi_base = \"{}\"\ncustom_api_base = \"{}\"\n",
            bc.config().tenant,
            bc.company_id(),
            bc.config().client_id,
            bc.token_url(),
            bc.api_base(),
            bc.custom_api_base(),
        ));
        config.push_str(&engine::demo::mapping_text(&world.manifest().mappings));
        std::fs::write(this.config_path(), config).unwrap();
        this.erp_secret = bc.config().client_secret.clone();
        this.bc = Some(bc);
        this
    }

    /// The shop or company scope the engine records `entity`'s parts from `system` under.
    pub fn scope(&self, entity: model::Entity, system: model::System) -> String {
        let config = engine::paths::load_config(&self.config_path()).unwrap();
        engine::connectors::origin(&config, entity, system)
            .unwrap()
            .expect("a connection for the entity")
            .scope
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir().join("driftwatch.sqlite")
    }

    /// The binary with this world's config, data dir and the simulator's token.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_driftwatch"));
        command
            .arg("--config")
            .arg(self.config_path())
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .env(
                "DRIFTWATCH_MAGENTO_TOKEN",
                &self.sim.config().auth.integration_token,
            )
            .env("DRIFTWATCH_ERP_CLIENT_SECRET", &self.erp_secret)
            .env_remove("DRIFTWATCH_LOG");
        command
    }

    /// Runs a command off the async runtime (the simulator lives on it).
    pub async fn run(&self, args: &[&str]) -> Output {
        self.run_command(self.command(args)).await
    }

    /// Runs `command` (from [`World::command`], perhaps changed) with `input` on stdin.
    pub async fn run_with_input(&self, mut command: Command, input: String) -> Output {
        use std::io::Write;
        command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        tokio::task::spawn_blocking(move || {
            let mut child = command.spawn().unwrap();
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(input.as_bytes()).unwrap();
            drop(stdin);
            child.wait_with_output().unwrap()
        })
        .await
        .unwrap()
    }

    async fn run_command(&self, mut command: Command) -> Output {
        tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap()
    }

    pub async fn snapshot_json(&self, args: &[&str]) -> (i32, serde_json::Value, String) {
        let mut all = vec!["snapshot", "--json"];
        all.extend_from_slice(args);
        let output = self.run(&all).await;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\n{stderr}",
                String::from_utf8_lossy(&output.stdout)
            )
        });
        (output.status.code().unwrap_or(-1), json, stderr)
    }
}

impl World {
    /// Runs `args` with `--json` and parses stdout; panics with stderr when it is not JSON.
    pub async fn json(&self, args: &[&str]) -> (i32, serde_json::Value, String) {
        let mut all = args.to_vec();
        all.push("--json");
        let output = self.run(&all).await;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}` printed no JSON ({e}): {}\n{stderr}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout)
            )
        });
        (output.status.code().unwrap_or(-1), json, stderr)
    }
}

pub fn part<'a>(report: &'a serde_json::Value, entity: &str) -> &'a serde_json::Value {
    report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["entity"] == entity)
        .unwrap_or_else(|| panic!("no {entity} part in {report}"))
}

pub fn open_store(path: &Path) -> store::Store {
    store::Store::open(path, chrono::Utc::now()).unwrap()
}
