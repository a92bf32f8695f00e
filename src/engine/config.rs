//! A client's configuration and a call's options: their rows (read by the same path as an
//! endpoint's parameters), and the [`Settings`] a client runs with, read again from the
//! configuration with every call (`call.rs`).

use crate::mem::String;
use crate::mem::Vec;

use crate::engine::credentials::{Credentials, COMMON};
use crate::engine::describe::{docs, p, Check, Param, Rule};
use crate::engine::params::{check_rules, read_rows, Blank, Given};
use crate::engine::rules::Wire;
use crate::engine::value::Value;
use crate::error::{Issue, Locale};

/// The doors, as `gateway` names them.
pub(crate) const GATEWAYS: &[&str] = &["esb", "apigw"];
/// fetch's `credentials` modes.
pub(crate) const COOKIE_MODES: &[&str] = &["include", "same-origin", "omit"];
/// The interface languages, as `locale` names them.
pub(crate) const LOCALES: &[&str] = &["zh-CN", "en"];
/// The longest timeout `setTimeout` can hold.
pub(crate) const MAX_TIMEOUT_MS: i64 = 2_147_483_647;
/// The default timeout.
pub(crate) const DEFAULT_TIMEOUT_MS: i64 = 30_000;
/// The default number of retries after the first attempt.
pub(crate) const DEFAULT_RETRIES: i64 = 2;
/// The most retries a caller may ask for.
pub(crate) const MAX_RETRIES: i64 = 10;
/// The most pages a walk fetches at once.
pub(crate) const MAX_CONCURRENCY: i64 = 8;
/// The API gateway's name unless the deployment chose another.
pub(crate) const DEFAULT_APIGW_NAME: &str = "bk-itsm";

const TIMEOUT: Rule = Rule::Integer {
    min: 0,
    max: MAX_TIMEOUT_MS,
    digits: false,
};
const RETRIES: Rule = Rule::Integer {
    min: 0,
    max: MAX_RETRIES,
    digits: false,
};

/// `createClient`'s configuration, besides the four common parameters ([`COMMON`]).
pub(crate) static CONFIG: &[Param] = &[
    p("baseUrl", Rule::BaseUrl, false, docs!("Origin (and optional path prefix) the API paths are appended to, e.g. `\"https://paas.example.com\"` or `\"/itsm\"` (a same-origin proxy). Default: the page's own origin. Required in Node.")),
    p("gateway", Rule::OneOf(GATEWAYS), false, docs!("`\"esb\"` (default): `/api/c/compapi/v2/itsm/{api}/`, credentials beside the parameters. `\"apigw\"`: `/api/{apigwName}/{stage}/v2/itsm/{api}/`, credentials in the `X-Bkapi-Authorization` header.")),
    p("apigwName", Rule::Segment, false, docs!("The API gateway's name, as the deployment set it (`BK_APIGW_NAME`, default `\"bk-itsm\"`); only with `gateway: \"apigw\"`.")),
    p("stage", Rule::Segment, false, docs!("The API gateway stage (default `\"prod\"`, `\"stag\"` on staging); only with `gateway: \"apigw\"`.")),
    p("headers", Rule::Headers, false, docs!("Extra request headers for every call, e.g. `{ \"X-Bk-Tenant-Id\": \"default\" }` on a multi-tenant gateway. Names are HTTP tokens, values strings of Latin-1 characters without line breaks; `Content-Type`, `X-Bkapi-Authorization` and `X-Bk-Itsm-Tickets` (the proof a same-origin proxy requires, sent when the client holds no `bk_app_secret`) are the client's own.")),
    p("credentials", Rule::OneOf(COOKIE_MODES), false, docs!("The fetch `credentials` mode: `\"include\"` (default) sends the login cookie, also to another origin.")),
    p("timeoutMs", TIMEOUT, false, docs!("Milliseconds before a call fails with kind `\"timeout\"` (default 30000; 0 for none). Each attempt has its own.")),
    p("retries", RETRIES, false, docs!("How many times a read is sent again after a network error, a timeout or HTTP 429, 502, 503, 504 (default 2, at most 10), with exponential backoff (about 0.3 s, then 0.6 s) and `Retry-After`. With the default a refused connection is reported after three attempts, about 0.85 s; a UI that would rather say so at once sets `retries: 0`. Writes are never sent again.")),
    p("user", Rule::User, false, docs!("The user writes act as: every identity member of a write (`creator`, `operator`, `approver`, `handler`) is this user, and a call that names another is refused before sending. Without it, writes send no identity member, which only a proxy that fills it in from the verified login accepts (`bk-itsm-tickets/proxy`).")),
    p("locale", Rule::OneOf(LOCALES), false, docs!("The language of `userMessage` in errors and issues: `\"zh-CN\"` or `\"en\"`. Default: the page's language (`navigator.language`), else English.")),
    p("fetch", Rule::Function, false, docs!("The `fetch` to send with (a mock, an instrumented fetch); default: the global `fetch` at the time of each call.")).ts(docs!("FetchLike")),
    p("hooks", Rule::Hooks, false, docs!("Functions run around every call, in order: `beforeRequest(request)` before each attempt (`{ url, method, headers, endpoint, attempt }`, the URL without secrets; return `{ headers }` to add headers, e.g. a trace id; a hook that throws fails the call with reason `hook_failed`, nothing sent); `afterResponse(response)` on each answer (`{ status, headers, url, endpoint, attempt }`: the HTTP status and headers of a successful call too); `beforeError(error)` before a call rejects, e.g. to go to the login page on `ItsmCode.ESB_AUTHENTICATION` (the call still rejects with the error). Their return values are otherwise ignored and their errors swallowed.")),
];

