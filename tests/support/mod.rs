//! What the property tests (`tests/properties.rs`) and the fuzz targets (`fuzz/fuzz_targets/`,
//! through `#[path]`) share: a native stand-in for the JavaScript driver's side of the module's
//! interface, and oracles to judge the module's answers by.
//!
//! - [`snap`]: a JSON value as the driver's snapshot text (`src/js/snapshot.js`);
//! - [`probe`]: the records and captures the driver takes of a parsed answer along an
//!   endpoint's probe program (`probe` in `src/js/driver.js`);
//! - [`Schema`]: the endpoints' result types from the generator's description
//!   (`bk_itsm_tickets::describe::json`), to make answers of the right shape and to say, on
//!   our own, whether an answer has it ([`Schema::conforms`]);
//! - [`Seeded`]: a small deterministic generator for the data a strategy cannot easily describe;
//! - [`check_answer`]: what every answer of the module must be (JSON, one of its forms, every
//!   error complete).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{json, Map, Value as J};

/// The largest integer a JavaScript number holds exactly.
pub const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// `Number.isSafeInteger(n)` (`-0` included, as JavaScript says).
pub fn is_safe_integer(n: f64) -> bool {
    n.is_finite() && n.trunc() == n && n.abs() <= MAX_SAFE
}

/// A number as the snapshot writes it: a safe integer in decimal, anything else as its 8 bytes.
pub fn snap_number(n: f64) -> String {
    if is_safe_integer(n) && !(n == 0.0 && n.is_sign_negative()) {
        format!("{}", n as i64)
    } else {
        let mut out = String::from("#");
        for b in n.to_le_bytes() {
            out.push_str(&format!("{b:02x}"));
        }
        out
    }
}

