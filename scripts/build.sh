#!/usr/bin/env bash
# The widget's release build as shipped (scripts/test.sh and scripts/demo.sh run it): `trunk build --release`
# with the compiler settings of scripts/release-env.sh (std rebuilt for size, panics abort on the spot).
# Extra arguments go to trunk, before `--release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/release-env.sh
. scripts/release-env.sh
# RUSTFLAGS overrides .cargo/config.toml's target rustflags: the release flags must still contain them
# (all but the stack size, which release-env.sh sets for the release build).
while IFS= read -r flag; do
  case "$flag" in "-C link-arg=-zstack-size="*) continue ;; esac
  case " $RELEASE_CONFIG_RUSTFLAGS " in
    *" $flag "*) ;;
    *) echo "scripts/release-env.sh: RELEASE_CONFIG_RUSTFLAGS lacks '$flag' from .cargo/config.toml" >&2; exit 1 ;;
  esac
done < <(python3 - <<'PY'
import re, shlex, tomllib
cfg = tomllib.load(open(".cargo/config.toml", "rb"))
flags = cfg["target"]["wasm32-unknown-unknown"]["rustflags"]
# Flags come in pairs ("-C" "link-arg=…", "--cfg" "name"): print each pair as one string.
for i in range(0, len(flags), 2):
    print(" ".join(flags[i:i + 2]))
PY
)
trunk build "$@" --release
