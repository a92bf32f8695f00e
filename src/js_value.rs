//! The JavaScript side of [`crate::value`]: reading parameters into a [`Value`] and checking
//! answers in place through [`Js`], a [`View`] over a `JsValue`.
//!
//! The type questions go to three small JavaScript functions, so checking a ticket field costs
//! one call across the boundary (`fieldKind`) instead of a property read plus type tests.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::value::{Kind, Value, View};

#[wasm_bindgen(module = "/src/imports.js")]
extern "C" {
    /// JavaScript's `String(n)`, for the numbers `value::format_number` does not write itself.
    pub fn number_text(n: f64) -> String;
    fn kind_of(v: &JsValue) -> u8;
    fn field_kind(o: &JsValue, k: &JsValue) -> u8;
    fn field(o: &JsValue, k: &JsValue) -> JsValue;
    /// [`View::element_kinds`] for a whole array in one call, as kind codes.
    fn element_kinds(items: &JsValue, keys: &Array) -> Vec<u8>;
    /// `Object.entries`, which runs getters and Proxy traps: those may throw.
    #[wasm_bindgen(catch)]
    fn own_entries(o: &JsValue) -> Result<Array, JsValue>;
}

fn kind_from_code(code: u8) -> Kind {
    match code {
        0 => Kind::Undefined,
        1 => Kind::Null,
        2 => Kind::Bool,
        3 => Kind::Integer,
        4 => Kind::Number,
        5 => Kind::String,
        6 => Kind::Array,
        7 => Kind::Object,
        _ => Kind::Other,
    }
}

/// How deep parameters and options are copied: an object of arrays of scalars needs 3.
pub const COPY_DEPTH: u8 = 3;

/// Copies a JavaScript value into a [`Value`], `depth` levels deep (deeper arrays and objects
/// become [`Value::Other`], which every rule refuses by type). Fails only when a getter or a
/// Proxy throws while being read.
pub fn to_value(v: &JsValue, depth: u8) -> Result<Value, JsValue> {
    Ok(match kind_from_code(kind_of(v)) {
        Kind::Undefined => Value::Undefined,
        Kind::Null => Value::Null,
        Kind::Bool => Value::Bool(v.as_bool().unwrap_or_default()),
        Kind::Integer | Kind::Number => Value::Number(v.as_f64().unwrap_or(f64::NAN)),
        Kind::String => Value::String(v.as_string().unwrap_or_default()),
        Kind::Array if depth == 0 => Value::Other("an array"),
        Kind::Object if depth == 0 => Value::Other("an object"),
        Kind::Array => {
            let array: &Array = v.unchecked_ref();
            let mut items = Vec::new();
            for i in 0..array.length() {
                items.push(to_value(&js_sys::Reflect::get_u32(array, i)?, depth - 1)?);
            }
            Value::Array(items)
        }
        Kind::Object => {
            let mut entries = Vec::new();
            for entry in own_entries(v)?.iter() {
                let pair: &Array = entry.unchecked_ref();
                let key = pair.get(0).as_string().unwrap_or_default();
                entries.push((key, to_value(&pair.get(1), depth - 1)?));
            }
            Value::Object(entries)
        }
        Kind::Other => Value::Other(match v.js_typeof().as_string().as_deref() {
            Some("function") => "a function",
            Some("symbol") => "a symbol",
            Some("bigint") => "a bigint",
            _ => "an unknown value",
        }),
    })
}

/// A JavaScript value seen through [`View`], without copying it.
#[derive(Debug, Clone)]
pub struct Js(pub JsValue);

impl View for Js {
    type Key = JsValue;

    fn key(name: &'static str) -> Self::Key {
        JsValue::from_str(name)
    }

    fn get(&self, key: &Self::Key) -> Self {
        Js(field(&self.0, key))
    }

    fn kind(&self) -> Kind {
        kind_from_code(kind_of(&self.0))
    }

    fn field_kind(&self, key: &Self::Key) -> Kind {
        kind_from_code(field_kind(&self.0, key))
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn len(&self) -> u32 {
        if self.is_array() {
            self.0.unchecked_ref::<Array>().length()
        } else {
            0
        }
    }

    fn element_kinds(&self, keys: &[JsValue]) -> Vec<Kind> {
        let keys: Array = keys.iter().collect();
        element_kinds(&self.0, &keys)
            .into_iter()
            .map(kind_from_code)
            .collect()
    }

    fn at(&self, index: u32) -> Self {
        if self.is_array() {
            Js(self.0.unchecked_ref::<Array>().get(index))
        } else {
            Js(JsValue::UNDEFINED)
        }
    }

    fn describe(&self) -> String {
        to_value(&self.0, 2)
            .map(|v| v.describe())
            .unwrap_or_else(|_| "an unreadable value".to_owned())
    }
}

/// The first `chars` UTF-16 units of a JavaScript string, copied.
pub fn excerpt(text: &JsString, chars: u32) -> String {
    String::from(text.slice(0, chars))
}
