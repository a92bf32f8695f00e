//! Small text helpers every other module uses, and which use nothing of the crate: numbers
//! written out, percent-encoding, JSON strings, shortening. The leaf of the crate.
//!
//! No `core::fmt` anywhere in the crate: formatting machinery and its tables cost about 7 KB
//! of the module, for what a few `push_str` do here.

pub(crate) mod json;

use crate::mem::String;
use crate::mem::Vec;

/// The largest integer a JavaScript number holds exactly.
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Appends `n` in decimal.
pub(crate) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_uint(out, n.unsigned_abs());
}

/// Appends `n` in decimal.
pub(crate) fn push_uint(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for d in digits.iter().skip(at) {
        out.push(char::from(*d));
    }
}

/// `n` in decimal.
pub(crate) fn int_text(n: i64) -> String {
    let mut out = String::new();
    push_int(&mut out, n);
    out
}

/// `true` when `n` is an integer a JavaScript number holds exactly.
pub(crate) fn is_safe_integer(n: f64) -> bool {
    n.is_finite() && n == trunc(n) && abs(n) <= MAX_SAFE_INTEGER
}

/// `n` without its fraction (`f64::trunc` needs std).
pub(crate) fn trunc(n: f64) -> f64 {
    if !n.is_finite() || abs(n) >= 4_503_599_627_370_496.0 {
        n // 2^52 and beyond: already an integer
    } else {
        n as i64 as f64
    }
}

/// `|n|` (`f64::abs` needs std).
pub(crate) fn abs(n: f64) -> f64 {
    if n < 0.0 {
        -n
    } else {
        n
    }
}

/// Appends `n` as JavaScript's `String(n)` prints it.
pub(crate) fn push_number(out: &mut String, n: f64) {
    if n.is_nan() {
        out.push_str("NaN");
    } else if n.is_infinite() {
        out.push_str(if n > 0.0 { "Infinity" } else { "-Infinity" });
    } else if n == 0.0 {
        out.push('0');
    } else if is_safe_integer(n) {
        push_int(out, n as i64);
    } else {
        out.push_str(&float_text(n));
    }
}

/// Safe integers, nearly every number a message quotes, are written above. Other numbers go to
/// the platform: in the module JavaScript's own `String(n)`, natively Rust's formatting
/// adjusted to JavaScript's. Rust's float formatting (Grisu, Dragon4 and their tables) was a
/// fifth of the module, for the odd `page_size: 10.5` in an error message.
#[cfg(target_arch = "wasm32")]
fn float_text(n: f64) -> String {
    crate::exports::number_text(n)
}

#[cfg(not(target_arch = "wasm32"))]
fn float_text(n: f64) -> String {
    extern crate std;
    use std::format;
    let text = if n.abs() >= 1e21 || n.abs() < 1e-6 {
        let s = format!("{n:e}");
        match s.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => s,
        }
    } else {
        format!("{n}")
    };
    String::from(text.as_str())
}

/// Appends `s` percent-encoded as `encodeURIComponent` does.
pub(crate) fn push_percent(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || one_of(b, b"-_.!~*'()") {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
}

/// `s` percent-encoded as `encodeURIComponent` does.
pub(crate) fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_percent(&mut out, s);
    out
}

/// The upper-case hexadecimal digit of `n` (0 to 15).
pub(crate) fn hex(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// The first `max` characters of `s`, with `…` when it was longer.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    // Byte scans: `char_indices` decodes each character.
    let mut count = 0;
    match stop_at(s, |b| {
        let start = b & 0xc0 != 0x80;
        count += usize::from(start);
        start && count > max
    }) {
        None => String::from(s),
        Some(cut) => {
            let mut out = String::from(s.get(..cut).unwrap_or_default());
            out.push('…');
            out
        }
    }
}

/// How many characters `s` has (`chars().count()` brings a vectorised counter).
pub(crate) fn char_count(s: &str) -> usize {
    let mut n = 0;
    for b in s.bytes() {
        if b & 0xc0 != 0x80 {
            n += 1;
        }
    }
    n
}

/// `true` when `s` is empty or only white space (as JavaScript's `trim` sees it).
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// `items` joined by `sep`.
pub(crate) fn join(items: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
    out
}

