//! One call of any endpoint, as the driver asks for it. The module keeps nothing between two
//! questions: the driver hands back the client's configuration and the call's inputs as it
//! read them (two snapshot texts), and [`plan`] derives the same call from them each time:
//! [`prepare`] writes its request (or its error), [`settle`] says what an answer means and
//! whether to try again. Reading a call again costs microseconds; keeping it would cost the
//! code that writes and reads it back, and the care that it stays the same.
//!
//! Every answer to the driver is JSON: `{"e": error}`, or what to do next.

use crate::mem::vec;
use crate::mem::String;
use crate::mem::Vec;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::engine::config::{
    common_of, locale_of, merge_headers, Settings, OPTIONS, POLL_OPTIONS, WALK_OPTIONS,
};
use crate::engine::credentials::{is_secret, Credentials, COMMON};
use crate::engine::describe::{Check, Doors, Endpoint, Method, Param, Poll, Rule, Ty};
use crate::engine::envelope::{classify, is_invalid_page, outcome};
use crate::engine::params::{check_rules, read_rows, Blank, Given};
use crate::engine::request::{self, Request};
use crate::engine::retry::{delay_ms, is_retryable, retry_after_ms};
use crate::engine::rules::Wire;
use crate::engine::shape::{Answer, Source};
use crate::engine::url;
use crate::engine::value::{read, Other, Value};
use crate::engine::walk::{json_text, Walk, DEFAULT_PAGE_SIZE};
use crate::error::render::{issues_json, to_json, Render};
use crate::error::{Issue, ItsmError, Kind, Locale, Msg, Redactor, Sent};
use crate::text::json::{self, Obj};
use crate::text::{int_text, push_int};

/// `{"e": error}` in `locale`, through `redactor`.
pub(crate) fn error_json(e: &ItsmError, locale: Locale, redactor: &Redactor) -> String {
    let mut o = Obj::new();
    o.raw("e", &to_json(e, &Render { locale, redactor }));
    o.finish()
}

/// A redactor for the secrets of `creds` and those an input carries: any string under a
/// secret key of `raw`, even an invalid one. (One list for every redactor: one copy of
/// `Redactor::new` in the module.)
fn redactor(creds: Option<&Credentials>, raw: &Value) -> Redactor {
    let mut secrets: Vec<&str> = Vec::new();
    if let Some(creds) = creds {
        for (p, v) in COMMON.iter().zip(&creds.0) {
            if let (Rule::Secret, Some(s)) = (p.rule, v) {
                secrets.push(s);
            }
        }
    }
    for (k, v) in raw.entries() {
        if let (true, Some(s)) = (is_secret(k), v.str()) {
            secrets.push(s);
        }
    }
    Redactor::new(secrets)
}

/// Item `i` of the inputs `input` (undefined past their end).
fn item(input: &Value, i: usize) -> &Value {
    input.items().get(i).unwrap_or(&Value::Undefined)
}

/// The row of `key` among `params` (a plain loop: `find`'s adapters cost the module more).
#[allow(clippy::manual_find)]
fn row_of<'a>(params: &'a [Param], key: &str) -> Option<&'a Param> {
    for p in params {
        if p.key == key {
            return Some(p);
        }
    }
    None
}

/// The issue of an input whose read threw (a revoked Proxy, a throwing getter).
fn unreadable(what: &str, v: &Value) -> Option<Issue> {
    match v {
        Value::Other(Other::Threw(why)) => {
            let why = if why.is_empty() {
                "it threw when read (a revoked Proxy?)"
            } else {
                why
            };
            Some(Issue::new(what, Msg::Unreadable, &[why]))
        }
        _ => None,
    }
}