/// A JSON number as JavaScript holds it.
pub fn number_of(n: &serde_json::Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// `value` as the driver's snapshot text, at most `depth` levels of arrays and objects
/// (`snap(value, handles, depth)`; deeper ones are `!A` / `!O`).
pub fn snap_depth(value: &J, depth: u32) -> String {
    let mut out = String::new();
    put(&mut out, value, depth);
    out
}

/// `value` as snapshot text, without a depth limit worth speaking of.
pub fn snap(value: &J) -> String {
    snap_depth(value, 64)
}

fn put(out: &mut String, v: &J, d: u32) {
    match v {
        J::Null => out.push('n'),
        J::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        J::Number(n) => out.push_str(&snap_number(number_of(n))),
        J::String(s) => out.push_str(&serde_json::to_string(s).unwrap()),
        J::Array(items) => {
            if d == 0 {
                return out.push_str("!A");
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                put(out, item, d - 1);
            }
            out.push(']');
        }
        J::Object(entries) => {
            if d == 0 {
                return out.push_str("!O");
            }
            out.push('{');
            for (i, (k, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                put(out, item, d - 1);
            }
            out.push('}');
        }
    }
}

/// The kinds the driver records (`KIND` in the generated constants).
pub mod kind {
    pub const UNDEFINED: u8 = 0;
    pub const NULL: u8 = 1;
    pub const BOOL: u8 = 2;
    pub const INT: u8 = 3;
    pub const NUMBER: u8 = 4;
    pub const STRING: u8 = 5;
    pub const ARRAY: u8 = 6;
    pub const OBJECT: u8 = 7;
}

/// `kindOf(v)` of the driver (`None`: a member that is not there).
pub fn kind_of(v: Option<&J>) -> u8 {
    match v {
        None => kind::UNDEFINED,
        Some(J::Null) => kind::NULL,
        Some(J::Bool(_)) => kind::BOOL,
        Some(J::Number(n)) if is_safe_integer(number_of(n)) => kind::INT,
        Some(J::Number(_)) => kind::NUMBER,
        Some(J::String(_)) => kind::STRING,
        Some(J::Array(_)) => kind::ARRAY,
        Some(J::Object(_)) => kind::OBJECT,
    }
}

/// How many characters of a captured string the driver keeps (`CAPTURE_CHARS`).
pub const CAPTURE_CHARS: usize = 2002;

/// The driver's `probe(value, program)`: the records (kinds, array lengths) and the captured
/// values, visiting `value` along `program` (the JSON text `testing::program(id)` writes).
pub fn probe(value: &J, program: &J) -> (Vec<u8>, Vec<J>) {
    let mut records = Vec::new();
    let mut caps = Vec::new();
    visit(Some(value), program, &mut records, &mut caps);
    (records, caps)
}

fn visit(v: Option<&J>, node: &J, records: &mut Vec<u8>, caps: &mut Vec<J>) {
    let k = kind_of(v);
    records.push(k);
    match node {
        J::Number(n) if n.as_u64() == Some(1) => caps.push(match v {
            // JavaScript's `slice` counts UTF-16 units; the answers here are mostly ASCII and
            // the module only shortens further.
            Some(J::String(s)) => J::String(s.chars().take(CAPTURE_CHARS).collect()),
            Some(other) => other.clone(),
            // `undefined` has no JSON form: a capture of a missing member is written `u`.
            None => J::Null,
        }),
        J::Array(element) => {
            if let (Some(J::Array(items)), Some(element)) = (v, element.first()) {
                let len = items.len() as u32;
                records.extend_from_slice(&len.to_le_bytes());
                for item in items {
                    visit(Some(item), element, records, caps);
                }
            }
        }
        J::Object(members) => {
            if let Some(J::Object(entries)) = v {
                for (key, child) in members {
                    visit(entries.get(key), child, records, caps);
                }
            }
        }
        _ => {}
    }
}

/// Which captures of [`probe`] were of a member that was not there: their snapshot is `u`.
pub fn probe_missing(value: &J, program: &J) -> Vec<bool> {
    fn go(v: Option<&J>, node: &J, out: &mut Vec<bool>) {
        match node {
            J::Number(n) if n.as_u64() == Some(1) => out.push(v.is_none()),
            J::Array(element) => {
                if let (Some(J::Array(items)), Some(element)) = (v, element.first()) {
                    for item in items {
                        go(Some(item), element, out);
                    }
                }
            }
            J::Object(members) => {
                if let Some(J::Object(entries)) = v {
                    for (key, child) in members {
                        go(entries.get(key), child, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    go(Some(value), program, &mut out);
    out
}

/// What the driver's `send` resolved to, and the outcome snapshot it hands to `settle`.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// `OUTCOME`: 0 an answer, 1 network, 2 timeout, 3 aborted, 4 redirect, 5 not a
    /// Response, 6 aborted before sending.
    pub k: i64,
    pub status: Option<i64>,
    /// Content type, `X-Bkapi-Request-ID`, `X-Bkapi-Error-Code`, `X-Bkapi-Error-Message`,
    /// `Retry-After`.
    pub ct: Option<String>,
    pub rid: Option<String>,
    pub ec: Option<String>,
    pub em: Option<String>,
    pub ra: Option<String>,
    /// `Date.parse(ra)`.
    pub rd: Option<f64>,
    /// The body: parsed (then `caps` are the probe's captures) or its excerpt and length.
    pub parsed: bool,
    pub caps: Vec<J>,
    /// Which captures were `undefined`.
    pub caps_missing: Vec<bool>,
    pub excerpt: Option<String>,
    pub length: Option<i64>,
    /// A redirect's `location`, a network error's `why`, a timeout's `timeout`.
    pub location: Option<String>,
    pub why: Option<String>,
    pub timeout: Option<i64>,
}

impl Outcome {
    /// An answer with status `status` whose body parsed to `body`, probed along `program`.
    pub fn answer(status: i64, body: &J, program: &J) -> (Outcome, Vec<u8>) {
        let (records, caps) = probe(body, program);
        let o = Outcome {
            k: 0,
            status: Some(status),
            ct: Some("application/json".into()),
            parsed: true,
            caps,
            caps_missing: probe_missing(body, program),
            ..Outcome::default()
        };
        (o, records)
    }

    /// An answer whose body is not JSON.
    pub fn text(status: i64, body: &str) -> Outcome {
        let units = body.encode_utf16().count();
        Outcome {
            k: 0,
            status: Some(status),
            ct: Some("text/html; charset=utf-8".into()),
            parsed: false,
            excerpt: Some(String::from_utf16_lossy(
                &body.encode_utf16().take(200).collect::<Vec<u16>>(),
            )),
            length: Some(units as i64),
            ..Outcome::default()
        }
    }

    /// No answer: `k` one of the failures.
    pub fn failure(k: i64) -> Outcome {
        Outcome {
            k,
            timeout: Some(30_000),
            ..Outcome::default()
        }
    }

    /// The snapshot `snap(o, [])` of the driver (depth 3).
    pub fn text_of(&self) -> String {
        let mut parts: Vec<String> = vec![format!("\"k\":{}", self.k)];
        let mut s = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                parts.push(format!("\"{k}\":{}", serde_json::to_string(v).unwrap()));
            }
        };
        s("ct", &self.ct);
        s("rid", &self.rid);
        s("ec", &self.ec);
        s("em", &self.em);
        s("ra", &self.ra);
        s("location", &self.location);
        s("why", &self.why);
        s("excerpt", &self.excerpt);
        if let Some(st) = self.status {
            parts.push(format!("\"status\":{}", snap_number(st as f64)));
        }
        if let Some(t) = self.timeout {
            parts.push(format!("\"timeout\":{t}"));
        }
        if let Some(rd) = self.rd {
            parts.push(format!("\"rd\":{}", snap_number(rd)));
        }
        if let Some(l) = self.length {
            parts.push(format!("\"length\":{l}"));
        }
        if self.k == 0 {
            parts.push(format!(
                "\"parsed\":{}",
                if self.parsed { 't' } else { 'f' }
            ));
        }
        if self.parsed {
            let caps: Vec<String> = self
                .caps
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if self.caps_missing.get(i).copied().unwrap_or(false) {
                        String::from("u")
                    } else {
                        // o (3) → caps (2) → a capture (1): its members are the last level.
                        snap_depth(c, 1)
                    }
                })
                .collect();
            parts.push(format!("\"caps\":[{}]", caps.join(",")));
        }
        format!("{{{}}}", parts.join(","))
    }
}

/// A member of an object type, as the description lists it.
#[derive(Debug, Clone)]
pub struct Member {
    pub key: String,
    pub ts: String,
    pub null: bool,
    pub opt: bool,
}

/// The result types of every endpoint, from `bk_itsm_tickets::describe::json()`.
#[derive(Debug)]
pub struct Schema {
    pub describe: J,
    /// Object types by name: the base type's name and the own members.
    pub objects: HashMap<String, (Option<String>, Vec<Member>)>,
    /// Page types by name (`TicketPage`) and their item type.
    pub pages: HashMap<String, String>,
}

/// The description, read once.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let describe: J = serde_json::from_str(&bk_itsm_tickets::describe::json()).unwrap();
        let mut objects = HashMap::new();
        for o in describe["objects"].as_array().unwrap() {
            let members = o["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| Member {
                    key: m["key"].as_str().unwrap().into(),
                    ts: m["ts"].as_str().unwrap().into(),
                    null: m["null"] == true,
                    opt: m["optional"] == true,
                })
                .collect();
            objects.insert(
                o["name"].as_str().unwrap().to_string(),
                (o["base"].as_str().map(String::from), members),
            );
        }
        let pages = describe["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let item = p.as_str().unwrap().to_string();
                (format!("{item}Page"), item)
            })
            .collect();
        Schema {
            describe,
            objects,
            pages,
        }
    })
}

