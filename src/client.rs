//! One `get_tickets` call from start to end: read and check the JavaScript inputs
//! synchronously (so a bad call fails before anything is sent, and later changes to the
//! caller's objects do not matter), then send with retries, classify, and redact.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::answer::{check_page_number, classify, EnvelopeKeys};
use crate::config::{
    merge_headers, ClientConfig, CookieMode, IterateOptions, RequestOptions, Settings,
};
use crate::credentials::Credentials;
use crate::door::{is_plain_http_to_remote, Outgoing};
use crate::error::{Issue, ItsmError, Redactor};
use crate::js_value::{to_value, Js, COPY_DEPTH};
use crate::params::{GetTicketsParams, SECRET_KEYS};
use crate::retry::{delay_ms, is_retryable, retry_after_ms};
use crate::transport::{finish, pause, start, Exchange};
use crate::value::Value;

/// A call, checked and ready to send (again, or for another page).
#[derive(Clone)]
pub struct Call {
    settings: Rc<Settings>,
    /// The checked parameters.
    pub params: GetTicketsParams,
    credentials: Credentials,
    timeout_ms: u32,
    retries: u32,
    /// Extra request headers: the client's, with the call's over them.
    headers: Vec<(String, String)>,
    /// The caller's signal (or the walk's own, for `iterTickets`).
    pub signal: Option<AbortSignal>,
    redactor: Redactor,
}

/// How `iterTickets` walks the pages.
pub struct Walk {
    /// Stop after this many tickets.
    pub max_items: Option<u32>,
    /// Pages in flight at once.
    pub concurrency: u32,
    /// The progress callback.
    pub on_progress: Option<Function>,
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
        .map_err(|issues| {
            ItsmError::validation(issues).redacted(&redactor_for(&Credentials::default(), &value))
        })?
        .settings();
    check_base_url(&settings).map_err(|e| e.redacted(&settings.credentials.redactor()))?;
    Ok(settings)
}

/// Without a page there is no origin for a relative `baseUrl` to resolve against.
fn check_base_url(settings: &Settings) -> Result<(), ItsmError> {
    let relative =
        !settings.base_url.starts_with("http://") && !settings.base_url.starts_with("https://");
    if relative && page_origin().is_none() {
        return Err(ItsmError::validation(vec![Issue::new(
            "baseUrl",
            "is required outside a browser page (there is no page origin to default to): pass \
             an absolute http(s) URL, e.g. createClient({ baseUrl: \"https://paas.example.com\" })",
        )]));
    }
    Ok(())
}

// One call each, rather than two `Reflect.get`s through wasm-bindgen's exception wrapper: the
// cookie is read on every call (see BENCHMARKS.md). Reading `document.cookie` throws in a
// sandboxed iframe; that counts as no cookie.
#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// The page's origin, e.g. `https://portal.example.com`, when there is a page.
    fn page_origin() -> Option<String>;
    /// The page's `document.cookie`, when there is a page and it may be read.
    fn page_cookie() -> Option<String>;
}

