//! Every description as JSON, for the generator (`scripts/gen/`): the endpoints with their
//! parameters and result types, the configuration and option rows, the error's properties,
//! the reasons, the known codes, the message table, and the numbers the driver and the module
//! share. Native only: the module carries none of the documentation printed here.
//!
//! `cargo run --bin describe` prints it.

extern crate std;

use crate::mem::{String, Vec};

/// `format!` into the crate's `String`.
macro_rules! format {
    ($($t:tt)*) => {
        String::from(std::format!($($t)*).as_str())
    };
}

use crate::api::{ENDPOINTS, POLLS};
use crate::engine::config::{CONFIG, OPTIONS, POLL_OPTIONS, WALK_OPTIONS};
use crate::engine::credentials::COMMON;
use crate::engine::describe::{Doors, Member, Method, Obj, Param, Rule, Ty};
use crate::engine::rules::{HOOKS, KNOWN_STATUSES};
use crate::engine::shape::{kind, CAPTURE_CHARS};
use crate::error::codes::{CODES, MEANINGS};
use crate::error::messages::{Msg, TABLE};
use crate::error::render::{reasons, PROPERTIES};
use crate::text::json::{self, Obj as JsonObj};

fn quoted(s: &str) -> String {
    let mut out = String::new();
    json::push_str(&mut out, s, false);
    out
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    let parts: Vec<&str> = items.iter().map(|s| s.as_str()).collect();
    format!("[{}]", crate::text::join(&parts, ","))
}

/// The TypeScript type of a value of `rule`.
fn rule_ts(rule: &Rule) -> String {
    match rule {
        Rule::Text | Rule::Secret | Rule::Short(_) | Rule::TicketNumber | Rule::User => {
            "string".into()
        }
        Rule::Integer { digits: true, .. } => "number | string".into(),
        Rule::Integer { .. } => "number".into(),
        Rule::Date => "string".into(),
        Rule::OneOf(values) => {
            let quoted: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            let parts: Vec<&str> = quoted.iter().map(|s| s.as_str()).collect();
            crate::text::join(&parts, " | ")
        }
        Rule::Status => "TicketStatusKey".into(),
        Rule::List(element) => {
            let inner = rule_ts(element);
            if inner.contains(' ') {
                format!("readonly ({inner})[]")
            } else {
                format!("readonly {inner}[]")
            }
        }
        Rule::Boolean => "boolean".into(),
        Rule::Names => "string | readonly string[]".into(),
        Rule::Fields { strings: true } => {
            "TicketFieldValues<string | number | readonly string[]>".into()
        }
        Rule::Fields { strings: false } => "TicketFieldValues".into(),
        Rule::Json => "unknown".into(),
        Rule::BaseUrl | Rule::Segment => "string".into(),
        Rule::Headers => "Record<string, string>".into(),
        Rule::Signal => "AbortSignal".into(),
        Rule::Function => "(...args: never[]) => unknown".into(),
        Rule::Hooks => "Hooks".into(),
    }
}

fn param(p: &Param, blank_is_absent: bool) -> String {
    let mut o = JsonObj::new();
    o.str("key", p.key)
        .bool("required", p.required)
        .str("doc", p.doc)
        .bool("secret", p.rule == Rule::Secret)
        .bool("identity", p.rule == Rule::User);
    let ts = if p.ts.is_empty() {
        rule_ts(&p.rule)
    } else {
        String::from(p.ts)
    };
    // A blank value of an endpoint's parameter is "not given": `null` is one.
    let ts = if blank_is_absent && !p.required {
        format!("{ts} | null")
    } else {
        ts
    };
    o.str("ts", &ts);
    o.finish()
}

fn params(rows: &[Param], blank_is_absent: bool) -> String {
    list(rows.iter().map(|p| param(p, blank_is_absent)))
}

/// The TypeScript type of `ty`.
fn ty_ts(ty: &Ty) -> String {
    match ty {
        Ty::Int => "number".into(),
        Ty::Str => "string".into(),
        Ty::Bool => "boolean".into(),
        Ty::IntOrStr => "number | string".into(),
        Ty::Any => "unknown".into(),
        Ty::Open => "Record<string, unknown>".into(),
        Ty::Obj(o) => o.name.into(),
        Ty::Arr(t) => {
            let inner = ty_ts(t);
            if inner.contains(' ') {
                format!("({inner})[]")
            } else {
                format!("{inner}[]")
            }
        }
        Ty::Page(o) => format!("{}Page", o.name),
    }
}

