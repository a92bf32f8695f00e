//! `TicketInfo`: the detail of one ticket as `get_ticket_info` really sends it
//! (`TicketRetrieveSerializer`, tests/server/READ-ENDPOINTS.md §1), and its check.
//!
//! Like a page of tickets, the result handed to JavaScript is the object `JSON.parse` built,
//! checked in place: members the types do not name stay on it, `null` stays `null`.

use tsify::Tsify;

use crate::endpoints::table::{result_table, ObjectKeys};
use crate::endpoints::{ResultShape, ShapeError};
use crate::input::value::View;

result_table! {
    /// One ticket's detail, with the types and nullability `get_ticket_info` really uses.
    /// Members the server sends beyond these stay on the object at run time.
    ///
    /// Not here although the API document shows them: `service_type` and `is_biz_need` (never
    /// sent).
    // Never built in Rust: its TypeScript declaration is what the package uses.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketInfo, fields INFO_FIELDS;

    /// Ticket id.
    id: i64 as Integer,
    /// Service catalogue id.
    catalog_id: i64 as Integer,
    /// Service id.
    service_id: i64 as Integer,
    /// Flow version id.
    flow_id: i64 as Integer,
    /// Ticket number, e.g. `"REQ20240101000001"`.
    sn: String as String,
    /// Title, as the user typed it: show it as text, never as HTML.
    title: String as String,
    /// `NEW`, `RUNNING`, `RESOLVED`, `CONFIRMED`, `SUSPENDED`, `FINISHED`, `TERMINATED`,
    /// `REVOKED`, or an admin-defined 32-hex status key.
    current_status: String as String,
    /// The steps the ticket stands at; `[]` when none is running (ended tickets).
    current_steps: Vec<TicketStep> as Array,
    /// Rating id, `""` when the ticket has none.
    comment_id: String as String,
    /// Whether the ticket has been rated.
    is_commented: bool as Bool,
    /// Last updater(s), possibly comma-separated (`"a,b"`).
    updated_by: String as String,
    /// Last update, `"YYYY-MM-DD hh:mm:ss"` (server time).
    update_at: String as String,
    /// End time, `null` while the ticket is open.
    end_at: Option<String> as NullableString,
    /// Creator, `null` for some imported tickets.
    creator: Option<String> as NullableString,
    /// Creation time, `"YYYY-MM-DD hh:mm:ss"`.
    create_at: String as String,
    /// Business id, `-1` for none, sometimes `null`.
    bk_biz_id: Option<i64> as NullableInteger,
    /// Every form field of the ticket (not only the submit node's), ordered by id.
    fields: Vec<TicketField> as Array,
    /// Link for embedding the ticket in an iframe.
    iframe_ticket_url: String as String,
    /// Link to the ticket in the ITSM web app.
    ticket_url: String as String,
    /// The request id (ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header), when
    /// the answer had one.
    #[tsify(optional)]
    request_id: Option<String> as OptionalString,
}

result_table! {
    /// A step the ticket stands at (a node whose status is running, receiving, distributing,
    /// queueing or suspended).
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketStep, fields STEP_FIELDS;

    /// The node's name.
    name: String as String,
    /// The node's id in the flow.
    state_id: i64 as Integer,
    /// `RUNNING`, `RECEIVING`, `DISTRIBUTING`, `QUEUEING` or `SUSPEND`.
    status: String as String,
    /// `TRANSITION`, `DISTRIBUTE`, `CLAIM`, `SIGN` or `AUTOMATIC`.
    action_type: String as String,
    /// The node's tag (`"DEFAULT"` unless set).
    tag: String as String,
    /// `PERSON`, `GENERAL`, `CMDB`, `ORGANIZATION`, `STARTER`, `OPEN`, `EMPTY`, …
    processors_type: String as String,
    /// The processors, comma-separated; `""` possible.
    processors: String as String,
}

result_table! {
    /// A form field of the ticket with its value.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketField, fields FIELD_FIELDS;

    /// The field's id.
    id: i64 as Integer,
    /// The field's key, e.g. `"title"`.
    key: String as String,
    /// `STRING`, `TEXT`, `INT`, `SELECT`, `MULTISELECT`, `TABLE`, `DATETIME`, …
    #[serde(rename = "type")]
    type_ = "type": String as String,
    /// The field's label.
    name: String as String,
    /// Its help text, `null` when none.
    desc: Option<String> as NullableString,
    /// The value: the stored text for most types (an `INT` field's is `"3"`), parsed JSON for
    /// table types, `null` when never filled.
    #[tsify(type = "unknown")]
    value: () as Json,
    /// The value as shown: a choice's name, names comma-joined, `a->b->c` for trees, `""` when
    /// empty, `null` for an unknown choice, the value itself (any JSON) otherwise.
    #[tsify(type = "unknown")]
    display_value: () as Json,
}

