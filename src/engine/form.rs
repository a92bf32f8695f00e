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
use crate::engine::value::Value;
use crate::error::{Issue, Msg};
use crate::text::{char_count, is_blank, json, push_int};

/// The most characters of a title (the server's message says 120; it counts to 128).
pub(crate) const MAX_TITLE_CHARS: usize = 128;

/// The server's clock: Asia/Shanghai, UTC+8.
const SERVER_HOURS: i64 = 8;

/// The named rules, one a line: `rule`, `pattern`, what it means in English, in Chinese,
/// between tabs; the patterns of bk-itsm's `Regex` (`itsm/component/utils/basic.py`) as a
/// `RegExp` reads them. A rule that is known but has no pattern here (`CUSTOM`, `EMPTY`, the
/// date rules, and `ASSOCIATED_FIELD_VALIDATION`, which needs a ticket) passes this table.
///
/// Why one text: a table of texts costs the module a pointer and a length for each of its 80
/// texts, which compress badly (measured: 200 bytes more of the gzipped package).
static RULES: &str = concat!(
    "NUM\t^[0-9]$\ta digit 0-9\t数字 0-9\n",
    "NUMWITHOUTZERO\t^\\+|-?[1-9][0-9]*$\ta number not starting with 0\t首位非零的数字\n",
    "FLOAT\t^(-?\\d+)(\\.\\d+)?$\ta number\t浮点数\n",
    "NON_NEGATIVE\t^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[0-9]\\d*$\ta number of 0 or more\t非负数\n",
    "NON_POSITIVE\t^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*))|0?\\.0+|0$\ta number of 0 or less\t非正数\n",
    "GTE_ZERO\t^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*$\ta number above 0\t大于零的数\n",
    "LTE_ZERO\t^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*| [1-9]\\d*))$\ta number below 0\t小于零的数\n",
    "LOWER_EN\t^[a-z]*$\tlower-case letters\t小写字母\n",
    "UPPER_EN\t^[A-Z]*$\tupper-case letters\t大写字母\n",
    "EN\t^[a-zA-Z]*$\tEnglish letters\t英文字母\n",
    "EN_NUM\t^[a-zA-Z0-9]*$\tletters and digits\t英文字母和数字\n",
    "CH\t^[\\u4e00-\\u9fa5]*$\tChinese characters\t中文字符\n",
    "EN_CH\t^[\\u4e00-\\u9fa5_a-zA-Z]*$\tChinese or English letters\t中英文字符\n",
    "EN_CH_NUM\t^[\\u4e00-\\u9fa5_a-zA-Z0-9]*$\tChinese or English letters, digits and _\t中英文、数字和下划线\n",
    "START_EN\t^[a-zA-Z]\ttext starting with a letter\t以英文字母开头的内容\n",
    "EMAIL\t^[0-9a-zA-Z_]{0,19}@[0-9a-zA-Z]{1,13}\\.[com,cn,net]{1,3}$\tan email address\t邮箱地址\n",
    "PHONE_NUM\t^(13[0-9]|14[5|7]|15[0|1|2|3|5|6|7|8|9]|18[0|1|2|3|5|6|7|8|9]|17[6|7|8])\\d{8}$\ta mainland mobile number\t内地手机号码\n",
    "ID_CARD\t(^\\d{15}$)|(^\\d{18}$)|(^\\d{17}(\\d|X|x)$)\tan ID card number\t身份证号码\n",
    "QQ\t[1-9][0-9]{4,20}$\ta QQ number\tQQ 号码\n",
    "IP\t((?:(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d))\tan IP address\tIP 地址\n",
);

/// The pattern of a named rule of [`RULES`], and what it means in English and in Chinese.
fn named_rule(rule: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let mut rest = RULES;
    while !rest.is_empty() {
        let (line, next) = crate::text::cut(rest, b'\n');
        rest = next.unwrap_or_default();
        let (name, fields) = crate::text::cut(line, b'\t');
        if name == rule {
            let (pattern, meaning) = crate::text::cut(fields?, b'\t');
            let (en, zh) = crate::text::cut(meaning?, b'\t');
            return Some((pattern, en, zh?));
        }
    }
    None
}

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

/// Appends Python's `str(value)` for the values a form holds.
fn push_text(out: &mut String, v: &Value) {
    match v {
        Value::Str(s) => out.push_str(s),
        Value::Num(n) => crate::text::push_number(out, *n),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        _ => {}
    }
}

/// Python's `str(value)` for the values a form holds.
fn text_of(v: &Value) -> String {
    let mut out = String::new();
    push_text(&mut out, v);
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

/// The value of `key` in `values` (one function for every use: a closure is copied for each).
fn value_of<'a>(values: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The form's field `key`.
fn def_of<'a>(form: &'a [Value], key: &str) -> Option<&'a Value> {
    form.iter().find(|d| d.get("key").str() == Some(key))
}

