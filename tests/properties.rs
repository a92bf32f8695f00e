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
//! - `polls`: `poll` ends, done or with a timeout, whatever the answers and the time;
//! - `requests`: an accepted call's request carries its parameters as the server reads them.
//!
//! fails until the engine is fixed (`cargo test -- --ignored`).
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
    // `make test` runs the same cases every time (a failure there is a change's, not the dice's);
    // `make fuzz` (PROPTEST_CASES set) draws new ones.
    let rng_seed = if std::env::var("PROPTEST_CASES").is_ok() {
        proptest::test_runner::RngSeed::Random
    } else {
        proptest::test_runner::RngSeed::Fixed(0x6b74_6974_736d)
    };
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_seed,
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
        any::<f64>().prop_map(snap_number),
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
        "service",
        "status",
        "key",
        "value",
        "fields",
        "current_steps",
        "current_status",
        "href",
        "cookie",
        "lang",
        "fetch",
        "fallback",
        "beforeRequest",
        "afterResponse",
        "beforeError",
        "X-Bk-Tenant-Id",
        "Content-Type",
        "title",
        "type",
        "choice",
        "validate_type",
        "show_type",
        "show_conditions",
        "expressions",
        "condition",
        "regex",
        "source_type",
        "state_id",
        "processors",
        "processors_type",
        "name",
        "username",
        "id",
        "children",
        "meta",
        "columns",
        "required",
        "custom_regex",
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

