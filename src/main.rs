//! The widget's wasm entry point: mount one widget into every `[data-severity-triage]` element.
//! A binary target (not a cdylib) so release builds keep link-time optimisation.

fn main() {
    severity_triage::mount_all();
}
