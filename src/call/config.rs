//! `ClientConfig` and `RequestOptions`: read from JavaScript objects under the same rules as
//! the parameters (unknown keys with a suggestion, wrong types refused, `undefined` = not
//! given), and resolved into the [`Settings`] a client runs with.

#![allow(non_snake_case)] // the JavaScript names are part of the contract

use tsify::Tsify;

use crate::call::credentials::Credentials;
use crate::call::door::{Door, AUTHORIZATION_HEADER, DEFAULT_APIGW_NAME};
use crate::call::retry::{DEFAULT_RETRIES, MAX_RETRIES};
use crate::error::Issue;
use crate::input::rules::{integer_in, non_empty_string, one_of, unknown_key, Digits};
use crate::input::value::Value;

/// The longest timeout `setTimeout` can hold.
pub(crate) const MAX_TIMEOUT_MS: i64 = 2_147_483_647;

/// The default timeout.
pub(crate) const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// How a client reaches the API, and the defaults of every call it makes.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub struct ClientConfig {
    /// Origin (and optional path prefix) the API paths are appended to, e.g.
    /// `"https://paas.example.com"` or `"/itsm-proxy"`. Default: the page's own origin.
    /// Required in Node.
    #[tsify(optional)]
    pub baseUrl: Option<String>,
    /// `"esb"` (default): `/api/c/compapi/v2/itsm/get_tickets/`, credentials in the body.
    /// `"apigw"`: `/api/{apigwName}/{stage}/v2/itsm/get_tickets/`, credentials in the
    /// `X-Bkapi-Authorization` header.
    #[tsify(optional, type = "\"esb\" | \"apigw\"")]
    pub gateway: Option<String>,
    /// The API gateway's name, as the deployment set it (`BK_APIGW_NAME`, default
    /// `"bk-itsm"`); only for `gateway: "apigw"`.
    #[tsify(optional)]
    pub apigwName: Option<String>,
    /// The API gateway stage (default `"prod"`, `"stag"` on staging); only for
    /// `gateway: "apigw"`.
    #[tsify(optional)]
    pub stage: Option<String>,
    /// Extra request headers for every call, e.g. `{ "X-Bk-Tenant-Id": "default" }` on a
    /// multi-tenant gateway. Names are HTTP tokens, values strings of Latin-1 characters
    /// without line breaks; `Content-Type` and `X-Bkapi-Authorization` are the client's own.
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<Vec<(String, String)>>,
    /// Default application code for every call.
    #[tsify(optional)]
    pub bk_app_code: Option<String>,
    /// Default application secret. Never ship it to browsers: see the README's security section.
    #[tsify(optional)]
    pub bk_app_secret: Option<String>,
    /// Default login token. In a browser the `bk_token` cookie is used when neither `bk_token`
    /// nor `bk_username` is given.
    #[tsify(optional)]
    pub bk_token: Option<String>,
    /// Default user name (apps on the ESB whitelist only).
    #[tsify(optional)]
    pub bk_username: Option<String>,
    /// The fetch `credentials` mode: `"include"` (default) sends the login cookie, also to
    /// another origin.
    // The JavaScript name is fetch's; in Rust, "credentials" are BlueKing's.
    #[serde(rename = "credentials")]
    #[tsify(optional, type = "\"include\" | \"same-origin\" | \"omit\"")]
    pub cookie_mode: Option<String>,
    /// Milliseconds before a call fails with kind `"timeout"` (default 30000; 0 for none).
    #[tsify(optional)]
    pub timeoutMs: Option<u32>,
    /// How many times a call is repeated after a network error, a timeout or HTTP 429, 502,
    /// 503, 504 (default 2, at most 10), with exponential backoff and `Retry-After`.
    #[tsify(optional)]
    pub retries: Option<u32>,
}

/// Options of one call.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub struct RequestOptions {
    /// Aborts the call (kind `"aborted"`) when it fires, also while the body downloads.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<()>,
    /// Overrides the client's `timeoutMs` for this call (for each attempt).
    #[tsify(optional)]
    pub timeoutMs: Option<u32>,
    /// Overrides the client's `retries` for this call.
    #[tsify(optional)]
    pub retries: Option<u32>,
    /// Extra request headers for this call, merged over the client's `headers` (a name given
    /// here, in any case, replaces the client's).
    #[tsify(optional, type = "Record<string, string>")]
    pub headers: Option<Vec<(String, String)>>,
}

