//! Helpers shared by the wasm-bindgen-test suites that talk to the local server
//! (tests/browser.rs, tests/iterate.rs): where the server is, tags unique to one run, the
//! server's request log, and small JavaScript conveniences.
#![allow(dead_code)] // each suite uses its own subset

use js_sys::{Array, Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The local server, started by tests/browser.sh (read at compile time).
pub const SERVER: &str = match option_env!("ITSM_TEST_SERVER") {
    Some(url) => url,
    None => "http://127.0.0.1:8765",
};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_url(url: &str) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &Function, ms: i32) -> JsValue;
}

thread_local! {
    /// This run's suffix for server log tags: tests/browser.sh runs the suites in several
    /// browsers against one server, whose logs and fault counters are per tag.
    static RUN: String = format!("{:08x}", (js_sys::Math::random() * 4_294_967_295.0) as u32);
}

/// `name` made unique to this run.
pub fn run_tag(name: &str) -> String {
    RUN.with(|run| format!("{name}-{run}"))
}

/// A server path prefix with its `tag=` made unique to this run.
pub fn scoped(prefix: &str) -> String {
    match prefix.find("tag=") {
        None => prefix.to_owned(),
        Some(at) => {
            let start = at + 4;
            let end = prefix[start..]
                .find([',', '/'])
                .map_or(prefix.len(), |i| start + i);
            format!(
                "{}{}{}",
                &prefix[..start],
                run_tag(&prefix[start..end]),
                &prefix[end..]
            )
        }
    }
}

/// Parses test JSON.
pub fn obj(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

/// A property of a JavaScript value.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).expect("property")
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(p).await;
}

/// The server's log of requests tagged `tag` in this run, preflights left out.
pub async fn server_log(tag: &str) -> Vec<JsValue> {
    let url = format!("{SERVER}/__log?tag={}", run_tag(tag));
    let response: web_sys::Response = JsFuture::from(fetch_url(&url))
        .await
        .expect("the server's log")
        .unchecked_into();
    let list: Array = JsFuture::from(response.json().expect("json"))
        .await
        .expect("the log is JSON")
        .unchecked_into();
    list.iter()
        .filter(|e| !get(e, "preflight").is_truthy())
        .collect()
}