/// Rules between configuration keys.
pub(crate) static CONFIG_CHECKS: &[Check] = &[
    Check::OnlyWith("apigwName", "gateway", "apigw"),
    Check::OnlyWith("stage", "gateway", "apigw"),
];

/// The options of one call.
pub(crate) static OPTIONS: &[Param] = &[
    p("signal", Rule::Signal, false, docs!("Aborts the call (kind `\"aborted\"`) when it fires, also while the body downloads.")),
    p("timeoutMs", TIMEOUT, false, docs!("Overrides the client's `timeoutMs` for this call (for each attempt).")),
    p("retries", RETRIES, false, docs!("Overrides the client's `retries` for this call (reads only).")),
    p("headers", Rule::Headers, false, docs!("Extra request headers for this call, merged over the client's `headers` (a name given here, in any case, replaces the client's).")),
];

/// The most a poll waits (ten minutes).
pub(crate) const MAX_WAIT_MS: i64 = 600_000;

/// The options of a poll (`waitForSteps`).
pub(crate) static POLL_OPTIONS: &[Param] = &[
    p(
        "signal",
        Rule::Signal,
        false,
        docs!("Stops waiting (kind `\"aborted\"`) when it fires."),
    ),
    p(
        "waitMs",
        Rule::Integer {
            min: 0,
            max: MAX_WAIT_MS,
            digits: false,
        },
        false,
        docs!("How long to wait in all, in ms (default 15000, at most 600000)."),
    ),
];

/// The options of a walk, besides those of each page's call ([`OPTIONS`]).
pub(crate) static WALK_OPTIONS: &[Param] = &[
    p(
        "maxItems",
        Rule::Integer {
            min: 1,
            max: u32::MAX as i64,
            digits: false,
        },
        false,
        docs!("Stop after this many items."),
    ),
    p(
        "concurrency",
        Rule::Integer {
            min: 1,
            max: MAX_CONCURRENCY,
            digits: false,
        },
        false,
        docs!("Pages fetched at once, ahead of the consumer, order kept (default 1, at most 8)."),
    ),
    p(
        "onProgress",
        Rule::Function,
        false,
        docs!("Called after each page with the items delivered so far and the total expected."),
    )
    .ts(docs!("(progress: Progress) => void")),
];

/// A client's resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Settings {
    /// The base URL, `""` for the page's origin.
    pub(crate) base: String,
    /// `None` for ESB, else the gateway's name and stage.
    pub(crate) gateway: Option<(String, String)>,
    /// The client's common parameters.
    pub(crate) creds: Credentials,
    /// fetch's `credentials` mode.
    pub(crate) cookies: String,
    /// Timeout in ms, 0 for none.
    pub(crate) timeout: i64,
    /// Retries after the first attempt.
    pub(crate) retries: i64,
    /// Extra request headers.
    pub(crate) headers: Vec<(String, String)>,
    /// The user writes act as.
    pub(crate) user: Option<String>,
    /// The language of user messages.
    pub(crate) locale: Locale,
}

/// The locale a page's language (`navigator.language`) suggests.
pub(crate) fn locale_of(tag: Option<&str>) -> Locale {
    match tag {
        Some(t) if t.len() >= 2 && t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("zh")) => {
            Locale::Zh
        }
        _ => Locale::En,
    }
}

impl Settings {
    /// Reads and checks a configuration (`page_lang`: the page's language, for the default
    /// locale); also the function handles the driver keeps (`fetch`, hooks).
    pub(crate) fn from_config(
        config: &Value,
        page_lang: Option<&str>,
    ) -> Result<(Settings, Given), Vec<Issue>> {
        let (given, mut issues) = read_rows(config, "config", &[CONFIG, COMMON], Blank::Refused);
        check_rules(&given, CONFIG_CHECKS, &mut issues);
        if !issues.is_empty() {
            return Err(issues);
        }
        let creds = common_of(&given);
        let gateway = (given.str("gateway") == Some("apigw")).then(|| {
            (
                String::from(given.str("apigwName").unwrap_or(DEFAULT_APIGW_NAME)),
                String::from(given.str("stage").unwrap_or("prod")),
            )
        });
        let headers = match given.get("headers") {
            Some(Wire::Headers(h)) => h.clone(),
            _ => Vec::new(),
        };
        let settings = Settings {
            base: String::from(given.str("baseUrl").unwrap_or_default()),
            gateway,
            creds,
            cookies: String::from(given.str("credentials").unwrap_or("include")),
            timeout: given.int("timeoutMs").unwrap_or(DEFAULT_TIMEOUT_MS),
            retries: given.int("retries").unwrap_or(DEFAULT_RETRIES),
            headers,
            user: given.str("user").map(String::from),
            locale: match given.str("locale") {
                Some("zh-CN") => Locale::Zh,
                Some(_) => Locale::En,
                None => locale_of(page_lang),
            },
        };
        Ok((settings, given))
    }
}