/// A key as the snapshot writes it (JSON text), lone surrogates too.
fn key_text() -> BoxedStrategy<String> {
    prop_oneof![
        8 => key().prop_map(|k| serde_json::to_string(&k).unwrap()),
        1 => Just(r#""\ud800""#.to_string()),
        1 => Just(r#""sn\udfff""#.to_string()),
    ]
    .boxed()
}

/// A snapshot value, nested.
fn snapshot() -> BoxedStrategy<String> {
    leaf()
        .prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::vec((key_text(), inner), 0..7).prop_map(|entries| {
                    let parts: Vec<String> =
                        entries.iter().map(|(k, v)| format!("{k}:{v}")).collect();
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
                return Err(fail(format!(
                    "{what} of endpoint {id}: none of {keys:?}: {v}"
                )));
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
            if !["call", "after", "done", "e"]
                .iter()
                .any(|k| o.contains_key(*k))
            {
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
        assert_eq!(
            t::read_snapshot(r#""\ud800""#),
            "a string with a lone surrogate (not valid Unicode)"
        );
        assert_eq!(t::read_snapshot(r#""\ud83d\ude00""#), "\"😀\"");
        assert_eq!(t::read_snapshot("#000000000000f87f"), "NaN");
        assert_eq!(t::read_snapshot("!f3"), "a function");
        for broken in [
            "", "{", "{\"a\"", "[1,", "!", "#", "\"\\u12", "]", "{1:2}", "x",
        ] {
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
            assert_eq!(
                t::settle(id, &config, &input, 0, 1, "{}", &[], "u", 0.0, 0.0),
                ""
            );
            assert_eq!(t::validate(id, &config, &input), "");
            assert_eq!(t::aborted(id, &config, &input, 0, 1), "");
            assert_eq!(t::program(id), "");
        }
        assert_eq!(t::poll(1, &config, &input, 1), "");
    }
}

mod answers {
    use super::*;

    /// A client that every endpoint works with, and its inputs for endpoint `id`.
    pub(crate) fn call_of(id: u32) -> (String, String) {
        let name = &names()[id as usize];
        (
            config_text(&gateway_config()),
            input_text(&valid_params(name), &json!({}), None),
        )
    }

    /// Settles an answer with body `body` and status `status` for endpoint `id`.
    pub(crate) fn settle_body(id: u32, status: i64, body: &J, attempt: u32) -> String {
        let (config, input) = call_of(id);
        let (o, records) = Outcome::answer(status, body, &program(id));
        t::settle(
            id,
            &config,
            &input,
            0,
            attempt,
            &o.text_of(),
            &records,
            &snap(body),
            1.8e12,
            0.5,
        )
    }

    /// An outcome of any kind, with any headers.
    /// An outcome's `k`, status, headers (`ct`, `rid`, `ec`, `em`, `ra`, `why`) and `rd`.
    type AnyOutcome = (i64, Option<i64>, [Option<String>; 6], Option<f64>);

    fn outcome() -> BoxedStrategy<AnyOutcome> {
        let header = || {
            proptest::option::of(prop_oneof![
                Just("1306000".to_string()),
                Just(" 9 ".to_string()),
                Just("2".to_string()),
                Just("Wed, 21 Oct 2015 07:28:00 GMT".to_string()),
                Just("application/json; charset=utf-8".to_string()),
                any::<String>(),
            ])
        };
        (
            prop_oneof![4 => Just(0i64), 3 => -2i64..9, 1 => any::<i64>()],
            proptest::option::of(prop_oneof![
                Just(200i64),
                Just(201),
                Just(204),
                Just(299),
                Just(301),
                Just(400),
                Just(403),
                Just(404),
                Just(429),
                Just(500),
                Just(502),
                Just(503),
                Just(504),
                Just(0),
                Just(999),
                Just(1000),
                Just(-1),
                any::<i64>(),
            ]),
            [header(), header(), header(), header(), header(), header()],
            proptest::option::of(prop_oneof![Just(1.8e12 + 5000.0), any::<f64>()]),
        )
            .boxed()
    }

    proptest! {
        #![proptest_config(cases(150))]

        /// The answers of the documented shape, and only those, are `ok`: the description's
        /// types, checked here on their own (`Schema::conforms`), against the module's check
        /// of the probe's records. A departure is a `decode` error naming where.
        #[test]
        fn settle_accepts_exactly_the_documented_shapes(
            id in 0..13u32,
            seed in any::<u64>(),
            mutations in 0usize..3,
        ) {
            let s = schema();
            let ty = s.result(id);
            let mut rng = Seeded(seed);
            let mut data = s.make(&ty, &mut rng, 0);
            for _ in 0..mutations {
                data = rng.mutate(&data);
            }
            let mut expected = s.conforms(Some(&data), &ty, false, false, 0);
            if let Ty::Page(_) = ty {
                // The page answered must be the page asked for (1: the call's own).
                expected &= data["page"] == 1;
            }
            let out = settle_body(id, 200, &envelope(data.clone()), 1);
            match check_answer(&out).map_err(fail)? {
                Answer::Ok(v) => {
                    prop_assert!(expected, "accepted, but not of the shape: {}\n{}", data, out);
                    if let Ty::Page(_) = ty {
                        // As numbers: a `-0` the server sends is the page number 0.
                        let numbers = |a: &J| -> Vec<f64> { a.as_array().map(|a| a.iter().map(|n| n.as_f64().unwrap_or(f64::NAN)).collect()).unwrap_or_default() };
                        prop_assert_eq!(numbers(&v["pg"]), numbers(&json!([data["page"], data["total_page"], data["count"]])));
                    }
                    if matches!(ty, Ty::Obj(_) | Ty::Page(_)) {
                        prop_assert_eq!(&v["rid"], "rid-1");
                    }
                }
                Answer::Error(e) => {
                    prop_assert!(!expected, "refused, but of the shape: {}\n{}", data, out);
                    prop_assert_eq!(&e["kind"], "decode", "{}", out);
                    prop_assert!(e["reason"] == "bad_shape" || e["reason"] == "wrong_page", "{}", out);
                    prop_assert_eq!(&e["status"], 200);
                    prop_assert_eq!(&e["requestId"], "rid-1");
                }
                Answer::Retry(_) => prop_assert!(false, "a retry of a 200: {}", out),
            }
        }

        /// Any body, envelope or not, with any status and headers: classified as
        /// `envelope.rs` documents (api for `result: false` or a non-2xx with the gateway's
        /// error code header, http for another non-2xx, decode for another 2xx).
        #[test]
        fn envelopes_classify_as_documented(
            id in 0..13u32,
            seed in any::<u64>(),
            shape in 0u8..4,
            status in prop_oneof![Just(200i64), Just(201), Just(204), Just(400), Just(401), Just(403), Just(404), Just(429), Just(500), Just(502), Just(503), Just(504), 100i64..1000],
            ec in proptest::option::of(prop_oneof![Just("1640001".to_string()), Just("abc".to_string()), Just("".to_string())]),
            em in proptest::option::of(prop_oneof![Just("bad app".to_string()), Just("  ".to_string())]),
            text_body in proptest::option::of(".{0,300}"),
        ) {
            let s = schema();
            let mut rng = Seeded(seed);
            let body = match shape {
                0 => envelope(s.make(&s.result(id), &mut rng, 0)),
                1 => json!({"result": false, "code": rng.json(1), "message": rng.json(1), "request_id": rng.json(0), "data": null}),
                2 => {
                    let mut e = envelope(s.make(&s.result(id), &mut rng, 0));
                    e["result"] = rng.json(1);
                    e
                }
                _ => rng.json(3),
            };
            let (config, input) = call_of(id);
            let (mut o, records) = match &text_body {
                Some(text) => (Outcome::text(status, text), Vec::new()),
                None => Outcome::answer(status, &body, &program(id)),
            };
            o.ec = ec.clone();
            o.em = em;
            let out = t::settle(id, &config, &input, 0, 9, &o.text_of(), &records, &snap(&body), 1.8e12, 0.5);
            let ok = (200..300).contains(&status);
            let envelope = text_body.is_none() && body.is_object();
            let result = if envelope { body.get("result").and_then(J::as_bool) } else { None };
            let expected = match (envelope, result) {
                (true, Some(false)) => Some("api"),
                (true, Some(true)) if ok => None,
                _ if !ok && ec.is_some() => Some("api"),
                _ if !ok => Some("http"),
                _ => Some("decode"),
            };
            match check_answer(&out).map_err(fail)? {
                Answer::Ok(_) => prop_assert_eq!(expected, None, "{}", out),
                Answer::Error(e) => {
                    if expected.is_none() {
                        // An envelope of the result: true kind whose data departs.
                        prop_assert_eq!(&e["kind"], "decode", "{}", out);
                    } else {
                        prop_assert_eq!(e["kind"].as_str(), expected, "{}", out);
                    }
                    prop_assert_eq!(&e["status"], status);
                    prop_assert_eq!(&e["attempts"], 9);
                    // Our own sentences stay short whatever the body; the server's words are cut.
                    let limit = if e["kind"] == "api" { 2100 } else { 1500 };
                    prop_assert!(e["message"].as_str().unwrap().chars().count() <= limit, "{}", out);
                }
                Answer::Retry(_) => prop_assert!(false, "attempt 9 retried: {}", out),
            }
        }

        /// Records, captures and outcomes that no driver would write: never a panic, always
        /// one answer; `ok` only for a 2xx answer that parsed; a retry only for a read.
        #[test]
        fn any_records_and_outcomes_settle_to_one_answer(
            id in 0..13u32,
            records in prop::collection::vec(prop_oneof![0u8..9, any::<u8>()], 0..200),
            caps in prop::collection::vec(snapshot(), 0..10),
            (k, status, headers, rd) in outcome(),
            parsed in any::<bool>(),
            attempt in prop_oneof![0u32..4, Just(u32::MAX)],
            answer in snapshot(),
            random in any::<f64>(),
        ) {
            let (config, input) = call_of(id);
            let mut parts = vec![format!("\"k\":{}", snap_number(k as f64))];
            if let Some(s) = status {
                parts.push(format!("\"status\":{}", snap_number(s as f64)));
            }
            for (name, h) in ["ct", "rid", "ec", "em", "ra", "why"].iter().zip(headers.iter()) {
                if let Some(h) = h {
                    parts.push(format!("\"{name}\":{}", serde_json::to_string(h).unwrap()));
                }
            }
            if let Some(rd) = rd {
                parts.push(format!("\"rd\":{}", snap_number(rd)));
            }
            parts.push(format!("\"parsed\":{}", if parsed { "t" } else { "f" }));
            parts.push(format!("\"caps\":[{}]", caps.join(",")));
            parts.push("\"length\":5000,\"excerpt\":\"<html>\"".into());
            let o = format!("{{{}}}", parts.join(","));
            let out = t::settle(id, &config, &input, 0, attempt, &o, &records, &answer, 1.8e12, random);
            match check_answer(&out).map_err(fail)? {
                Answer::Ok(_) => {
                    prop_assert!(k == 0 && parsed && status.is_some_and(|s| (200..300).contains(&s)), "{} -> {}", o, out);
                }
                Answer::Retry(_) => prop_assert!(is_safe(id) && attempt <= 2, "{} -> {}", o, out),
                Answer::Error(_) => {}
            }
        }
    }

    /// A server's answers of every kind, known bodies: the kinds and reasons, by name.
    #[test]
    fn known_answers_give_their_reasons() {
        let id = schema().id("get_ticket_info");
        let cases: Vec<(i64, J, &str, &str)> = vec![
            (
                200,
                json!({"result": false, "code": 3900022, "message": "no such ticket", "data": null}),
                "api",
                "ticket_not_found",
            ),
            (
                200,
                json!({"result": false, "code": "SERVER_500_ERROR", "message": "Invalid page.", "data": null}),
                "api",
                "server_error",
            ),
            (
                200,
                json!({"result": false, "code": null, "message": "", "data": null}),
                "api",
                "api",
            ),
            (
                401,
                json!({"result": false, "code": 1306000, "message": "login", "data": null}),
                "api",
                "login_required",
            ),
            (502, json!("<html>"), "http", "http_status"),
            (200, json!([1, 2]), "decode", "not_envelope"),
            (200, json!({"result": "yes"}), "decode", "not_envelope"),
            (
                200,
                json!({"result": true, "data": []}),
                "decode",
                "bad_shape",
            ),
        ];
        for (status, body, kind, reason) in cases {
            let out = settle_body(id, status, &body, 9);
            let Answer::Error(e) = check_answer(&out).unwrap() else {
                panic!("{out}")
            };
            assert_eq!(
                (e["kind"].as_str(), e["reason"].as_str()),
                (Some(kind), Some(reason)),
                "{out}"
            );
        }
        // A page past the end is flagged for the walk.
        let id = schema().id("get_tickets");
        let out = settle_body(
            id,
            200,
            &json!({"result": false, "code": "SERVER_500_ERROR", "message": "无效页。", "data": null}),
            9,
        );
        assert_eq!(parse(&out).unwrap()["ip"], 1, "{out}");
    }

    /// The probe programs are what the driver walks with `for … in`: no key it would visit in
    /// another order (an integer-like key comes first in JavaScript), none twice (`JSON.parse`
    /// keeps one), none that an object inherits (`v[key]` would find `Object.prototype`'s).
    #[test]
    fn probe_programs_visit_the_same_order_in_javascript() {
        const INHERITED: &[&str] = &[
            "constructor",
            "hasOwnProperty",
            "isPrototypeOf",
            "propertyIsEnumerable",
            "toLocaleString",
            "toString",
            "valueOf",
            "__proto__",
            "__defineGetter__",
            "__defineSetter__",
            "__lookupGetter__",
            "__lookupSetter__",
        ];
        fn keys(text: &str) -> Vec<Vec<String>> {
            // Every object's keys, in order, read by hand (serde_json would merge repeats).
            let mut stack: Vec<Vec<String>> = Vec::new();
            let mut done = Vec::new();
            let b = text.as_bytes();
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'{' => stack.push(Vec::new()),
                    b'}' => done.push(stack.pop().unwrap()),
                    b'"' => {
                        let end = i + 1 + text[i + 1..].find('"').unwrap();
                        stack.last_mut().unwrap().push(text[i + 1..end].to_string());
                        i = end;
                    }
                    _ => {}
                }
                i += 1;
            }
            done
        }
        for id in 0..t::endpoint_count() {
            let text = t::program(id);
            parse(&text).unwrap();
            for object in keys(&text) {
                let mut seen = std::collections::HashSet::new();
                for k in &object {
                    assert!(seen.insert(k), "{k} twice in the program of {id}: {text}");
                    assert!(k.parse::<u64>().is_err(), "integer-like key {k} in {id}");
                    assert!(
                        !INHERITED.contains(&k.as_str()),
                        "inherited key {k} in {id}"
                    );
                }
            }
        }
    }
}

mod secrets {
    use super::*;

    /// A secret: distinct enough never to occur by chance ("SeC" first), with the characters
    /// each encoding treats specially.
    fn secret() -> BoxedStrategy<String> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::char::range('a', 'z'),
                1 => prop::sample::select(vec!['"', '\\', '/', ' ', '%', '&', '=', '+', '?', '#', 'é', '工', '😀', '\n', '\u{1b}', '\u{202e}', '<', '\'', '~', ',', ';', ':']),
            ],
            4..14,
        )
        .prop_map(|cs| format!("SeC{}", cs.into_iter().collect::<String>()))
        .boxed()
    }

    /// Every form a secret may be shown in: as it is, JSON-escaped, URL-encoded.
    fn forms(secret: &str) -> Vec<String> {
        let json = serde_json::to_string(secret).unwrap();
        vec![
            secret.to_string(),
            json[1..json.len() - 1].to_string(),
            percent(secret),
        ]
    }

    /// Whether `text` (a module's answer) shows any of `secrets` in any form, in its JSON text
    /// or in any of its strings.
    fn leaks(text: &str, secrets: &[String], except: &[&str]) -> Option<String> {
        let v = parse(text).ok()?;
        let mut all = Vec::new();
        let mut v = v;
        for path in except {
            // Members that are the request itself carry the secrets by design.
            let mut at = &mut v;
            let steps: Vec<&str> = path.split('.').collect();
            for (i, step) in steps.iter().enumerate() {
                if i + 1 == steps.len() {
                    if let Some(o) = at.as_object_mut() {
                        o.remove(*step);
                    }
                } else {
                    at = match at.get_mut(*step) {
                        Some(next) => next,
                        None => break,
                    };
                }
            }
        }
        strings(&v, &mut all);
        all.push(v.to_string());
        for s in secrets {
            for form in forms(s) {
                if let Some(hit) = all.iter().find(|t| t.contains(&form)) {
                    return Some(format!("{form:?} in {hit:?}"));
                }
            }
        }
        None
    }

    /// `s` with its JSON escapes read, again and again (a text escaped twice shows what it
    /// holds after two readings).
    pub(crate) fn unescaped(s: &str) -> String {
        let mut text = s.to_string();
        for _ in 0..4 {
            let mut out = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(c) => out.push(c),
                            None => {
                                out.push_str("\\u");
                                out.push_str(&hex);
                            }
                        }
                    }
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                }
            }
            if out == text {
                break;
            }
            text = out;
        }
        text
    }

    /// How a server could echo a secret back.
    fn echo(secret: &str, how: u8) -> String {
        match how {
            0 => format!("invalid bk_app_secret {secret}"),
            1 => serde_json::to_string(secret).unwrap(),
            2 => format!("GET /api?bk_token={}&x=1", percent(secret)),
            3 => format!("{}{secret}{}", "x".repeat(60), "y".repeat(200)),
            4 => format!("{}{secret}", "z".repeat(190)),
            _ => format!("{secret}\n{secret}"),
        }
    }

    /// Settles, at attempt 1 and time 0, an answer with status `status` whose body parsed to
    /// `body` (the probe's records and captures, the outcome snapshot, as the driver hands them
    /// over) for endpoint `id`'s call with `config` and `input`.
    fn settle_answer(id: u32, config: &str, input: &str, status: i64, body: &J) -> String {
        let (o, records) = Outcome::answer(status, body, &program(id));
        t::settle(
            id,
            config,
            input,
            0,
            1,
            &o.text_of(),
            &records,
            &snap(body),
            0.0,
            0.0,
        )
    }

    /// The login cookie's token, which a client holding the app's secret sends for the page's
    /// own origin, is a secret of the call too.
    #[test]
    fn the_cookie_token_is_redacted_like_the_others() {
        let id = schema().id("get_ticket_info");
        let config = config_text(
            &json!({"baseUrl": "https://paas.example.com", "gateway": "apigw", "bk_app_code": "app", "bk_app_secret": "app-secret-1"}),
        );
        let input = input_text(&valid_params("get_ticket_info"), &json!({}), None);
        let prepared = parse(&t::prepare(id, &config, &input, 0, false, 0.0)).unwrap();
        assert!(
            prepared["q"]["h"].to_string().contains("cookie-token-1"),
            "{prepared}"
        );
        let body = json!({"result": false, "code": 1306000, "message": "token cookie-token-1 expired", "data": null});
        let out = settle_answer(id, &config, &input, 200, &body);
        assert!(!out.contains("cookie-token-1"), "{out}");
    }

    /// A value that departs from the answer's shape is shown JSON-quoted (`describe`): a
    /// string that holds the secret JSON-escaped already (a server echoing the request's
    /// body) is then escaped twice, a form the redactor does not know.
    #[test]
    fn a_secret_echoed_in_a_departing_value_is_redacted_whatever_its_escaping() {
        let id = schema().id("get_ticket_info");
        let secret = "SeC\"q-1";
        let config = config_text(
            &json!({"baseUrl": "https://paas.example.com", "bk_app_code": "app", "bk_app_secret": secret}),
        );
        let input = input_text(&valid_params("get_ticket_info"), &json!({}), None);
        let mut data = schema().make(&schema().result(id), &mut Seeded(1), 0);
        data["id"] = json!(format!(
            "{{\"bk_app_secret\":{}}}",
            serde_json::to_string(secret).unwrap()
        ));
        let body = envelope(data);
        let out = settle_answer(id, &config, &input, 200, &body);
        let v = parse(&out).unwrap();
        let message = v["e"]["message"].as_str().unwrap();
        assert_eq!(v["e"]["reason"], "bad_shape", "{out}");
        assert!(
            !unescaped(message).contains(secret),
            "the secret, escaped twice, in {message}"
        );
    }

    /// The gateway's credentials header carries a secret as Python's `json.dumps` writes it
    /// (every non-ASCII character as `\uXXXX`): a server that echoes the header echoes that
    /// form, which the redactor must know too.
    #[test]
    fn a_secret_echoed_as_the_gateway_header_writes_it_is_redacted() {
        let id = schema().id("get_ticket_info");
        let secret = "SeC-pässwörd-1";
        let config = config_text(
            &json!({"baseUrl": "https://paas.example.com", "gateway": "apigw",
            "bk_app_code": "app", "bk_app_secret": secret}),
        );
        let input = input_text(&valid_params("get_ticket_info"), &json!({}), None);
        let prepared = parse(&t::prepare(id, &config, &input, 0, false, 0.0)).unwrap();
        let header = prepared["q"]["h"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h[0] == "X-Bkapi-Authorization")
            .unwrap()[1]
            .as_str()
            .unwrap()
            .to_string();
        assert!(header.contains(&ascii_json(secret)), "{header}");
        let body = json!({"result": false, "code": 16000, "message": format!("bad credentials: {header}"), "data": null});
        let out = settle_answer(id, &config, &input, 403, &body);
        let v = parse(&out).unwrap();
        assert!(
            !v["e"]["message"]
                .as_str()
                .unwrap()
                .contains(&ascii_json(secret)),
            "the secret, \\u-escaped, in {out}"
        );
    }

    proptest! {
        #![proptest_config(cases(150))]

        /// Whatever the server echoes, and wherever (message, code, request id, headers, a
        /// body that is not JSON, a value that departs from the shape, a redirect's location,
        /// a network error's text), no secret of the call reaches `settle`'s answer.
        #[test]
        fn a_server_echoing_secrets_never_makes_them_shown(
            id in 0..13u32,
            app_secret in secret(),
            token in secret(),
            call_token in proptest::option::of(secret()),
            esb in any::<bool>(),
            how in 0u8..6,
            place in 0u8..9,
            status in prop_oneof![Just(200i64), Just(403), Just(502)],
        ) {
            let name = &names()[id as usize];
            let gateway_only = name == "get_tickets_by_user" || name == "approve";
            let mut config = json!({"baseUrl": "https://paas.example.com", "bk_app_code": "app",
                "bk_app_secret": app_secret, "bk_token": token, "user": "alice"});
            if !esb || gateway_only {
                config["gateway"] = json!("apigw");
            }
            let mut params = valid_params(name);
            if let Some(ct) = &call_token {
                params["bk_token"] = json!(ct);
            }
            let secrets: Vec<String> = [Some(app_secret.clone()), Some(token.clone()), call_token.clone()]
                .into_iter()
                .flatten()
                .collect();
            let shown = echo(secrets.last().unwrap(), how);
            let config = config_text(&config);
            let input = input_text(&params, &json!({}), None);
            let body = match place {
                0 => json!({"result": false, "code": 3900004, "message": shown, "data": null}),
                1 => json!({"result": false, "code": shown, "message": "", "data": null}),
                2 => json!({"result": false, "code": 1, "message": "m", "request_id": shown, "data": null}),
                3 => json!({"result": true, "code": 0, "message": "", "data": {"sn": shown}}),
                4 => json!({"result": true, "code": 0, "message": "", "data": [shown, {"x": shown}]}),
                _ => json!(shown),
            };
            let (mut o, records) = Outcome::answer(status, &body, &program(id));
            match place {
                5 => o = Outcome::text(status, &shown),
                6 => {
                    o.ec = Some("1640001".into());
                    o.em = Some(shown.clone());
                    o.rid = Some(shown.clone());
                }
                7 => o = Outcome { location: Some(shown.clone()), status: Some(302), ..Outcome::failure(4) },
                8 => o = Outcome { why: Some(shown.clone()), ..Outcome::failure(1) },
                _ => {}
            }
            o.ct = Some(format!("text/plain; {shown}"));
            let out = t::settle(id, &config, &input, 0, 9, &o.text_of(), &records, &snap(&body), 1.8e12, 0.5);
            check_answer(&out).map_err(fail)?;
            if let Some(leak) = leaks(&out, &secrets, &[]) {
                prop_assert!(false, "{} of {}: {}", leak, name, out);
            }
            let out = t::aborted(id, &config, &input, 0, 2);
            prop_assert!(leaks(&out, &secrets, &[]).is_none(), "{}", out);
        }

        /// `prepare`: the request carries the secrets (the body or query string through ESB,
        /// the gateway's header), and nothing else of its answer shows them: not the address
        /// hooks and errors see (`q.r`), not a validation error, not a warning.
        #[test]
        fn the_request_carries_the_secrets_and_nothing_else_shows_them(
            id in 0..13u32,
            app_secret in secret(),
            token in secret(),
            in_params in any::<bool>(),
            esb in any::<bool>(),
            http in any::<bool>(),
            broken in prop::collection::vec((key(), snapshot()), 0..3),
        ) {
            let name = &names()[id as usize];
            let gateway_only = name == "get_tickets_by_user" || name == "approve";
            let base = if http { "http://paas.example.com" } else { "https://paas.example.com" };
            let mut config = json!({"baseUrl": base, "bk_app_code": "app", "user": "alice"});
            if !esb || gateway_only {
                config["gateway"] = json!("apigw");
            }
            let mut params = valid_params(name);
            let holder = if in_params { &mut params } else { &mut config };
            holder["bk_app_secret"] = json!(app_secret);
            holder["bk_token"] = json!(token);
            let secrets = vec![app_secret.clone(), token.clone()];
            let config_text = config_text(&config);
            let first = first_answer(name);
            let input = input_text(&params, &json!({}), first.as_ref());
            let out = t::prepare(id, &config_text, &input, 0, false, 1.8e12);
            let v = parse(&out).map_err(fail)?;
            prop_assert!(v.get("q").is_some(), "not prepared: {}", out);
            let q = &v["q"];
            for s in &secrets {
                let values = |text: &str| {
                    let mut all = Vec::new();
                    strings(&serde_json::from_str(text).unwrap(), &mut all);
                    all
                };
                let carried = if config.get("gateway").is_some() {
                    q["h"].as_array().unwrap().iter().any(|h| {
                        h[0] == "X-Bkapi-Authorization" && values(h[1].as_str().unwrap()).contains(s)
                    })
                } else if q["m"] == "GET" {
                    q["u"].as_str().unwrap().contains(&percent(s))
                } else {
                    values(q["b"].as_str().unwrap()).contains(s)
                };
                prop_assert!(carried, "{:?} not in the request: {}", s, out);
            }
            if let Some(leak) = leaks(&out, &secrets, &["q.u", "q.b", "q.h"]) {
                prop_assert!(false, "{}: {}", leak, out);
            }
            // The same call, made invalid beside its secrets: no secret in the refusal.
            let mut bad = params.clone();
            for (k, _) in &broken {
                bad[k.as_str()] = json!([{"x": app_secret}]);
            }
            bad["page_size"] = json!(0);
            bad["bk_username"] = json!(token);
            let input = input_text(&bad, &json!({"timeoutMs": -1, "headers": {"X-A": token}}), first.as_ref());
            for out in [
                t::prepare(id, &config_text, &input, 0, false, 1.8e12),
                t::validate(id, &config_text, &input),
                t::settle(id, &config_text, &input, 0, 1, "{\"k\":1}", &[], "u", 0.0, 0.0),
            ] {
                parse(&out).map_err(fail)?;
                if let Some(leak) = leaks(&out, &secrets, &[]) {
                    prop_assert!(false, "{}: {}", leak, out);
                }
            }
        }

        /// A configuration refused beside its secrets: the refusal shows none.
        #[test]
        fn a_refused_configuration_shows_no_secret(
            app_secret in secret(),
            token in secret(),
            broken in prop::collection::vec((key(), snapshot()), 1..4),
        ) {
            let mut parts = vec![
                format!("\"bk_app_secret\":{}", serde_json::to_string(&app_secret).unwrap()),
                format!("\"bk_token\":{}", serde_json::to_string(&token).unwrap()),
            ];
            for (k, v) in &broken {
                parts.push(format!("{}:{v}", serde_json::to_string(k).unwrap()));
            }
            let config = format!("[{{{}}},{}]", parts.join(","), snap(&env(true)));
            let secrets = vec![app_secret, token];
            for out in [
                t::client(&config),
                t::prepare(0, &config, "[{},{},{\"fetch\":t}]", 0, false, 0.0),
                t::aborted(0, &config, "[]", 0, 1),
            ] {
                parse(&out).map_err(fail)?;
                if let Some(leak) = leaks(&out, &secrets, &["q.u", "q.b", "q.h"]) {
                    prop_assert!(false, "{}: {}", leak, out);
                }
            }
        }
    }
}