/// The redactor for everything a call carries: the credentials it resolved to, and any
/// string the caller put under a secret key, even an invalid one.
fn redactor_for(credentials: &Credentials, raw: &Value) -> Redactor {
    let mut secrets: Vec<String> = [&credentials.app_secret, &credentials.token]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    if let Value::Object(entries) = raw {
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
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
) -> Result<Call, ItsmError> {
    let (call, _) = prepare_with(settings, params, options, false)?;
    Ok(call)
}

/// Reads and checks the inputs of `iterTickets` / `getAllTickets`.
pub fn prepare_walk(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
) -> Result<(Call, Walk), ItsmError> {
    prepare_with(settings, params, options, true)
}

fn prepare_with(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
    walk: bool,
) -> Result<(Call, Walk), ItsmError> {
    let raw_params =
        read(params, "params").map_err(|e| e.redacted(&settings.credentials.redactor()))?;
    let early = redactor_for(&settings.credentials, &raw_params);
    let raw_options = read(options, "options").map_err(|e| e.redacted(&early))?;
    let checked_options = if walk {
        IterateOptions::from_value(&raw_options)
    } else {
        RequestOptions::from_value(&raw_options).map(|o| IterateOptions {
            signal: o.signal,
            timeoutMs: o.timeoutMs,
            retries: o.retries,
            headers: o.headers,
            ..Default::default()
        })
    };
    // What the door would silently drop is refused like a broken rule: nothing is sent.
    let checked_params = GetTicketsParams::from_value(&raw_params)
        .and_then(|p| settings.door.check(&p).map(|()| p).map_err(|i| vec![i]));
    let (params, opts) = match (checked_params, checked_options) {
        (Ok(p), Ok(o)) => (p, o),
        (p, o) => {
            let mut issues = p.err().unwrap_or_default();
            issues.extend(o.err().unwrap_or_default());
            return Err(ItsmError::validation(issues).redacted(&early));
        }
    };
    let signal = match opts.signal {
        None => None,
        Some(()) => {
            match Reflect::get(options, &"signal".into()).map(JsCast::dyn_into::<AbortSignal>) {
                Ok(Ok(signal)) => Some(signal),
                _ => {
                    return Err(ItsmError::validation(vec![Issue::new(
                        "signal",
                        "expected an AbortSignal (from an AbortController), got another object",
                    )]))
                }
            }
        }
    };
    let on_progress = match opts.onProgress {
        None => None,
        Some(()) => Reflect::get(options, &"onProgress".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok()),
    };
    check_base_url(settings).map_err(|e| e.redacted(&early))?;

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
    if credentials.app_secret.is_some() {
        warn_if_secret_in_clear(&settings.base_url);
    }
    let call = Call {
        redactor: redactor_for(&credentials, &raw_params),
        settings: settings.clone(),
        params,
        credentials,
        timeout_ms: opts.timeoutMs.unwrap_or(settings.timeout_ms),
        retries: opts.retries.unwrap_or(settings.retries),
        headers: merge_headers(&settings.headers, opts.headers.unwrap_or_default()),
        signal,
    };
    let walk = Walk {
        max_items: opts.maxItems,
        concurrency: opts.concurrency.unwrap_or(1),
        on_progress,
    };
    Ok((call, walk))
}

thread_local! {
    static WARNED_CLEAR_SECRET: Cell<bool> = const { Cell::new(false) };
    /// The envelope's and the page's property names as JavaScript strings, made once for the
    /// page: made per call, they were 26 strings copied out of wasm each time (see
    /// BENCHMARKS.md).
    static KEYS: EnvelopeKeys<Js> = EnvelopeKeys::new();
}

/// Logs one warning per page when `bk_app_secret` is about to travel over plain `http:` to a
/// host other than loopback.
fn warn_if_secret_in_clear(base_url: &str) {
    let absolute = if base_url.starts_with("http://") || base_url.starts_with("https://") {
        base_url.to_owned()
    } else {
        format!("{}{base_url}", page_origin().unwrap_or_default())
    };
    if is_plain_http_to_remote(&absolute) && !WARNED_CLEAR_SECRET.with(|w| w.replace(true)) {
        web_sys::console::warn_1(
            &"bk-itsm-tickets: bk_app_secret is being sent over plain http: to a host that is not \
              loopback; anyone on the network path can read it. Use https:, or better, keep the \
              secret on your server behind a same-origin proxy (see the README's security section)."
                .into(),
        );
    }
}

/// Sends a prepared call, with retries: the page object on success, the error (redacted)
/// with the number of attempts otherwise.
///
/// The first request leaves before this returns (see `transport::start`); the returned future
/// reads its answer, and sends again when a retry is due.
pub fn run(call: Call) -> impl Future<Output = Result<Js, ItsmError>> {
    let outgoing =
        call.settings
            .door
            .prepare(&call.settings.base_url, &call.params, &call.credentials);
    let first = start(&exchange(&call, &outgoing));
    run_from(call, outgoing, first)
}

fn exchange<'a>(call: &'a Call, outgoing: &'a Outgoing) -> Exchange<'a> {
    Exchange {
        outgoing,
        cookies: call.settings.cookies,
        headers: &call.headers,
        timeout_ms: call.timeout_ms,
        signal: call.signal.as_ref(),
    }
}

async fn run_from(call: Call, outgoing: Outgoing, first: Promise) -> Result<Js, ItsmError> {
    let mut sent = Some(first);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut retry_after = None;
        let request = match sent.take() {
            Some(request) => request,
            None => start(&exchange(&call, &outgoing)),
        };
        let result = match finish(request, &outgoing.url, call.timeout_ms).await {
            Ok(answer) => {
                retry_after = answer.retry_after.clone();
                let status = answer.status;
                KEYS.with(|keys| {
                    classify(answer, keys).and_then(|page| {
                        let requested = call.params.page.unwrap_or(1);
                        check_page_number(&page.data, keys, requested, page.request_id.as_deref())
                            .map(|()| page)
                            .map_err(|e| e.with_status(status))
                    })
                })
            }
            Err(e) => Err(e),
        };
        let error = match result {
            Ok(page) => {
                if let Some(request_id) = &page.request_id {
                    let _ = Reflect::set(
                        &page.data.0,
                        &"request_id".into(),
                        &JsValue::from_str(request_id),
                    );
                }
                return Ok(page.data);
            }
            Err(e) => e,
        };
        let wait = if attempts <= call.retries && is_retryable(&error) {
            let after = retry_after.and_then(|v| {
                retry_after_ms(&v, js_sys::Date::now(), |d| {
                    Some(js_sys::Date::parse(d)).filter(|t| !t.is_nan())
                })
            });
            delay_ms(attempts, after, js_sys::Math::random())
        } else {
            None
        };
        let error = match wait {
            Some(ms) => match pause(ms, call.signal.as_ref()).await {
                Ok(()) => continue,
                Err(aborted) => aborted,
            },
            None => error,
        };
        let mut error = error;
        error.attempts = attempts;
        error.url = Some(outgoing.url.clone());
        return Err(error.redacted(&call.redactor));
    }
}
