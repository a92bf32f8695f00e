//! The snapshot reader (`engine/value.rs`) on any text, and the walk's step on any state and
//! event (the two readers of texts the module keeps nothing of).
//!
//! Must hold: no panic; a snapshot of JSON (as the driver writes one) always reads (never "an
//! unknown value" unless nested past the reader's 32 levels); a walk's step is one JSON answer
//! that starts at most 8 pages.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use bk_itsm_tickets::testing as t;
use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;

fn depth(v: &J) -> usize {
    match v {
        J::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        J::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = t::read_snapshot(&text);
    if let Ok(v) = serde_json::from_str::<J>(&text) {
        if depth(&v) <= 32 {
            let described = t::read_snapshot(&support::snap(&v));
            assert_ne!(described, "an unknown value", "{text}");
        }
    }
    // A walk's step, its state and event made of the input's bytes, three a number.
    let nums: Vec<i64> = data.chunks(3).map(number).collect();
    if nums.len() < 10 {
        return;
    }
    let state = &nums[..9];
    let name = ["next", "page", "fail", "other"][(nums[9].unsigned_abs() % 4) as usize];
    let args = &nums[10..nums.len().min(17)];
    // Known, reported, and left out so the fuzzer looks further: a negative count of pages in
    // flight (tests/properties.rs `a_negative_count_in_flight_starts_no_more_than_the_concurrency`)
    // and a first page × page size past i64 (`a_walk_from_the_last_safe_page_does_not_overflow`).
    let in_flight = match name {
        "next" => args.first(),
        "page" => args.get(6),
        _ => None,
    };
    if in_flight.is_some_and(|n| *n < 0)
        || state[0]
            .unsigned_abs()
            .saturating_mul(state[1].unsigned_abs())
            >= 1 << 62
    {
        return;
    }
    let state = serde_json::to_string(state).unwrap();
    let mut event = vec![J::from(name)];
    event.extend(args.iter().map(|n| J::from(*n)));
    let input = serde_json::to_string(&(state, event)).unwrap();
    let config = "[{\"baseUrl\":\"https://paas.example.com\"},{\"fetch\":t}]";
    let out = t::walk(config, &input);
    let s: J = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(
        s["start"].as_array().is_some_and(|p| p.len() <= 8),
        "{input} -> {out}"
    );
    assert!(
        s["room"].as_i64().is_some_and(|r| r >= 0),
        "{input} -> {out}"
    );
});

/// A safe integer from three bytes: small ones, the bounds, and the values between.
fn number(c: &[u8]) -> i64 {
    let b = |i: usize| i64::from(c.get(i).copied().unwrap_or(0));
    let max = 9_007_199_254_740_991i64;
    match b(0) % 8 {
        0 => b(1) - 128,
        1 => max - b(1),
        2 => -max + b(1),
        3 => (b(1) << 8 | b(2)) * 1_000_000,
        4 => 1 << (b(1) % 53),
        _ => b(1) % 16,
    }
}