mod validation {
    use super::*;

    /// The issues of a validation answer (`validate`'s array, or an error's `issues`).
    fn issues_of(out: &str) -> Vec<J> {
        let v = parse(out).unwrap();
        match v {
            J::Array(items) => items,
            v => v["e"]["issues"].as_array().cloned().unwrap_or_default(),
        }
    }

    /// Blank values, as a form leaves them.
    const BLANKS: &[&str] = &["n", "\"\"", "\"   \"", "\"\\u3000\\t\"", "[]"];

    /// The parameter rows of endpoint `id`: `(key, required)`.
    fn rows(id: u32) -> Vec<(String, bool)> {
        schema().endpoints()[id as usize]["params"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["key"].as_str().unwrap().to_string(),
                    p["required"] == true,
                )
            })
            .collect()
    }

    /// `params` with `key` set to the snapshot text `value`.
    fn with(params: &J, key: &str, value: &str) -> String {
        let text = snap(params);
        let member = format!("{}:{value}", serde_json::to_string(key).unwrap());
        if text == "{}" {
            format!("{{{member}}}")
        } else {
            format!("{},{member}}}", &text[..text.len() - 1])
        }
    }

    /// The keys a prepared request sends: the query string's and the body's.
    fn sent_keys(q: &J) -> Vec<String> {
        let mut keys = Vec::new();
        let url = q["u"].as_str().unwrap();
        if let Some((_, query)) = url.split_once('?') {
            for pair in query.split('&') {
                keys.push(pair.split('=').next().unwrap().to_string());
            }
        }
        if let Some(body) = q["b"].as_str() {
            if let J::Object(m) = serde_json::from_str(body).unwrap() {
                keys.extend(m.keys().cloned());
            }
        }
        keys
    }

    proptest! {
        #![proptest_config(cases(100))]

        /// The required parameters that are missing are the first issues, before any other
        /// rule, and one for each.
        #[test]
        fn missing_required_parameters_come_first(
            id in 0..13u32,
            entries in prop::collection::vec((key(), snapshot()), 0..6),
        ) {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                .collect();
            let params = format!("{{{}}}", parts.join(","));
            let input = format!("[{params}]");
            let out = t::validate(id, &config_text(&gateway_config()), &input);
            let issues = issues_of(&out);
            let is_missing = |i: &J| i["message"] == format!("{}: is required", i["field"].as_str().unwrap());
            let first_other = issues.iter().position(|i| !is_missing(i)).unwrap_or(issues.len());
            prop_assert!(issues[first_other..].iter().all(|i| !is_missing(i)), "{}", out);
            for (key, required) in rows(id) {
                if required && !entries.iter().any(|(k, _)| *k == key) {
                    prop_assert!(issues[..first_other].iter().any(|i| i["field"] == key.as_str()), "{} missing: {}", key, out);
                }
            }
        }

        /// A blank value (`null`, `""`, white space, `[]`) of a parameter is not given (except
        /// a list the description sends empty, `sentEmpty`): the
        /// same as leaving it out (an optional one passes and is not sent; a required one is
        /// missing).
        #[test]
        fn blank_parameters_are_not_given(id in 0..13u32, blank in prop::sample::select(BLANKS), pick in any::<prop::sample::Index>()) {
            let name = &names()[id as usize];
            let params = valid_params(name);
            let rows = rows(id);
            let (key, required) = pick.get(&rows).clone();
            let mut without = params.clone();
            without.as_object_mut().unwrap().remove(&key);
            let blank_params = with(&without, &key, blank);
            let config = config_text(&gateway_config());
            let out = t::validate(id, &config, &format!("[{blank_params}]"));
            let issues = issues_of(&out);
            if required {
                prop_assert_eq!(&issues[0]["field"], key.as_str(), "{}", out);
                prop_assert_eq!(&issues[0]["reason"], "required", "{}", out);
            } else {
                let expected = t::validate(id, &config, &format!("[{}]", snap(&without)));
                prop_assert_eq!(&out, &expected);
                let first = first_answer(name).map(|a| snap(&a));
                let input = match &first {
                    Some(a) => format!("[{blank_params},{{}},{},{a}]", snap(&env(true))),
                    None => format!("[{blank_params},{{}},{}]", snap(&env(true))),
                };
                let v = parse(&t::prepare(id, &config, &input, 0, false, 1.8e12)).map_err(fail)?;
                if key != "creator" && key != "operator" && key != "approver" {
                    prop_assert!(v["q"].is_object(), "{}", v);
                    let empty = sent_empty(id, &without, &key);
                    prop_assert!(!sent_keys(&v["q"]).contains(&key) || empty, "{} sent: {}", key, v);
                }
            }
        }

        /// A write acts as the client's user: another name is refused before anything is
        /// prepared; the same name, or none, sends the user. A client without a user sends
        /// no identity, and refuses one given.
        #[test]
        fn the_identity_of_a_write_is_the_clients_user(
            id in 8..13u32,
            user in "[a-z]{1,8}",
            given in proptest::option::of(prop_oneof!["[a-z]{1,8}", Just("alice".to_string())]),
            client_has_user in any::<bool>(),
        ) {
            let name = &names()[id as usize];
            let identity: Vec<String> = schema().endpoints()[id as usize]["params"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["identity"] == true)
                .map(|p| p["key"].as_str().unwrap().to_string())
                .collect();
            prop_assert_eq!(identity.len(), 1, "{}", name);
            let row = &identity[0];
            let mut config = gateway_config();
            if client_has_user {
                config["user"] = json!(user);
            } else {
                config.as_object_mut().unwrap().remove("user");
            }
            let mut params = valid_params(name);
            if let Some(g) = &given {
                params[row.as_str()] = json!(g);
            }
            let mut first = first_answer(name);
            if let Some(status) = first.as_mut().filter(|_| name == "approve") {
                status["current_steps"][0]["processors"] = json!(user);
            }
            let input = input_text(&params, &json!({}), first.as_ref());
            let v = parse(&t::prepare(id, &config_text(&config), &input, 0, false, 1.8e12)).map_err(fail)?;
            let refused = match (&given, client_has_user) {
                (Some(g), true) => *g != user,
                (Some(_), false) => true,
                (None, _) => false,
            };
            if refused {
                prop_assert!(v.get("q").is_none() && v.get("before").is_none(), "{}", v);
                let issue = v["e"]["issues"].as_array().unwrap().iter().find(|i| i["field"] == row.as_str()).cloned();
                prop_assert_eq!(issue.map(|i| i["reason"].clone()), Some(json!("not_the_user")), "{}", v);
            } else {
                let body: J = serde_json::from_str(v["q"]["b"].as_str().unwrap()).unwrap();
                if client_has_user {
                    prop_assert_eq!(&body[row.as_str()], user.as_str(), "{}", v);
                } else {
                    prop_assert!(body.get(row.as_str()).is_none(), "{}", v);
                }
            }
        }

        /// A write is never sent again, whatever the outcome and however many retries are
        /// asked for; a read only while attempts remain, and only after a failure that
        /// passes. A write's error says whether it was sent: `"maybe"` only once it left
        /// (not when the signal had fired before, not when the server answered a refusal).
        #[test]
        fn writes_are_never_retried_and_sent_is_maybe_only_once_sent(
            id in 0..13u32,
            k in prop_oneof![0i64..7, Just(-1), Just(99)],
            status in prop_oneof![Just(200i64), Just(400), Just(429), Just(500), Just(502), Just(503), Just(504), Just(0)],
            attempt in 1u32..5,
            retries in 0i64..11,
            envelope_kind in 0u8..3,
            ra in proptest::option::of(prop_oneof![Just("0".to_string()), Just("61".to_string()), Just("soon".to_string())]),
        ) {
            let name = &names()[id as usize];
            let mut config = gateway_config();
            config["retries"] = json!(retries);
            let config = config_text(&config);
            let input = input_text(&valid_params(name), &json!({}), None);
            let body = match envelope_kind {
                0 => json!({"result": false, "code": 1, "message": "no", "data": null}),
                1 => json!("<html>"),
                _ => json!({"result": true, "code": 0, "message": "", "data": 5}),
            };
            let (mut o, records) = Outcome::answer(status, &body, &program(id));
            if k != 0 {
                o = Outcome { status: Some(status), ..Outcome::failure(k) };
            }
            o.ra = ra.clone();
            let out = t::settle(id, &config, &input, 0, attempt, &o.text_of(), &records, &snap(&body), 1.8e12, 0.5);
            match check_answer(&out).map_err(fail)? {
                Answer::Retry(_) => {
                    prop_assert!(is_safe(id), "a write retried: {}", out);
                    prop_assert!(i64::from(attempt) <= retries, "{}", out);
                    prop_assert!(ra.as_deref() != Some("61"), "a Retry-After past a minute waited: {}", out);
                }
                Answer::Error(e) => {
                    if is_safe(id) {
                        prop_assert!(e.get("sent").is_none(), "{}", out);
                    } else {
                        let sent = e.get("sent").cloned();
                        prop_assert!(sent.is_some(), "a write's error without sent: {}", out);
                        let refused = e["kind"] == "api"
                            || (e["kind"] == "http" && e["status"].as_i64().is_some_and(|s| s < 500));
                        if k == 6 || refused {
                            prop_assert_eq!(sent, Some(J::Bool(false)), "{}", out);
                        }
                        if k == 6 {
                            prop_assert_eq!(&e["attempts"], 0, "{}", out);
                        }
                    }
                }
                Answer::Ok(_) => prop_assert!(k == 0 && (200..300).contains(&status), "{}", out),
            }
        }
    }

    /// The configuration keys, and `blanks` each: those `client` accepted.
    fn blank_configuration_accepted(blanks: &[&str]) -> Vec<String> {
        let d = &schema().describe;
        let mut keys: Vec<&str> = Vec::new();
        for table in ["config", "configCommon"] {
            for p in d[table].as_array().unwrap() {
                keys.push(p["key"].as_str().unwrap());
            }
        }
        let mut accepted = Vec::new();
        for key in keys {
            for blank in blanks {
                if key == "baseUrl" && *blank == "\"\"" {
                    continue;
                }
                let mut members = vec![format!("{}:{blank}", serde_json::to_string(key).unwrap())];
                if key != "baseUrl" {
                    members.insert(0, "\"baseUrl\":\"https://paas.example.com\"".into());
                }
                let config = format!("[{{{}}},{}]", members.join(","), snap(&env(true)));
                let v = parse(&t::client(&config)).unwrap();
                let refused = v["e"]["issues"]
                    .as_array()
                    .is_some_and(|issues| issues.iter().any(|i| i["field"] == key));
                if !refused {
                    accepted.push(format!("{key}: {blank}"));
                }
            }
        }
        accepted
    }

    /// Configuration and options are code: a blank value is refused by name (only a
    /// `baseUrl` of `""`, the page's own origin, is a value).
    #[test]
    fn blank_configuration_is_refused() {
        let accepted = blank_configuration_accepted(&["n", "\"\"", "[]"]);
        assert!(
            accepted.is_empty(),
            "blank configuration accepted: {accepted:?}"
        );
    }

    /// White space only is blank too (it is for parameters): in the configuration it should be
    /// refused as `""` is. Accepted, `user: "   "` makes every write act as `"   "`, and
    /// `bk_token: " "` is sent instead of the login cookie's token.
    #[test]
    fn white_space_configuration_is_refused() {
        let accepted = blank_configuration_accepted(&["\"   \"", "\"\\u3000\\t\""]);
        assert!(
            accepted.is_empty(),
            "blank configuration accepted: {accepted:?}"
        );
        // What follows from it: the identity of a write.
        let config = format!(
            "[{{\"baseUrl\":\"https://paas.example.com\",\"user\":\"   \"}},{}]",
            snap(&env(true))
        );
        let id = schema().id("operate_ticket");
        let input = input_text(&valid_params("operate_ticket"), &json!({}), None);
        let v = parse(&t::prepare(id, &config, &input, 0, false, 0.0)).unwrap();
        assert!(v.get("e").is_some(), "prepared with a blank user: {v}");
    }

    /// The options of a call, a walk and a poll: blank values refused by name.
    #[test]
    fn blank_options_are_refused() {
        let d = &schema().describe;
        let config = config_text(&gateway_config());
        let mut accepted = Vec::new();
        for id in 0..t::endpoint_count() {
            let name = &names()[id as usize];
            let mut keys: Vec<(&str, bool)> = d["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["key"].as_str().unwrap(), false))
                .collect();
            if schema().endpoints()[id as usize]
                .get("walk")
                .is_some_and(|w| !w.is_null())
            {
                keys.extend(
                    d["walkOptions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| (p["key"].as_str().unwrap(), true)),
                );
            }
            match name.as_str() {
                "create_ticket" => keys.push(("service", false)),
                "approve" => keys.push(("status", false)),
                _ => {}
            }
            for (key, walk) in keys {
                for blank in BLANKS {
                    let options = format!("{{{}:{blank}}}", serde_json::to_string(key).unwrap());
                    let input = format!(
                        "[{},{options},{}]",
                        snap(&valid_params(name)),
                        snap(&env(true))
                    );
                    let v = parse(&t::prepare(id, &config, &input, 0, walk, 1.8e12)).unwrap();
                    let refused = v["e"]["issues"]
                        .as_array()
                        .is_some_and(|issues| issues.iter().any(|i| i["field"] == key));
                    if !refused {
                        accepted.push(format!("{name} {key}: {blank}"));
                    }
                }
            }
        }
        for blank in BLANKS {
            for key in ["signal", "waitMs"] {
                let input = format!("[\"REQ1\",{{\"{key}\":{blank}}},{}]", snap(&env(true)));
                let v = parse(&t::poll(0, &config, &input, 1)).unwrap();
                if v["e"]["issues"]
                    .as_array()
                    .is_none_or(|i| i.iter().all(|i| i["field"] != key))
                {
                    accepted.push(format!("poll {key}: {blank}"));
                }
            }
        }
        assert!(accepted.is_empty(), "blank options accepted: {accepted:?}");
    }

    /// What a write's error says it did: a validation refusal says nothing was sent.
    #[test]
    fn a_gateway_only_endpoint_through_esb_is_refused_before_sending() {
        let config = config_text(&json!({"baseUrl": "https://paas.example.com", "user": "alice"}));
        for name in ["get_tickets_by_user", "approve"] {
            let id = schema().id(name);
            let first = first_answer(name);
            let input = input_text(&valid_params(name), &json!({}), first.as_ref());
            let v = parse(&t::prepare(id, &config, &input, 0, false, 0.0)).unwrap();
            assert_eq!(v["e"]["field"], "gateway", "{v}");
            assert_eq!(v["e"]["reason"], "gateway_only", "{v}");
        }
    }
}

mod walks {
    use super::*;

    /// What a walk ended with.
    #[derive(Debug, PartialEq)]
    enum End {
        /// Its last page, or no page at all.
        Done,
        /// Past the end of a result set that shrank ("Invalid page." after the first page).
        Quietly,
        /// A page failed, or the server repeated pages.
        Error,
    }

    /// A walk's run: the pages started, in order, the items delivered, how it ended.
    #[derive(Debug)]
    struct Run {
        started: Vec<i64>,
        delivered: i64,
        end: End,
        first_total_page: Option<i64>,
        steps: usize,
    }

    fn step(config: &str, state: &str, event: J) -> J {
        let input = serde_json::to_string(&json!([state, event])).unwrap();
        let out = t::walk(config, &input);
        let v = parse(&out).unwrap();
        assert!(
            v["s"].is_string() && v["done"].is_boolean() && v["start"].is_array(),
            "{out}"
        );
        assert!(v["room"].as_i64().is_some_and(|r| r >= 0), "{out}");
        v
    }

    /// The pages a step `s` started.
    fn started(s: &J) -> impl Iterator<Item = i64> + '_ {
        s["start"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_i64().unwrap())
    }

    /// Drives a walk as the driver does (`walk` in `src/js/driver.js`), the server's pages
    /// answering as `rng` says; `None` when it has not ended within `limit` steps.
    fn drive(config: &str, plan: &str, size: i64, rng: &mut Seeded, limit: usize) -> Option<Run> {
        let mut state = plan.to_string();
        let mut in_flight: Vec<i64> = Vec::new();
        let mut run = Run {
            started: Vec::new(),
            delivered: 0,
            end: End::Done,
            first_total_page: None,
            steps: 0,
        };
        let mut fetched = 0;
        let start = |v: &J, in_flight: &mut Vec<i64>, run: &mut Run| {
            for p in started(v) {
                assert!(!run.started.contains(&p), "page {p} started twice: {run:?}");
                run.started.push(p);
                in_flight.push(p);
            }
        };
        for _ in 0..limit {
            run.steps += 1;
            let s = step(config, &state, json!(["next", in_flight.len()]));
            state = s["s"].as_str().unwrap().to_string();
            let room = s["room"].as_i64().unwrap();
            start(&s, &mut in_flight, &mut run);
            if in_flight.is_empty() {
                return Some(run);
            }
            let p = *in_flight.iter().min().unwrap();
            in_flight.retain(|q| *q != p);
            if rng.chance(5) {
                let invalid = rng.chance(50);
                let s = step(config, &state, json!(["fail", p, i64::from(invalid)]));
                run.end = if s["end"] == true {
                    End::Quietly
                } else {
                    End::Error
                };
                return Some(run);
            }
            // The server's page: how many pages it says there are now, how many items, and
            // how many of them are new (at most the room the walk left).
            let total_page = match run.first_total_page {
                Some(first) if !rng.chance(30) => first + rng.below(3) as i64 - 1,
                _ => rng.below(12) as i64,
            };
            run.first_total_page.get_or_insert(total_page);
            let items = if rng.chance(10) {
                0
            } else {
                rng.below(size as u64 + 1) as i64
            };
            let fresh = if rng.chance(5) {
                0
            } else {
                (rng.below(items as u64 + 1) as i64).min(room)
            };
            let count = rng.below(2000) as i64;
            let s = step(
                config,
                &state,
                json!([
                    "page",
                    p,
                    p,
                    total_page,
                    count,
                    items,
                    fresh,
                    in_flight.len()
                ]),
            );
            state = s["s"].as_str().unwrap().to_string();
            start(&s, &mut in_flight, &mut run);
            if s.get("e").is_some() {
                check_error(&s["e"]).unwrap();
                run.end = End::Error;
                return Some(run);
            }
            run.delivered += fresh;
            if let Some(progress) = s.get("progress") {
                let now = progress[0].as_i64().unwrap();
                assert!(now >= fetched && now == run.delivered, "{s} after {run:?}");
                fetched = now;
            }
            if s["done"] == true {
                return Some(run);
            }
        }
        None
    }

    proptest! {
        #![proptest_config(cases(200))]

        /// Whatever the pages answer, a walk ends, never starts a page twice nor a page past
        /// the first answer's last page, and delivers at most `maxItems`.
        #[test]
        fn a_walk_ends_within_the_pages_its_first_answer_announced(
            by_user in any::<bool>(),
            page in proptest::option::of(1i64..6),
            page_size in proptest::option::of(1i64..30),
            max_items in proptest::option::of(1i64..200),
            concurrency in proptest::option::of(1i64..9),
            seed in any::<u64>(),
        ) {
            let name = if by_user { "get_tickets_by_user" } else { "get_tickets" };
            let id = schema().id(name);
            let mut params = valid_params(name);
            if let Some(p) = page { params["page"] = json!(p); }
            if let Some(s) = page_size { params["page_size"] = json!(s); }
            let mut options = json!({});
            if let Some(m) = max_items { options["maxItems"] = json!(m); }
            if let Some(c) = concurrency { options["concurrency"] = json!(c); }
            let config = config_text(&gateway_config());
            let v = parse(&t::prepare(id, &config, &input_text(&params, &options, None), 0, true, 0.0)).map_err(fail)?;
            let plan = v["walk"].as_str().ok_or_else(|| fail(format!("no walk: {v}")))?.to_string();
            let first = page.unwrap_or(1);
            let size = page_size.unwrap_or(100);
            let mut rng = Seeded(seed);
            let run = drive(&config, &plan, size, &mut rng, 1000)
                .ok_or_else(|| fail("a walk that did not end in 1000 steps".into()))?;
            prop_assert_eq!(run.started.first().copied(), Some(first), "{:?}", run);
            for (i, p) in run.started.iter().enumerate() {
                prop_assert_eq!(*p, first + i as i64, "pages in order, from the first: {:?}", run);
            }
            if let Some(total) = run.first_total_page {
                let last = total.max(first);
                prop_assert!(run.started.iter().all(|p| *p <= last), "past page {}: {:?}", last, run);
                prop_assert!(run.steps as i64 <= last - first + 3, "{:?}", run);
            }
            if let Some(m) = max_items {
                prop_assert!(run.delivered <= m, "{} items past maxItems {}: {:?}", run.delivered, m, run);
                // No page started that maxItems cannot need.
                let needed = first + (m + size - 1) / size - 1;
                prop_assert!(run.started.iter().all(|p| *p <= needed), "{:?}", run);
            }
        }

        /// Any state and any event: one answer, never a panic, and never more pages to start
        /// than the walk's concurrency allows (8 at most).
        #[test]
        fn a_step_from_any_state_is_bounded(
            state in prop::collection::vec(prop_oneof![-3i64..12, Just(-1), Just(1_000_000), Just(9_007_199_254_740_991)], 9),
            name in prop::sample::select(vec!["next", "page", "fail", "other"]),
            args in prop::collection::vec(prop_oneof![0i64..20, Just(9_007_199_254_740_991), Just(-9_007_199_254_740_991)], 0..8),
        ) {
            // first × size must stay within what a walk's plan can hold (see the ignored test
            // `a_walk_from_the_last_safe_page_does_not_overflow`).
            prop_assume!(state[0].unsigned_abs().saturating_mul(state[1].unsigned_abs()) < 1 << 62);
            // The driver counts the pages in flight: never negative (see the ignored test
            // `a_negative_count_in_flight_starts_no_more_than_the_concurrency`).
            let in_flight = match name {
                "next" => args.first(),
                "page" => args.get(6),
                _ => None,
            };
            prop_assume!(in_flight.is_none_or(|n| *n >= 0));
            let state_text = serde_json::to_string(&state).unwrap();
            let mut event = vec![json!(name)];
            event.extend(args.iter().map(|n| json!(n)));
            let s = step(&config_text(&gateway_config()), &state_text, J::Array(event));
            prop_assert!(s["start"].as_array().unwrap().len() <= 8, "{}", s);
        }
    }

    /// A server that announces one more page with every answer cannot make a walk endless:
    /// the first answer's `total_page` bounds it.
    #[test]
    fn a_server_announcing_more_pages_cannot_make_a_walk_endless() {
        let config = config_text(&gateway_config());
        let id = schema().id("get_tickets");
        let v = parse(&t::prepare(
            id,
            &config,
            &input_text(&json!({"page_size": 10}), &json!({"concurrency": 3}), None),
            0,
            true,
            0.0,
        ))
        .unwrap();
        let mut state = v["walk"].as_str().unwrap().to_string();
        let mut pages = 0;
        let mut in_flight: Vec<i64> = Vec::new();
        for _ in 0..100 {
            let s = step(&config, &state, json!(["next", in_flight.len()]));
            state = s["s"].as_str().unwrap().to_string();
            in_flight.extend(started(&s));
            if in_flight.is_empty() {
                break;
            }
            let p = in_flight.remove(0);
            pages += 1;
            let s = step(
                &config,
                &state,
                json!(["page", p, p, p + 1, 10_000, 10, 10, in_flight.len()]),
            );
            state = s["s"].as_str().unwrap().to_string();
            in_flight.extend(started(&s));
            if s["done"] == true {
                break;
            }
        }
        assert_eq!(pages, 2, "the first answer said 2 pages");
    }

    /// `page` may be any safe integer and `page_size` up to 10000: the walk's arithmetic
    /// (`(first - 1) * size`, `walk.rs` `step`) must not overflow. Natively (debug) it panics;
    /// in the release module it wraps, and the walk reports a wrong total.
    #[test]
    fn a_walk_from_the_last_safe_page_does_not_overflow() {
        let config = config_text(&gateway_config());
        let id = schema().id("get_tickets");
        let params = json!({"page": 9_007_199_254_740_990i64, "page_size": 10_000});
        let v = parse(&t::prepare(
            id,
            &config,
            &input_text(&params, &json!({}), None),
            0,
            true,
            0.0,
        ))
        .unwrap();
        let state = v["walk"].as_str().unwrap().to_string();
        let s = step(&config, &state, json!(["next", 0]));
        let state = s["s"].as_str().unwrap().to_string();
        let p = 9_007_199_254_740_990i64;
        let s = step(&config, &state, json!(["page", p, p, p, 5, 5, 5, 0]));
        assert_eq!(s["done"], true, "{s}");
    }

    /// A negative count of pages in flight (the driver never sends one, but the module takes
    /// any text) makes `top_up` start pages until the walk's last page, or, before the first
    /// answer, without end: `-100000` starts 100001 pages, a larger one exhausts memory.
    #[test]
    fn a_negative_count_in_flight_starts_no_more_than_the_concurrency() {
        let config = config_text(&gateway_config());
        let s = step(
            &config,
            "[1,100,1,-1,-1,0,-1,1,0]",
            json!(["next", -100_000]),
        );
        assert!(
            s["start"].as_array().unwrap().len() <= 8,
            "{} pages started",
            s["start"].as_array().unwrap().len()
        );
    }
}

