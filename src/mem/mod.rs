//! The crate's memory: its own `Vec` and `String`, and in the module an arena emptied after
//! every call.
//!
//! Why not `alloc`'s: their growth paths can panic ("capacity overflow", "memory allocation of
//! … failed"), which brings panic strings, the standard library's source locations and
//! `core::fmt` into the module, whatever the crate's own code avoids. These grow by a plain
//! doubling and stop the module (a trap, without a message) where `alloc`'s would panic, and
//! offer just what the crate uses; everything else comes from the slice and `str` they deref
//! to.
//!
//! The module keeps nothing between calls (`engine/call.rs`), so its allocator is an arena:
//! allocating moves a pointer, and after each call (`exports.rs`) the arena is empty again, so
//! the module's memory is the most one call needed, whatever the number of calls.

#[cfg(target_arch = "wasm32")]
pub(crate) mod arena;
mod list;
mod text;

pub(crate) use list::Vec;
pub(crate) use text::String;

/// `vec![a, b, c]` for the crate's [`Vec`].
macro_rules! vec {
    () => {
        $crate::mem::Vec::new()
    };
    ($item:expr; $n:expr) => {{
        let mut v = $crate::mem::Vec::new();
        v.resize($n, $item);
        v
    }};
    ($($item:expr),+ $(,)?) => {{
        let mut v = $crate::mem::Vec::new();
        $(v.push($item);)+
        v
    }};
}
pub(crate) use vec;
