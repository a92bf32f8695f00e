//! A ticket's fields against its service's form (`get_service_detail`'s `fields`), checked as
//! the server checks them on `create_ticket` (bk-itsm `itsm/ticket/validators/field.py`,
//! `ticket.py` `CreateTicketValidator`), so a form shows every mistake as the user types and
//! nothing the server would refuse is sent:
//!
//! - every field sent is in the form;
//! - every required field is filled, unless its show conditions hide it (then it is sent as
//!   `""`, which the server requires);
//! - the title has at most 128 characters;
//! - a CUSTOM source's choices (SELECT, RADIO, TREESELECT: one; CHECKBOX, MULTISELECT: keys
//!   joined by commas, an array accepted and joined);
//! - the named rules (`PHONE_NUM`, `EMAIL`, …) and the admin's `custom_regex`, matched from the
//!   start of the value as Python's `re.match` does, by the page's own `RegExp`;
//! - the date and time rules, against the server's clock (UTC+8) as the browser knows it;
//! - each row of a TABLE or CUSTOMTABLE fills the required columns.
//!
//! Choices from API, DATADICT and RPC sources exist only on the server: those are its to check.

use crate::mem::String;
use crate::mem::Vec;

use crate::engine::datetime::DateTime;
use crate::engine::rules::joined;
use crate::engine::value::Value;
use crate::error::{Issue, Msg};
use crate::text::{char_count, is_blank, json, push_int};

/// The most characters of a title (the server's message says 120; it counts to 128).
pub(crate) const MAX_TITLE_CHARS: usize = 128;

/// The server's clock: Asia/Shanghai, UTC+8.
const SERVER_HOURS: i64 = 8;

/// The named rules: `(rule, pattern, what it means in English, in Chinese)`, the patterns of
/// bk-itsm's `Regex` (`itsm/component/utils/basic.py`) as a `RegExp` reads them. A rule that is
/// known but has no pattern here (`CUSTOM`, `EMPTY`, the date rules, and
/// `ASSOCIATED_FIELD_VALIDATION`, which needs a ticket) passes this table.
static RULES: &[(&str, &str, &str, &str)] = &[
    ("NUM", "^[0-9]$", "a digit 0-9", "数字 0-9"),
    (
        "NUMWITHOUTZERO",
        "^\\+|-?[1-9][0-9]*$",
        "a number not starting with 0",
        "首位非零的数字",
    ),
    ("FLOAT", "^(-?\\d+)(\\.\\d+)?$", "a number", "浮点数"),
    (
        "NON_NEGATIVE",
        "^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[0-9]\\d*$",
        "a number of 0 or more",
        "非负数",
    ),
    (
        "NON_POSITIVE",
        "^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*))|0?\\.0+|0$",
        "a number of 0 or less",
        "非正数",
    ),
    (
        "GTE_ZERO",
        "^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*$",
        "a number above 0",
        "大于零的数",
    ),
    (
        "LTE_ZERO",
        "^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*| [1-9]\\d*))$",
        "a number below 0",
        "小于零的数",
    ),
    ("LOWER_EN", "^[a-z]*$", "lower-case letters", "小写字母"),
    ("UPPER_EN", "^[A-Z]*$", "upper-case letters", "大写字母"),
    ("EN", "^[a-zA-Z]*$", "English letters", "英文字母"),
    (
        "EN_NUM",
        "^[a-zA-Z0-9]*$",
        "letters and digits",
        "英文字母和数字",
    ),
    (
        "CH",
        "^[\\u4e00-\\u9fa5]*$",
        "Chinese characters",
        "中文字符",
    ),
    (
        "EN_CH",
        "^[\\u4e00-\\u9fa5_a-zA-Z]*$",
        "Chinese or English letters",
        "中英文字符",
    ),
    (
        "EN_CH_NUM",
        "^[\\u4e00-\\u9fa5_a-zA-Z0-9]*$",
        "Chinese or English letters, digits and _",
        "中英文、数字和下划线",
    ),
    (
        "START_EN",
        "^[a-zA-Z]",
        "text starting with a letter",
        "以英文字母开头的内容",
    ),
    (
        "EMAIL",
        "^[0-9a-zA-Z_]{0,19}@[0-9a-zA-Z]{1,13}\\.[com,cn,net]{1,3}$",
        "an email address",
        "邮箱地址",
    ),
    (
        "PHONE_NUM",
        "^(13[0-9]|14[5|7]|15[0|1|2|3|5|6|7|8|9]|18[0|1|2|3|5|6|7|8|9]|17[6|7|8])\\d{8}$",
        "a mainland mobile number",
        "内地手机号码",
    ),
    (
        "ID_CARD",
        "(^\\d{15}$)|(^\\d{18}$)|(^\\d{17}(\\d|X|x)$)",
        "an ID card number",
        "身份证号码",
    ),
    ("QQ", "[1-9][0-9]{4,20}$", "a QQ number", "QQ 号码"),
    (
        "IP",
        "((?:(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d))",
        "an IP address",
        "IP 地址",
    ),
];

