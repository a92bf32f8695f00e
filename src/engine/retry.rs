//! When a failed request is sent again, and after how long.
//!
//! Whether repeating a request is safe is the endpoint's to say (`Endpoint::safe`: a read
//! is). A request that is safe to repeat is repeated only when the failure is likely to pass:
//! no answer (network), no answer in time (timeout), or HTTP 429, 502, 503, 504 (with or
//! without the API's envelope). A write is never repeated: even after HTTP 429 a door may
//! have passed it on, and a ticket created twice is worse than an error that says to look.
//! Never after the caller's abort, never for validation, decode or other API errors: those
//! give the same answer again. The wait doubles from [`BASE_DELAY_MS`] with jitter, unless the
//! server's `Retry-After` says otherwise; a `Retry-After` beyond [`MAX_RETRY_AFTER_MS`] is not
//! waited out: the call fails at once with the server's answer.

use crate::error::{ItsmError, Kind};

/// The first backoff step.
pub(crate) const BASE_DELAY_MS: f64 = 300.0;
/// The longest backoff step.
pub(crate) const MAX_DELAY_MS: f64 = 10_000.0;
/// The longest `Retry-After` the client waits.
pub(crate) const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// `true` when `error` is worth another attempt of a request that is `safe` to repeat.
pub(crate) fn is_retryable(error: &ItsmError, safe: bool) -> bool {
    if !safe {
        return false;
    }
    match error.kind {
        Kind::Network | Kind::Timeout => true,
        Kind::Http | Kind::Api => matches!(error.status, Some(429 | 502 | 503 | 504)),
        Kind::Validation | Kind::Aborted | Kind::Decode => false,
    }
}

/// A `Retry-After` value in milliseconds from now: delta seconds, or an HTTP date the driver
/// read (`date_ms`: `Date.parse` of it, NaN when it is not one). A date in the past means now.
pub(crate) fn retry_after_ms(value: &str, now_ms: f64, date_ms: f64) -> Option<f64> {
    let value = value.trim_ascii();
    if !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        // At most 10 digits: exact in a u64 and an f64. Folded by hand, because `str::parse`
        // for f64 brings 10 KB of tables into the module.
        let seconds = value
            .bytes()
            .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
        return Some(seconds as f64 * 1000.0);
    }
    date_ms.is_finite().then(|| {
        let ms = date_ms - now_ms;
        if ms > 0.0 {
            ms
        } else {
            0.0
        }
    })
}

/// How long to wait before retry number `retry` (1 for the first retry), or `None` when the
/// server asks for a longer wait than the client will make. `random` is in `[0, 1)`.
pub(crate) fn delay_ms(retry: u32, retry_after_ms: Option<f64>, random: f64) -> Option<f64> {
    match retry_after_ms {
        Some(ms) if ms > MAX_RETRY_AFTER_MS => None,
        Some(ms) => Some(ms),
        None => {
            let exponent = retry.saturating_sub(1).min(30);
            let mut ceiling = BASE_DELAY_MS;
            for _ in 0..exponent {
                ceiling = (ceiling * 2.0).min(MAX_DELAY_MS);
            }
            let random = if random > 0.0 { random.min(1.0) } else { 0.0 };
            // Full jitter, but never less than half the step, so retries do not bunch up at 0.
            Some(ceiling * (0.5 + random / 2.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Msg;

    fn error(kind: Kind, status: Option<u16>) -> ItsmError {
        let mut e = ItsmError::new(kind, Msg::Api, &[]);
        e.status = status;
        e
    }

    #[test]
    fn only_passing_failures_are_retried() {
        assert!(is_retryable(&error(Kind::Network, None), true));
        assert!(is_retryable(&error(Kind::Timeout, None), true));
        for status in [429, 502, 503, 504] {
            assert!(is_retryable(&error(Kind::Http, Some(status)), true));
            assert!(is_retryable(&error(Kind::Api, Some(status)), true));
        }
        for status in [400, 403, 404, 500] {
            assert!(!is_retryable(&error(Kind::Http, Some(status)), true));
        }
        assert!(!is_retryable(&error(Kind::Api, Some(200)), true));
        assert!(!is_retryable(&error(Kind::Aborted, None), true));
        assert!(!is_retryable(&error(Kind::Validation, None), true));
        assert!(!is_retryable(&error(Kind::Decode, Some(200)), true));
    }

    #[test]
    fn a_write_is_never_repeated() {
        for (kind, status) in [
            (Kind::Network, None),
            (Kind::Timeout, None),
            (Kind::Http, Some(429)),
            (Kind::Api, Some(429)),
            (Kind::Http, Some(502)),
            (Kind::Api, Some(504)),
        ] {
            assert!(
                !is_retryable(&error(kind, status), false),
                "{kind:?} {status:?}"
            );
        }
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(retry_after_ms("2", 0.0, f64::NAN), Some(2000.0));
        assert_eq!(retry_after_ms(" 0 ", 0.0, f64::NAN), Some(0.0));
        assert_eq!(retry_after_ms("-1", 0.0, f64::NAN), None);
        assert_eq!(retry_after_ms("soon", 0.0, f64::NAN), None);
        let date = 1_445_412_480_000.0;
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
        assert_eq!(
            delay_ms(1, None, 0.999_999).map(|d| (d + 0.5) as i64),
            Some(300)
        );
        assert_eq!(delay_ms(3, None, 0.0), Some(600.0));
        assert_eq!(delay_ms(40, None, 0.0), Some(5000.0));
        assert_eq!(delay_ms(1, Some(1500.0), 0.3), Some(1500.0));
        assert_eq!(delay_ms(1, Some(MAX_RETRY_AFTER_MS + 1.0), 0.3), None);
    }
}
