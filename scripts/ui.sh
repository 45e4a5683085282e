#!/usr/bin/env bash
# Builds the web UI into ui/dist (the desktop app embeds it when it compiles), after its unit
# tests when called with --test. Installs the pinned npm packages first (npm ci, cached).
set -euo pipefail
cd "$(dirname "$0")/../ui"
export npm_config_cache="${npm_config_cache:-$HOME/.cache/driftwatch/npm}"
stamp=node_modules/.driftwatch-lock
if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
if [ "${1:-}" = "--test" ]; then
  npm test --silent
fi
npm run build --silent