/// Rules the server knows without a pattern of the table.
const PATTERNLESS: [&str; 7] = [
    "EMPTY",
    "CUSTOM",
    "ASSOCIATED_FIELD_VALIDATION",
    "AFTER_DATE",
    "BEFORE_DATE",
    "AFTER_TIME",
    "BEFORE_TIME",
];

/// Field types whose value is keys or names joined by commas.
const JOINED: [&str; 3] = ["CHECKBOX", "MULTISELECT", "MEMBERS"];

/// `Some(true)` when `value` matches `pattern` from its start (`re.match`), `None` when the
/// pattern cannot be read here (then the server decides).
#[cfg(target_arch = "wasm32")]
fn matches(pattern: &str, value: &str) -> Option<bool> {
    crate::exports::regex_test(pattern, value)
}
#[cfg(all(not(target_arch = "wasm32"), test))]
fn matches(pattern: &str, value: &str) -> Option<bool> {
    extern crate std;
    let anchored = std::format!("^(?:{pattern})");
    regex::Regex::new(&anchored).ok().map(|r| r.is_match(value))
}
#[cfg(all(not(target_arch = "wasm32"), not(test)))]
fn matches(_: &str, _: &str) -> Option<bool> {
    None
}

/// `true` when a value counts as empty: nothing, `null`, white space only, `[]`, `{}`.
fn empty(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => true,
        Value::Str(s) => is_blank(s),
        Value::Arr(items) => items.is_empty(),
        Value::Obj(entries) => entries.is_empty(),
        _ => false,
    }
}

/// Python's `str(value)` for the values a form holds.
fn text_of(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Str(s) => out.push_str(s),
        Value::Num(n) => crate::text::push_number(&mut out, *n),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        _ => {}
    }
    out
}

/// `"title"` as a message shows a key.
fn quoted(s: &str) -> String {
    let mut out = String::new();
    json::push_str(&mut out, s, false);
    out
}

/// The field's label for messages: `"标题" (title)`.
fn label(def: &Value, key: &str) -> String {
    let mut out = quoted(def.get("name").str().unwrap_or(key));
    out.push_str(" (");
    out.push_str(&json::escape_controls(key));
    out.push(')');
    out
}

