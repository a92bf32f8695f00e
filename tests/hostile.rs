//! Hostile servers and hostile inputs, in real browsers (tests/browser.sh: headless Chromium
//! and Firefox, against the local server's faults).
//!
//! - The hostile-server matrix: one test per row, each asserting the error kind (and status,
//!   code) and that the next normal call still succeeds, so no answer poisons the module.
//! - Redirects are never followed: the server's log shows the one POST that carried the secret.
//! - Hostile inputs (throwing getters, Proxies, cycles, bigints, huge strings) and a hostile
//!   `fetch` (patched to resolve to a non-Response, to throw, to reject with a string).
//! - Secrets: every error kind provoked with a known secret and token, none of which may appear
//!   in any message, property, `JSON.stringify(e)`, `String(e)`, stack or console line; and the
//!   one warning for `bk_app_secret` over plain `http:` to a host that is not loopback.
//! - Load: 1,000 concurrent calls settle with the right pages, and a second round of 1,000
//!   does not grow the module's memory.
#![cfg(target_arch = "wasm32")]

use bk_itsm_tickets::{create_client, is_itsm_error, Client};
use js_sys::{Array, Object, Promise, Reflect, JSON};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The local server, started by tests/browser.sh.
const SERVER: &str = match option_env!("ITSM_TEST_SERVER") {
    Some(url) => url,
    None => "http://127.0.0.1:8765",
};
const APP_CODE: &str = "bk-itsm-demo";
const APP_SECRET: &str = "demo-secret-3f9a1c0e7b";
const TOKEN: &str = "test-token-admin";
/// The size of the server's default data set; ids 1..=TICKETS, newest (highest) first.
const TICKETS: f64 = 2000.0;

#[wasm_bindgen(inline_js = r#"
function show(x) {
  if (typeof x === 'string') return x;
  if (x instanceof Error) return `${String(x)} ${x.stack ?? ''} ${json(x)}`;
  return json(x);
}
function json(x) {
  try { return JSON.stringify(x) ?? String(x); } catch { return String(x); }
}
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
/** Replaces the console's methods with recorders until `restore()`. */
export function capture_console() {
  const lines = [];
  const saved = {};
  for (const m of METHODS) {
    saved[m] = console[m];
    console[m] = (...args) => { lines.push(`${m}: ${args.map(show).join(' ')}`); };
  }
  return { lines, restore() { Object.assign(console, saved); } };
}
/** Every text a program could read off an error: String(e), JSON.stringify(e), the stack,
 *  the message, and every own property, enumerable or not, symbol-keyed too (values that
 *  are objects, like `issues`, as JSON). */
export function error_texts(e) {
  const out = [`String(e): ${String(e)}`, `JSON.stringify(e): ${json(e)}`,
               `stack: ${String(e?.stack)}`, `message: ${String(e?.message)}`];
  if (e !== null && typeof e === 'object') {
    for (const k of Reflect.ownKeys(e)) {
      const v = e[k];
      out.push(`${String(k)}: ${typeof v === 'string' ? v : json(v)}`);
    }
  }
  return out;
}
export function own_names(e) { return Object.getOwnPropertyNames(e); }
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export async function fetch_json(url) { const r = await fetch(url); return r.json(); }
export function settle_all(promises) { return Promise.allSettled(promises); }
export function used_js_heap() { return globalThis.performance?.memory?.usedJSHeapSize ?? -1; }
export function collect_garbage() {
  if (typeof globalThis.gc === 'function') { globalThis.gc(); return true; }
  return false;
}
export function now() { return Date.now(); }
/** `p`'s outcome, or "pending" if it has not settled within `ms`. */
export function settled_within(p, ms) {
  return Promise.race([
    p.then((v) => ({ status: 'fulfilled', value: v }), (e) => ({ status: 'rejected', reason: e })),
    new Promise((r) => setTimeout(() => r({ status: 'pending' }), ms)),
  ]);
}

// Hostile inputs a JavaScript caller can build.
export function throwing_getter() {
  return Object.defineProperty({}, 'page', { enumerable: true, get() { throw new Error('getter boom'); } });
}
export function throwing_proxy() {
  return new Proxy({}, { ownKeys() { throw new Error('ownKeys boom'); } });
}
export function cyclic_object() { const a = { page: 1 }; a.self = a; return a; }
export function cyclic_list() { const l = ['REQ1']; l.push(l); return { sns: l }; }
export function bigint_page() { return { page: 10n }; }
export function symbol_creator() { return { creator: Symbol('x') }; }
export function function_creator() { return { creator: () => 1 }; }
export function long_list(n) { const l = Array.from({ length: n }, (_, i) => `REQ${i}`); l.push(5); return { sns: l }; }
export function huge_status(n) { return { current_status__in: ['x'.repeat(n)] }; }
export function huge_key(n) { return { ['k'.repeat(n)]: 1 }; }
export function sparse_list(n) { const l = []; l[n] = 'REQ1'; return { sns: l }; }
export function inherited_keys() { return Object.create({ page: 0, pagesize: 1 }); }
export function number_object() { return { page: new Number(2) }; }

// Values a page's libraries hand over: Immer and Redux Toolkit revoke their drafts.
export function revoked() { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; }
export function throwing_length() {
  return new Proxy(['REQ1'], { get(t, k) { if (k === 'length') throw new Error('length boom'); return t[k]; } });
}
export function throwing_index() {
  return Object.defineProperty(['REQ1', 'REQ2'], 1, { enumerable: true, get() { throw new Error('index boom'); } });
}
export function with_value(key, value) { return { [key]: value }; }
export function not_plain(kind) {
  class Filters { constructor() { this.creator = 'admin'; } }
  return {
    map: new Map([['page', 0]]), search: new URLSearchParams('page=0'), date: new Date(),
    instance: new Filters(), inherited: Object.create({ page: 0 }), set: new Set([1]),
  }[kind];
}
export function lone_surrogate(which) { return ['a\uD800b', 'x\uDC00', '\uDBFF', 'ok\uDC00\uD800'][which]; }
export function look_alike_signal(kind) {
  const real = new AbortController().signal;
  return { prototype: Object.create(AbortSignal.prototype), proxy: new Proxy(real, {}), plain: { aborted: false } }[kind];
}
export function aborted_signal() { const c = new AbortController(); c.abort(); return c.signal; }
/** Options whose `signal` getter answers an aborted signal once, then a look-alike; `reads()`
 * counts the getter's runs. */
export function fickle_signal_options() {
  let reads = 0;
  const aborted = aborted_signal();
  const options = Object.defineProperty({}, 'signal', {
    enumerable: true,
    get() { reads += 1; return reads === 1 ? aborted : { aborted: false }; },
  });
  return { options, reads: () => reads };
}
export function call_next(it) { return it.next(); }
export function memory_bytes(memory) { return memory.buffer.byteLength; }
/** `fetch` replaced by one that answers `body` (JSON) with status 200. */
export function answer_with(body) {
  const saved = globalThis.fetch;
  globalThis.fetch = () => Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }));
  return () => { globalThis.fetch = saved; };
}

