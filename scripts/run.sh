#!/usr/bin/env bash
# Set everything up and run the app on the embedded demo (local server on SQLite, demo data, signed in).
# Without a display it runs the same flow headless and writes screenshots of each screen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m fieldapp.demo "$@"