/// A show condition's operators, with the orderings of the two sides each accepts (bits: 1
/// less, 2 equal, 4 greater). Texts are compared with `==` and `!=` only.
const OPERATORS: [(&str, i32); 6] = [
    ("==", 2),
    ("!=", 5),
    (">", 4),
    ("<", 1),
    (">=", 6),
    ("<=", 3),
];

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
        let left = value_of(values, key).map(text_of).unwrap_or_default();
        let right = text_of(e.get("value"));
        let numeric = matches!(e.get("type").str(), Some("INT" | "number"));
        // The operator as the orderings it accepts (1 less, 2 equal, 4 greater).
        let op = e.get("condition").str();
        let mut accepts = 0;
        for (name, mask) in OPERATORS {
            if op == Some(name) {
                accepts = mask;
            }
        }
        let order = if numeric {
            match (number(&left), number(&right)) {
                (Some(a), Some(b)) => a.partial_cmp(&b),
                _ => None,
            }
        } else if accepts == 2 || accepts == 5 {
            // Texts only as equal or not.
            Some(if left == right {
                core::cmp::Ordering::Equal
            } else {
                core::cmp::Ordering::Less
            })
        } else {
            None
        };
        let holds = match order {
            Some(o) => accepts & (1 << (o as i32 + 1)) != 0,
            None => false,
        };
        if any {
            result |= holds;
        } else {
            result &= holds;
        }
    }
    result
}

/// A decimal number as a form holds it (`"12"`, `"-3.5"`): digits, at most one `.` after one
/// or more of them, 15 characters at most after an optional `-`.
fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    let negative = t.starts_with('-');
    let digits = if negative { t.get(1..)? } else { t };
    if digits.len() > 15 {
        return None;
    }
    let (mut n, mut scale, mut whole, mut dot) = (0f64, 1f64, false, false);
    for b in digits.bytes() {
        if b == b'.' && !dot {
            dot = true;
            continue;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        let d = f64::from(b - b'0');
        if dot {
            scale /= 10.0;
            n += d * scale;
        } else {
            n = n * 10.0 + d;
            whole = true;
        }
    }
    if !whole {
        return None;
    }
    Some(if negative { -n } else { n })
}

/// Pushes `issue` (of a form's key) to `issues`, its path prefixed by `at` when there is one.
fn place(issues: &mut Vec<Issue>, at: &str, mut issue: Issue) {
    if !at.is_empty() {
        let mut path = String::from(at);
        path.push('.');
        path.push_str(&issue.field);
        issue.path = Some(path);
    }
    issues.push(issue);
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
    for (key, v) in values.iter_mut() {
        let Some(def) = def_of(form, key) else {
            let mut keys = String::new();
            let mut first = true;
            for d in form {
                if let Some(k) = d.get("key").str() {
                    if !first {
                        keys.push_str(", ");
                    }
                    first = false;
                    keys.push_str(&json::escape_controls(k));
                }
            }
            place(issues, at, Issue::new(key, Msg::NotInForm, &[&keys]));
            continue;
        };
        // Arrays of keys and names become the comma-joined strings the server splits.
        let ty = def.get("type").str().unwrap_or_default();
        if let (true, Value::Arr(items)) = (JOINED.contains(&ty), &*v) {
            let mut names = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    names.push(',');
                }
                push_text(&mut names, item);
            }
            *v = Value::Str(names);
        }
        if !empty(v) {
            if let Some(issue) = check_value(def, key, v, now) {
                place(issues, at, issue);
            }
        }
    }

    // Required fields: filled, or hidden (then sent as "", which the server needs); and every
    // field a show condition names, which the server reads (a missing one fails the whole
    // ticket with "参数转换失败").
    let mut added: Vec<(String, Value)> = Vec::new();
    for def in form {
        if def.get("show_type").num() != Some(0.0) {
            continue;
        }
        for e in def.get("show_conditions").get("expressions").items() {
            let Some(key) = e.get("key").str() else {
                continue;
            };
            let known = def_of(form, key).is_some();
            let sent = value_of(values, key).is_some() || value_of(&added, key).is_some();
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
        let given = value_of(values, key).or_else(|| value_of(&added, key));
        if hidden(def, values) {
            if given.is_none() {
                added.push((String::from(key), Value::Str(String::new())));
            }
        } else if given.is_none_or(empty) {
            let issue = Issue::new(key, Msg::FormRequired, &[&label(def, key)]);
            place(issues, at, issue);
        }
    }
    values.append(&mut added);
}

