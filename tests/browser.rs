//! The client against the local ITSM server, in real browsers (tests/browser.sh runs this in
//! headless Chromium and Firefox): real requests, the login cookie, both doors, every error
//! kind, abort and timeout, and calls that succeed after failed ones.
#![cfg(target_arch = "wasm32")]

use bk_itsm_tickets::{create_client, get_tickets, is_itsm_error, Client};
use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const APP: &str = r#""bk_app_code":"bk-itsm-demo","bk_app_secret":"demo-secret-3f9a1c0e7b""#;
/// The size of the server's default data set.
const TICKETS: f64 = 2000.0;

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// A client on `base` (a path prefix of the server, e.g. `/__/tag=x`) with `extra` config.
fn client(base: &str, extra: &str) -> Client {
    let sep = if extra.is_empty() { "" } else { "," };
    let base = scoped(base);
    let config = format!(r#"{{"baseUrl":"{SERVER}{base}"{sep}{extra}}}"#);
    create_client(obj(&config)).expect("valid config")
}

fn admin(base: &str) -> Client {
    client(base, &format!(r#"{APP},"bk_token":"test-token-admin""#))
}

async fn resolves(p: Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("rejected: {}", text(&e, "message")),
    }
}

async fn rejects(p: Promise) -> JsValue {
    let e = JsFuture::from(p).await.expect_err("should reject");
    assert!(is_itsm_error(e.clone()), "not an ItsmError: {e:?}");
    e
}

fn items(page: &JsValue) -> Array {
    get(page, "items").unchecked_into()
}

#[wasm_bindgen_test]
async fn esb_returns_a_typed_page_with_request_id() {
    let page = resolves(
        admin("/__/tag=b-esb")
            .get_tickets(obj(r#"{"page_size":5,"page":"2"}"#), JsValue::UNDEFINED),
    )
    .await;
    assert_eq!(get(&page, "page").as_f64(), Some(2.0));
    assert_eq!(get(&page, "count").as_f64(), Some(TICKETS));
    assert_eq!(get(&page, "total_page").as_f64(), Some(TICKETS / 5.0));
    assert_eq!(items(&page).length(), 5);
    let request_id = text(&page, "request_id");
    assert_eq!(request_id.len(), 32, "ESB request_id: {request_id:?}");
    // The body the server saw: credentials in it, page sent as a number.
    let log = server_log("b-esb").await;
    assert_eq!(log.len(), 1);
    let body = get(&log[0], "body");
    assert_eq!(text(&body, "bk_app_secret"), "demo-secret-3f9a1c0e7b");
    assert_eq!(get(&body, "page").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
async fn the_gateway_takes_credentials_in_its_header_only() {
    let c = client("/__/tag=b-gw", &format!(r#""gateway":"apigw",{APP}"#));
    let page = resolves(c.get_tickets(obj(r#"{"page_size":3}"#), JsValue::UNDEFINED)).await;
    assert_eq!(items(&page).length(), 3);
    let request_id = text(&page, "request_id");
    assert_eq!(
        request_id.len(),
        36,
        "gateway request id is a uuid: {request_id:?}"
    );
    let log = server_log("b-gw").await;
    assert_eq!(
        text(&log[0], "path"),
        "/api/bk-itsm/prod/v2/itsm/get_tickets/"
    );
    let body = get(&log[0], "body");
    assert!(get(&body, "bk_app_secret").is_undefined());
    assert!(get(&body, "bk_app_code").is_undefined());
    let auth = obj(&text(&get(&log[0], "headers"), "x-bkapi-authorization"));
    assert_eq!(text(&auth, "bk_app_code"), "bk-itsm-demo");
    // A wrong secret is the gateway's 400 with its envelope: an api error with the status.
    let bad = client(
        "",
        r#""gateway":"apigw","bk_app_code":"bk-itsm-demo","bk_app_secret":"wrong""#,
    );
    let e = rejects(bad.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(get(&e, "status").as_f64(), Some(400.0));
    assert_eq!(get(&e, "code").as_f64(), Some(1_640_001.0));
    assert_eq!(text(&e, "requestId").len(), 36);
}

fn set_cookie(value: &str) {
    let document = get(&js_sys::global(), "document");
    Reflect::set(&document, &"cookie".into(), &value.into()).unwrap();
}

#[wasm_bindgen_test]
async fn the_login_cookies_token_goes_only_to_the_pages_own_origin() {
    // The test page and the ITSM server are two origins: `credentials: "include"` sends the
    // cookie itself (the browser's choice, by CORS), but its token is not copied into the
    // body for another origin; given explicitly, it is.
    set_cookie("bk_token=test-token-admin; path=/");
    let cookie_only = client("/__/tag=b-cookie", APP);
    let same_origin = client(
        "/__/tag=b-cookie-so",
        &format!(r#"{APP},"credentials":"same-origin""#),
    );
    let explicit = client(
        "/__/tag=b-cookie-given",
        &format!(r#"{APP},"bk_token":"test-token-admin""#),
    );
    let params = || obj(r#"{"page_size":1}"#);
    let refused = JsFuture::from(cookie_only.get_tickets(params(), JsValue::UNDEFINED)).await;
    let refused_too = JsFuture::from(same_origin.get_tickets(params(), JsValue::UNDEFINED)).await;
    let given = JsFuture::from(explicit.get_tickets(params(), JsValue::UNDEFINED)).await;
    set_cookie("bk_token=; path=/; max-age=0");
    for (tag, outcome) in [("b-cookie", refused), ("b-cookie-so", refused_too)] {
        let e = outcome.expect_err("no user for ESB without the token");
        assert_eq!(get(&e, "code").as_f64(), Some(1_306_000.0), "{tag}");
        let log = server_log(tag).await;
        assert!(
            get(&get(&log[0], "body"), "bk_token").is_undefined(),
            "{tag}"
        );
    }
    let log = server_log("b-cookie").await;
    assert!(
        text(&get(&log[0], "headers"), "cookie").contains("bk_token=test-token-admin"),
        "credentials: include still sends the cookie"
    );
    assert_eq!(
        items(&given.expect("the token given explicitly")).length(),
        1
    );
    let log = server_log("b-cookie-given").await;
    assert_eq!(text(&get(&log[0], "body"), "bk_token"), "test-token-admin");
}

#[wasm_bindgen_test]
async fn a_base_tag_does_not_send_the_default_client_elsewhere() {
    // An injected `<base href>` pointing at another host: the default client still calls the
    // page's own origin (where this test page has no API), and the other host hears nothing,
    // the cookie's token least of all.
    let base = js_sys::eval(&format!(
        "(() => {{ const b = document.createElement('base'); b.href = '{SERVER}/__/tag={}/'; document.head.append(b); return b; }})()",
        run_tag("b-base")
    ))
    .unwrap();
    set_cookie("bk_token=test-token-admin; path=/");
    let outcome = JsFuture::from(get_tickets(obj(r#"{"page_size":1}"#), JsValue::UNDEFINED)).await;
    set_cookie("bk_token=; path=/; max-age=0");
    let remove: js_sys::Function = get(&base, "remove").unchecked_into();
    remove.call0(&base).unwrap();
    let origin = text(&get(&js_sys::global(), "location"), "origin");
    let e = outcome.expect_err("this page's origin serves no API");
    assert!(
        text(&e, "url").starts_with(&format!("{origin}/api/c/compapi/")),
        "{}",
        text(&e, "url")
    );
    assert!(
        server_log("b-base").await.is_empty(),
        "the <base> host was called"
    );
}

#[wasm_bindgen_test]
async fn a_calls_credentials_win_over_the_clients() {
    let c = client(
        "",
        r#""bk_app_code":"bk-itsm-demo","bk_app_secret":"wrong","bk_token":"test-token-admin""#,
    );
    let call = r#"{"bk_app_secret":"demo-secret-3f9a1c0e7b","page_size":1}"#;
    resolves(c.get_tickets(obj(call), JsValue::UNDEFINED)).await;
    let whitelisted = client(
        "",
        r#""bk_app_code":"bk-itsm-trusted","bk_app_secret":"trusted-secret-8d2e4b6a1f","credentials":"omit""#,
    );
    resolves(whitelisted.get_tickets(
        obj(r#"{"bk_username":"alice","page_size":1}"#),
        JsValue::UNDEFINED,
    ))
    .await;
}

#[wasm_bindgen_test]
async fn invalid_parameters_are_rejected_before_anything_is_sent() {
    let c = admin("/__/tag=b-invalid");
    for (params, field) in [
        (r#"{"page_size":0}"#, "page_size"),
        (r#"{"page_size":null}"#, "page_size"),
        (r#"{"pagesize":10}"#, "pagesize"),
        (r#"{"sns":"REQ1"}"#, "sns"),
        (r#"{"creator":5}"#, "creator"),
        (
            r#"{"create_at__lte":"2019-02-29 00:00:00"}"#,
            "create_at__lte",
        ),
        (
            r#"{"create_at__lte":"2019-09-16 10:00:00","create_at__gte":"2020-09-16 10:00:00"}"#,
            "create_at__gte",
        ),
    ] {
        let e = rejects(c.get_tickets(obj(params), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "validation", "{params}");
        assert_eq!(text(&e, "field"), field, "{params}");
        assert_eq!(get(&e, "attempts").as_f64(), Some(0.0));
    }
    let e = rejects(c.get_tickets(obj(r#"{"pagesize":10}"#), JsValue::UNDEFINED)).await;
    assert!(text(&e, "message").contains("did you mean \"page_size\""));
    assert!(
        server_log("b-invalid").await.is_empty(),
        "nothing may reach the server"
    );
}

#[wasm_bindgen_test]
async fn undefined_means_not_given() {
    let params = js_sys::Object::new();
    Reflect::set(&params, &"page_size".into(), &2.into()).unwrap();
    Reflect::set(&params, &"creator".into(), &JsValue::UNDEFINED).unwrap();
    let page =
        resolves(admin("/__/tag=b-undef").get_tickets(params.into(), JsValue::UNDEFINED)).await;
    assert_eq!(items(&page).length(), 2);
    let body = get(&server_log("b-undef").await[0], "body");
    assert!(
        !js_sys::Object::keys(body.unchecked_ref::<js_sys::Object>())
            .includes(&"creator".into(), 0)
    );
}

#[wasm_bindgen_test]
async fn api_errors_keep_the_code_as_sent() {
    let wrong = client(
        "",
        r#""bk_app_code":"bk-itsm-demo","bk_app_secret":"wrong","bk_token":"test-token-admin""#,
    );
    let e = rejects(wrong.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(get(&e, "code").as_f64(), Some(1_306_000.0));
    assert_eq!(get(&e, "status").as_f64(), Some(200.0));
    assert_eq!(text(&e, "requestId").len(), 32);
    let e = rejects(admin("").get_tickets(obj(r#"{"page":100000}"#), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(text(&e, "code"), "SERVER_500_ERROR");
    assert!(
        text(&e, "message").contains("Invalid page"),
        "{}",
        text(&e, "message")
    );
}

#[wasm_bindgen_test]
async fn http_network_and_decode_errors_then_a_normal_call_succeeds() {
    for (fault, kind) in [
        ("html502", "http"),
        ("drop", "network"),
        ("truncated", "decode"),
        ("bararray", "decode"),
        ("datanull", "decode"),
        ("html200", "decode"),
        ("redirect", "http"),
    ] {
        let tag = format!("b-{fault}");
        let once = client(
            &format!("/__/tag={tag},fault={fault}"),
            &format!(r#"{APP},"bk_token":"test-token-admin","retries":0"#),
        );
        let e = rejects(once.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), kind, "{fault}: {}", text(&e, "message"));
        assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
        let page =
            resolves(admin("").get_tickets(obj(r#"{"page_size":1}"#), JsValue::UNDEFINED)).await;
        assert_eq!(items(&page).length(), 1, "after {fault}");
    }
    let e = rejects(admin("/__/fault=html502").get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED))
        .await;
    assert_eq!(get(&e, "status").as_f64(), Some(502.0));
    assert!(
        text(&e, "message").contains("HTTP 502"),
        "{}",
        text(&e, "message")
    );
    let closed = create_client(obj(r#"{"baseUrl":"http://127.0.0.1:9"}"#)).unwrap();
    let e = rejects(closed.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "network");
}

#[wasm_bindgen_test]
async fn a_redirect_is_never_followed() {
    let e = rejects(
        admin("/__/tag=b-redirect-once,fault=redirect")
            .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await;
    assert_eq!(text(&e, "kind"), "http");
    assert!(text(&e, "message").contains("never follows redirects"));
    assert_eq!(
        server_log("b-redirect-once").await.len(),
        1,
        "the redirect target was not requested"
    );
}

#[wasm_bindgen_test]
async fn timeout_and_abort() {
    let slow = admin("/__/delay=3000");
    let start = js_sys::Date::now();
    let e = rejects(slow.get_tickets(JsValue::UNDEFINED, obj(r#"{"timeoutMs":300}"#))).await;
    assert_eq!(text(&e, "kind"), "timeout");
    assert!(js_sys::Date::now() - start < 2500.0);
    // A body that never ends is a timeout too.
    let e = rejects(
        admin("/__/fault=hang").get_tickets(JsValue::UNDEFINED, obj(r#"{"timeoutMs":500}"#)),
    )
    .await;
    assert_eq!(text(&e, "kind"), "timeout");

    let controller = web_sys::AbortController::new().unwrap();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let pending = slow.get_tickets(JsValue::UNDEFINED, options.clone().into());
    sleep(100).await;
    controller.abort();
    let e = rejects(pending).await;
    assert_eq!(text(&e, "kind"), "aborted");
    // Already aborted: nothing is sent.
    let quiet = admin("/__/tag=b-preaborted");
    let e = rejects(quiet.get_tickets(JsValue::UNDEFINED, options.into())).await;
    assert_eq!(text(&e, "kind"), "aborted");
    assert!(server_log("b-preaborted").await.is_empty());
    // The same client still works.
    resolves(slow.get_tickets(JsValue::UNDEFINED, obj(r#"{"timeoutMs":10000}"#))).await;
}

#[wasm_bindgen_test]
async fn served_fields_are_kept_and_null_stays_null() {
    let page =
        resolves(admin("").get_tickets(obj(r#"{"page_size":200}"#), JsValue::UNDEFINED)).await;
    let items = items(&page);
    assert!(
        items.iter().any(|t| get(&t, "end_at").is_null()),
        "open tickets have end_at null"
    );
    assert!(items.iter().any(|t| get(&t, "creator").is_null()));
    assert!(
        items
            .iter()
            .all(|t| get(&t, "iframe_ticket_url").is_string()),
        "undocumented fields stay"
    );
    // The document's current_steps and is_biz_need are never served (and not in the type).
    assert!(items
        .iter()
        .all(|t| get(&t, "current_steps").is_undefined() && get(&t, "is_biz_need").is_undefined()));
}

#[wasm_bindgen_test]
async fn errors_are_real_errors_and_recognisable() {
    let e = rejects(admin("").get_tickets(obj(r#"{"page":0}"#), JsValue::UNDEFINED)).await;
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&e, "name"), "ItsmError");
    let s: String = e.unchecked_ref::<js_sys::Error>().to_string().into();
    assert!(s.starts_with("ItsmError: page: 0 is out of range"), "{s}");
    assert!(!is_itsm_error(js_sys::Error::new("x").into()));
    assert!(!is_itsm_error(obj(r#"{"name":"ItsmError","kind":"api"}"#)));
    assert!(!is_itsm_error(JsValue::NULL));
    // A bad configuration throws at once.
    let thrown = create_client(obj(r#"{"timeout":5}"#))
        .err()
        .expect("throws");
    assert!(is_itsm_error(thrown.clone()));
    assert_eq!(text(&thrown, "field"), "timeout");
}

#[wasm_bindgen_test]
async fn the_default_client_targets_the_pages_own_origin() {
    let e = rejects(get_tickets(obj(r#"{"page_size":1}"#), JsValue::UNDEFINED)).await;
    // The test runner's own server does not serve the API: what matters is where we went,
    // resolved against the page's own address.
    let origin = text(&get(&js_sys::global(), "location"), "origin");
    assert_eq!(
        text(&e, "url"),
        format!("{origin}/api/c/compapi/v2/itsm/get_tickets/")
    );
    assert_ne!(text(&e, "kind"), "validation");
}

// ------------------------------------------------------------------------------------------
// Real deployments (issue 12)

#[wasm_bindgen_test]
async fn tag_and_project_key_reach_the_server_and_filter() {
    let c = admin("/__/tag=b-keys");
    let all =
        items(&resolves(c.get_tickets(obj(r#"{"page_size":2000}"#), JsValue::UNDEFINED)).await)
            .length();
    let tagged = resolves(c.get_tickets(
        obj(r#"{"tag":"ops","project_key":"0","page_size":2000}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let count = get(&tagged, "count").as_f64().unwrap();
    assert!(count > 0.0 && count < f64::from(all), "{count} of {all}");
    let log = server_log("b-keys").await;
    let body = get(&log[1], "body");
    assert_eq!(
        (text(&body, "tag"), text(&body, "project_key")),
        ("ops".to_owned(), "0".to_owned())
    );
    let e = rejects(c.get_tickets(
        obj(&format!(r#"{{"tag":"{}"}}"#, "x".repeat(33))),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(
        (text(&e, "kind"), text(&e, "field")),
        ("validation".into(), "tag".into())
    );
}

#[wasm_bindgen_test]
async fn username_through_esb_is_refused_and_nothing_is_sent() {
    let e = rejects(
        admin("/__/tag=b-esb-user").get_tickets(obj(r#"{"username":"alice"}"#), JsValue::UNDEFINED),
    )
    .await;
    assert_eq!(text(&e, "kind"), "validation");
    assert_eq!(text(&e, "field"), "username");
    assert!(
        text(&e, "message").contains("ESB drops it"),
        "{}",
        text(&e, "message")
    );
    assert_eq!(get(&e, "attempts").as_f64(), Some(0.0));
    assert!(server_log("b-esb-user").await.is_empty());
    // The gateway passes it on, and it filters.
    let gw = client("/__/tag=b-gw-user", &format!(r#""gateway":"apigw",{APP}"#));
    let page = resolves(gw.get_tickets(
        obj(r#"{"username":"alice","page_size":500}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert!(items(&page)
        .iter()
        .all(|t| text(&t, "current_status") == "RUNNING"));
    assert!(get(&page, "count").as_f64().unwrap() < TICKETS);
}

#[wasm_bindgen_test]
async fn a_server_that_ignores_paging_in_the_body_is_a_decode_error_on_esb_and_pages_through_the_gateway(
) {
    let esb = admin("/__/tag=b-legacy,legacy=1");
    let e = rejects(esb.get_tickets(obj(r#"{"page":3,"page_size":5}"#), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "decode");
    let message = text(&e, "message");
    assert!(
        message.starts_with("the server answered page 1 when page 3 was asked for"),
        "{message}"
    );
    assert!(message.contains("ITSM before 2.6.0"), "{message}");
    assert_eq!(get(&e, "status").as_f64(), Some(200.0));
    assert_eq!(text(&e, "requestId").len(), 32, "the answer's request id");
    // Page 1 is page 1.
    resolves(esb.get_tickets(obj(r#"{"page_size":5}"#), JsValue::UNDEFINED)).await;
    // Through the gateway, paging also goes in the query string, which such a server reads.
    let gw = client(
        "/__/tag=b-legacy-gw,legacy=1",
        &format!(r#""gateway":"apigw",{APP}"#),
    );
    let page =
        resolves(gw.get_tickets(obj(r#"{"page":3,"page_size":5}"#), JsValue::UNDEFINED)).await;
    assert_eq!(get(&page, "page").as_f64(), Some(3.0));
    assert_eq!(items(&page).length(), 5);
    assert_eq!(
        get(&items(&page).get(0), "id").as_f64(),
        Some(TICKETS - 10.0)
    );
    let log = server_log("b-legacy-gw").await;
    let query = get(&log[0], "query");
    assert_eq!(
        (text(&query, "page"), text(&query, "page_size")),
        ("3".into(), "5".into())
    );
}

#[wasm_bindgen_test]
async fn the_gateway_name_and_extra_headers() {
    let app = format!(r#""gateway":"apigw","apigwName":"itsm-gw",{APP}"#);
    let c = client(
        "/__/tag=b-name,apigw=itsm-gw,tenants=1",
        &format!(r#"{app},"headers":{{"X-Bk-Tenant-Id":"nobody","X-Trace":"client"}}"#),
    );
    // The client's tenant does not exist: the call's header replaces it, whatever its case.
    let e = rejects(c.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(
        (text(&e, "kind"), get(&e, "status").as_f64()),
        ("api".into(), Some(400.0))
    );
    let page = resolves(c.get_tickets(
        obj(r#"{"page_size":1}"#),
        obj(r#"{"headers":{"x-bk-tenant-id":"default","X-Call":"1"}}"#),
    ))
    .await;
    assert_eq!(items(&page).length(), 1);
    let log = server_log("b-name").await;
    assert_eq!(
        text(&log[1], "path"),
        "/api/itsm-gw/prod/v2/itsm/get_tickets/"
    );
    let headers = get(&log[1], "headers");
    assert_eq!(text(&headers, "x-bk-tenant-id"), "default");
    assert_eq!(text(&headers, "x-trace"), "client");
    assert_eq!(text(&headers, "x-call"), "1");
    assert_eq!(text(&headers, "content-type"), "application/json");
    // The client's own headers cannot be replaced; nothing is sent.
    for header in ["Content-Type", "x-bkapi-authorization"] {
        let e = rejects(c.get_tickets(
            JsValue::UNDEFINED,
            obj(&format!(r#"{{"headers":{{"{header}":"x"}}}}"#)),
        ))
        .await;
        assert_eq!(text(&e, "field"), "headers");
    }
    let e = create_client(obj(r#"{"headers":{"X-A":"张三"}}"#))
        .err()
        .expect("throws");
    assert_eq!(text(&e, "field"), "headers");
    assert_eq!(server_log("b-name").await.len(), 2);
}

#[wasm_bindgen_test]
async fn non_ascii_user_names_arrive_intact_through_the_gateway() {
    for (user, tag) in [("张三", "b-user-zh"), ("José", "b-user-latin")] {
        let c = client(
            &format!("/__/tag={tag}"),
            &format!(
                r#""gateway":"apigw","bk_app_code":"bk-itsm-trusted","bk_app_secret":"trusted-secret-8d2e4b6a1f","bk_username":"{user}""#
            ),
        );
        resolves(c.get_tickets(obj(r#"{"page_size":1}"#), JsValue::UNDEFINED)).await;
        let log = server_log(tag).await;
        assert_eq!(log.len(), 1, "{user}: sent once, not retried");
        assert_eq!(text(&get(&log[0], "auth"), "bk_username"), user);
        assert!(text(&get(&log[0], "headers"), "x-bkapi-authorization").is_ascii());
    }
}