/// A client's settings from its configuration snapshot `[config, env]`, or the error.
fn settings(config_text: &str) -> Result<(Settings, Given), (ItsmError, Locale, Redactor)> {
    let input = read(config_text);
    let at = |i: usize| item(&input, i);
    let (config, env) = (at(0), at(1));
    let lang = env.get("lang").str();
    let read = match unreadable("config", config) {
        Some(issue) => Err(vec![issue]),
        None => Settings::from_config(config, lang),
    };
    let (settings, given) = match read {
        Ok(read) => read,
        Err(issues) => {
            return Err((
                ItsmError::validation(issues),
                locale_of(lang),
                redactor(None, config),
            ))
        }
    };
    // The module functions' client is made on first use: where it cannot work (Node, no base
    // URL), its calls say so, and `validate` still works.
    if !matches!(env.get("fallback"), Value::Bool(true)) {
        let page = url::page_origin(env.get("href").str());
        if let Err(issue) = url::check_base(&settings.base, page.as_deref()) {
            return Err((
                ItsmError::validation(vec![issue]),
                settings.locale,
                redactor(Some(&settings.creds), &Value::Undefined),
            ));
        }
    }
    Ok((settings, given))
}

/// `createClient`: the handles the driver keeps (`fetch`, hooks), or the error.
pub(crate) fn client(config_text: &str) -> String {
    match settings(config_text) {
        Err((e, locale, redactor)) => error_json(&e, locale, &redactor),
        Ok((_, given)) => {
            let mut o = Obj::new();
            o.raw("ok", "1");
            if let Some(h) = given.handle("fetch") {
                o.int("fetch", i64::from(h));
            }
            if let Some(Wire::Hooks(hooks)) = given.get("hooks") {
                let out = o.key("hooks");
                out.push('{');
                for (i, (name, handles)) in hooks.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::push_str(out, name, false);
                    out.push_str(":[");
                    for (j, h) in handles.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        push_int(out, i64::from(*h));
                    }
                    out.push(']');
                }
                out.push('}');
            }
            o.finish()
        }
    }
}

/// The language a client's configuration snapshot asks for.
pub(crate) fn locale(config_text: &str) -> Locale {
    match settings(config_text) {
        Ok((s, _)) => s.locale,
        Err((_, locale, _)) => locale,
    }
}

