//! The two front doors to ITSM, and the request writer: where each parameter of an endpoint
//! goes, by the endpoint's method and the client's door.
//!
//! | | ESB | API gateway |
//! |---|---|---|
//! | path of API `{api}` | `/api/c/compapi/v2/itsm/{api}/` | `/api/{name}/{stage}/v2/itsm/{api}/` (name `bk-itsm` by default) |
//! | common parameters | beside the others: the JSON body of a POST, the query string of a GET | in the `X-Bkapi-Authorization` header (JSON, ASCII), never the body or the URL |
//! | query string of a POST | dropped | forwarded: `page` and `page_size` also go there |
//! | request id | body `request_id` | header `X-Bkapi-Request-ID` |

use crate::mem::String;
use crate::mem::Vec;

use crate::engine::config::Settings;
use crate::engine::credentials::{Credentials, COMMON};
use crate::engine::describe::{Endpoint, Method};
use crate::engine::params::Given;
use crate::engine::rules::Wire;
use crate::engine::value::write_json;
use crate::text::json::{self, Obj};
use crate::text::{push_int, push_percent};

/// The header that carries credentials to the gateway.
pub(crate) const AUTHORIZATION: &str = "X-Bkapi-Authorization";

/// The header a same-origin proxy (`bk-itsm-tickets/proxy`) requires of every request.
pub(crate) const PROXY_HEADER: &str = "X-Bk-Itsm-Tickets";

/// A request, ready for `fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// GET or POST.
    pub(crate) method: Method,
    /// The absolute URL.
    pub(crate) url: String,
    /// The JSON body of a POST.
    pub(crate) body: Option<String>,
    /// Every header, the client's own first.
    pub(crate) headers: Vec<(String, String)>,
}

/// Appends the path of `endpoint` behind the client's door.
fn push_path(out: &mut String, settings: &Settings, endpoint: &Endpoint) {
    out.push_str("/api/");
    match &settings.gateway {
        None => out.push_str("c/compapi"),
        Some((name, stage)) => {
            out.push_str(name);
            out.push('/');
            out.push_str(stage);
        }
    }
    out.push_str("/v2/itsm/");
    out.push_str(endpoint.path_name(settings.gateway.is_none()));
    out.push('/');
}

/// Writes the request of `endpoint` with the parameters `given`.
pub(crate) fn write(
    settings: &Settings,
    endpoint: &Endpoint,
    base: &str,
    given: &Given,
    creds: &Credentials,
    extra: Vec<(String, String)>,
) -> Request {
    let esb = settings.gateway.is_none();
    let mut url = String::from(base.trim_end_matches('/'));
    push_path(&mut url, settings, endpoint);
    let mut headers = Vec::new();
    if endpoint.method == Method::Post {
        headers.push((
            String::from("Content-Type"),
            String::from("application/json"),
        ));
    }
    if !esb && !creds.is_empty() {
        let mut header = Obj::ascii();
        for (k, v) in creds.given() {
            header.str(k, v);
        }
        headers.push((String::from(AUTHORIZATION), header.finish()));
    }
    // Without the app's secret the client talks to a same-origin proxy that holds it: this
    // header is its proof that the page's own script sends the request (a cross-site form
    // cannot set a header, and a cross-site script's would need a CORS preflight the proxy
    // never grants).
    if creds.0[1].is_none() {
        headers.push((String::from(PROXY_HEADER), String::from("1")));
    }
    headers.extend(extra);
    // The members, in order: through ESB the common parameters first, then the endpoint's.
    let mut common = Vec::new();
    if esb {
        for (k, v) in creds.given() {
            common.push((k, Wire::Str(String::from(v))));
        }
    }
    let mut members: Vec<(&str, &Wire)> = Vec::new();
    for (k, w) in &common {
        members.push((k, w));
    }
    for (p, w) in &given.values {
        // The common parameters given with the call are in `creds` already.
        if !COMMON.iter().any(|c| c.key == p.key) {
            members.push((p.key, w));
        }
    }
    let body = match endpoint.method {
        Method::Get => {
            let mut query = Query::default();
            for (k, w) in &members {
                query.add(k, w);
            }
            url.push_str(&query.0);
            None
        }
        Method::Post => {
            if !esb {
                // The gateway forwards a POST's query string, and ITSM before 2.6.0 reads paging
                // only there.
                let mut query = Query::default();
                for key in &["page", "page_size"] {
                    if let Some(w) = given.get(key) {
                        query.add(key, w);
                    }
                }
                url.push_str(&query.0);
            }
            let mut body = Obj::new();
            for (k, w) in &members {
                put(&mut body, k, w);
            }
            Some(body.finish())
        }
    };
    Request {
        method: endpoint.method,
        url,
        body,
        headers,
    }
}

/// Writes `wire` as the member `key` of a JSON object.
fn put(o: &mut Obj, key: &str, wire: &Wire) {
    let out = o.key(key);
    match wire {
        Wire::Str(s) => json::push_str(out, s, false),
        Wire::Int(n) => push_int(out, *n),
        Wire::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Wire::Strs(items) => json::push_strs(out, items.iter().map(String::as_str)),
        Wire::Ints(items) => push_ints(out, items),
        Wire::Json(text) => out.push_str(text),
        Wire::Fields(values) => {
            out.push('[');
            for (i, (k, v)) in values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"key\":");
                json::push_str(out, k, false);
                out.push_str(",\"value\":");
                write_json(out, v, 0);
                out.push('}');
            }
            out.push(']');
        }
        Wire::Handle(_) | Wire::Headers(_) | Wire::Hooks(_) => out.push_str("null"),
    }
}

/// Appends `items` as a JSON array of integers.
pub(crate) fn push_ints(out: &mut String, items: &[i64]) {
    out.push('[');
    for (i, n) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_int(out, *n);
    }
    out.push(']');
}

/// A query string: `?k=v&k=v`, values percent-encoded, lists comma-joined.
#[derive(Default)]
struct Query(String);

impl Query {
    fn add(&mut self, key: &str, wire: &Wire) {
        let out = &mut self.0;
        out.push(if out.is_empty() { '?' } else { '&' });
        push_percent(out, key);
        out.push('=');
        match wire {
            Wire::Str(s) | Wire::Json(s) => push_percent(out, s),
            Wire::Int(n) => push_int(out, *n),
            Wire::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Wire::Strs(items) => {
                for (i, s) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_percent(out, s);
                }
            }
            Wire::Ints(items) => {
                for (i, n) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    push_int(out, *n);
                }
            }
            Wire::Handle(_) | Wire::Headers(_) | Wire::Hooks(_) | Wire::Fields(_) => {}
        }
    }
}
