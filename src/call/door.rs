//! The two front doors to ITSM: ESB and the API gateway, as routing only: each has its own
//! path and its own place for the common parameters. The request itself is written by
//! `request.rs`; what a door would silently change for one endpoint's parameters is that
//! endpoint's to refuse (`Params::check_door`).
//!
//! | | ESB | API gateway |
//! |---|---|---|
//! | path of API `{api}` | `/api/c/compapi/v2/itsm/{api}/` | `/api/{name}/{stage}/v2/itsm/{api}/` (name `bk-itsm` by default) |
//! | common parameters | beside the others: the JSON body of a POST, the query string of a GET | in the `X-Bkapi-Authorization` header (JSON, ASCII), never the body or the URL |
//! | query string of a POST | dropped | forwarded: `page` and `page_size` also go there |
//! | request id | body `request_id` | header `X-Bkapi-Request-ID` |

/// Which front door requests go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// BlueKing ESB, the API document's path.
    Esb,
    /// The API gateway, on a stage (`prod` by default).
    Gateway {
        /// The gateway's name, a deployment setting (`BK_APIGW_NAME`, `bk-itsm` by default).
        name: String,
        /// The gateway stage, e.g. `prod`.
        stage: String,
    },
}

/// The API gateway's name unless the deployment chose another.
pub(crate) const DEFAULT_APIGW_NAME: &str = "bk-itsm";

/// The header that carries credentials to the gateway.
pub(crate) const AUTHORIZATION_HEADER: &str = "X-Bkapi-Authorization";

impl Door {
    /// The request path of the API `name` behind this door.
    pub fn path(&self, name: &str) -> String {
        match self {
            Door::Esb => format!("/api/c/compapi/v2/itsm/{name}/"),
            Door::Gateway {
                name: gateway,
                stage,
            } => {
                format!("/api/{gateway}/{stage}/v2/itsm/{name}/")
            }
        }
    }

    /// Where this door reads the common `bk_*` parameters.
    pub(crate) fn common_params_go(&self) -> CommonParamsGo {
        match self {
            Door::Esb => CommonParamsGo::WithTheOthers,
            Door::Gateway { .. } => CommonParamsGo::InTheHeader,
        }
    }

    /// `true` when this door forwards the query string of a POST (the gateway does; ESB drops
    /// it).
    pub(crate) fn forwards_query(&self) -> bool {
        matches!(self, Door::Gateway { .. })
    }
}

/// Where a door reads the common `bk_*` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommonParamsGo {
    /// Beside the endpoint's own: in the JSON body of a POST, the query string of a GET (ESB).
    WithTheOthers,
    /// In the `X-Bkapi-Authorization` header, never the body or the URL (the API gateway).
    InTheHeader,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_door_routes_by_the_api_name() {
        assert_eq!(Door::Esb.path("an_api"), "/api/c/compapi/v2/itsm/an_api/");
        let gateway = Door::Gateway {
            name: DEFAULT_APIGW_NAME.into(),
            stage: "prod".into(),
        };
        assert_eq!(gateway.path("an_api"), "/api/bk-itsm/prod/v2/itsm/an_api/");
        assert_eq!(Door::Esb.common_params_go(), CommonParamsGo::WithTheOthers);
        assert_eq!(gateway.common_params_go(), CommonParamsGo::InTheHeader);
        assert!(gateway.forwards_query() && !Door::Esb.forwards_query());
    }
}
