//! `UserTicket` and `UserTicketPage`: a page of one user's tickets as `get_tickets_by_user`
//! really sends it (`TicketList.to_client_representation`, READ-ENDPOINTS.md §4), and its
//! check. Its items are not get_tickets' `Ticket`: other members, other types
//! (`comment_id` may be a number), and the enriched members may all be missing.

use tsify::Tsify;

use crate::endpoints::table::{check_page_members, result_table, ObjectKeys, PageNames};
use crate::endpoints::{ResultShape, ShapeError};
use crate::input::value::View;

result_table! {
    /// One ticket of a user's list. The 16 base members are always there; the others are
    /// missing when the server could not enrich the ticket (a deleted service or flow version,
    /// a ticket without node status rows, e.g. imported ones), and `create_at` is then ISO
    /// `YYYY-MM-DDThh:mm:ss`. Members the server sends beyond these stay on the object.
    // Never built in Rust: its TypeScript declaration is what the package uses.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct UserTicket, fields USER_TICKET_FIELDS;

    /// Ticket number.
    sn: String as String,
    /// Ticket id.
    id: i64 as Integer,
    /// Title, as the user typed it: show it as text, never as HTML.
    title: String as String,
    /// Service id.
    service_id: i64 as Integer,
    /// `"change"`, `"event"`, `"request"`, `"question"` (or `"DEFAULT"`).
    service_type: String as String,
    /// Extra data (`meta.priority = {key, name, order}` when set).
    #[tsify(type = "Record<string, unknown>")]
    meta: () as Object,
    /// Business id, `-1` for none, sometimes `null`.
    bk_biz_id: Option<i64> as NullableInteger,
    /// The status key (`RUNNING`, …, or an admin-defined 32-hex key).
    current_status: String as String,
    /// Creation time, `"YYYY-MM-DD hh:mm:ss"` (ISO with a `T` when not enriched).
    create_at: String as String,
    /// Creator, `null` for some imported tickets.
    creator: Option<String> as NullableString,
    /// Whether it is supervised.
    is_supervise_needed: bool as Bool,
    /// Flow version id.
    flow_id: i64 as Integer,
    /// `"EMPTY"` unless supervised.
    supervise_type: String as String,
    /// The supervisor, `null` or `""` when none.
    supervisor: Option<String> as NullableString,
    /// The project (`"0"` by default).
    project_key: String as String,
    /// The current processors as stored, e.g. `",admin,alice,"` (names, role ids, `O_<org>`);
    /// `""` when none.
    current_processors: String as String,
    /// The service's name.
    #[tsify(optional)]
    service_name: Option<String> as OptionalString,
    /// The status's display name (`"--"` for an unknown status).
    #[tsify(optional)]
    current_status_display: Option<String> as OptionalString,
    /// The steps it stands at (also failed task steps, also on ended tickets).
    #[tsify(optional)]
    current_steps: Option<Vec<UserTicketStep>> as OptionalArray,
    /// The priority's name, `"--"` when none.
    #[tsify(optional)]
    priority_name: Option<String> as OptionalString,
    /// Whether the user may rate it.
    #[tsify(optional)]
    can_comment: Option<bool> as OptionalBool,
    /// Always `false` as the server sends it.
    #[tsify(optional)]
    can_operate: Option<bool> as OptionalBool,
    /// Whether it waits on the user's approval.
    #[tsify(optional)]
    waiting_approve: Option<bool> as OptionalBool,
    /// Who follows it.
    #[tsify(optional)]
    followers: Option<Vec<String>> as OptionalArray,
    /// The rating's id (a number), `""` when none, `"-1"` for anyone but the creator. Also
    /// sent, as `"-1"`, on tickets that are not enriched.
    #[tsify(optional, type = "number | string")]
    comment_id: () as OptionalIntegerOrString,
    /// Whether the user may supervise it.
    #[tsify(optional)]
    can_supervise: Option<bool> as OptionalBool,
    /// Whether the user may withdraw it.
    #[tsify(optional)]
    can_withdraw: Option<bool> as OptionalBool,
    /// The names of its SLAs.
    #[tsify(optional)]
    sla: Option<Vec<String>> as OptionalArray,
    /// The SLA colour, `""` when none.
    #[tsify(optional)]
    sla_color: Option<String> as OptionalString,
}

result_table! {
    /// A step a ticket of a user's list stands at.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct UserTicketStep, fields USER_STEP_FIELDS;

    /// The node status row's id.
    id: i64 as Integer,
    /// The node's tag.
    tag: String as String,
    /// The node's name.
    name: String as String,
    /// The node's id in the flow.
    state_id: i64 as Integer,
    /// `NORMAL`, `APPROVAL`, `SIGN`, `TASK`, …
    #[serde(rename = "type")]
    type_ = "type": String as String,
}