/// Whether a field's show conditions hold, which hides it (`show_type` 0 only).
fn hidden(def: &Value, values: &[(String, Value)]) -> bool {
    if def.get("show_type").num() != Some(0.0) {
        return false;
    }
    let conditions = def.get("show_conditions");
    let expressions = conditions.get("expressions").items();
    let any = conditions.get("type").str() == Some("or");
    let mut result = !any;
    for e in expressions {
        let key = e.get("key").str().unwrap_or_default();
        let left = values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| text_of(v))
            .unwrap_or_default();
        let right = match e.get("value") {
            Value::Str(s) => s.clone(),
            other => text_of(other),
        };
        let numeric = matches!(e.get("type").str(), Some("INT" | "number"));
        let holds = match (numeric, e.get("condition").str().unwrap_or_default()) {
            (true, op) => match (number(&left), number(&right)) {
                (Some(a), Some(b)) => match op {
                    "==" => a == b,
                    "!=" => a != b,
                    ">" => a > b,
                    "<" => a < b,
                    ">=" => a >= b,
                    "<=" => a <= b,
                    _ => false,
                },
                _ => false,
            },
            (false, "==") => left == right,
            (false, "!=") => left != right,
            _ => false,
        };
        if any {
            result |= holds;
        } else {
            result &= holds;
        }
    }
    result
}

/// A decimal number as a form holds it (`"12"`, `"-3.5"`).
fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, frac) = crate::text::cut(digits, b'.');
    let ok = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
        && digits.len() <= 15;
    if !ok {
        return None;
    }
    let mut n = 0f64;
    for b in whole.bytes() {
        n = n * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 0.1;
    for b in frac.unwrap_or_default().bytes() {
        n += f64::from(b - b'0') * scale;
        scale /= 10.0;
    }
    Some(if t.starts_with('-') { -n } else { n })
}

/// Checks `values` (each key once, in the order given) against the form `fields` (the
/// `fields` of a `get_service_detail` answer) at the time `now` (ms since the epoch). Values
/// are normalised on the way (arrays of keys joined, hidden required fields added as `""`).
/// Issues name the form's key as their field; `at` prefixes their path (`"fields"`).
pub(crate) fn check(
    form: &[Value],
    values: &mut Vec<(String, Value)>,
    now: f64,
    at: &str,
    issues: &mut Vec<Issue>,
) {
    let issue = |key: &str, msg: Msg, args: &[&str]| {
        let mut i = Issue::new(key, msg, args);
        if !at.is_empty() {
            let mut path = String::from(at);
            path.push('.');
            path.push_str(key);
            i.path = Some(path);
        }
        i
    };
    let def_of = |key: &str| form.iter().find(|d| d.get("key").str() == Some(key));

    // Arrays of keys and names become the comma-joined strings the server splits.
    for (key, v) in values.iter_mut() {
        let ty = def_of(key)
            .and_then(|d| d.get("type").str())
            .unwrap_or_default();
        if let (true, Value::Arr(items)) = (JOINED.contains(&ty), &*v) {
            let names: Vec<String> = items.iter().map(text_of).collect();
            *v = Value::Str(joined(&names));
        }
    }

    for (key, v) in values.iter() {
        if def_of(key).is_none() {
            let keys: Vec<String> = form
                .iter()
                .filter_map(|d| d.get("key").str())
                .map(json::escape_controls)
                .collect();
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            issues.push(issue(
                key,
                Msg::NotInForm,
                &[&crate::text::join(&keys, ", ")],
            ));
        } else if !empty(v) {
            if let Some(def) = def_of(key) {
                check_value(def, key, v, now, &mut |msg, args| {
                    issues.push(issue(key, msg, args))
                });
            }
        }
    }

    // Required fields: filled, or hidden (then sent as "", which the server needs); and every
    // field a show condition names, which the server reads (a missing one fails the whole
    // ticket with "参数转换失败").
    let mut added: Vec<(String, Value)> = Vec::new();
    for def in form
        .iter()
        .filter(|d| d.get("show_type").num() == Some(0.0))
    {
        for e in def.get("show_conditions").get("expressions").items() {
            let Some(key) = e.get("key").str() else {
                continue;
            };
            let known = def_of(key).is_some();
            let sent = values.iter().chain(added.iter()).any(|(k, _)| k == key);
            if known && !sent {
                added.push((String::from(key), Value::Str(String::new())));
            }
        }
    }
    for def in form {
        let Some(key) = def.get("key").str() else {
            continue;
        };
        if def.get("validate_type").str() != Some("REQUIRE") {
            continue;
        }
        let given = values
            .iter()
            .chain(added.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v);
        if hidden(def, values) {
            if given.is_none() {
                added.push((String::from(key), Value::Str(String::new())));
            }
        } else if given.is_none_or(empty) {
            issues.push(issue(key, Msg::FormRequired, &[&label(def, key)]));
        }
    }
    values.append(&mut added);
}

