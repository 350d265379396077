#!/usr/bin/env bash
# THE demo command (README): builds the widget and serves it with the reference receiver on 127.0.0.1.
# PORT=0 picks a free port; the address is printed either way. Tickets land in ./tickets.sqlite3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/install.sh
scripts/build.sh
cargo build -p triage-cli --locked -q
scripts/compile-policies.sh dist
exec target/debug/triage serve --addr "127.0.0.1:${PORT:-8787}" --dir dist --db "${DB:-tickets.sqlite3}"
