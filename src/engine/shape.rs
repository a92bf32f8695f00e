//! Checking an answer's shape against a description, without copying the answer into the
//! module.
//!
//! The driver parses the answer with the browser's own `JSON.parse` (the object the caller
//! gets) and walks it once along a *probe program* the module wrote from the description
//! ([`program`]): for every node it visits it records the value's kind, for every array it
//! descends into its length, and for the few members the module needs the value of (the
//! envelope's `result`, `code`, `message`, a page's numbers) the value itself. The module then
//! walks the same program over those records ([`Checker`]) and decides. The driver decides
//! nothing: it descends into an object where the program has members and the value is an
//! object, into an array where the program has an element and the value is an array, and the
//! module mirrors exactly that.
//!
//! | program | the driver records |
//! |---|---|
//! | `0` | the kind |
//! | `1` | the kind, and captures the value (a string cut to [`CAPTURE_CHARS`]) |
//! | `{"k": node, …}` | the kind; for an object, each member's node in order |
//! | `[node]` | the kind; for an array, its length (4 bytes, little-endian), then each element's node |
//!
//! Kinds: 0 undefined, 1 null, 2 boolean, 3 safe integer, 4 other number, 5 string, 6 array,
//! 7 object, 8 other.

use crate::mem::String;
use crate::mem::Vec;

use crate::engine::describe::{Member, Obj, Ty};
use crate::engine::value::Value;
use crate::text::{json, push_int};

/// How many characters of a captured string the driver keeps.
pub(crate) const CAPTURE_CHARS: u32 = 2002;

/// The kinds the driver records.
pub(crate) mod kind {
    pub(crate) const UNDEFINED: u8 = 0;
    pub(crate) const NULL: u8 = 1;
    pub(crate) const BOOL: u8 = 2;
    pub(crate) const INT: u8 = 3;
    pub(crate) const NUMBER: u8 = 4;
    pub(crate) const STRING: u8 = 5;
    pub(crate) const ARRAY: u8 = 6;
    pub(crate) const OBJECT: u8 = 7;
    pub(crate) const OTHER: u8 = 8;
}

/// The members of ITSM's page (`OpenApiPageNumberPagination`) besides `items`.
const PAGE_NUMBERS: [&str; 3] = ["page", "total_page", "count"];
const PAGE_LINKS: [&str; 2] = ["next", "previous"];

/// The envelope's members the module reads, in the order the program lists them (its text
/// spells them out; a test checks it against this list).
#[cfg(test)]
const ENVELOPE: [&str; 4] = ["result", "code", "message", "request_id"];

/// The probe program of an answer whose `data` is `ty`.
pub(crate) fn program(ty: &Ty) -> String {
    // `ENVELOPE`'s members, captured (one text: the test below checks it against the list).
    let mut out = String::from("{\"result\":1,\"code\":1,\"message\":1,\"request_id\":1,\"data\":");
    node(&mut out, ty, 0);
    out.push('}');
    out
}

/// How deep objects and arrays are checked: a type that refers to itself (a catalogue's
/// children) is checked this far down, and below only for being an object or an array.
pub(crate) const MAX_DEPTH: u32 = 16;

fn node(out: &mut String, ty: &Ty, depth: u32) {
    let depth = depth + 1;
    if depth > MAX_DEPTH {
        return out.push('0');
    }
    match ty {
        Ty::Obj(obj) => {
            out.push('{');
            let mut first = true;
            obj.all(&mut |m: &Member| {
                if !first {
                    out.push(',');
                }
                first = false;
                json::push_str(out, m.key, false);
                out.push(':');
                node(out, &m.ty, depth);
            });
            out.push('}');
        }
        Ty::Arr(element) => {
            out.push('[');
            node(out, element, depth);
            out.push(']');
        }
        Ty::Page(items) => {
            // `PAGE_NUMBERS` captured, `PAGE_LINKS` checked (one text: the test below checks
            // it against the lists).
            out.push_str(
                "{\"page\":1,\"total_page\":1,\"count\":1,\"next\":0,\"previous\":0,\"items\":[",
            );
            node(out, &Ty::Obj(items), depth);
            out.push_str("]}");
        }
        _ => out.push('0'),
    }
}

/// Where the records come from: in the module, the driver's buffer of the answer being
/// settled, read a chunk at a time (the module's memory stays the same whatever the answer's
/// size).
#[cfg(target_arch = "wasm32")]
pub(crate) type Source<'a> = ();
/// Where the records come from: natively, the bytes themselves.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Source<'a> = &'a [u8];

#[cfg(target_arch = "wasm32")]
fn read_records(_: (), start: u32, out: &mut [u8]) -> u32 {
    crate::exports::read_records(start, out) as u32
}