/// What a type of the description is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Int,
    Str,
    Bool,
    IntOrStr,
    Any,
    Open,
    Arr(Box<Ty>),
    Obj(String),
    Page(String),
}

/// How deep the module checks (`shape::MAX_DEPTH`): below, only objects and arrays are told.
pub const SHAPE_DEPTH: u32 = 16;

impl Schema {
    /// The endpoints' descriptions.
    pub fn endpoints(&self) -> &Vec<J> {
        self.describe["endpoints"].as_array().unwrap()
    }

    /// The endpoint named `name`'s id.
    pub fn id(&self, name: &str) -> u32 {
        self.endpoints()
            .iter()
            .position(|e| e["name"] == name)
            .unwrap() as u32
    }

    /// The type a TypeScript type of the description stands for.
    pub fn ty(&self, ts: &str) -> Ty {
        let ts = ts.trim();
        if let Some(element) = ts.strip_suffix("[]") {
            let element = element.trim_start_matches("readonly ");
            let element = element
                .strip_prefix('(')
                .and_then(|e| e.strip_suffix(')'))
                .unwrap_or(element);
            return Ty::Arr(Box::new(self.ty(element)));
        }
        if let Some(item) = self.pages.get(ts) {
            return Ty::Page(item.clone());
        }
        if self.objects.contains_key(ts) {
            return Ty::Obj(ts.into());
        }
        match ts {
            "number" => Ty::Int,
            "boolean" => Ty::Bool,
            "number | string" => Ty::IntOrStr,
            "unknown" => Ty::Any,
            "Record<string, unknown>" => Ty::Open,
            // Strings, and the unions of string literals the description shows for some.
            _ => Ty::Str,
        }
    }