/// Reads a call's options by the rows of `tables`.
fn read_options(options: &Value, tables: &[&'static [Param]]) -> (Given, Vec<Issue>) {
    match unreadable("options", options) {
        Some(issue) => (Given::default(), vec![issue]),
        None => read_rows(options, "options", tables, Blank::Refused),
    }
}

/// Reads an endpoint's parameters (the rows, the rules between them): what `validate` and
/// [`plan`] share.
fn read_params(endpoint: &Endpoint, params: &Value) -> (Given, Vec<Issue>) {
    if let Some(issue) = unreadable("params", params) {
        return (Given::default(), vec![issue]);
    }
    let (mut given, mut issues) = read_rows(
        params,
        "params",
        &[endpoint.params, COMMON],
        Blank::NotGiven,
    );
    check_rules(&given, endpoint.checks, &mut issues);
    for check in endpoint.checks {
        if let Check::EmptyWhen(key, other, values) = *check {
            let when = given.str(other).is_some_and(|v| values.contains(&v));
            let row = row_of(endpoint.params, key);
            if let (true, None, Some(row)) = (when, given.get(key), row) {
                let empty = match row.rule {
                    Rule::Fields { .. } => Some(Wire::Fields(Vec::new())),
                    Rule::List(_) => Some(Wire::Strs(Vec::new())),
                    _ => None,
                };
                given.set(endpoint.params, key, empty);
            }
        }
    }
    (given, issues)
}

/// `validate`: every broken rule of the snapshot `[params]` for `endpoint`, as a JSON array
/// of issues (empty when valid), in the language of the client `config_text`.
pub(crate) fn validate(endpoint: &Endpoint, config_text: &str, input_text: &str) -> String {
    let input = read(input_text);
    let params = item(&input, 0);
    let (mut given, mut issues) = read_params(endpoint, params);
    if let Ok((settings, _)) = settings(config_text) {
        pin_identity(endpoint, &settings, &mut given, &mut issues);
    }
    let redactor = redactor(None, params);
    issues_json(
        &issues,
        &Render {
            locale: locale(config_text),
            redactor: &redactor,
        },
    )
}

/// `validateTicketFields`: every broken rule of the snapshot `[service, values]` (a service as
/// `get_service_detail` resolves it, and a form's values) at the time `now`, as a JSON array
/// of issues named by the form's keys, in the language of the client `config_text`.
pub(crate) fn validate_fields(config_text: &str, input_text: &str, now: f64) -> String {
    let input = read(input_text);
    let at = |i: usize| item(&input, i);
    let (service, values) = (at(0), at(1));
    let mut issues = Vec::new();
    let form = service.get("fields");
    if let Some(issue) = unreadable("service", service).or(unreadable("values", values)) {
        issues.push(issue);
    } else if !matches!(form, Value::Arr(_)) {
        issues.push(Issue::new(
            "service",
            Msg::NotAForm,
            &["a service's form", "get_service_detail"],
        ));
    } else {
        // A form not filled in yet: its required fields are what is missing.
        let nothing = Value::Obj(Vec::new());
        let values = match values {
            Value::Undefined | Value::Null => &nothing,
            Value::Arr(v) if v.is_empty() => &nothing,
            v => v,
        };
        let read = crate::engine::rules::read("values", values, &Rule::Fields { strings: false });
        let mut list = match read {
            Ok(Wire::Fields(list)) => list,
            Ok(_) => Vec::new(),
            Err(issue) if issue.msg == Msg::Required => Vec::new(),
            Err(issue) => {
                issues.push(issue);
                Vec::new()
            }
        };
        if issues.is_empty() {
            crate::engine::form::check(form.items(), &mut list, now, "", &mut issues);
        }
    }
    issues_json(
        &issues,
        &Render {
            locale: locale(config_text),
            redactor: &Redactor::default(),
        },
    )
}

/// The parameters of a call whose only parameter is `key` (a string or an integer), as JSON.
fn only_param(key: &str, value: Option<&Wire>) -> String {
    let mut p = Obj::new();
    match value {
        Some(Wire::Int(n)) => p.int(key, *n),
        Some(Wire::Str(v)) => p.str(key, v),
        _ => &mut p,
    };
    p.finish()
}

/// The default of a poll's `waitMs`.
const DEFAULT_WAIT_MS: i64 = 15_000;

/// A poll's next step: `{"call": {id, p}}` (ask the endpoint), `{"after": ms}` (ask again
/// after a pause), `{"done": 1}` (the answer given is the result), or `{"e": error}`.
pub(crate) fn poll(
    poll: &Poll,
    all: &[&'static Endpoint],
    config_text: &str,
    input_text: &str,
    attempt: u32,
) -> String {
    let locale = locale(config_text);
    let input = read(input_text);
    let at = |i: usize| item(&input, i);
    let (argument, options, answer, elapsed) = (at(0), at(1), at(3), at(4));
    let mut issues = Vec::new();
    let row = row_of(poll.endpoint.params, poll.key);
    let value = match (row, argument) {
        (_, Value::Undefined) => {
            issues.push(Issue::new(poll.key, Msg::Required, &[]));
            None
        }
        (Some(row), v) => match crate::engine::rules::read(poll.key, v, &row.rule) {
            Ok(w) => Some(w),
            Err(issue) => {
                issues.push(issue);
                None
            }
        },
        (None, _) => None,
    };
    let (opts, mut more) = read_options(options, &[POLL_OPTIONS]);
    issues.append(&mut more);
    if !issues.is_empty() {
        return error_json(&ItsmError::validation(issues), locale, &Redactor::default());
    }
    let mut o = Obj::new();
    if let Some(h) = opts.handle("signal") {
        o.int("signal", i64::from(h));
    }
    let done = !answer.get(poll.until).items().is_empty()
        || answer
            .get(poll.or.0)
            .str()
            .is_some_and(|s| poll.or.1.contains(&s));
    let limit = opts.int("waitMs").unwrap_or(DEFAULT_WAIT_MS);
    let spent = elapsed.num().unwrap_or(0.0).max(0.0) as i64;
    if matches!(answer, Value::Undefined) {
        let id = all.iter().position(|e| core::ptr::eq(*e, poll.endpoint));
        let mut c = Obj::new();
        c.int("id", id.map_or(-1, |i| i as i64));
        c.raw("p", &only_param(poll.key, value.as_ref()));
        o.raw("call", &c.finish());
    } else if done {
        o.raw("done", "1");
    } else if spent >= limit {
        let mut e = ItsmError::new(Kind::Timeout, Msg::NotYet, &[&int_text(limit)]);
        e.attempts = attempt;
        return error_json(&e, locale, &Redactor::default());
    } else {
        // After the first request 300 ms, then 600 ms, then every second: a flow usually starts
        // within half a second.
        let pause = (300 * i64::from(attempt.max(1).min(4))).min(1000);
        o.int("after", pause.min(limit - spent).max(0));
    }
    o.finish()
}

/// Whether the one warning about a secret over plain `http:` was given on this page.
static WARNED_CLEAR_SECRET: AtomicBool = AtomicBool::new(false);

/// A call, as its inputs give it.
struct Plan {
    locale: Locale,
    redactor: Redactor,
    /// The request (absent for a walk's plan).
    request: Option<Request>,
    cookies: String,
    timeout: i64,
    retries: i64,
    /// The page asked for.
    page: i64,
    /// The walk, for a walk's plan.
    walk: Option<Walk>,
    /// The handles of the options the driver uses.
    signal: Option<u32>,
    progress: Option<u32>,
    /// `true` when `bk_app_secret` goes over plain `http:` to a host that is not loopback.
    secret_in_clear: bool,
    /// The call to make first, when the call is checked against its answer (`Before`): the
    /// endpoint's id and its parameters (JSON).
    before: Option<(usize, String, String)>,
}

impl Plan {
    /// The request's address as hooks and errors show it: without a secret.
    fn url(&self) -> Option<String> {
        self.request.as_ref().map(|r| self.redactor.redact(&r.url))
    }
}

/// How a call's inputs are read.
#[derive(Clone, Copy)]
struct Reading<'a> {
    /// The page asked for (≥ 1: that page of a walk; 0: the call's own).
    page: i64,
    /// A walk's plan rather than a request.
    walk: bool,
    /// Check the call against another endpoint's answer (`Before`), with every endpoint (to
    /// name that one by its id) and the time: only before a request is sent. Once it is, the
    /// same checks could come out otherwise (a date rule at midnight): a sent request's
    /// answer must not turn into a refusal.
    before: Option<(&'a [&'static Endpoint], f64)>,
}