/// The byte offset of the first `b` in `s` (a byte search: `str::find` with a `char` brings
/// the pattern machinery and its panic paths).
pub(crate) fn byte_at(s: &str, b: u8) -> Option<usize> {
    stop_at(s, |c| c == b)
}

/// The byte offset of the first byte of `s` that `stop` takes (a plain loop with its own
/// counter: `position` and `enumerate` unroll, 0.1 KB gzip more of the module).
#[allow(clippy::explicit_counter_loop)]
fn stop_at(s: &str, mut stop: impl FnMut(u8) -> bool) -> Option<usize> {
    let mut at = 0;
    for c in s.bytes() {
        if stop(c) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// `s` cut at the first byte `b` (ASCII): the part before, and the part after, if `b` is in it.
pub(crate) fn cut(s: &str, b: u8) -> (&str, Option<&str>) {
    match byte_at(s, b) {
        Some(at) => (
            s.get(..at).unwrap_or_default(),
            Some(s.get(at + 1..).unwrap_or_default()),
        ),
        None => (s, None),
    }
}

/// Part `i` of `s` cut at every byte `b` (ASCII), or `""` when `s` has fewer parts.
pub(crate) fn nth(s: &str, b: u8, i: usize) -> &str {
    let mut rest = s;
    for _ in 0..i {
        rest = cut(rest, b).1.unwrap_or_default();
    }
    cut(rest, b).0
}

/// `true` when `b` is one of `set` (a plain loop: `[u8]::contains` brings a vectorised search
/// of about 0.4 KB).
fn one_of(b: u8, set: &[u8]) -> bool {
    for s in set {
        if *s == b {
            return true;
        }
    }
    false
}

/// The parts of `s` between the ASCII bytes `seps` (byte scans, as [`cut`]).
pub(crate) fn split<'a>(s: &'a str, seps: &[u8]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(at) = stop_at(rest, |c| one_of(c, seps)) {
        out.push(rest.get(..at).unwrap_or_default());
        rest = rest.get(at + 1..).unwrap_or_default();
    }
    out.push(rest);
    out
}

/// `s` up to the first of the ASCII bytes `stops`.
pub(crate) fn until<'a>(s: &'a str, stops: &[u8]) -> &'a str {
    let end = stop_at(s, |c| one_of(c, stops)).unwrap_or(s.len());
    s.get(..end).unwrap_or(s)
}

/// The byte offset of the first `needle` in `s`.
pub(crate) fn find(s: &str, needle: &str) -> Option<usize> {
    let (h, n) = (s.as_bytes(), needle.as_bytes());
    let mut at = 0;
    loop {
        let rest = h.get(at..)?;
        if rest.starts_with(n) {
            return Some(at);
        }
        at += 1;
    }
}

/// `text` with every `from` replaced by `to`.
pub(crate) fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(to);
        rest = rest.get(at + from.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Lower-cases ASCII letters.
pub(crate) fn ascii_lower(s: &str) -> String {
    s.chars().map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_in_decimal() {
        for n in [
            0i64,
            7,
            -7,
            10,
            10_000,
            i64::MAX,
            i64::MIN,
            -9_007_199_254_740_991,
        ] {
            assert_eq!(int_text(n), n.to_string());
        }
    }

    #[test]
    fn percent_encoding_matches_encode_uri_component() {
        assert_eq!(percent("NO 1&2/é"), "NO%201%262%2F%C3%A9");
        assert_eq!(percent("a-b_c.d!e~f*g'h(i)j"), "a-b_c.d!e~f*g'h(i)j");
    }

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("工单工单", 2), "工单…");
        assert_eq!(shorten("ab", 2), "ab");
    }

    #[test]
    fn find_and_replace_work_on_bytes() {
        assert_eq!(find("abcabc", "ca"), Some(2));
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(replace_all("a-x-b-x", "x", "[R]"), "a-[R]-b-[R]");
        assert_eq!(replace_all("aaa", "", "y"), "aaa");
        assert_eq!(find("工单x", "单x"), Some(3));
    }

    #[test]
    fn trunc_and_safe_integers() {
        assert_eq!(trunc(2.7), 2.0);
        assert_eq!(trunc(-2.7), -2.0);
        assert!(is_safe_integer(9_007_199_254_740_991.0));
        assert!(!is_safe_integer(9_007_199_254_740_992.0));
        assert!(!is_safe_integer(1.5));
        assert!(!is_safe_integer(f64::NAN));
    }
}
