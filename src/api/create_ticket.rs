//! `create_ticket`: opens a ticket of a service with its form filled, a POST through either
//! door. Checked before it is sent against the service's form (`get_service_detail`), as the
//! server will check it.

use crate::api::get_service_detail;
use crate::api::shared::ID;
use crate::engine::describe::{docs, m, p, Against, Before, Doors, Endpoint, Method, Obj, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "create_ticket",
    apigw_name: "",
    method: Method::Post,
    doors: Doors::Both,
    safe: false,
    params: &[
        p("service_id", ID, true, docs!("The service (required): `getServices()` lists them.")),
        p("fields", Rule::Fields { strings: false }, true, docs!("The form's values (required, with `title`): an array of `{ key, value }` or an object of values by key. Arrays of keys or names (MULTISELECT, CHECKBOX, MEMBERS) are sent comma-joined; a required field hidden by its show conditions is sent as `\"\"`.")),
        p("creator", Rule::User, false, docs!("Who opens it: the client's `user`, filled in (another name is refused). Without a `user`, nothing is sent and the proxy in front sets it.")),
        p("meta", Rule::Json, false, docs!("Extra settings: `state_processors` (`{ [state_id]: \"user1,user2\" }`), `callback_url`, …")),
        p("attention", Rule::Boolean, false, docs!("`true`: the creator follows the ticket.")),
        p("tag", Rule::Text, false, docs!("A tag stored on the ticket.")),
        p("dynamic_fields", Rule::Json, false, docs!("Extra fields not in the form: `[{ name, type: \"STRING\" | \"INT\" | \"LINK\", value }]`.")),
        p("from_ticket_id", ID, false, docs!("The ticket this one derives from.")),
    ],
    checks: &[],
    result: Ty::Obj(&CREATED),
    what: "a new ticket",
    doc: docs!("Opens a ticket. Its fields are checked against the service's form first, as the server checks them (required fields, conditional ones included, the title's length, choices, named rules, dates, a table's required columns): the form is fetched with `getServiceDetail` unless the option `service` hands it in. The answer means the ticket was accepted; its flow starts on the server a moment later (`waitForSteps` waits for it). Never sent twice: a network error or a timeout rejects with `sent: \"maybe\"`."),
    params_type: docs!("CreateTicketParams"),
    before: Some(&Before {
        endpoint: &get_service_detail::ENDPOINT,
        key: "service_id",
        option: p("service", Rule::Json, false, docs!("The service's form as `getServiceDetail` resolved it, when the page has it already (it saves a request).")).ts(docs!("ServiceDetail")),
        against: Against::Form,
    }),
};

static CREATED: Obj = Obj {
    name: "CreatedTicket",
    base: None,
    doc: docs!("A ticket the server accepted."),
    members: &[
        m("sn", Ty::Str, docs!("Its number.")),
        m("id", Ty::Int, docs!("Its id.")),
        m("ticket_url", Ty::Str, docs!("Link to it in the ITSM web app.")),
    ],
};

