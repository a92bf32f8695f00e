//! `get_tickets_by_user`: one user's lists (to-dos, created, history, approvals, followed,
//! dealt), filtered and paged, a GET through the API gateway only (ESB has no such component).
//! Its parameters (`params`) and its result (`result`).

use crate::call::door::Door;
use crate::endpoints::{endpoint, Params};
use crate::error::Issue;
use crate::input::value::Value;

pub(crate) mod params;
pub(crate) mod result;

use params::TicketsByUserParams;
use result::UserPageKeys;

endpoint! {
    /// The `get_tickets_by_user` API.
    GetTicketsByUser: "get_tickets_by_user", Get, safe to repeat: true,
    params: TicketsByUserParams, result: UserPageKeys
}

impl Params for TicketsByUserParams {
    type Endpoint = GetTicketsByUser;

    fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        TicketsByUserParams::from_value(value)
    }

    /// ESB has no `get_tickets_by_user` component: it would answer HTTP 404 "The content does
    /// not exist", which says nothing of why. Refused before sending, saying so.
    fn check_door(&self, door: &Door) -> Result<(), Issue> {
        if *door == Door::Esb {
            return Err(Issue::new(
                "gateway",
                "get_tickets_by_user is served by the API gateway only (ESB has no such \
                 component and answers 404): use a client with gateway: \"apigw\"",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::credentials::Credentials;
    use crate::input::value::testing::parse;

    fn params() -> TicketsByUserParams {
        TicketsByUserParams::from_value(&parse(
            r#"{"user":"张三","view_type":"my_todo","page":2,"page_size":"5","service_id":3}"#,
        ))
        .unwrap()
    }

    #[test]
    fn through_the_gateway_everything_goes_in_the_query_string() {
        let door = Door::Gateway {
            name: "bk-itsm".into(),
            stage: "prod".into(),
        };
        let creds = Credentials {
            app_code: Some("app".into()),
            app_secret: Some("sec".into()),
            ..Default::default()
        };
        assert_eq!(params().check_door(&door), Ok(()));
        let out = door.prepare("", &params(), &creds);
        assert_eq!(
            out.url,
            "/api/bk-itsm/prod/v2/itsm/get_tickets_by_user/?user=%E5%BC%A0%E4%B8%89&view_type=my_todo&service_id=3&page=2&page_size=5"
        );
        assert_eq!(out.body, "");
        assert_eq!(
            out.authorization.as_deref(),
            Some(r#"{"bk_app_code":"app","bk_app_secret":"sec"}"#)
        );
    }

    #[test]
    fn esb_is_refused_with_the_reason() {
        let issue = params().check_door(&Door::Esb).unwrap_err();
        assert_eq!(issue.field, "gateway");
        assert!(
            issue.message.contains("API gateway only"),
            "{}",
            issue.message
        );
    }
}
