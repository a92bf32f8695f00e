//! `GetTicketsParams`: the parameters of one `get_tickets` call, under the API's own wire
//! names, read from a JavaScript object and checked before anything is sent.
//!
//! The server validates nothing and some inputs are dangerous there (`page_size: 0` returns
//! every ticket at once, `page_size: null` crashes the handler), so every rule is enforced here:
//! unknown keys (with the closest known name), wrong types (never coerced), `null`, ranges,
//! dates and empty date ranges. `undefined` counts as not given.

#![allow(non_snake_case)] // the wire names are part of the contract

use tsify::Tsify;

use crate::endpoints::table::params_table;
use crate::endpoints::table::ParamsTable;
use crate::error::Issue;
use crate::input::datetime::DateTime;
use crate::input::rules::{integer_in, non_empty_list, non_empty_string, Digits};
use crate::input::value::Value;

/// The largest `page_size` the server honours (it silently caps larger ones).
pub(crate) const MAX_PAGE_SIZE: i64 = 10_000;

/// The largest integer JavaScript numbers hold exactly.
pub(crate) const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// Ticket statuses the server knows by name; admin-defined statuses are 32-hex keys.
pub const KNOWN_STATUSES: &[&str] = &[
    "NEW",
    "RUNNING",
    "RESOLVED",
    "CONFIRMED",
    "SUSPENDED",
    "FINISHED",
    "TERMINATED",
    "REVOKED",
];

params_table! {
    /// The parameters of `getTickets`. Every key is optional; `undefined` means not given.
    ///
    /// Names are the API's wire names. The four common parameters (`bk_app_code`,
    /// `bk_app_secret`, `bk_token`, `bk_username`) override the client's for this call.
    #[derive(Debug, Clone, Default, PartialEq, Tsify)]
    pub struct GetTicketsParams, keys PARAM_KEYS, paged;

    /// Only these ticket numbers (`sn`), e.g. `["REQ20240101000001"]`.
    #[tsify(optional)]
    sns: Vec<String> = |key, value| {
        non_empty_list(key, value, "non-empty strings", |f, v| {
            non_empty_string(f, v, false)
        })
    },
    /// Only tickets created by this user.
    #[tsify(optional)]
    creator: String = |key, value| non_empty_string(key, value, false),
    /// Created at or before this time, `"YYYY-MM-DD hh:mm:ss"` in the server's local time.
    /// (The API document swaps the descriptions of `__lte` and `__gte`.)
    #[tsify(optional, type = "string")]
    create_at__lte: DateTime = |key, value| date(key, value),
    /// Created at or after this time, `"YYYY-MM-DD hh:mm:ss"`.
    #[tsify(optional, type = "string")]
    create_at__gte: DateTime = |key, value| date(key, value),
    /// Ended at or before this time, `"YYYY-MM-DD hh:mm:ss"` (a filter the document omits).
    #[tsify(optional, type = "string")]
    end_at__lte: DateTime = |key, value| date(key, value),
    /// Ended at or after this time, `"YYYY-MM-DD hh:mm:ss"` (a filter the document omits).
    #[tsify(optional, type = "string")]
    end_at__gte: DateTime = |key, value| date(key, value),
    /// Only tickets in these statuses: `NEW`, `RUNNING`, `RESOLVED`, `CONFIRMED`, `SUSPENDED`,
    /// `FINISHED`, `TERMINATED`, `REVOKED`, or an admin-defined 32-hex status key.
    #[tsify(optional)]
    current_status__in: Vec<String> = |key, value| {
        non_empty_list(key, value, "ticket statuses", status)
    },
    /// Only tickets of these services (ids).
    #[tsify(optional)]
    service_id__in: Vec<i64> = |key, value| {
        non_empty_list(key, value, "service ids", |f, v| {
            integer_in(f, v, (1, MAX_SAFE_INTEGER), Digits::Accepted, "")
        })
    },
    /// Only tickets of these businesses (ids; `-1` is "no business").
    #[tsify(optional)]
    bk_biz_id__in: Vec<i64> = |key, value| {
        non_empty_list(key, value, "business ids", |f, v| {
            integer_in(
                f,
                v,
                (-1, MAX_SAFE_INTEGER),
                Digits::Accepted,
                " (-1 is \"no business\")",
            )
        })
    },
    /// The page, from 1. A string of digits is accepted and sent as a number.
    #[tsify(optional, type = "number | `${number}`")]
    page: i64 = |key, value| {
        integer_in(
            key,
            value,
            (1, MAX_SAFE_INTEGER),
            Digits::Accepted,
            " (pages count from 1; the server fails on 0, negative and fractional pages)",
        )
    },
    /// Tickets per page, 1 to 10000 (server default 10). A string of digits is accepted.
    #[tsify(optional, type = "number | `${number}`")]
    page_size: i64 = |key, value| {
        integer_in(
            key,
            value,
            (1, MAX_PAGE_SIZE),
            Digits::Accepted,
            " (0, a negative or a fractional page_size makes the server drop paging and \
             return every ticket at once; it caps anything above 10000)",
        )
    },
    /// Only RUNNING tickets waiting on this user. Through the API gateway only: ESB strips
    /// this parameter before it reaches ITSM (every ticket would come back), so a client on
    /// ESB refuses it.
    #[tsify(optional)]
    username: String = |key, value| non_empty_string(key, value, false),
    /// Only tickets with this tag (exact match, at most 32 characters), as `create_ticket`
    /// set it. ITSM 2.6.2 and later; older servers ignore it.
    #[tsify(optional)]
    tag: String = |key, value| short_key(key, value),
    /// Only tickets of this project (exact match, at most 32 characters; the default project
    /// is `"0"`). ITSM 2.6.3 and later; older servers ignore it.
    #[tsify(optional)]
    project_key: String = |key, value| short_key(key, value),
}