/// Options of `iterTickets` and `getAllTickets`: those of one call (applied to every page),
/// and how to walk the pages.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub(crate) struct IterateOptions {
    /// Stops the walk (kind `"aborted"`), between pages and during one.
    #[tsify(optional, type = "AbortSignal")]
    pub(crate) signal: Option<()>,
    /// Timeout of each page request.
    #[tsify(optional)]
    pub(crate) timeoutMs: Option<u32>,
    /// Retries of each page request.
    #[tsify(optional)]
    pub(crate) retries: Option<u32>,
    /// Extra request headers of each page request, merged over the client's `headers`.
    #[tsify(optional, type = "Record<string, string>")]
    pub(crate) headers: Option<Vec<(String, String)>>,
    /// Stop after this many tickets.
    #[tsify(optional)]
    pub(crate) maxItems: Option<u32>,
    /// Pages fetched at once, ahead of the consumer, order kept (default 1, at most 8).
    #[tsify(optional)]
    pub(crate) concurrency: Option<u32>,
    /// Called after each page with the tickets delivered so far and the total expected.
    #[tsify(optional, type = "(progress: Progress) => void")]
    pub(crate) onProgress: Option<()>,
}

/// What `onProgress` receives.
// Never built in Rust: its TypeScript declaration is what the package uses.
#[allow(dead_code)]
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
pub(crate) struct Progress {
    /// Tickets delivered so far.
    pub(crate) fetched: u32,
    /// Tickets expected in all: the server's `count`, or `maxItems` when smaller.
    pub(crate) total: u32,
}

/// Whether fetch sends cookies (its `credentials` option).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieMode {
    /// Send cookies to any origin (CORS with credentials).
    Include,
    /// Send cookies to the page's own origin only.
    SameOrigin,
    /// Never send cookies.
    Omit,
}

/// A client's resolved configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The base URL, `""` for the page's origin.
    pub base_url: String,
    /// The door.
    pub door: Door,
    /// The client's common `bk_*` parameters.
    pub credentials: Credentials,
    /// Whether fetch sends cookies (its `credentials` option).
    pub cookies: CookieMode,
    /// Timeout in ms, 0 for none.
    pub timeout_ms: u32,
    /// Retries after the first attempt.
    pub retries: u32,
    /// Extra request headers.
    pub headers: Vec<(String, String)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            base_url: String::new(),
            door: Door::Esb,
            credentials: Credentials::default(),
            cookies: CookieMode::Include,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retries: DEFAULT_RETRIES,
            headers: Vec::new(),
        }
    }
}

/// Every key `ClientConfig` knows (unknown keys are refused with the closest of these).
pub const CONFIG_KEYS: &[&str] = &[
    "baseUrl",
    "gateway",
    "apigwName",
    "stage",
    "headers",
    "bk_app_code",
    "bk_app_secret",
    "bk_token",
    "bk_username",
    "credentials",
    "timeoutMs",
    "retries",
];

const OPTION_KEYS: &[&str] = &["signal", "timeoutMs", "retries", "headers"];

const ITERATE_KEYS: &[&str] = &[
    "signal",
    "timeoutMs",
    "retries",
    "headers",
    "maxItems",
    "concurrency",
    "onProgress",
];

/// The most pages `iterTickets` fetches at once.
pub(crate) const MAX_CONCURRENCY: i64 = 8;

/// Reads the entries of an options-like object: `undefined` means none, `null` and
/// non-objects are refused under the name `what`.
fn entries<'a>(value: &'a Value, what: &str) -> Result<&'a [(String, Value)], Vec<Issue>> {
    match value {
        Value::Undefined => Ok(&[]),
        Value::Object(entries) => Ok(entries),
        other => Err(vec![Issue::new(
            what,
            format!("expected an object or nothing, got {}", other.type_name()),
        )]),
    }
}

fn timeout(key: &str, value: &Value) -> Result<u32, Issue> {
    integer_in(
        key,
        value,
        (0, MAX_TIMEOUT_MS),
        Digits::Refused,
        " (milliseconds; 0 for no timeout)",
    )
    .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX))
}

fn retries(key: &str, value: &Value) -> Result<u32, Issue> {
    integer_in(key, value, (0, MAX_RETRIES), Digits::Refused, "")
        .map(|n| u32::try_from(n).unwrap_or(0))
}