#[cfg(not(target_arch = "wasm32"))]
fn read_records(records: &[u8], start: u32, out: &mut [u8]) -> u32 {
    let rest = records.get(start as usize..).unwrap_or_default();
    let n = rest.len().min(out.len());
    if let (Some(to), Some(from)) = (out.get_mut(..n), rest.get(..n)) {
        to.copy_from_slice(from);
    }
    n as u32
}

/// Reads the records.
pub(crate) struct Cursor<'a> {
    src: Source<'a>,
    life: core::marker::PhantomData<&'a [u8]>,
    buf: [u8; 512],
    len: usize,
    at: usize,
    next: u32,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `src`.
    pub(crate) fn new(src: Source<'a>) -> Cursor<'a> {
        Cursor {
            src,
            life: core::marker::PhantomData,
            buf: [0; 512],
            len: 0,
            at: 0,
            next: 0,
        }
    }

    /// The next byte (0, undefined, past the end).
    pub(crate) fn byte(&mut self) -> u8 {
        if self.at >= self.len {
            let n = read_records(self.src, self.next, &mut self.buf) as usize;
            self.next = self.next.saturating_add(n as u32);
            self.len = n.min(self.buf.len());
            self.at = 0;
            if self.len == 0 {
                return 0;
            }
        }
        let b = self.buf.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// A length (4 bytes, little-endian).
    fn length(&mut self) -> u32 {
        let mut n = 0u32;
        for shift in [0, 8, 16, 24] {
            n |= u32::from(self.byte()) << shift;
        }
        n
    }
}

/// One step of a path into the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// A member.
    Key(&'static str),
    /// An element.
    Index(u32),
}

/// Where an answer departs from its shape.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Departure {
    /// From the innermost step up to `data`'s (built as the check unwinds).
    pub(crate) path: Vec<Step>,
    /// What the place should hold.
    pub(crate) expected: String,
    /// The kind it holds.
    pub(crate) kind: u8,
    /// A description of what it holds, when the module knows better than the kind.
    pub(crate) got: Option<String>,
}

impl Departure {
    fn at(expected: String, kind: u8) -> Departure {
        Departure {
            path: Vec::new(),
            expected,
            kind,
            got: None,
        }
    }

    fn under(mut self, step: Step) -> Departure {
        self.path.push(step);
        self
    }

    /// `data.items[3].id`.
    pub(crate) fn path_text(&self) -> String {
        let mut out = String::from("data");
        for step in self.path.iter().rev() {
            match step {
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => {
                    out.push('[');
                    push_int(&mut out, i64::from(*i));
                    out.push(']');
                }
            }
        }
        out
    }

    /// The path as JSON (`["items",3,"id"]`), for the driver to find the value.
    pub(crate) fn path_json(&self) -> String {
        let mut out = String::from("[\"data\"");
        for step in self.path.iter().rev() {
            out.push(',');
            match step {
                Step::Key(k) => json::push_str(&mut out, k, false),
                Step::Index(i) => push_int(&mut out, i64::from(*i)),
            }
        }
        out.push(']');
        out
    }
}

/// `"a ticket step object"` for the type `TicketStep`.
fn object_name(name: &str) -> String {
    let mut out = String::from("a");
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out.push_str(" object");
    out
}

/// What a kind is called in "got …" when the value is not described.
pub(crate) fn kind_name(kind: u8) -> &'static str {
    match kind {
        0 => "undefined",
        1 => "null",
        2 => "a boolean",
        3 | 4 => "a number",
        5 => "a string",
        6 => "an array",
        7 => "an object",
        _ => "something else",
    }
}

/// Walks a program's records, taking captured values as it meets them.
pub(crate) struct Checker<'a, 'c> {
    cur: &'c mut Cursor<'a>,
    caps: &'c [Value],
    cap: usize,
    /// How deep the value being checked is (see [`MAX_DEPTH`]).
    depth: u32,
}

impl<'a, 'c> Checker<'a, 'c> {
    /// A checker over `cur` with the captured values `caps`.
    pub(crate) fn new(cur: &'c mut Cursor<'a>, caps: &'c [Value]) -> Self {
        Checker {
            cur,
            caps,
            cap: 0,
            depth: 0,
        }
    }

    /// The next kind (of a node that is not a capture).
    pub(crate) fn capture_kind(&mut self) -> u8 {
        self.cur.byte()
    }

    /// The next kind, and for a capture node its value.
    pub(crate) fn capture(&mut self) -> (u8, &'c Value) {
        let kind = self.cur.byte();
        let value = self.caps.get(self.cap).unwrap_or(&Value::Undefined);
        self.cap += 1;
        (kind, value)
    }

