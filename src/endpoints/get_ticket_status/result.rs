//! `TicketStatus`: where a ticket stands and what can be done with it, as
//! `get_ticket_status` really sends it (`TicketStatusSerializer`,
//! tests/server/READ-ENDPOINTS.md §2), and its check.

use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::endpoints::get_ticket_info::result::STEP_FIELDS;
use crate::endpoints::table::{result_table, ObjectKeys};
use crate::endpoints::{ResultShape, ShapeError};
use crate::input::value::View;

result_table! {
    /// Where a ticket stands and what can be done with it. Members the server sends beyond
    /// these stay on the object at run time.
    // Never built in Rust: its TypeScript declaration is what the package uses.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketStatus, fields STATUS_FIELDS;

    /// Link to the ticket in the ITSM web app.
    ticket_url: String as String,
    /// Link for embedding the ticket in an iframe.
    iframe_ticket_url: String as String,
    /// What can be done with the ticket as a whole: `WITHDRAW` (撤单), `SUSPEND` (挂起) or
    /// `UNSUSPEND` (恢复); `[]` once it has ended.
    operations: Vec<TicketOperation> as Array,
    /// The ticket's status key (`RUNNING`, `SUSPENDED`, …, or an admin-defined 32-hex key).
    current_status: String as String,
    /// The steps it stands at; `[]` when none is running.
    #[tsify(type = "TicketStatusStep[]")]
    current_steps: () as Array,
    /// Whether the ticket has been rated.
    is_commented: bool as Bool,
    /// The request id (ESB's `request_id`, or the gateway's `X-Bkapi-Request-ID` header), when
    /// the answer had one.
    #[tsify(optional)]
    request_id: Option<String> as OptionalString,
}

result_table! {
    /// Something that can be done with a ticket or at one of its steps.
    #[allow(dead_code)]
    #[derive(Debug, Clone, PartialEq, Tsify)]
    #[tsify(missing_as_null)]
    pub struct TicketOperation, fields OPERATION_FIELDS;

    /// `WITHDRAW`, `SUSPEND`, `UNSUSPEND`, `TRANSITION`, `DELIVER`, `TERMINATE`, `SIGN`, …
    key: String as String,
    /// Its name as the server words it (Chinese); `null` for a `SIGN` step's own operation.
    name: Option<String> as NullableString,
    /// Always `true` as the server sends it.
    can_operate: bool as Bool,
}

result_table! {
    /// What a status step has beyond a `TicketStep` (checked after the `TicketStep` members;
    /// declared as `TicketStatusStep` below).
    #[allow(dead_code)]
    pub struct StatusStepMembers, fields STATUS_STEP_FIELDS;

    /// The node's field definitions.
    fields: () as Array,
    /// What can be done at the node.
    operations: () as Array,
}

#[wasm_bindgen(typescript_custom_section)]
const TICKET_STATUS_STEP: &str = r#"
/**
 * A step the ticket stands at, with its node's form and what can be done there.
 */
export interface TicketStatusStep extends TicketStep {
    /**
     * The node's field definitions from the workflow, without values: open objects whose
     * members vary by ITSM version (`id`, `key`, `name`, `type`, `desc`, `choice`, …).
     */
    fields: Record<string, unknown>[];
    /**
     * What can be done at this node: a paused node offers only `UNSUSPEND`; otherwise the
     * node's own action (`name` null for `SIGN`), and for `TRANSITION` nodes also `SUSPEND`,
     * `DELIVER`, `TERMINATE` where allowed.
     */
    operations: TicketOperation[];
}
"#;

/// Property names of a `TicketStatus`, prepared once.
pub struct StatusKeys<V: View> {
    status: ObjectKeys<V>,
    step: ObjectKeys<V>,
    step_members: ObjectKeys<V>,
    operation: ObjectKeys<V>,
    /// An object of any members (a step's field definitions).
    open: ObjectKeys<V>,
    operations: V::Key,
    current_steps: V::Key,
    fields: V::Key,
}

