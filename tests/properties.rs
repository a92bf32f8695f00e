//! Property tests of the module's operations, natively, through `bk_itsm_tickets::testing`:
//! the same functions the JavaScript driver calls (`src/ops.rs`), over the snapshot texts it
//! writes (`src/engine/value.rs`) and the records it takes of an answer (`src/engine/shape.rs`).
//! `tests/support/mod.rs` plays the driver's part (snapshots, the probe) and holds the oracles.
//!
//! Grouped by feature:
//!
//! - `no_input_panics`: any snapshot text (deep, huge numbers, lone surrogates, handles,
//!   truncated, garbage) through every operation of every endpoint id, out-of-range ids too;
//! - `answers`: any answer (records, captures, outcome) through `settle`: always one JSON
//!   answer, `ok`, `retry` or `e`, every error complete (an `api` error has a `code`); the
//!   answers of the documented shape, and only those, are `ok` (the description's types,
//!   checked here on their own, against the module's check);
//! - `secrets`: `bk_app_secret` and `bk_token`, given in the configuration or the parameters,
//!   never in an answer (but the request itself), whatever the server echoes;
//! - `validation`: required first, blank parameters not given but blank options and
//!   configuration refused, the identity of writes pinned to the client's user, writes never
//!   retried, `sent: "maybe"` only once sent;
//! - `walks`: the walk's step machine, driven as the driver drives it, ends, within the pages
//!   the first answer announced, whatever the pages answer;
//! - `forms`: the form checker (`validate_fields`) on any form and values, and the reasons of
//!   known cases (the named and custom patterns are matched by the page's `RegExp` in the
//!   module; natively, outside the lib's own tests, they are skipped, so only the other rules
//!   are checked here);
//! - `polls`: `poll` ends, done or with a timeout, whatever the answers and the time.
//!
//! Case counts keep the file within about 30 s of `cargo test` on two cores (debug build);
//! `PROPTEST_CASES=N` sets every group to N cases for a longer run (`make fuzz` does).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use bk_itsm_tickets::testing as t;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value as J};
use support::*;

/// A property's configuration: `cases` unless `PROPTEST_CASES` says otherwise, and no
/// regression files written into the source tree.
fn cases(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn fail(why: String) -> TestCaseError {
    TestCaseError::fail(why)
}

/// The endpoints' names, in id order.
fn names() -> Vec<String> {
    schema()
        .endpoints()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

fn is_safe(id: u32) -> bool {
    schema().endpoints()[id as usize]["safe"] == true
}

fn program(id: u32) -> J {
    serde_json::from_str(&t::program(id)).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Snapshot texts: the values the driver writes, and what a broken driver or a hostile page
// could make of them.

/// A snapshot value (as text), of what the driver writes and beyond.
fn leaf() -> BoxedStrategy<String> {
    prop_oneof![
        Just("u".to_string()),
        Just("n".to_string()),
        Just("t".to_string()),
        Just("f".to_string()),
        Just("null".to_string()),
        (-2_000i64..2_000).prop_map(|n| n.to_string()),
        prop_oneof![
            Just(9_007_199_254_740_991i64),
            Just(9_007_199_254_740_992),
            Just(-9_007_199_254_740_991),
            Just(i64::MAX),
        ]
        .prop_map(|n| n.to_string()),
        "[0-9]{17,40}",
        "-[0-9]{1,40}",
        number_text(),
        string_text(),
        handle(),
        Just(r#""\ud800""#.to_string()),
        Just(r#""a\udc00b""#.to_string()),
        Just(r#""\ud83d\ude00""#.to_string()),
        "[#!\"{}\\[\\]:,\\\\a-z0-9]{0,12}",
    ]
    .boxed()
}

/// `#` and 16 hex digits: any float, NaN, the infinities, -0; or fewer digits.
fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<f64>().prop_map(|n| snap_number(n)),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(0.5),
            Just(1e300),
            Just(9_007_199_254_740_992.0),
            Just(-9_007_199_254_740_993.0),
            Just(f64::MIN_POSITIVE),
        ]
        .prop_map(|n| {
            let mut out = String::from("#");
            for b in n.to_le_bytes() {
                out.push_str(&format!("{b:02x}"));
            }
            out
        }),
        "#[0-9a-fA-Fxz]{0,20}",
    ]
    .boxed()
}

/// A JSON string text, with escapes, controls, non-ASCII, and the values rules look for.
fn string_text() -> BoxedStrategy<String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,20}",
        Just(String::new()),
        Just("   ".to_string()),
        Just("\u{3000}".to_string()),
        Just("REQ20240101000001".to_string()),
        Just("2024-02-29 23:59:59".to_string()),
        Just("2023-02-29 00:00:00".to_string()),
        Just("https://paas.example.com".to_string()),
        Just("http://10.0.0.1:8080/itsm".to_string()),
        Just("/itsm-proxy".to_string()),
        Just("//evil.example".to_string()),
        Just("apigw".to_string()),
        Just("esb".to_string()),
        Just("zh-CN".to_string()),
        Just("RUNNING".to_string()),
        Just("0123456789abcdef0123456789ABCDEF".to_string()),
        Just("TRANSITION".to_string()),
        Just("DELIVER".to_string()),
        Just("true".to_string()),
        Just("10".to_string()),
        Just("-0".to_string()),
        Just("999999999999999999999".to_string()),
        Just("alice".to_string()),
        Just("a\u{1}b\u{202e}c\n\"\\".to_string()),
        "x{200,3000}",
    ]
    .prop_map(|s| serde_json::to_string(&s).unwrap())
    .boxed()
}

