//! The one path every input is read by: an endpoint's parameters, a call's options and a
//! client's configuration are each an object read against tables of rows
//! ([`Param`]), every broken rule reported at once (a form shows them all), then the rules
//! between rows ([`Check`]).

use crate::mem::vec;
use crate::mem::String;
use crate::mem::Vec;

use crate::engine::datetime::DateTime;
use crate::engine::describe::{Check, Param};
use crate::engine::rules::{is_blank, read, unknown_key, Wire};
use crate::engine::value::Value;
use crate::error::{Issue, Msg};
use crate::text::json;

/// The values given, each with its row, in the order of the rows.
#[derive(Default)]
pub(crate) struct Given {
    pub(crate) values: Vec<(&'static Param, Wire)>,
}

impl Given {
    /// The value of `key`, if given.
    pub(crate) fn get(&self, key: &str) -> Option<&Wire> {
        self.values
            .iter()
            .find(|(p, _)| p.key == key)
            .map(|(_, w)| w)
    }

    /// The string value of `key`, if given.
    pub(crate) fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Wire::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The integer value of `key`, if given.
    pub(crate) fn int(&self, key: &str) -> Option<i64> {
        match self.get(key) {
            Some(Wire::Int(n)) => Some(*n),
            _ => None,
        }
    }

    /// The handle under `key`, if given.
    pub(crate) fn handle(&self, key: &str) -> Option<u32> {
        match self.get(key) {
            Some(Wire::Handle(h)) => Some(*h),
            _ => None,
        }
    }

    /// Sets `key` (a row of `rows`) to `wire`, or removes it (`None`).
    pub(crate) fn set(&mut self, rows: &'static [Param], key: &str, wire: Option<Wire>) {
        self.values.retain(|(p, _)| p.key != key);
        if let Some(wire) = wire {
            for row in rows {
                if row.key == key {
                    self.values.push((row, wire));
                    return;
                }
            }
        }
    }
}

/// How blank values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blank {
    /// An endpoint's parameters, which forms fill: `null`, `""`, white space and `[]` count as
    /// not given.
    NotGiven,
    /// Configuration and options, which code writes: only `undefined` is not given.
    Refused,
}

