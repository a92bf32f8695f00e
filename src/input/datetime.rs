//! `YYYY-MM-DD hh:mm:ss`, the one date format the API document names.
//!
//! The server accepts more (a `T`, a bare date, fractions) and answers a malformed or
//! impossible date with a `SERVER_500_ERROR`; the client accepts exactly the documented form
//! and checks the calendar, so such a date never leaves the browser. No chrono: the checks fit
//! in a page and the module stays small.

use std::fmt;

/// A calendar date and time of day, naive (the server reads it in its own local time).
///
/// Fields are ordered from the year down, so the derived ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
}

/// Why a string is not a valid `YYYY-MM-DD hh:mm:ss`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeError {
    /// Not the shape `YYYY-MM-DD hh:mm:ss` (digits, separators, length).
    Format,
    /// The shape is right but the calendar has no such day, e.g. `2019-02-29`.
    NoSuchDay,
    /// The shape is right but the clock has no such time, e.g. `24:00:00`.
    NoSuchTime,
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateTimeError::Format => "must be exactly \"YYYY-MM-DD hh:mm:ss\" (24-hour clock)",
            DateTimeError::NoSuchDay => "is not a real calendar date",
            DateTimeError::NoSuchTime => {
                "is not a real time of day (hours 00-23, minutes and seconds 00-59)"
            }
        })
    }
}

impl DateTime {
    /// Parses exactly `YYYY-MM-DD hh:mm:ss` and checks the calendar (leap years included).
    pub fn parse(s: &str) -> Result<Self, DateTimeError> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 19
            && b.iter().enumerate().all(|(i, &c)| match i {
                4 | 7 => c == b'-',
                10 => c == b' ',
                13 | 16 => c == b':',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(DateTimeError::Format);
        }
        let num = |from: usize, to: usize| -> u16 {
            b.get(from..to)
                .unwrap_or_default()
                .iter()
                .fold(0u16, |acc, &c| acc * 10 + u16::from(c - b'0'))
        };
        let (year, month, day) = (num(0, 4), num(5, 7), num(8, 10));
        let (hour, minute, second) = (num(11, 13), num(14, 16), num(17, 19));
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateTimeError::NoSuchDay);
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(DateTimeError::NoSuchTime);
        }
        // Every value was checked against a bound below 256 above.
        let small = |v: u16| u8::try_from(v).unwrap_or(u8::MAX);
        Ok(DateTime {
            year,
            month: small(month),
            day: small(day),
            hour: small(hour),
            minute: small(minute),
            second: small(second),
        })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
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
    fn accepts_the_documented_form_and_round_trips() {
        for s in [
            "2019-09-16 10:00:00",
            "2020-02-29 23:59:59",
            "2000-02-29 00:00:00",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
        ] {
            assert_eq!(DateTime::parse(s).map(|d| d.to_string()), Ok(s.to_owned()));
        }
    }

    #[test]
    fn rejects_other_shapes_the_server_would_take() {
        for s in [
            "2019-09-16",
            "2019-09-16T10:00:00",
            "2019-09-16 10:00",
            "2019-09-16 10:00:00.5",
            "2019-9-16 10:00:00",
            " 2019-09-16 10:00:00",
            "2019-09-16 10:00:00 ",
            "２０１９-09-16 10:00:00",
            "",
            "abcd-ef-gh ij:kl:mn",
        ] {
            assert_eq!(DateTime::parse(s), Err(DateTimeError::Format), "{s:?}");
        }
    }

    #[test]
    fn checks_the_calendar_and_the_clock() {
        for s in [
            "2019-02-29 00:00:00",
            "1900-02-29 00:00:00",
            "2019-04-31 00:00:00",
            "2019-13-01 00:00:00",
            "2019-00-10 00:00:00",
            "2019-01-00 00:00:00",
            "0000-01-01 00:00:00",
        ] {
            assert_eq!(DateTime::parse(s), Err(DateTimeError::NoSuchDay), "{s:?}");
        }
        for s in [
            "2019-01-01 24:00:00",
            "2019-01-01 23:60:00",
            "2019-01-01 23:59:60",
        ] {
            assert_eq!(DateTime::parse(s), Err(DateTimeError::NoSuchTime), "{s:?}");
        }
    }

    #[test]
    fn orders_chronologically() {
        let a = DateTime::parse("2019-12-31 23:59:59").unwrap();
        let b = DateTime::parse("2020-01-01 00:00:00").unwrap();
        assert!(a < b);
        assert_eq!(a.max(b), b);
    }
}