/** Replaces `fetch` with a hostile one until the returned function is called. */
export function patch_fetch(kind) {
  const saved = globalThis.fetch;
  const fakes = {
    'not-a-response': () => Promise.resolve(42),
    'throws': () => { throw new TypeError('fetch boom'); },
    'rejects-string': () => Promise.reject('a string reason'),
    'rejects-undefined': () => Promise.reject(undefined),
    'deep-json': () => Promise.resolve(new Response(
      '{"result":true,"data":' + '['.repeat(100000) + ']'.repeat(100000) + '}',
      { status: 200, headers: { 'Content-Type': 'application/json' } })),
    'huge-message': () => Promise.resolve(new Response(
      JSON.stringify({ result: false, code: 1, message: 'm'.repeat(5000000) }),
      { status: 200, headers: { 'Content-Type': 'application/json' } })),
    'fake-response': () => Promise.resolve(Object.create(Response.prototype)),
    // A patched or polyfilled fetch that ignores its signal: it never settles, or it answers
    // with a body that never ends.
    'ignores-signal': () => new Promise(() => {}),
    'endless-body': () => Promise.resolve(new Response(new ReadableStream({ start() {} }), { status: 200 })),
    'text-throws': () => Promise.resolve(Object.setPrototypeOf({
      status: 200, headers: new Headers(), type: 'basic',
      text() { throw new Error('text boom'); },
    }, Response.prototype)),
  };
  globalThis.fetch = fakes[kind];
  return () => { globalThis.fetch = saved; };
}
"#)]
extern "C" {
    fn capture_console() -> JsValue;
    fn error_texts(e: &JsValue) -> Array;
    fn own_names(e: &JsValue) -> Array;
    fn sleep(ms: u32) -> Promise;
    fn fetch_json(url: &str) -> Promise;
    fn settle_all(promises: &Array) -> Promise;
    fn used_js_heap() -> f64;
    fn collect_garbage() -> bool;
    fn now() -> f64;
    fn settled_within(p: &Promise, ms: u32) -> Promise;
    fn throwing_getter() -> JsValue;
    fn throwing_proxy() -> JsValue;
    fn cyclic_object() -> JsValue;
    fn cyclic_list() -> JsValue;
    fn bigint_page() -> JsValue;
    fn symbol_creator() -> JsValue;
    fn function_creator() -> JsValue;
    fn long_list(n: u32) -> JsValue;
    fn huge_status(n: u32) -> JsValue;
    fn huge_key(n: u32) -> JsValue;
    fn sparse_list(n: u32) -> JsValue;
    fn inherited_keys() -> JsValue;
    fn number_object() -> JsValue;
    fn patch_fetch(kind: &str) -> js_sys::Function;
    fn revoked() -> JsValue;
    fn throwing_length() -> JsValue;
    fn throwing_index() -> JsValue;
    fn with_value(key: &str, value: &JsValue) -> JsValue;
    fn not_plain(kind: &str) -> JsValue;
    fn lone_surrogate(which: u32) -> JsValue;
    fn look_alike_signal(kind: &str) -> JsValue;
    fn aborted_signal() -> JsValue;
    fn fickle_signal_options() -> JsValue;
    fn call_next(it: &JsValue) -> Promise;
    fn memory_bytes(memory: &JsValue) -> f64;
    fn answer_with(body: &str) -> js_sys::Function;
}

// ------------------------------------------------------------------------------------------
// Helpers

fn js(value: serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).expect("test JSON")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

fn number(v: &JsValue, key: &str) -> Option<f64> {
    get(v, key).as_f64()
}

/// The configuration of a client at `base` with the demo app and admin's token, no retries
/// (each row is one request), `extra` merged in.
fn config(base: &str, extra: serde_json::Value) -> JsValue {
    let mut config = json!({
        "baseUrl": base,
        "bk_app_code": APP_CODE,
        "bk_app_secret": APP_SECRET,
        "bk_token": TOKEN,
        "retries": 0,
    });
    if let (Some(c), Some(extra)) = (config.as_object_mut(), extra.as_object()) {
        c.extend(extra.clone());
    }
    js(config)
}

fn client_with(config: JsValue) -> Client {
    match create_client(config) {
        Ok(c) => c,
        Err(e) => panic!("createClient refused: {}", text(&e, "message")),
    }
}

thread_local! {
    /// Tags carry this run's id: browser.sh runs every browser against one server, whose
    /// `times=` counters and logs are per tag.
    static RUN: String = format!("{:08x}", (js_sys::Math::random() * 4_294_967_295.0) as u32);
}

/// `name` made unique to this run.
fn tag(name: &str) -> String {
    RUN.with(|run| format!("{name}-{run}"))
}

/// A client whose requests are logged under `name` (see [`tag`]) and go through the server's
/// test prefix options `opts` (e.g. `fault=html502`).
fn client(name: &str, opts: &str, extra: serde_json::Value) -> Client {
    let sep = if opts.is_empty() { "" } else { "," };
    client_with(config(
        &format!("{SERVER}/__/tag={}{sep}{opts}", tag(name)),
        extra,
    ))
}

async fn call(
    client: &Client,
    params: serde_json::Value,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    JsFuture::from(client.get_tickets(js(params), options)).await
}

fn describe(e: &JsValue) -> String {
    format!("[{}] {}", text(e, "kind"), text(e, "message"))
}

/// Asserts `e` is an `ItsmError` of `kind` and returns it.
fn itsm_error(e: JsValue, kind: &str) -> JsValue {
    assert!(is_itsm_error(e.clone()), "not an ItsmError: {e:?}");
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error");
    assert_eq!(text(&e, "name"), "ItsmError");
    assert_eq!(text(&e, "kind"), kind, "{}", describe(&e));
    assert!(!text(&e, "message").trim().is_empty());
    e
}

async fn page_of(client: &Client, params: serde_json::Value) -> JsValue {
    match call(client, params, JsValue::UNDEFINED).await {
        Ok(page) => page,
        Err(e) => panic!("the call failed: {}", describe(&e)),
    }
}

/// Page `page` of 5, checked against the data set (newest first).
async fn assert_normal_call(client: &Client, page: u32) {
    let p = page_of(client, json!({ "page": page, "page_size": 5 })).await;
    assert_eq!(number(&p, "page"), Some(f64::from(page)));
    assert_eq!(number(&p, "count"), Some(TICKETS));
    let items: Array = get(&p, "items").unchecked_into();
    assert_eq!(items.length(), 5);
    let first = number(&items.get(0), "id");
    assert_eq!(first, Some(TICKETS - f64::from(page - 1) * 5.0));
}

/// The POSTs the server logged for `name` (see [`tag`]).
async fn posts(name: &str) -> Vec<JsValue> {
    let url = format!("{SERVER}/__log?tag={}", tag(name));
    let list: Array = JsFuture::from(fetch_json(&url))
        .await
        .expect("the server log")
        .unchecked_into();
    list.iter()
        .filter(|e| text(e, "method") == "POST")
        .collect()
}

/// One row of the matrix: a call through `fault` (with `times=1`, so the same client's next
/// call is served normally) fails with `kind`; then that next call succeeds.
async fn row(name: &str, fault: &str, extra: serde_json::Value, kind: &str) -> JsValue {
    let name = format!("hostile-{name}");
    let c = client(&name, &format!("{fault},times=1"), extra);
    let e = match call(&c, json!({ "page_size": 5 }), JsValue::UNDEFINED).await {
        Ok(page) => panic!("{name}: resolved to {:?}", JSON::stringify(&page)),
        Err(e) => itsm_error(e, kind),
    };
    assert_eq!(number(&e, "attempts"), Some(1.0), "{name}");
    let url = text(&e, "url");
    assert!(url.contains(&tag(&name)), "{name}: url {url}");
    assert_normal_call(&c, 2).await;
    e
}

// ------------------------------------------------------------------------------------------
// The hostile-server matrix

#[wasm_bindgen_test]
async fn matrix_html_502_page() {
    let e = row("html502", "fault=html502", json!({}), "http").await;
    assert_eq!(number(&e, "status"), Some(502.0));
    assert!(text(&e, "message").contains("HTTP 502 Bad Gateway"));
    assert!(text(&e, "message").contains("text/html"));
}

