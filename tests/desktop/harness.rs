//! Starts tauri-driver and the app, finds elements by `data-testid`, saves screenshots.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Where screenshots are kept (CI keeps the folder as an artifact; README names it).
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts/screenshots")
}

/// The app binary: `DRIFTWATCH_APP` (scripts/bench/desktop.sh points it at a release build),
/// else the debug build beside this test (scripts/test.sh builds it before the tests).
fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("DRIFTWATCH_APP") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().unwrap();
    // target/debug/deps/desktop-<hash> -> target/debug/driftwatch-desktop
    let path = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("driftwatch-desktop");
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p driftwatch-desktop` (after `npm run build` in ui/)",
        path.display()
    );
    path
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let installed = PathBuf::from(
        std::env::var("CARGO_HOME")
            .unwrap_or_else(|_| format!("{}/.cargo", std::env::var("HOME").unwrap_or_default())),
    )
    .join("bin/tauri-driver");
    if installed.exists() {
        installed
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Waits up to 10 s for something to accept connections on `port`.
async fn listening(port: u16, what: &str) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not listen on port {port} within 10 s");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One running app in one WebDriver session.
pub struct App {
    pub client: Client,
    driver: Child,
    /// The app's home: no configuration of the machine's user leaks in.
    _home: tempfile::TempDir,
}

/// The configuration file's name in the app's fresh home.
const CONFIG_FILE: &str = "config.toml";
/// The app's log, in its home.
const LOG_FILE: &str = "app.log";

impl App {
    /// Starts the app with `args` (besides a fresh home and no configuration file unless
    /// `--config` is among them).
    pub async fn launch(args: &[&str]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the desktop tests need a display: run them through scripts/test.sh (Xvfb)"
        );
        let home = tempfile::tempdir().unwrap();
        let (port, native_port) = (free_port(), free_port());
        let driver = Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env("XDG_DATA_HOME", home.path().join(".local/share"))
            .env("DRIFTWATCH_CONFIG", home.path().join(CONFIG_FILE))
            // Debug logs of Driftwatch's own crates, kept in the home so tests can grep them
            // (no secret may appear) and printed when the app is dropped.
            .env(
                "DRIFTWATCH_LOG",
                "warn,desktop=debug,engine=debug,magento=debug,erp_business_central=debug",
            )
            .env("DRIFTWATCH_LOG_FILE", home.path().join(LOG_FILE))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting tauri-driver (cargo install tauri-driver --locked --version ^2)");
        let url = format!("http://127.0.0.1:{port}");
        // tauri-driver starts WebKitWebDriver and forwards to it without waiting for it: a
        // session asked for before both listen is dropped unanswered.
        listening(port, "tauri-driver").await;
        listening(native_port, "WebKitWebDriver").await;
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({"application": app_binary(), "args": args}),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(caps);
        let session = builder.connect(&url);
        // Without a display the app panics and the session request never answers.
        let client = tokio::time::timeout(Duration::from_secs(90), session)
            .await
            .expect("the app did not open within 90 s")
            .expect("starting a WebDriver session with the app");
        App {
            client,
            driver,
            _home: home,
        }
    }

    /// The element with `data-testid`, waiting up to `secs` for it to appear.
    pub async fn wait_for(&self, test_id: &str, secs: u64) -> Element {
        let css = format!("[data-testid='{test_id}']");
        self.client
            .wait()
            .at_most(Duration::from_secs(secs))
            .for_element(Locator::Css(&css))
            .await
            .unwrap_or_else(|e| panic!("{test_id} did not appear within {secs} s: {e}"))
    }

    pub async fn el(&self, test_id: &str) -> Element {
        self.wait_for(test_id, 30).await
    }

    /// Where the app keeps its configuration: absent at launch, written by the Connect screen.
    pub fn config_file(&self) -> PathBuf {
        self._home.path().join(CONFIG_FILE)
    }

    /// The app's home folder (exports land in its Downloads).
    pub fn home(&self) -> &Path {
        self._home.path()
    }

    pub async fn all(&self, test_id: &str) -> Vec<Element> {
        let css = format!("[data-testid='{test_id}']");
        self.client.find_all(Locator::Css(&css)).await.unwrap()
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Waits until `condition` (a JS expression) is true, up to `secs`.
    pub async fn until(&self, what: &str, condition: &str, secs: u64) {
        let script = format!("return !!({condition});");
        for _ in 0..secs * 10 {
            if self.js(&script).await == json!(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{what}: not true after {secs} s ({condition})");
    }

    /// A screenshot of the whole window, after two frames so that it shows the latest one.
    ///
    /// WebKit takes it after the next frame it draws. When the page is painted on the CPU
    /// (the app's choice without a GPU) a page that has settled draws no more frames, and the
    /// screenshot would wait forever; so a one-pixel dot, invisible on any background, is
    /// repainted every frame while the screenshot is taken.
    pub async fn shot(&self, name: &str) {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const dot = document.createElement('div');\
                 dot.id = 'e2e-frame-dot';\
                 dot.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';\
                 document.body.appendChild(dot);\
                 let n = 0;\
                 const tick = () => {\
                   if (!dot.isConnected) return;\
                   dot.style.background = `rgba(128,128,128,${(n++ % 2) ? 0.01 : 0.02})`;\
                   requestAnimationFrame(tick);\
                 };\
                 requestAnimationFrame(() => requestAnimationFrame(() => { tick(); done(true); }));",
                vec![],
            )
            .await
            .unwrap();
        let png = tokio::time::timeout(Duration::from_secs(30), self.client.screenshot())
            .await
            .unwrap_or_else(|_| panic!("screenshot {name}: WebKit did not answer within 30 s"))
            .unwrap();
        self.js("document.getElementById('e2e-frame-dot')?.remove();")
            .await;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// The app's process (child of WebKitWebDriver), for memory figures.
    pub fn app_pid(&self) -> Option<u32> {
        let binary = app_binary();
        std::fs::read_dir("/proc")
            .ok()?
            .flatten()
            .find_map(|entry| {
                let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
                let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
                (exe == binary).then_some(pid)
            })
    }

    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

/// Stops tauri-driver even when a test fails halfway: SIGTERM lets it stop WebKitWebDriver
/// and the app too (SIGKILL would leave them running).
/// Runs a whole test with a time limit: a WebDriver command that never answers (a screenshot
/// waiting for a frame that never came, before `shot` kept frames coming) would otherwise
/// hang CI until its own limit. The app and tauri-driver are stopped as the test's future is
/// dropped.
pub async fn within<F: std::future::Future>(limit: Duration, what: &str, test: F) -> F::Output {
    tokio::time::timeout(limit, test).await.unwrap_or_else(|_| {
        panic!(
            "{what} did not finish within {} s: a step hung",
            limit.as_secs()
        )
    })
}

impl Drop for App {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .status();
        let _ = self.driver.wait();
        if let Ok(log) = std::fs::read_to_string(self._home.path().join(LOG_FILE)) {
            eprint!("{log}");
        }
    }
}

/// Resident memory of a process in MB (`VmRSS`).
/// Which profile built the app under test ("debug" or "release"), from its directory.
pub fn app_build() -> String {
    app_binary()
        .parent()
        .and_then(|dir| dir.file_name())
        .map_or_else(
            || "unknown".into(),
            |name| name.to_string_lossy().into_owned(),
        )
}

/// The processes `pid` started: for the app, WebKit's web and network processes.
pub fn children(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // "pid (comm) state ppid ...": comm may hold spaces, so read after its ')'.
            let parent: u32 = stat[stat.rfind(')')? + 1..]
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (parent == pid).then_some(child)
        })
        .collect()
}

pub fn rss_mb(pid: u32) -> f64 {
    status_mb(pid, "VmRSS")
}

/// The proportional set size in MB (shared pages divided among the processes mapping them,
/// such as the WebKit libraries the web process maps too), from /proc/PID/smaps_rollup.
pub fn pss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A memory figure of /proc/PID/status (VmRSS, RssAnon, RssFile...) in MB; 0 when unknown.
pub fn status_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::test]
#[should_panic(expected = "a hung step did not finish within")]
async fn a_hung_step_fails_the_test_instead_of_hanging() {
    within(
        Duration::from_millis(10),
        "a hung step",
        std::future::pending::<()>(),
    )
    .await;
}
