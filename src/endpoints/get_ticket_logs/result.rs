//! `TicketLogs`: a ticket's timeline as `get_ticket_logs` really sends it
//! (tests/server/READ-ENDPOINTS.md §3), and its check.

use tsify::Tsify;

use crate::endpoints::table::{result_table, ObjectKeys};
use crate::endpoints::{ResultShape, ShapeError};
use crate::input::value::View;

result_table! {
    /// A ticket's timeline. Members the server sends beyond these stay on the object at run
    /// time.
    // Never built in Rust: its TypeScript declaration is what the package uses.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketLogs, fields LOGS_FIELDS;

    /// Ticket number.
    sn: String as String,
    /// Title, as the user typed it: show it as text, never as HTML.
    title: String as String,
    /// Creation time, `"YYYY-MM-DD hh:mm:ss"`.
    create_at: String as String,
    /// Creator, `null` for some imported tickets.
    creator: Option<String> as NullableString,
    /// The entries, oldest first.
    logs: Vec<TicketLog> as Array,
    /// The request id (ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header), when
    /// the answer had one.
    #[tsify(optional)]
    request_id: Option<String> as OptionalString,
}

result_table! {
    /// One entry of a ticket's timeline.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketLog, fields LOG_FIELDS;

    /// Who acted; `null` when unknown (the `message` then reads `None …`).
    operator: Option<String> as NullableString,
    /// When, `"YYYY-MM-DD hh:mm:ss"`.
    operate_at: String as String,
    /// What happened, as the server words it (`"admin 提交【提单】."`): show it as text.
    message: String as String,
    /// `WEB`, `MOBILE`, `API`, `SYS` or `AUTOMATIC` (task plugins).
    source: String as String,
    /// Complex form only: the step's form data (a list of field objects for normal, approval
    /// and sign steps, `[{output_variables}]` for tasks, the raw snapshot, often `{}`,
    /// otherwise): any JSON.
    #[tsify(optional, type = "unknown")]
    form_data: () as OptionalJson,
    /// Complex form only: the step's type (`NORMAL`, `APPROVAL`, `SIGN`, `TASK`, …), `""` when
    /// the step has no status row.
    #[tsify(optional)]
    from_state_type: Option<String> as OptionalString,
}

/// Property names of a `TicketLogs`, prepared once.
pub struct LogsKeys<V: View> {
    logs_object: ObjectKeys<V>,
    entry: ObjectKeys<V>,
    logs: V::Key,
}

impl<V: View> ResultShape<V> for LogsKeys<V> {
    const WHAT: &'static str = "a ticket's log";

    fn new() -> Self {
        LogsKeys {
            logs_object: ObjectKeys::new(&LOGS_FIELDS),
            entry: ObjectKeys::new(&LOG_FIELDS),
            logs: V::key("logs"),
        }
    }

    fn check(&self, data: &V) -> Result<(), ShapeError> {
        self.logs_object
            .check(data, &|| "data".into(), "a ticket log object")?;
        self.entry.check_items(
            &data.get(&self.logs),
            &|| "data.logs".into(),
            "a log entry object",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    const LOGS: &str = r#"{"sn":"REQ1","title":"t","create_at":"2024-01-01 00:00:00",
        "creator":null,"logs":[
          {"operator":null,"operate_at":"2024-01-01 00:00:00","message":"None 提交【提单】.",
           "source":"AUTOMATIC"},
          {"operator":"a","operate_at":"2024-01-01 00:00:01","message":"m","source":"WEB",
           "form_data":{},"from_state_type":""},
          {"operator":"a","operate_at":"2024-01-01 00:00:02","message":"m","source":"API",
           "form_data":[{"id":1}],"from_state_type":"NORMAL"}]}"#;

    fn check(json: &str) -> Result<(), ShapeError> {
        let v = parse(json);
        LogsKeys::<&Value>::new().check(&&v)
    }

    #[test]
    fn both_forms_null_operators_and_any_form_data_pass() {
        assert_eq!(check(LOGS), Ok(()));
    }

    #[test]
    fn each_level_names_the_path() {
        for (from, to, path) in [
            (r#""creator":null"#, r#""creator":5"#, "data.creator"),
            (r#""logs":["#, r#""logs":{"x":["#, "data.logs"),
            (
                r#""operator":null"#,
                r#""operator":0"#,
                "data.logs[0].operator",
            ),
            (
                r#""source":"WEB""#,
                r#""source":null"#,
                "data.logs[1].source",
            ),
            (
                r#""from_state_type":"""#,
                r#""from_state_type":null"#,
                "data.logs[1].from_state_type",
            ),
        ] {
            let json = LOGS.replacen(from, to, 1);
            let json = if to.contains("{\"x\"") {
                format!("{}}}}}", &json[..json.len() - 1])
            } else {
                json
            };
            assert_eq!(
                check(&json).map_err(|e| e.path),
                Err(path.to_owned()),
                "{from}"
            );
        }
    }
}
