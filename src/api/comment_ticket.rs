//! `comment_ticket` (`comment` behind the API gateway): rates a finished ticket, a POST through
//! either door.

use crate::api::shared::{OPERATOR, SN};
use crate::engine::describe::{docs, p, Doors, Endpoint, Method, Rule, Ty};

/// The API.
pub(crate) static ENDPOINT: Endpoint = Endpoint {
    name: "comment_ticket",
    apigw_name: "comment",
    method: Method::Post,
    doors: Doors::Both,
    safe: false,
    params: &[
        SN,
        p("stars", Rule::Integer { min: 1, max: 6, digits: true }, true, docs!("The rating, 1 to 6 (required).")),
        p("comments", Rule::Short(255), false, docs!("What the user says, at most 255 characters.")),
        OPERATOR,
    ],
    checks: &[],
    result: Ty::Arr(&Ty::Any),
    what: "a rating's answer",
    doc: docs!("Rates a finished ticket, once (`getTicketStatus`'s `is_commented` says whether it is). Refusals reject with kind `\"api\"`, code 3900005 (not finished, already rated, unknown number)."),
    params_type: docs!("CommentTicketParams"),
    before: None,
};
