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

/// Every property an `ItsmError` has beyond `message` and `name`, in the order they are set,
/// from one list: [`set_properties`] sets them and `ITSM_ERROR_TS` declares them. A row is
/// `interface "name" "?" (or "" when always there): "TypeScript type", "its doc comment" =>
/// |e| the value, None to leave it out`; the interface is `base` (every error), `validation`
/// or `api`, which only says where TypeScript declares it (the value decides when it is set).
macro_rules! error_properties {
    ($($group:ident $name:literal $opt:literal : $ts:literal, $doc:literal => |$e:ident| $value:expr;)*) => {
        /// Sets each property `e` has on `js`.
        fn set_properties(js: &JsValue, e: &ItsmError) {
            $({
                fn value($e: &ItsmError) -> Option<JsValue> {
                    $value
                }
                if let Some(value) = value(e) {
                    set(js, $name, &value);
                }
            })*
        }

        #[wasm_bindgen(typescript_custom_section)]
        const ITSM_ERROR_TS: &'static str = concat!(
            r#"
/** What went wrong: the discriminant of {@link ItsmError}. */
export type ItsmErrorKind =
  | "validation" | "api" | "http" | "network" | "timeout" | "aborted" | "decode";

/** Properties every {@link ItsmError} has. No property ever holds bk_app_secret or bk_token. */
export interface ItsmErrorBase extends Error {
  readonly name: "ItsmError";
  readonly kind: ItsmErrorKind;
"#,
            $(in_group!(base, $group, concat!("  ", $doc, "\n  readonly ", $name, $opt, ": ", $ts, ";\n")),)*
            r#"}

/** Bad parameters, configuration or options: nothing was sent. */
export interface ItsmValidationError extends ItsmErrorBase {
  readonly kind: "validation";
"#,
            $(in_group!(validation, $group, concat!("  ", $doc, "\n  readonly ", $name, $opt, ": ", $ts, ";\n")),)*
            r#"}

/** The API answered with `result: false`; `message` is the server's. */
export interface ItsmApiError extends ItsmErrorBase {
  readonly kind: "api";
"#,
            $(in_group!(api, $group, concat!("  ", $doc, "\n  readonly ", $name, $opt, ": ", $ts, ";\n")),)*
            r#"}

/** A non-2xx answer without the API's envelope (a proxy's error page, a redirect). */
export interface ItsmHttpError extends ItsmErrorBase {
  readonly kind: "http";
}

/** No usable answer: the network failed, the timeout passed, or the signal aborted. */
export interface ItsmTransportError extends ItsmErrorBase {
  readonly kind: "network" | "timeout" | "aborted";
}

/** A 2xx answer that is not the expected JSON shape. */
export interface ItsmDecodeError extends ItsmErrorBase {
  readonly kind: "decode";
}

/** Every failure of this package rejects with an ItsmError; switch on `kind`. */
export type ItsmError =
  | ItsmValidationError
  | ItsmApiError
  | ItsmHttpError
  | ItsmTransportError
  | ItsmDecodeError;
"#
        );
    };
}

/// `$text` when the row's interface is `$want`, else nothing.
// Used by the TypeScript section only, which wasm-bindgen expands for wasm32 alone.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! in_group {
    (base, base, $text:expr) => {
        $text
    };
    (validation, validation, $text:expr) => {
        $text
    };
    (api, api, $text:expr) => {
        $text
    };
    ($want:ident, $group:ident, $text:expr) => {
        ""
    };
}

error_properties! {
    validation "field" "": "string", "/** The first field at fault, e.g. `\"page_size\"`. */" => |e| {
        (e.kind == ErrorKind::Validation)
            .then(|| JsValue::from_str(e.field.as_deref().unwrap_or("params")))
    };
    validation "issues" "": "ValidationIssue[]", "/** Every broken rule. */" => |e| {
        (e.kind == ErrorKind::Validation).then(|| {
            let issues = Array::new();
            for issue in &e.issues {
                let item = Object::new();
                set(&item, "field", &JsValue::from_str(&issue.field));
                set(&item, "message", &JsValue::from_str(&issue.message));
                issues.push(&item);
            }
            JsValue::from(issues)
        })
    };
    api "code" "?": "number | string", "/**
   * The API's code as sent: a number (ESB, gateway) or a string (ITSM, e.g.
   * \"SERVER_500_ERROR\"); absent when the answer had none of either type (no `code`, or
   * `null`, `true`, an object).
   */" => |e| {
        e.code.as_ref().map(|code| match code {
            Code::Number(n) => JsValue::from_f64(*n),
            Code::Text(s) => JsValue::from_str(s),
        })
    };
    base "status" "?": "number", "/** The HTTP status, when an answer arrived. */" => |e| {
        e.status.map(JsValue::from)
    };
    base "requestId" "?": "string",
        "/** ESB's `request_id` or the gateway's `X-Bkapi-Request-ID`, when the answer had one. */"
        => |e| e.request_id.as_deref().map(JsValue::from_str);
    base "url" "?": "string", "/** The URL the request went to (absent for validation errors). */"
        => |e| e.url.as_deref().map(JsValue::from_str);
    base "attempts" "": "number", "/** Requests sent in all (0 when validation failed). */"
        => |e| Some(JsValue::from(e.attempts));
}

/// Builds the JavaScript error. `e` must already be redacted.
pub(crate) fn to_js(e: &ItsmError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    error.set_name("ItsmError");
    let js: JsValue = error.into();
    set(&js, "kind", &JsValue::from_str(e.kind.as_str()));
    set_properties(&js, e);
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
