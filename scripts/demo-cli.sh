#!/usr/bin/env bash
# The headless demo (CLI): a simulated Magento with realistic data and faults on this
# machine, a snapshot of it into a local database, and a second, incremental
# snapshot that stores only what changed. No account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"
cargo build --locked -p driftwatch-cli
bin="$CARGO_TARGET_DIR/debug/driftwatch"

demo=${DRIFTWATCH_DEMO_DIR:-$(mktemp -d)}
"$bin" sim --scenario drift --orders 5000 --skus 1000 --sources 4 \
  --fault 429:every=25 --fault 503:every=40 --fault bc-429:every=15 \
  --write-config "$demo/config.toml" --write-manifest "$demo/manifest.json" \
  >/dev/null 2>"$demo/sim.log" &
sim=$!
trap 'kill $sim 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$demo/config.toml" ] && break; sleep 0.1; done

# The simulators' secrets, not real ones.
export DRIFTWATCH_MAGENTO_TOKEN=sim-integration-token DRIFTWATCH_ERP_CLIENT_SECRET=sim-client-secret
run() { "$bin" --config "$demo/config.toml" --data-dir "$demo/data" "$@"; }

echo "== First snapshot of Magento and Business Central (the simulators throttle and fail now and then)"
run snapshot --full
echo
echo "== Second snapshot: incremental; unchanged rows are not stored again"
run snapshot
echo
echo "== Drift the simulated world carries on purpose (what reconciliation must find):"
grep -o '"kind": *"[a-z_]*"' "$demo/manifest.json" | sed 's/.*"\([a-z_]*\)"$/\1/' | sort | uniq -c
echo
echo "== Reconciliation of the two snapshots (differences re-read from both systems first)"
run reconcile
echo
echo "== The ten largest mismatches by value at risk"
run mismatches --state open --limit 10
echo
echo "Config: $demo/config.toml   Database: $demo/data/driftwatch.sqlite   Manifest: $demo/manifest.json"
