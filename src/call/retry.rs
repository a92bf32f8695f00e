//! When a failed request is sent again, and after how long.
//!
//! Whether repeating a request is safe is the endpoint's to say (`Endpoint::SAFE_TO_REPEAT`:
//! a read is). A request that is safe to repeat is repeated only when the failure is likely to
//! pass: no answer (network), no answer in time (timeout), or HTTP 429, 502, 503, 504 (with or
//! without the API's envelope). One that is not safe is repeated only after HTTP 429, the
//! door's refusal before the backend saw it: any other failure may have come after the server
//! acted. Never after the caller's abort, never for validation, decode or other API errors:
//! those give the same answer again.
//! The wait doubles from [`BASE_DELAY_MS`] with full jitter, unless the server's
//! `Retry-After` says otherwise; a `Retry-After` beyond [`MAX_RETRY_AFTER_MS`] is not waited
//! out: the call fails at once with the server's answer.

use crate::error::{ErrorKind, ItsmError};

/// The default number of retries after the first attempt.
pub(crate) const DEFAULT_RETRIES: u32 = 2;
/// The most retries a caller may ask for.
pub(crate) const MAX_RETRIES: i64 = 10;
/// The first backoff step.
pub(crate) const BASE_DELAY_MS: f64 = 300.0;
/// The longest backoff step.
pub(crate) const MAX_DELAY_MS: f64 = 10_000.0;
/// The longest `Retry-After` the client waits.
pub(crate) const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// `true` when `error` is worth another attempt, for a request that is `safe_to_repeat` or not.
pub(crate) fn is_retryable(error: &ItsmError, safe_to_repeat: bool) -> bool {
    if !safe_to_repeat {
        return matches!(error.kind, ErrorKind::Http | ErrorKind::Api) && error.status == Some(429);
    }
    match error.kind {
        ErrorKind::Network | ErrorKind::Timeout => true,
        ErrorKind::Http | ErrorKind::Api => matches!(error.status, Some(429 | 502 | 503 | 504)),
        ErrorKind::Validation | ErrorKind::Aborted | ErrorKind::Decode => false,
    }
}

/// A `Retry-After` value in milliseconds from now: delta seconds, or an HTTP date read by
/// `parse_date` (milliseconds since the epoch, as JavaScript's `Date.parse`). A date in the
/// past means "now".
pub(crate) fn retry_after_ms(
    value: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        // At most 10 digits: exact in a u64 and an f64. Folded by hand, because `str::parse`
        // for f64 brings 10 KB of tables into the module.
        let seconds = value
            .bytes()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        return Some(seconds as f64 * 1000.0);
    }
    parse_date(value)
        .filter(|t| t.is_finite())
        .map(|t| (t - now_ms).max(0.0))
}

/// How long to wait before retry number `retry` (1 for the first retry), or `None` when the
/// server asks for a longer wait than the client will make.
///
/// `random` is a number in `[0, 1)`, for the jitter.
pub(crate) fn delay_ms(retry: u32, retry_after_ms: Option<f64>, random: f64) -> Option<f64> {
    match retry_after_ms {
        Some(ms) if ms > MAX_RETRY_AFTER_MS => None,
        Some(ms) => Some(ms),
        None => {
            let exponent = i32::try_from(retry.saturating_sub(1)).unwrap_or(30).min(30);
            let ceiling = (BASE_DELAY_MS * 2f64.powi(exponent)).min(MAX_DELAY_MS);
            // Full jitter, but never less than half the step, so retries do not bunch up at 0.
            Some(ceiling * (0.5 + random.clamp(0.0, 1.0) / 2.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: ErrorKind, status: Option<u16>) -> ItsmError {
        let mut e = ItsmError::new(kind, "x");
        e.status = status;
        e
    }

    #[test]
    fn only_passing_failures_are_retried() {
        assert!(is_retryable(&error(ErrorKind::Network, None), true));
        assert!(is_retryable(&error(ErrorKind::Timeout, None), true));
        for status in [429, 502, 503, 504] {
            assert!(is_retryable(&error(ErrorKind::Http, Some(status)), true));
            assert!(is_retryable(&error(ErrorKind::Api, Some(status)), true));
        }
        for status in [400, 403, 404, 500] {
            assert!(!is_retryable(&error(ErrorKind::Http, Some(status)), true));
        }
        assert!(!is_retryable(&error(ErrorKind::Api, Some(200)), true));
        assert!(!is_retryable(&error(ErrorKind::Aborted, None), true));
        assert!(!is_retryable(&error(ErrorKind::Validation, None), true));
        assert!(!is_retryable(&error(ErrorKind::Decode, Some(200)), true));
    }

    #[test]
    fn a_request_not_safe_to_repeat_is_repeated_only_after_429() {
        assert!(is_retryable(&error(ErrorKind::Http, Some(429)), false));
        assert!(is_retryable(&error(ErrorKind::Api, Some(429)), false));
        for (kind, status) in [
            (ErrorKind::Network, None),
            (ErrorKind::Timeout, None),
            (ErrorKind::Http, Some(502)),
            (ErrorKind::Http, Some(503)),
            (ErrorKind::Api, Some(504)),
        ] {
            assert!(
                !is_retryable(&error(kind, status), false),
                "{kind:?} {status:?}"
            );
        }
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let no_date = |_: &str| None;
        assert_eq!(retry_after_ms("2", 0.0, no_date), Some(2000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0, no_date), Some(0.0));
        assert_eq!(retry_after_ms("-1", 0.0, no_date), None);
        assert_eq!(retry_after_ms("soon", 0.0, no_date), None);
        let date = |s: &str| (s == "Wed, 21 Oct 2015 07:28:00 GMT").then_some(1_445_412_480_000.0);
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_477_000.0, date),
            Some(3000.0)
        );
        assert_eq!(
            retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_490_000.0, date),
            Some(0.0)
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_respects_retry_after() {
        assert_eq!(delay_ms(1, None, 0.0), Some(150.0));
        assert_eq!(delay_ms(1, None, 0.999_999).map(f64::round), Some(300.0));
        assert_eq!(delay_ms(3, None, 0.0), Some(600.0));
        assert_eq!(delay_ms(40, None, 0.0), Some(5000.0));
        assert_eq!(delay_ms(1, Some(1500.0), 0.3), Some(1500.0));
        assert_eq!(delay_ms(1, Some(MAX_RETRY_AFTER_MS + 1.0), 0.3), None);
    }
}
