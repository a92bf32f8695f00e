//! A call checked against another endpoint's answer before it is sent (`Before` in a
//! description): a new ticket's fields against the service's form (`form.rs`), an approval
//! against the ticket's status. The answer comes from the caller (an option) or from the
//! driver, which makes that call first when the module asks it to.

use crate::mem::String;
use crate::mem::Vec;

use crate::engine::describe::{Against, Before};
use crate::engine::form;
use crate::engine::params::Given;
use crate::engine::rules::Wire;
use crate::engine::value::Value;
use crate::error::{Issue, Msg};
use crate::text::{int_text, json};

/// The issue of an answer that is not `what` the call is checked against.
fn shape(before: &Before, what: &str) -> Issue {
    Issue::new(
        before.option.key,
        Msg::NotAForm,
        &[what, before.endpoint.name],
    )
}

/// Checks `given` against `answer` (what `before.endpoint` resolved to), normalising the
/// fields a form fills; `user` is the client's.
pub(crate) fn check(
    before: &Before,
    answer: &Value,
    given: &mut Given,
    user: Option<&str>,
    now: f64,
    issues: &mut Vec<Issue>,
) {
    // A handed-in answer of another object (another service's form) would check the wrong
    // rules: where the answer names the key, it must be this call's.
    let own = match given.get(before.key) {
        Some(Wire::Int(n)) => Some(Value::Num(*n as f64)),
        Some(Wire::Str(s)) => Some(Value::Str(s.clone())),
        _ => None,
    };
    if let (Some(own), theirs @ (Value::Num(_) | Value::Str(_))) = (own, answer.get(before.key)) {
        // A match, not `!=`: the derived `PartialEq` of `Value` would keep a 433-byte
        // function in the module for this one comparison.
        let differs = match (theirs, &own) {
            (Value::Num(a), Value::Num(b)) => a != b,
            (Value::Str(a), Value::Str(b)) => a.as_str() != b.as_str(),
            _ => true,
        };
        if differs {
            return issues.push(Issue::new(
                before.option.key,
                Msg::OtherAnswer,
                &[before.key, &theirs.describe(), &own.describe()],
            ));
        }
    }
    match before.against {
        Against::Form => {
            let form = answer.get("fields");
            if !matches!(form, Value::Arr(_)) {
                return issues.push(shape(before, "a service's form"));
            }
            for (p, wire) in given.values.iter_mut() {
                if let (Wire::Fields(values), true) = (wire, p.key == "fields") {
                    form::check(form.items(), values, now, "fields", issues);
                }
            }
        }
        Against::Step => {
            let Value::Arr(steps) = answer.get("current_steps") else {
                return issues.push(shape(before, "a ticket's status"));
            };
            let Some(state) = given.int("state_id") else {
                return;
            };
            // The running step of `state_id`, and the list of the running steps for the
            // message when there is none.
            let mut step = None;
            let mut list = String::new();
            for s in steps {
                if s.get("status").str() != Some("RUNNING") {
                    continue;
                }
                if step.is_none() && s.get("state_id").num() == Some(state as f64) {
                    step = Some(s);
                }
                if !list.is_empty() {
                    list.push_str(", ");
                }
                list.push_str(&s.get("state_id").describe());
                list.push(' ');
                json::push_str(&mut list, s.get("name").str().unwrap_or_default(), false);
            }
            let Some(step) = step else {
                if list.is_empty() {
                    list.push_str("none");
                }
                return issues.push(Issue::new(
                    "state_id",
                    Msg::NotCurrentStep,
                    &[&int_text(state), &list],
                ));
            };
            // Only a list of user names can be checked here; roles and groups are the
            // server's to resolve.
            let processors = step.get("processors").str().unwrap_or_default();
            if let (Some(user), Some("PERSON")) = (user, step.get("processors_type").str()) {
                let names = crate::text::split(processors, b",");
                if !names.iter().any(|n| n.trim() == user) {
                    let mut shown = String::new();
                    json::push_str(&mut shown, user, false);
                    issues.push(Issue::new(
                        "approver",
                        Msg::NotProcessor,
                        &[&shown, &json::escape_controls(processors)],
                    ));
                }
            }
        }
    }
}