type Failed = (ItsmError, Locale, Redactor);

/// Reads and checks a call's inputs (`[params, options, env]`) against the client's
/// configuration, and writes its request. `page` (≥ 1) asks for that page of a walk; `walk`
/// asks for the walk's plan instead of a request.
fn plan(
    endpoint: &Endpoint,
    config_text: &str,
    input_text: &str,
    how: Reading,
) -> Result<Plan, Failed> {
    let Reading { page, walk, .. } = how;
    let (settings, _) = settings(config_text)?;
    let input = read(input_text);
    let at = |i: usize| item(&input, i);
    let (params, options, env) = (at(0), at(1), at(2));
    let early = redactor(Some(&settings.creds), params);
    let locale = settings.locale;

    let (mut given, mut issues) = read_params(endpoint, params);
    // The options' rows (an empty table adds none).
    let walk_options: &'static [Param] = if walk || page > 0 { WALK_OPTIONS } else { &[] };
    let before_option: &'static [Param] = match endpoint.before {
        Some(b) => core::slice::from_ref(&b.option),
        None => &[],
    };
    let (opts, option_issues) = read_options(options, &[OPTIONS, walk_options, before_option]);
    let esb = settings.gateway.is_none();
    if esb && endpoint.doors == Doors::GatewayOnly {
        let mut text = String::from(endpoint.name);
        text.push_str(
            " is served by the API gateway only (ESB has no such component and answers 404): \
             use a client with gateway: \"apigw\"",
        );
        issues.push(Issue::new("gateway", Msg::NotThroughEsb, &[&text]));
    }
    for check in endpoint.checks {
        if let Check::NotThroughEsb(key, why) = *check {
            if esb && given.get(key).is_some() {
                issues.push(Issue::new(key, Msg::NotThroughEsb, &[why]));
            }
        }
    }
    pin_identity(endpoint, &settings, &mut given, &mut issues);
    issues.extend(option_issues);
    // The call checked against another's answer: the caller's, or the one the driver fetched
    // (the inputs' fourth item); without either, the driver is asked to make that call first.
    let mut first = None;
    if let (Some(b), Some((all, now)), true) = (endpoint.before, how.before, issues.is_empty()) {
        let handed = options.get(b.option.key);
        let answer = match handed {
            Value::Undefined => at(3),
            given_answer => given_answer,
        };
        if matches!(answer, Value::Undefined) {
            // Asked for once the call is known to be valid (below).
            first = all
                .iter()
                .position(|e| core::ptr::eq(*e, b.endpoint))
                .map(|id| (b, id));
        } else {
            crate::engine::before::check(
                b,
                answer,
                &mut given,
                settings.user.as_deref(),
                now,
                &mut issues,
            );
        }
    }
    // No fetch is the error only of a call that is otherwise valid.
    if issues.is_empty() && !matches!(env.get("fetch"), Value::Bool(true)) {
        issues.push(Issue::new("fetch", Msg::NoFetch, &[]));
    }
    if !issues.is_empty() {
        return Err((ItsmError::validation(issues), locale, early));
    }
    let mut plan = Plan {
        locale,
        redactor: early,
        request: None,
        cookies: settings.cookies.clone(),
        timeout: opts.int("timeoutMs").unwrap_or(settings.timeout),
        // A write is never sent again: it may have acted (see `retry.rs`).
        retries: if endpoint.safe {
            opts.int("retries").unwrap_or(settings.retries)
        } else {
            0
        },
        page: 1,
        walk: None,
        signal: opts.handle("signal"),
        progress: opts.handle("onProgress"),
        secret_in_clear: false,
        before: None,
    };
    if let Some((b, id)) = first {
        // That call gets this one's options (its timeout, retries, headers); the driver adds
        // the signal.
        let mut o = Obj::new();
        for key in &["timeoutMs", "retries"] {
            if let Some(n) = opts.int(key) {
                o.int(key, n);
            }
        }
        if let Some(Wire::Headers(h)) = opts.get("headers") {
            let mut headers = Obj::new();
            for (name, value) in h {
                headers.str(name, value);
            }
            o.raw("headers", &headers.finish());
        }
        plan.before = Some((id, only_param(b.key, given.get(b.key)), o.finish()));
        return Ok(plan);
    }

    // The walk's plan: where it starts, how big its pages are.
    let paged = endpoint.page_items().is_some();
    if walk && paged {
        plan.walk = Some(Walk::new(
            given.int("page").unwrap_or(1),
            given.int("page_size").unwrap_or(DEFAULT_PAGE_SIZE),
            opts.int("maxItems"),
            opts.int("concurrency"),
        ));
        return Ok(plan);
    }
    if page > 0 && paged {
        given.set(endpoint.params, "page", Some(Wire::Int(page)));
        if given.get("page_size").is_none() {
            given.set(
                endpoint.params,
                "page_size",
                Some(Wire::Int(DEFAULT_PAGE_SIZE)),
            );
        }
    }
    plan.page = given.int("page").unwrap_or(1);

    // The common parameters: the call's over the client's, and the login cookie's token for
    // the page's own origin only (not another origin the client was pointed at, nor one a
    // `<base>` tag would have chosen: a `bk_token` given explicitly goes where it was given).
    // (`request::write` sends them from `creds`, never from `given`.)
    let call_creds = common_of(&given);
    let page_origin = url::page_origin(env.get("href").str());
    let (base, target) = match url::resolve(&settings.base, page_origin.as_deref()) {
        Ok(resolved) => resolved,
        Err(i) => return Err((ItsmError::validation(vec![i]), locale, plan.redactor)),
    };
    let cookie = if settings.cookies != "omit" && page_origin.as_deref() == Some(target.as_str()) {
        env.get("cookie").str()
    } else {
        None
    };
    let creds = call_creds.over(&settings.creds).with_cookie_token(cookie);
    let extra = match opts.get("headers") {
        Some(Wire::Headers(h)) => merge_headers(&settings.headers, h.clone()),
        _ => settings.headers.clone(),
    };
    plan.redactor = redactor(Some(&creds), params);
    plan.secret_in_clear = creds.0[1].is_some() && url::is_plain_http_to_remote(&base);
    plan.request = Some(request::write(
        &settings, endpoint, &base, &given, &creds, extra,
    ));
    Ok(plan)
}

