//! One call of any endpoint from start to end: read and check the JavaScript inputs
//! synchronously (so a bad call fails before anything is sent, and later changes to the
//! caller's objects do not matter), then send with retries, classify, and redact.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::call::config::{
    merge_headers, ClientConfig, CookieMode, IterateOptions, RequestOptions, Settings,
};
use crate::call::credentials::{Credentials, SECRET_KEYS};
use crate::call::envelope::{check_page_number, classify, Response, Success};
use crate::call::request::Request;
use crate::call::retry::{delay_ms, is_retryable, retry_after_ms};
use crate::call::transport::{finish, pause, start, Exchange};
use crate::call::url::{check_base_url, is_plain_http_to_remote, page_origin, resolve_base_url};
use crate::endpoints::{Endpoint, Params};
use crate::error::{Issue, ItsmError, Redactor};
use crate::input::js_value::{entry_value, to_value_keeping, Js, Unreadable, COPY_DEPTH};
use crate::input::value::Value;

/// A call of endpoint `E`, checked and ready to send (again, or for another page).
pub(crate) struct Call<E: Endpoint> {
    /// The checked parameters.
    pub(crate) params: E::Params,
    /// Everything else, which does not depend on the endpoint.
    pub(crate) common: Common,
}

// By hand: a derived `Clone` would ask `E` itself to be `Clone`.
impl<E: Endpoint> Clone for Call<E> {
    fn clone(&self) -> Self {
        Call {
            params: self.params.clone(),
            common: self.common.clone(),
        }
    }
}

/// What a call needs besides its parameters. Kept apart from them so that the code that reads
/// the options and sends the request is compiled once, not once per endpoint (each copy cost
/// about 6 KB gzip of the module: see BENCHMARKS.md).
#[derive(Clone)]
pub(crate) struct Common {
    settings: Rc<Settings>,
    /// The base URL made absolute: the client's, or the page's origin with the client's path.
    base_url: String,
    credentials: Credentials,
    timeout_ms: u32,
    retries: u32,
    /// Extra request headers: the client's, with the call's over them.
    headers: Vec<(String, String)>,
    /// The caller's signal (or the walk's own, for a walk).
    pub(crate) signal: Option<AbortSignal>,
    redactor: Redactor,
}

/// How `iterTickets` walks the pages.
pub(crate) struct Walk {
    /// Stop after this many tickets.
    pub(crate) max_items: Option<u32>,
    /// Pages in flight at once.
    pub(crate) concurrency: u32,
    /// The progress callback.
    pub(crate) on_progress: Option<Function>,
}

/// Reads a JavaScript input into a [`Value`]; a throwing getter or a revoked Proxy becomes an
/// issue (caught in JavaScript: an exception that unwound through the module's frames would
/// leak its stack, and a few hundred of them break the module for the rest of the page).
fn read(js: &JsValue, what: &str) -> Result<Value, ItsmError> {
    read_keeping(js, what).map(|(value, _)| value)
}

/// [`read`], with the top object's entries as that read listed them (see `to_value_keeping`).
fn read_keeping(js: &JsValue, what: &str) -> Result<(Value, Option<Array>), ItsmError> {
    to_value_keeping(js, COPY_DEPTH).map_err(|Unreadable(why)| {
        ItsmError::validation(vec![Issue::new(what, format!("could not be read: {why}"))])
    })
}

/// Checks a client configuration.
pub(crate) fn settings_from(config: &JsValue) -> Result<Settings, ItsmError> {
    let value = read(config, "config")?;
    let settings = ClientConfig::from_value(&value)
        .map_err(|issues| {
            ItsmError::validation(issues).redacted(&redactor_for(&Credentials::default(), &value))
        })?
        .settings();
    check_base_url(&settings).map_err(|e| e.redacted(&settings.credentials.redactor()))?;
    Ok(settings)
}

// One call each, rather than `Reflect.get`s through wasm-bindgen's exception wrapper: the
// cookie is read on every call (see BENCHMARKS.md). Reading `document.cookie` throws in a
// sandboxed iframe; that counts as no cookie.
#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// The page's `document.cookie`, when there is a page and it may be read.
    fn page_cookie() -> Option<String>;
    /// `true` when there is no global `fetch` to send with.
    fn fetch_missing() -> bool;
    /// `console.warn`, whose exception (test set-ups make it throw) is swallowed.
    fn warn(message: &str);
    /// 0 or 1 (`aborted`) for a real `AbortSignal`, read through the real getter; 2 for
    /// anything else.
    fn signal_state(signal: &JsValue) -> u8;
}

