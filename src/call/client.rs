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

use crate::call::config::{
    merge_headers, ClientConfig, CookieMode, IterateOptions, RequestOptions, Settings,
};
use crate::call::credentials::Credentials;
use crate::call::door::{is_plain_http_to_remote, Outgoing};
use crate::call::envelope::{check_page_number, classify, EnvelopeKeys};
use crate::call::retry::{delay_ms, is_retryable, retry_after_ms};
use crate::call::transport::{finish, pause, start, Exchange};
use crate::endpoints::get_tickets::params::{GetTicketsParams, SECRET_KEYS};
use crate::error::{Issue, ItsmError, Redactor};
use crate::input::js_value::{to_value, Js, Unreadable, COPY_DEPTH};
use crate::input::value::Value;

/// A call, checked and ready to send (again, or for another page).
#[derive(Clone)]
pub(crate) struct Call {
    settings: Rc<Settings>,
    /// The base URL made absolute: the client's, or the page's origin with the client's path.
    base_url: String,
    /// The checked parameters.
    pub(crate) params: GetTicketsParams,
    credentials: Credentials,
    timeout_ms: u32,
    retries: u32,
    /// Extra request headers: the client's, with the call's over them.
    headers: Vec<(String, String)>,
    /// The caller's signal (or the walk's own, for `iterTickets`).
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
    to_value(js, COPY_DEPTH).map_err(|Unreadable(why)| {
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

/// Checks that the base URL can be used: an absolute one must be read by the URL parser as
/// written (a port beyond 65535, an unclosed `[`, a host the parser rewrites, such as one with
/// an ideographic full stop, would fail every call as a retried network error), and a relative
/// one needs a page to resolve against.
fn check_base_url(settings: &Settings) -> Result<(), ItsmError> {
    let base = &settings.base_url;
    if base.starts_with("http://") || base.starts_with("https://") {
        return match parse_url(base) {
            None => Err(no_url(base)),
            Some((_, hostname)) => {
                let written = written_host(base).to_ascii_lowercase();
                if hostname == written {
                    Ok(())
                } else {
                    Err(ItsmError::validation(vec![Issue::new(
                        "baseUrl",
                        format!(
                            "the host \"{written}\" is read by the URL parser as \"{hostname}\": \
                             write that instead"
                        ),
                    )]))
                }
            }
        };
    }
    page_origin().map(|_| ()).ok_or_else(|| {
        ItsmError::validation(vec![Issue::new(
            "baseUrl",
            "is required outside a browser page (there is no page origin to default to): pass \
             an absolute http(s) URL, e.g. createClient({ baseUrl: \"https://paas.example.com\" })",
        )])
    })
}

/// The host of an absolute `http(s)://host[:port][/path]` as written. (Prefix tests and byte
/// searches only: a substring search brings `core`'s two-way searcher, 2 KB, and its panic
/// path, 4 KB, into the module.)
fn written_host(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let slash = rest.bytes().position(|c| c == b'/').unwrap_or(rest.len());
    let authority = rest.get(..slash).unwrap_or(rest);
    let b = authority.as_bytes();
    let end = if b.first() == Some(&b'[') {
        b.iter().position(|&c| c == b']').map(|at| at + 1)
    } else {
        b.iter().rposition(|&c| c == b':')
    };
    end.and_then(|end| authority.get(..end))
        .unwrap_or(authority)
}

/// The origin and host name of `url` as the URL parser reads it.
fn parse_url(url: &str) -> Option<(String, String)> {
    let parts = url_parts(url)?;
    let (origin, hostname) = parts.split_once('\n')?;
    Some((origin.to_owned(), hostname.to_owned()))
}

/// The page's origin, from its own address (`location.href`, never `document.baseURI`, which
/// a `<base>` tag injected into the page would change): an http(s) origin, or none (Node, a
/// worker without a location, `about:blank`, a `file:` page, a sandboxed frame).
fn page_origin() -> Option<String> {
    parse_url(&page_href()?)
        .map(|(origin, _)| origin)
        .filter(|o| o.starts_with("http://") || o.starts_with("https://"))
}

/// The base URL a call goes to, absolute, and its origin.
fn resolve_base_url(
    settings: &Settings,
    page: Option<&str>,
) -> Result<(String, String), ItsmError> {
    let base = &settings.base_url;
    let absolute = if base.starts_with("http://") || base.starts_with("https://") {
        base.clone()
    } else {
        match page {
            // A path from the root (config.rs checks it): the page's origin and that path.
            Some(origin) => format!("{origin}{base}"),
            None => {
                return Err(check_base_url(settings)
                    .err()
                    .unwrap_or_else(|| no_url(base)))
            }
        }
    };
    match parse_url(&absolute) {
        Some((origin, _)) => Ok((absolute, origin)),
        None => Err(no_url(&absolute)),
    }
}

fn no_url(url: &str) -> ItsmError {
    ItsmError::validation(vec![Issue::new(
        "baseUrl",
        format!("\"{url}\" is not a URL the URL parser can read"),
    )])
}

// One call each, rather than `Reflect.get`s through wasm-bindgen's exception wrapper: the
// cookie is read on every call (see BENCHMARKS.md). Reading `document.cookie` throws in a
// sandboxed iframe; that counts as no cookie.
#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// The page's `location.href`, when there is a page.
    fn page_href() -> Option<String>;
    /// The page's `document.cookie`, when there is a page and it may be read.
    fn page_cookie() -> Option<String>;
    /// `"origin\nhostname"` of a URL, when the URL parser reads it.
    fn url_parts(url: &str) -> Option<String>;
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
pub(crate) fn validate(params: &JsValue) -> Vec<Issue> {
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
pub(crate) fn prepare(
    settings: &Rc<Settings>,
    params: &JsValue,
    options: &JsValue,
) -> Result<Call, ItsmError> {
    let (call, _) = prepare_with(settings, params, options, false)?;
    Ok(call)
}

/// Reads and checks the inputs of `iterTickets` / `getAllTickets`.
pub(crate) fn prepare_walk(
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
            // Read once: the object checked is the object used. A look-alike (an object made
            // from AbortSignal.prototype, a Proxy of a real signal) passes `instanceof` and
            // throws on every use; the real getter tells.
            let signal = Reflect::get(options, &"signal".into()).unwrap_or(JsValue::UNDEFINED);
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
        Some(()) => Reflect::get(options, &"onProgress".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok()),
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

    let call_credentials = Credentials {
        app_code: params.bk_app_code.clone(),
        app_secret: params.bk_app_secret.clone(),
        token: params.bk_token.clone(),
        username: params.bk_username.clone(),
    };
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
    let call = Call {
        redactor: redactor_for(&credentials, &raw_params),
        settings: settings.clone(),
        base_url,
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
pub(crate) fn run(call: Call) -> impl Future<Output = Result<Js, ItsmError>> {
    let outgoing = call
        .settings
        .door
        .prepare(&call.base_url, &call.params, &call.credentials);
    // A signal that has already fired: nothing is sent (and `attempts` says so).
    let first = match &call.signal {
        Some(signal) if signal_aborted(signal) => None,
        _ => Some(start(&exchange(&call, &outgoing))),
    };
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

async fn run_from(call: Call, outgoing: Outgoing, first: Option<Promise>) -> Result<Js, ItsmError> {
    if first.is_none() {
        let mut e = crate::call::transport::aborted();
        e.url = Some(outgoing.url.clone());
        return Err(e.redacted(&call.redactor));
    }
    let mut sent = first;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut retry_after = None;
        let request = match sent.take() {
            Some(request) => request,
            None => start(&exchange(&call, &outgoing)),
        };
        let result = match finish(request, &outgoing.url, call.timeout_ms).await {
            Ok(mut answer) => {
                retry_after = answer.retry_after.clone();
                answer.redact_excerpt(&call.redactor);
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