    /// Every member of an object type, the base type's first.
    pub fn members(&self, name: &str) -> Vec<Member> {
        let (base, own) = &self.objects[name];
        let mut all = base.as_ref().map(|b| self.members(b)).unwrap_or_default();
        all.extend(own.iter().cloned());
        all
    }

    /// The result type of endpoint `id`.
    pub fn result(&self, id: u32) -> Ty {
        self.ty(self.endpoints()[id as usize]["result"].as_str().unwrap())
    }

    /// A value of `ty` (`depth`: how deep it stands, which bounds recursive types).
    pub fn make(&self, ty: &Ty, rng: &mut Seeded, depth: u32) -> J {
        match ty {
            Ty::Int => json!(rng.int()),
            Ty::Str => J::String(rng.word()),
            Ty::Bool => J::Bool(rng.chance(50)),
            Ty::IntOrStr => {
                if rng.chance(50) {
                    json!(rng.int())
                } else {
                    J::String(rng.word())
                }
            }
            Ty::Any => rng.json(2),
            Ty::Open => {
                let mut m = Map::new();
                for _ in 0..rng.below(3) {
                    m.insert(rng.word(), rng.json(1));
                }
                J::Object(m)
            }
            Ty::Arr(element) => {
                let n = if depth > 6 { 0 } else { rng.below(3) };
                J::Array((0..n).map(|_| self.make(element, rng, depth + 1)).collect())
            }
            Ty::Obj(name) => {
                let mut m = Map::new();
                for member in self.members(name) {
                    if member.opt && rng.chance(20) {
                        continue;
                    }
                    let v = if member.null && rng.chance(20) {
                        J::Null
                    } else {
                        self.make(&self.ty(&member.ts), rng, depth + 1)
                    };
                    m.insert(member.key, v);
                }
                if rng.chance(10) {
                    // Members beyond the description stay, unchecked.
                    m.insert(format!("extra_{}", rng.below(9)), rng.json(1));
                }
                J::Object(m)
            }
            Ty::Page(item) => {
                let items: Vec<J> = (0..rng.below(4))
                    .map(|_| self.make(&Ty::Obj(item.clone()), rng, depth + 1))
                    .collect();
                json!({
                    "page": 1,
                    "total_page": rng.below(5) + 1,
                    "count": items.len() as u64 + rng.below(100),
                    "next": if rng.chance(50) { J::Null } else { J::String("http://x/?page=2".into()) },
                    "previous": J::Null,
                    "items": items,
                })
            }
        }
    }