/// One page of a user's tickets.
// Never built in Rust: its TypeScript declaration is what the package uses.
#[allow(dead_code)]
#[derive(Debug, Clone, PartialEq, Tsify)]
#[tsify(missing_as_null)]
pub(crate) struct UserTicketPage {
    /// This page's number, from 1.
    pub(crate) page: i64,
    /// How many pages there are at this page size (1 when there are no tickets).
    pub(crate) total_page: i64,
    /// How many tickets the list holds in all.
    pub(crate) count: i64,
    /// The server's link to the next page, `null` on the last. It points at the ITSM backend:
    /// page with `page` instead.
    pub(crate) next: Option<String>,
    /// The server's link to the previous page, `null` on the first (same caveat).
    pub(crate) previous: Option<String>,
    /// The tickets, newest first.
    pub(crate) items: Vec<UserTicket>,
    /// The request id (the gateway's `X-Bkapi-Request-ID` header), when the answer had one.
    #[tsify(optional)]
    pub(crate) request_id: Option<String>,
}

/// Property names of a page of a user's tickets, prepared once.
pub struct UserPageKeys<V: View> {
    page: PageNames<V>,
    item: ObjectKeys<V>,
    step: ObjectKeys<V>,
    current_steps: V::Key,
}

impl<V: View> ResultShape<V> for UserPageKeys<V> {
    const WHAT: &'static str = "a page of a user's tickets";

    fn new() -> Self {
        UserPageKeys {
            page: PageNames::new(),
            item: ObjectKeys::new(&USER_TICKET_FIELDS),
            step: ObjectKeys::new(&USER_STEP_FIELDS),
            current_steps: V::key("current_steps"),
        }
    }

    fn check(&self, data: &V) -> Result<(), ShapeError> {
        let items = check_page_members(data, &self.page)?;
        for i in 0..items.len() {
            let item = items.at(i);
            let path = || format!("data.items[{i}]");
            self.item.check(&item, &path, "a ticket object")?;
            let steps = item.get(&self.current_steps);
            if steps.is_array() {
                self.step.check_items(
                    &steps,
                    &|| format!("{}.current_steps", path()),
                    "a step object",
                )?;
            }
        }
        Ok(())
    }

    fn page_number(&self, data: &V) -> Option<i64> {
        self.page.number(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    /// An enriched item, and one the server could not enrich (base members only).
    const ITEMS: &str = r#"[{"sn":"REQ1","id":2,"title":"t","service_id":1,"service_type":"request",
        "meta":{},"bk_biz_id":-1,"current_status":"RUNNING","create_at":"2024-01-01 00:00:00",
        "creator":"admin","is_supervise_needed":false,"flow_id":11,"supervise_type":"EMPTY",
        "supervisor":"","project_key":"0","current_processors":",admin,",
        "service_name":"s","current_status_display":"处理中",
        "current_steps":[{"id":20004,"tag":"DEFAULT","name":"n","state_id":1104,"type":"NORMAL"}],
        "priority_name":"--","can_comment":false,"can_operate":false,"waiting_approve":false,
        "followers":["a"],"comment_id":12,"can_supervise":false,"can_withdraw":true,"sla":[],
        "sla_color":""},
      {"sn":"REQ2","id":1,"title":"t","service_id":9,"service_type":"DEFAULT","meta":{},
        "bk_biz_id":null,"current_status":"SUSPENDED","create_at":"2024-01-01T00:00:00",
        "creator":null,"is_supervise_needed":false,"flow_id":1,"supervise_type":"EMPTY",
        "supervisor":null,"project_key":"0","current_processors":"","comment_id":"-1"}]"#;

    fn page(items: &str) -> Value {
        parse(&format!(
            r#"{{"page":1,"total_page":1,"count":2,"next":null,"previous":null,"items":{items}}}"#
        ))
    }

    fn check(v: &Value) -> Result<(), ShapeError> {
        UserPageKeys::<&Value>::new().check(&v)
    }

    #[test]
    fn enriched_and_bare_items_pass() {
        assert_eq!(check(&page(ITEMS)), Ok(()));
        assert_eq!(
            UserPageKeys::<&Value>::new().page_number(&&page(ITEMS)),
            Some(1)
        );
    }

    #[test]
    fn each_level_names_the_path() {
        for (from, to, path) in [
            (r#""id":2,"#, r#""id":"2","#, "data.items[0].id"),
            (
                r#""meta":{},"bk_biz_id":-1"#,
                r#""meta":[],"bk_biz_id":-1"#,
                "data.items[0].meta",
            ),
            (
                r#""comment_id":12"#,
                r#""comment_id":null"#,
                "data.items[0].comment_id",
            ),
            (
                r#""state_id":1104"#,
                r#""state_id":null"#,
                "data.items[0].current_steps[0].state_id",
            ),
            (
                r#""followers":["a"]"#,
                r#""followers":"a""#,
                "data.items[0].followers",
            ),
            (
                r#""supervisor":null"#,
                r#""supervisor":1"#,
                "data.items[1].supervisor",
            ),
            (
                r#""current_processors":"""#,
                r#""x":"""#,
                "data.items[1].current_processors",
            ),
        ] {
            assert!(ITEMS.contains(from), "{from}");
            assert_eq!(
                check(&page(&ITEMS.replacen(from, to, 1))).map_err(|e| e.path),
                Err(path.to_owned()),
                "{from}"
            );
        }
        let err = check(&parse(ITEMS)).unwrap_err();
        assert!(err.got.contains("switched paging off"), "{err}");
        assert_eq!(check(&page("{}")).unwrap_err().path, "data.items");
    }
}
