//! One `get_tickets` call from start to end: read and check the JavaScript inputs
//! synchronously (so a bad call fails before anything is sent, and later changes to the
//! caller's objects do not matter), then send, classify, and redact.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::answer::{classify, EnvelopeKeys};
use crate::config::{ClientConfig, CookieMode, RequestOptions, Settings};
use crate::credentials::Credentials;
use crate::door::Outgoing;
use crate::error::{Issue, ItsmError, Redactor};
use crate::js_value::{to_value, Js, COPY_DEPTH};
use crate::params::{GetTicketsParams, SECRET_KEYS};
use crate::transport::{exchange, Exchange};
use crate::value::Value;

/// A call, checked and ready to send.
pub struct Call {
    outgoing: Outgoing,
    cookies: CookieMode,
    timeout_ms: u32,
    signal: Option<AbortSignal>,
    redactor: Redactor,
}

/// Reads a JavaScript input into a [`Value`]; a throwing getter becomes an issue.
fn read(js: &JsValue, what: &str) -> Result<Value, ItsmError> {
    to_value(js, COPY_DEPTH).map_err(|e| {
        let why = Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "it threw".to_owned());
        ItsmError::validation(vec![Issue::new(what, format!("could not be read: {why}"))])
    })
}

/// Checks a client configuration.
pub fn settings_from(config: &JsValue) -> Result<Settings, ItsmError> {
    let value = read(config, "config")?;
    let settings = ClientConfig::from_value(&value)
        .map_err(ItsmError::validation)?
        .settings();
    let redactor = settings.credentials.redactor();
    check_base_url(&settings).map_err(|e| e.redacted(&redactor))?;
    Ok(settings)
}

/// Without a page there is no origin for a relative `baseUrl` to resolve against.
fn check_base_url(settings: &Settings) -> Result<(), ItsmError> {
    let relative =
        !settings.base_url.starts_with("http://") && !settings.base_url.starts_with("https://");
    let has_page = Reflect::get(&js_sys::global(), &"location".into())
        .map(|l| l.is_object())
        .unwrap_or(false);
    if relative && !has_page {
        return Err(ItsmError::validation(vec![Issue::new(
            "baseUrl",
            "is required outside a browser page (there is no page origin to default to): pass \
             an absolute http(s) URL, e.g. createClient({ baseUrl: \"https://paas.example.com\" })",
        )]));
    }
    Ok(())
}

/// The page's `document.cookie`, when there is a page and it may be read.
fn page_cookie() -> Option<String> {
    let document = Reflect::get(&js_sys::global(), &"document".into()).ok()?;
    if !document.is_object() {
        return None;
    }
    Reflect::get(&document, &"cookie".into()).ok()?.as_string()
}

/// The redactor for everything a call carries: the credentials it resolved to, and any
/// string the caller put under a secret key, even an invalid one.
fn redactor_for(credentials: &Credentials, params: &Value) -> Redactor {
    let mut secrets: Vec<String> = [&credentials.app_secret, &credentials.token]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if let Value::Object(entries) = params {
        for (key, value) in entries {
            if let (true, Value::String(s)) = (SECRET_KEYS.contains(&key.as_str()), value) {
                secrets.push(s.clone());
            }
        }
    }
    Redactor::new(secrets.iter().map(String::as_str))
}

/// Every broken rule of a parameters object (empty when valid), secrets redacted.
pub fn validate(params: &JsValue) -> Vec<Issue> {
    let checked = read(params, "params").and_then(|raw| {
        GetTicketsParams::from_value(&raw).map_err(|issues| {
            ItsmError::validation(issues).redacted(&redactor_for(&Credentials::default(), &raw))
        })
    });
    match checked {
        Ok(_) => Vec::new(),
        Err(e) => e.issues,
    }
}

/// Reads and checks one call's inputs against a client's settings.
pub fn prepare(
    settings: &Settings,
    params: &JsValue,
    options: &JsValue,
) -> Result<Call, ItsmError> {
    let client_redactor = settings.credentials.redactor();
    let raw_params = read(params, "params").map_err(|e| e.redacted(&client_redactor))?;
    let early_redactor = redactor_for(&settings.credentials, &raw_params);
    let checked = GetTicketsParams::from_value(&raw_params);
    let raw_options = read(options, "options")?;
    let checked_options = RequestOptions::from_value(&raw_options);
    let (params, opts) = match (checked, checked_options) {
        (Ok(p), Ok(o)) => (p, o),
        (p, o) => {
            let mut issues = p.err().unwrap_or_default();
            issues.extend(o.err().unwrap_or_default());
            return Err(ItsmError::validation(issues).redacted(&early_redactor));
        }
    };
    let signal = match opts.signal {
        None => None,
        Some(()) => {
            let signal = Reflect::get(options, &"signal".into()).unwrap_or(JsValue::UNDEFINED);
            match signal.dyn_into::<AbortSignal>() {
                Ok(s) => Some(s),
                Err(_) => {
                    return Err(ItsmError::validation(vec![Issue::new(
                        "signal",
                        "expected an AbortSignal (from an AbortController), got another object",
                    )]))
                }
            }
        }
    };
    check_base_url(settings).map_err(|e| e.redacted(&early_redactor))?;

    let call_credentials = Credentials {
        app_code: params.bk_app_code.clone(),
        app_secret: params.bk_app_secret.clone(),
        token: params.bk_token.clone(),
        username: params.bk_username.clone(),
    };
    let cookie = match settings.cookies {
        CookieMode::Omit => None,
        _ => page_cookie(),
    };
    let credentials = Credentials::overlay(&call_credentials, &settings.credentials)
        .with_cookie_token(cookie.as_deref());
    let outgoing = settings
        .door
        .prepare(&settings.base_url, &params, &credentials);
    Ok(Call {
        outgoing,
        cookies: settings.cookies,
        timeout_ms: opts.timeoutMs.unwrap_or(settings.timeout_ms),
        signal,
        redactor: redactor_for(&credentials, &raw_params),
    })
}

/// Sends a prepared call: the page object on success, the error (redacted) otherwise.
pub async fn run(call: Call) -> Result<JsValue, ItsmError> {
    let attempt = async {
        let answer = exchange(Exchange {
            outgoing: &call.outgoing,
            cookies: call.cookies,
            timeout_ms: call.timeout_ms,
            signal: call.signal.as_ref(),
        })
        .await?;
        let page = classify(answer, &EnvelopeKeys::<Js>::new())?;
        if let Some(request_id) = &page.request_id {
            let _ = Reflect::set(
                &page.data.0,
                &"request_id".into(),
                &JsValue::from_str(request_id),
            );
        }
        Ok::<JsValue, ItsmError>(page.data.0)
    };
    attempt.await.map_err(|mut e| {
        e.attempts = 1;
        e.url = Some(call.outgoing.url.clone());
        e.redacted(&call.redactor)
    })
}