/// `true` when a caller's signal has fired, read through the getter `AbortSignal.prototype`
/// had when the module loaded: a page that patches it later cannot make the read throw.
pub(crate) fn signal_aborted(signal: &AbortSignal) -> bool {
    signal_state(signal) == 1
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
pub(crate) fn validate<P: Params>(params: &JsValue) -> Vec<Issue> {
    let checked = read(params, "params").and_then(|raw| {
        P::from_value(&raw).map_err(|issues| {
            ItsmError::validation(issues).redacted(&redactor_for(&Credentials::default(), &raw))
        })
    });
    match checked {
        Ok(_) => Vec::new(),
        Err(e) => e.issues,
    }
}

/// Reads and checks one call's inputs against a client's settings.
pub(crate) fn prepare<E: Endpoint>(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
) -> Result<Call<E>, ItsmError> {
    let (call, _) = prepare_with(settings, params, options, false)?;
    Ok(call)
}

/// Reads and checks the inputs of `iterTickets` / `getAllTickets`.
pub(crate) fn prepare_walk<E: Endpoint>(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
) -> Result<(Call<E>, Walk), ItsmError> {
    prepare_with(settings, params, options, true)
}

fn prepare_with<E: Endpoint>(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
    walk: bool,
) -> Result<(Call<E>, Walk), ItsmError> {
    let mut checked = None;
    let (common, walk) = prepare_common(settings, params, options, walk, &mut |raw| {
        // What the door would silently drop is refused like a broken rule: nothing is sent.
        let p = E::Params::from_value(raw).and_then(|p| {
            p.check_door(&settings.door)
                .map(|()| p)
                .map_err(|i| vec![i])
        })?;
        let credentials = p.credentials();
        checked = Some(p);
        Ok(credentials)
    })?;
    match checked {
        Some(params) => Ok((Call { params, common }, walk)),
        // `prepare_common` succeeds only after the check above has succeeded.
        None => Err(ItsmError::validation(Vec::new())),
    }
}

/// [`prepare_with`] but for the parameters, which `check` reads and checks (returning the
/// credentials they give): compiled once for every endpoint.
fn prepare_common(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
    walk: bool,
    check: &mut dyn FnMut(&Value) -> Result<Credentials, Vec<Issue>>,
) -> Result<(Common, Walk), ItsmError> {
    let raw_params =
        read(params, "params").map_err(|e| e.redacted(&settings.credentials.redactor()))?;
    let early = redactor_for(&settings.credentials, &raw_params);
    // The signal and the progress callback are taken from the same read the checks run on:
    // the object checked is the object used, and no getter of the caller's runs twice.
    let (raw_options, entries) =
        read_keeping(options, "options").map_err(|e| e.redacted(&early))?;
    let handle = |key: &str| {
        entries
            .as_ref()
            .map_or(JsValue::UNDEFINED, |e| entry_value(e, key))
    };
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
    let checked_params = check(&raw_params);
    let (call_credentials, opts) = match (checked_params, checked_options) {
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
            // A look-alike (an object made from AbortSignal.prototype, a Proxy of a real
            // signal) passes `instanceof` and throws on every use; the real getter tells.
            let signal = handle("signal");
            if signal_state(&signal) > 1 {
                return Err(ItsmError::validation(vec![Issue::new(
                    "signal",
                    "expected an AbortSignal (from an AbortController), got an object that is \
                     not one",
                )]));
            }
            Some(signal.unchecked_into::<AbortSignal>())
        }
    };
    let on_progress = match opts.onProgress {
        None => None,
        Some(()) => handle("onProgress").dyn_into::<Function>().ok(),
    };
    let page = page_origin();
    let (base_url, target_origin) =
        resolve_base_url(settings, page.as_deref()).map_err(|e| e.redacted(&early))?;
    if fetch_missing() {
        return Err(ItsmError::validation(vec![Issue::new(
            "fetch",
            "is not available: this package sends with the global fetch (browsers, Node 18+); \
             install a fetch polyfill in older environments",
        )]));
    }

    // The login cookie's token goes only to the page's own origin: not to another one the
    // client was pointed at, nor to one a `<base>` tag would have chosen (a `bk_token` given
    // explicitly goes where it was given for).
    let cookie = match settings.cookies {
        CookieMode::Omit => None,
        _ if page.as_deref() == Some(target_origin.as_str()) => page_cookie(),
        _ => None,
    };
    let credentials = Credentials::overlay(&call_credentials, &settings.credentials)
        .with_cookie_token(cookie.as_deref());
    if credentials.app_secret.is_some() {
        warn_if_secret_in_clear(&base_url);
    }
    let common = Common {
        redactor: redactor_for(&credentials, &raw_params),
        settings: settings.clone(),
        base_url,
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
    Ok((common, walk))
}

thread_local! {
    static WARNED_CLEAR_SECRET: Cell<bool> = const { Cell::new(false) };
}

/// Logs one warning per page when `bk_app_secret` is about to travel over plain `http:` to a
/// host other than loopback.
fn warn_if_secret_in_clear(absolute: &str) {
    if is_plain_http_to_remote(absolute) && !WARNED_CLEAR_SECRET.with(|w| w.replace(true)) {
        warn(
            "bk-itsm-tickets: bk_app_secret is being sent over plain http: to a host that is not \
             loopback; anyone on the network path can read it. Use https:, or better, keep the \
             secret on your server behind a same-origin proxy (see the README's security section).",
        );
    }
}

/// Sends a prepared call, with retries: the page object on success, the error (redacted)
/// with the number of attempts otherwise.
///
/// The first request leaves before this returns (see `transport::start`); the returned future
/// reads its answer, and sends again when a retry is due.
pub(crate) fn run<E: Endpoint>(call: Call<E>) -> impl Future<Output = Result<Js, ItsmError>> {
    let request = call.common.settings.door.prepare(
        &call.common.base_url,
        &call.params,
        &call.common.credentials,
    );
    let answer = Answer {
        requested_page: call.params.page().unwrap_or(1),
        safe_to_repeat: E::SAFE_TO_REPEAT,
        classify: classify_as::<E>,
    };
    send(call.common, request, answer)
}

/// What the endpoint decides about its answers, for the code that sends (compiled once).
struct Answer {
    /// The page asked for (1 when none was, or for an endpoint that is not paged).
    requested_page: i64,
    /// The endpoint's [`Endpoint::SAFE_TO_REPEAT`].
    safe_to_repeat: bool,
    /// The envelope classifier with the endpoint's result shape.
    classify: fn(Response<Js>, i64) -> Result<Success<Js>, ItsmError>,
}

/// Classifies an answer of endpoint `E` (`requested`: the page asked for).
fn classify_as<E: Endpoint>(
    response: Response<Js>,
    requested: i64,
) -> Result<Success<Js>, ItsmError> {
    let status = response.status;
    E::with_keys(|keys| {
        classify(response, keys).and_then(|page| {
            check_page_number(&page.data, keys, requested, page.request_id.as_deref())
                .map(|()| page)
                .map_err(|e| e.with_status(status))
        })
    })
}

fn send(
    call: Common,
    request: Request,
    answer: Answer,
) -> impl Future<Output = Result<Js, ItsmError>> {
    // A signal that has already fired: nothing is sent (and `attempts` says so).
    let first = match &call.signal {
        Some(signal) if signal_aborted(signal) => None,
        _ => Some(start(&exchange(&call, &request))),
    };
    run_from(call, request, answer, first)
}

fn exchange<'a>(call: &'a Common, request: &'a Request) -> Exchange<'a> {
    Exchange {
        request,
        cookies: call.settings.cookies,
        headers: &call.headers,
        timeout_ms: call.timeout_ms,
        signal: call.signal.as_ref(),
    }
}

async fn run_from(
    call: Common,
    request: Request,
    answer: Answer,
    first: Option<Promise>,
) -> Result<Js, ItsmError> {
    if first.is_none() {
        let mut e = crate::call::transport::aborted();
        e.url = Some(request.url.clone());
        return Err(e.redacted(&call.redactor));
    }
    let mut sent = first;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut retry_after = None;
        let pending = match sent.take() {
            Some(pending) => pending,
            None => start(&exchange(&call, &request)),
        };
        let result = match finish(pending, &request.url, call.timeout_ms).await {
            Ok(mut response) => {
                retry_after = response.retry_after.clone();
                response.redact_excerpt(&call.redactor);
                (answer.classify)(response, answer.requested_page)
            }
            Err(e) => Err(e),
        };
        let error = match result {
            Ok(page) => {
                // `request_id` is the answer's string, or absent, as declared: never a value
                // the server put in `data` itself.
                let key = JsValue::from_str("request_id");
                let _ = match &page.request_id {
                    Some(request_id) => {
                        Reflect::set(&page.data.0, &key, &JsValue::from_str(request_id))
                    }
                    None => Reflect::delete_property(
                        page.data.0.unchecked_ref::<js_sys::Object>(),
                        &key,
                    ),
                };
                return Ok(page.data);
            }
            Err(e) => e,
        };
        let wait = if attempts <= call.retries && is_retryable(&error, answer.safe_to_repeat) {
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
        error.url = Some(request.url.clone());
        return Err(error.redacted(&call.redactor));
    }
}