/// The checks of one filled value.
fn check_value(def: &Value, key: &str, v: &Value, now: f64, fail: &mut dyn FnMut(Msg, &[&str])) {
    let ty = def.get("type").str().unwrap_or_default();
    let text = text_of(v);
    let shown = match v {
        Value::Str(_) => quoted(&text),
        other => other.describe(),
    };
    let name = label(def, key);

    if key == "title" && char_count(&text) > MAX_TITLE_CHARS {
        let max = crate::text::int_text(MAX_TITLE_CHARS as i64);
        return fail(Msg::TooLong, &[&shown, &max, ""]);
    }

    // Tables: a list of row objects, each filling the required columns.
    if ty == "TABLE" || ty == "CUSTOMTABLE" {
        let columns = if ty == "TABLE" {
            def.get("choice").items()
        } else {
            def.get("meta").get("columns").items()
        };
        let Value::Arr(rows) = v else {
            return fail(Msg::WrongType, &["an array of row objects", v.type_name()]);
        };
        for (i, row) in rows.iter().enumerate() {
            let mut n = String::new();
            push_int(&mut n, i as i64 + 1);
            if !matches!(row, Value::Obj(_)) {
                let mut what = String::from("row ");
                what.push_str(&n);
                what.push_str(": an object");
                return fail(Msg::WrongType, &[&what, row.type_name()]);
            }
            for c in columns
                .iter()
                .filter(|c| c.get("required") == &Value::Bool(true))
            {
                let column = c.get("key").str().unwrap_or_default();
                if empty(row.get(column)) {
                    let cname = label(c, column);
                    return fail(Msg::RowRequired, &[&n, &cname]);
                }
            }
        }
        return;
    }

    // Choices of the form's own list.
    let choosing = matches!(
        ty,
        "SELECT" | "RADIO" | "CHECKBOX" | "MULTISELECT" | "TREESELECT"
    );
    if choosing && def.get("source_type").str() == Some("CUSTOM") {
        let choice = def.get("choice").items();
        if choice.is_empty() {
            return fail(Msg::NoChoices, &[&name]);
        }
        let mut keys: Vec<String> = Vec::new();
        collect_keys(choice, ty == "TREESELECT", &mut keys, 0);
        let chosen: Vec<String> = if ty == "CHECKBOX" || ty == "MULTISELECT" {
            if !matches!(v, Value::Str(_)) {
                return fail(
                    Msg::WrongType,
                    &["keys joined by commas, or an array of keys", v.type_name()],
                );
            }
            crate::text::split(&text, b",")
                .into_iter()
                .map(String::from)
                .collect()
        } else {
            let mut one = Vec::new();
            one.push(text.clone());
            one
        };
        if let Some(bad) = chosen.iter().find(|c| !keys.contains(c)) {
            let list: Vec<String> = keys.iter().map(|k| quoted(k)).collect();
            let refs: Vec<&str> = list.iter().map(String::as_str).collect();
            return fail(
                Msg::NotAChoice,
                &[&quoted(bad), &name, &crate::text::join(&refs, ", ")],
            );
        }
    }

    // The named rule.
    let rule = def.get("regex").str().unwrap_or_default();
    // The rule's name as messages show it (the form is the server's text).
    let rule_shown = json::escape_controls(rule);
    if !rule.is_empty() {
        let named = RULES.iter().find(|r| r.0 == rule);
        if named.is_none() && !PATTERNLESS.contains(&rule) {
            return fail(Msg::UnknownRule, &[&name, &quoted(rule)]);
        }
        if let Some(kind) = rule.strip_suffix("_DATE").or(rule.strip_suffix("_TIME")) {
            if kind != "AFTER" && kind != "BEFORE" {
                return;
            }
            let with_time = rule.ends_with("_TIME");
            let parsed = if with_time {
                DateTime::parse(&text)
            } else {
                DateTime::parse_date(&text)
            };
            let form = if with_time {
                "YYYY-MM-DD hh:mm:ss"
            } else {
                "YYYY-MM-DD"
            };
            let Ok(value) = parsed else {
                return fail(Msg::BadFormDate, &[&shown, form]);
            };
            let Some(clock) = DateTime::at(now, SERVER_HOURS) else {
                return;
            };
            let (en, zh) = match (with_time, kind) {
                (true, "AFTER") => ("now", "当前时间"),
                (true, _) => ("now", "当前时间"),
                (false, "AFTER") => ("today", "今天"),
                (false, _) => ("tomorrow", "明天"),
            };
            if kind == "AFTER" && value < clock {
                return fail(Msg::TooEarly, &[&shown, en, zh, &rule_shown]);
            }
            if kind == "BEFORE" && value > clock {
                return fail(Msg::TooLate, &[&shown, en, zh, &rule_shown]);
            }
        } else if let Some((_, pattern, en, zh)) = named {
            let parts: Vec<&str> = if ty == "TEXT" {
                crate::text::split(text.trim(), b"\n;,")
            } else if ty == "INT" || ty == "STRING" {
                let mut one = Vec::new();
                one.push(text.as_str());
                one
            } else {
                Vec::new()
            };
            for part in parts.iter().filter(|p| !p.is_empty()) {
                if matches(pattern, part) == Some(false) {
                    return fail(Msg::BadFormat, &[&quoted(part), en, zh, &rule_shown]);
                }
            }
        }
    }

    // The admin's pattern.
    if let Some(pattern) = def.get("custom_regex").str().filter(|p| !p.is_empty()) {
        if matches(pattern, &text) == Some(false) {
            fail(Msg::NoMatch, &[&shown, &quoted(pattern)]);
        }
    }
}