/// `!` values: functions, signals, symbols, bigints, throwing reads, classes, too large, too
/// deep, printed numbers, and unknown marks.
fn handle() -> BoxedStrategy<String> {
    prop_oneof![
        (0u64..5).prop_map(|n| format!("!f{n}")),
        (0u64..5).prop_map(|n| format!("!s{n}")),
        Just("!f99999999999999999999".to_string()),
        Just("!s".to_string()),
        Just("!y".to_string()),
        Just("!b".to_string()),
        Just(r#"!x"boom""#.to_string()),
        Just(r#"!x"""#.to_string()),
        Just("!x".to_string()),
        Just(r#"!c"Map""#.to_string()),
        Just(r#"!c"Date""#.to_string()),
        Just(r#"!c"\ud800""#.to_string()),
        Just("!l".to_string()),
        Just("!a".to_string()),
        Just("!o".to_string()),
        Just("!A".to_string()),
        Just("!O".to_string()),
        Just(r#"!n"1e+300""#.to_string()),
        Just("!q".to_string()),
        Just("!".to_string()),
    ]
    .boxed()
}

/// Keys: every key a table knows, and others.
fn key() -> BoxedStrategy<String> {
    let d = &schema().describe;
    let mut known: Vec<String> = Vec::new();
    for e in schema().endpoints() {
        for p in e["params"].as_array().unwrap() {
            known.push(p["key"].as_str().unwrap().into());
        }
    }
    for table in ["config", "common", "options", "walkOptions", "pollOptions"] {
        for p in d[table].as_array().unwrap() {
            known.push(p["key"].as_str().unwrap().into());
        }
    }
    for k in [
        "service", "status", "key", "value", "fields", "current_steps", "current_status",
        "href", "cookie", "lang", "fetch", "fallback", "beforeRequest", "afterResponse",
        "beforeError", "X-Bk-Tenant-Id", "Content-Type", "title", "type", "choice",
        "validate_type", "show_type", "show_conditions", "expressions", "condition", "regex",
        "source_type", "state_id", "processors", "processors_type", "name", "username", "id",
        "children", "meta", "columns", "required", "custom_regex",
    ] {
        known.push(k.into());
    }
    known.sort();
    known.dedup();
    prop_oneof![
        4 => prop::sample::select(known),
        1 => any::<String>(),
        1 => Just("\u{fffd}".to_string()),
    ]
    .boxed()
}

/// A snapshot value, nested.
fn snapshot() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((key(), inner), 0..7).prop_map(|entries| {
                    let parts: Vec<String> = entries
                        .iter()
                        .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                        .collect();
                    format!("{{{}}}", parts.join(","))
                }),
            ]
        })
        .boxed()
}

/// A snapshot text, whole, cut short, spliced, or replaced by something else altogether.
fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        6 => snapshot(),
        2 => (snapshot(), any::<prop::sample::Index>()).prop_map(|(s, at)| {
            // Cut at a character boundary.
            let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            s[..*at.get(&cuts)].to_string()
        }),
        1 => (snapshot(), any::<prop::sample::Index>(), "[\\[\\]{}\",:!#u0-9]{1,3}").prop_map(|(s, at, junk)| {
            let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            let at = *at.get(&cuts);
            format!("{}{junk}{}", &s[..at], &s[at..])
        }),
        1 => any::<String>(),
        1 => (1usize..5000).prop_map(|n| "[".repeat(n)),
        1 => (1usize..2000).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n))),
        1 => (1usize..2000).prop_map(|n| "{\"a\":".repeat(n)),
        1 => (1usize..300).prop_map(|n| format!("[{}]", vec!["{\"k\":[1,\"x\",!f0]}"; n].join(","))),
    ]
    .boxed()
}