    /// Checks one value of type `ty` (`null`, `opt`: whether null, missing are allowed).
    pub(crate) fn check(&mut self, ty: &Ty, null: bool, opt: bool) -> Result<(), Departure> {
        self.depth += 1;
        let result = self.check_at(ty, null, opt);
        self.depth -= 1;
        result
    }

    fn check_at(&mut self, ty: &Ty, null: bool, opt: bool) -> Result<(), Departure> {
        let kind = self.cur.byte();
        if kind == kind::UNDEFINED && opt || kind == kind::NULL && null {
            return Ok(());
        }
        // The kinds each type allows (a bit per kind; kinds past 8 share the top bit, which
        // only `Any` allows), and what it is called.
        let (kinds, what): (u32, &str) = match ty {
            Ty::Int => (1 << kind::INT, "an integer"),
            Ty::Str => (1 << kind::STRING, "a string"),
            Ty::Bool => (1 << kind::BOOL, "a boolean"),
            Ty::IntOrStr => (1 << kind::INT | 1 << kind::STRING, "an integer or a string"),
            Ty::Any => (!(1 << kind::UNDEFINED), "a value"),
            Ty::Open => (1 << kind::OBJECT, "an object"),
            Ty::Obj(_) => (1 << kind::OBJECT, ""), // named below
            Ty::Arr(_) => (1 << kind::ARRAY, "an array"),
            Ty::Page(_) => (1 << kind::OBJECT, "a page object"),
        };
        if kinds & 1u32 << kind.min(31) == 0 {
            if matches!(ty, Ty::Page(_)) && kind == kind::ARRAY {
                return Err(Departure {
                    got: Some(String::from(
                        "a bare array: the server switched paging off, which it does for a \
                         page_size it cannot read",
                    )),
                    ..Departure::at(
                        String::from(
                            "a page object {page, total_page, count, next, previous, items}",
                        ),
                        kind,
                    )
                });
            }
            let mut expected = match ty {
                Ty::Obj(obj) => object_name(obj.name),
                _ => String::from(what),
            };
            if null {
                expected.push_str(" or null");
            }
            return Err(Departure::at(expected, kind));
        }
        match ty {
            // Too deep to have records below: only its kind was recorded.
            Ty::Obj(_) | Ty::Page(_) | Ty::Arr(_) if self.depth > MAX_DEPTH => Ok(()),
            Ty::Obj(obj) => self.members(obj),
            Ty::Arr(element) => self.elements(element),
            Ty::Page(items) => self.page(items),
            Ty::Int | Ty::Str | Ty::Bool | Ty::IntOrStr | Ty::Any | Ty::Open => Ok(()),
        }
    }

    fn members(&mut self, obj: &'static Obj) -> Result<(), Departure> {
        let mut result = Ok(());
        obj.all(&mut |m: &'static Member| {
            if result.is_ok() {
                result = self
                    .check(&m.ty, m.null, m.opt)
                    .map_err(|d| d.under(Step::Key(m.key)));
            }
        });
        result
    }

    fn page(&mut self, items: &'static Obj) -> Result<(), Departure> {
        for key in &PAGE_NUMBERS {
            let (kind, value) = self.capture();
            if kind != kind::INT || value.num().is_none_or(|n| n < 0.0) {
                let mut d = Departure::at(String::from("a non-negative integer"), kind);
                d.got = Some(value.describe());
                return Err(d.under(Step::Key(key)));
            }
        }
        for key in &PAGE_LINKS {
            self.check(&Ty::Str, true, false)
                .map_err(|d| d.under(Step::Key(key)))?;
        }
        let kind = self.cur.byte();
        let items = if kind != kind::ARRAY {
            Err(Departure::at(String::from("an array"), kind))
        } else {
            self.elements(&Ty::Obj(items))
        };
        items.map_err(|d| d.under(Step::Key("items")))
    }

    /// The elements of an array (its length first), each of type `element`.
    fn elements(&mut self, element: &Ty) -> Result<(), Departure> {
        for i in 0..self.cur.length() {
            self.check(element, false, false)
                .map_err(|d| d.under(Step::Index(i)))?;
        }
        Ok(())
    }

    /// The page numbers captured, in [`PAGE_NUMBERS`]' order, once [`Self::check`] of a page
    /// passed.
    pub(crate) fn page_numbers(caps: &[Value], first: usize) -> [i64; 3] {
        let at = |i: usize| caps.get(first + i).and_then(Value::int).unwrap_or(0);
        [at(0), at(1), at(2)]
    }
}