/// Every identity member of a write is the client's user: given and different, refused; not
/// given, filled in. A client without a user sends none (a proxy in front fills them in from
/// the verified login), and refuses one given: a browser must not choose who it acts as.
fn pin_identity(
    endpoint: &Endpoint,
    settings: &Settings,
    given: &mut Given,
    issues: &mut Vec<Issue>,
) {
    for row in endpoint.params {
        if !matches!(row.rule, Rule::User) {
            continue;
        }
        let value = given.str(row.key).map(String::from);
        match (&settings.user, value) {
            (Some(user), Some(v)) if &v != user => {
                issues.push(Issue::new(
                    row.key,
                    Msg::NotUser,
                    &[&json_text(&v), &json_text(user)],
                ));
            }
            (Some(user), _) => given.set(endpoint.params, row.key, Some(Wire::Str(user.clone()))),
            (None, Some(v)) => {
                issues.push(Issue::new(
                    row.key,
                    Msg::NotUser,
                    &[&json_text(&v), "(none: a proxy in front sets it)"],
                ));
            }
            (None, None) => {}
        }
    }
}

/// `{"q": request, …}` for a call (or a walk's page), `{"walk": state, …}` for a walk, or
/// `{"e": error}`.
pub(crate) fn prepare(
    endpoint: &Endpoint,
    all: &[&'static Endpoint],
    config_text: &str,
    input_text: &str,
    page: i64,
    walk: bool,
    now: f64,
) -> String {
    let how = Reading {
        page,
        walk,
        before: Some((all, now)),
    };
    let plan = match plan(endpoint, config_text, input_text, how) {
        Ok(plan) => plan,
        Err((mut e, locale, redactor)) => {
            if !endpoint.safe {
                e.sent = Sent::No; // refused before sending
            }
            return error_json(&e, locale, &redactor);
        }
    };
    let mut o = Obj::new();
    if let Some((id, params, options)) = &plan.before {
        let mut b = Obj::new();
        b.int("id", *id as i64).raw("p", params).raw("o", options);
        o.raw("before", &b.finish());
    }
    if let Some(w) = plan.walk {
        o.str("walk", &w.encode());
    }
    if let Some(r) = &plan.request {
        let q = o.key("q");
        let mut req = Obj::new();
        req.str("u", &r.url).str(
            "m",
            if r.method == Method::Post {
                "POST"
            } else {
                "GET"
            },
        );
        if let Some(body) = &r.body {
            req.str("b", body);
        }
        let h = req.key("h");
        h.push('[');
        for (i, (name, value)) in r.headers.iter().enumerate() {
            if i > 0 {
                h.push(',');
            }
            h.push('[');
            json::push_str(h, name, false);
            h.push(',');
            json::push_str(h, value, false);
            h.push(']');
        }
        h.push(']');
        req.str("c", &plan.cookies).int("t", plan.timeout);
        // The address as hooks and errors show it: without a secret.
        req.str("r", &plan.redactor.redact(&r.url));
        q.push_str(&req.finish());
    }
    if let Some(h) = plan.signal {
        o.int("signal", i64::from(h));
    }
    if let Some(h) = plan.progress {
        o.int("progress", i64::from(h));
    }
    if plan.secret_in_clear && !WARNED_CLEAR_SECRET.swap(true, Ordering::Relaxed) {
        o.str(
            "warn",
            "bk-itsm-tickets: bk_app_secret is being sent over plain http: to a host that is not \
             loopback; anyone on the network path can read it. Use https:, or better, keep the \
             secret on your server behind a same-origin proxy (see the README's security section).",
        );
    }
    o.finish()
}

/// What an answer to a call of `endpoint` means (`attempt`: 1 for the first request), given
/// the driver's `outcome` and probe `records`: `{"ok": 1, …}`, `{"retry": ms}` or `{"e": …}`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn settle(
    endpoint: &Endpoint,
    config_text: &str,
    input_text: &str,
    page: i64,
    attempt: u32,
    outcome_text: &str,
    records: Source,
    answer: Answer,
    now: f64,
    random: f64,
) -> String {
    let how = Reading {
        page,
        walk: false,
        before: None,
    };
    let plan = match plan(endpoint, config_text, input_text, how) {
        Ok(plan) => plan,
        Err((e, locale, redactor)) => return error_json(&e, locale, &redactor),
    };
    let url = plan.url().unwrap_or_default();
    let o = read(outcome_text);
    let kind = o.get("k").int().unwrap_or(-1);
    match classify(
        endpoint,
        plan.page,
        &o,
        records,
        answer,
        &plan.redactor,
        &url,
    ) {
        Ok(success) => {
            let mut out = Obj::new();
            out.raw("ok", "1");
            if matches!(endpoint.result, Ty::Obj(_) | Ty::Page(_)) {
                match &success.request_id {
                    Some(id) => out.str("rid", &plan.redactor.redact(id)),
                    None => out.raw("rid", "null"),
                };
            }
            if let Some(numbers) = success.page {
                request::push_ints(out.key("pg"), &numbers);
            }
            out.finish()
        }
        Err(mut e) => {
            if i64::from(attempt) <= plan.retries && is_retryable(&e, endpoint.safe) {
                let after = o
                    .get("ra")
                    .str()
                    .and_then(|v| retry_after_ms(v, now, o.get("rd").num().unwrap_or(f64::NAN)));
                if let Some(ms) = delay_ms(attempt, after, random) {
                    let mut out = Obj::new();
                    out.int("retry", ms as i64);
                    return out.finish();
                }
            }
            e.attempts = if kind == outcome::ABORTED_BEFORE {
                0
            } else {
                attempt
            };
            e.url = Some(url);
            if !endpoint.safe {
                e.sent = match e.kind {
                    _ if kind == outcome::ABORTED_BEFORE => Sent::No,
                    // The door answered for ITSM, which it could not reach in time or at all:
                    // ITSM may have acted.
                    Kind::Api if crate::error::codes::door_lost_answer(&e.code) => Sent::Maybe,
                    Kind::Api => Sent::No,
                    Kind::Http if e.status.is_some_and(|s| s < 500) => Sent::No,
                    _ => Sent::Maybe,
                };
                if e.sent == Sent::Maybe && matches!(e.msg, Msg::Network | Msg::Timeout) {
                    e.args = e.args.with_last(
                        ": the request may have reached the server and acted; check before sending it again",
                    );
                }
            }
            let mut out = error_json(&e, plan.locale, &plan.redactor);
            if is_invalid_page(&e) {
                out.pop();
                out.push_str(",\"ip\":1}");
            }
            out
        }
    }
}

