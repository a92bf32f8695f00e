//! The server codes a portal meets, by name: the package exports them (`ItsmCode`), so a
//! portal writes `e.code === ItsmCode.ESB_AUTHENTICATION` rather than `1306000`, and an api
//! error with one of them gets a `reason` and a `userMessage` of its own. From the bk-itsm
//! source (`itsm/component/exceptions.py`), ESB's and the API gateway's documented codes
//! (tests/server/README.md, ../shared/reference/).

/// One known code: `(code as the server sends it, exported name, reason, English, Chinese)`;
/// the reason and texts are the error's `reason` and `userMessage`.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Known = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

macro_rules! codes {
    ($($code:literal $name:literal $reason:literal, $en:literal, $zh:literal;)*) => {
        /// `code\treason\ten\tzh\n` for each known code: one text, as the messages' (the
        /// names are the generator's only).
        static TEXTS: &str = concat!($($code, "\t", $reason, "\t", $en, "\t", $zh, "\n",)*);

        /// The known codes, for the generator and the tests (not in the module).
        #[cfg(not(target_arch = "wasm32"))]
        pub(crate) static CODES: &[Known] = &[$(($code, $name, $reason, $en, $zh),)*];
    };
}

// The known codes, a row `code name reason, English, Chinese;`. A name is part of the
// package's API: never change one, only add.
codes! {
    "1306000" "ESB_AUTHENTICATION" "login_required", "Please sign in again", "登录已失效，请重新登录";
    "1306403" "ESB_NO_PERMISSION" "no_permission", "This app may not call the API", "应用无权调用该接口";
    "1306406" "ESB_BAD_AUTHORIZATION" "bad_credentials", "The app's credentials are malformed", "应用认证信息格式错误";
    "1306201" "ESB_BACKEND_FAILED" "server_unavailable", "ITSM is unavailable, try again later", "ITSM 服务暂不可用，请稍后重试";
    "1640001" "APIGW_INVALID_ARGS" "bad_credentials", "The app's credentials were refused", "应用认证失败";
    "1640301" "APIGW_NO_PERMISSION" "no_permission", "This app may not call the API", "应用无权调用该接口";
    "1640401" "APIGW_NOT_FOUND" "not_found", "The API was not found", "接口不存在";
    "1642901" "APIGW_RATE_LIMITED" "rate_limited", "Too many requests, try again later", "请求过于频繁，请稍后重试";
    "1650201" "APIGW_BACKEND_FAILED" "server_unavailable", "ITSM is unavailable, try again later", "ITSM 服务暂不可用，请稍后重试";
    "1650401" "APIGW_BACKEND_TIMEOUT" "server_unavailable", "ITSM is unavailable, try again later", "ITSM 服务暂不可用，请稍后重试";
    "3900003" "CREATE_FAILED" "create_failed", "The ticket could not be created", "提单失败";
    "3900004" "OPERATION_FAILED" "operation_failed", "The operation failed", "操作失败";
    "3900005" "INVALID_PARAMETERS" "invalid_parameters", "The server refused the input", "参数验证失败";
    "3900022" "TICKET_NOT_FOUND" "ticket_not_found", "No such ticket", "单据不存在";
    "3900042" "SERVICE_NOT_FOUND" "service_not_found", "No such service", "服务不存在";
    "3900404" "OBJECT_NOT_FOUND" "not_found", "Not found", "对象不存在";
    "SERVER_500_ERROR" "SERVER_ERROR" "server_error", "The server failed", "服务器内部错误";
    "METHOD_NOT_ALLOWED" "METHOD_NOT_ALLOWED" "method_not_allowed", "The server refused the method", "请求方法不被允许";
    "VALIDATE_ERROR" "VALIDATE_ERROR" "invalid_parameters", "The server refused the input", "参数验证失败";
}

/// `[reason, English, Chinese]` of the known code whose text is `code`.
pub(crate) fn known(code: &str) -> Option<[&'static str; 3]> {
    let mut rest = TEXTS;
    while let (line, Some(next)) = crate::text::cut(rest, b'\n') {
        let (key, texts) = crate::text::cut(line, b'\t');
        if key == code {
            let texts = texts.unwrap_or_default();
            let (reason, texts) = crate::text::cut(texts, b'\t');
            let (en, zh) = crate::text::cut(texts.unwrap_or_default(), b'\t');
            return Some([reason, en, zh.unwrap_or_default()]);
        }
        rest = next;
    }
    None
}

/// `true` when `code` says the door answered for ITSM because it could not get ITSM's own
/// answer (ITSM failed or was too slow): a write may have acted.
pub(crate) fn door_lost_answer(code: &Option<crate::error::Code>) -> bool {
    let mut text = crate::mem::String::new();
    match code {
        Some(crate::error::Code::Number(n)) => crate::text::push_number(&mut text, *n),
        _ => return false,
    }
    known(&text).is_some_and(|k| k[0] == "server_unavailable")
}

/// What each code means, for the declarations and the README (not in the module).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) static MEANINGS: &[(&str, &str)] = &[
    ("ESB_AUTHENTICATION", "ESB refused the app or the user: no or an expired login (`bk_token`), a `bk_username` from an app not on the whitelist, or a wrong `bk_app_code`/`bk_app_secret`. In a portal: send the user to the login page."),
    ("ESB_NO_PERMISSION", "ESB: the app has no permission for this API."),
    ("ESB_BAD_AUTHORIZATION", "ESB: the `X-Bkapi-Authorization` header is not valid JSON."),
    ("ESB_BACKEND_FAILED", "ESB: ITSM failed or did not answer in time."),
    ("APIGW_INVALID_ARGS", "API gateway: bad app credentials or parameters (HTTP 400), e.g. `bk_app_code or bk_app_secret is incorrect`."),
    ("APIGW_NO_PERMISSION", "API gateway: the app has no permission for this resource (HTTP 403)."),
    ("APIGW_NOT_FOUND", "API gateway: no such gateway, stage or resource (HTTP 404)."),
    ("APIGW_RATE_LIMITED", "API gateway: rate limited (HTTP 429); the client waits `Retry-After` and tries again."),
    ("APIGW_BACKEND_FAILED", "API gateway: ITSM failed (HTTP 502)."),
    ("APIGW_BACKEND_TIMEOUT", "API gateway: ITSM did not answer in time (HTTP 504)."),
    ("CREATE_FAILED", "ITSM: the ticket was not created (a required field missing, a choice not allowed, no permission to submit)."),
    ("OPERATION_FAILED", "ITSM: the request failed on the server (bad parameters, an unsupported action, a user who may not approve)."),
    ("INVALID_PARAMETERS", "ITSM: the parameters were refused, or the ticket's state does not allow the operation."),
    ("TICKET_NOT_FOUND", "ITSM: no ticket has this number."),
    ("SERVICE_NOT_FOUND", "ITSM: no such service."),
    ("OBJECT_NOT_FOUND", "ITSM: no such object (a missing or disabled service)."),
    ("SERVER_ERROR", "ITSM: an unexpected error on the server (also a page past the end: \"Invalid page.\")."),
    ("METHOD_NOT_ALLOWED", "ITSM: the API was called with the wrong HTTP method."),
    ("VALIDATE_ERROR", "ITSM: the parameters were refused."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_texts_are_the_table() {
        for (code, _, reason, en, zh) in CODES {
            assert_eq!(known(code), Some([*reason, *en, *zh]), "{code}");
        }
        assert_eq!(TEXTS.lines().count(), CODES.len());
        for code in ["", "130600", "13060000", "login_required", "\t", "\n"] {
            assert_eq!(known(code), None, "{code:?}");
        }
    }
}