    /// Whether `v` (`None`: missing) has the type `ty`, as the description says, checked as far
    /// down as the module checks ([`SHAPE_DEPTH`]).
    pub fn conforms(&self, v: Option<&J>, ty: &Ty, null: bool, opt: bool, depth: u32) -> bool {
        let depth = depth + 1;
        match v {
            None if opt => return true,
            Some(J::Null) if null => return true,
            _ => {}
        }
        let k = kind_of(v);
        let deep = depth > SHAPE_DEPTH;
        match ty {
            Ty::Int => k == kind::INT,
            Ty::Str => k == kind::STRING,
            Ty::Bool => k == kind::BOOL,
            Ty::IntOrStr => k == kind::INT || k == kind::STRING,
            Ty::Any => k != kind::UNDEFINED,
            Ty::Open => k == kind::OBJECT,
            Ty::Obj(_) | Ty::Page(_) if deep => k == kind::OBJECT,
            Ty::Arr(_) if deep => k == kind::ARRAY,
            Ty::Arr(element) => match v {
                Some(J::Array(items)) => items
                    .iter()
                    .all(|i| self.conforms(Some(i), element, false, false, depth)),
                _ => false,
            },
            Ty::Obj(name) => match v {
                Some(J::Object(entries)) => self.members(name).iter().all(|m| {
                    self.conforms(entries.get(&m.key), &self.ty(&m.ts), m.null, m.opt, depth)
                }),
                _ => false,
            },
            Ty::Page(item) => match v {
                Some(J::Object(entries)) => {
                    let numbers = ["page", "total_page", "count"].iter().all(|k| {
                        matches!(entries.get(*k), Some(J::Number(n))
                            if is_safe_integer(number_of(n)) && number_of(n) >= 0.0)
                    });
                    let links = ["next", "previous"]
                        .iter()
                        .all(|k| matches!(entries.get(*k), Some(J::Null | J::String(_))));
                    let items = match entries.get("items") {
                        Some(J::Array(items)) => items.iter().all(|i| {
                            self.conforms(Some(i), &Ty::Obj(item.clone()), false, false, depth)
                        }),
                        _ => false,
                    };
                    numbers && links && items
                }
                _ => false,
            },
        }
    }
}

/// A small deterministic generator (SplitMix64), seeded by a strategy.
#[derive(Debug, Clone)]
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// `true` `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A safe integer, mostly small.
    pub fn int(&mut self) -> i64 {
        match self.below(10) {
            0 => -(self.below(1000) as i64),
            1 => MAX_SAFE as i64 - self.below(3) as i64,
            _ => self.below(100_000) as i64,
        }
    }

    /// A short string, sometimes with characters that need escaping.
    pub fn word(&mut self) -> String {
        const PARTS: &[&str] = &[
            "a",
            "REQ1",
            "admin",
            "工单",
            "x y",
            "\"",
            "\\",
            "\n",
            "\u{1b}[31m",
            "\u{202e}",
            "é",
            "😀",
            "…",
            "",
            "0",
            "true",
            "%20",
            "<b>",
        ];
        let n = self.below(4);
        (0..n).map(|_| *self.pick(PARTS)).collect()
    }

    /// Any JSON value, at most `depth` levels deep.
    pub fn json(&mut self, depth: u32) -> J {
        match self.below(if depth == 0 { 6 } else { 8 }) {
            0 => J::Null,
            1 => J::Bool(self.chance(50)),
            2 => json!(self.int()),
            3 => json!(*self.pick(&[0.5, -1.5, 1e300, 9_007_199_254_740_992.0, -0.0])),
            4 | 5 => J::String(self.word()),
            6 => J::Array((0..self.below(3)).map(|_| self.json(depth - 1)).collect()),
            _ => {
                let mut m = Map::new();
                for _ in 0..self.below(3) {
                    m.insert(self.word(), self.json(depth - 1));
                }
                J::Object(m)
            }
        }
    }

    /// `value` with one place changed: a member removed or added, a value replaced by one of
    /// another kind. Returns the new value.
    pub fn mutate(&mut self, value: &J) -> J {
        let mut v = value.clone();
        let mut places = Vec::new();
        collect_places(&v, &mut Vec::new(), &mut places);
        if places.is_empty() {
            return self.json(2);
        }
        let path = self.pick(&places).clone();
        let target = place_mut(&mut v, &path);
        match self.below(4) {
            0 => {
                if let J::Object(m) = target {
                    if !m.is_empty() {
                        let k = m
                            .keys()
                            .nth(self.below(m.len() as u64) as usize)
                            .unwrap()
                            .clone();
                        m.remove(&k);
                        return v;
                    }
                }
                *target = self.json(1);
            }
            1 => {
                if let J::Array(items) = target {
                    items.push(self.json(1));
                    return v;
                }
                *target = self.json(1);
            }
            _ => *target = self.json(1),
        }
        v
    }
}