impl<V: View> ResultShape<V> for StatusKeys<V> {
    const WHAT: &'static str = "a ticket's status";

    fn new() -> Self {
        StatusKeys {
            status: ObjectKeys::new(&STATUS_FIELDS),
            step: ObjectKeys::new(&STEP_FIELDS),
            step_members: ObjectKeys::new(&STATUS_STEP_FIELDS),
            operation: ObjectKeys::new(&OPERATION_FIELDS),
            open: ObjectKeys::new(&[]),
            operations: V::key("operations"),
            current_steps: V::key("current_steps"),
            fields: V::key("fields"),
        }
    }

    fn check(&self, data: &V) -> Result<(), ShapeError> {
        self.status
            .check(data, &|| "data".into(), "a ticket status object")?;
        self.operation.check_items(
            &data.get(&self.operations),
            &|| "data.operations".into(),
            "an operation object",
        )?;
        let steps = data.get(&self.current_steps);
        for i in 0..steps.len() {
            let step = steps.at(i);
            let path = || format!("data.current_steps[{i}]");
            self.step.check(&step, &path, "a step object")?;
            self.step_members.check(&step, &path, "a step object")?;
            self.operation.check_items(
                &step.get(&self.operations),
                &|| format!("{}.operations", path()),
                "an operation object",
            )?;
            self.open.check_items(
                &step.get(&self.fields),
                &|| format!("{}.fields", path()),
                "a field definition object",
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::value::testing::parse;
    use crate::input::value::Value;

    const STATUS: &str = r#"{"ticket_url":"u","iframe_ticket_url":"u",
        "operations":[{"key":"SUSPEND","name":"挂起","can_operate":true}],
        "current_status":"RUNNING",
        "current_steps":[{"name":"会签","state_id":3,"status":"RUNNING","action_type":"SIGN",
          "tag":"DEFAULT","processors_type":"PERSON","processors":"a,b",
          "fields":[{"id":1,"key":"k","choice":[],"meta":{}}],
          "operations":[{"key":"SIGN","name":null,"can_operate":true}]}],
        "is_commented":false,"extra":[1]}"#;

    fn check(json: &str) -> Result<(), ShapeError> {
        let v = parse(json);
        StatusKeys::<&Value>::new().check(&&v)
    }

    #[test]
    fn a_sign_step_with_a_null_operation_name_passes() {
        assert_eq!(check(STATUS), Ok(()));
        let ended = r#"{"ticket_url":"u","iframe_ticket_url":"u","operations":[],
            "current_status":"FINISHED","current_steps":[],"is_commented":true}"#;
        assert_eq!(check(ended), Ok(()));
    }

    #[test]
    fn each_level_names_the_path() {
        for (from, to, path) in [
            (
                r#""current_status":"RUNNING""#,
                r#""current_status":null"#,
                "data.current_status",
            ),
            (r#""name":"挂起""#, r#""name":1"#, "data.operations[0].name"),
            (
                r#""can_operate":true}],
        "current_status""#,
                r#""can_operate":"yes"}],
        "current_status""#,
                "data.operations[0].can_operate",
            ),
            (
                r#""state_id":3"#,
                r#""state_id":"3""#,
                "data.current_steps[0].state_id",
            ),
            (
                r#"[{"id":1,"#,
                r#"[5,{"id":1,"#,
                "data.current_steps[0].fields[0]",
            ),
            (
                r#""name":null"#,
                r#""name":false"#,
                "data.current_steps[0].operations[0].name",
            ),
            (
                r#""operations":[{"key":"SIGN""#,
                r#""operations":{},"x":[{"key":"SIGN""#,
                "data.current_steps[0].operations",
            ),
        ] {
            assert!(STATUS.contains(from), "{from}");
            let json = STATUS.replacen(from, to, 1);
            assert_eq!(
                check(&json).map_err(|e| e.path),
                Err(path.to_owned()),
                "{from}"
            );
        }
    }
}
