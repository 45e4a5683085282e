#!/usr/bin/env bash
# The demo: a simulated Magento with realistic data and faults on this
# machine, a snapshot of it into a local database, and a second, incremental
# snapshot that stores only what changed. No account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"
cargo build --locked -p driftwatch-cli
bin="$CARGO_TARGET_DIR/debug/driftwatch"

demo=${DRIFTWATCH_DEMO_DIR:-$(mktemp -d)}
"$bin" sim --orders 5000 --skus 1000 --sources 4 --fault 429:every=25 --fault 503:every=40 \
  --write-config "$demo/config.toml" >/dev/null 2>"$demo/sim.log" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$demo/config.toml" ] && break; sleep 0.1; done

export DRIFTWATCH_MAGENTO_TOKEN=sim-integration-token   # the simulator's, not a real secret
run() { "$bin" --config "$demo/config.toml" --data-dir "$demo/data" "$@"; }

echo "== First snapshot: everything (the simulator throttles and fails now and then)"
run snapshot --full
echo
echo "== Second snapshot: incremental; unchanged rows are not stored again"
run snapshot
echo
echo "Config: $demo/config.toml   Database: $demo/data/driftwatch.sqlite"
