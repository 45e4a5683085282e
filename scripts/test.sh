#!/usr/bin/env bash
# The whole test suite: formatting, lints, every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"

# The UI first: its unit tests, then ui/dist, which the desktop app embeds when it compiles.
./scripts/ui.sh --test

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The end-to-end tests drive the app's binary: `cargo test` builds only test harnesses, so a
# binary left from an earlier build would be tested instead of this checkout's. The
# performance figures (100k open mismatches: overview, filter, idle memory) are taken on the
# release build, the one people run; the debug build's unoptimised code and larger binary
# would misstate them.
cargo build --locked -p driftwatch-desktop
cargo build --release --locked -p driftwatch-desktop
release_app="${CARGO_TARGET_DIR}/release/driftwatch-desktop"

# Tests run inside a private D-Bus session with an unlocked GNOME keyring, so
# the OS-keychain test talks to a real Secret Service, never the user's own, and on
# a virtual display (Xvfb) where the desktop app is driven through tauri-driver.
# Screenshots of each screen land in tests/artifacts/screenshots/.
export DRIFTWATCH_TEST_KEYCHAIN=1
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
env -u DBUS_SESSION_BUS_ADDRESS HOME="$home" XDG_DATA_HOME="$home/.local/share" \
  XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run" \
  RELEASE_APP="$release_app" dbus-run-session -- sh -c '
    set -e
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    echo -n driftwatch-ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    xvfb-run -a -s "-screen 0 1280x800x24" \
      cargo test --workspace --locked -- --skip performance::hundred_thousand_open_mismatches
    # Alone, so that nothing else competes for the 2 cores while it measures.
    DRIFTWATCH_APP="$RELEASE_APP" xvfb-run -a -s "-screen 0 1280x800x24" \
      cargo test --locked -p driftwatch-e2e --test desktop -- --nocapture \
        performance::hundred_thousand_open_mismatches
  '