/// The error of a call stopped by its signal between attempts (`attempts` sent so far).
pub(crate) fn aborted(
    endpoint: &Endpoint,
    config_text: &str,
    input_text: &str,
    page: i64,
    attempts: u32,
) -> String {
    let mut e = ItsmError::new(Kind::Aborted, Msg::Aborted, &[]);
    e.attempts = attempts;
    let how = Reading {
        page,
        walk: false,
        before: None,
    };
    match plan(endpoint, config_text, input_text, how) {
        Ok(plan) => {
            e.url = plan.url();
            error_json(&e, plan.locale, &plan.redactor)
        }
        Err((_, locale, redactor)) => error_json(&e, locale, &redactor),
    }
}

/// A walk's step (see `walk.rs`): `input` is `[state, event]`; the walk's error is in the
/// client's language.
pub(crate) fn walk_step(config_text: &str, input: &str) -> String {
    let v = read(input);
    let state = v.items().first().and_then(Value::str).unwrap_or_default();
    let event = item(&v, 1);
    let (_, mut out, error) = crate::engine::walk::step(state, event);
    if let Some(e) = error {
        out.pop();
        out.push_str(",\"e\":");
        out.push_str(&to_json(
            &e,
            &Render {
                locale: locale(config_text),
                redactor: &Redactor::default(),
            },
        ));
        out.push('}');
    }
    out
}
