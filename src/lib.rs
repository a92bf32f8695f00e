//! bk-itsm-tickets: a typed, validating client for BlueKing ITSM's open API, compiled to
//! WebAssembly.
//!
//! The module decides; the JavaScript driver (`src/js/driver.js`) runs the loop. A call goes
//! one way through the crate:
//!
//! ```text
//! lib.rs (the exports)  ─▶ engine/call.rs ─▶ engine/{params,rules,config,url}.rs ─▶ engine/request.rs
//!                                          ─▶ engine/{shape,envelope,retry,walk}.rs
//!                                          ─▶ error/ (messages, redaction) ─▶ text/
//! api/ (one description per endpoint) ─▶ engine/describe.rs (what a description is)
//! ```
//!
//! Every export takes and returns text (and the numbers of a snapshot beside it), keeps
//! nothing between calls, and never panics: the crate has no panic path it can reach, and the
//! release module has no formatting machinery, no panic strings and no source paths.

#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]
// `clamp` panics when its bounds are crossed: `max(..).min(..)` has no such path.
#![allow(clippy::manual_clamp)]
// The error is what most calls return, and is built once per call: boxing it would add the
// allocation and its code to every path for nothing.
#![allow(clippy::result_large_err)]
// In the module, documentation in a description is `()` (see `engine/describe.rs`), and what
// only the generator reads (`describe.rs`, native) is unused.
#![cfg_attr(target_arch = "wasm32", allow(clippy::unit_arg, dead_code))]

extern crate alloc;

/// The allocator: an arena emptied after every call (see `mem/arena.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: mem::arena::Arena = mem::arena::Arena::new();

/// No panic can be reached (see the lints above); should one be, the module stops where it
/// stands, without formatting anything.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

mod api;
mod engine;
mod error;
mod mem;
mod ops;
mod text;

#[cfg(not(target_arch = "wasm32"))]
pub mod describe;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

#[cfg(target_arch = "wasm32")]
mod exports;
