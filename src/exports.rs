//! The module's interface with its JavaScript bindings (`src/js/bindings.js`), written by hand:
//! two exports and a few imports, texts in UTF-16 (what a JavaScript string is, so the bindings
//! need no `TextEncoder` or `TextDecoder`), and nothing of JavaScript kept in the module.
//!
//! - `input(units)`: the module's input buffer, sized for the next call's three texts; the
//!   bindings write them into it, one after the other.
//! - `run(op, id, a, b, c, n, m, now, random)`: does what `op` asks (`ops.rs`) with the three
//!   texts of lengths `a`, `b`, `c`, and hands the answer (JSON text) to the import `answer`.
//!
//! The buffer is the module's own: the bindings pass lengths, never addresses, so no value a
//! page could hand in can make the module read or write outside its own memory.
//!
//! wasm-bindgen did this before, and cost more than it did: its bindings (1.8 KB gzip), its
//! table of JavaScript references, a shim per export and a `TextEncoder`/`TextDecoder`
//! fallback for the environments without them (BENCHMARKS.md, "What the module costs").

use crate::mem::String;
use crate::mem::Vec;
use core::cell::UnsafeCell;

use crate::api::{ENDPOINTS, POLLS};
use crate::engine::call;
use crate::ops as op;

/// A buffer of the module's, shared with the bindings between two calls.
struct Shared(UnsafeCell<Vec<u16>>);

// SAFETY: the module runs on one thread (wasm32-unknown-unknown without the atomics feature),
// and no reference to the buffer outlives the export or import that takes it.
unsafe impl Sync for Shared {}

static INPUT: Shared = Shared(UnsafeCell::new(Vec::new()));

#[link(wasm_import_module = "a")]
extern "C" {
    /// The answer of `run`: `len` UTF-16 units at `ptr`.
    fn answer(ptr: *const u16, len: usize);
    /// `String(n)`, kept by the bindings for `take`; its length.
    fn number(n: f64) -> usize;
    /// The URL at `ptr` read by the URL parser, `"origin\nhostname"`, kept for `take`; its
    /// length, or -1 when it is not a URL.
    fn url(ptr: *const u16, len: usize) -> isize;
    /// The preview of the value at the path at `ptr` in the answer being settled, kept for
    /// `take`; its length.
    fn preview(ptr: *const u16, len: usize) -> usize;
    /// Writes the kept text into `len` units at `ptr`.
    fn take(ptr: *mut u16, len: usize);
    /// Copies the probe's records from `start` into `cap` bytes at `ptr`; how many it copied.
    fn records(start: u32, ptr: *mut u8, cap: usize) -> usize;
    /// Whether the text at `ptr` (`split` units of pattern, then the value) matches the
    /// pattern from its start (a sticky Unicode `RegExp`): 1, 0, or -1 when the pattern is not
    /// one `RegExp` reads.
    fn regex(ptr: *const u16, split: usize, len: usize) -> i32;
}

/// The input buffer, `units` long, for the bindings to write the next call's texts into.
#[no_mangle]
pub extern "C" fn input(units: usize) -> *mut u16 {
    // SAFETY: see `Shared`; the reference ends here.
    let buffer = unsafe { &mut *INPUT.0.get() };
    buffer.clear();
    buffer.resize(units, 0);
    buffer.as_mut_ptr()
}

/// Text from UTF-16 units, a lone surrogate as U+FFFD (what `char::decode_utf16` does, by
/// hand: its adapters cost more).
fn text(units: &[u16]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(&u) = units.get(i) {
        i += 1;
        let mut c = u32::from(u);
        if (0xD800..0xDC00).contains(&c) {
            if let Some(&low) = units.get(i).filter(|&&l| (0xDC00..0xE000).contains(&l)) {
                i += 1;
                c = 0x10000 + ((c - 0xD800) << 10) + (u32::from(low) - 0xDC00);
            }
        }
        out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
    }
    out
}

/// `s` as UTF-16 units, after `out`'s (what `encode_utf16` does, by hand: its adapters cost
/// more).
fn push_units(out: &mut Vec<u16>, s: &str) {
    for c in s.chars() {
        let c = u32::from(c);
        if c < 0x10000 {
            out.push(c as u16);
        } else {
            let c = c - 0x10000;
            out.push(0xD800 | (c >> 10) as u16);
            out.push(0xDC00 | (c & 0x3FF) as u16);
        }
    }
}

