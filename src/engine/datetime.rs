//! `YYYY-MM-DD hh:mm:ss`, the one date format the API document names.
//!
//! The server accepts more (a `T`, a bare date, fractions) and answers a malformed or
//! impossible date with a `SERVER_500_ERROR`; the client accepts exactly the documented form
//! and checks the calendar, so such a date never leaves the browser. No chrono: the checks fit
//! in a page and the module stays small.

use crate::error::Msg;

/// A date and time as the API writes it; ordered as time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

impl DateTime {
    /// Parses exactly `YYYY-MM-DD hh:mm:ss`; the error is the message that says why not.
    pub(crate) fn parse(s: &str) -> Result<Self, Msg> {
        let b = s.as_bytes();
        if b.len() != 19 {
            return Err(Msg::BadDate);
        }
        // One pass along the form: a digit where it has `0`, else its separator, which starts
        // the next number.
        let mut n = [0u16; 6];
        let mut at = 0;
        for (&c, &form) in b.iter().zip(b"0000-00-00 00:00:00") {
            if form != b'0' {
                if c != form {
                    return Err(Msg::BadDate);
                }
                at += 1;
            } else if !c.is_ascii_digit() {
                return Err(Msg::BadDate);
            } else if let Some(v) = n.get_mut(at) {
                *v = *v * 10 + u16::from(c - b'0');
            }
        }
        let [year, month, day, hour, minute, second] = n;
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(Msg::NoSuchDate);
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(Msg::NoSuchTime);
        }
        // Every value was checked against a bound below 256 above.
        let small = |v: u16| v as u8;
        Ok(DateTime {
            year,
            month: small(month),
            day: small(day),
            hour: small(hour),
            minute: small(minute),
            second: small(second),
        })
    }

    /// Parses exactly `YYYY-MM-DD` as that day's midnight.
    pub(crate) fn parse_date(s: &str) -> Result<Self, Msg> {
        if s.len() != 10 {
            return Err(Msg::BadDate);
        }
        let mut full = crate::mem::String::from(s);
        full.push_str(" 00:00:00");
        DateTime::parse(&full)
    }

    /// The wall-clock time `ms` after the epoch, `hours` ahead of UTC (`None` outside years
    /// 1 to 9999).
    pub(crate) fn at(ms: f64, hours: i64) -> Option<Self> {
        // Beyond ±300,000 years of milliseconds: out of range (and no overflow below).
        if ms.is_nan() || ms.abs() >= 1e16 {
            return None;
        }
        let secs = crate::text::trunc(ms / 1000.0) as i64 + hours * 3600;
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(DateTime {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (rest / 3600) as u8,
            minute: (rest / 60 % 60) as u8,
            second: (rest % 60) as u8,
        })
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_documented_form() {
        for s in [
            "2019-09-16 10:00:00",
            "2020-02-29 23:59:59",
            "2000-02-29 00:00:00",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ] {
            assert!(DateTime::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn refuses_other_forms_and_impossible_dates() {
        for (s, why) in [
            ("2019-09-16T10:00:00", Msg::BadDate),
            ("2019-09-16", Msg::BadDate),
            ("2019-9-16 10:00:00", Msg::BadDate),
            ("2019-09-16 10:00:00.5", Msg::BadDate),
            (" 2019-09-16 10:00:00", Msg::BadDate),
            ("２０１９-09-16 10:00:00", Msg::BadDate),
            ("2019-02-29 10:00:00", Msg::NoSuchDate),
            ("1900-02-29 10:00:00", Msg::NoSuchDate),
            ("2019-13-01 10:00:00", Msg::NoSuchDate),
            ("2019-04-31 10:00:00", Msg::NoSuchDate),
            ("0000-01-01 10:00:00", Msg::NoSuchDate),
            ("2019-01-00 10:00:00", Msg::NoSuchDate),
            ("2019-01-01 24:00:00", Msg::NoSuchTime),
            ("2019-01-01 23:60:00", Msg::NoSuchTime),
            ("2019-01-01 23:59:60", Msg::NoSuchTime),
        ] {
            assert_eq!(DateTime::parse(s), Err(why), "{s}");
        }
    }

    #[test]
    fn dates_alone_and_clock_times() {
        assert_eq!(
            DateTime::parse_date("2024-02-29"),
            DateTime::parse("2024-02-29 00:00:00")
        );
        assert_eq!(DateTime::parse_date("2023-02-29"), Err(Msg::NoSuchDate));
        assert_eq!(DateTime::parse_date("2024-2-29"), Err(Msg::BadDate));
        // 2024-02-29T16:30:05Z is 2024-03-01 00:30:05 in UTC+8.
        assert_eq!(
            DateTime::at(1_709_224_205_000.0, 8),
            DateTime::parse("2024-03-01 00:30:05").ok()
        );
        assert_eq!(
            DateTime::at(0.0, 0),
            DateTime::parse("1970-01-01 00:00:00").ok()
        );
        assert_eq!(DateTime::at(f64::NAN, 8), None);
        assert_eq!(DateTime::at(1e300, 8), None);
    }

    #[test]
    fn orders_as_time_does() {
        let d = |s| DateTime::parse(s).unwrap();
        assert!(d("2019-09-16 10:00:00") < d("2019-09-16 10:00:01"));
        assert!(d("2019-12-31 23:59:59") < d("2020-01-01 00:00:00"));
        assert_eq!(d("2020-02-29 12:00:00"), d("2020-02-29 12:00:00"));
    }
}