fn member(m: &Member) -> String {
    let mut o = JsonObj::new();
    let ts = if m.ts.is_empty() {
        ty_ts(&m.ty)
    } else {
        String::from(m.ts)
    };
    o.str("key", m.key)
        .str("ts", &ts)
        .bool("null", m.null)
        .bool("optional", m.opt)
        .str("doc", m.doc);
    o.finish()
}

/// Every object type reachable from `ty`, once each, in the order met.
fn collect(ty: &Ty, out: &mut Vec<&'static Obj>) {
    match ty {
        Ty::Obj(o) | Ty::Page(o) if !out.iter().any(|x| core::ptr::eq(*x, *o)) => {
            if let Some(base) = o.base {
                collect(&Ty::Obj(base), out);
            }
            out.push(o);
            for m in o.members {
                collect(&m.ty, out);
            }
        }
        Ty::Arr(t) => collect(t, out),
        _ => {}
    }
}

fn object(o: &Obj, page: bool) -> String {
    let mut j = JsonObj::new();
    j.str("name", o.name).str("doc", o.doc).bool("page", page);
    if let Some(base) = o.base {
        j.str("base", base.name);
    }
    j.raw("members", &list(o.members.iter().map(member)));
    j.finish()
}

/// `get_tickets_by_user` → `getTicketsByUser`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Everything, as one JSON object.
pub fn json() -> alloc::string::String {
    alloc::string::String::from(everything().as_str())
}