fn collect_places(v: &J, at: &mut Vec<J>, out: &mut Vec<Vec<J>>) {
    out.push(at.clone());
    match v {
        J::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(json!(i));
                collect_places(item, at, out);
                at.pop();
            }
        }
        J::Object(m) => {
            for (k, item) in m {
                at.push(J::String(k.clone()));
                collect_places(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn place_mut<'a>(v: &'a mut J, path: &[J]) -> &'a mut J {
    let mut at = v;
    for step in path {
        at = match step {
            J::String(k) => at.get_mut(k.as_str()).unwrap(),
            J::Number(i) => at.get_mut(i.as_u64().unwrap() as usize).unwrap(),
            _ => unreachable!(),
        };
    }
    at
}

/// What the module answered, by its form.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Ok(J),
    Retry(f64),
    Error(J),
}

/// Reads a JSON answer of the module, or says why it is not one.
pub fn parse(text: &str) -> Result<J, String> {
    serde_json::from_str(text).map_err(|e| format!("not JSON ({e}): {text}"))
}

/// The error kinds.
pub const KINDS: &[&str] = &[
    "validation",
    "api",
    "http",
    "network",
    "timeout",
    "aborted",
    "decode",
];

/// Checks an error object as the driver makes an `ItsmError` of it.
pub fn check_error(e: &J) -> Result<(), String> {
    let fail = |why: &str| Err(format!("{why}: {e}"));
    let Some(kind) = e["kind"].as_str() else {
        return fail("no kind");
    };
    if !KINDS.contains(&kind) {
        return fail("unknown kind");
    }
    if e["message"].as_str().is_none_or(|m| m.trim().is_empty()) {
        return fail("no message");
    }
    if e["reason"].as_str().is_none_or(str::is_empty) {
        return fail("no reason");
    }
    if e["userMessage"]
        .as_str()
        .is_none_or(|m| m.trim().is_empty())
    {
        return fail("no userMessage");
    }
    if !e["attempts"].is_u64() {
        return fail("no attempts");
    }
    if kind == "api" && !(e["code"].is_number() || e["code"].is_string()) {
        return fail("an api error without a code");
    }
    if kind == "validation" {
        let Some(issues) = e["issues"].as_array() else {
            return fail("a validation error without issues");
        };
        if issues.is_empty() || e["field"] != issues[0]["field"] {
            return fail("a validation error's field is not its first issue's");
        }
        for issue in issues {
            check_issue(issue)?;
        }
    }
    if let Some(s) = e.get("sent") {
        if *s != J::Bool(false) && *s != "maybe" {
            return fail("sent is neither false nor \"maybe\"");
        }
    }
    Ok(())
}

/// Checks one validation issue.
pub fn check_issue(issue: &J) -> Result<(), String> {
    for key in ["field", "message", "reason", "userMessage"] {
        if !issue[key].is_string() {
            return Err(format!("an issue without {key}: {issue}"));
        }
    }
    if issue["reason"] == "" || issue["message"] == "" {
        return Err(format!("an issue with a blank reason or message: {issue}"));
    }
    Ok(())
}

/// A settle answer: `{"ok":1,…}`, `{"retry":ms}` or `{"e":…}`, and nothing else.
pub fn check_answer(text: &str) -> Result<Answer, String> {
    let v = parse(text)?;
    let Some(o) = v.as_object() else {
        return Err(format!("not an object: {text}"));
    };
    let forms = ["ok", "retry", "e"]
        .iter()
        .filter(|k| o.contains_key(**k))
        .count();
    if forms != 1 {
        return Err(format!("not exactly one of ok, retry, e: {text}"));
    }
    if let Some(e) = o.get("e") {
        check_error(e)?;
        return Ok(Answer::Error(e.clone()));
    }
    if let Some(ms) = o.get("retry") {
        let ms = ms
            .as_f64()
            .ok_or_else(|| format!("retry is not a number: {text}"))?;
        if !(0.0..=60_000.0).contains(&ms) {
            return Err(format!("a retry delay out of bounds: {text}"));
        }
        return Ok(Answer::Retry(ms));
    }
    Ok(Answer::Ok(v))
}

