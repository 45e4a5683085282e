//! The desktop app, built by this workspace, driven in its real webview (WebKitGTK) through
//! tauri-driver and WebKitWebDriver under Xvfb: what a person does, screen by screen, with a
//! screenshot of each kept in `tests/artifacts/screenshots/`. Run by `scripts/test.sh`,
//! which provides Xvfb, a D-Bus session and tauri-driver.

mod connect;
mod demo;
mod harness;
mod performance;
