//! `TicketsByUserParams`: the parameters of one `get_tickets_by_user` call, under the API's
//! wire names, checked before anything is sent.
//!
//! The server's own checks answer with a Python repr of a DRF error dict (code 3900004), and
//! some inputs are quietly wrong there: an empty `user` lists every ticket as a to-do, one
//! date bound without the other filters nothing, a `page_size` it cannot read switches paging
//! off. So every rule is here (READ-ENDPOINTS.md §4).

#![allow(non_snake_case)] // the wire names are part of the contract

use tsify::Tsify;

use crate::endpoints::get_tickets::params::{date, MAX_PAGE_SIZE, MAX_SAFE_INTEGER};
use crate::endpoints::table::ParamsTable;
use crate::endpoints::table::{checked, params_table, read_params, require};
use crate::error::Issue;
use crate::input::datetime::DateTime;
use crate::input::rules::{integer_in, non_empty_string, one_of, Digits};
use crate::input::value::Value;

/// The lists a user has, as the server names them.
pub(crate) const VIEW_TYPES: &[&str] = &[
    "my_todo",
    "my_created",
    "my_history",
    "my_approval",
    "my_attention",
    "my_dealt",
];

params_table! {
    /// The parameters of `getTicketsByUser` and `iterTicketsByUser`. `user` and `view_type`
    /// are required; `undefined` means not given.
    ///
    /// The four common parameters (`bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`)
    /// override the client's for this call.
    #[derive(Debug, Clone, Default, PartialEq, Tsify)]
    pub struct TicketsByUserParams, keys BY_USER_KEYS, paged;

    /// Whose lists (a user name; required). The gateway does not check that the caller is this
    /// user: any app with access reads any user's lists.
    #[tsify(type = "string")]
    user: String = |key, value| non_empty_string(key, value, false),
    /// Which list (required): `"my_todo"` (waiting on the user), `"my_created"`,
    /// `"my_history"` (the user acted on, not created), `"my_approval"` (to-dos at an approval
    /// step), `"my_attention"` (followed), `"my_dealt"` (to-do, history or viewable).
    #[tsify(type = "\"my_todo\" | \"my_created\" | \"my_history\" | \"my_approval\" | \"my_attention\" | \"my_dealt\"")]
    view_type: String = |key, value| one_of(key, value, VIEW_TYPES).map(str::to_owned),
    /// Only tickets of this service (id).
    #[tsify(optional, type = "number | `${number}`")]
    service_id: i64 = |key, value| id(key, value),
    /// Only tickets of this service catalogue and its descendants (id; 1 is the root).
    #[tsify(optional, type = "number | `${number}`")]
    catalog_id: i64 = |key, value| id(key, value),
    /// Created at or after this time, `"YYYY-MM-DD hh:mm:ss"`; only with `create_at__lte`
    /// (the server ignores one bound alone).
    #[tsify(optional, type = "string")]
    create_at__gte: DateTime = |key, value| date(key, value),
    /// Created at or before this time, `"YYYY-MM-DD hh:mm:ss"`; only with `create_at__gte`.
    #[tsify(optional, type = "string")]
    create_at__lte: DateTime = |key, value| date(key, value),
    /// Only tickets also waiting on this user.
    #[tsify(optional)]
    current_processor: String = |key, value| not_blank(key, value),
    /// The page, from 1. A string of digits is accepted and sent as a number.
    #[tsify(optional, type = "number | `${number}`")]
    page: i64 = |key, value| {
        integer_in(
            key,
            value,
            (1, MAX_SAFE_INTEGER),
            Digits::Accepted,
            " (pages count from 1; the server refuses 0, negative and fractional pages)",
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
}

impl TicketsByUserParams {
    /// Reads and checks a parameters value: every broken rule, in key order, so a form can
    /// show them all at once.
    pub fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        let (params, mut issues) = read_params(value, Self::set);
        // The server's older name for `user` (it still reads it first): the closest known key
        // would be `bk_username`, the caller's own name, which is not what is meant.
        for issue in issues.iter_mut().filter(|i| i.field == "username") {
            *issue = Issue::new(
                "username",
                "is not a known key: the user whose lists to read is `user` (the server's \
                 older name `username` is not sent)",
            );
        }
        require(
            &mut issues,
            params.view_type.is_some(),
            "view_type",
            "{ view_type: \"my_todo\" }",
        );
        require(
            &mut issues,
            params.user.is_some(),
            "user",
            "{ user: \"admin\", view_type: \"my_todo\" }",
        );
        match (params.create_at__gte, params.create_at__lte) {
            (Some(gte), Some(lte)) if gte > lte => issues.push(Issue::new(
                "create_at__gte",
                format!("\"{gte}\" is later than create_at__lte \"{lte}\", so no ticket can match"),
            )),
            (Some(_), None) | (None, Some(_)) => {
                let (given, other) = if params.create_at__gte.is_some() {
                    ("create_at__gte", "create_at__lte")
                } else {
                    ("create_at__lte", "create_at__gte")
                };
                issues.push(Issue::new(
                    given,
                    format!(
                        "is ignored by the server without {other}: give both (the range is \
                         inclusive)"
                    ),
                ));
            }
            _ => {}
        }
        checked(params, issues)
    }
}

/// A service or catalogue id.
fn id(field: &str, value: &Value) -> Result<i64, Issue> {
    integer_in(field, value, (1, MAX_SAFE_INTEGER), Digits::Accepted, "")
}

/// A non-empty string that is not only whitespace (the server trims it, then refuses it
/// blank).
fn not_blank(field: &str, value: &Value) -> Result<String, Issue> {
    let s = non_empty_string(field, value, false)?;
    if s.trim().is_empty() {
        return Err(Issue::new(
            field,
            format!("{} is blank: the server refuses it", value.describe()),
        ));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::json::ObjectWriter;
    use crate::input::value::testing::parse;

    fn check(json: &str) -> Result<TicketsByUserParams, Vec<Issue>> {
        TicketsByUserParams::from_value(&parse(json))
    }

    #[test]
    fn user_and_view_type_are_required_and_the_filters_written_in_order() {
        let p = check(
            r#"{"user":"alice","view_type":"my_dealt","catalog_id":"2","service_id":1,
                "create_at__gte":"2024-01-01 00:00:00","create_at__lte":"2024-02-01 00:00:00",
                "current_processor":"bob","page":"3","page_size":100}"#,
        )
        .unwrap();
        let mut w = ObjectWriter::new();
        p.write_filters(&mut w);
        assert_eq!(
            w.finish(),
            r#"{"user":"alice","view_type":"my_dealt","service_id":1,"catalog_id":2,"create_at__gte":"2024-01-01 00:00:00","create_at__lte":"2024-02-01 00:00:00","current_processor":"bob","page":3,"page_size":100}"#
        );
        for view in VIEW_TYPES {
            assert!(check(&format!(r#"{{"user":"a","view_type":"{view}"}}"#)).is_ok());
        }
    }

    #[test]
    fn every_rule_names_the_field() {
        for (json, field, needle) in [
            ("{}", "user", "is required"),
            (r#"{"user":"a"}"#, "view_type", "is required"),
            (r#"{"view_type":"my_todo"}"#, "user", "is required"),
            (
                r#"{"user":"","view_type":"my_todo"}"#,
                "user",
                "\"\" is not allowed",
            ),
            (
                r#"{"user":"a","view_type":"todo"}"#,
                "view_type",
                "is not one of",
            ),
            (
                r#"{"user":"a","view_type":null}"#,
                "view_type",
                "null is not allowed",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","service_id":0}"#,
                "service_id",
                "out of range",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","catalog_id":"5.5"}"#,
                "catalog_id",
                "is not allowed",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","create_at__gte":"2024-01-01"}"#,
                "create_at__gte",
                "YYYY-MM-DD hh:mm:ss",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","create_at__gte":"2024-01-01 00:00:00"}"#,
                "create_at__gte",
                "without create_at__lte",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","create_at__lte":"2024-01-01 00:00:00"}"#,
                "create_at__lte",
                "without create_at__gte",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","create_at__gte":"2024-02-01 00:00:00","create_at__lte":"2024-01-01 00:00:00"}"#,
                "create_at__gte",
                "later than",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","current_processor":"  "}"#,
                "current_processor",
                "is blank",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","page":0}"#,
                "page",
                "out of range",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","page":"last"}"#,
                "page",
                "is not allowed",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","page_size":10001}"#,
                "page_size",
                "out of range",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","username":"a"}"#,
                "username",
                "the user whose lists to read is `user`",
            ),
            (
                r#"{"user":"a","view_type":"my_todo","exclude_ticket_id__in":"1"}"#,
                "exclude_ticket_id__in",
                "is not a known key",
            ),
        ] {
            let issues = check(json).expect_err(json);
            let issue = issues
                .iter()
                .find(|i| i.field == field)
                .unwrap_or_else(|| panic!("{json}: {issues:?}"));
            assert!(issue.message.contains(needle), "{json}: {}", issue.message);
        }
        assert_eq!(check("null").unwrap_err()[0].field, "params");
    }
}
