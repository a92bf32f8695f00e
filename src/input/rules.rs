//! The field rules shared by parameters, client configuration and request options: how a
//! value of each kind is read from a [`Value`], and the sentence that says why it was refused.
//!
//! Wrong types are refused, never coerced; the one conversion is a string of digits where an
//! integer goes, because the API document's own example sends `"page_size": "10"`.

use crate::error::{Issue, REDACTED};
use crate::input::value::Value;

/// How a field's value is shown in a message: as JSON, or redacted for secrets.
pub(crate) fn shown(value: &Value, secret: bool) -> String {
    if secret {
        match value {
            Value::String(_) => format!("a string ({REDACTED})"),
            other => format!("{} ({REDACTED})", other.type_name()),
        }
    } else {
        value.describe()
    }
}

/// "got X" for a value of the wrong type, with the value itself when it is not secret.
fn got(value: &Value, secret: bool) -> String {
    if secret {
        format!("got {}", shown(value, true))
    } else {
        match value {
            Value::Object(_) | Value::Other(_) | Value::Undefined | Value::Null => {
                format!("got {}", value.type_name())
            }
            _ => format!("got {} {}", value.type_name(), value.describe()),
        }
    }
}

/// The sentence for `null`, which the server mishandles (`page_size: null` crashes it).
pub(crate) fn null_issue(field: &str) -> Issue {
    Issue::new(
        field,
        "null is not allowed: leave the key out (or set it to undefined) for \"not given\"",
    )
}

/// A non-empty string.
pub(crate) fn non_empty_string(field: &str, value: &Value, secret: bool) -> Result<String, Issue> {
    match value {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        Value::String(_) => Err(Issue::new(
            field,
            "\"\" is not allowed: a non-empty string is required",
        )),
        Value::Null => Err(null_issue(field)),
        other => Err(Issue::new(
            field,
            format!("expected a non-empty string, {}", got(other, secret)),
        )),
    }
}

/// The longest ticket number the server stores (its `sn` column is `LEN_NORMAL`, 64).
pub(crate) const MAX_SN_CHARS: usize = 64;

/// A ticket number (`sn`), such as `"REQ20240101000001"`: ITSM makes them of a letter prefix
/// and digits. The server neither trims nor checks it (a stray space is "not found"), and an
/// `sn` in a query string must not smuggle other parameters: only ASCII letters, digits, `-`
/// and `_`, at most 64.
pub(crate) fn ticket_number(field: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(field, value, false)?;
    let fits = s.len() <= MAX_SN_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fits {
        Ok(s)
    } else {
        Err(Issue::new(
            field,
            format!(
                "{} is not a ticket number: expected ASCII letters and digits such as \
                 \"REQ20240101000001\" (at most {MAX_SN_CHARS}; no spaces, which the server \
                 does not trim)",
                value.describe()
            ),
        ))
    }
}

/// One of a fixed set of strings.
pub(crate) fn one_of(
    field: &str,
    value: &Value,
    allowed: &[&'static str],
) -> Result<&'static str, Issue> {
    let list = allowed
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match value {
        Value::String(s) => allowed
            .iter()
            .find(|a| **a == s.as_str())
            .copied()
            .ok_or_else(|| Issue::new(field, format!("{} is not one of {list}", value.describe()))),
        Value::Null => Err(null_issue(field)),
        other => Err(Issue::new(
            field,
            format!("expected one of {list}, {}", got(other, false)),
        )),
    }
}

/// Whether a string of digits may stand for an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Digits {
    /// Yes: an API parameter, where the document itself sends `"page_size": "10"`.
    Accepted,
    /// No: the client's own options, which have no such history.
    Refused,
}

/// An integer within `min..=max`, from a number (or a string of ASCII digits, if `digits`
/// says so).
///
/// `why` finishes the range sentence, e.g. why 0 is dangerous for `page_size`.
pub(crate) fn integer_in(
    field: &str,
    value: &Value,
    (min, max): (i64, i64),
    digits: Digits,
    why: &str,
) -> Result<i64, Issue> {
    let rule = format!("an integer from {min} to {max} is required{why}");
    let n = match value {
        Value::Number(n) => {
            if !n.is_finite() || n.fract() != 0.0 {
                return Err(Issue::new(
                    field,
                    format!("{} is not allowed: {rule}", value.describe()),
                ));
            }
            *n
        }
        Value::String(s) if digits == Digits::Accepted => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(Issue::new(
                    field,
                    format!(
                        "{} is not allowed: {rule} (a string must be plain digits, like \"10\")",
                        value.describe()
                    ),
                ));
            }
            // At most 15 digits: exact in both i64 and f64.
            let magnitude = digits
                .bytes()
                .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
            let signed = if s.starts_with('-') {
                -magnitude
            } else {
                magnitude
            };
            signed as f64
        }
        Value::Null => return Err(null_issue(field)),
        other => {
            return Err(Issue::new(
                field,
                format!("expected {rule}, {}", got(other, false)),
            ))
        }
    };
    if n < min as f64 || n > max as f64 {
        return Err(Issue::new(
            field,
            format!("{} is out of range: {rule}", value.describe()),
        ));
    }
    Ok(n as i64)
}