/// `s` as UTF-16 units.
fn units(s: &str) -> Vec<u16> {
    let mut out = Vec::new();
    push_units(&mut out, s);
    out
}

/// Hands `s` to the bindings, as UTF-16.
fn give(s: &str) {
    let units = units(s);
    // SAFETY: the bindings copy the units out before returning.
    unsafe { answer(units.as_ptr(), units.len()) }
}

/// The text the bindings kept, `len` units long.
fn taken(len: usize) -> String {
    let mut units = Vec::new();
    units.resize(len.min(1 << 20), 0u16);
    // SAFETY: the bindings write at most `units.len()` units into the buffer.
    unsafe { take(units.as_mut_ptr(), units.len()) };
    text(&units)
}

/// `String(n)`.
pub(crate) fn number_text(n: f64) -> String {
    // SAFETY: a plain call; the text comes back through `taken`.
    let len = unsafe { number(n) };
    taken(len)
}

/// `url` read by the URL parser: `"origin\nhostname"`.
pub(crate) fn url_parts(u: &str) -> Option<String> {
    let units = units(u);
    // SAFETY: the bindings read `units.len()` units at the pointer before returning.
    let len = unsafe { url(units.as_ptr(), units.len()) };
    usize::try_from(len).ok().map(taken)
}

/// Whether `value` matches `pattern` from its start; `None` when `RegExp` cannot read it.
pub(crate) fn regex_test(pattern: &str, value: &str) -> Option<bool> {
    let mut units = units(pattern);
    let split = units.len();
    push_units(&mut units, value);
    // SAFETY: as `url_parts`.
    match unsafe { regex(units.as_ptr(), split, units.len()) } {
        1 => Some(true),
        0 => Some(false),
        _ => None,
    }
}

/// The preview of the value at `path` in the answer being settled (a snapshot text).
pub(crate) fn preview_at(path: &str) -> String {
    let units = units(path);
    // SAFETY: as `url_parts`.
    let len = unsafe { preview(units.as_ptr(), units.len()) };
    taken(len)
}

/// Copies the probe's records from `start` into `out`; how many bytes it copied.
pub(crate) fn read_records(start: u32, out: &mut [u8]) -> usize {
    // SAFETY: the bindings write at most `out.len()` bytes at the pointer.
    let n = unsafe { records(start, out.as_mut_ptr(), out.len()) };
    n.min(out.len())
}

/// Does what `op` asks (see `ops.rs`) with the three texts the bindings wrote into the input
/// buffer (`a`, `b`, `c` units long), and hands the answer to the bindings.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn run(
    op: u32,
    id: u32,
    a: usize,
    b: usize,
    c: usize,
    n: f64,
    m: u32,
    now: f64,
    random: f64,
) {
    // Everything of the call lives in this block: past it, nothing is alive and the arena is
    // emptied.
    {
        // SAFETY: see `Shared`; the buffer is taken whole, so the reference ends here.
        let units = core::mem::take(unsafe { &mut *INPUT.0.get() });
        let part = |from: usize, len: usize| {
            text(
                units
                    .get(from..from.saturating_add(len))
                    .unwrap_or_default(),
            )
        };
        let (a, b, c) = (part(0, a), part(a, b), part(a.saturating_add(b), c));
        let page = n as i64;
        let out = match (op, ENDPOINTS.get(id as usize)) {
            (op::CLIENT, _) => call::client(&a),
            (op::PREPARE, Some(e)) => call::prepare(e, ENDPOINTS, &a, &b, page, false, now),
            (op::PLAN, Some(e)) => call::prepare(e, ENDPOINTS, &a, &b, 0, true, now),
            (op::VALIDATE_FIELDS, _) => call::validate_fields(&a, &b, now),
            (op::WAIT, _) => match POLLS.get(id as usize) {
                Some(p) => call::poll(p, ENDPOINTS, &a, &b, m),
                None => String::from("{}"),
            },
            (op::SETTLE, Some(e)) => call::settle(e, &a, &b, page, m, &c, (), (), now, random),
            (op::VALIDATE, Some(e)) => call::validate(e, &a, &b),
            (op::WALK, _) => call::walk_step(&a, &c),
            (op::ABORTED, Some(e)) => call::aborted(e, &a, &b, page, m),
            (op::PROGRAM, Some(e)) => crate::engine::shape::program(&e.result),
            _ => String::from("{}"),
        };
        give(&out);
    }
    crate::ALLOCATOR.reset();
}