/// Property names of a `TicketInfo`, prepared once.
pub struct InfoKeys<V: View> {
    info: ObjectKeys<V>,
    step: ObjectKeys<V>,
    field: ObjectKeys<V>,
    current_steps: V::Key,
    fields: V::Key,
}

impl<V: View> ResultShape<V> for InfoKeys<V> {
    const WHAT: &'static str = "a ticket's detail";

    fn new() -> Self {
        InfoKeys {
            info: ObjectKeys::new(&INFO_FIELDS),
            step: ObjectKeys::new(&STEP_FIELDS),
            field: ObjectKeys::new(&FIELD_FIELDS),
            current_steps: V::key("current_steps"),
            fields: V::key("fields"),
        }
    }

    fn check(&self, data: &V) -> Result<(), ShapeError> {
        self.info
            .check(data, &|| "data".into(), "a ticket object")?;
        self.step.check_items(
            &data.get(&self.current_steps),
            &|| "data.current_steps".into(),
            "a step object",
        )?;
        self.field.check_items(
            &data.get(&self.fields),
            &|| "data.fields".into(),
            "a field object",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    /// The local server's answer for a running ticket, shortened.
    pub(crate) const INFO: &str = r#"{"id":2000,"catalog_id":3,"service_id":1,"flow_id":11,
        "sn":"REQ20261031000001","title":"a","current_status":"RUNNING",
        "current_steps":[{"name":"资源交付","state_id":1104,"status":"RUNNING",
          "action_type":"TRANSITION","tag":"DEFAULT","processors_type":"PERSON","processors":""}],
        "comment_id":"","is_commented":false,"updated_by":"carol,李娜",
        "update_at":"2026-11-01 00:00:00","end_at":null,"creator":null,
        "create_at":"2026-10-31 23:14:23","bk_biz_id":null,
        "fields":[{"id":1,"key":"priority","type":"SELECT","name":"优先级","desc":null,
          "value":null,"display_value":""},
          {"id":2,"key":"t","type":"TABLE","name":"t","desc":"","value":[{"a":1}],
          "display_value":[{"a":1}]}],
        "iframe_ticket_url":"u","ticket_url":"u","extra":1}"#;

    fn check(json: &str) -> Result<(), ShapeError> {
        let v = parse(json);
        InfoKeys::<&Value>::new().check(&&v)
    }

    #[test]
    fn nulls_json_values_and_unknown_members_pass() {
        assert_eq!(check(INFO), Ok(()));
        assert_eq!(
            check(&INFO.replace(r#""end_at":null"#, r#""end_at":"x""#)),
            Ok(())
        );
    }

    #[test]
    fn each_level_names_the_path() {
        for (from, to, path) in [
            (r#""id":2000"#, r#""id":"2000""#, "data.id"),
            (
                r#""current_steps":["#,
                r#""current_steps":{"x":["#,
                "data.current_steps",
            ),
            (
                r#""state_id":1104"#,
                r#""state_id":null"#,
                "data.current_steps[0].state_id",
            ),
            (
                r#""processors":"""#,
                r#""processors":null"#,
                "data.current_steps[0].processors",
            ),
            (r#""desc":null,"#, r#""desc":5,"#, "data.fields[0].desc"),
            (r#""value":null,"#, "", "data.fields[0].value"),
            (
                r#""ticket_url":"u""#,
                r#""ticket_url":null"#,
                "data.ticket_url",
            ),
            (r#""creator":null"#, r#""creator":1"#, "data.creator"),
        ] {
            let json = INFO.replacen(from, to, 1);
            let json = if to.contains("{\"x\"") {
                json.replacen("}],\n        \"comment_id", "}]},\n        \"comment_id", 1)
            } else {
                json
            };
            assert_eq!(
                check(&json).map_err(|e| e.path),
                Err(path.to_owned()),
                "{from}"
            );
        }
        assert_eq!(check("[1]").unwrap_err().path, "data");
        assert_eq!(
            check(&INFO.replace(r#"{"id":2,"#, r#"7,{"id":2,"#))
                .unwrap_err()
                .path,
            "data.fields[1]"
        );
    }
}