/// Reads `signal` (checked to be an object; the browser side checks it is an AbortSignal,
/// which is not a plain object and is read as [`Value::Other`]).
fn signal(key: &str, value: &Value) -> Result<(), Issue> {
    match value {
        Value::Object(_) | Value::Other(_) => Ok(()),
        other => Err(Issue::new(
            key,
            format!("expected an AbortSignal, got {}", other.type_name()),
        )),
    }
}

impl ClientConfig {
    /// Reads and checks a configuration object (or `undefined`).
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let mut config = ClientConfig::default();
        let mut issues = Vec::new();
        for (key, value) in entries(value, "config")? {
            if matches!(value, Value::Undefined) {
                continue;
            }
            let string = |secret| non_empty_string(key, value, secret).map(Some);
            let result = match key.as_str() {
                "baseUrl" => base_url(key, value).map(|u| config.baseUrl = Some(u)),
                "gateway" => one_of(key, value, &["esb", "apigw"])
                    .map(|g| config.gateway = Some(g.to_owned())),
                "apigwName" => path_segment(key, value).map(|s| config.apigwName = Some(s)),
                "stage" => path_segment(key, value).map(|s| config.stage = Some(s)),
                "headers" => headers(key, value).map(|h| config.headers = Some(h)),
                "bk_app_code" => string(false).map(|s| config.bk_app_code = s),
                "bk_app_secret" => string(true).map(|s| config.bk_app_secret = s),
                "bk_token" => string(true).map(|s| config.bk_token = s),
                "bk_username" => string(false).map(|s| config.bk_username = s),
                "credentials" => one_of(key, value, &["include", "same-origin", "omit"])
                    .map(|c| config.cookie_mode = Some(c.to_owned())),
                "timeoutMs" => timeout(key, value).map(|t| config.timeoutMs = Some(t)),
                "retries" => retries(key, value).map(|r| config.retries = Some(r)),
                _ => Err(unknown_key(key, CONFIG_KEYS)),
            };
            if let Err(issue) = result {
                issues.push(issue);
            }
        }
        for (key, given) in [
            ("apigwName", config.apigwName.is_some()),
            ("stage", config.stage.is_some()),
        ] {
            if given && config.gateway.as_deref() != Some("apigw") {
                issues.push(Issue::new(
                    key,
                    "only applies to the API gateway: set gateway: \"apigw\" as well",
                ));
            }
        }
        if issues.is_empty() {
            Ok(config)
        } else {
            Err(issues)
        }
    }

    /// The settings this configuration gives.
    pub fn settings(&self) -> Settings {
        Settings {
            base_url: self.baseUrl.clone().unwrap_or_default(),
            door: match self.gateway.as_deref() {
                Some("apigw") => Door::Gateway {
                    name: self
                        .apigwName
                        .clone()
                        .unwrap_or_else(|| DEFAULT_APIGW_NAME.to_owned()),
                    stage: self.stage.clone().unwrap_or_else(|| "prod".to_owned()),
                },
                _ => Door::Esb,
            },
            credentials: Credentials {
                app_code: self.bk_app_code.clone(),
                app_secret: self.bk_app_secret.clone(),
                token: self.bk_token.clone(),
                username: self.bk_username.clone(),
            },
            cookies: match self.cookie_mode.as_deref() {
                Some("omit") => CookieMode::Omit,
                Some("same-origin") => CookieMode::SameOrigin,
                _ => CookieMode::Include,
            },
            timeout_ms: self.timeoutMs.unwrap_or(DEFAULT_TIMEOUT_MS),
            retries: self.retries.unwrap_or(DEFAULT_RETRIES),
            headers: self.headers.clone().unwrap_or_default(),
        }
    }
}