/// The answer itself, for the description of a value that departs from its shape: in the
/// module, the driver's answer being settled.
#[cfg(target_arch = "wasm32")]
pub(crate) type Answer<'a> = ();
/// The answer itself, for the description of a value that departs from its shape.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Answer<'a> = &'a Value;

/// A short description of the value at `path` (JSON: `["data","items",3]`) of `answer`.
pub(crate) fn preview(answer: Answer, path: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let () = answer;
        crate::engine::value::read(&crate::exports::preview_at(path)).describe()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let steps = crate::engine::value::read(path);
        let mut at = answer;
        for step in steps.items() {
            at = match step {
                Value::Str(k) => at.get(k),
                Value::Num(i) => at.items().get(*i as usize).unwrap_or(&Value::Undefined),
                _ => &Value::Undefined,
            };
        }
        at.describe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::describe::{docs, m};
    use crate::mem::vec;

    static STEP: Obj = Obj {
        name: "Step",
        base: None,
        members: &[
            m("id", Ty::Int, docs!()),
            m("name", Ty::Str, docs!()).null(),
        ],
        doc: docs!(),
    };
    static THING: Obj = Obj {
        name: "Thing",
        base: Some(&STEP),
        members: &[
            m("steps", Ty::Arr(&Ty::Obj(&STEP)), docs!()),
            m("x", Ty::Bool, docs!()).opt(),
        ],
        doc: docs!(),
    };

    #[test]
    fn the_program_lists_base_members_first() {
        assert_eq!(
            program(&Ty::Obj(&THING)),
            r#"{"result":1,"code":1,"message":1,"request_id":1,"data":{"id":0,"name":0,"steps":[{"id":0,"name":0}],"x":0}}"#
        );
        assert_eq!(
            program(&Ty::Page(&STEP)),
            r#"{"result":1,"code":1,"message":1,"request_id":1,"data":{"page":1,"total_page":1,"count":1,"next":0,"previous":0,"items":[{"id":0,"name":0}]}}"#
        );
    }

    #[test]
    fn the_program_texts_follow_the_lists() {
        let members = |keys: &[&str], node: &str| -> std::string::String {
            keys.iter().map(|k| format!("\"{k}\":{node},")).collect()
        };
        let program = program(&Ty::Page(&STEP));
        let envelope = format!("{{{}\"data\":", members(&ENVELOPE, "1"));
        let page = format!(
            "{{{}{}\"items\":[",
            members(&PAGE_NUMBERS, "1"),
            members(&PAGE_LINKS, "0")
        );
        assert_eq!(program.get(..envelope.len()), Some(envelope.as_str()));
        assert_eq!(
            program.get(envelope.len()..envelope.len() + page.len()),
            Some(page.as_str())
        );
    }

    fn check(records: &[u8], ty: &Ty, caps: &[Value]) -> Result<(), Departure> {
        let mut cur = Cursor::new(records);
        Checker::new(&mut cur, caps).check(ty, false, false)
    }

    #[test]
    fn records_are_checked_and_departures_named() {
        // {id: 1, name: null, steps: [{id: 2, name: "a"}], x missing}
        let ok = [7, 3, 1, 6, 1, 0, 0, 0, 7, 3, 5, 0];
        assert_eq!(check(&ok, &Ty::Obj(&THING), &[]), Ok(()));
        // steps[0].id a string
        let bad = [7, 3, 1, 6, 1, 0, 0, 0, 7, 5, 5, 0];
        let d = check(&bad, &Ty::Obj(&THING), &[]).unwrap_err();
        assert_eq!(d.path_text(), "data.steps[0].id");
        assert_eq!(d.path_json(), r#"["data","steps",0,"id"]"#);
        assert_eq!((d.expected.as_str(), d.kind), ("an integer", 5));
        // a page whose count is negative
        let page = [7, 3, 3, 3, 1, 1, 6, 0, 0, 0, 0];
        let caps = vec![Value::Num(1.0), Value::Num(1.0), Value::Num(-1.0)];
        let d = check(&page, &Ty::Page(&STEP), &caps).unwrap_err();
        assert_eq!(d.path_text(), "data.count");
        let caps = vec![Value::Num(1.0), Value::Num(1.0), Value::Num(0.0)];
        assert_eq!(check(&page, &Ty::Page(&STEP), &caps), Ok(()));
        // paging switched off
        let d = check(&[6, 5, 0, 0, 0], &Ty::Page(&STEP), &[]).unwrap_err();
        assert!(d.got.unwrap().contains("switched paging off"));
        // records that end early are undefined, never a panic
        assert!(check(&[7], &Ty::Obj(&THING), &[]).is_err());
    }
}
