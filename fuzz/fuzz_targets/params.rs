//! A page's values, as the driver's snapshots of them, through every operation that reads
//! them: the client's configuration, a call's parameters and options (its request, a walk's
//! plan, its validation, its abort), a poll, and the form checker.
//!
//! Layout of an input: byte 0 picks the endpoint, byte 1 the flags (1 a walk's plan, 2 a walk's
//! page, 4 the page's language Chinese, 8 no `fetch`, 16 no page address); the rest, split at
//! NUL bytes, is the snapshot texts of the configuration, the parameters, the options, and an
//! answer (the call made first: a service's form, a ticket's status; the poll's answer; the
//! form's values).
//!
//! Must hold: no panic; every answer JSON of its form; every error complete; a refusal never
//! sends anything (no request beside an error); values under `bk_app_secret` or `bk_token`
//! that carry the mark `SeCr` (the dictionary offers it) never shown, but in the request.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use bk_itsm_tickets::testing as t;
use libfuzzer_sys::fuzz_target;
use serde_json::Value as J;
use support::*;

/// The strings under a secret key of an object snapshot that carry the mark.
fn secrets(snapshot: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = snapshot;
    for key in ["\"bk_app_secret\":\"", "\"bk_token\":\""] {
        rest = snapshot;
        while let Some(at) = rest.find(key) {
            let tail = &rest[at + key.len() - 1..];
            // The JSON string that follows, read by serde_json.
            let mut de = serde_json::Deserializer::from_str(tail).into_iter::<String>();
            if let Some(Ok(s)) = de.next() {
                if s.contains("SeCr") {
                    out.push(s);
                }
            }
            rest = &rest[at + key.len()..];
        }
    }
    let _ = rest;
    out
}

fn check_no_secret(out: &str, secrets: &[String], request: bool) {
    let Ok(mut v) = serde_json::from_str::<J>(out) else {
        panic!("not JSON: {out}");
    };
    if request {
        if let Some(q) = v.get_mut("q").and_then(J::as_object_mut) {
            q.remove("u");
            q.remove("b");
            q.remove("h");
        }
    }
    let mut all = Vec::new();
    strings(&v, &mut all);
    for s in secrets {
        let json = serde_json::to_string(s).unwrap();
        for form in [s.as_str(), &json[1..json.len() - 1], &percent(s)] {
            assert!(
                !all.iter().any(|t| t.contains(form)),
                "{form:?} shown: {out}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [id, flags, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let id = u32::from(*id) % (t::endpoint_count() + 1);
    let mut parts = text.split('\0');
    let mut next = || parts.next().unwrap_or("u").to_string();
    let (config, params, options, answer) = (next(), next(), next(), next());
    let env = format!(
        "{{{}\"cookie\":\"bk_token=ck-SeCr-1\",\"lang\":{},\"fetch\":{}}}",
        if flags & 16 == 0 {
            "\"href\":\"https://paas.example.com/portal/\","
        } else {
            ""
        },
        if flags & 4 != 0 {
            "\"zh-CN\""
        } else {
            "\"en\""
        },
        if flags & 8 != 0 { "f" } else { "t" },
    );
    let config_text = format!("[{config},{env}]");
    let input = format!("[{params},{options},{env},{answer}]");
    let walk = flags & 1 != 0;
    let page = if flags & 2 != 0 { 2 } else { 0 };
    // The call's secrets: the configuration's, and the parameters' once the configuration is
    // read (a refused configuration is refused before the parameters are: its error shows
    // the configuration's own text, whatever a parameter holds). `validate` reads the
    // parameters alone: only theirs are its to hide. The login cookie's token is the call's
    // only where it is sent: tests/properties.rs checks it there.
    let mut hidden = secrets(&config);
    let own = secrets(&params);

    let out = t::client(&config_text);
    check_no_secret(&out, &hidden, false);
    let v: J = serde_json::from_str(&out).unwrap();
    if let Some(e) = v.get("e") {
        check_error(e).unwrap();
    } else {
        hidden.extend(own.iter().cloned());
    }

    if id < t::endpoint_count() {
        let out = t::prepare(id, &config_text, &input, page, walk, 1.8e12);
        let v: J = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        if let Some(e) = v.get("e") {
            check_error(e).unwrap();
            assert!(v.get("q").is_none() && v.get("before").is_none(), "{out}");
        } else {
            assert!(
                v.get("q").is_some() || v.get("before").is_some() || v.get("walk").is_some(),
                "{out}"
            );
        }
        check_no_secret(&out, &hidden, true);
        if let Some(state) = v.get("walk").and_then(J::as_str) {
            // Its first step, as the driver asks it.
            let out = t::walk(
                &config_text,
                &serde_json::to_string(&(state, ("next", 0))).unwrap(),
            );
            let s: J = serde_json::from_str(&out).unwrap();
            assert!(s["start"].as_array().is_some_and(|p| p.len() <= 1), "{out}");
        }
        let out = t::validate(id, &config_text, &format!("[{params}]"));
        check_no_secret(&out, &own, false);
        let issues: J = serde_json::from_str(&out).unwrap();
        for i in issues.as_array().unwrap() {
            check_issue(i).unwrap();
        }
        let out = t::aborted(id, &config_text, &input, page, 1);
        check_no_secret(&out, &hidden, false);
        let out = t::settle(
            id,
            &config_text,
            &input,
            page,
            1,
            "{\"k\":1,\"why\":\"x\"}",
            &[],
            "u",
            1.8e12,
            0.5,
        );
        check_answer(&out).unwrap();
        check_no_secret(&out, &hidden, false);
    } else {
        let out = t::poll(
            0,
            &config_text,
            &format!("[{params},{options},{env},{answer},1000]"),
            1,
        );
        let v: J = serde_json::from_str(&out).unwrap();
        if let Some(e) = v.get("e") {
            check_error(e).unwrap();
        }
        let out = t::validate_fields(&config_text, &format!("[{answer},{params}]"), 1.8e12);
        let issues: J = serde_json::from_str(&out).unwrap();
        for i in issues.as_array().unwrap() {
            check_issue(i).unwrap();
        }
    }
});
