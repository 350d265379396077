#!/usr/bin/env bash
# Prints the size of each built file raw, gzip -9 and brotli -q 11: the figures size budgets are judged by.
set -euo pipefail
dir=${1:-dist}
printf '%-44s %10s %10s %12s\n' "file (${dir})" raw "gzip -9" "brotli -q11"
total=(0 0 0)
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  total=($((total[0] + raw)) $((total[1] + gz)) $((total[2] + br)))
  printf '%-44s %10d %10d %12d\n' "${f#"$dir"/}" "$raw" "$gz" "$br"
done < <(find "$dir" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort)
printf '%-44s %10d %10d %12d\n' "total (wasm, js, css, html)" "${total[@]}"
