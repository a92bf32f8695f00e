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
use crate::engine::credentials::Credentials;
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

/// The path of `endpoint` behind the client's door.
pub(crate) fn path(settings: &Settings, endpoint: &Endpoint) -> String {
    let mut out = String::from("/api/");
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
    out
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
    url.push_str(&path(settings, endpoint));
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
    let creds = creds.given().map(|(k, v)| (k, Wire::Str(String::from(v))));
    let params = given.values.iter().map(|(p, w)| (p.key, w.clone()));
    let body = match endpoint.method {
        Method::Get => {
            let mut query = Query::default();
            if esb {
                creds.for_each(|(k, w)| query.add(k, &w));
            }
            params.for_each(|(k, w)| query.add(k, &w));
            url.push_str(&query.0);
            None
        }
        Method::Post => {
            if !esb {
                // The gateway forwards a POST's query string, and ITSM before 2.6.0 reads paging
                // only there.
                let mut query = Query::default();
                for key in ["page", "page_size"] {
                    if let Some(w) = given.get(key) {
                        query.add(key, w);
                    }
                }
                url.push_str(&query.0);
            }
            let mut body = Obj::new();
            if esb {
                creds.for_each(|(k, w)| put(&mut body, k, &w));
            }
            params.for_each(|(k, w)| put(&mut body, k, &w));
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
        Wire::Ints(items) => {
            out.push('[');
            for (i, n) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_int(out, *n);
            }
            out.push(']');
        }
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
