//! A hostile server's answer to any call: status, headers and body from any bytes, settled by
//! the module as the driver hands it over (the probe's records and captures of the parsed
//! body, the outcome snapshot), for every endpoint.
//!
//! Layout of an input: byte 0 picks the endpoint, byte 1 the status (or, with flag 128, a
//! failure outcome), byte 2 the flags, byte 3 the attempt and the door; the rest, split at NUL
//! bytes, is the body, then the header values. Flags: 1 content type, 2 request id header,
//! 4 the gateway's error code header, 8 its message header, 16 `Retry-After`, 32 the body is
//! not read as JSON (its excerpt and length instead), 64 the records are the input's own
//! bytes (what no driver writes: the records path on its own), 128 no answer (network,
//! timeout, aborted, redirect, not a Response, aborted before sending).
//!
//! Must hold: no panic; one answer, `ok`, `retry` or `e`, every error complete (an `api` error
//! with a `code`); `ok` exactly for a 2xx envelope with `result: true` whose `data` has the
//! endpoint's documented shape (`tests/support` reads it from the description, on its own);
//! otherwise the kind `envelope.rs` documents; a retry only for a read, at most the client's
//! retries; the client's secrets (the dictionary offers them, in each form) never shown.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use bk_itsm_tickets::testing as t;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value as J};
use support::*;

const STATUSES: [i64; 16] = [
    200, 201, 204, 299, 300, 301, 307, 400, 403, 404, 429, 500, 502, 503, 504, 0,
];

/// The client's secrets: the dictionary holds them as they are, JSON-escaped and URL-encoded.
const APP_SECRET: &str = "Zq9\"SeCr/é%k&";
const TOKEN: &str = "T0k\\en-SeCr ~";

fuzz_target!(|data: &[u8]| {
    let [id, pick, flags, extra, rest @ ..] = data else {
        return;
    };
    let id = u32::from(*id) % t::endpoint_count();
    let s = schema();
    let name = s.endpoints()[id as usize]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let esb = extra & 4 != 0 && name != "get_tickets_by_user" && name != "approve";
    let attempt = u32::from(extra & 3) + 1;
    let status = match *pick & 127 {
        b if usize::from(b) < STATUSES.len() => STATUSES[usize::from(b)],
        b => 100 + (i64::from(b) - 16) * 8,
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let body_text = parts.next().unwrap_or_default().to_string();
    let mut header = |bit: u8| {
        let value = parts.next().map(str::to_owned);
        if flags & bit != 0 {
            value
        } else {
            None
        }
    };
    let ct = header(1);
    let rid = header(2);
    let ec = header(4);
    let em = header(8);
    let ra = header(16);

    let program: J = serde_json::from_str(&t::program(id)).unwrap();
    let parsed: Option<J> = if flags & 32 == 0 {
        serde_json::from_str(&body_text).ok()
    } else {
        None
    };
    let failure = pick & 128 != 0;
    let (mut o, mut records) = match (&parsed, failure) {
        (_, true) => {
            let k = [1, 2, 3, 4, 5, 6, -1, 99][usize::from(*pick & 7)];
            let mut o = Outcome::failure(k);
            o.status = Some(status);
            o.location = Some(body_text.clone());
            o.why = Some(body_text.clone());
            (o, Vec::new())
        }
        (Some(v), false) => Outcome::answer(status, v, &program),
        (None, false) => (Outcome::text(status, &body_text), Vec::new()),
    };
    if flags & 64 != 0 {
        records = rest.to_vec();
    }
    o.ct = ct.or(o.ct.take());
    o.rid = rid;
    o.ec = ec.clone();
    o.em = em;
    o.ra = ra;
    o.rd = Some(1.8e12 + 5000.0);

    let mut config = json!({"baseUrl": "https://paas.example.com", "bk_app_code": "app",
        "bk_app_secret": APP_SECRET, "bk_token": TOKEN, "user": "alice"});
    if !esb {
        config["gateway"] = json!("apigw");
    }
    let config = config_text(&config);
    let input = input_text(&valid_params(&name), &json!({}), None);
    let answer = parsed.as_ref().map_or("u".to_string(), snap);
    let out = t::settle(
        id,
        &config,
        &input,
        0,
        attempt,
        &o.text_of(),
        &records,
        &answer,
        1.8e12,
        0.5,
    );
    let verdict = check_answer(&out).unwrap_or_else(|e| panic!("{e}"));

    // Never a secret, in any form.
    let v: J = serde_json::from_str(&out).unwrap();
    let mut all = Vec::new();
    strings(&v, &mut all);
    for secret in [APP_SECRET, TOKEN] {
        let json = serde_json::to_string(secret).unwrap();
        for form in [secret, &json[1..json.len() - 1], &percent(secret)] {
            assert!(
                !all.iter().any(|s| s.contains(form)),
                "{form:?} shown: {out}"
            );
        }
    }

    let safe = s.endpoints()[id as usize]["safe"] == true;
    let ok = (200..300).contains(&status);
    if let Answer::Retry(_) = verdict {
        assert!(safe && attempt <= 2, "retried: {out}");
        return;
    }
    if failure || flags & 64 != 0 {
        if let Answer::Ok(_) = verdict {
            assert!(
                !failure && ok && parsed.is_some(),
                "ok without an answer: {out}"
            );
        }
        return;
    }
    // The documented classification, with the description's shapes as the oracle.
    let envelope = parsed.as_ref().filter(|v| v.is_object());
    let result = envelope.and_then(|e| e.get("result")).and_then(J::as_bool);
    let ty = s.result(id);
    let shaped = envelope.is_some_and(|e| {
        s.conforms(e.get("data"), &ty, false, false, 0)
            && (!matches!(ty, Ty::Page(_)) || e["data"]["page"] == 1)
    });
    let expected = match (envelope.is_some(), result) {
        (true, Some(false)) => Some("api"),
        (true, Some(true)) if ok && shaped => None,
        (true, Some(true)) if ok => Some("decode"),
        _ if !ok && ec.is_some() => Some("api"),
        _ if !ok => Some("http"),
        _ => Some("decode"),
    };
    match verdict {
        Answer::Ok(_) => assert_eq!(expected, None, "ok: {out}"),
        Answer::Error(e) => {
            assert_eq!(e["kind"].as_str(), expected, "{out}");
            assert_eq!(e["status"], status.clamp(0, 999), "{out}");
            let limit = if e["kind"] == "api" { 2100 } else { 1500 };
            assert!(
                e["message"].as_str().unwrap().chars().count() <= limit,
                "{out}"
            );
        }
        Answer::Retry(_) => unreachable!(),
    }
});
