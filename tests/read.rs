//! The read endpoints of issue 13 (`getTicketInfo`, `getTicketStatus`, `getTicketLogs`,
//! `getTicketsByUser`) against the local server in real browsers (tests/browser.sh): every
//! parameter rule refused before sending, each result shape with its nulls and missing
//! optional members, not found, both doors, and secrets out of every URL an error shows.
#![cfg(target_arch = "wasm32")]

use bk_itsm_tickets::{
    create_client, get_ticket_info, get_ticket_logs, get_ticket_status, get_tickets_by_user,
    is_itsm_error, Client,
};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

const APP: &str = r#""bk_app_code":"bk-itsm-demo","bk_app_secret":"demo-secret-3f9a1c0e7b""#;
const SECRET: &str = "demo-secret-3f9a1c0e7b";
/// A ticket number the data set does not have.
const NO_SUCH_SN: &str = "REQ19990101000001";

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn client(base: &str, extra: &str) -> Client {
    let base = scoped(base);
    let config = format!(r#"{{"baseUrl":"{SERVER}{base}",{extra}}}"#);
    create_client(obj(&config)).expect("valid config")
}

/// ESB with the app and the admin's token.
fn esb(base: &str) -> Client {
    client(base, &format!(r#"{APP},"bk_token":"test-token-admin""#))
}

/// The API gateway with the app.
fn gateway(base: &str) -> Client {
    client(base, &format!(r#""gateway":"apigw",{APP}"#))
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

fn array(v: &JsValue, key: &str) -> Array {
    let a = get(v, key);
    assert!(Array::is_array(&a), "{key} is not an array: {a:?}");
    a.unchecked_into()
}

/// Every ticket of the data set (their numbers and the members the read endpoints share), to
/// pick tickets by what they are rather than by numbers that depend on the seed.
async fn tickets() -> Vec<JsValue> {
    let page =
        resolves(esb("").get_tickets(obj(r#"{"page_size":10000}"#), JsValue::UNDEFINED)).await;
    array(&page, "items").iter().collect()
}

async fn sn_where(f: impl Fn(&JsValue) -> bool) -> String {
    let all = tickets().await;
    let t = all
        .iter()
        .find(|t| f(t))
        .expect("a ticket of that kind in the data set");
    text(t, "sn")
}

/// Each `(fault, path)`: the server's answer broken by the fault prefix (a client made by
/// `client` for `/__/fault=…`) is a `decode` error whose message names `what` and the path.
async fn decode_errors(
    client: fn(&str) -> Client,
    call: impl Fn(&Client) -> Promise,
    what: &str,
    faults: &[(&str, &str)],
) {
    for (fault, path) in faults {
        let e = rejects(call(&client(&format!("/__/fault={fault}")))).await;
        assert_eq!(text(&e, "kind"), "decode", "{fault}");
        let message = text(&e, "message");
        assert!(message.contains(what), "{fault}: {message}");
        assert!(message.contains(&format!("{path}:")), "{fault}: {message}");
    }
}

fn sn(value: &str) -> JsValue {
    obj(&format!(r#"{{"sn":"{value}"}}"#))
}

// ---- getTicketInfo

#[wasm_bindgen_test]
async fn ticket_info_through_esb_is_a_get_with_its_query_string() {
    let number = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    let info =
        resolves(esb("/__/tag=r-info-esb").get_ticket_info(sn(&number), JsValue::UNDEFINED)).await;
    assert_eq!(text(&info, "sn"), number);
    assert_eq!(text(&info, "request_id").len(), 32);
    let steps = array(&info, "current_steps");
    assert!(steps.length() > 0, "a running ticket stands somewhere");
    let step = steps.get(0);
    for key in [
        "name",
        "status",
        "action_type",
        "tag",
        "processors_type",
        "processors",
    ] {
        assert!(get(&step, key).is_string(), "step.{key}");
    }
    assert!(get(&step, "state_id").as_f64().is_some());
    let fields = array(&info, "fields");
    assert!(fields.length() > 0);
    for f in fields.iter() {
        assert!(get(&f, "type").is_string());
        assert!(get(&f, "desc").is_string() || get(&f, "desc").is_null());
        // `value` and `display_value` are always there (any JSON, null included).
        assert!(!get(&f, "value").is_undefined() && !get(&f, "display_value").is_undefined());
    }
    // The document's `service_type` is not sent, and nothing invents it.
    assert!(get(&info, "service_type").is_undefined());
    let log = server_log("r-info-esb").await;
    assert_eq!(log.len(), 1);
    assert_eq!(text(&log[0], "method"), "GET");
    let query = get(&log[0], "query");
    assert_eq!(text(&query, "sn"), number);
    assert_eq!(text(&query, "bk_app_code"), "bk-itsm-demo");
    assert!(get(&log[0], "body").is_undefined() || text(&log[0], "body").is_empty());
}

#[wasm_bindgen_test]
async fn ticket_info_through_the_gateway_keeps_credentials_in_the_header() {
    let number = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    let info =
        resolves(gateway("/__/tag=r-info-gw").get_ticket_info(sn(&number), JsValue::UNDEFINED))
            .await;
    assert_eq!(text(&info, "sn"), number);
    let log = server_log("r-info-gw").await;
    assert_eq!(log.len(), 1);
    let query = get(&log[0], "query");
    assert_eq!(text(&query, "sn"), number);
    assert!(get(&query, "bk_app_secret").is_undefined());
}

#[wasm_bindgen_test]
async fn ticket_info_nulls_are_kept() {
    let c = esb("");
    let no_creator = sn_where(|t| get(t, "creator").is_null()).await;
    let info = resolves(c.get_ticket_info(sn(&no_creator), JsValue::UNDEFINED)).await;
    assert!(get(&info, "creator").is_null());
    let no_biz = sn_where(|t| get(t, "bk_biz_id").is_null()).await;
    let info = resolves(c.get_ticket_info(sn(&no_biz), JsValue::UNDEFINED)).await;
    assert!(get(&info, "bk_biz_id").is_null());
    let ended = sn_where(|t| text(t, "current_status") == "FINISHED").await;
    let info = resolves(c.get_ticket_info(sn(&ended), JsValue::UNDEFINED)).await;
    assert!(get(&info, "end_at").is_string());
    assert_eq!(array(&info, "current_steps").length(), 0);
    let open = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    let info = resolves(c.get_ticket_info(sn(&open), JsValue::UNDEFINED)).await;
    assert!(get(&info, "end_at").is_null());
    // Some field somewhere has a null value, a null desc, a non-string (JSON) value.
    let mut seen = (false, false, false);
    for t in tickets().await.iter().take(60) {
        let info = resolves(c.get_ticket_info(sn(&text(t, "sn")), JsValue::UNDEFINED)).await;
        for f in array(&info, "fields").iter() {
            seen.0 |= get(&f, "value").is_null();
            seen.1 |= get(&f, "desc").is_null();
            seen.2 |= get(&f, "value").is_object();
        }
    }
    assert_eq!(seen, (true, true, true));
}

#[wasm_bindgen_test]
async fn a_ticket_that_does_not_exist_is_an_api_error_3900022_through_either_door() {
    for c in [esb(""), gateway("")] {
        let e = rejects(c.get_ticket_info(sn(NO_SUCH_SN), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "api");
        assert_eq!(get(&e, "code").as_f64(), Some(3_900_022.0));
        assert!(
            text(&e, "message").contains("没有找到对应的单据"),
            "{}",
            text(&e, "message")
        );
    }
}

#[wasm_bindgen_test]
async fn no_secret_in_the_url_of_a_get_through_esb() {
    // The secret travels in the query string of a GET through ESB: every error shows the URL
    // with it redacted, whatever the failure.
    for base in ["", "/__/fault=html502", "/__/fault=badfield"] {
        let e = rejects(esb(base).get_ticket_info(sn(NO_SUCH_SN), obj(r#"{"retries":0}"#))).await;
        let url = text(&e, "url");
        assert!(url.contains("get_ticket_info/?"), "{base}: {url}");
        assert!(url.contains("sn="), "{base}: {url}");
        for shown in [url.as_str(), &text(&e, "message"), &text(&e, "stack")] {
            assert!(!shown.contains(SECRET), "{base}: {shown}");
            assert!(!shown.contains("test-token-admin"), "{base}: {shown}");
        }
    }
}

#[wasm_bindgen_test]
async fn ticket_info_parameters_are_checked_before_sending() {
    let c = esb("/__/tag=r-info-bad");
    for (params, field) in [
        ("{}", "sn"),
        (r#"{"sn":""}"#, "sn"),
        (r#"{"sn":null}"#, "sn"),
        (r#"{"sn":5}"#, "sn"),
        (r#"{"sn":" REQ20240101000001"}"#, "sn"),
        (r#"{"sn":"REQ1&bk_username=admin"}"#, "sn"),
        (r#"{"sn":"REQ1","page":1}"#, "page"),
        ("null", "params"),
    ] {
        let e = rejects(c.get_ticket_info(obj(params), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "validation", "{params}");
        assert_eq!(
            text(&e, "field"),
            field,
            "{params}: {}",
            text(&e, "message")
        );
    }
    let e = rejects(c.get_ticket_info(JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "sn");
    let e = rejects(get_ticket_info(obj("{}"), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "sn");
    assert!(server_log("r-info-bad").await.is_empty(), "nothing is sent");
}

#[wasm_bindgen_test]
async fn ticket_info_of_the_wrong_shape_is_a_decode_error_naming_the_path() {
    let number = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    decode_errors(
        esb,
        |c| c.get_ticket_info(sn(&number), JsValue::UNDEFINED),
        "a ticket's detail",
        &[
            ("badfield", "data.id"),
            ("datanull", "data"),
            ("itemsnotarray", "data.fields"),
            ("bararray", "data"),
        ],
    )
    .await;
}

// ---- getTicketStatus

#[wasm_bindgen_test]
async fn ticket_status_through_either_door() {
    let number = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    for (c, tag) in [
        (esb("/__/tag=r-status-esb"), "r-status-esb"),
        (gateway("/__/tag=r-status-gw"), "r-status-gw"),
    ] {
        let status = resolves(c.get_ticket_status(sn(&number), JsValue::UNDEFINED)).await;
        assert_eq!(text(&status, "current_status"), "RUNNING");
        for key in ["ticket_url", "iframe_ticket_url"] {
            assert!(get(&status, key).is_string(), "{key}");
        }
        assert!(get(&status, "is_commented").as_bool().is_some());
        let ops = array(&status, "operations");
        assert!(
            ops.iter().any(|o| text(&o, "key") == "SUSPEND"),
            "a running ticket may be suspended"
        );
        let steps = array(&status, "current_steps");
        assert!(steps.length() > 0);
        for step in steps.iter() {
            assert!(get(&step, "processors").is_string());
            for f in array(&step, "fields").iter() {
                assert!(f.is_object());
                // Definitions, not values.
                assert!(get(&f, "value").is_undefined());
            }
            for o in array(&step, "operations").iter() {
                assert_eq!(get(&o, "can_operate").as_bool(), Some(true));
            }
        }
        let log = server_log(tag).await;
        assert_eq!(log.len(), 1, "{tag}");
        assert_eq!(text(&log[0], "method"), "GET");
        assert_eq!(text(&get(&log[0], "query"), "sn"), number);
    }
}

#[wasm_bindgen_test]
async fn ticket_status_of_an_ended_ticket_and_a_sign_step() {
    let c = esb("");
    let ended = sn_where(|t| text(t, "current_status") == "FINISHED").await;
    let status = resolves(c.get_ticket_status(sn(&ended), JsValue::UNDEFINED)).await;
    assert_eq!(array(&status, "operations").length(), 0);
    assert_eq!(array(&status, "current_steps").length(), 0);
    // Somewhere a SIGN step offers its own operation with a null name.
    let mut null_name = false;
    // (Change tickets have a countersign step; open ones of every status.)
    let all = tickets().await;
    let open_changes = all
        .iter()
        .filter(|t| text(t, "service_type") == "change" && get(t, "end_at").is_null());
    for t in open_changes {
        let status = resolves(c.get_ticket_status(sn(&text(t, "sn")), JsValue::UNDEFINED)).await;
        for step in array(&status, "current_steps").iter() {
            for o in array(&step, "operations").iter() {
                null_name |= get(&o, "name").is_null();
            }
        }
        if null_name {
            break;
        }
    }
    assert!(null_name, "a SIGN step's operation has a null name");
}

#[wasm_bindgen_test]
async fn ticket_status_not_found_rules_and_shapes() {
    let e = rejects(gateway("").get_ticket_status(sn(NO_SUCH_SN), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(get(&e, "code").as_f64(), Some(3_900_022.0));
    let c = esb("/__/tag=r-status-bad");
    for params in [
        "{}",
        r#"{"sn":"a b"}"#,
        r#"{"sn":7}"#,
        r#"{"sn":"REQ1","show_type":"simple"}"#,
    ] {
        let e = rejects(c.get_ticket_status(obj(params), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "validation", "{params}");
    }
    let e = rejects(get_ticket_status(obj("{}"), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "sn");
    assert!(
        server_log("r-status-bad").await.is_empty(),
        "nothing is sent"
    );
    let number = sn_where(|t| text(t, "current_status") == "RUNNING").await;
    // Members the status does not declare are kept as sent, whatever they hold.
    let status =
        resolves(esb("/__/fault=badfield").get_ticket_status(sn(&number), JsValue::UNDEFINED))
            .await;
    assert_eq!(get(&status, "sn").as_f64(), Some(5.0));
    decode_errors(
        esb,
        |c| c.get_ticket_status(sn(&number), JsValue::UNDEFINED),
        "a ticket's status",
        &[
            ("datanull", "data"),
            ("bararray", "data"),
            ("itemsnotarray", "data.current_steps"),
        ],
    )
    .await;
}

// ---- getTicketLogs

#[wasm_bindgen_test]
async fn ticket_logs_simple_by_default_complex_on_request() {
    let number = sn_where(|t| text(t, "current_status") == "FINISHED").await;
    let c = gateway("/__/tag=r-logs");
    let simple = resolves(c.get_ticket_logs(sn(&number), JsValue::UNDEFINED)).await;
    assert_eq!(text(&simple, "sn"), number);
    let logs = array(&simple, "logs");
    assert!(logs.length() >= 2);
    for entry in logs.iter() {
        for key in ["operate_at", "message", "source"] {
            assert!(get(&entry, key).is_string(), "{key}");
        }
        assert!(get(&entry, "form_data").is_undefined());
        assert!(get(&entry, "from_state_type").is_undefined());
    }
    let params = obj(&format!(r#"{{"sn":"{number}","show_type":"complex"}}"#));
    let complex = resolves(c.get_ticket_logs(params, JsValue::UNDEFINED)).await;
    for entry in array(&complex, "logs").iter() {
        assert!(!get(&entry, "form_data").is_undefined());
        assert!(get(&entry, "from_state_type").is_string());
    }
    let log = server_log("r-logs").await;
    assert_eq!(log.len(), 2);
    assert!(get(&get(&log[0], "query"), "show_type").is_undefined());
    assert_eq!(text(&get(&log[1], "query"), "show_type"), "complex");
}

#[wasm_bindgen_test]
async fn ticket_logs_keep_null_operators_and_every_source() {
    let c = esb("");
    let no_creator = sn_where(|t| get(t, "creator").is_null()).await;
    let logs = resolves(c.get_ticket_logs(sn(&no_creator), JsValue::UNDEFINED)).await;
    assert!(get(&logs, "creator").is_null());
    let entries = array(&logs, "logs");
    // The server formats a null operator into the message as Python's `None`.
    assert!(
        entries
            .iter()
            .any(|e| get(&e, "operator").is_null() && text(&e, "message").starts_with("None ")),
        "an entry without operator, worded as the server words it"
    );
    let mut sources = std::collections::BTreeSet::new();
    for t in tickets().await.iter().take(150) {
        let logs = resolves(c.get_ticket_logs(sn(&text(t, "sn")), JsValue::UNDEFINED)).await;
        for e in array(&logs, "logs").iter() {
            sources.insert(text(&e, "source"));
        }
    }
    assert!(sources.contains("AUTOMATIC"), "{sources:?}");
}

#[wasm_bindgen_test]
async fn ticket_logs_not_found_rules_and_shapes() {
    let e = rejects(esb("").get_ticket_logs(sn(NO_SUCH_SN), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(get(&e, "code").as_f64(), Some(3_900_022.0));
    let c = esb("/__/tag=r-logs-bad");
    for (params, field) in [
        ("{}", "sn"),
        (r#"{"show_type":"complex"}"#, "sn"),
        (r#"{"sn":"REQ1","show_type":"COMPLEX"}"#, "show_type"),
        (r#"{"sn":"REQ1","show_type":"full"}"#, "show_type"),
        (r#"{"sn":"REQ1","show_type":null}"#, "show_type"),
        (r#"{"sn":"REQ1","show_type":true}"#, "show_type"),
        (r#"{"sn":"REQ1","showType":"complex"}"#, "showType"),
    ] {
        let e = rejects(c.get_ticket_logs(obj(params), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "validation", "{params}");
        assert_eq!(
            text(&e, "field"),
            field,
            "{params}: {}",
            text(&e, "message")
        );
    }
    let e = rejects(get_ticket_logs(obj(r#"{"sn":""}"#), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "field"), "sn");
    assert!(server_log("r-logs-bad").await.is_empty(), "nothing is sent");
    let number = sn_where(|t| text(t, "current_status") == "FINISHED").await;
    decode_errors(
        esb,
        |c| c.get_ticket_logs(sn(&number), JsValue::UNDEFINED),
        "a ticket's log",
        &[
            ("badfield", "data.sn"),
            ("datanull", "data"),
            ("itemsnotarray", "data.logs"),
        ],
    )
    .await;
}

// ---- getTicketsByUser, iterTicketsByUser

fn by_user(user: &str, view: &str, extra: &str) -> JsValue {
    obj(&format!(
        r#"{{"user":"{user}","view_type":"{view}"{extra}}}"#
    ))
}

#[wasm_bindgen_test]
async fn tickets_by_user_through_the_gateway_is_a_page_of_the_users_list() {
    let c = gateway("/__/tag=r-user");
    let page = resolves(c.get_tickets_by_user(
        by_user("admin", "my_todo", r#","page_size":5,"page":"2""#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(get(&page, "page").as_f64(), Some(2.0));
    let items = array(&page, "items");
    assert_eq!(items.length(), 5);
    for t in items.iter() {
        assert!(
            text(&t, "current_processors").contains(",admin,"),
            "a to-do of admin's"
        );
        assert!(get(&t, "meta").is_object());
        assert!(get(&t, "is_supervise_needed").as_bool().is_some());
    }
    let log = server_log("r-user").await;
    assert_eq!(log.len(), 1);
    assert_eq!(text(&log[0], "method"), "GET");
    let query = get(&log[0], "query");
    for (key, value) in [
        ("user", "admin"),
        ("view_type", "my_todo"),
        ("page", "2"),
        ("page_size", "5"),
    ] {
        assert_eq!(text(&query, key), value, "{key}");
    }
}

#[wasm_bindgen_test]
async fn through_esb_get_tickets_by_user_is_refused_and_nothing_is_sent() {
    let c = esb("/__/tag=r-user-esb");
    let e =
        rejects(c.get_tickets_by_user(by_user("admin", "my_todo", ""), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "kind"), "validation");
    assert_eq!(text(&e, "field"), "gateway");
    assert!(
        text(&e, "message").contains("API gateway only"),
        "{}",
        text(&e, "message")
    );
    let walk = c.iter_tickets_by_user(by_user("admin", "my_todo", ""), JsValue::UNDEFINED);
    let next: js_sys::Function = get(&walk, "next").unchecked_into();
    let first: Promise = next.call0(&walk).expect("next()").unchecked_into();
    let e = rejects(first).await;
    assert_eq!(text(&e, "field"), "gateway");
    // The default client is an ESB client.
    let e = rejects(get_tickets_by_user(
        by_user("admin", "my_todo", ""),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "field"), "gateway");
    assert!(server_log("r-user-esb").await.is_empty(), "nothing is sent");
}

#[wasm_bindgen_test]
async fn tickets_by_user_keeps_nulls_and_items_the_server_could_not_enrich() {
    // admin may view every service: my_dealt lists every ticket.
    let page = resolves(gateway("").get_tickets_by_user(
        by_user("admin", "my_dealt", r#","page_size":10000"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let items: Vec<JsValue> = array(&page, "items").iter().collect();
    assert!(items.iter().any(|t| get(t, "creator").is_null()));
    assert!(items.iter().any(|t| get(t, "bk_biz_id").is_null()));
    let bare = items
        .iter()
        .find(|t| text(t, "service_type") == "DEFAULT")
        .expect("a ticket of the legacy service");
    // Only the 16 base members (and the comment id), with an ISO creation time.
    assert!(get(bare, "service_name").is_undefined());
    assert!(get(bare, "current_steps").is_undefined());
    assert!(
        text(bare, "create_at").contains('T'),
        "{}",
        text(bare, "create_at")
    );
    let enriched = items
        .iter()
        .find(|t| !get(t, "current_steps").is_undefined())
        .expect("an enriched item");
    assert!(get(enriched, "followers").is_array());
    let comment = get(enriched, "comment_id");
    assert!(comment.is_string() || comment.as_f64().is_some());
}

#[wasm_bindgen_test]
async fn iter_tickets_by_user_walks_every_page_in_order() {
    let c = gateway("/__/tag=r-user-walk");
    let first = resolves(c.get_tickets_by_user(
        by_user("admin", "my_todo", r#","page_size":1"#),
        JsValue::UNDEFINED,
    ))
    .await;
    let count = get(&first, "count").as_f64().unwrap_or(0.0) as usize;
    assert!(count > 14, "enough to walk: {count}");
    let walk = c.iter_tickets_by_user(
        by_user("admin", "my_todo", r#","page_size":7"#),
        JsValue::UNDEFINED,
    );
    let next: js_sys::Function = get(&walk, "next").unchecked_into();
    let mut ids = Vec::new();
    loop {
        let step = resolves(next.call0(&walk).expect("next()").unchecked_into()).await;
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        ids.push(get(&get(&step, "value"), "id").as_f64().unwrap_or(-1.0));
    }
    assert_eq!(ids.len(), count);
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeat"
    );
    let pages = server_log("r-user-walk").await.len() - 1;
    assert_eq!(pages, count.div_ceil(7));
}

#[wasm_bindgen_test]
async fn tickets_by_user_parameter_rules_server_errors_and_shapes() {
    let c = gateway("/__/tag=r-user-bad");
    for (params, field) in [
        ("{}", "user"),
        (r#"{"view_type":"my_todo"}"#, "user"),
        (r#"{"user":"admin"}"#, "view_type"),
        (r#"{"user":"","view_type":"my_todo"}"#, "user"),
        (r#"{"user":"admin","view_type":"todo"}"#, "view_type"),
        (
            r#"{"user":"admin","view_type":"my_todo","service_id":"x"}"#,
            "service_id",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","catalog_id":0}"#,
            "catalog_id",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","create_at__gte":"2024-01-01"}"#,
            "create_at__gte",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","create_at__lte":"2024-01-01 00:00:00"}"#,
            "create_at__lte",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","current_processor":" "}"#,
            "current_processor",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","page":"last"}"#,
            "page",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","page_size":0}"#,
            "page_size",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","username":"admin"}"#,
            "username",
        ),
        (
            r#"{"user":"admin","view_type":"my_todo","exclude_ticket_id__in":"1,2"}"#,
            "exclude_ticket_id__in",
        ),
    ] {
        let e = rejects(c.get_tickets_by_user(obj(params), JsValue::UNDEFINED)).await;
        assert_eq!(text(&e, "kind"), "validation", "{params}");
        assert_eq!(
            text(&e, "field"),
            field,
            "{params}: {}",
            text(&e, "message")
        );
    }
    assert!(server_log("r-user-bad").await.is_empty(), "nothing is sent");
    // A page past the end: the server's own error, as sent.
    let e = rejects(gateway("").get_tickets_by_user(
        by_user("admin", "my_todo", r#","page":99999"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(text(&e, "kind"), "api");
    assert_eq!(get(&e, "code").as_f64(), Some(3_900_004.0));
    decode_errors(
        gateway,
        |c| c.get_tickets_by_user(by_user("admin", "my_todo", ""), JsValue::UNDEFINED),
        "a page of a user's tickets",
        &[
            ("badfield", "data.items[0].id"),
            ("bararray", "data"),
            ("itemsnotarray", "data.items"),
        ],
    )
    .await;
}
