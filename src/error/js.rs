//! `ItsmError` as JavaScript sees it: a real `Error` (so `instanceof Error`, stack traces and
//! `String(e)` work) named `"ItsmError"`, with `kind` and the known details as properties,
//! branded so `isItsmError` recognises it across copies of the package.

use js_sys::{Array, Object, Reflect, Symbol};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{Code, ErrorKind, ItsmError};

/// The registry key of the brand, shared by every copy of the package on a page.
const BRAND: &str = "bk-itsm-tickets.ItsmError";

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error or a plain object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Builds the JavaScript error. `e` must already be redacted.
pub(crate) fn to_js(e: &ItsmError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    error.set_name("ItsmError");
    let js: JsValue = error.into();
    set(&js, "kind", &JsValue::from_str(e.kind.as_str()));
    if e.kind == ErrorKind::Validation {
        set(
            &js,
            "field",
            &JsValue::from_str(e.field.as_deref().unwrap_or("params")),
        );
        let issues = Array::new();
        for issue in &e.issues {
            let item = Object::new();
            set(&item, "field", &JsValue::from_str(&issue.field));
            set(&item, "message", &JsValue::from_str(&issue.message));
            issues.push(&item);
        }
        set(&js, "issues", &issues);
    }
    if let Some(code) = &e.code {
        let code = match code {
            Code::Number(n) => JsValue::from_f64(*n),
            Code::Text(s) => JsValue::from_str(s),
        };
        set(&js, "code", &code);
    }
    if let Some(status) = e.status {
        set(&js, "status", &JsValue::from(status));
    }
    if let Some(request_id) = &e.request_id {
        set(&js, "requestId", &JsValue::from_str(request_id));
    }
    if let Some(url) = &e.url {
        set(&js, "url", &JsValue::from_str(url));
    }
    set(&js, "attempts", &JsValue::from(e.attempts));
    let descriptor = Object::new();
    set(&descriptor, "value", &JsValue::TRUE);
    let _ = Reflect::define_property(
        js.unchecked_ref::<Object>(),
        &Symbol::for_(BRAND).into(),
        &descriptor,
    );
    js
}

/// `true` for errors made by [`to_js`] (in any copy of the package).
pub(crate) fn is_itsm_error(value: &JsValue) -> bool {
    value.is_object()
        && Reflect::get(value, &Symbol::for_(BRAND).into())
            .map(|v| v.is_truthy())
            .unwrap_or(false)
}