mod forms {
    use super::*;

    /// 2026-12-07 12:00:00 in UTC+8.
    const NOW: f64 = 1_796_616_000_000.0;

    const TYPES: &[&str] = &[
        "STRING",
        "TEXT",
        "INT",
        "DATE",
        "DATETIME",
        "SELECT",
        "RADIO",
        "CHECKBOX",
        "MULTISELECT",
        "TREESELECT",
        "TABLE",
        "CUSTOMTABLE",
        "MEMBERS",
        "INPUTSELECT",
        "FILE",
        "",
        "??",
    ];
    const RULES: &[&str] = &[
        "EMPTY",
        "",
        "PHONE_NUM",
        "EMAIL",
        "AFTER_DATE",
        "BEFORE_DATE",
        "AFTER_TIME",
        "BEFORE_TIME",
        "CUSTOM",
        "NOPE",
        "ASSOCIATED_FIELD_VALIDATION",
        "_DATE",
    ];
    const KEYS: &[&str] = &["title", "a", "b", "c", "env", "hosts", "when", "", "工单"];

    /// A field definition of any sort.
    fn field(rng: &mut Seeded) -> J {
        let key = if rng.chance(90) {
            json!(rng.pick(KEYS))
        } else {
            rng.json(1)
        };
        let expressions: Vec<J> = (0..rng.below(3))
            .map(|_| {
                json!({
                    "key": rng.pick(KEYS),
                    "condition": rng.pick(&["==", "!=", ">", "<", ">=", "<=", "~"]),
                    "value": rng.json(1),
                    "type": rng.pick(&["INT", "STRING", "number"]),
                })
            })
            .collect();
        let choices: Vec<J> = (0..rng.below(4))
            .map(|_| {
                json!({"key": rng.json(0), "id": rng.json(0), "name": rng.word(), "required": rng.chance(50),
                       "children": [{"id": rng.json(0), "children": [{"id": "deep"}]}]})
            })
            .collect();
        let members = [
            ("key", key),
            ("name", json!(rng.word())),
            ("type", json!(rng.pick(TYPES))),
            (
                "validate_type",
                json!(*rng.pick(&["REQUIRE", "OPTION", "x"])),
            ),
            ("show_type", json!(*rng.pick(&[0, 1, 2]))),
            (
                "show_conditions",
                json!({"type": rng.pick(&["and", "or"]), "expressions": expressions}),
            ),
            ("choice", J::Array(choices)),
            (
                "source_type",
                json!(*rng.pick(&["CUSTOM", "API", "DATADICT"])),
            ),
            ("regex", json!(rng.pick(RULES))),
            (
                "custom_regex",
                json!(*rng.pick(&["", "^[A-Z]+$", "(", "\\d{3}"])),
            ),
            (
                "meta",
                json!({"columns": [{"key": "ip", "required": true}, {"key": rng.word(), "required": rng.json(0)}]}),
            ),
        ];
        let mut f = serde_json::Map::new();
        for (k, v) in members {
            if !rng.chance(8) {
                f.insert(k.into(), v);
            }
        }
        J::Object(f)
    }

