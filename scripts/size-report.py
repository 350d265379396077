#!/usr/bin/env python3
"""Where the widget's wasm bytes go: reads `twiggy top` of a wasm built with function names kept
(scripts/size-report.sh builds it) and prints markdown tables of the largest crates, modules and functions.
Why: budgets are only kept if the next change can see what it costs; this is the table docs/performance.md keeps.
"""
import collections
import csv
import re
import subprocess
import sys

wasm = sys.argv[1]
top = subprocess.run(["twiggy", "top", "-n", "1000000", "-f", "csv", wasm],
                     capture_output=True, text=True, check=True).stdout
rows = [r for r in csv.DictReader(top.splitlines())
        if not r["Name"].startswith(('"function names"', "custom section"))]
total = sum(int(r["ShallowSize"]) for r in rows)


def owner(name, depth):
    """The crate (depth 1) or crate::module (depth 2) a function belongs to: the first path in its name,
    so `<tachys::view::X as core::Y>::f` counts for tachys and generic code counts where it is defined."""
    if name.startswith("data segment"):
        return "(data: strings and tables)"
    m = re.match(r"<*&?(?:mut )?([A-Za-z_][A-Za-z0-9_]*)((?:::[a-z_][a-z0-9_]*)?)", name)
    if not m:
        return "(other)"
    crate = m.group(1)
    if crate in ("T", "F"):
        return "(generic impls for T)"
    return crate + (m.group(2) if depth == 2 else "")


def table(title, counter, n):
    print(f"\n{title}\n\n| bytes | share | item |\n|---:|---:|---|")
    for k, v in counter.most_common(n):
        k = k.replace("|", "\\|")
        print(f"| {v:,} | {100 * v / total:.1f}% | `{k}` |")


crates, modules, funcs = collections.Counter(), collections.Counter(), collections.Counter()
for r in rows:
    b = int(r["ShallowSize"])
    crates[owner(r["Name"], 1)] += b
    modules[owner(r["Name"], 2)] += b
    funcs[re.sub(r"::h[0-9a-f]{16}$", "", r["Name"])[:110]] += b
print(f"Code and data: {total:,} bytes (after wasm-opt -Oz, function names kept only for this count).")
table("By crate (top 15)", crates, 15)
table("By module (top 25)", modules, 25)
table("Largest functions and data segments (top 20)", funcs, 20)
