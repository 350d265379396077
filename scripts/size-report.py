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
        if not r["Name"].startswith(('"function names"', '"data names"', "custom section"))]
# The release build rebuilds std (scripts/release-env.sh), whose symbols demangle as `crate[hash]::…`.
for r in rows:
    r["Name"] = re.sub(r"\[[0-9a-f]{1,16}\]", "", r["Name"])
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


LAYERS = [
    # The widget's load task: wasm-opt inlines the policy decoder and the sender's start (outbox read) into it.
    ("the load task: policy decoder, outbox read, sender start", r"^severity_triage::widget::__component_widget::\{closure#0\}$"),
    # What a different view layer would remove: Leptos's runtime and renderer, and our views compiled into it.
    ("Leptos and the widget's views", r"tachys|reactive_graph|leptos|__component_|any_spawner|or_poisoned|"
     r"send_wrapper|throw_error|oco_ref|server_fn|wasm_streams|indexmap|rustc_hash|slotmap|futures_|"
     r"^severity_triage::(panel|steps|delivery_view|card|widget)::"),
    ("serde and serde_json (ticket, outbox, draft, policy JSON)", r"serde"),
    ("triage_core (flow, redaction, ticket, outbox, SLA, policy decoder)", r"triage_core"),
    ("the widget's other Rust (delivery, outbox, submit, host, Intl, DOM)", r"severity_triage"),
    ("data: strings and tables", r"^data segment"),
    ("collections, allocator, formatting, the rest of std", r"."),
]


def layer(name):
    for label, pattern in LAYERS:
        if re.search(pattern, name):
            return label


crates, modules, funcs = collections.Counter(), collections.Counter(), collections.Counter()
layers = collections.Counter()
for r in rows:
    b = int(r["ShallowSize"])
    layers[layer(r["Name"])] += b
    crates[owner(r["Name"], 1)] += b
    modules[owner(r["Name"], 2)] += b
    funcs[re.sub(r"::h[0-9a-f]{16}$", "", r["Name"])[:110]] += b
print(f"Code and data: {total:,} bytes (after wasm-opt -Oz, function names kept only for this count).")
table("By layer (a function counts for the first layer whose pattern its name matches, top to bottom)", layers, 10)
table("By crate (top 15)", crates, 15)
table("By module (top 25)", modules, 25)
table("Largest functions and data segments (top 20)", funcs, 20)
