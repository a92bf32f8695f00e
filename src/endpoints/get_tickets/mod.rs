//! `get_tickets`: every ticket of the instance, filtered and paged, sent as a POST with a JSON
//! body. Its parameters (`params`) and its result shape (`ticket`).

use crate::call::door::Door;
use crate::endpoints::{endpoint, Params};
use crate::error::Issue;
use crate::input::value::Value;

pub(crate) mod params;
pub(crate) mod ticket;

use params::GetTicketsParams;
use ticket::PageKeys;

endpoint! {
    /// The `get_tickets` API.
    // It only reads: repeating its POST is safe.
    GetTickets: "get_tickets", Post, safe to repeat: true,
    params: GetTicketsParams, result: PageKeys
}

impl Params for GetTicketsParams {
    type Endpoint = GetTickets;

    fn from_value(value: &Value) -> Result<Self, Vec<Issue>> {
        GetTicketsParams::from_value(value)
    }

    /// ESB strips `username` from the body, so the call would succeed with every ticket of the
    /// instance instead of the user's to-dos: a wider result the caller cannot tell from the
    /// right one.
    fn check_door(&self, door: &Door) -> Result<(), Issue> {
        if *door == Door::Esb && self.username.is_some() {
            return Err(Issue::new(
                "username",
                "ESB drops it before ITSM sees it, so the call would list every ticket instead \
                 of the user's to-dos: use the API gateway (gateway: \"apigw\"), which honours it",
            ));
        }
        Ok(())
    }
}

/// Its requests through either door (the request writer with these parameters).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::credentials::Credentials;
    use crate::call::door::DEFAULT_APIGW_NAME;

    fn creds() -> Credentials {
        Credentials {
            app_code: Some("app".into()),
            app_secret: Some("sec".into()),
            token: Some("tok".into()),
            username: None,
        }
    }

    fn params() -> GetTicketsParams {
        GetTicketsParams {
            creator: Some("admin".into()),
            page_size: Some(10),
            ..Default::default()
        }
    }

    #[test]
    fn esb_puts_credentials_in_the_body() {
        let out = Door::Esb.prepare("https://paas.example.com/", &params(), &creds());
        assert_eq!(
            out.url,
            "https://paas.example.com/api/c/compapi/v2/itsm/get_tickets/"
        );
        assert_eq!(
            out.body,
            r#"{"bk_app_code":"app","bk_app_secret":"sec","bk_token":"tok","creator":"admin","page_size":10}"#
        );
        assert_eq!(out.authorization, None);
    }

    #[test]
    fn esb_refuses_username_which_it_would_drop() {
        let with_username = GetTicketsParams {
            username: Some("alice".into()),
            ..params()
        };
        let issue = with_username.check_door(&Door::Esb).unwrap_err();
        assert_eq!(issue.field, "username");
        assert!(issue.message.contains("ESB drops it"), "{}", issue.message);
        assert!(issue.message.contains("apigw"), "{}", issue.message);
        assert_eq!(params().check_door(&Door::Esb), Ok(()));
        let gateway = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        assert_eq!(with_username.check_door(&gateway), Ok(()));
    }

    #[test]
    fn the_gateway_sends_paging_in_the_query_string_as_well() {
        let door = Door::Gateway {
            name: "itsm-gw".into(),
            stage: "stag".into(),
        };
        let paged = GetTicketsParams {
            page: Some(3),
            ..params()
        };
        let out = door.prepare("https://apigw.example.com/", &paged, &creds());
        assert_eq!(
            out.url,
            "https://apigw.example.com/api/itsm-gw/stag/v2/itsm/get_tickets/?page=3&page_size=10"
        );
        assert_eq!(out.body, r#"{"creator":"admin","page":3,"page_size":10}"#);
        let bare = door.prepare("", &GetTicketsParams::default(), &creds());
        assert_eq!(bare.url, "/api/itsm-gw/stag/v2/itsm/get_tickets/");
        // ESB drops query strings: nothing is added there.
        let esb = Door::Esb.prepare("", &paged, &creds());
        assert_eq!(esb.url, "/api/c/compapi/v2/itsm/get_tickets/");
    }

    #[test]
    fn the_gateway_header_is_ascii_for_any_user_name() {
        let door = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        for (name, escaped) in [("张三", r"\u5f20\u4e09"), ("José", r"Jos\u00e9")] {
            let user = Credentials {
                app_code: Some("app".into()),
                app_secret: Some("sec".into()),
                username: Some(name.into()),
                ..Default::default()
            };
            let header = door.prepare("", &params(), &user).authorization.unwrap();
            assert!(header.is_ascii(), "{header}");
            assert_eq!(
                header,
                format!(
                    r#"{{"bk_app_code":"app","bk_app_secret":"sec","bk_username":"{escaped}"}}"#
                )
            );
        }
        // The body is UTF-8 JSON, where names stay as they are.
        let esb = Door::Esb.prepare(
            "",
            &GetTicketsParams {
                creator: Some("张三".into()),
                ..Default::default()
            },
            &Credentials::default(),
        );
        assert_eq!(esb.body, r#"{"creator":"张三"}"#);
    }

    #[test]
    fn the_gateway_puts_them_in_the_header_only() {
        let door = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        let out = door.prepare("", &params(), &creds());
        assert_eq!(
            out.url,
            "/api/bk-itsm/prod/v2/itsm/get_tickets/?page_size=10"
        );
        assert_eq!(out.body, r#"{"creator":"admin","page_size":10}"#);
        assert_eq!(
            out.authorization.as_deref(),
            Some(r#"{"bk_app_code":"app","bk_app_secret":"sec","bk_token":"tok"}"#)
        );
        let bare = door.prepare("", &params(), &Credentials::default());
        assert_eq!(bare.authorization, None);
    }
}
