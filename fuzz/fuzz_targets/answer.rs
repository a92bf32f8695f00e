//! An HTTP answer from a hostile server: status, headers and body, from any bytes.
//!
//! Layout of an input: byte 0 picks the status, byte 1 which headers are present and whether
//! the body is read as JSON (as the browser's `JSON.parse` would) or as text; the rest, split
//! at NUL bytes, is the body then the header values.
//!
//! The flags' top two bits pick how many items the shape check reads at a time (1, 2, 3 or the
//! module's own 2048), so its bounded, chunked path is crossed at every chunk boundary; the
//! verdict must not depend on it. The excerpt of a body that is not JSON is redacted as the
//! client does, with the body's first 12 characters as the secret: no 6 of them in a row may
//! be left in the message.
//!
//! Must hold: no panic; a page only from a 2xx envelope with `result: true` whose `data` has
//! the page shape; otherwise the kind `answer.rs` documents (api for `result: false` or a
//! non-2xx with the gateway's code header, http for other non-2xx, decode for other 2xx), the
//! status kept, a message that is never blank, and our own messages short whatever the body.
#![no_main]

use bk_itsm_tickets::testing::{classify, redirect_error, Body, EnvelopeKeys, Response as Answer};
use bk_itsm_tickets::testing::{ErrorKind, Redactor};
use bk_itsm_tickets::testing::write_string;
use bk_itsm_tickets::testing::{check_page, check_page_in, PageKeys, ROWS_PER_CHECK};
use bk_itsm_tickets::testing::{self, Value, View};
use libfuzzer_sys::fuzz_target;

/// The longest message of our own for an answer (found by this target: 80 quoted control
/// characters take 480).
const MAX_OWN_MESSAGE: usize = 1200;

const STATUSES: [u16; 16] = [
    200, 201, 204, 299, 300, 301, 307, 400, 403, 404, 429, 500, 502, 503, 504, 0,
];

fuzz_target!(|data: &[u8]| {
    let [pick, flags, rest @ ..] = data else {
        return;
    };
    let status = match *pick {
        b if usize::from(b) < STATUSES.len() => STATUSES[usize::from(b)],
        b => 100 + (u16::from(b) - 16) * 2,
    };
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\0');
    let body_text = parts.next().unwrap_or_default();
    let mut header = |bit: u8| {
        let value = parts.next().map(str::to_owned);
        if flags & bit != 0 {
            value
        } else {
            None
        }
    };
    let content_type = header(1);
    let header_request_id = header(2);
    let error_code_header = header(4);
    let error_message_header = header(8);
    let retry_after = header(16);
    let parsed = if flags & 32 == 0 {
        testing::try_parse(body_text)
    } else {
        None
    };
    let body = match &parsed {
        Some(v) => Body::Json(v),
        None => Body::NotJson {
            excerpt: body_text.chars().take(200).collect(),
            length: u32::try_from(body_text.encode_utf16().count()).unwrap_or(u32::MAX),
        },
    };
    let mut answer = Answer {
        status,
        content_type,
        header_request_id,
        error_code_header: error_code_header.clone(),
        error_message_header,
        retry_after,
        body,
    };

    // The shape check, chunked at every size, agrees with the check of the whole page.
    let rows = [1, 2, 3, ROWS_PER_CHECK][usize::from(flags >> 6)];
    if let Some(data) = parsed.as_ref().map(|v| v.get(&"data")) {
        let keys = PageKeys::<&Value>::new();
        assert_eq!(check_page_in(&data, &keys, rows), check_page(&data, &keys));
    }
    // A secret echoed in the body: the first 12 characters of the body, when it has them.
    let secret: String = body_text.chars().take(12).collect();
    let redactor = Redactor::new([secret.as_str()]);
    answer.redact_excerpt(&redactor);

    let ok = (200..300).contains(&status);
    let envelope = parsed.as_ref().filter(|v| v.is_object());
    let result = envelope.and_then(|e| e.get(&"result").boolean());
    let expected = match (envelope, result) {
        (Some(_), Some(false)) => Some(ErrorKind::Api),
        (Some(_), Some(true)) if ok => None,
        _ if !ok && error_code_header.is_some() => Some(ErrorKind::Api),
        _ if !ok => Some(ErrorKind::Http),
        _ => Some(ErrorKind::Decode),
    };

    match classify(answer, &EnvelopeKeys::new()) {
        Ok(page) => {
            assert_eq!(expected, None, "a page from status {status}");
            assert!(check_page(&page.data, &PageKeys::<&Value>::new()).is_ok());
        }
        Err(e) => {
            assert_eq!(
                e.kind,
                expected.unwrap_or(ErrorKind::Decode),
                "{}",
                e.message
            );
            assert_eq!(e.status, Some(status));
            assert!(!e.message.trim().is_empty());
            if e.kind != ErrorKind::Api {
                // Our own sentences quote at most 80 characters of the body, each escaped
                // (a control character as `\u{13}`): bounded whatever the body.
                assert!(
                    e.message.chars().count() <= MAX_OWN_MESSAGE,
                    "{}",
                    e.message
                );
            } else {
                // The server's words, shortened (answer::MAX_SERVER_TEXT_CHARS).
                assert!(e.message.chars().count() <= 2001);
            }
            // White space is collapsed in the message: a secret with white space may show
            // differently without having been in the body; and a secret holding the cut mark
            // `…` cannot tell where a cut was.
            let plain = !secret.contains(char::is_whitespace) && !secret.contains('…');
            if e.kind != ErrorKind::Api && secret.chars().count() == 12 && plain {
                // "[REDACTED]" itself may end like the secret begins: it is not a leak.
                let message = e.clone().redacted(&redactor).message.replace("[REDACTED]", "\0");
                let chars: Vec<char> = secret.chars().collect();
                for k in 6..=chars.len() {
                    let prefix: String = chars[..k].iter().collect();
                    let mut json = String::new();
                    write_string(&mut json, &prefix);
                    let json = &json[1..json.len() - 1];
                    for shown in [prefix.as_str(), json] {
                        let at_cut = format!("{shown}…");
                        assert!(!message.contains(&at_cut), "{at_cut:?} in {message}");
                    }
                }
                let mut json = String::new();
                write_string(&mut json, &secret);
                assert!(!message.contains(&json[1..json.len() - 1]), "{message}");
            }
        }
    }

    let e = redirect_error(Some(status), Some(body_text));
    assert_eq!(e.kind, ErrorKind::Http);
    assert!(e.message.chars().count() < 500);
});
