//! Beyond one page, in real browsers: walking every page with `iterTickets` and
//! `getAllTickets`, breaking early, concurrency, retries and `Retry-After`, and the filters
//! the document leaves out.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use bk_itsm_tickets::{create_client, Client};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod common;
use common::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
/** `p`'s outcome, or "pending" if it has not settled within `ms`. */
export function settled_within(p, ms) {
  return Promise.race([
    p.then((v) => ({ status: 'fulfilled', value: v }), (e) => ({ status: 'rejected', reason: e })),
    new Promise((r) => setTimeout(() => r({ status: 'pending' }), ms)),
  ]);
}
"#)]
extern "C" {
    fn settled_within(p: &Promise, ms: u32) -> Promise;
}

/// `p`'s outcome within `ms` (`status` "pending" when it has not settled).
async fn within(p: &Promise, ms: u32) -> JsValue {
    settle(settled_within(p, ms)).await.unwrap()
}

const AUTH: &str = r#""bk_app_code":"bk-itsm-demo","bk_app_secret":"demo-secret-3f9a1c0e7b","bk_token":"test-token-admin""#;

fn client(prefix: &str, extra: &str) -> Client {
    let prefix = scoped(prefix);
    create_client(obj(&format!(
        r#"{{"baseUrl":"{SERVER}{prefix}",{AUTH}{extra}}}"#
    )))
    .expect("config")
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

async fn posts(tag: &str) -> u32 {
    server_log(tag)
        .await
        .iter()
        .filter(|e| get(e, "method") == "POST")
        .count() as u32
}

fn ids(items: &Array) -> Vec<f64> {
    items
        .iter()
        .map(|t| get(&t, "id").as_f64().unwrap())
        .collect()
}

fn assert_newest_first_without_gaps(ids: &[f64], from: f64) {
    let expected: Vec<f64> = (0..ids.len()).map(|i| from - i as f64).collect();
    assert_eq!(ids, expected.as_slice());
}

/// Calls `next()` on an async iterator: `Some(value)` or `None` when done.
async fn next(iter: &JsValue) -> Result<Option<JsValue>, JsValue> {
    let next: Function = get(iter, "next").unchecked_into();
    let step = settle(next.call0(iter).unwrap().unchecked_into()).await?;
    Ok((!get(&step, "done").is_truthy()).then(|| get(&step, "value")))
}

async fn close(iter: &JsValue) {
    let ret: Function = get(iter, "return").unchecked_into();
    settle(ret.call0(iter).unwrap().unchecked_into())
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn get_all_tickets_walks_every_page_whether_or_not_the_size_divides_the_count() {
    for page_size in [100, 7, 1000, 10000] {
        let c = client("/__/n=2500", "");
        let all: Array = settle(c.get_all_tickets(
            obj(&format!(r#"{{"page_size":{page_size}}}"#)),
            JsValue::UNDEFINED,
        ))
        .await
        .unwrap()
        .unchecked_into();
        assert_eq!(all.length(), 2500, "page_size {page_size}");
        assert_newest_first_without_gaps(&ids(&all), 2500.0);
    }
}

#[wasm_bindgen_test]
async fn iter_tickets_yields_in_order_and_breaking_out_sends_nothing_more() {
    let c = client("/__/tag=i-break,n=2500", "");
    let iter = c.iter_tickets(obj(r#"{"page_size":3}"#), JsValue::UNDEFINED);
    let mut seen = Vec::new();
    while let Some(ticket) = next(&iter).await.unwrap() {
        seen.push(get(&ticket, "id").as_f64().unwrap());
        if seen.len() == 5 {
            break;
        }
    }
    close(&iter).await;
    assert_newest_first_without_gaps(&seen, 2500.0);
    sleep(300).await;
    assert_eq!(posts("i-break").await, 2, "pages 1 and 2 only");
    assert!(
        next(&iter).await.unwrap().is_none(),
        "a closed walk is over"
    );
}

#[wasm_bindgen_test]
async fn concurrency_fetches_ahead_and_keeps_the_order() {
    let c = client("/__/tag=i-conc,n=2500", "");
    let all: Array =
        settle(c.get_all_tickets(obj(r#"{"page_size":50}"#), obj(r#"{"concurrency":4}"#)))
            .await
            .unwrap()
            .unchecked_into();
    assert_newest_first_without_gaps(&ids(&all), 2500.0);
    assert_eq!(posts("i-conc").await, 50);
}

#[wasm_bindgen_test]
async fn max_items_and_progress() {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = calls.clone();
    let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        sink.borrow_mut().push((
            get(&p, "fetched").as_f64().unwrap(),
            get(&p, "total").as_f64().unwrap(),
        ));
    });
    let options = obj(r#"{"maxItems":25}"#);
    Reflect::set(&options, &"onProgress".into(), on_progress.as_ref()).unwrap();
    let c = client("/__/tag=i-max", "");
    let all: Array = settle(c.get_all_tickets(obj(r#"{"page_size":10}"#), options))
        .await
        .unwrap()
        .unchecked_into();
    assert_eq!(all.length(), 25);
    assert_eq!(
        *calls.borrow(),
        vec![(10.0, 25.0), (20.0, 25.0), (25.0, 25.0)]
    );
    assert_eq!(posts("i-max").await, 3);
    let issues = settle(c.get_all_tickets(JsValue::UNDEFINED, obj(r#"{"concurrency":9}"#)))
        .await
        .unwrap_err();
    assert_eq!(get(&issues, "field"), "concurrency");
}

#[wasm_bindgen_test]
async fn the_signal_stops_a_walk_between_pages() {
    let controller = web_sys::AbortController::new().unwrap();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let c = client("/__/tag=i-abort", "");
    let iter = c.iter_tickets(obj(r#"{"page_size":2}"#), options.into());
    assert!(next(&iter).await.unwrap().is_some());
    controller.abort();
    assert!(
        next(&iter).await.unwrap().is_some(),
        "the page already delivered"
    );
    let e = next(&iter).await.unwrap_err();
    assert_eq!(get(&e, "kind"), "aborted");
    assert_eq!(posts("i-abort").await, 1);
}

#[wasm_bindgen_test]
async fn retries_pass_a_502_and_give_up_after_the_limit() {
    let page = settle(
        client("/__/tag=r-pass,fault=html502,times=2", "")
            .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await;
    assert!(
        page.is_ok(),
        "two 502s then a page, with the default 2 retries"
    );
    assert_eq!(posts("r-pass").await, 3);

    let e = settle(
        client("/__/tag=r-limit,fault=html502,times=5", "")
            .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (get(&e, "kind"), get(&e, "attempts").as_f64()),
        ("http".into(), Some(3.0))
    );
    assert_eq!(posts("r-limit").await, 3);

    let e = settle(
        client("/__/tag=r-off,fault=html502", r#","retries":0"#)
            .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await
    .unwrap_err();
    assert_eq!(get(&e, "attempts").as_f64(), Some(1.0));
    let options = obj(r#"{"retries":1}"#);
    let e =
        settle(client("/__/tag=r-call,fault=drop", "").get_tickets(JsValue::UNDEFINED, options))
            .await
            .unwrap_err();
    assert_eq!(
        (get(&e, "kind"), get(&e, "attempts").as_f64()),
        ("network".into(), Some(2.0))
    );
}

#[wasm_bindgen_test]
async fn retry_after_is_honoured_in_seconds_and_as_a_date() {
    let start = js_sys::Date::now();
    let ok = settle(
        client("/__/tag=r-after,fault=429,retryafter=1,times=1", "")
            .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await;
    assert!(ok.is_ok());
    assert!(
        js_sys::Date::now() - start >= 950.0,
        "waited for Retry-After: 1"
    );

    let when = js_sys::Date::new(&(js_sys::Date::now() + 2500.0).into()).to_utc_string();
    let encoded: String = js_sys::encode_uri_component(&String::from(when)).into();
    let start = js_sys::Date::now();
    let ok = settle(
        client(
            &format!("/__/tag=r-date,fault=503,retryafter={encoded},times=1"),
            "",
        )
        .get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED),
    )
    .await;
    assert!(ok.is_ok());
    assert!(
        js_sys::Date::now() - start >= 1400.0,
        "waited for the Retry-After date"
    );
}

#[wasm_bindgen_test]
async fn no_retry_for_client_errors_or_after_an_abort() {
    let tag = run_tag("r-400");
    let bad = create_client(obj(&format!(
        r#"{{"baseUrl":"{SERVER}/__/tag={tag}","gateway":"apigw","bk_app_code":"bk-itsm-demo","bk_app_secret":"wrong"}}"#
    )))
    .unwrap();
    let e = settle(bad.get_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(
        (get(&e, "status").as_f64(), get(&e, "attempts").as_f64()),
        (Some(400.0), Some(1.0))
    );
    assert_eq!(posts("r-400").await, 1);

    let controller = web_sys::AbortController::new().unwrap();
    let options = js_sys::Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).unwrap();
    let c = client("/__/tag=r-abort,fault=503,retryafter=5", "");
    let pending = c.get_tickets(JsValue::UNDEFINED, options.into());
    sleep(300).await;
    let start = js_sys::Date::now();
    controller.abort();
    let e = settle(pending).await.unwrap_err();
    assert_eq!(get(&e, "kind"), "aborted");
    assert!(
        js_sys::Date::now() - start < 1000.0,
        "the backoff wait ends at the abort"
    );
    assert_eq!(posts("r-abort").await, 1);
}

#[wasm_bindgen_test]
async fn the_undocumented_filters_reach_the_server() {
    let c = client("", "");
    let page = settle(c.get_tickets(
        obj(r#"{"current_status__in":["RUNNING"],"page_size":50}"#),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let items: Array = get(&page, "items").unchecked_into();
    assert!(items.length() > 0);
    assert!(items.iter().all(|t| get(&t, "current_status") == "RUNNING"));
    let page = settle(c.get_tickets(
        obj(r#"{"end_at__gte":"2026-01-01 00:00:00","page_size":50}"#),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let items: Array = get(&page, "items").unchecked_into();
    assert!(items.length() > 0);
    assert!(items.iter().all(|t| get(&t, "end_at")
        .as_string()
        .is_some_and(|d| d.as_str() >= "2026-01-01 00:00:00")));
    let first = get(&Array::from(&get(&page, "items")).get(0), "service_id")
        .as_f64()
        .unwrap();
    let page = settle(c.get_tickets(
        obj(&format!(r#"{{"service_id__in":[{first}],"page_size":50}}"#)),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    let items: Array = get(&page, "items").unchecked_into();
    assert!(items
        .iter()
        .all(|t| get(&t, "service_id").as_f64() == Some(first)));
    let e = settle(c.get_tickets(
        obj(r#"{"current_status__in":["running"]}"#),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(get(&e, "field"), "current_status__in");
}

// ------------------------------------------------------------------------------------------
// Real deployments (issue 12)

/// Every `(fetched, total)` an `onProgress` received.
type Calls = Rc<RefCell<Vec<(f64, f64)>>>;

/// `onProgress` options that record every call.
fn recording(extra: &str) -> (JsValue, Calls) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = calls.clone();
    let on_progress = Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        sink.borrow_mut().push((
            get(&p, "fetched").as_f64().unwrap(),
            get(&p, "total").as_f64().unwrap(),
        ));
    });
    let options = obj(&format!("{{{extra}}}"));
    Reflect::set(&options, &"onProgress".into(), on_progress.as_ref()).unwrap();
    on_progress.forget();
    (options, calls)
}

#[wasm_bindgen_test]
async fn a_shrinking_result_set_ends_the_walk_without_an_error_or_duplicates() {
    // 250 tickets, 100 a page; before page 2 is read, `shrink` of them are gone. Each walk's
    // tickets (newest first, no gap) and the progress calls it made.
    async fn shrinking_walk(prefix: &str) -> (Array, Vec<(f64, f64)>) {
        let (options, calls) = recording("");
        let c = client(prefix, "");
        let all: Array = settle(c.get_all_tickets(obj(r#"{"page_size":100}"#), options))
            .await
            .expect("no error")
            .unchecked_into();
        assert_newest_first_without_gaps(&ids(&all), 250.0);
        let calls = calls.borrow().clone();
        (all, calls)
    }

    // Page 2 finds 200 of 250 tickets gone: "Invalid page." there ends the walk.
    let (all, calls) = shrinking_walk("/__/tag=i-shrink,n=250,shrink=200").await;
    assert_eq!(all.length(), 100);
    assert_eq!(calls, vec![(100.0, 250.0), (100.0, 100.0)]);
    assert_eq!(posts("i-shrink").await, 2);

    // Page 2 finds 120 gone: it is the last page now, and the totals follow the new count.
    let (all, calls) = shrinking_walk("/__/tag=i-shrink-less,n=250,shrink=120").await;
    assert_eq!(all.length(), 130);
    assert_eq!(calls, vec![(100.0, 250.0), (130.0, 130.0)]);

    // Pages fetched ahead, in Chinese: whichever order they reach the server, the walk ends
    // with every page that still exists, in order, once.
    let c = client("/__/tag=i-shrink-conc,n=500,shrink=150,lang=zh", "");
    let iter = c.iter_tickets(obj(r#"{"page_size":100}"#), obj(r#"{"concurrency":3}"#));
    let mut seen = Vec::new();
    while let Some(ticket) = next(&iter).await.expect("no error") {
        seen.push(get(&ticket, "id").as_f64().unwrap());
    }
    assert_newest_first_without_gaps(&seen, 500.0);
    assert_eq!(seen.len(), 200);
}

#[wasm_bindgen_test]
async fn invalid_page_on_the_first_page_stays_an_api_error() {
    let c = client("/__/fault=codestr", "");
    let e = settle(c.get_all_tickets(JsValue::UNDEFINED, JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "kind"), "api");
    assert_eq!(get(&e, "code"), "SERVER_500_ERROR");
    assert_eq!(get(&e, "message"), "Invalid page.");
    // Also a walk that starts past the end.
    let e = settle(c.get_all_tickets(obj(r#"{"page":99}"#), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "kind"), "api");
}

#[wasm_bindgen_test]
async fn a_walk_on_a_server_that_ignores_body_paging_stops_with_the_error_or_pages_by_query() {
    let c = client("/__/tag=i-legacy,legacy=1,n=250", "");
    let e = settle(c.get_all_tickets(obj(r#"{"page_size":100}"#), JsValue::UNDEFINED))
        .await
        .unwrap_err();
    assert_eq!(get(&e, "kind"), "decode");
    let message = get(&e, "message").as_string().unwrap();
    assert!(
        message.contains("answered page 1 when page 2 was asked for"),
        "{message}"
    );
    assert_eq!(posts("i-legacy").await, 2, "no page 1 again and again");

    let gw = client(
        "/__/tag=i-legacy-gw,legacy=1,n=250",
        r#","gateway":"apigw""#,
    );
    let all: Array = settle(gw.get_all_tickets(obj(r#"{"page_size":100}"#), JsValue::UNDEFINED))
        .await
        .expect("the gateway pages by query string")
        .unchecked_into();
    assert_newest_first_without_gaps(&ids(&all), 250.0);
    assert_eq!(all.length(), 250);
    assert_eq!(posts("i-legacy-gw").await, 3);
}

// ------------------------------------------------------------------------------------------
// Walks that could not end (issue 14): bounded by the first page, stopped when a page brings
// nothing new, and `return()` settles during a slow page.

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn call_method(target: &JsValue, name: &str) -> Promise {
    let f: Function = get(target, name).unchecked_into();
    f.call0(target).unwrap().unchecked_into()
}

#[wasm_bindgen_test]
async fn a_server_that_repeats_its_pages_stops_the_walk_with_an_error() {
    // Page 1's tickets on every page, the page number echoed, a million pages announced: the
    // walk sent thousands of requests a second and never settled.
    for (name, options) in [("i-repeat", "{}"), ("i-repeat-8", r#"{"concurrency":8}"#)] {
        let c = client(&format!("/__/tag={name},fault=repeat"), "");
        let all = c.get_all_tickets(obj(r#"{"page_size":5}"#), obj(options));
        let outcome = within(&all, 10_000).await;
        assert_eq!(text(&outcome, "status"), "rejected", "{name}");
        let e = get(&outcome, "reason");
        assert_eq!(text(&e, "kind"), "decode");
        assert!(
            text(&e, "message").contains("page 2 brought no ticket"),
            "{}",
            text(&e, "message")
        );
        let sent = posts(name).await;
        assert!((2..=9).contains(&sent), "{name}: {sent} requests");
    }
    // The loop body runs for the first page's tickets, then the loop throws.
    let c = client("/__/tag=i-repeat-iter,fault=repeat", "");
    let it = c.iter_tickets(obj(r#"{"page_size":5}"#), JsValue::UNDEFINED);
    let mut seen = 0;
    let e = loop {
        match next(&it).await {
            Ok(Some(_)) => seen += 1,
            Ok(None) => panic!("the walk ended without an error"),
            Err(e) => break e,
        }
    };
    assert_eq!((seen, text(&e, "kind").as_str()), (5, "decode"));
    assert_eq!(posts("i-repeat-iter").await, 2);
}

#[wasm_bindgen_test]
async fn the_first_page_bounds_the_walk() {
    // Every page announces one page more than itself: the walk requests what the first page
    // announced (2 pages), not one more each time.
    let c = client("/__/tag=i-more,fault=moretotal,n=2500", "");
    let all: Array = settle(c.get_all_tickets(obj(r#"{"page_size":100}"#), JsValue::UNDEFINED))
        .await
        .unwrap()
        .unchecked_into();
    assert_eq!(all.length(), 200);
    assert_newest_first_without_gaps(&ids(&all), 2500.0);
    assert_eq!(posts("i-more").await, 2);
}

#[wasm_bindgen_test]
async fn return_settles_during_a_slow_page() {
    // Page 2 never finishes (the timeout is a minute away). An async generator queued
    // `return()` behind the pending `next()`, so a consumer could not stop the walk.
    let c = client("/__/tag=i-return,fault=hang,skip=1", "");
    let it = c.iter_tickets(obj(r#"{"page_size":2}"#), obj(r#"{"timeoutMs":60000}"#));
    for _ in 0..2 {
        assert!(next(&it).await.unwrap().is_some());
    }
    let pending = call_method(&it, "next");
    sleep(300).await;
    let returned = within(&call_method(&it, "return"), 1000).await;
    assert_eq!(text(&returned, "status"), "fulfilled");
    assert!(get(&get(&returned, "value"), "done").is_truthy());
    let pending = within(&pending, 1000).await;
    assert_eq!(text(&pending, "status"), "fulfilled");
    assert!(get(&get(&pending, "value"), "done").is_truthy());
    assert!(next(&it).await.unwrap().is_none());
    assert_eq!(posts("i-return").await, 2);
}
