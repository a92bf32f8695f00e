//! Parameters, client configuration and request options, from any JSON text.
//!
//! Must hold: no panic; every refusal names a key of the input (or the input itself when it is
//! not an object) and starts its message with it; values under `bk_app_secret`/`bk_token`
//! never reach a message; accepted parameters write a body that reads back as the same
//! parameters through both doors.
//!
//! JSON has no `undefined`, `NaN` or functions, which JavaScript callers can pass: strings
//! starting with U+0001 stand for them (see `special`), and the dictionary offers them.
#![no_main]

use bk_itsm_tickets::testing::{ClientConfig, RequestOptions};
use bk_itsm_tickets::testing::Credentials;
use bk_itsm_tickets::testing::Door;
use bk_itsm_tickets::testing::{Issue, ItsmError, Redactor};
use bk_itsm_tickets::testing::ObjectWriter;
use bk_itsm_tickets::testing::{GetTicketsParams, SECRET_KEYS};
use bk_itsm_tickets::testing::{self, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(input) = testing::try_parse(text) else {
        return;
    };
    let input = special(input);
    check_params(&input);
    if let Err(issues) = ClientConfig::from_value(&input) {
        check_refusal(&input, &issues, "config");
    }
    if let Err(issues) = RequestOptions::from_value(&input) {
        check_refusal(&input, &issues, "options");
    }
});

/// Replaces the stand-ins for what JSON cannot say.
fn special(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('\u{1}') => match &s[1..] {
            "u" => Value::Undefined,
            "nan" => Value::Number(f64::NAN),
            "inf" => Value::Number(f64::INFINITY),
            "-inf" => Value::Number(f64::NEG_INFINITY),
            "-0" => Value::Number(-0.0),
            "fn" => Value::Other("a function"),
            "big" => Value::Other("a bigint"),
            "sym" => Value::Other("a symbol"),
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(special).collect()),
        Value::Object(entries) => {
            Value::Object(entries.into_iter().map(|(k, v)| (k, special(v))).collect())
        }
        other => other,
    }
}

fn keys_of(v: &Value) -> Vec<&str> {
    match v {
        Value::Object(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn check_refusal(input: &Value, issues: &[Issue], whole: &str) {
    assert!(!issues.is_empty());
    let keys = keys_of(input);
    for issue in issues {
        assert!(
            issue.message.starts_with(&format!("{}: ", issue.field))
                || issue.message.starts_with(&format!("{}[", issue.field)),
            "{issue:?}"
        );
        match input {
            Value::Object(_) => assert!(keys.contains(&issue.field.as_str()), "{issue:?}"),
            _ => assert_eq!(issue.field, whole),
        }
    }
    let e = ItsmError::validation(issues.to_vec());
    assert_eq!(e.field.as_deref(), Some(issues[0].field.as_str()));
}

/// Strings of 4+ characters found under a secret key, at any depth.
fn secrets_in(input: &Value) -> Vec<String> {
    fn strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.chars().count() >= 4 => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            Value::Object(entries) => entries.iter().for_each(|(_, v)| strings(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Value::Object(entries) = input {
        for (k, v) in entries {
            if SECRET_KEYS.contains(&k.as_str()) {
                strings(v, &mut out);
            }
        }
    }
    out
}

fn check_params(input: &Value) {
    match GetTicketsParams::from_value(input) {
        Ok(p) => check_round_trip(&p),
        Err(issues) => {
            check_refusal(input, &issues, "params");
            // The redacted error holds no secret, whatever the secret is or where else it
            // appears in the input.
            let secrets = secrets_in(input);
            let e = ItsmError::validation(issues)
                .redacted(&Redactor::new(secrets.iter().map(String::as_str)));
            let all = format!("{e:?}");
            for s in &secrets {
                // A secret inside "[REDACTED]" itself cannot be told apart.
                if !"[REDACTED]".contains(s.as_str()) && !s.contains("REDACTED") {
                    assert!(!all.contains(s.as_str()), "{s:?} in {all}");
                }
            }
        }
    }
}

fn check_round_trip(p: &GetTicketsParams) {
    let filters = GetTicketsParams {
        bk_app_code: None,
        bk_app_secret: None,
        bk_token: None,
        bk_username: None,
        ..p.clone()
    };
    let mut w = ObjectWriter::new();
    p.write_filters(&mut w);
    let body = w.finish();
    let back = testing::try_parse(&body).expect("the body is JSON");
    assert_eq!(GetTicketsParams::from_value(&back), Ok(filters), "{body}");

    let credentials = Credentials {
        app_code: p.bk_app_code.clone(),
        app_secret: p.bk_app_secret.clone(),
        token: p.bk_token.clone(),
        username: p.bk_username.clone(),
    };
    let esb = Door::Esb.prepare("https://paas.example.com", p, &credentials);
    let back = testing::try_parse(&esb.body).expect("the ESB body is JSON");
    assert_eq!(
        GetTicketsParams::from_value(&back).as_ref(),
        Ok(p),
        "{}",
        esb.body
    );

    let gateway = Door::Gateway {
        name: "bk-itsm".into(),
        stage: "prod".into(),
    }
    .prepare("https://paas.example.com", p, &credentials);
    assert_eq!(gateway.body, body);
    if let Some(header) = &gateway.authorization {
        let back = testing::try_parse(header).expect("the header is JSON");
        assert!(GetTicketsParams::from_value(&back).is_ok(), "{header}");
    }
}