impl IterateOptions {
    /// Reads and checks `iterTickets` options (or `undefined`). `signal` and `onProgress` are
    /// only checked by type here; the browser side reads the objects themselves.
    pub(crate) fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        Self::read(value, "options", ITERATE_KEYS)
    }

    fn read(value: &Value, what: &str, known: &[&str]) -> Result<Self, Vec<Issue>> {
        let mut options = IterateOptions::default();
        let mut issues = Vec::new();
        for (key, value) in entries(value, what)? {
            if matches!(value, Value::Undefined) {
                continue;
            }
            let result = match key.as_str() {
                _ if !known.contains(&key.as_str()) => Err(unknown_key(key, known)),
                "signal" => signal(key, value).map(|()| options.signal = Some(())),
                "timeoutMs" => timeout(key, value).map(|t| options.timeoutMs = Some(t)),
                "retries" => retries(key, value).map(|r| options.retries = Some(r)),
                "headers" => headers(key, value).map(|h| options.headers = Some(h)),
                "maxItems" => integer_in(key, value, (1, i64::from(u32::MAX)), Digits::Refused, "")
                    .map(|n| options.maxItems = u32::try_from(n).ok()),
                "concurrency" => integer_in(key, value, (1, MAX_CONCURRENCY), Digits::Refused, "")
                    .map(|n| options.concurrency = u32::try_from(n).ok()),
                "onProgress" => match value {
                    Value::Other("a function") => {
                        options.onProgress = Some(());
                        Ok(())
                    }
                    other => Err(Issue::new(
                        key,
                        format!("expected a function, got {}", other.type_name()),
                    )),
                },
                _ => Err(unknown_key(key, known)),
            };
            if let Err(issue) = result {
                issues.push(issue);
            }
        }
        if issues.is_empty() {
            Ok(options)
        } else {
            Err(issues)
        }
    }
}

impl RequestOptions {
    /// Reads and checks a call's options (or `undefined`). `signal` is only checked to be an
    /// object here; the browser side checks that it is an `AbortSignal`.
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        IterateOptions::read(value, "options", OPTION_KEYS).map(|o| RequestOptions {
            signal: o.signal,
            timeoutMs: o.timeoutMs,
            retries: o.retries,
            headers: o.headers,
        })
    }
}

/// `headers` given for a call, over the client's: a name given for the call replaces the
/// client's, whatever its case (HTTP header names are case-insensitive).
pub fn merge_headers(
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

/// The headers the client writes itself: a caller's value would break the request (a JSON
/// body read as something else) or its authentication.
const OWN_HEADERS: [&str; 2] = ["Content-Type", AUTHORIZATION_HEADER];

/// A `Record<string, string>` of extra headers: names that are HTTP tokens, given once, none
/// of the client's own; values that `fetch` accepts (a ByteString: Latin-1 characters, no CR,
/// LF or NUL, which would also let a value smuggle in another header). Messages never quote a
/// value: a header may carry a token.
fn headers(key: &str, value: &Value) -> Result<Vec<(String, String)>, Issue> {
    let entries = match value {
        Value::Object(entries) => entries,
        Value::Null => return Err(crate::input::rules::null_issue(key)),
        other => {
            return Err(Issue::new(
                key,
                format!(
                    "expected a plain object of header names to string values, got {}",
                    other.type_name()
                ),
            ))
        }
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(entries.len());
    for (name, v) in entries {
        let mut shown = String::new();
        crate::call::json::write_string(&mut shown, name);
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        let problem = if !token {
            Some("is not a header name (letters, digits and !#$%&'*+-.^_`|~ only)")
        } else if let Some(own) = OWN_HEADERS.iter().find(|o| o.eq_ignore_ascii_case(name)) {
            Some(if *own == AUTHORIZATION_HEADER {
                "is written by the client from the common parameters"
            } else {
                "is always application/json"
            })
        } else if out.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some("is given twice (header names ignore case)")
        } else {
            match v {
                Value::String(s) if s.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) => {
                    Some("has a value with a line break or NUL")
                }
                Value::String(s) if s.chars().any(|c| u32::from(c) > 0xff) => {
                    Some("has a value beyond Latin-1, which fetch cannot send (encode it first)")
                }
                Value::String(s) => {
                    out.push((name.clone(), s.clone()));
                    None
                }
                _ => Some("must have a string value"),
            }
        };
        if let Some(problem) = problem {
            return Err(Issue::new(key, format!("{shown} {problem}")));
        }
    }
    Ok(out)
}