/// The checks of one filled value: its issue, if any.
fn check_value(def: &Value, key: &str, v: &Value, now: f64) -> Option<Issue> {
    let fail = |msg: Msg, args: &[&str]| Some(Issue::new(key, msg, args));
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
            for c in columns {
                if !matches!(c.get("required"), Value::Bool(true)) {
                    continue;
                }
                let column = c.get("key").str().unwrap_or_default();
                if empty(row.get(column)) {
                    let cname = label(c, column);
                    return fail(Msg::RowRequired, &[&n, &cname]);
                }
            }
        }
        return None;
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
        let several = ty == "CHECKBOX" || ty == "MULTISELECT";
        if several && !matches!(v, Value::Str(_)) {
            return fail(
                Msg::WrongType,
                &["keys joined by commas, or an array of keys", v.type_name()],
            );
        }
        // One key, or keys joined by commas (no separator: the whole text).
        let seps: &[u8] = if several { b"," } else { b"" };
        for &chosen in crate::text::split(&text, seps).iter() {
            if keys.iter().any(|k| k == chosen) {
                continue;
            }
            let mut list = String::new();
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    list.push_str(", ");
                }
                json::push_str(&mut list, k, false);
            }
            return fail(Msg::NotAChoice, &[&quoted(chosen), &name, &list]);
        }
    }

    // The named rule.
    let rule = def.get("regex").str().unwrap_or_default();
    // The rule's name as messages show it (the form is the server's text).
    let rule_shown = json::escape_controls(rule);
    if !rule.is_empty() {
        let named = named_rule(rule);
        if named.is_none() && !PATTERNLESS.contains(&rule) {
            return fail(Msg::UnknownRule, &[&name, &quoted(rule)]);
        }
        if let Some(kind) = rule.strip_suffix("_DATE").or(rule.strip_suffix("_TIME")) {
            let after = kind == "AFTER";
            if !after && kind != "BEFORE" {
                return None;
            }
            let with_time = rule.ends_with("_TIME");
            let parsed = if with_time {
                DateTime::parse(&text)
            } else {
                DateTime::parse_date(&text)
            };
            let Ok(value) = parsed else {
                let form = if with_time {
                    "YYYY-MM-DD hh:mm:ss"
                } else {
                    "YYYY-MM-DD"
                };
                return fail(Msg::BadFormDate, &[&shown, form]);
            };
            let clock = DateTime::at(now, SERVER_HOURS)?;
            let (en, zh) = match (with_time, after) {
                (true, _) => ("now", "当前时间"),
                (false, true) => ("today", "今天"),
                (false, false) => ("tomorrow", "明天"),
            };
            if after && value < clock {
                return fail(Msg::TooEarly, &[&shown, en, zh, &rule_shown]);
            }
            if !after && value > clock {
                return fail(Msg::TooLate, &[&shown, en, zh, &rule_shown]);
            }
        } else if let Some((pattern, en, zh)) = named {
            // A text's lines and items, or a number's or string's whole text.
            let (part_of, seps): (&str, &[u8]) = match ty {
                "TEXT" => (text.trim(), b"\n;,"),
                "INT" | "STRING" => (&text, b""),
                _ => ("", b""),
            };
            for &part in crate::text::split(part_of, seps).iter() {
                if !part.is_empty() && matches(pattern, part) == Some(false) {
                    return fail(Msg::BadFormat, &[&quoted(part), en, zh, &rule_shown]);
                }
            }
        }
    }

    // The admin's pattern.
    if let Some(pattern) = def.get("custom_regex").str().filter(|p| !p.is_empty()) {
        if matches(pattern, &text) == Some(false) {
            return fail(Msg::NoMatch, &[&shown, &quoted(pattern)]);
        }
    }
    None
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
    fn show_conditions_compare_numbers_and_texts() {
        let cases = [
            ("INT", "==", "2", "2.0", true),
            ("INT", "==", "-0", "0", true),
            ("INT", "!=", "2", "3", true),
            ("INT", "!=", "2", "2", false),
            ("INT", ">", "3", "2", true),
            ("INT", ">", "2", "2", false),
            ("INT", "<", "1.5", "2", true),
            ("INT", ">=", "2", "2", true),
            ("INT", ">=", "1", "2", false),
            ("number", "<=", "2", "2", true),
            ("number", "<=", "3", "2", false),
            ("INT", "==", "x", "x", false),
            ("INT", "~", "2", "2", false),
            ("STRING", "==", "a", "a", true),
            ("STRING", "!=", "a", "b", true),
            ("STRING", "!=", "a", "a", false),
            ("STRING", ">", "b", "a", false),
        ];
        for (ty, op, left, right, holds) in cases {
            let def = json(&std::format!(
                r#"{{"show_type":0,"show_conditions":{{"type":"and","expressions":[{{"key":"k","type":"{ty}","condition":"{op}","value":"{right}"}}]}}}}"#
            ));
            let values = [(String::from("k"), Value::Str(String::from(left)))];
            assert_eq!(hidden(&def, &values), holds, "{left} {op} {right} ({ty})");
        }
    }

    #[test]
    fn the_named_rules_are_distinct_and_whole() {
        let lines: Vec<&str> = crate::text::split(RULES.trim_end(), b"\n");
        assert_eq!(lines.len(), 20);
        for (i, line) in lines.iter().enumerate() {
            let fields = crate::text::split(line, b"\t");
            assert_eq!(fields.len(), 4, "{line}");
            assert!(fields.iter().all(|f| !f.is_empty()), "{line}");
            let name = fields[0];
            assert!(lines[..i]
                .iter()
                .all(|l| !l.starts_with(&std::format!("{name}\t"))));
            assert!(!PATTERNLESS.contains(&name), "{name}");
            let (pattern, en, zh) = named_rule(name).unwrap();
            assert_eq!([pattern, en, zh], fields[1..], "{name}");
        }
        assert_eq!(named_rule("PHONE"), None);
        assert_eq!(named_rule(""), None);
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