/// A non-empty array whose every element passes `element`.
pub(crate) fn non_empty_list<T>(
    field: &str,
    value: &Value,
    what: &str,
    element: impl Fn(&str, &Value) -> Result<T, Issue>,
) -> Result<Vec<T>, Issue> {
    match value {
        Value::Array(items) if items.is_empty() => Err(Issue::new(
            field,
            format!("[] is not allowed: the server treats an empty list as no filter and returns every ticket; leave {field} out to mean no filter"),
        )),
        // Messages name the element (`sns[1]: ...`); the issue's field stays the key itself.
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                element(&format!("{field}[{i}]"), item).map_err(|mut issue| {
                    issue.field = field.to_owned();
                    issue
                })
            })
            .collect(),
        Value::Null => Err(null_issue(field)),
        other => Err(Issue::new(
            field,
            format!("expected an array of {what}, {}", got(other, false)),
        )),
    }
}

/// The issue for a key nobody knows, with the closest known name when one is near.
pub fn unknown_key(key: &str, known: &[&str]) -> Issue {
    let mut text = String::from("is not a known key");
    if let Some(best) = closest(key, known) {
        text.push_str(&format!(": did you mean \"{best}\"?"));
    } else {
        text.push_str(&format!(" (known keys: {})", known.join(", ")));
    }
    Issue::new(key, text)
}

/// The known name closest to `key`: same letters ignoring case, `_` and `-`, or within a
/// small edit distance.
///
/// Case is folded for ASCII only: every known name is ASCII, and Unicode case tables would
/// add 10 KB to the module (see BENCHMARKS.md).
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let key_norm = norm(key);
    if let Some(exact) = known.iter().find(|k| norm(k) == key_norm) {
        return Some(exact);
    }
    let limit = (key.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .map(|k| (edit_distance(&key_norm, &norm(k)), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over characters, capped in cost by the short names compared here.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &[
        "page",
        "page_size",
        "sns",
        "creator",
        "create_at__lte",
        "create_at__gte",
    ];

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(closest("pagesize", KNOWN), Some("page_size"));
        assert_eq!(closest("pageSize", KNOWN), Some("page_size"));
        assert_eq!(closest("PAGE-SIZE", KNOWN), Some("page_size"));
        assert_eq!(closest("sn", KNOWN), Some("sns"));
        assert_eq!(closest("creater", KNOWN), Some("creator"));
        assert_eq!(closest("create_at_lte", KNOWN), Some("create_at__lte"));
        assert_eq!(closest("zzzzzz", KNOWN), None);
        assert_eq!(
            unknown_key("pagesize", KNOWN).message,
            "pagesize: is not a known key: did you mean \"page_size\"?"
        );
    }

    #[test]
    fn integers_come_from_numbers_or_digit_strings_only() {
        let n = |v: Value| integer_in("page_size", &v, (1, 10000), Digits::Accepted, "");
        assert_eq!(n(Value::Number(10.0)), Ok(10));
        assert_eq!(n(Value::String("10".into())), Ok(10));
        assert_eq!(n(Value::String("0010".into())), Ok(10));
        for bad in [
            Value::Number(0.0),
            Value::Number(10.5),
            Value::Number(f64::NAN),
            Value::Number(f64::INFINITY),
            Value::Number(1e300),
            Value::Number(10001.0),
            Value::String("10.5".into()),
            Value::String(" 10".into()),
            Value::String("1e3".into()),
            Value::String("".into()),
            Value::String("-".into()),
            Value::String("99999999999999999999".into()),
            Value::Bool(true),
            Value::Null,
            Value::Array(vec![]),
        ] {
            let issue = n(bad.clone()).expect_err(&format!("{bad:?}"));
            assert!(
                issue.message.starts_with("page_size: "),
                "{}",
                issue.message
            );
        }
        let strict = integer_in(
            "timeoutMs",
            &Value::String("10".into()),
            (0, 10),
            Digits::Refused,
            "",
        );
        assert!(strict.unwrap_err().message.contains("got a string \"10\""));
    }

    #[test]
    fn secrets_are_never_shown() {
        let issue = non_empty_string("bk_app_secret", &Value::Number(12345.0), true).unwrap_err();
        assert!(!issue.message.contains("12345"), "{}", issue.message);
        assert!(issue.message.contains(REDACTED));
    }

    #[test]
    fn empty_lists_and_wrong_elements_are_refused_with_their_index() {
        let s = |f: &str, v: &Value| non_empty_string(f, v, false);
        assert!(non_empty_list("sns", &Value::Array(vec![]), "strings", s).is_err());
        let issue = non_empty_list(
            "sns",
            &Value::Array(vec![Value::String("a".into()), Value::Number(1.0)]),
            "strings",
            s,
        )
        .unwrap_err();
        assert_eq!(issue.field, "sns");
        assert!(issue.message.starts_with("sns[1]: "), "{}", issue.message);
        let issue = non_empty_list("sns", &Value::String("REQ1".into()), "strings", s).unwrap_err();
        assert_eq!(
            issue.message,
            "sns: expected an array of strings, got a string \"REQ1\""
        );
    }
}