    /// Values for a form: an object by key, or the `[{key, value}]` form, or anything.
    fn values(rng: &mut Seeded) -> J {
        let mut m = serde_json::Map::new();
        for _ in 0..rng.below(5) {
            let v = match rng.below(6) {
                0 => json!([{"ip": rng.word()}, {"note": rng.json(1)}, rng.json(0)]),
                1 => json!(*rng.pick(&[
                    "2026-12-08",
                    "2026-12-06",
                    "2026-13-01",
                    "2026-12-08 10:00:00",
                    "x"
                ])),
                2 => json!([rng.word(), rng.word()]),
                _ => rng.json(2),
            };
            m.insert(rng.pick(KEYS).to_string(), v);
        }
        match rng.below(8) {
            0 => J::Array(
                m.into_iter()
                    .map(|(k, v)| json!({"key": k, "value": v}))
                    .collect(),
            ),
            1 => rng.json(2),
            _ => J::Object(m),
        }
    }

    fn check(service: &J, values: &J, now: f64) -> Vec<J> {
        let input = format!("[{},{}]", snap(service), snap(values));
        let out = t::validate_fields(&config_text(&gateway_config()), &input, now);
        let issues = parse(&out).unwrap();
        issues
            .as_array()
            .unwrap_or_else(|| panic!("not an array: {out}"))
            .clone()
    }

