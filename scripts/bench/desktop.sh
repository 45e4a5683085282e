#!/usr/bin/env bash
# Desktop figures on a release build: the app opened on a store with 100,000 open mismatches,
# driven under Xvfb like the end-to-end tests; prints the overview-ready and table-filter
# times (performance marks in the webview) and the app's idle memory (/proc).
#
# On a machine without a GPU the app keeps OpenGL out of its window (src-tauri/src/
# software_gl.rs). Each round also runs a baseline with WebKit's own defaults, set
# explicitly (variables the user sets win over the app's), in the same script.
# ROUNDS=N repeats both, interleaved.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/setup.sh
./scripts/ui.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"
cargo build --release --locked -p driftwatch-desktop >&2
cargo test --no-run --locked -p driftwatch-e2e --test desktop >&2
export DRIFTWATCH_APP="$CARGO_TARGET_DIR/release/driftwatch-desktop"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

run() {
  local label=$1
  shift
  rm -rf "${home:?}"/*
  env -u DBUS_SESSION_BUS_ADDRESS "$@" HOME="$home" XDG_RUNTIME_DIR="$home/run" \
    dbus-run-session -- sh -c '
      mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
      xvfb-run -a -s "-screen 0 1280x800x24" \
        cargo test --locked -p driftwatch-e2e --test desktop -- --nocapture performance 2>&1 |
        grep "^desktop performance"
    ' | grep "^desktop performance" | sed "s/^/$label: /"
}

for _ in $(seq "${ROUNDS:-1}"); do
  run "webkit defaults" GDK_GL= WEBKIT_DISABLE_DMABUF_RENDERER=0 WEBKIT_WEB_RENDER_DEVICE_FILE=
  run "app"
done