/// Every string in a JSON value (keys too).
pub fn strings(v: &J, out: &mut Vec<String>) {
    match v {
        J::String(s) => out.push(s.clone()),
        J::Array(items) => items.iter().for_each(|i| strings(i, out)),
        J::Object(m) => {
            for (k, item) in m {
                out.push(k.clone());
                strings(item, out);
            }
        }
        _ => {}
    }
}

/// `encodeURIComponent(s)`.
pub fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `s` as Python's `json.dumps` writes a string's content (every non-ASCII character as
/// `\uXXXX`), as the gateway's credentials header carries it.
pub fn ascii_json(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || !c.is_ascii() => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A place in a deterministic sequence of environments the driver hands in.
pub fn env(fetch: bool) -> J {
    json!({
        "href": "https://paas.example.com/portal/",
        "cookie": "a=1; bk_token=cookie-token-1",
        "lang": "en-US",
        "fetch": fetch,
    })
}

/// A parameter set every endpoint accepts, by name.
pub fn valid_params(name: &str) -> J {
    match name {
        "get_tickets" | "get_service_catalogs" | "get_services" => json!({}),
        "get_ticket_info" | "get_ticket_status" | "get_ticket_logs" => json!({"sn": "REQ1"}),
        "get_tickets_by_user" => json!({"user": "alice", "view_type": "my_todo"}),
        "get_service_detail" => json!({"service_id": 7}),
        "create_ticket" => json!({"service_id": 7, "fields": {"title": "t"}}),
        "operate_ticket" => {
            json!({"sn": "REQ1", "action_type": "SUSPEND", "action_message": "why"})
        }
        "operate_node" => json!({"sn": "REQ1", "state_id": 3, "action_type": "TRANSITION"}),
        "approve" => json!({"sn": "REQ1", "state_id": 3, "action": "true"}),
        "comment_ticket" => json!({"sn": "REQ1", "stars": 5}),
        other => panic!("no valid parameters for {other}"),
    }
}

/// A client configuration every endpoint works with (the API gateway serves them all).
pub fn gateway_config() -> J {
    json!({
        "baseUrl": "https://paas.example.com",
        "gateway": "apigw",
        "bk_app_code": "app",
        "bk_app_secret": "app-secret-1",
        "user": "alice",
    })
}

/// `[config, env]` as the client keeps it.
pub fn config_text(config: &J) -> String {
    format!("[{},{}]", snap(config), snap(&env(true)))
}

/// `[params, options, env]` (and the answer of the call made first, if any).
pub fn input_text(params: &J, options: &J, first: Option<&J>) -> String {
    match first {
        Some(a) => format!(
            "[{},{},{},{}]",
            snap(params),
            snap(options),
            snap(&env(true)),
            snap(a)
        ),
        None => format!("[{},{},{}]", snap(params), snap(options), snap(&env(true))),
    }
}

/// The answer a call made first hands in (`before`): a service's form for `create_ticket`, a
/// ticket's status for `approve`, for the client user `alice`.
pub fn first_answer(name: &str) -> Option<J> {
    match name {
        "create_ticket" => Some(json!({"fields": [
            {"key": "title", "name": "Title", "type": "STRING", "validate_type": "REQUIRE",
             "show_type": 1, "regex": "EMPTY", "choice": []}
        ]})),
        "approve" => Some(json!({"current_steps": [
            {"state_id": 3, "name": "Approve", "status": "RUNNING",
             "processors_type": "PERSON", "processors": "alice,bob"}
        ]})),
        _ => None,
    }
}

/// An envelope around `data`.
pub fn envelope(data: J) -> J {
    json!({"result": true, "code": 0, "message": "success", "request_id": "rid-1", "data": data})
}
