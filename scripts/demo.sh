#!/usr/bin/env bash
# The demo: sets everything up, builds the desktop app and opens it on its built-in demo
# (simulated Magento and Business Central with realistic drift, started inside the app; no
# account needed). Without a display, scripts/demo-cli.sh shows the same engine in a terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/ui.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"
cargo build --locked -p driftwatch-desktop
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display to open a window on. Run this from a desktop session, or try the terminal" >&2
  echo "demo: ./scripts/demo-cli.sh" >&2
  exit 1
fi
exec "$CARGO_TARGET_DIR/debug/driftwatch-desktop" --demo