/// Reads `value`, an object (or `undefined`) named `what` (`"params"`), against the rows of
/// `tables`: every broken rule in key order, then the required rows that are missing, first.
pub(crate) fn read_rows(
    value: &Value,
    what: &str,
    tables: &[&'static [Param]],
    blank: Blank,
) -> (Given, Vec<Issue>) {
    let mut given = Given::default();
    let entries = match value {
        Value::Undefined => &[][..],
        Value::Obj(entries) => entries.as_slice(),
        other => {
            let issue = Issue::new(
                what,
                Msg::WrongType,
                &["an object, or nothing", other.type_name()],
            );
            return (given, vec![issue]);
        }
    };
    let mut found: Vec<Option<(usize, &'static Param, Wire)>> = Vec::new();
    let mut issues = Vec::new();
    let mut count = 0;
    for table in tables {
        count += table.len();
    }
    for (key, v) in entries {
        // The first row of `key`, and its place among all the rows.
        let mut row = None;
        let mut at = 0;
        'find: for table in tables {
            for p in table.iter() {
                if p.key == key.as_str() {
                    row = Some(p);
                    break 'find;
                }
                at += 1;
            }
        }
        let Some(row) = row else {
            let mut known: Vec<&str> = Vec::with_capacity(count);
            for table in tables {
                for p in table.iter() {
                    known.push(p.key);
                }
            }
            issues.push(unknown_key(key, &known));
            continue;
        };
        let absent = match blank {
            Blank::NotGiven => is_blank(v),
            Blank::Refused => matches!(v, Value::Undefined),
        };
        if absent {
            continue;
        }
        match read(key, v, &row.rule) {
            Ok(wire) => found.push(Some((at, row, wire))),
            Err(issue) => issues.push(issue),
        }
    }
    // In the order of the rows: how the request writes them.
    for at in 0..count {
        for slot in found.iter_mut() {
            if matches!(slot, Some((f, _, _)) if *f == at) {
                if let Some((_, row, wire)) = slot.take() {
                    given.values.push((row, wire));
                }
            }
        }
    }
    // Required rows missing, first (unless their value was refused above).
    let mut missing = Vec::new();
    for table in tables {
        for row in table.iter() {
            if row.required
                && given.get(row.key).is_none()
                && !issues.iter().any(|i| i.field == row.key)
            {
                missing.push(Issue::new(row.key, Msg::Required, &[]));
            }
        }
    }
    missing.append(&mut issues);
    (given, missing)
}

/// Applies the rules between rows that need nothing but the values.
pub(crate) fn check_rules(given: &Given, checks: &[Check], issues: &mut Vec<Issue>) {
    for check in checks {
        match *check {
            Check::Order(a, b, why) => {
                if let (Some(x), Some(y)) = (given.str(a), given.str(b)) {
                    if let (Ok(dx), Ok(dy)) = (DateTime::parse(x), DateTime::parse(y)) {
                        if dx > dy {
                            issues.push(Issue::new(a, Msg::DateOrder, &[x, b, y, why]));
                        }
                    }
                }
            }
            Check::Pair(a, b) => match (given.get(a).is_some(), given.get(b).is_some()) {
                (true, false) => issues.push(Issue::new(a, Msg::DatePair, &[b])),
                (false, true) => issues.push(Issue::new(b, Msg::DatePair, &[a])),
                _ => {}
            },
            Check::OnlyWith(key, other, value) => {
                if given.get(key).is_some() && given.str(other) != Some(value) {
                    issues.push(Issue::new(key, Msg::OnlyGateway, &[]));
                }
            }
            Check::Renamed(from, to) => {
                for issue in issues.iter_mut() {
                    if issue.field != from || issue.msg != Msg::UnknownKey {
                        continue;
                    }
                    let mut hint = String::from(": it is ");
                    json::push_str(&mut hint, to, false);
                    hint.push_str(" here (the server's older name ");
                    json::push_str(&mut hint, from, false);
                    hint.push_str(" is not sent)");
                    issue.args = crate::error::Args(hint);
                }
            }
            Check::RequiredWhen(key, other, values) => {
                let when = given.str(other).filter(|v| values.contains(v));
                if let (Some(v), None) = (when, given.get(key)) {
                    if !issues.iter().any(|i| i.field == key) {
                        let mut shown = String::new();
                        json::push_str(&mut shown, v, false);
                        issues.push(Issue::new(key, Msg::RequiredWhen, &[other, &shown]));
                    }
                }
            }
            Check::NotThroughEsb(..) => {} // the door's to check: see `request.rs`
            Check::EmptyWhen(..) => {}     // a default, not a rule: see `call.rs`
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::describe::{docs, p, Rule};
    use crate::engine::value::read as snap;

    static ROWS: &[Param] = &[
        p("sn", Rule::TicketNumber, true, docs!()),
        p(
            "page",
            Rule::Integer {
                min: 1,
                max: 9,
                digits: true,
            },
            false,
            docs!(),
        ),
        p("from", Rule::Date, false, docs!()),
        p("to", Rule::Date, false, docs!()),
        p("sns", Rule::List(&Rule::Text), false, docs!()),
    ];

    fn run(text: &str, blank: Blank) -> (Given, Vec<Issue>) {
        let (given, mut issues) = read_rows(&snap(text), "params", &[ROWS], blank);
        check_rules(
            &given,
            &[Check::Order("from", "to", ""), Check::Pair("from", "to")],
            &mut issues,
        );
        (given, issues)
    }

    #[test]
    fn values_come_out_in_row_order_and_required_first() {
        let (given, issues) = run(r#"{"page":"3","sn":"REQ1"}"#, Blank::NotGiven);
        assert!(issues.is_empty());
        assert_eq!(given.values[0].0.key, "sn");
        assert_eq!(given.int("page"), Some(3));
        let (_, issues) = run(r#"{"pge":2,"page":0}"#, Blank::NotGiven);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["sn", "pge", "page"]);
        assert_eq!(
            issues[1].dev(),
            "pge: is not a known key: did you mean \"page\"?"
        );
    }

    #[test]
    fn blank_parameters_are_not_given_but_blank_options_are_refused() {
        let (given, issues) = run(
            r#"{"sn":"REQ1","page":"","from":n,"sns":[],"to":"  "}"#,
            Blank::NotGiven,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(given.values.len(), 1);
        let (_, issues) = run(r#"{"sn":"  "}"#, Blank::NotGiven);
        assert_eq!(issues[0].msg, Msg::Required);
        let (_, issues) = run(r#"{"sn":"REQ1","page":n}"#, Blank::Refused);
        assert_eq!(issues[0].msg, Msg::Null);
    }

    #[test]
    fn rules_between_rows() {
        let (_, issues) = run(
            r#"{"sn":"R","from":"2020-01-02 00:00:00","to":"2020-01-01 00:00:00"}"#,
            Blank::NotGiven,
        );
        assert_eq!(issues[0].msg, Msg::DateOrder);
        assert_eq!(issues[0].field, "from");
        let (_, issues) = run(r#"{"sn":"R","to":"2020-01-01 00:00:00"}"#, Blank::NotGiven);
        assert_eq!(
            (issues[0].msg, issues[0].field.as_str()),
            (Msg::DatePair, "to")
        );
    }

    #[test]
    fn a_list_element_is_named_by_its_index() {
        let (_, issues) = run(r#"{"sn":"R","sns":["a",5]}"#, Blank::NotGiven);
        assert_eq!(issues[0].field, "sns");
        assert!(
            issues[0]
                .dev()
                .starts_with("sns[1]: expected a non-empty string, got a number 5"),
            "{}",
            issues[0].dev()
        );
    }
}
