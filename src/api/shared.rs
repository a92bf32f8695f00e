//! What several descriptions share: the paging rows, the ticket number, a ticket's step.

use crate::engine::describe::{docs, m, p, Obj, Param, Rule, Ty};
use crate::text::MAX_SAFE_INTEGER;

/// The largest `page_size` the server honours (it silently caps larger ones).
pub(crate) const MAX_PAGE_SIZE: i64 = 10_000;

/// An id the server keeps: a positive safe integer, a string of digits accepted.
pub(crate) const ID: Rule = Rule::Integer {
    min: 1,
    max: MAX_SAFE_INTEGER as i64,
    digits: true,
};

/// `page`: pages count from 1 (the server fails on 0, negative and fractional pages).
pub(crate) const PAGE: Param = p(
    "page",
    ID,
    false,
    docs!("The page, from 1 (default 1). A string of digits is accepted and sent as a number."),
);

/// `page_size`: 0, a negative or a fractional one makes the server drop paging and answer
/// every ticket at once; it caps anything above 10000.
pub(crate) const PAGE_SIZE: Param = p(
    "page_size",
    Rule::Integer {
        min: 1,
        max: MAX_PAGE_SIZE,
        digits: true,
    },
    false,
    docs!("Items per page, 1 to 10000 (server default 10; a walk's default 100). A string of digits is accepted."),
);

/// `sn`, required.
pub(crate) const SN: Param = p(
    "sn",
    Rule::TicketNumber,
    true,
    docs!("The ticket number, e.g. `\"REQ20240101000001\"` (required)."),
);

/// `operator`, a write's acting user: the client's `user`, filled in.
pub(crate) const OPERATOR: Param = p(
    "operator",
    Rule::User,
    false,
    docs!("Who acts: the client's `user`, filled in (another name is refused). Without a `user`, nothing is sent and the proxy in front sets it."),
);

/// A step a ticket stands at, as `get_ticket_info` and `get_ticket_status` send it.
pub(crate) static TICKET_STEP: Obj = Obj {
    name: "TicketStep",
    base: None,
    doc: docs!("A step the ticket stands at (a node whose status is running, receiving, distributing, queueing or suspended)."),
    members: &[
        m("name", Ty::Str, docs!("The node's name.")),
        m("state_id", Ty::Int, docs!("The node's id in the flow.")),
        m("status", Ty::Str, docs!("`RUNNING`, `RECEIVING`, `DISTRIBUTING`, `QUEUEING` or `SUSPEND`.")),
        m("action_type", Ty::Str, docs!("`TRANSITION`, `DISTRIBUTE`, `CLAIM`, `SIGN` or `AUTOMATIC`.")),
        m("tag", Ty::Str, docs!("The node's tag (`\"DEFAULT\"` unless set).")),
        m("processors_type", Ty::Str, docs!("`PERSON`, `GENERAL`, `CMDB`, `ORGANIZATION`, `STARTER`, `OPEN`, `EMPTY`, …")),
        m("processors", Ty::Str, docs!("The processors, comma-separated; `\"\"` possible.")),
    ],
};