/// An absolute `http(s)://host[:port][/path]` or a path from the root, with no query,
/// fragment, user info or white space: the API path is appended to it.
fn base_url(key: &str, value: &Value) -> Result<String, Issue> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Null => return Err(crate::input::rules::null_issue(key)),
        other => {
            return Err(Issue::new(
                key,
                format!("expected a URL string, got {}", other.type_name()),
            ))
        }
    };
    let rule = "must be an http(s) origin with an optional path, like \"https://paas.example.com\", \
                or a path on the page's origin, like \"/itsm-proxy\" (no query, fragment or user info)";
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let (host, path) = match rest {
        // `find` gives a character boundary: the checked split always succeeds, without the
        // panic path of `split_at`.
        Some(rest) => rest
            .split_at_checked(rest.find('/').unwrap_or(rest.len()))
            .unwrap_or((rest, "")),
        None if s.starts_with('/') && !s.starts_with("//") => ("", s.as_str()),
        None if s.is_empty() => ("", ""),
        None => return Err(Issue::new(key, format!("{} {rule}", value.describe()))),
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\');
    if (rest.is_some() && host.is_empty())
        || host.contains('@')
        || host.contains(bad)
        || path.contains(bad)
        || !port_ok(host)
    {
        return Err(Issue::new(key, format!("{} {rule}", value.describe())));
    }
    Ok(s)
}

/// `true` when the `host[:port]` of a URL has a closed IPv6 bracket and a port from 0 to
/// 65535, if any (the URL parser refuses others: every call would fail). Byte scans: `str`'s
/// pattern searchers would add a kilobyte to the module.
fn port_ok(authority: &str) -> bool {
    let b = authority.as_bytes();
    let host_end = if b.first() == Some(&b'[') {
        match b.iter().position(|&c| c == b']') {
            Some(end) if end > 1 => end + 1,
            _ => return false,
        }
    } else if b.iter().any(|&c| c == b'[' || c == b']') {
        return false;
    } else {
        b.iter().rposition(|&c| c == b':').unwrap_or(b.len())
    };
    match b.get(host_end..).unwrap_or_default().split_first() {
        None => true,
        Some((b':', port)) => {
            host_end > 0
                && !port.is_empty()
                && port.len() <= 5
                && port.iter().all(u8::is_ascii_digit)
                && port.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 65535
        }
        Some(_) => false,
    }
}