/// The longest `tag` and `project_key` the server stores (its `LEN_SHORT` columns): a longer
/// value can match nothing.
pub(crate) const MAX_KEY_CHARS: usize = 32;

impl GetTicketsParams {
    /// Reads and checks a parameters value: an object, or `undefined` for none.
    ///
    /// Returns every broken rule, in key order, so a form can show them all at once.
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let entries = match value {
            Value::Undefined => return Ok(Self::default()),
            Value::Object(entries) => entries,
            Value::Null => {
                return Err(vec![Issue::new(
                    "params",
                    "null is not allowed: pass an object, or nothing for no filters",
                )])
            }
            other => {
                return Err(vec![Issue::new(
                    "params",
                    format!(
                        "expected an object of parameters, got {}",
                        other.type_name()
                    ),
                )])
            }
        };
        let mut params = Self::default();
        let mut issues = Vec::new();
        for (key, value) in entries {
            if matches!(value, Value::Undefined) {
                continue; // not given
            }
            if let Err(issue) = params.set(key, value) {
                issues.push(issue);
            }
        }
        for (field, gte, lte, what) in [
            (
                "create_at",
                params.create_at__gte,
                params.create_at__lte,
                "created",
            ),
            ("end_at", params.end_at__gte, params.end_at__lte, "ended"),
        ] {
            if let (Some(gte), Some(lte)) = (gte, lte) {
                if gte > lte {
                    issues.push(Issue::new(
                        &format!("{field}__gte"),
                        format!(
                            "\"{gte}\" is later than {field}__lte \"{lte}\", so no ticket can match: \
                             {field}__gte means \"{what} at or after\" and {field}__lte \"{what} at or \
                             before\" (the API document swaps the two descriptions)"
                        ),
                    ));
                }
            }
        }
        if issues.is_empty() {
            Ok(params)
        } else {
            Err(issues)
        }
    }
}

/// A date parameter, `"YYYY-MM-DD hh:mm:ss"` (also `get_tickets_by_user`'s).
pub(crate) fn date(field: &str, value: &Value) -> Result<DateTime, Issue> {
    match value {
        Value::String(s) => DateTime::parse(s)
            .map_err(|why| Issue::new(field, format!("{} {why}", value.describe()))),
        Value::Null => Err(crate::input::rules::null_issue(field)),
        other => Err(Issue::new(
            field,
            format!(
                "expected a string \"YYYY-MM-DD hh:mm:ss\", got {}",
                other.type_name()
            ),
        )),
    }
}

/// `tag` and `project_key`: a non-empty string the server's 32-character column can hold.
fn short_key(field: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(field, value, false)?;
    if s.chars().nth(MAX_KEY_CHARS).is_some() {
        return Err(Issue::new(
            field,
            "is longer than 32 characters, the most the server stores: no ticket can match",
        ));
    }
    Ok(s)
}

