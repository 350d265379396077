# The compiler settings of the shipped widget (sourced by scripts/build.sh and scripts/size-report.sh).
#
# Why: the wasm is most of what a page pays for once someone clicks "Get help". The release build therefore
# rebuilds the standard library with the widget (cargo's `build-std`, with `rust-src` from rustup), so that
#   - panics abort on the spot (`-Cpanic=immediate-abort`): no panic formatting, no messages, no unwinding
#     tables, in std as in every crate. The widget never shows a panic message anyway: with `panic = "abort"`
#     a panic in wasm was already a trap with nothing printed;
#   - panic locations (file, line, column strings) are not stored (`-Zlocation-detail=none`);
#   - std uses its smaller algorithms (`optimize_for_size`: sorting, formatting);
#   - std itself is compiled with the release profile (opt-level "z", LTO) instead of the prebuilt -O3 one.
#   - LLVM inlines only what makes the code smaller (`-Cllvm-args=-inline-threshold=0`; opt-level "z"'s own
#     threshold is 5): wasm 190,464 -> 189,581 bytes brotli. Lower is larger again (-5: 189,903; -25: 199,807),
#     as calls to tiny functions then cost more than their bodies.
# Measured on this build: the wasm 263,605 -> 236,622 bytes brotli together with dropping `LocalResource`
# (this file alone: about -23,000; docs/performance.md).
#
# These are nightly-only switches; RUSTC_BOOTSTRAP=1 allows them on the pinned stable toolchain for this
# build only (tests, clippy and the CLI use plain stable). Without this file the widget still builds and
# works — `trunk build --release` by hand gives the larger wasm.
#
#   - the wasm stack is 64 KiB (`.cargo/config.toml` gives debug and test builds 256 KiB: their frames are
#     several times larger). The shipped flow's deepest stack use is about 8 KiB; every e2e test checks, on
#     every page it closes, that it stayed under half of this (tests/e2e/harness.mjs). Stack pages are wasm
#     memory a page pays for as soon as the widget loads: bench (e) 384 -> 192 KiB.
#
# RUSTFLAGS replaces `.cargo/config.toml`'s target rustflags, so the others there are repeated here: keep the
# lists in step (scripts/build.sh checks it; the stack size is this file's own).
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
RELEASE_STACK_SIZE=65536
RELEASE_CONFIG_RUSTFLAGS="--cfg erase_components"
export RUSTFLAGS="-C link-arg=-zstack-size=$RELEASE_STACK_SIZE $RELEASE_CONFIG_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Cllvm-args=-inline-threshold=0"