/// `apigwName` and `stage`: one segment of the gateway's path.
fn path_segment(key: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(key, value, false)?;
    if s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(s)
    } else {
        Err(Issue::new(
            key,
            format!(
                "{} must be letters, digits, - and _ (it goes into the path)",
                value.describe()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;

    fn config(json: &str) -> Result<Settings, Vec<Issue>> {
        ClientConfig::from_value(&parse(json)).map(|c| c.settings())
    }

    #[test]
    fn defaults_are_esb_on_the_page_origin_with_cookies_and_30s() {
        assert_eq!(
            ClientConfig::from_value(&Value::Undefined).map(|c| c.settings()),
            Ok(Settings::default())
        );
        let s = config("{}").unwrap();
        assert_eq!(
            (s.base_url.as_str(), s.door, s.cookies, s.timeout_ms),
            ("", Door::Esb, CookieMode::Include, 30_000)
        );
    }

    #[test]
    fn every_field_is_read() {
        let s = config(
            r#"{"baseUrl":"https://paas.example.com/proxy","gateway":"apigw","stage":"stag",
                "bk_app_code":"a","bk_app_secret":"s","bk_token":"t","bk_username":"u",
                "credentials":"omit","timeoutMs":0,"retries":5}"#,
        )
        .unwrap();
        assert_eq!(
            s.door,
            Door::Gateway {
                name: "bk-itsm".into(),
                stage: "stag".into()
            }
        );
        assert_eq!(s.credentials.app_secret.as_deref(), Some("s"));
        assert_eq!(
            (s.cookies, s.timeout_ms, s.retries),
            (CookieMode::Omit, 0, 5)
        );
        assert_eq!(
            config(r#"{"gateway":"apigw"}"#).unwrap().door,
            Door::Gateway {
                name: "bk-itsm".into(),
                stage: "prod".into()
            }
        );
        let s = config(
            r#"{"gateway":"apigw","apigwName":"itsm_gw-2","headers":{"X-Bk-Tenant-Id":"t1","traceparent":"00-ab"}}"#,
        )
        .unwrap();
        assert_eq!(
            s.door,
            Door::Gateway {
                name: "itsm_gw-2".into(),
                stage: "prod".into()
            }
        );
        assert_eq!(
            s.headers,
            [
                ("X-Bk-Tenant-Id".to_owned(), "t1".to_owned()),
                ("traceparent".to_owned(), "00-ab".to_owned())
            ]
        );
        assert_eq!(
            Door::Gateway {
                name: "itsm_gw-2".into(),
                stage: "prod".into()
            }
            .path("an_api"),
            "/api/itsm_gw-2/prod/v2/itsm/an_api/"
        );
    }

    #[test]
    fn headers_are_validated_and_never_quoted() {
        let first = |json: &str| {
            let issues = ClientConfig::from_value(&parse(json)).expect_err(json);
            issues[0].clone()
        };
        for (headers, needle) in [
            (
                r#"{"Content-Type":"text/plain"}"#,
                "\"Content-Type\" is always application/json",
            ),
            (r#"{"content-type":"x"}"#, "\"content-type\" is always"),
            (
                r#"{"X-BKAPI-AUTHORIZATION":"{}"}"#,
                "is written by the client",
            ),
            (r#"{"X Y":"1"}"#, "\"X Y\" is not a header name"),
            (r#"{"":"1"}"#, "\"\" is not a header name"),
            (r#"{"X-名":"1"}"#, "is not a header name"),
            (r#"{"X-A":"1","x-a":"2"}"#, "\"x-a\" is given twice"),
            (r#"{"X-A":"s3cr3t\r\nX-Evil: 1"}"#, "line break"),
            (r#"{"X-A":"a\u0000"}"#, "line break or NUL"),
            (r#"{"X-A":"张三-s3cr3t"}"#, "beyond Latin-1"),
            (r#"{"X-A":5}"#, "must have a string value"),
            (r#"{"X-A":null}"#, "must have a string value"),
        ] {
            let issue = first(&format!(r#"{{"headers":{headers}}}"#));
            assert_eq!(issue.field, "headers", "{headers}");
            assert!(issue.message.starts_with("headers: "), "{}", issue.message);
            assert!(
                issue.message.contains(needle),
                "{headers}: {}",
                issue.message
            );
            assert!(!issue.message.contains("s3cr3t"), "{}", issue.message);
        }
        for (json, needle) in [
            (r#"{"headers":null}"#, "null is not allowed"),
            (r#"{"headers":["X-A","1"]}"#, "expected a plain object"),
            (r#"{"headers":"X-A: 1"}"#, "expected a plain object"),
        ] {
            assert!(first(json).message.contains(needle), "{json}");
        }
        // Latin-1 and empty values are what fetch accepts.
        assert!(config(r#"{"headers":{"X-A":"José","X-B":""}}"#).is_ok());
    }

    #[test]
    fn call_headers_replace_the_clients_whatever_their_case() {
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        let merged = merge_headers(
            &[pair("X-Bk-Tenant-Id", "a"), pair("X-Trace", "1")],
            vec![pair("x-bk-tenant-id", "b"), pair("X-Other", "2")],
        );
        assert_eq!(
            merged,
            [
                pair("x-bk-tenant-id", "b"),
                pair("X-Other", "2"),
                pair("X-Trace", "1")
            ]
        );
        let o = RequestOptions::from_value(&parse(r#"{"headers":{"X-A":"1"}}"#)).unwrap();
        assert_eq!(o.headers, Some(vec![pair("X-A", "1")]));
        let o = IterateOptions::from_value(&parse(r#"{"headers":{"X-A":"1"}}"#)).unwrap();
        assert_eq!(o.headers, Some(vec![pair("X-A", "1")]));
        let issues =
            RequestOptions::from_value(&parse(r#"{"headers":{"Content-Type":"x"}}"#)).unwrap_err();
        assert_eq!(issues[0].field, "headers");
    }

    #[test]
    fn bad_configs_are_refused_by_name() {
        for (json, field) in [
            (r#"{"baseURL":"x"}"#, "baseURL"),
            (r#"{"timeout":5}"#, "timeout"),
            (r#"{"gateway":"ESB"}"#, "gateway"),
            (r#"{"stage":"prod"}"#, "stage"),
            (r#"{"apigwName":"bk-itsm"}"#, "apigwName"),
            (r#"{"gateway":"apigw","apigwName":"a/b"}"#, "apigwName"),
            (r#"{"gateway":"apigw","apigwName":"../x"}"#, "apigwName"),
            (r#"{"gateway":"apigw","apigwName":""}"#, "apigwName"),
            (r#"{"gateway":"apigw","stage":"a/b"}"#, "stage"),
            (r#"{"credentials":true}"#, "credentials"),
            (r#"{"timeoutMs":-1}"#, "timeoutMs"),
            (r#"{"timeoutMs":1.5}"#, "timeoutMs"),
            (r#"{"bk_app_secret":42}"#, "bk_app_secret"),
            (r#"{"baseUrl":"ftp://x"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://x/?a=1"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://user:pw@x"}"#, "baseUrl"),
            (r#"{"baseUrl":"//x"}"#, "baseUrl"),
            (r#"{"baseUrl":"https://"}"#, "baseUrl"),
            (r#"{"baseUrl":null}"#, "baseUrl"),
            // The URL parser refuses these: every call would fail as a network error.
            (r#"{"baseUrl":"http://127.0.0.1:99999"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://127.0.0.1:65536/x"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://[::1"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://[::1]x"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://[]:80"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://x:"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://x:8a"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://:80"}"#, "baseUrl"),
            (r#"{"baseUrl":"http://a]b"}"#, "baseUrl"),
        ] {
            let issues = config(json).expect_err(json);
            assert_eq!(issues[0].field, field, "{json}");
        }
        assert!(config(r#"{"baseURL":"x"}"#).unwrap_err()[0]
            .message
            .contains("\"baseUrl\""));
        assert!(config(r#"{"timeout":5}"#).unwrap_err()[0]
            .message
            .contains("\"timeoutMs\""));
        assert!(!config(r#"{"bk_app_secret":42}"#).unwrap_err()[0]
            .message
            .contains("42"));
        for ok in [
            "http://127.0.0.1:8000",
            "http://127.0.0.1:65535",
            "http://[::1]",
            "http://[::1]:8000/x",
            "https://工单.example.com",
            "https://paas.example.com/",
            "/itsm-proxy",
            "",
        ] {
            assert!(config(&format!(r#"{{"baseUrl":"{ok}"}}"#)).is_ok(), "{ok}");
        }
    }

    #[test]
    fn request_options() {
        assert_eq!(
            RequestOptions::from_value(&Value::Undefined),
            Ok(RequestOptions::default())
        );
        let o = RequestOptions::from_value(&parse(r#"{"signal":{},"timeoutMs":100}"#)).unwrap();
        assert_eq!((o.signal, o.timeoutMs), (Some(()), Some(100)));
        assert_eq!(
            RequestOptions::from_value(&parse(r#"{"signal":"x"}"#)).unwrap_err()[0].field,
            "signal"
        );
        assert_eq!(
            RequestOptions::from_value(&parse(r#"{"timeoutms":1}"#)).unwrap_err()[0].message,
            "timeoutms: is not a known key: did you mean \"timeoutMs\"?"
        );
        assert_eq!(
            RequestOptions::from_value(&Value::Null).unwrap_err()[0].field,
            "options"
        );
        let field = |json: &str| {
            RequestOptions::from_value(&parse(json)).unwrap_err()[0]
                .field
                .clone()
        };
        assert_eq!(field(r#"{"maxItems":1}"#), "maxItems");
        assert_eq!(field(r#"{"retries":11}"#), "retries");
    }

    #[test]
    fn iterate_options() {
        let o = IterateOptions::from_value(&Value::Object(vec![
            ("maxItems".into(), Value::Number(5.0)),
            ("concurrency".into(), Value::Number(8.0)),
            ("retries".into(), Value::Number(0.0)),
            ("onProgress".into(), Value::Other("a function")),
        ]))
        .unwrap();
        assert_eq!(
            (o.maxItems, o.concurrency, o.retries, o.onProgress),
            (Some(5), Some(8), Some(0), Some(()))
        );
        for (json, field) in [
            (r#"{"concurrency":9}"#, "concurrency"),
            (r#"{"concurrency":0}"#, "concurrency"),
            (r#"{"maxItems":0}"#, "maxItems"),
            (r#"{"onProgress":"f"}"#, "onProgress"),
            (r#"{"maxitems":3}"#, "maxitems"),
        ] {
            let issues = IterateOptions::from_value(&parse(json)).unwrap_err();
            assert_eq!(issues[0].field, field, "{json}");
        }
        let issues = IterateOptions::from_value(&parse(r#"{"maxitems":3}"#)).unwrap_err();
        assert!(issues[0].message.contains("\"maxItems\""));
    }
}
