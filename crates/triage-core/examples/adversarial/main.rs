//! Benchmark: time and peak heap for loading each adversarial ~1 MiB policy (see `inputs.rs`). Each must
//! be loaded or refused within 1 s and 100 MB. Run with
//! `cargo run --release -p triage-core --example adversarial`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use triage_core::policy;
use triage_core::time::UtcOnly;

mod inputs;

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const TIME_BUDGET_MS: f64 = 1_000.0;
const MEMORY_BUDGET_MB: f64 = 100.0;

fn main() {
    let mut over = 0;
    println!(
        "{:<70} {:>9} {:>9} {:>10}  outcome",
        "input", "KiB", "ms", "peak MB"
    );
    for (name, expect, text) in inputs::all() {
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let start = Instant::now();
        let result = policy::load(&text, &UtcOnly);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let outcome = match &result {
            Ok(_) => "loaded".to_string(),
            Err(e) => format!("refused, {} error(s): {}", e.len(), cut(&e[0].to_string())),
        };
        drop(result);
        // Peak heap during loading, beyond the input text itself.
        let peak_mb = (PEAK.load(Relaxed) - before) as f64 / 1e6;
        let ok = ms <= TIME_BUDGET_MS
            && peak_mb <= MEMORY_BUDGET_MB
            && (expect == inputs::Expect::Loaded) == outcome.starts_with("loaded");
        if !ok {
            over += 1;
        }
        println!(
            "{:<70} {:>9.0} {:>9.1} {:>10.1}  {}{outcome}",
            name,
            text.len() as f64 / 1024.0,
            ms,
            peak_mb,
            if ok { "" } else { "OVER BUDGET / UNEXPECTED: " }
        );
    }
    println!(
        "budget: {TIME_BUDGET_MS} ms and {MEMORY_BUDGET_MB} MB each; {over} input(s) outside it"
    );
    if over > 0 {
        std::process::exit(1);
    }
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(90) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