fn everything() -> String {
    let mut objects: Vec<&'static Obj> = Vec::new();
    let mut pages: Vec<&'static Obj> = Vec::new();
    for e in ENDPOINTS {
        collect(&e.result, &mut objects);
        if let Ty::Page(o) = e.result {
            pages.push(o);
        }
    }
    let endpoints = list(ENDPOINTS.iter().enumerate().map(|(id, e)| {
        let mut o = JsonObj::new();
        let js = camel(e.name);
        o.int("id", id as i64)
            .str("name", e.name)
            .str("esbName", e.name)
            .str("apigwName", e.path_name(false))
            .str("js", &js)
            .str(
                "method",
                if e.method == Method::Get {
                    "GET"
                } else {
                    "POST"
                },
            )
            .bool("gatewayOnly", e.doors == Doors::GatewayOnly)
            .bool("safe", e.safe)
            .bool("write", !e.safe)
            .str("doc", e.doc)
            .str("paramsType", e.params_type)
            .str("result", &ty_ts(&e.result))
            .bool(
                "resultIsObject",
                matches!(e.result, Ty::Obj(_) | Ty::Page(_)),
            )
            .bool("required", e.params.iter().any(|p| p.required));
        if let Ty::Page(items) = e.result {
            let rest = js.strip_prefix("get").unwrap_or(&js);
            o.str("walk", &format!("iter{rest}"))
                .str("collect", &format!("getAll{rest}"))
                .str("item", items.name);
        }
        o.raw("params", &params(e.params, true));
        // Lists sent empty when not given (`Check::EmptyWhen`).
        o.raw(
            "sentEmpty",
            &list(e.checks.iter().filter_map(|c| match *c {
                crate::engine::describe::Check::EmptyWhen(key, when, values) => {
                    let mut j = JsonObj::new();
                    j.str("key", key)
                        .str("when", when)
                        .raw("values", &list(values.iter().map(|v| quoted(v))));
                    Some(j.finish())
                }
                _ => None,
            })),
        );
        if let Some(b) = e.before {
            let mut before = JsonObj::new();
            before
                .str("endpoint", b.endpoint.name)
                .str("key", b.key)
                .raw("option", &param(&b.option, false))
                .str("result", &ty_ts(&b.endpoint.result));
            o.raw("before", &before.finish());
        }
        o.finish()
    }));
    let mut root = JsonObj::new();
    root.raw("endpoints", &endpoints);
    root.raw("objects", &list(objects.iter().map(|o| object(o, false))));
    root.raw("pages", &list(pages.iter().map(|o| quoted(o.name))));
    root.raw("common", &params(COMMON, true));
    root.raw("config", &params(CONFIG, false));
    root.raw("configCommon", &params(COMMON, false));
    root.raw("options", &params(OPTIONS, false));
    root.raw("walkOptions", &params(WALK_OPTIONS, false));
    root.raw("pollOptions", &params(POLL_OPTIONS, false));
    root.raw(
        "polls",
        &list(POLLS.iter().enumerate().map(|(id, p)| {
            let mut o = JsonObj::new();
            let row = p.endpoint.params.iter().find(|r| r.key == p.key);
            o.int("id", id as i64)
                .str("js", p.js)
                .str("endpoint", p.endpoint.name)
                .str("key", p.key)
                .str("doc", p.doc)
                .str("result", &ty_ts(&p.endpoint.result));
            if let Some(row) = row {
                o.raw("param", &param(row, false));
            }
            o.finish()
        })),
    );
    root.raw("hooks", &list(HOOKS.iter().map(|h| quoted(h))));
    root.raw("statuses", &list(KNOWN_STATUSES.iter().map(|s| quoted(s))));
    root.raw(
        "errorProperties",
        &list(PROPERTIES.iter().map(|(group, name, opt, ts, doc)| {
            let mut o = JsonObj::new();
            o.str("group", group)
                .str("name", name)
                .bool("optional", !opt.is_empty())
                .str("ts", ts)
                .str("doc", doc);
            o.finish()
        })),
    );
    root.raw("reasons", &list(reasons().iter().map(|r| quoted(r))));
    root.raw(
        "codes",
        &list(CODES.iter().map(|(code, name, reason, en, zh)| {
            let mut o = JsonObj::new();
            let numeric = code.bytes().all(|b| b.is_ascii_digit());
            if numeric {
                o.raw("code", code);
            } else {
                o.str("code", code);
            }
            let meaning = MEANINGS.iter().find(|m| m.0 == *name).map_or("", |m| m.1);
            o.str("name", name)
                .str("reason", reason)
                .str("en", en)
                .str("zh", zh)
                .str("meaning", meaning);
            o.finish()
        })),
    );
    root.raw(
        "messages",
        &list(TABLE.iter().map(|(reason, en, zh, dev)| {
            let mut o = JsonObj::new();
            o.str("reason", reason)
                .str("en", en)
                .str("zh", zh)
                .str("dev", dev);
            o.finish()
        })),
    );
    let texts = |m: Msg| {
        let row = TABLE.get(m as usize).copied().unwrap_or_default();
        format!(
            "{{\"reason\":{},\"en\":{},\"zh\":{},\"dev\":{}}}",
            quoted(row.0),
            quoted(row.1),
            quoted(row.2),
            quoted(row.3)
        )
    };
    let mut constants = JsonObj::new();
    constants
        .raw(
            "OP",
            &format!(
                "{{\"client\":{},\"prepare\":{},\"plan\":{},\"settle\":{},\"validate\":{},\"walk\":{},\"aborted\":{},\"program\":{},\"validateFields\":{},\"wait\":{}}}",
                crate::ops::CLIENT,
                crate::ops::PREPARE,
                crate::ops::PLAN,
                crate::ops::SETTLE,
                crate::ops::VALIDATE,
                crate::ops::WALK,
                crate::ops::ABORTED,
                crate::ops::PROGRAM,
                crate::ops::VALIDATE_FIELDS,
                crate::ops::WAIT
            ),
        )
        .raw(
            "OUTCOME",
            &{
                use crate::engine::envelope::outcome::*;
                format!("{{\"answer\":{ANSWER},\"network\":{NETWORK},\"timeout\":{TIMEOUT},\"aborted\":{ABORTED},\"redirect\":{REDIRECT},\"notResponse\":{NOT_RESPONSE},\"abortedBefore\":{ABORTED_BEFORE}}}")
            },
        )
        .raw(
            "KIND",
            &format!(
                "{{\"undefined\":{},\"null\":{},\"boolean\":{},\"integer\":{},\"number\":{},\"string\":{},\"array\":{},\"object\":{},\"other\":{}}}",
                kind::UNDEFINED, kind::NULL, kind::BOOL, kind::INT, kind::NUMBER, kind::STRING, kind::ARRAY, kind::OBJECT, kind::OTHER
            ),
        )
        .int("CAPTURE_CHARS", i64::from(CAPTURE_CHARS))
        .raw("NO_WEBASSEMBLY", &texts(Msg::NoWasm))
        .raw("HOOK_FAILED", &texts(Msg::HookFailed))
        .raw("NAMES", &list(ENDPOINTS.iter().map(|e| quoted(e.name))))
        .raw(
            "WRITES",
            &list(ENDPOINTS.iter().map(|e| String::from(if e.safe { "0" } else { "1" }))),
        );
    root.raw("constants", &constants.finish());
    root.finish()
}
