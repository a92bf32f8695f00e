//! An HTTP answer from a hostile server: status, headers and body, from any bytes.
//!
//! Layout of an input: byte 0 picks the status, byte 1 which headers are present and whether
//! the body is read as JSON (as the browser's `JSON.parse` would) or as text; the rest, split
//! at NUL bytes, is the body then the header values.
//!
//! Must hold: no panic; a page only from a 2xx envelope with `result: true` whose `data` has
//! the page shape; otherwise the kind `answer.rs` documents (api for `result: false` or a
//! non-2xx with the gateway's code header, http for other non-2xx, decode for other 2xx), the
//! status kept, a message that is never blank, and our own messages short whatever the body.
#![no_main]

use bk_itsm_tickets::answer::{classify, redirect_error, Answer, Body, EnvelopeKeys};
use bk_itsm_tickets::error::Kind as ErrorKind;
use bk_itsm_tickets::ticket::{check_page, PageKeys};
use bk_itsm_tickets::value::{testing, Value, View};
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
    let answer = Answer {
        status,
        content_type,
        header_request_id,
        error_code_header: error_code_header.clone(),
        error_message_header,
        retry_after,
        body,
    };

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
        }
    }

    let e = redirect_error(Some(status), Some(body_text));
    assert_eq!(e.kind, ErrorKind::Http);
    assert!(e.message.chars().count() < 500);
});