    fn reasons(issues: &[J]) -> Vec<(String, String)> {
        issues
            .iter()
            .map(|i| {
                (
                    i["field"].as_str().unwrap().to_string(),
                    i["reason"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(cases(400))]

        /// Any form and any values: never a panic, every issue complete and named by a key of
        /// the values or the form (or `service`, `values` for the whole); a required field
        /// that is shown and left empty is always reported.
        #[test]
        fn any_form_and_values_are_checked(seed in any::<u64>(), now in prop_oneof![Just(NOW), any::<f64>()]) {
            let mut rng = Seeded(seed);
            let form: Vec<J> = (0..rng.below(6)).map(|_| field(&mut rng)).collect();
            let service = if rng.chance(95) { json!({"fields": form}) } else { rng.json(2) };
            let values = values(&mut rng);
            let issues = check(&service, &values, now);
            let mut names: Vec<String> = vec!["service".into(), "values".into()];
            for f in &form {
                if let Some(k) = f["key"].as_str() { names.push(k.into()); }
            }
            if let Some(m) = values.as_object() { names.extend(m.keys().cloned()); }
            for item in values.as_array().into_iter().flatten() {
                if let Some(k) = item["key"].as_str() { names.push(k.into()); }
            }
            for i in &issues {
                check_issue(i).map_err(fail)?;
                prop_assert!(names.contains(&i["field"].as_str().unwrap().to_string()), "{} not a key: {}", i, json!(form));
            }
            // The simple case: an object of values and an always-shown required field left out.
            if let (Some(m), true) = (values.as_object(), service.get("fields").is_some()) {
                for f in &form {
                    let (Some(key), true, true) = (f["key"].as_str(), f["validate_type"] == "REQUIRE", f["show_type"] == 1) else {
                        continue;
                    };
                    if !m.contains_key(key) && form.iter().filter(|g| g["key"] == key).count() == 1 {
                        prop_assert!(issues.iter().any(|i| i["field"] == key && i["reason"] == "required"), "{} not required: {:?}", key, reasons(&issues));
                    }
                }
            }
        }
    }

    /// A form of one field of each rule checked here, natively.
    fn form() -> J {
        json!({"fields": [
            {"key": "title", "name": "标题", "type": "STRING", "validate_type": "REQUIRE", "show_type": 1, "regex": "EMPTY", "choice": []},
            {"key": "env", "name": "环境", "type": "SELECT", "source_type": "CUSTOM", "validate_type": "REQUIRE", "show_type": 1, "regex": "EMPTY",
             "choice": [{"key": "prod", "name": "生产"}, {"key": "test", "name": "测试"}]},
            {"key": "mods", "name": "模块", "type": "MULTISELECT", "source_type": "CUSTOM", "validate_type": "OPTION", "show_type": 1, "regex": "EMPTY",
             "choice": [{"key": "web"}, {"key": 2}]},
            {"key": "node", "name": "节点", "type": "TREESELECT", "source_type": "CUSTOM", "validate_type": "OPTION", "show_type": 1, "regex": "EMPTY",
             "choice": [{"id": 1, "children": [{"id": 11, "children": [{"id": 111}]}]}]},
            {"key": "rollback", "name": "回滚方案", "type": "TEXT", "validate_type": "REQUIRE", "show_type": 0, "regex": "EMPTY",
             "show_conditions": {"type": "and", "expressions": [{"key": "env", "condition": "!=", "value": "prod"}]}},
            {"key": "start", "name": "开始", "type": "DATE", "validate_type": "OPTION", "show_type": 1, "regex": "AFTER_DATE"},
            {"key": "until", "name": "截止", "type": "DATETIME", "validate_type": "OPTION", "show_type": 1, "regex": "BEFORE_TIME"},
            {"key": "hosts", "name": "主机", "type": "TABLE", "validate_type": "OPTION", "show_type": 1, "regex": "EMPTY",
             "choice": [{"key": "ip", "name": "IP", "required": true}, {"key": "note", "name": "备注"}]},
            {"key": "phone", "name": "电话", "type": "STRING", "validate_type": "OPTION", "show_type": 1, "regex": "PHONE_NUM"},
            {"key": "code", "name": "编号", "type": "STRING", "validate_type": "OPTION", "show_type": 1, "regex": "CUSTOM", "custom_regex": "^[A-Z]{2}-\\d+$"},
            {"key": "odd", "name": "怪", "type": "STRING", "validate_type": "OPTION", "show_type": 1, "regex": "NOPE"},
            {"key": "none", "name": "空", "type": "RADIO", "source_type": "CUSTOM", "validate_type": "OPTION", "show_type": 1, "regex": "EMPTY", "choice": []},
        ]})
    }

    fn rs(values: J) -> Vec<(String, String)> {
        reasons(&check(&form(), &values, NOW))
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// The reasons of known cases (the rules that are not patterns).
    #[test]
    fn known_cases_give_their_reasons() {
        let ok = json!({"title": "t", "env": "test"});
        let cases: &[(J, &[(&str, &str)])] = &[
            (ok.clone(), &[]),
            (json!({}), &[("title", "required"), ("env", "required")]),
            (
                json!({"title": "  ", "env": "prod"}),
                &[("title", "required"), ("rollback", "required")],
            ),
            (json!({"title": "t", "env": "prod", "rollback": "r"}), &[]),
            (
                json!({"title": "t", "env": "staging"}),
                &[("env", "not_a_choice")],
            ),
            (
                json!({"title": "t", "env": "test", "mods": ["web", "2"]}),
                &[],
            ),
            (
                json!({"title": "t", "env": "test", "mods": "web,x"}),
                &[("mods", "not_a_choice")],
            ),
            (
                json!({"title": "t", "env": "test", "mods": 5}),
                &[("mods", "wrong_type")],
            ),
            (json!({"title": "t", "env": "test", "node": 111}), &[]),
            (
                json!({"title": "t", "env": "test", "node": "12"}),
                &[("node", "not_a_choice")],
            ),
            (json!({"title": "x".repeat(128), "env": "test"}), &[]),
            (
                json!({"title": "工".repeat(129), "env": "test"}),
                &[("title", "too_long")],
            ),
            (
                json!({"title": "t", "env": "test", "start": "2026-12-08"}),
                &[],
            ),
            (
                json!({"title": "t", "env": "test", "start": "2026-12-06"}),
                &[("start", "too_early")],
            ),
            (
                json!({"title": "t", "env": "test", "start": "2026-02-30"}),
                &[("start", "bad_date")],
            ),
            (
                json!({"title": "t", "env": "test", "until": "2026-12-07 11:59:59"}),
                &[],
            ),
            (
                json!({"title": "t", "env": "test", "until": "2026-12-07 12:00:01"}),
                &[("until", "too_late")],
            ),
            (
                json!({"title": "t", "env": "test", "hosts": [{"ip": "1.2.3.4"}, {"note": "n"}]}),
                &[("hosts", "required")],
            ),
            (
                json!({"title": "t", "env": "test", "hosts": "1.2.3.4"}),
                &[("hosts", "wrong_type")],
            ),
            (
                json!({"title": "t", "env": "test", "odd": "x"}),
                &[("odd", "form_broken")],
            ),
            (
                json!({"title": "t", "env": "test", "none": "x"}),
                &[("none", "form_broken")],
            ),
            (
                json!({"title": "t", "env": "test", "nope": "1"}),
                &[("nope", "not_in_form")],
            ),
            (
                json!([{"key": "title", "value": "a"}, {"key": "title", "value": "b"}]),
                &[("values", "twice")],
            ),
            (json!("title"), &[("values", "wrong_type")]),
        ];
        for (values, expected) in cases {
            assert_eq!(rs(values.clone()), pairs(expected), "{values}");
        }
        // Not a form at all.
        assert_eq!(
            reasons(&check(&json!({"name": "x"}), &ok, NOW)),
            pairs(&[("service", "wrong_type")])
        );
        assert_eq!(
            reasons(&check(&json!([]), &ok, NOW)),
            pairs(&[("service", "wrong_type")])
        );
        // Nothing filled in yet: its required fields.
        for nothing in [J::Null, json!([])] {
            assert_eq!(
                rs(nothing),
                pairs(&[("title", "required"), ("env", "required")])
            );
        }
    }

    /// The named rules and the admin's pattern are matched by the page's `RegExp` in the
    /// module; natively (outside the lib's own tests) there is none, and they are left to the
    /// server: no issue, whatever the value. (`bad_format` is checked by the lib's unit tests,
    /// `engine/form.rs`, with the `regex` crate.)
    #[test]
    fn patterns_are_left_to_the_page_natively() {
        assert_eq!(
            rs(json!({"title": "t", "env": "test", "phone": "123", "code": "ab-1"})),
            pairs(&[])
        );
    }

    /// Texts of a form (the server's) in issue messages: what reaches a log line has its
    /// control characters escaped, as a server's `message` has (`envelope.rs`
    /// `server_text`).
    #[test]
    fn a_forms_texts_reach_messages_escaped() {
        let key = "a\u{1b}[31m\u{202e}b";
        let service = json!({"fields": [{"key": key, "name": "n", "type": "STRING", "validate_type": "REQUIRE", "show_type": 1}]});
        let issues = check(&service, &json!({}), NOW);
        let message = issues[0]["message"].as_str().unwrap();
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{202e}'),
            "{message:?}"
        );
    }
}

mod polls {
    use super::*;

    /// How a poll ended.
    #[derive(Debug, PartialEq)]
    enum End {
        Done,
        Failed(String),
    }

    /// Drives `waitForSteps` as the driver does (`poll` in `src/js/driver.js`): the answers
    /// and the time each takes as `rng` says. `None` when it has not ended in `limit` steps.
    fn drive(
        config: &str,
        argument: &J,
        options: &J,
        rng: &mut Seeded,
        limit: u32,
    ) -> Option<(End, u32, f64)> {
        let mut answer: Option<J> = None;
        let mut elapsed = 0.0f64;
        let status_id = schema().id("get_ticket_status");
        for attempt in 1..=limit {
            let a = answer.as_ref().map_or("u".to_string(), snap);
            let input = format!(
                "[{},{},{},{a},{}]",
                snap(argument),
                snap(options),
                snap(&env(true)),
                snap_number(elapsed)
            );
            let out = t::poll(0, config, &input, attempt);
            let v = parse(&out).unwrap();
            if let Some(e) = v.get("e") {
                check_error(e).unwrap();
                return Some((
                    End::Failed(e["kind"].as_str().unwrap().into()),
                    attempt,
                    elapsed,
                ));
            }
            if v.get("done").is_some() {
                assert!(answer.is_some(), "done without an answer: {out}");
                return Some((End::Done, attempt, elapsed));
            }
            if let Some(call) = v.get("call") {
                assert_eq!(call["id"], status_id, "{out}");
                assert_eq!(&call["p"]["sn"], argument, "{out}");
                elapsed += rng.below(3000) as f64 + if rng.chance(20) { 0.5 } else { 0.0 };
                answer = Some(match rng.below(6) {
                    0 => json!({"current_steps": [{"state_id": 1}], "current_status": "RUNNING"}),
                    1 => {
                        json!({"current_steps": [], "current_status": *rng.pick(&["FINISHED", "TERMINATED", "REVOKED", "RUNNING"])})
                    }
                    2 => rng.json(2),
                    _ => json!({"current_steps": [], "current_status": "RUNNING"}),
                });
            } else {
                let after = v["after"].as_f64().unwrap_or_else(|| panic!("{out}"));
                assert!(after >= 0.0, "{out}");
                elapsed += after;
                answer = None;
            }
        }
        None
    }

    proptest! {
        #![proptest_config(cases(200))]

        /// Whatever the status answers and however long each takes, a poll ends: done once a
        /// step stands (or the ticket ended), else a timeout once `waitMs` has passed.
        #[test]
        fn a_poll_ends_done_or_timed_out(
            seed in any::<u64>(),
            wait in proptest::option::of(prop_oneof![Just(0i64), 1i64..5000, Just(600_000)]),
        ) {
            let mut rng = Seeded(seed);
            let options = match wait { Some(w) => json!({"waitMs": w}), None => json!({}) };
            let config = config_text(&gateway_config());
            let limit = wait.unwrap_or(15_000);
            // Each pause is 300 ms or more until the last: at most this many steps.
            let steps = 2 * (limit / 300 + 3) as u32;
            let (end, _, elapsed) = drive(&config, &json!("REQ1"), &options, &mut rng, steps)
                .ok_or_else(|| fail(format!("no end in {steps} steps")))?;
            match end {
                End::Done => {}
                End::Failed(kind) => {
                    prop_assert_eq!(kind, "timeout");
                    prop_assert!(elapsed >= limit as f64, "timed out after {} of {} ms", elapsed, limit);
                }
            }
        }

        /// Any argument, options, answer and time: one step, never a panic.
        #[test]
        fn any_poll_input_gives_one_step(
            argument in snapshot(),
            options in snapshot(),
            answer in snapshot(),
            elapsed in prop_oneof![number_text(), leaf()],
            attempt in any::<u32>(),
        ) {
            let input = format!("[{argument},{options},{},{answer},{elapsed}]", snap(&env(true)));
            let v = parse(&t::poll(0, &config_text(&gateway_config()), &input, attempt)).map_err(fail)?;
            let forms = ["call", "after", "done", "e"].iter().filter(|k| v.get(**k).is_some()).count();
            prop_assert_eq!(forms, 1, "{}", v);
            if let Some(after) = v.get("after") {
                prop_assert!(after.as_i64().is_some_and(|a| (0..=1000).contains(&a)), "{}", v);
            }
        }
    }

    /// A poll's argument is checked as the endpoint's parameter: a bad one is refused first.
    #[test]
    fn a_bad_ticket_number_is_refused_before_any_call() {
        let config = config_text(&gateway_config());
        for (arg, reason) in [
            ("u", "required"),
            ("\"a b\"", "not_ticket_number"),
            ("5", "wrong_type"),
        ] {
            let input = format!("[{arg},{{}},{}]", snap(&env(true)));
            let v = parse(&t::poll(0, &config, &input, 1)).unwrap();
            assert_eq!(v["e"]["reason"], reason, "{v}");
        }
    }
}

mod requests {
    use super::*;

    /// Values each optional parameter may take, and what the request then carries (the
    /// body's JSON; the query string writes it as text).
    fn candidates(name: &str, key: &str) -> Vec<(J, J)> {
        let same = |v: J| (v.clone(), v);
        match (name, key) {
            (_, "sns") => vec![same(json!(["REQ1", "R 2&x"]))],
            ("get_tickets", "creator") => vec![same(json!("al ice"))],
            (_, "create_at__gte" | "end_at__gte") => vec![same(json!("2024-01-01 00:00:00"))],
            (_, "create_at__lte" | "end_at__lte") => vec![same(json!("2024-01-02 00:00:00"))],
            (_, "current_status__in") => {
                vec![same(json!(["RUNNING", "0123456789abcdef0123456789ABCDEF"]))]
            }
            (_, "service_id__in") => vec![(json!([1, "22"]), json!([1, 22]))],
            (_, "bk_biz_id__in") => vec![(json!([-1, "3"]), json!([-1, 3]))],
            (_, "page") => vec![(json!("2"), json!(2)), same(json!(1))],
            (_, "page_size") => vec![(json!("50"), json!(50)), same(json!(10_000))],
            (_, "service_id" | "catalog_id" | "from_ticket_id" | "state_id") => {
                vec![
                    (json!("7"), json!(7)),
                    same(json!(9_007_199_254_740_991i64)),
                ]
            }
            (_, "stars") => vec![(json!("6"), json!(6)), same(json!(1))],
            (_, "has_service" | "attention") => vec![same(json!(true)), same(json!(false))],
            (_, "show_type") => vec![same(json!("complex"))],
            (_, "meta") => vec![same(json!({"state_processors": {"3": "a,b"}}))],
            (_, "dynamic_fields") => vec![same(json!([{"name": "x", "type": "INT", "value": 1}]))],
            ("create_ticket", "fields") => vec![
                (
                    json!({"title": "t"}),
                    json!([{"key": "title", "value": "t"}]),
                ),
                (
                    json!([{"key": "title", "value": "工单 \"1\""}]),
                    json!([{"key": "title", "value": "工单 \"1\""}]),
                ),
            ],
            ("operate_node", "fields") => vec![(
                json!({"n": 5, "l": ["a", "b"], "e": null}),
                json!([{"key": "n", "value": "5"}, {"key": "l", "value": "a,b"}, {"key": "e", "value": ""}]),
            )],
            (_, "processors") => vec![(json!(["a", "b"]), json!("a,b")), same(json!("c"))],
            (_, "processors_type") => vec![same(json!("PERSON"))],
            (_, "creator" | "operator" | "approver") => vec![same(json!("alice"))],
            _ => vec![same(json!("x y/é"))],
        }
    }

    /// A value as the query string writes it.
    fn as_query(v: &J) -> String {
        match v {
            J::String(s) => s.clone(),
            J::Array(items) => items.iter().map(as_query).collect::<Vec<_>>().join(","),
            other => other.to_string(),
        }
    }

    fn decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() + 1 {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #![proptest_config(cases(150))]

        /// An accepted call's request carries exactly its parameters, as the server reads them:
        /// digit strings as numbers, names joined, form values as `{key, value}` (strings for
        /// a node's), lists comma-joined in a query string; nothing blank, nothing else.
        #[test]
        fn the_request_carries_the_parameters_as_given(
            id in 0..13u32,
            esb in any::<bool>(),
            picks in prop::collection::vec(any::<prop::sample::Index>(), 20),
            chosen in prop::collection::vec(any::<bool>(), 20),
        ) {
            let name = names()[id as usize].clone();
            let gateway_only = name == "get_tickets_by_user" || name == "approve";
            let esb = esb && !gateway_only;
            let mut config = gateway_config();
            if esb {
                config.as_object_mut().unwrap().remove("gateway");
            }
            let mut params = valid_params(&name);
            let mut expected: Vec<(String, J)> = Vec::new();
            for (key, _) in params.as_object().unwrap() {
                let v = params[key.as_str()].clone();
                let wire = match v { J::String(ref s) if s.bytes().all(|b| b.is_ascii_digit()) && key != "sn" => json!(s.parse::<i64>().unwrap()), ref other => other.clone() };
                expected.push((key.clone(), wire));
            }
            let rows = schema().endpoints()[id as usize]["params"].as_array().unwrap().clone();
            for (i, row) in rows.iter().enumerate() {
                let key = row["key"].as_str().unwrap();
                // A range is given whole (get_tickets_by_user refuses one end alone).
                let pick = match key {
                    "create_at__gte" | "create_at__lte" if name == "get_tickets_by_user" => chosen[19],
                    _ => chosen[i % 20],
                };
                if row["required"] == true || !pick || params.get(key).is_some() || (esb && key == "username") {
                    continue;
                }
                let options = candidates(&name, key);
                let (given, wire) = picks[i % 20].get(&options).clone();
                params[key] = given;
                expected.retain(|(k, _)| k != key);
                expected.push((key.to_string(), wire));
            }
            if name == "create_ticket" {
                expected.retain(|(k, _)| k != "fields");
                let wire = candidates(&name, "fields").into_iter().find(|(g, _)| *g == params["fields"]).map(|(_, w)| w).unwrap_or_else(|| json!([{"key": "title", "value": "t"}]));
                expected.push(("fields".into(), wire));
            }
            // The identity of a write: the client's user.
            for row in &rows {
                if row["identity"] == true {
                    let key = row["key"].as_str().unwrap();
                    expected.retain(|(k, _)| k != key);
                    expected.push((key.to_string(), json!("alice")));
                }
            }
            let input = input_text(&params, &json!({}), first_answer(&name).as_ref());
            let out = t::prepare(id, &config_text(&config), &input, 0, false, 1.8e12);
            let v = parse(&out).map_err(fail)?;
            let q = v.get("q").ok_or_else(|| fail(format!("refused: {out}")))?;
            let mut sent: Vec<(String, J)> = Vec::new();
            let url = q["u"].as_str().unwrap();
            let get = q["m"] == "GET";
            if let Some((_, query)) = url.split_once('?') {
                for pair in query.split('&') {
                    let (k, v) = pair.split_once('=').unwrap();
                    sent.push((decode(k), J::String(decode(v))));
                }
            }
            if let Some(body) = q["b"].as_str() {
                let body: J = serde_json::from_str(body).map_err(|e| fail(format!("{e}: {body}")))?;
                for (k, v) in body.as_object().unwrap() {
                    sent.push((k.clone(), v.clone()));
                }
            }
            sent.retain(|(k, _)| !["bk_app_code", "bk_app_secret", "bk_token", "bk_username"].contains(&k.as_str()));
            for (key, wire) in &expected {
                let found: Vec<&J> = sent.iter().filter(|(k, _)| k == key).map(|(_, v)| v).collect();
                prop_assert!(!found.is_empty(), "{} not sent: {}", key, out);
                for f in found {
                    let ok = if get || f.is_string() && !wire.is_string() {
                        // The query string (a gateway POST's page and page_size are there too).
                        as_query(f) == as_query(wire)
                    } else {
                        f == wire
                    };
                    prop_assert!(ok, "{}: sent {} for {}: {}", key, f, wire, out);
                }
            }
            for (key, value) in &sent {
                let empty = sent_empty(id, &params, key) && value == &json!([]);
                prop_assert!(expected.iter().any(|(k, _)| k == key) || empty, "{} sent, not given: {}", key, out);
            }
        }
    }
}

/// Whether endpoint `id` sends `key` as an empty list when it is not given, for these `params`
/// (the description's `sentEmpty`: e.g. a TRANSITION's `fields`).
fn sent_empty(id: u32, params: &serde_json::Value, key: &str) -> bool {
    let endpoints = support::schema().endpoints().clone();
    endpoints[id as usize]["sentEmpty"]
        .as_array()
        .is_some_and(|rules| {
            rules.iter().any(|r| {
                r["key"] == key
                    && params
                        .get(r["when"].as_str().unwrap_or_default())
                        .is_some_and(|v| r["values"].as_array().is_some_and(|vs| vs.contains(v)))
            })
        })
}