#[wasm_bindgen_test]
async fn matrix_empty_body() {
    let e = row("empty", "fault=empty", json!({}), "decode").await;
    assert_eq!(number(&e, "status"), Some(200.0));
    assert!(
        text(&e, "message").contains("empty body"),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn matrix_truncated_json() {
    let e = row("truncated", "fault=truncated", json!({}), "decode").await;
    assert!(text(&e, "message").contains("not the API's JSON envelope"));
}

#[wasm_bindgen_test]
async fn matrix_json_that_is_not_an_object() {
    let e = row("notobject", "fault=notobject", json!({}), "decode").await;
    assert!(
        text(&e, "message").contains("[1, 2, 3]"),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn matrix_result_missing() {
    let e = row("noresult", "fault=noresult", json!({}), "decode").await;
    assert!(text(&e, "message").contains("no boolean `result`"));
}

#[wasm_bindgen_test]
async fn matrix_result_true_with_data_null() {
    let e = row("datanull", "fault=datanull", json!({}), "decode").await;
    assert!(text(&e, "message").contains("data: expected a page object, got null"));
    assert!(
        !text(&e, "requestId").is_empty(),
        "the ESB request id is kept"
    );
}

#[wasm_bindgen_test]
async fn matrix_data_a_bare_array() {
    let e = row("bararray", "fault=bararray", json!({}), "decode").await;
    assert!(
        text(&e, "message").contains("switched paging off"),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn matrix_items_not_an_array() {
    let e = row("itemsnotarray", "fault=itemsnotarray", json!({}), "decode").await;
    assert!(text(&e, "message").contains("data.items: expected an array"));
}

#[wasm_bindgen_test]
async fn matrix_an_item_with_wrong_typed_fields() {
    let e = row("badfield", "fault=badfield", json!({}), "decode").await;
    assert!(
        text(&e, "message").contains(r#"data.items[0].id: expected an integer, got "abc""#),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn matrix_code_as_a_string() {
    let e = row("codestr", "fault=codestr", json!({}), "api").await;
    assert_eq!(
        get(&e, "code").as_string().as_deref(),
        Some("SERVER_500_ERROR")
    );
    assert_eq!(text(&e, "message"), "Invalid page.");
    assert_eq!(number(&e, "status"), Some(200.0));
}

#[wasm_bindgen_test]
async fn matrix_code_as_a_number() {
    let e = row("codenum", "fault=codenum", json!({}), "api").await;
    assert_eq!(number(&e, "code"), Some(1_306_000.0));
    assert!(text(&e, "message").starts_with("User authentication failed"));
}

#[wasm_bindgen_test]
async fn matrix_a_20_mb_body() {
    let c = client(
        "hostile-huge",
        "fault=huge,times=1",
        json!({ "timeoutMs": 60_000 }),
    );
    let start = now();
    let page = page_of(&c, json!({ "page_size": 5 })).await;
    let items: Array = get(&page, "items").unchecked_into();
    assert_eq!(items.length(), 2000);
    assert_eq!(number(&page, "count"), Some(2000.0));
    assert!(text(&items.get(0), "title").chars().count() > 2500);
    web_sys::console::log_1(&format!("20 MB page checked in {} ms", now() - start).into());
    assert_normal_call(&c, 2).await;
}

#[wasm_bindgen_test]
async fn matrix_a_never_ending_response_times_out() {
    let c = client(
        "hostile-hang",
        "fault=hang,times=1",
        json!({ "timeoutMs": 1000 }),
    );
    let start = now();
    let e = itsm_error(
        call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err(),
        "timeout",
    );
    let took = now() - start;
    assert!((900.0..10_000.0).contains(&took), "took {took} ms");
    assert!(text(&e, "message").contains("1000 ms"));
    assert_normal_call(&c, 2).await;
}

#[wasm_bindgen_test]
async fn matrix_a_dropped_connection() {
    // Without `times`: a browser may resend a request whose reused connection dropped, and
    // that resend must fail too. The next call goes to a clean URL.
    let c = client("hostile-drop", "fault=drop", json!({}));
    let e = itsm_error(
        call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err(),
        "network",
    );
    assert_eq!(get(&e, "status"), JsValue::UNDEFINED);
    assert!(text(&e, "message").starts_with("no answer from"));
    assert_normal_call(&client("hostile-drop-next", "", json!({})), 3).await;
}

#[wasm_bindgen_test]
async fn matrix_a_redirect_to_another_origin_is_not_followed() {
    let e = row("redirect", "fault=redirect", json!({}), "http").await;
    assert!(
        text(&e, "message").contains("never follows redirects"),
        "{}",
        describe(&e)
    );
    // The redirect was not followed: one POST (the row's) before the next normal call's.
    let posts = posts("hostile-redirect").await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    // ... and it did carry the secret, which a followed 307 would have re-sent elsewhere.
    assert_eq!(text(&get(&posts[0], "body"), "bk_app_secret"), APP_SECRET);
}

#[wasm_bindgen_test]
async fn matrix_a_same_origin_redirect_is_not_followed_either() {
    let e = row("redirect-same", "fault=redirect-same", json!({}), "http").await;
    assert!(text(&e, "message").contains("never follows redirects"));
    assert_eq!(posts("hostile-redirect-same").await.len(), 2);
}

#[wasm_bindgen_test]
async fn matrix_429_with_retry_after() {
    let e = row("429", "fault=429,retryafter=1", json!({}), "api").await;
    assert_eq!(number(&e, "status"), Some(429.0));
    assert_eq!(number(&e, "code"), Some(1_642_901.0));
    assert_eq!(
        text(&e, "message"),
        "API rate limit exceeded by stage global limit"
    );
    // With retries, the client waits the Retry-After second and the retry succeeds.
    let c = client(
        "hostile-429-retry",
        "fault=429,retryafter=1,times=1",
        json!({ "retries": 1 }),
    );
    let page = page_of(&c, json!({ "page_size": 5 })).await;
    assert_eq!(number(&page, "page"), Some(1.0));
    let at: Vec<f64> = posts("hostile-429-retry")
        .await
        .iter()
        .filter_map(|e| number(e, "at"))
        .collect();
    assert_eq!(at.len(), 2, "one 429 then one retry");
    assert!(at[1] - at[0] >= 950.0, "retried after {} ms", at[1] - at[0]);
}

#[wasm_bindgen_test]
async fn matrix_a_gateway_error_with_its_headers() {
    let e = row(
        "gwerror",
        "fault=gwerror",
        json!({ "gateway": "apigw" }),
        "api",
    )
    .await;
    assert_eq!(number(&e, "status"), Some(403.0));
    assert_eq!(number(&e, "code"), Some(1_640_301.0));
    assert_eq!(text(&e, "message"), "App has no permission to the resource");
    // X-Bkapi-Request-ID, a uuid4, read through CORS.
    assert_eq!(text(&e, "requestId").len(), 36, "{}", text(&e, "requestId"));
}

#[wasm_bindgen_test]
async fn matrix_a_gateway_timeout() {
    let e = row("504", "fault=504", json!({ "gateway": "apigw" }), "api").await;
    assert_eq!(number(&e, "status"), Some(504.0));
    assert_eq!(number(&e, "code"), Some(1_650_401.0));
}

#[wasm_bindgen_test]
async fn matrix_a_503_page() {
    let e = row("503", "fault=503", json!({}), "http").await;
    assert_eq!(number(&e, "status"), Some(503.0));
}

#[wasm_bindgen_test]
async fn matrix_a_login_page_with_status_200() {
    let e = row("html200", "fault=html200", json!({}), "decode").await;
    assert!(
        text(&e, "message").contains("text/html"),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn matrix_a_plain_text_404() {
    let e = row("status404", "status=404", json!({}), "http").await;
    assert_eq!(number(&e, "status"), Some(404.0));
    assert!(
        text(&e, "message").contains("fault status 404"),
        "{}",
        describe(&e)
    );
}

// ------------------------------------------------------------------------------------------
// A hostile fetch (a page may patch it) and hostile answers the server cannot send

async fn with_fetch(kind: &str, kind_expected: &str) -> JsValue {
    let c = client_with(config(SERVER, json!({})));
    let restore = patch_fetch(kind);
    let result = call(&c, json!({}), JsValue::UNDEFINED).await;
    let _ = restore.call0(&JsValue::NULL);
    let e = match result {
        Ok(_) => panic!("{kind}: resolved"),
        Err(e) => itsm_error(e, kind_expected),
    };
    assert_normal_call(&c, 4).await;
    e
}

#[wasm_bindgen_test]
async fn a_fetch_that_resolves_to_something_else() {
    with_fetch("not-a-response", "network").await;
}

#[wasm_bindgen_test]
async fn a_fetch_that_throws() {
    let e = with_fetch("throws", "network").await;
    assert!(text(&e, "message").contains("fetch boom"));
}

#[wasm_bindgen_test]
async fn a_fetch_that_rejects_with_a_string_or_nothing() {
    let e = with_fetch("rejects-string", "network").await;
    assert!(text(&e, "message").contains("a string reason"));
    with_fetch("rejects-undefined", "network").await;
}

#[wasm_bindgen_test]
async fn a_response_whose_body_cannot_be_read() {
    with_fetch("text-throws", "network").await;
}

/// Starts a call through a `fetch` patched to resolve to an object that is `instanceof
/// Response` without being one (none of its internal slots: its getters throw), and returns
/// the call's outcome after 3 s ("pending" if it has not settled).
async fn through_a_fake_response(c: &Client) -> JsValue {
    let restore = patch_fetch("fake-response");
    let pending = c.get_tickets(js(json!({})), JsValue::UNDEFINED);
    // The fetch happens when the call's future first runs, a microtask later: restore the
    // real fetch only once the outcome is known.
    let outcome = JsFuture::from(settled_within(&pending, 3000))
        .await
        .expect("race");
    let _ = restore.call0(&JsValue::NULL);
    outcome
}

#[wasm_bindgen_test]
async fn a_fake_response_does_not_poison_the_module() {
    let c = client_with(config(SERVER, json!({})));
    let _ = through_a_fake_response(&c).await;
    let next = c.get_tickets(js(json!({ "page_size": 1 })), JsValue::UNDEFINED);
    let next = JsFuture::from(settled_within(&next, 3000))
        .await
        .expect("race");
    assert_eq!(
        text(&next, "status"),
        "fulfilled",
        "{:?}",
        JSON::stringify(&next)
    );
    assert_normal_call(&c, 4).await;
}

#[wasm_bindgen_test]
async fn a_fake_response_rejects() {
    let c = client_with(config(SERVER, json!({})));
    let outcome = through_a_fake_response(&c).await;
    assert_eq!(
        text(&outcome, "status"),
        "rejected",
        "{:?}",
        JSON::stringify(&outcome)
    );
    itsm_error(get(&outcome, "reason"), "network");
}

#[wasm_bindgen_test]
async fn json_nested_100000_deep() {
    // Chromium parses it (a bare array: paging off); Firefox's JSON.parse may give up (not
    // JSON): a decode error either way, and no recursion on our side.
    with_fetch("deep-json", "decode").await;
}

#[wasm_bindgen_test]
async fn a_5_mb_api_message_is_shortened() {
    let e = with_fetch("huge-message", "api").await;
    let length = text(&e, "message").chars().count();
    assert!(length <= 2001, "a {length}-character message");
}

// ------------------------------------------------------------------------------------------
// Hostile inputs: refused by name, nothing sent, and the module still works

async fn refused(params: JsValue, field: &str) -> JsValue {
    let c = client("hostile-inputs", "", json!({}));
    let e = match JsFuture::from(c.get_tickets(params, JsValue::UNDEFINED)).await {
        Ok(_) => panic!("accepted"),
        Err(e) => itsm_error(e, "validation"),
    };
    assert_eq!(text(&e, "field"), field, "{}", describe(&e));
    assert_eq!(number(&e, "attempts"), Some(0.0));
    let issues: Array = get(&e, "issues").unchecked_into();
    assert!(issues.length() >= 1);
    assert_normal_call(&c, 5).await;
    e
}

#[wasm_bindgen_test]
async fn inputs_a_throwing_getter() {
    let e = refused(throwing_getter(), "params").await;
    assert!(text(&e, "message").contains("getter boom"));
}

#[wasm_bindgen_test]
async fn inputs_a_proxy_that_throws() {
    refused(throwing_proxy(), "params").await;
}

#[wasm_bindgen_test]
async fn inputs_cycles() {
    refused(cyclic_object(), "self").await;
    refused(cyclic_list(), "sns").await;
}

#[wasm_bindgen_test]
async fn inputs_bigints_symbols_functions_boxed_numbers() {
    refused(bigint_page(), "page").await;
    refused(symbol_creator(), "creator").await;
    refused(function_creator(), "creator").await;
    refused(number_object(), "page").await;
}

#[wasm_bindgen_test]
async fn inputs_huge_lists_strings_and_keys() {
    let e = refused(long_list(100_000), "sns").await;
    assert!(
        text(&e, "message").starts_with("sns[100000]: "),
        "{}",
        describe(&e)
    );
    // A huge value is quoted shortened; a huge unknown key is the caller's own name for it.
    let e = refused(huge_status(5_000_000), "current_status__in").await;
    assert!(
        text(&e, "message").chars().count() < 1000,
        "{}",
        describe(&e)
    );
    refused(huge_key(100_000), &"k".repeat(100_000)).await;
    let e = refused(sparse_list(100_000), "sns").await;
    assert!(
        text(&e, "message").starts_with("sns[0]: "),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn inputs_with_a_prototype_of_their_own_are_refused() {
    // An object whose prototype holds keys is not a plain object: its own keys say nothing
    // of what the caller meant, so it is refused rather than read as "no filters".
    let e = refused(inherited_keys(), "params").await;
    assert!(
        text(&e, "message").contains("not a plain object"),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn inputs_bad_options() {
    let c = client("hostile-inputs", "", json!({}));
    for (options, field) in [
        (json!({ "timeoutMs": -1 }), "timeoutMs"),
        (json!({ "timeoutMs": "100" }), "timeoutMs"),
        (json!({ "signal": {} }), "signal"),
        (json!({ "retries": 1e300 }), "retries"),
        (json!({ "timeout": 5 }), "timeout"),
    ] {
        let e = call(&c, json!({}), js(options.clone())).await.unwrap_err();
        let e = itsm_error(e, "validation");
        assert_eq!(text(&e, "field"), field, "{options}");
    }
    assert_normal_call(&c, 6).await;
}

#[wasm_bindgen_test]
async fn accepted_params_reach_the_server_as_meant() {
    // Strings with every character class JSON escapes, numbers at the edge of exactness and
    // digit strings: the server's JSON.parse must read exactly what was meant.
    let odd = "工单 \"<img src=x>\" \\ \u{2028}\u{2029}\u{0}\u{1f}\n\t😀\u{10ffff}";
    let c = client("hostile-wire", "", json!({}));
    let params = json!({
        "sns": [odd, "REQ1"],
        "creator": odd,
        "create_at__gte": "2020-02-29 00:00:00",
        "create_at__lte": "2020-02-29 23:59:59",
        "current_status__in": ["RUNNING", "0123456789abcdef0123456789ABCDEF"],
        "service_id__in": [1, "2", 9_007_199_254_740_991_i64],
        "bk_biz_id__in": [-1, "007"],
        "page": "0001",
        "page_size": "0010",
        "tag": "工单 \"<x>\"",
        "project_key": odd.chars().take(32).collect::<String>(),
    });
    let page = page_of(&c, params).await;
    assert_eq!(number(&page, "count"), Some(0.0), "nothing matches");
    let posts = posts("hostile-wire").await;
    let body = JSON::stringify(&get(&posts[0], "body"))
        .map(String::from)
        .unwrap_or_default();
    let seen: serde_json::Value = serde_json::from_str(&body).expect("the logged body");
    assert_eq!(
        seen,
        json!({
            "bk_app_code": APP_CODE,
            "bk_app_secret": APP_SECRET,
            "bk_token": TOKEN,
            "sns": [odd, "REQ1"],
            "creator": odd,
            "create_at__lte": "2020-02-29 23:59:59",
            "create_at__gte": "2020-02-29 00:00:00",
            "current_status__in": ["RUNNING", "0123456789abcdef0123456789ABCDEF"],
            "service_id__in": [1, 2, 9_007_199_254_740_991_i64],
            "bk_biz_id__in": [-1, 7],
            "page": 1,
            "page_size": 10,
            "tag": "工单 \"<x>\"",
            "project_key": odd.chars().take(32).collect::<String>(),
        })
    );
}

// ------------------------------------------------------------------------------------------
// Secrets

const SECRET: &str = "S3CRET-sweep-1234";
const SWEEP_TOKEN: &str = "TOKEN-sweep-5678";

/// Asserts that no text of `e` holds the secret or the token.
fn assert_no_secret(e: &JsValue, what: &str) {
    let texts = error_texts(e);
    assert!(texts.length() >= 6, "{what}: {} texts", texts.length());
    for t in texts.iter() {
        let t = t.as_string().unwrap_or_default();
        assert!(
            !t.contains(SECRET) && !t.contains(SWEEP_TOKEN),
            "{what}: {t}"
        );
    }
    // Non-enumerable properties are in the texts too: the message is one.
    let names: Vec<String> = own_names(e).iter().filter_map(|n| n.as_string()).collect();
    assert!(names.iter().any(|n| n == "message"), "{what}: {names:?}");
}

/// Calls and returns the rejection, which must be of `kind`.
async fn provoke(c: &Client, params: serde_json::Value, options: JsValue, kind: &str) -> JsValue {
    match call(c, params, options).await {
        Ok(_) => panic!("resolved, expected {kind}"),
        Err(e) => itsm_error(e, kind),
    }
}

/// Every error kind, with the secret and the token in the client (`in_client`) or in the
/// call's parameters, and also placed where a server or a caller would echo them: in URLs,
/// in a refused value, as an unknown key, as an abort reason.
async fn sweep(in_client: bool) -> Vec<(String, JsValue)> {
    let secrets = json!({ "bk_app_secret": SECRET, "bk_token": SWEEP_TOKEN });
    let (client_secrets, call_secrets) = if in_client {
        (secrets.clone(), json!({}))
    } else {
        (
            json!({ "bk_app_secret": null, "bk_token": null }),
            secrets.clone(),
        )
    };
    let make = |base: String, extra: serde_json::Value| {
        let mut c = json!({ "baseUrl": base, "bk_app_code": APP_CODE, "retries": 0 });
        for part in [&client_secrets, &extra] {
            for (k, v) in part.as_object().into_iter().flatten() {
                if v.is_null() {
                    c.as_object_mut().map(|c| c.remove(k));
                } else if let Some(c) = c.as_object_mut() {
                    c.insert(k.clone(), v.clone());
                }
            }
        }
        client_with(js(c))
    };
    let params = |extra: serde_json::Value| {
        let mut p = call_secrets.clone();
        if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
            p.extend(extra.clone());
        }
        p
    };
    let tagged = |name: &str, fault: &str| {
        // The token in the URL itself: error messages and `url` quote it.
        let name = tag(&format!("sweep-{name}-{SWEEP_TOKEN}"));
        format!("{SERVER}/__/tag={name},{fault}")
    };
    let mut errors = Vec::new();
    let plain = make(format!("{SERVER}/__/tag={}", tag("sweep")), json!({}));

    // validation: a bad value elsewhere, the secret as a refused value and as an unknown key.
    let e = provoke(
        &plain,
        params(json!({
            "page_size": 0,
            "current_status__in": [SECRET],
            SWEEP_TOKEN: 1,
            "creator": format!("x{SECRET}"),
            "sns": [format!("{SWEEP_TOKEN}"), 5],
        })),
        JsValue::UNDEFINED,
        "validation",
    )
    .await;
    errors.push(("validation, valid secrets".to_owned(), e));
    // validation: the secrets themselves of the wrong type.
    let e = provoke(
        &plain,
        json!({ "bk_app_secret": [SECRET], "bk_token": { "t": SWEEP_TOKEN }, "page": 0 }),
        JsValue::UNDEFINED,
        "validation",
    )
    .await;
    errors.push(("validation, bad-typed secrets".to_owned(), e));
    // validation in the options.
    let e = provoke(
        &plain,
        params(json!({})),
        js(json!({ "timeoutMs": SECRET })),
        "validation",
    )
    .await;
    errors.push(("validation, options".to_owned(), e));

    // api: the server echoes the path, which holds the token (ESB 404 JSON) ...
    let echo = make(format!("{SERVER}/{SWEEP_TOKEN}/{SECRET}"), json!({}));
    let e = provoke(&echo, params(json!({})), JsValue::UNDEFINED, "api").await;
    errors.push(("api, echoed path".to_owned(), e));
    // ... the gateway echoes its stage in the message and the X-Bkapi-Error-Message header ...
    let stage = make(
        SERVER.to_owned(),
        json!({ "gateway": "apigw", "stage": SWEEP_TOKEN }),
    );
    let e = provoke(&stage, params(json!({})), JsValue::UNDEFINED, "api").await;
    assert_eq!(number(&e, "status"), Some(404.0));
    errors.push(("api, echoed gateway stage".to_owned(), e));
    // ... and ESB refuses the unknown secret.
    let esb = make(SERVER.to_owned(), json!({}));
    let e = provoke(&esb, params(json!({})), JsValue::UNDEFINED, "api").await;
    errors.push(("api, wrong secret".to_owned(), e));

    // http, network, timeout, decode: the token in the URL.
    let c = make(tagged("http", "fault=html502"), json!({}));
    errors.push((
        "http".to_owned(),
        provoke(&c, params(json!({})), JsValue::UNDEFINED, "http").await,
    ));
    let c = make(tagged("redirect", "fault=redirect"), json!({}));
    errors.push((
        "http, redirect".to_owned(),
        provoke(&c, params(json!({})), JsValue::UNDEFINED, "http").await,
    ));
    let c = make(tagged("network", "fault=drop"), json!({}));
    errors.push((
        "network".to_owned(),
        provoke(&c, params(json!({})), JsValue::UNDEFINED, "network").await,
    ));
    let c = make(tagged("timeout", "fault=hang"), json!({ "timeoutMs": 300 }));
    errors.push((
        "timeout".to_owned(),
        provoke(&c, params(json!({})), JsValue::UNDEFINED, "timeout").await,
    ));
    let c = make(tagged("decode", "fault=badfield"), json!({}));
    errors.push((
        "decode".to_owned(),
        provoke(&c, params(json!({})), JsValue::UNDEFINED, "decode").await,
    ));

    // aborted: before the call, and during it with the secret as the abort reason.
    let c = make(tagged("aborted", "fault=hang"), json!({}));
    let controller = web_sys::AbortController::new().expect("AbortController");
    controller.abort_with_reason(&JsValue::from_str(SECRET));
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).expect("set");
    errors.push((
        "aborted, before".to_owned(),
        provoke(&c, params(json!({})), options.into(), "aborted").await,
    ));
    let controller = web_sys::AbortController::new().expect("AbortController");
    let options = Object::new();
    Reflect::set(&options, &"signal".into(), &controller.signal()).expect("set");
    let pending = c.get_tickets(js(params(json!({}))), options.into());
    let _ = JsFuture::from(sleep(200)).await;
    controller.abort_with_reason(&JsValue::from_str(SWEEP_TOKEN));
    let e = JsFuture::from(pending).await.expect_err("aborted");
    errors.push(("aborted, during".to_owned(), itsm_error(e, "aborted")));
    errors
}

#[wasm_bindgen_test]
async fn secrets_never_appear_in_errors_or_the_console() {
    let console = capture_console();
    let mut all = sweep(true).await;
    all.extend(sweep(false).await);
    let _ = Reflect::get(&console, &"restore".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(|f| f.call0(&console));
    let kinds: std::collections::BTreeSet<String> =
        all.iter().map(|(_, e)| text(e, "kind")).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "aborted",
            "api",
            "decode",
            "http",
            "network",
            "timeout",
            "validation"
        ]
    );
    for (what, e) in &all {
        assert_no_secret(e, what);
    }
    // The unknown key that is the token is named, redacted.
    let issues = JSON::stringify(&get(&all[0].1, "issues"))
        .map(String::from)
        .unwrap_or_default();
    assert!(
        issues.contains(r#"{"field":"[REDACTED]","message":"[REDACTED]: is not a known key"#),
        "{issues}"
    );
    let lines: Array = get(&console, "lines").unchecked_into();
    for line in lines.iter() {
        let line = line.as_string().unwrap_or_default();
        assert!(
            !line.contains(SECRET) && !line.contains(SWEEP_TOKEN),
            "console: {line}"
        );
    }
    web_sys::console::log_1(
        &format!(
            "secret sweep: {} errors, {} console lines, no secret",
            all.len(),
            lines.length()
        )
        .into(),
    );
}

#[wasm_bindgen_test]
async fn secrets_never_appear_in_configuration_errors() {
    // The secret where a caller might paste it by mistake: in the URL's query (refused, and
    // quoted in the message) and as an unknown key.
    for config in [
        json!({ "bk_app_secret": SECRET, "baseUrl": format!("http://127.0.0.1:1/?secret={SECRET}") }),
        json!({ "bk_token": SWEEP_TOKEN, "baseUrl": format!("https://x/{SWEEP_TOKEN} ") }),
        json!({ "bk_token": SWEEP_TOKEN, SWEEP_TOKEN: 1 }),
        json!({ "bk_app_secret": [SECRET], "bk_token": { "t": SWEEP_TOKEN } }),
        json!({ "bk_app_secret": SECRET, "gateway": SECRET }),
    ] {
        let e = match create_client(js(config.clone())) {
            Ok(_) => panic!("accepted {config}"),
            Err(e) => itsm_error(e, "validation"),
        };
        assert_no_secret(&e, &config.to_string());
    }
}

#[wasm_bindgen_test]
async fn a_secret_over_plain_http_to_a_remote_host_warns_once() {
    let console = capture_console();
    let lines: Array = get(&console, "lines").unchecked_into();
    let warnings = || {
        lines
            .iter()
            .filter_map(|l| l.as_string())
            .filter(|l| l.starts_with("warn: "))
            .collect::<Vec<_>>()
    };
    // Loopback over http and a remote host over https: no warning.
    let local = client_with(config(SERVER, json!({ "bk_app_secret": SECRET })));
    let _ = call(&local, json!({}), JsValue::UNDEFINED).await;
    let remote_https = client_with(config("https://192.0.2.1:9", json!({ "timeoutMs": 300 })));
    let _ = call(&remote_https, json!({}), JsValue::UNDEFINED).await;
    // A remote host (TEST-NET-1, unroutable) over http without the secret: no warning.
    let no_secret = client_with(js(
        json!({ "baseUrl": "http://192.0.2.1:9", "bk_token": TOKEN, "timeoutMs": 300, "retries": 0 }),
    ));
    let _ = call(&no_secret, json!({}), JsValue::UNDEFINED).await;
    // An invalid call sends nothing: no warning.
    let remote = client_with(config(
        "http://192.0.2.1:9",
        json!({ "bk_app_secret": SECRET, "timeoutMs": 300 }),
    ));
    let _ = call(&remote, json!({ "page": 0 }), JsValue::UNDEFINED).await;
    let before = warnings();
    // The secret to the remote host over http: one warning, however many calls.
    let first = call(&remote, json!({}), JsValue::UNDEFINED).await;
    let _ = call(&remote, json!({}), JsValue::UNDEFINED).await;
    let after = warnings();
    let _ = Reflect::get(&console, &"restore".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .map(|f| f.call0(&console));
    assert!(before.is_empty(), "warned too early: {before:?}");
    let e = first.expect_err("192.0.2.1 is unreachable");
    let kind = text(&e, "kind");
    assert!(kind == "network" || kind == "timeout", "{}", describe(&e));
    assert_eq!(after.len(), 1, "{after:?}");
    assert!(after[0].contains("http:"), "{}", after[0]);
    assert!(!after[0].contains(SECRET), "{}", after[0]);
}

// ------------------------------------------------------------------------------------------
// Load

fn linear_memory_bytes() -> f64 {
    let buffer = get(&wasm_bindgen::memory(), "buffer");
    number(&buffer, "byteLength").unwrap_or(0.0)
}

/// 1,000 concurrent calls through one client; every one must resolve to its own page.
async fn thousand_calls(c: &Client, round: u32) {
    let promises = Array::new();
    for i in 0..1000u32 {
        let page = i % 200 + 1;
        let params = js(json!({ "page": page, "page_size": 10 }));
        promises.push(&c.get_tickets(params, JsValue::UNDEFINED));
    }
    let settled: Array = JsFuture::from(settle_all(&promises))
        .await
        .expect("allSettled")
        .unchecked_into();
    assert_eq!(settled.length(), 1000);
    for (i, outcome) in settled.iter().enumerate() {
        let page = f64::from(u32::try_from(i).unwrap_or(0) % 200 + 1);
        assert_eq!(
            text(&outcome, "status"),
            "fulfilled",
            "round {round}, call {i}: {}",
            describe(&get(&outcome, "reason"))
        );
        let value = get(&outcome, "value");
        assert_eq!(
            number(&value, "page"),
            Some(page),
            "round {round}, call {i}"
        );
        let items: Array = get(&value, "items").unchecked_into();
        assert_eq!(items.length(), 10);
        assert_eq!(
            number(&items.get(0), "id"),
            Some(TICKETS - (page - 1.0) * 10.0)
        );
    }
}

#[wasm_bindgen_test]
async fn a_thousand_concurrent_calls_settle_and_memory_comes_back() {
    let c = client("hostile-load", "", json!({ "timeoutMs": 120_000 }));
    assert_normal_call(&c, 1).await; // warm up: preflight cached, module allocated
    let gc = collect_garbage();
    let (memory_before, heap_before) = (linear_memory_bytes(), used_js_heap());
    let start = now();
    thousand_calls(&c, 1).await;
    let first = now() - start;
    let memory_after_one = linear_memory_bytes();
    let start = now();
    thousand_calls(&c, 2).await;
    let second = now() - start;
    collect_garbage();
    let _ = JsFuture::from(sleep(100)).await;
    collect_garbage();
    let (memory_after_two, heap_after) = (linear_memory_bytes(), used_js_heap());
    web_sys::console::log_1(
        &format!(
            "load: 1000 calls in {first} ms, then {second} ms; wasm memory {memory_before} -> \
             {memory_after_one} -> {memory_after_two} bytes; JS heap {heap_before} -> {heap_after} \
             (gc exposed: {gc})"
        )
        .into(),
    );
    // The first round may grow linear memory once; the second must fit in what is there.
    assert_eq!(
        memory_after_two, memory_after_one,
        "the second round grew wasm memory"
    );
    if gc && heap_before > 0.0 {
        assert!(
            heap_after - heap_before < 8.0 * 1024.0 * 1024.0,
            "JS heap grew by {} bytes",
            heap_after - heap_before
        );
    }
    assert_normal_call(&c, 7).await;
}

// ------------------------------------------------------------------------------------------
// Issue 14: nothing a page, a server or a library hands over may break the module for the rest
// of the page, leak a secret, or send requests without end.

fn restore(f: &js_sys::Function) {
    let _ = f.call0(&JsValue::NULL);
}

/// `p`'s outcome within `ms` ("pending" when it has not settled).
async fn within(p: &Promise, ms: u32) -> JsValue {
    JsFuture::from(settled_within(p, ms)).await.expect("race")
}

/// The validation error `p` rejects with, within 3 s.
async fn rejects_validation(p: &Promise, what: &str) -> JsValue {
    let outcome = within(p, 3000).await;
    assert_eq!(
        text(&outcome, "status"),
        "rejected",
        "{what}: {:?}",
        JSON::stringify(&outcome)
    );
    itsm_error(get(&outcome, "reason"), "validation")
}

#[wasm_bindgen_test]
async fn revoked_proxies_and_throwing_lengths_never_unwind_through_the_module() {
    // Every position a caller's value can take, read a few hundred times: each read that threw
    // through the module's frames leaked part of its stack, and after ~240 calls every export
    // failed with "memory access out of bounds" until the page reloaded.
    let c = client("hostile-revoked", "", json!({}));
    let mut calls = 0;
    for round in 0..60 {
        let inputs = [
            ("params", revoked(), JsValue::UNDEFINED),
            (
                "creator",
                with_value("creator", &revoked()),
                JsValue::UNDEFINED,
            ),
            ("sns", with_value("sns", &revoked()), JsValue::UNDEFINED),
            (
                "sns",
                with_value("sns", &throwing_length()),
                JsValue::UNDEFINED,
            ),
            (
                "sns",
                with_value("sns", &throwing_index()),
                JsValue::UNDEFINED,
            ),
            ("options", JsValue::UNDEFINED, revoked()),
            (
                "signal",
                JsValue::UNDEFINED,
                with_value("signal", &revoked()),
            ),
            (
                "timeoutMs",
                JsValue::UNDEFINED,
                with_value("timeoutMs", &revoked()),
            ),
        ];
        for (field, params, options) in inputs {
            let e =
                rejects_validation(&c.get_tickets(params.clone(), options.clone()), field).await;
            assert_eq!(text(&e, "field"), field, "{}", describe(&e));
            assert_eq!(number(&e, "attempts"), Some(0.0));
            calls += 1;
            if round % 10 == 0 {
                // The walks and the default client read the same way.
                let all = c.get_all_tickets(params.clone(), options.clone());
                rejects_validation(&all, field).await;
                let it = c.iter_tickets(params.clone(), options.clone());
                rejects_validation(&call_next(&it), field).await;
                rejects_validation(
                    &bk_itsm_tickets::get_tickets(params.clone(), options),
                    field,
                )
                .await;
                calls += 3;
            }
            let issues = bk_itsm_tickets::validate_params(params);
            if !matches!(field, "options" | "signal" | "timeoutMs") {
                assert_eq!(text(&issues.get(0), "field"), field);
            }
            calls += 1;
        }
        for config in [revoked(), with_value("baseUrl", &revoked())] {
            let e = match create_client(config) {
                Ok(_) => panic!("a revoked configuration was accepted"),
                Err(e) => itsm_error(e, "validation"),
            };
            assert!(
                text(&e, "message").contains("threw when read"),
                "{}",
                describe(&e)
            );
            calls += 1;
        }
    }
    assert!(calls >= 300, "{calls} calls");
    // The module still works: validation as the user types, and a request.
    let issues = bk_itsm_tickets::validate_params(js(json!({ "page": 0 })));
    assert_eq!(text(&issues.get(0), "field"), "page");
    assert_eq!(bk_itsm_tickets::validate_params(js(json!({}))).length(), 0);
    assert_normal_call(&c, 3).await;
}

fn linear_memory() -> f64 {
    memory_bytes(&wasm_bindgen::memory())
}

#[wasm_bindgen_test]
async fn ten_million_items_are_a_decode_error_in_bounded_memory() {
    // A ~100 KB gzip body that inflates to 10^7 zeros as `items`: checked a bounded number of
    // items at a time, stopping at the first, in the memory the module already has.
    let c = client(
        "hostile-zeros",
        "fault=zeros,times=1",
        json!({ "timeoutMs": 120_000 }),
    );
    let before = linear_memory();
    let e = itsm_error(
        call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err(),
        "decode",
    );
    let grew = linear_memory() - before;
    assert!(
        text(&e, "message").contains("data.items[0]: expected a ticket object, got 0"),
        "{}",
        describe(&e)
    );
    web_sys::console::log_1(&format!("10^7 items: wasm memory grew by {grew} bytes").into());
    assert!(
        grew < 4.0 * 1024.0 * 1024.0,
        "wasm memory grew by {grew} bytes"
    );
    assert_normal_call(&c, 2).await;
}

/// A client whose requests carry secrets with a quote and a backslash, going through `opts`.
fn echo_client(name: &str, opts: &str) -> Client {
    client_with(js(json!({
        "baseUrl": format!("{SERVER}/__/tag={},{opts}", tag(name)),
        "bk_app_code": APP_CODE,
        "bk_app_secret": ECHO_SECRET,
        "bk_token": ECHO_TOKEN,
        "retries": 0,
    })))
}

const ECHO_SECRET: &str = "Zq7\"Wx\\9pLmN4vB2cR8tY6uI1oP3aS5d";
const ECHO_TOKEN: &str = "tK\"4\\Hg7Fd2Sa9LkQw3Er5Ty8Ui0Op1A";

/// Asserts that no text of `e` holds 6 characters in a row of either secret, as given or
/// JSON-escaped.
fn assert_no_piece_of_a_secret(e: &JsValue, what: &str) {
    let mut pieces = Vec::new();
    for secret in [ECHO_SECRET, ECHO_TOKEN] {
        let escaped = serde_json::to_string(secret).expect("JSON");
        for form in [secret.to_owned(), escaped[1..escaped.len() - 1].to_owned()] {
            let chars: Vec<char> = form.chars().collect();
            pieces.extend(chars.windows(6).map(|w| w.iter().collect::<String>()));
        }
    }
    for t in error_texts(e).iter() {
        let t = t.as_string().unwrap_or_default();
        for piece in &pieces {
            assert!(!t.contains(piece.as_str()), "{what}: {piece:?} in {t}");
        }
    }
}

#[wasm_bindgen_test]
async fn echoed_secrets_leave_nothing_behind_wherever_the_excerpt_is_cut() {
    // A 502 page or a 200 login page that echoes the request body after `pad` spaces: the
    // transport keeps its first 200 characters, and the cut falls in every place of the
    // secret and of the token as `pad` grows.
    for (fault, kind) in [("echo", "http"), ("echo200", "decode")] {
        for pad in 100..=200 {
            let c = echo_client(
                &format!("echo-{fault}"),
                &format!("fault={fault},pad={pad}"),
            );
            let e = itsm_error(
                call(&c, json!({ "page_size": 5 }), JsValue::UNDEFINED)
                    .await
                    .unwrap_err(),
                kind,
            );
            assert_no_piece_of_a_secret(&e, &format!("{fault}, pad {pad}"));
        }
    }
    // The API's refusal quoting the body: the secrets appear JSON-escaped in its message.
    let c = echo_client("echo-api", "fault=echoapi");
    let e = itsm_error(
        call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err(),
        "api",
    );
    assert!(
        text(&e, "message").contains(r#""bk_app_secret":"[REDACTED]""#),
        "{}",
        describe(&e)
    );
    assert_no_piece_of_a_secret(&e, "echoapi");
}

#[wasm_bindgen_test]
async fn look_alike_signals_are_refused_and_nothing_hangs() {
    let c = client("hostile-signal", "", json!({}));
    for kind in ["prototype", "proxy", "plain"] {
        let options = with_value("signal", &look_alike_signal(kind));
        let e = rejects_validation(&c.get_tickets(js(json!({})), options.clone()), kind).await;
        assert_eq!(text(&e, "field"), "signal");
        rejects_validation(&c.get_all_tickets(js(json!({})), options.clone()), kind).await;
        let it = c.iter_tickets(js(json!({})), options.clone());
        rejects_validation(&call_next(&it), kind).await;
    }
    assert!(posts("hostile-signal").await.is_empty(), "nothing was sent");
    assert_normal_call(&c, 2).await;
}

#[wasm_bindgen_test]
async fn a_signal_aborted_before_the_call_sends_nothing() {
    let c = client("hostile-preaborted", "", json!({}));
    let options = with_value("signal", &aborted_signal());
    let e = itsm_error(
        call_with(&c, json!({}), options).await.unwrap_err(),
        "aborted",
    );
    assert_eq!(number(&e, "attempts"), Some(0.0), "nothing was sent");
    assert!(text(&e, "url").contains(&tag("hostile-preaborted")));
    assert!(posts("hostile-preaborted").await.is_empty());
}

#[wasm_bindgen_test]
async fn options_are_read_once_and_the_signal_checked_is_the_signal_used() {
    let c = client("hostile-fickle", "", json!({}));
    let fickle = fickle_signal_options();
    let options = Reflect::get(&fickle, &"options".into()).expect("options");
    let e = itsm_error(
        call_with(&c, json!({}), options).await.unwrap_err(),
        "aborted",
    );
    assert_eq!(number(&e, "attempts"), Some(0.0), "nothing was sent");
    let reads = Reflect::get(&fickle, &"reads".into()).expect("reads");
    let reads = reads
        .unchecked_ref::<js_sys::Function>()
        .call0(&JsValue::NULL)
        .expect("reads()");
    assert_eq!(reads.as_f64(), Some(1.0), "the signal getter ran once");
    assert!(posts("hostile-fickle").await.is_empty());
}

async fn call_with(
    c: &Client,
    params: serde_json::Value,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    JsFuture::from(c.get_tickets(js(params), options)).await
}

#[wasm_bindgen_test]
async fn a_fetch_that_ignores_its_signal_cannot_hold_a_call() {
    let c = client_with(config(SERVER, json!({ "timeoutMs": 300 })));
    for kind in ["ignores-signal", "endless-body"] {
        let restore_fetch = patch_fetch(kind);
        // The timeout ...
        let start = now();
        let timed_out = within(&c.get_tickets(js(json!({})), JsValue::UNDEFINED), 3000).await;
        let took = now() - start;
        // ... and the caller's signal, for one call and for a walk (no timeout for either).
        let controller = web_sys::AbortController::new().expect("AbortController");
        let options = || {
            let o = Object::new();
            Reflect::set(&o, &"signal".into(), &controller.signal()).expect("set");
            Reflect::set(&o, &"timeoutMs".into(), &0.into()).expect("set");
            JsValue::from(o)
        };
        let one = c.get_tickets(js(json!({})), options());
        let all = c.get_all_tickets(js(json!({})), options());
        let _ = JsFuture::from(sleep(100)).await;
        controller.abort();
        let one = within(&one, 2000).await;
        let all = within(&all, 2000).await;
        restore(&restore_fetch);
        assert_eq!(text(&timed_out, "status"), "rejected", "{kind}");
        itsm_error(get(&timed_out, "reason"), "timeout");
        assert!(took < 2500.0, "{kind}: {took} ms");
        for outcome in [one, all] {
            assert_eq!(text(&outcome, "status"), "rejected", "{kind}");
            itsm_error(get(&outcome, "reason"), "aborted");
        }
    }
    assert_normal_call(&c, 3).await;
}

#[wasm_bindgen_test]
async fn objects_that_are_not_plain_are_refused() {
    // Their own enumerable keys say nothing (a Map, URLSearchParams, a Date): read as "no
    // filters" they listed every ticket.
    let c = client("hostile-notplain", "", json!({}));
    for kind in ["map", "search", "date", "instance", "inherited", "set"] {
        let e = rejects_validation(&c.get_tickets(not_plain(kind), JsValue::UNDEFINED), kind).await;
        assert_eq!(text(&e, "field"), "params", "{kind}");
        let issues = bk_itsm_tickets::validate_params(not_plain(kind));
        assert_eq!(issues.length(), 1, "{kind}");
        rejects_validation(&c.get_tickets(js(json!({})), not_plain(kind)), kind).await;
        assert!(create_client(not_plain(kind)).is_err(), "{kind}");
        // Inside the parameters too.
        let e = rejects_validation(
            &c.get_tickets(with_value("sns", &not_plain(kind)), JsValue::UNDEFINED),
            kind,
        )
        .await;
        assert_eq!(text(&e, "field"), "sns");
    }
    assert!(posts("hostile-notplain").await.is_empty());
    // A null-prototype object is plain.
    let bare: Object = Object::create(&JsValue::NULL.unchecked_into::<Object>());
    Reflect::set(&bare, &"page_size".into(), &1.into()).expect("set");
    assert_eq!(items_of(&page_of_js(&c, bare.into()).await), 1);
}

fn items_of(page: &JsValue) -> u32 {
    get(page, "items").unchecked_into::<Array>().length()
}

async fn page_of_js(c: &Client, params: JsValue) -> JsValue {
    JsFuture::from(c.get_tickets(params, JsValue::UNDEFINED))
        .await
        .unwrap_or_else(|e| panic!("{}", describe(&e)))
}

#[wasm_bindgen_test]
async fn strings_that_are_not_unicode_are_refused() {
    // A lone surrogate would be sent as U+FFFD: a different filter from the one asked for.
    let c = client("hostile-surrogates", "", json!({}));
    for which in 0..4 {
        let s = lone_surrogate(which);
        for (key, value, field) in [
            ("creator", s.clone(), "creator".to_owned()),
            ("sns", Array::of1(&s).into(), "sns[0]".to_owned()),
            ("bk_token", s.clone(), "bk_token".to_owned()),
        ] {
            let e = rejects_validation(
                &c.get_tickets(with_value(key, &value), JsValue::UNDEFINED),
                key,
            )
            .await;
            assert_eq!(
                text(&e, "field"),
                field.split('[').next().unwrap_or_default()
            );
            assert!(
                text(&e, "message").contains("lone surrogate"),
                "{}",
                describe(&e)
            );
        }
        assert!(create_client(with_value("bk_username", &s)).is_err());
    }
    assert!(posts("hostile-surrogates").await.is_empty());
    // Pairs are fine.
    let page = page_of(&c, json!({ "creator": "😀", "page_size": 1 })).await;
    assert_eq!(number(&page, "count"), Some(0.0));
}

#[wasm_bindgen_test]
async fn base_urls_that_cannot_work_are_refused_at_create_client() {
    for base in [
        "http://127.0.0.1:99999",
        "http://[::1",
        "http://example\u{3002}com",
        "http://ex\u{ff41}mple.com",
        "http://127.1:8000",
    ] {
        let e = match create_client(js(json!({ "baseUrl": base }))) {
            Ok(_) => panic!("{base} was accepted"),
            Err(e) => itsm_error(e, "validation"),
        };
        assert_eq!(text(&e, "field"), "baseUrl", "{base}");
    }
    let e = create_client(js(json!({ "baseUrl": "http://example\u{3002}com" })))
        .err()
        .unwrap();
    assert!(
        text(&e, "message").contains("\"example.com\""),
        "{}",
        describe(&e)
    );
}

#[wasm_bindgen_test]
async fn the_runtime_matches_the_declarations_for_code_and_request_id() {
    let c = client_with(config(SERVER, json!({})));
    for code in ["{}", "[]", "null", "true", "\"\"", "7"] {
        let restore_fetch = answer_with(&format!(
            r#"{{"result":false,"code":{code},"message":"m"}}"#
        ));
        let e = call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err();
        restore(&restore_fetch);
        let e = itsm_error(e, "api");
        let kept = get(&e, "code");
        match code {
            "\"\"" => assert_eq!(kept.as_string().as_deref(), Some("")),
            "7" => assert_eq!(kept.as_f64(), Some(7.0)),
            _ => assert!(kept.is_undefined(), "code {code}: {kept:?}"),
        }
    }
    // `request_id` is the answer's string or absent, never a value of `data`'s own.
    let page = r#"{"page":1,"total_page":1,"count":0,"next":null,"previous":null,"items":[],"request_id":5}"#;
    let restore_fetch = answer_with(&format!(r#"{{"result":true,"code":0,"data":{page}}}"#));
    let result = call(&c, json!({}), JsValue::UNDEFINED).await;
    restore(&restore_fetch);
    let page = result.unwrap_or_else(|e| panic!("{}", describe(&e)));
    assert!(get(&page, "request_id").is_undefined());
}

#[wasm_bindgen_test]
async fn a_servers_message_cannot_forge_log_lines() {
    let c = client_with(config(SERVER, json!({})));
    let restore_fetch = answer_with(
        r#"{"result":false,"code":1,"message":"denied\n2026-01-01 [INFO] all good \u001b[2J\u202eexe.tab"}"#,
    );
    let e = call(&c, json!({}), JsValue::UNDEFINED).await.unwrap_err();
    restore(&restore_fetch);
    let message = text(&itsm_error(e, "api"), "message");
    assert!(
        !message.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{message:?}"
    );
    assert!(
        message.contains(r"\n2026-01-01") && message.contains(r"\u202e"),
        "{message}"
    );
}