/// The keys of a choice list (a tree's `id`s, all levels down, for TREESELECT).
fn collect_keys(choice: &[Value], tree: bool, out: &mut Vec<String>, depth: u32) {
    for c in choice {
        let k = c.get(if tree { "id" } else { "key" });
        if !matches!(k, Value::Undefined | Value::Null) {
            out.push(text_of(k));
        }
        if tree && depth < 16 {
            collect_keys(c.get("children").items(), true, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::value::read;

    /// A snapshot of JSON text (the reader takes it compact).
    fn json(text: &str) -> Value {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        read(&serde_json::to_string(&v).unwrap())
    }

    fn form() -> Value {
        json(
            r#"[
            {"key":"title","name":"标题","type":"STRING","validate_type":"REQUIRE","show_type":1,"regex":"EMPTY","choice":[]},
            {"key":"phone","name":"电话","type":"STRING","validate_type":"OPTION","show_type":1,"regex":"PHONE_NUM","choice":[]},
            {"key":"env","name":"环境","type":"SELECT","source_type":"CUSTOM","validate_type":"REQUIRE","show_type":1,"regex":"EMPTY","choice":[{"key":"prod","name":"生产"},{"key":"test","name":"测试"}]},
            {"key":"mods","name":"模块","type":"MULTISELECT","source_type":"CUSTOM","validate_type":"OPTION","show_type":1,"regex":"EMPTY","choice":[{"key":"web"},{"key":"db"}]},
            {"key":"rollback","name":"回滚方案","type":"TEXT","validate_type":"REQUIRE","show_type":0,"regex":"EMPTY","show_conditions":{"type":"and","expressions":[{"key":"env","condition":"!=","value":"prod"}]}},
            {"key":"start","name":"开始","type":"DATE","validate_type":"OPTION","show_type":1,"regex":"AFTER_DATE"},
            {"key":"hosts","name":"主机","type":"TABLE","validate_type":"OPTION","show_type":1,"regex":"EMPTY","choice":[{"key":"ip","name":"IP","required":true},{"key":"note","name":"备注"}]},
            {"key":"code","name":"编号","type":"STRING","validate_type":"OPTION","show_type":1,"regex":"CUSTOM","custom_regex":"^[A-Z]{2}-\\d+$"},
            {"key":"odd","name":"怪","type":"STRING","validate_type":"OPTION","show_type":1,"regex":"NOPE"}
        ]"#,
        )
    }

    /// 2026-12-07 12:00:00 in UTC+8.
    const NOW: f64 = 1_796_616_000_000.0;

    fn run(values: &str) -> (Vec<(String, Value)>, Vec<Issue>) {
        let form = form();
        let mut values: Vec<(String, Value)> = json(values).entries().iter().cloned().collect();
        let mut issues = Vec::new();
        check(form.items(), &mut values, NOW, "fields", &mut issues);
        (values, issues)
    }

    fn reasons(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues
            .iter()
            .map(|i| (i.field.as_str(), i.msg.reason()))
            .collect()
    }

    #[test]
    fn a_filled_form_passes_and_hidden_required_fields_are_added() {
        let (values, issues) = run(r#"{"title":"t","env":"test","mods":["web","db"]}"#);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(values[2].1, Value::Str("web,db".into()));
        // env is not prod: rollback is hidden, and sent as "".
        assert_eq!(values[3], ("rollback".into(), Value::Str("".into())));
    }

    #[test]
    fn required_fields_and_shown_conditional_ones() {
        let (_, issues) = run(r#"{"title":"  ","env":"prod"}"#);
        assert_eq!(
            reasons(&issues),
            [("title", "required"), ("rollback", "required")]
        );
        assert_eq!(issues[0].path.as_deref(), Some("fields.title"));
        assert_eq!(
            issues[0].dev(),
            "fields.title: \"标题\" (title) is required by the service's form"
        );
    }

    #[test]
    fn choices_rules_dates_tables_and_patterns() {
        let (_, issues) = run(
            r#"{"title":"t","env":"staging","mods":"web,x","phone":"123","start":"2026-12-07",
               "hosts":[{"ip":"1.2.3.4"},{"note":"n"}],"code":"ab-1","odd":"x","nope":"1"}"#,
        );
        assert_eq!(
            reasons(&issues),
            [
                ("env", "not_a_choice"),
                ("mods", "not_a_choice"),
                ("phone", "bad_format"),
                ("start", "too_early"),
                ("hosts", "required"),
                ("code", "bad_format"),
                ("odd", "form_broken"),
                ("nope", "not_in_form"),
            ]
        );
        assert_eq!(
            issues[3].dev(),
            "fields.start: \"2026-12-07\" is not after today, as the form's rule AFTER_DATE requires (the server's clock, UTC+8, decides)"
        );
        assert_eq!(
            issues[4].dev(),
            "fields.hosts: row 2: \"IP\" (ip) is required by the service's form"
        );
        let (_, issues) = run(
            r#"{"title":"t","env":"test","phone":"13912345678","start":"2026-12-08","code":"AB-12"}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn the_title_has_at_most_128_characters() {
        let long: String = core::iter::repeat_n('标', 129).collect();
        let mut text = String::from(r#"{"env":"test","title":""#);
        text.push_str(&long);
        text.push_str("\"}");
        let (_, issues) = run(&text);
        assert_eq!(reasons(&issues), [("title", "too_long")]);
    }
}