fn status(field: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(field, value, false)?;
    let custom = s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if KNOWN_STATUSES.contains(&s.as_str()) || custom {
        Ok(s)
    } else {
        Err(Issue::new(
            field,
            format!(
                "{} is not a ticket status: expected one of {} or an admin-defined 32-hex status key",
                value.describe(),
                KNOWN_STATUSES.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::json::ObjectWriter;
    use crate::input::value::testing::parse;

    fn check(json: &str) -> Result<GetTicketsParams, Vec<Issue>> {
        GetTicketsParams::from_value(&parse(json))
    }

    fn body(p: &GetTicketsParams) -> String {
        let mut w = ObjectWriter::new();
        p.write_filters(&mut w);
        w.finish()
    }

    fn first_issue(json: &str) -> Issue {
        check(json).expect_err(json).remove(0)
    }

    #[test]
    fn the_documents_example_is_accepted_once_its_dates_are_the_right_way_round() {
        let p = check(
            r#"{"bk_app_secret":"xxxx","bk_app_code":"xxxx","bk_token":"xxxx",
                "sns":["NO2019091610001755"],"creator":"admin",
                "create_at__lte":"2020-09-16 10:00:00","create_at__gte":"2019-09-16 10:00:00",
                "page":1,"page_size":"10","username":"admin"}"#,
        )
        .unwrap();
        assert_eq!(p.page_size, Some(10));
        assert_eq!(
            body(&p),
            r#"{"sns":["NO2019091610001755"],"creator":"admin","create_at__lte":"2020-09-16 10:00:00","create_at__gte":"2019-09-16 10:00:00","page":1,"page_size":10,"username":"admin"}"#
        );
    }

    #[test]
    fn the_documents_own_swapped_dates_are_an_empty_range() {
        let issue = first_issue(
            r#"{"create_at__lte":"2019-09-16 10:00:00","create_at__gte":"2020-09-16 10:00:00"}"#,
        );
        assert_eq!(issue.field, "create_at__gte");
        assert!(
            issue.message.contains("created at or after"),
            "{}",
            issue.message
        );
        assert!(issue.message.contains("2019-09-16 10:00:00"));
    }

    #[test]
    fn page_size_rules_name_the_field_the_value_and_the_rule() {
        for (json, needle) in [
            (r#"{"page_size":0}"#, "page_size: 0 is out of range"),
            (r#"{"page_size":-1}"#, "page_size: -1 is out of range"),
            (r#"{"page_size":10001}"#, "page_size: 10001 is out of range"),
            (r#"{"page_size":10.5}"#, "page_size: 10.5 is not allowed"),
            (
                r#"{"page_size":"abc"}"#,
                "page_size: \"abc\" is not allowed",
            ),
            (
                r#"{"page_size":"10.5"}"#,
                "page_size: \"10.5\" is not allowed",
            ),
            (r#"{"page_size":true}"#, "page_size: expected an integer"),
            (r#"{"page_size":null}"#, "page_size: null is not allowed"),
            (r#"{"page":0}"#, "page: 0 is out of range"),
            (r#"{"page":"last"}"#, "page: \"last\" is not allowed"),
            (r#"{"page":2.5}"#, "page: 2.5 is not allowed"),
        ] {
            let issue = first_issue(json);
            assert!(
                issue.message.starts_with(needle),
                "{json}: {}",
                issue.message
            );
            let rule = if json.contains("null") {
                "leave the key out"
            } else {
                "an integer from"
            };
            assert!(issue.message.contains(rule), "{}", issue.message);
        }
        assert_eq!(
            check(r#"{"page_size":10000,"page":"2"}"#).unwrap().page,
            Some(2)
        );
    }

    #[test]
    fn dates_must_be_the_documented_form_and_real() {
        assert!(first_issue(r#"{"create_at__lte":"2019-02-29 00:00:00"}"#)
            .message
            .contains("not a real calendar date"));
        assert!(first_issue(r#"{"end_at__gte":"2019-01-01 24:00:00"}"#)
            .message
            .contains("not a real time of day"));
        assert!(first_issue(r#"{"create_at__gte":"2019-01-01"}"#)
            .message
            .contains("YYYY-MM-DD hh:mm:ss"));
        assert!(first_issue(r#"{"create_at__gte":20190101}"#)
            .message
            .contains("expected a string"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion_and_wrong_types_are_not_coerced() {
        let issue = first_issue(r#"{"pagesize":10}"#);
        assert_eq!(issue.field, "pagesize");
        assert!(issue.message.contains("did you mean \"page_size\""));
        assert!(first_issue(r#"{"creator":5}"#)
            .message
            .starts_with("creator: expected a non-empty string, got a number 5"));
        assert!(first_issue(r#"{"sns":"REQ1"}"#)
            .message
            .starts_with("sns: expected an array"));
        assert!(first_issue(r#"{"sns":[]}"#).message.contains("no filter"));
        assert!(first_issue(r#"{"creator":""}"#)
            .message
            .contains("non-empty"));
    }

    #[test]
    fn undefined_is_not_given_and_every_issue_is_reported() {
        let p = GetTicketsParams::from_value(&Value::Object(vec![
            ("page".into(), Value::Undefined),
            ("creator".into(), Value::String("admin".into())),
        ]))
        .unwrap();
        assert_eq!(p.page, None);
        assert_eq!(body(&p), r#"{"creator":"admin"}"#);
        assert_eq!(
            GetTicketsParams::from_value(&Value::Undefined),
            Ok(Default::default())
        );
        let issues = check(r#"{"page":0,"page_size":0,"foo":1}"#).unwrap_err();
        let fields: Vec<_> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["page", "page_size", "foo"]);
        assert_eq!(first_issue("null").field, "params");
        assert_eq!(first_issue("[]").field, "params");
    }

    #[test]
    fn statuses_and_id_lists() {
        let p = check(
            r#"{"current_status__in":["RUNNING","0123456789abcdef0123456789ABCDEF"],
                "service_id__in":[1,"2"],"bk_biz_id__in":[-1,3]}"#,
        )
        .unwrap();
        assert_eq!(
            body(&p),
            r#"{"current_status__in":["RUNNING","0123456789abcdef0123456789ABCDEF"],"service_id__in":[1,2],"bk_biz_id__in":[-1,3]}"#
        );
        assert!(first_issue(r#"{"current_status__in":["running"]}"#)
            .message
            .contains("not a ticket status"));
        assert!(first_issue(r#"{"service_id__in":[0]}"#)
            .message
            .starts_with("service_id__in[0]: 0 is out of range"));
        assert!(first_issue(r#"{"bk_biz_id__in":[-2]}"#)
            .message
            .contains("out of range"));
        assert!(first_issue(r#"{"service_id__in":"1,2"}"#)
            .message
            .contains("expected an array"));
    }

    #[test]
    fn tag_and_project_key_are_short_non_empty_strings() {
        let p = check(r#"{"tag":"工单-tag","project_key":"0","page":2}"#).unwrap();
        assert_eq!(
            (p.tag.as_deref(), p.project_key.as_deref()),
            (Some("工单-tag"), Some("0"))
        );
        assert_eq!(body(&p), r#"{"page":2,"tag":"工单-tag","project_key":"0"}"#);
        // 32 characters fit, whatever their bytes; 33 cannot match anything.
        assert!(check(&format!(r#"{{"tag":"{}"}}"#, "标".repeat(32))).is_ok());
        let issue = first_issue(&format!(r#"{{"project_key":"{}"}}"#, "k".repeat(33)));
        assert_eq!(issue.field, "project_key");
        assert!(
            issue.message.contains("longer than 32 characters"),
            "{}",
            issue.message
        );
        for (json, needle) in [
            (r#"{"tag":""}"#, "tag: \"\" is not allowed"),
            (
                r#"{"tag":5}"#,
                "tag: expected a non-empty string, got a number 5",
            ),
            (
                r#"{"project_key":null}"#,
                "project_key: null is not allowed",
            ),
            (
                r#"{"project_key":0}"#,
                "project_key: expected a non-empty string",
            ),
        ] {
            assert!(first_issue(json).message.starts_with(needle), "{json}");
        }
        assert!(first_issue(r#"{"tags":"x"}"#)
            .message
            .contains("did you mean \"tag\""));
        assert!(first_issue(r#"{"projectKey":"x"}"#)
            .message
            .contains("did you mean \"project_key\""));
    }

    #[test]
    fn secrets_in_params_are_redacted_in_messages() {
        let issue = first_issue(r#"{"bk_token":["tok-abc-123"]}"#);
        assert!(!issue.message.contains("tok-abc-123"));
        let issue = first_issue(r#"{"bk_app_secret":""}"#);
        assert_eq!(issue.field, "bk_app_secret");
    }
}