/// A configuration snapshot `[config, env]`: mostly plausible, sometimes anything.
fn config_snapshot() -> BoxedStrategy<String> {
    let config = prop_oneof![
        3 => prop::collection::vec((key(), snapshot()), 0..6).prop_map(|entries| {
            let mut parts = vec![r#""baseUrl":"https://paas.example.com""#.to_string()];
            parts.extend(
                entries
                    .iter()
                    .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap())),
            );
            format!("{{{}}}", parts.join(","))
        }),
        1 => Just(snap(&gateway_config())),
        1 => Just(r#"{"baseUrl":"https://paas.example.com","bk_app_secret":"sss-1"}"#.to_string()),
        1 => Just("u".to_string()),
        2 => any_text(),
    ];
    let env = prop_oneof![
        3 => Just(snap(&env(true))),
        1 => Just(r#"{"fallback":t}"#.to_string()),
        1 => Just(r#"{"href":"file:///x","lang":"zh-CN","fetch":t}"#.to_string()),
        1 => snapshot(),
    ];
    prop_oneof![
        6 => (config, env).prop_map(|(c, e)| format!("[{c},{e}]")),
        1 => any_text(),
    ]
    .boxed()
}

/// A call's inputs `[params, options, env, answer]`.
fn input_snapshot() -> BoxedStrategy<String> {
    let params = prop_oneof![
        3 => prop::collection::vec((key(), snapshot()), 0..8).prop_map(|entries| {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                .collect();
            format!("{{{}}}", parts.join(","))
        }),
        1 => prop::sample::select(names()).prop_map(|n| snap(&valid_params(&n))),
        1 => any_text(),
    ];
    prop_oneof![
        6 => (params, snapshot(), prop_oneof![Just(snap(&env(true))), snapshot()], prop_oneof![Just(String::new()), snapshot().prop_map(|s| format!(",{s}"))])
            .prop_map(|(p, o, e, a)| format!("[{p},{o},{e}{a}]")),
        1 => any_text(),
    ]
    .boxed()
}

/// A walk's page number as the driver hands it (0 for none), and beyond.
fn page_number() -> BoxedStrategy<i64> {
    prop_oneof![
        Just(0i64),
        1i64..5,
        Just(-1),
        Just(i64::MAX),
        Just(i64::MIN),
        Just(9_007_199_254_740_991),
        any::<i64>(),
    ]
    .boxed()
}

mod no_input_panics {
    use super::*;

    /// Runs every operation with these texts for endpoint `id` and checks each answer's form.
    #[allow(clippy::too_many_arguments)]
    fn every_op(
        id: u32,
        config: &str,
        input: &str,
        event: &str,
        records: &[u8],
        page: i64,
        attempt: u32,
        now: f64,
        random: f64,
    ) -> Result<(), TestCaseError> {
        let known = id < t::endpoint_count();
        let json = |what: &str, out: &str| -> Result<J, TestCaseError> {
            if !known {
                return Ok(J::Null);
            }
            parse(out).map_err(|e| fail(format!("{what} of endpoint {id}: {e}")))
        };
        let one_of = |what: &str, v: &J, keys: &[&str]| -> Result<(), TestCaseError> {
            if !known {
                return Ok(());
            }
            let o = v
                .as_object()
                .ok_or_else(|| fail(format!("{what}: not an object: {v}")))?;
            if !keys.iter().any(|k| o.contains_key(*k)) {
                return Err(fail(format!("{what} of endpoint {id}: none of {keys:?}: {v}")));
            }
            if let Some(e) = o.get("e") {
                check_error(e).map_err(|why| fail(format!("{what} of endpoint {id}: {why}")))?;
            }
            Ok(())
        };

        for walk in [false, true] {
            let out = t::prepare(id, config, input, page, walk, now);
            let v = json("prepare", &out)?;
            one_of("prepare", &v, &["q", "e", "before", "walk"])?;
        }
        let out = t::settle(
            id, config, input, page, attempt, event, records, input, now, random,
        );
        if known {
            check_answer(&out).map_err(|e| fail(format!("settle of endpoint {id}: {e}")))?;
        }
        let v = json("validate", &t::validate(id, config, input))?;
        if known {
            let issues = v
                .as_array()
                .ok_or_else(|| fail(format!("validate: not an array: {v}")))?;
            for i in issues {
                check_issue(i).map_err(fail)?;
            }
        }
        let v = json("aborted", &t::aborted(id, config, input, page, attempt))?;
        one_of("aborted", &v, &["e"])?;
        if known && v["e"]["kind"] != "aborted" {
            return Err(fail(format!("aborted is not of kind aborted: {v}")));
        }
        let _ = t::program(id);
        // The ops that take no endpoint id (a poll's id is its own).
        let out = t::poll(id, config, input, attempt);
        if id < 1 {
            let v = parse(&out).map_err(fail)?;
            let o = v.as_object().ok_or_else(|| fail(out.clone()))?;
            if !["call", "after", "done", "e"].iter().any(|k| o.contains_key(*k)) {
                return Err(fail(format!("poll: {out}")));
            }
            if let Some(e) = o.get("e") {
                check_error(e).map_err(fail)?;
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(cases(120))]

        /// Every op of every endpoint, and ids past the last, with any texts.
        #[test]
        fn every_op_of_every_endpoint_survives_any_snapshot(
            config in config_snapshot(),
            input in input_snapshot(),
            event in any_text(),
            records in prop::collection::vec(any::<u8>(), 0..48),
            page in page_number(),
            attempt in prop_oneof![0u32..4, Just(u32::MAX)],
            now in prop_oneof![Just(1.8e12), any::<f64>()],
            random in prop_oneof![0.0f64..1.0, any::<f64>()],
        ) {
            for id in 0..t::endpoint_count() + 2 {
                every_op(id, &config, &input, &event, &records, page, attempt, now, random)?;
            }
            for id in [u32::MAX, 1000] {
                every_op(id, &config, &input, &event, &records, page, attempt, now, random)?;
            }
        }

        /// The ops without an endpoint: the client, the walk's step, the form checker, the
        /// snapshot reader.
        #[test]
        fn the_ops_without_an_endpoint_survive_any_snapshot(
            config in config_snapshot(),
            a in any_text(),
            b in any_text(),
            now in prop_oneof![Just(1.8e12), any::<f64>()],
        ) {
            let v = parse(&t::client(&config)).map_err(fail)?;
            prop_assert!(v.get("ok").is_some() || v.get("e").is_some(), "{}", v);
            if let Some(e) = v.get("e") {
                check_error(e).map_err(fail)?;
            }
            for event in [&a, &b] {
                let out = t::walk(&config, &format!("[{},{event}]", serde_json::to_string(&b).unwrap()));
                let v = parse(&out).map_err(fail)?;
                prop_assert!(v["s"].is_string() && v["done"].is_boolean() && v["start"].is_array(), "{}", out);
                let out = t::walk(&config, event);
                parse(&out).map_err(fail)?;
            }
            let issues = parse(&t::validate_fields(&config, &a, now)).map_err(fail)?;
            prop_assert!(issues.is_array());
            let issues = parse(&t::validate_fields(&config, &format!("[{a},{b}]"), now)).map_err(fail)?;
            for i in issues.as_array().unwrap() {
                check_issue(i).map_err(fail)?;
            }
            let _ = t::read_snapshot(&a);
            let _ = t::read_snapshot(&b);
        }
    }

    /// Runs every op of every endpoint once with these texts.
    fn every_op_once(config: &str, input: &str, pages: &[i64]) {
        for id in 0..t::endpoint_count() {
            for &page in pages {
                for walk in [false, true] {
                    parse(&t::prepare(id, config, input, page, walk, f64::NAN)).unwrap();
                }
                check_answer(&t::settle(
                    id,
                    config,
                    input,
                    page,
                    u32::MAX,
                    input,
                    &[7; 64],
                    input,
                    f64::INFINITY,
                    f64::NAN,
                ))
                .unwrap();
            }
            parse(&t::validate(id, config, input)).unwrap();
            parse(&t::aborted(id, config, input, -1, 0)).unwrap();
        }
        parse(&t::poll(0, config, input, u32::MAX)).unwrap();
        parse(&t::validate_fields(config, input, f64::NEG_INFINITY)).unwrap();
        parse(&t::walk(config, input)).unwrap();
        parse(&t::client(input)).unwrap();
        let _ = t::read_snapshot(input);
    }

    /// Texts nested far deeper than the reader follows, long and wide ones, numbers of every
    /// size in every numeric place.
    #[test]
    fn extreme_snapshots_through_every_op() {
        let config = config_text(&gateway_config());
        let heavy = [
            "[".repeat(100_000),
            "{\"sn\":".repeat(50_000),
            format!("{}\"REQ1\"{}", "[".repeat(5000), "]".repeat(5000)),
            format!("[{}]", vec!["!f1"; 5_000].join(",")),
            format!("[{{\"sn\":\"{}\"}}]", "x".repeat(20_000)),
        ];
        for input in &heavy {
            every_op_once(&config, input, &[0]);
        }
        let numbers = [
            "#000000000000f87f", // NaN
            "#000000000000f07f", // Infinity
            "#000000000000f0ff", // -Infinity
            "#0000000000000080", // -0
            "#ffffffffffffef7f", // f64::MAX
            "#0100000000000000", // the least subnormal
            "#0000000000004043", // 2^53
            "99999999999999999999999999",
            "-99999999999999999999999999",
        ];
        let configs = [
            config,
            heavy[0].clone(),
            format!(
                "[{{\"timeoutMs\":{},\"retries\":{}}},{}]",
                numbers[0],
                numbers[6],
                snap(&env(true))
            ),
        ];
        for n in numbers {
            let input = format!(
                "[{{\"page\":{n},\"page_size\":{n},\"service_id\":{n},\"state_id\":{n},\"stars\":{n},\"sns\":[{n}],\"bk_biz_id__in\":[{n}]}},{{\"timeoutMs\":{n},\"retries\":{n},\"maxItems\":{n},\"concurrency\":{n},\"waitMs\":{n}}},{},{n},{n}]",
                snap(&env(true))
            );
            for config in &configs {
                every_op_once(config, &input, &[0, 1, i64::MAX]);
            }
        }
    }

    /// The reader's own corner cases: a lone surrogate is not a string, a broken text is
    /// something unknown, and nothing reads past the end.
    #[test]
    fn the_reader_describes_what_it_cannot_read() {
        assert_eq!(t::read_snapshot(r#""\ud800""#), "a string with a lone surrogate (not valid Unicode)");
        assert_eq!(t::read_snapshot(r#""\ud83d\ude00""#), "\"😀\"");
        assert_eq!(t::read_snapshot("#000000000000f87f"), "NaN");
        assert_eq!(t::read_snapshot("!f3"), "a function");
        for broken in ["", "{", "{\"a\"", "[1,", "!", "#", "\"\\u12", "]", "{1:2}", "x"] {
            let _ = t::read_snapshot(broken);
        }
        assert_eq!(t::read_snapshot(&"[".repeat(40)), "an unknown value");
        assert_eq!(t::read_snapshot("[1,2"), "an unknown value");
    }

    /// Ids past the last endpoint and poll answer nothing rather than fail.
    #[test]
    fn out_of_range_ids_answer_nothing() {
        let config = config_text(&gateway_config());
        let input = input_text(&json!({}), &json!({}), None);
        for id in [t::endpoint_count(), t::endpoint_count() + 1, u32::MAX] {
            assert_eq!(t::prepare(id, &config, &input, 0, false, 0.0), "");
            assert_eq!(t::settle(id, &config, &input, 0, 1, "{}", &[], "u", 0.0, 0.0), "");
            assert_eq!(t::validate(id, &config, &input), "");
            assert_eq!(t::aborted(id, &config, &input, 0, 1), "");
            assert_eq!(t::program(id), "");
        }
        assert_eq!(t::poll(1, &config, &input, 1), "");
    }
}
