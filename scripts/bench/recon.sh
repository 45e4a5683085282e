#!/bin/sh
# Reconciliation benchmark: Driftwatch's recon (release build) and datacompy on the same
# frames, in one script on one machine. Usage: scripts/bench/recon.sh [bench recon options]
# (defaults: 1M orders, 100k SKUs x 20 sources = 2M source items, 400k products = 1M lines).
set -eu
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/driftwatch/target}"
cargo build --release --locked -p driftwatch-cli >&2
frames=$(mktemp -d)
trap 'rm -rf "$frames"' EXIT
"$CARGO_TARGET_DIR/release/driftwatch" bench recon --json --write-csv "$frames" "$@" > "$frames/driftwatch.json"
python3 scripts/bench/datacompy_bench.py "$frames" > "$frames/datacompy.json"
python3 - "$frames" <<'PY'
import json, sys
d = sys.argv[1]
ours = json.load(open(f"{d}/driftwatch.json"))
theirs = json.load(open(f"{d}/datacompy.json"))
print(f"rows: {ours['rows']}")
print(f"{'':10} {'driftwatch':>12} {'datacompy':>12} {'speed-up':>9}")
for entity in ["orders", "stock", "prices"]:
    a, b = ours["seconds"][f"{entity}_seconds"], theirs[entity]["seconds"]
    print(f"{entity:10} {a:>11.2f}s {b:>11.2f}s {b / a:>8.1f}x")
a, b = ours["seconds"]["total_seconds"], theirs["total_seconds"]
print(f"{'total':10} {a:>11.2f}s {b:>11.2f}s {b / a:>8.1f}x")
print(f"peak RSS: driftwatch {ours['peak_rss_mb']:.0f} MB (data alone {ours['rss_mb_with_data_loaded']:.0f} MB), "
      f"datacompy {theirs['peak_rss_mb']:.0f} MB; datacompy {theirs['datacompy_version']}, pandas {theirs['pandas_version']}")
print("mismatches found by driftwatch:", json.dumps(ours["mismatches"]))
print("datacompy:", {e: {k: theirs[e][k] for k in ("only_magento", "only_erp", "mismatched")} for e in ("orders", "stock", "prices")})
PY
