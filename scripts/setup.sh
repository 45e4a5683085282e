#!/usr/bin/env bash
# Installs what building and testing Driftwatch needs, only what is missing.
# Safe to run again; used by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

# Core build and the OS keychain; the desktop app (Tauri 2 on WebKitGTK); and what its
# end-to-end tests drive it with (Xvfb, WebKitWebDriver); Node for the UI.
packages=(build-essential pkg-config ca-certificates curl file dbus dbus-x11 gnome-keyring
  libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  xvfb xauth webkit2gtk-driver)
# Node and npm for the UI: Debian's, unless the machine already has its own (e.g. NodeSource).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install Rust 1.90 or newer (https://rustup.rs)" >&2
  exit 1
fi
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver (WebDriver for the desktop app's tests)" >&2
  cargo install tauri-driver --locked --version '^2' >/dev/null
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true
