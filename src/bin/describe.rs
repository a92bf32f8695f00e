//! Prints every description as JSON (see `src/describe.rs`), for `scripts/gen/`. Native only:
//! for the module's target it is an empty program, so `cargo build --target wasm32…` builds.

#![cfg_attr(target_arch = "wasm32", no_std, no_main)]

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("{}", bk_itsm_tickets::describe::json());
}

#[cfg(target_arch = "wasm32")]
use bk_itsm_tickets as _;