/// The common parameters ([`COMMON`]) among those `given`.
pub(crate) fn common_of(given: &Given) -> Credentials {
    let mut creds = Credentials::default();
    for (slot, p) in creds.0.iter_mut().zip(COMMON) {
        *slot = given.str(p.key).map(String::from);
    }
    creds
}

/// `headers` given for a call, over the client's: a name given for the call replaces the
/// client's, whatever its case (HTTP header names are case-insensitive).
pub(crate) fn merge_headers(
    client: &[(String, String)],
    call: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut merged = call;
    for (name, value) in client {
        if !merged.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            merged.push((name.clone(), value.clone()));
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::value::read;

    fn config(text: &str) -> Result<Settings, Vec<Issue>> {
        Settings::from_config(&read(text), None).map(|(s, _)| s)
    }

    #[test]
    fn defaults_are_esb_on_the_page_origin_with_cookies_and_30s() {
        let s = config("u").unwrap();
        assert_eq!(
            (
                s.base.as_str(),
                &s.gateway,
                s.cookies.as_str(),
                s.timeout,
                s.retries,
                s.locale
            ),
            ("", &None, "include", 30_000, 2, Locale::En)
        );
    }

    #[test]
    fn every_field_is_read() {
        let s = config(
            r#"{"baseUrl":"https://paas.example.com/proxy","gateway":"apigw","stage":"stag","bk_app_code":"a","bk_app_secret":"s\"x","bk_token":"t","bk_username":"u","credentials":"omit","timeoutMs":0,"retries":5,"headers":{"X-Bk-Tenant-Id":"t1"},"user":"张三","locale":"zh-CN"}"#,
        )
        .unwrap();
        assert_eq!(s.gateway, Some(("bk-itsm".into(), "stag".into())));
        assert_eq!(s.creds.0[1].as_deref(), Some("s\"x"));
        assert_eq!((s.cookies.as_str(), s.timeout, s.retries), ("omit", 0, 5));
        assert_eq!(s.locale, Locale::Zh);
    }

    #[test]
    fn bad_configs_are_refused_by_name() {
        for (text, field) in [
            (r#"{"baseURL":"x"}"#, "baseURL"),
            (r#"{"timeout":5}"#, "timeout"),
            (r#"{"gateway":"ESB"}"#, "gateway"),
            (r#"{"stage":"prod"}"#, "stage"),
            (r#"{"apigwName":"bk-itsm"}"#, "apigwName"),
            (r#"{"gateway":"apigw","apigwName":"a/b"}"#, "apigwName"),
            (r#"{"gateway":"apigw","apigwName":""}"#, "apigwName"),
            (r#"{"credentials":t}"#, "credentials"),
            (r#"{"timeoutMs":-1}"#, "timeoutMs"),
            (r#"{"timeoutMs":#000000000000f83f}"#, "timeoutMs"),
            (r#"{"bk_app_secret":42}"#, "bk_app_secret"),
            (r#"{"baseUrl":n}"#, "baseUrl"),
            (r#"{"locale":"zh"}"#, "locale"),
            (r#"{"fetch":"x"}"#, "fetch"),
            (r#"{"hooks":{"before":[]}}"#, "hooks"),
            (r#"{"hooks":{"beforeRequest":["x"]}}"#, "hooks"),
        ] {
            let issues = Settings::from_config(&read(text), None)
                .map(|_| ())
                .expect_err(text);
            assert_eq!(issues[0].field, field, "{text}");
        }
        let issues = config(r#"{"baseURL":"x"}"#).unwrap_err();
        assert!(issues[0].dev().contains("\"baseUrl\""));
        let issues = config(r#"{"bk_app_secret":42}"#).unwrap_err();
        assert!(!issues[0].dev().contains("42"), "{}", issues[0].dev());
    }

    #[test]
    fn call_headers_replace_the_clients_whatever_their_case() {
        let pair = |n: &str, v: &str| (String::from(n), String::from(v));
        let merged = merge_headers(
            &[pair("X-Bk-Tenant-Id", "a"), pair("X-Trace", "1")],
            crate::mem::vec![pair("x-bk-tenant-id", "b"), pair("X-Other", "2")],
        );
        assert_eq!(
            merged,
            [
                pair("x-bk-tenant-id", "b"),
                pair("X-Other", "2"),
                pair("X-Trace", "1")
            ]
        );
    }
}
