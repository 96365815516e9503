//! Partial dates: a day, month and year, any of day and year unknown, as ISO 8601 writes them.

use std::fmt;

use chrono::NaiveDate;

/// A date that may lack its year (`--03-14`) or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn full(d: NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate {
            year: Some(d.year()),
            month: d.month(),
            day: Some(d.day()),
        }
    }
    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day?)
    }

    /// The year of a text that is only a year (`2019`).
    pub fn year_only(s: &str) -> Option<i32> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    }
}

/// When an article was published, as precisely as its source says: a day, a month or a year
/// (`2019-03-14`, `2019-03`, `2019`). Written as `xsd:date`, `xsd:gYearMonth` or `xsd:gYear`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Published {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl Published {
    /// Reads `2019-03-14`, `2019-03` or `2019` (what [`Display`](fmt::Display) writes).
    pub fn parse(s: &str) -> Option<Published> {
        let s = s.trim();
        if let Some(y) = PartialDate::year_only(s) {
            return Some(Published::Year(y));
        }
        match s.parse::<PartialDate>().ok()? {
            PartialDate {
                year: Some(year),
                month,
                day: None,
            } => Some(Published::Month { year, month }),
            d => d.to_naive().map(Published::Day),
        }
    }

    pub fn year(self) -> i32 {
        use chrono::Datelike;
        match self {
            Published::Day(d) => d.year(),
            Published::Month { year, .. } | Published::Year(year) => year,
        }
    }

    /// The first and last day it covers.
    pub fn span(self) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Published::Day(d) => Some((d, d)),
            Published::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                Some((first, next?.pred_opt()?))
            }
            Published::Year(y) => Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            )),
        }
    }
}

impl fmt::Display for Published {
    /// The canonical forms of `xsd:date`, `xsd:gYearMonth` and `xsd:gYear`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Published::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Published::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// Why a text is not a date (see [`PartialDate`]'s `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date (YYYY-MM-DD, YYYY-MM, --MM-DD or --MM)")]
pub struct DateParseError(pub String);

impl std::str::FromStr for PartialDate {
    type Err = DateParseError;

    /// Reads what [`Display`](fmt::Display) writes, the ISO 8601 forms of XSD's date,
    /// gYearMonth, gMonthDay and gMonth: `2019-03-14`, `2019-03`, `--03-14`, `--03`, with
    /// two-digit months and days. The day must exist in its month: in its year, or in some year
    /// (29 February) when the year is unknown. Only a year (`2019`) is not a `PartialDate`,
    /// which always has a month: see [`PartialDate::year_only`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateParseError(s.to_string());
        let digits = |p: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
            if len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().ok()
            } else {
                None
            }
        };
        let (year, rest) = match s.strip_prefix("--") {
            Some(rest) => (None, rest),
            None => {
                let (y, rest) = s.split_once('-').ok_or_else(bad)?;
                (Some(digits(y, 4..=4).ok_or_else(bad)? as i32), rest)
            }
        };
        let (month, day) = match rest.split_once('-') {
            Some((m, d)) => (m, Some(digits(d, 2..=2).ok_or_else(bad)?)),
            None => (rest, None),
        };
        let month = digits(month, 2..=2)
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(bad)?;
        if let Some(d) = day {
            // 2000 was a leap year: `--02-29` exists.
            NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, d).ok_or_else(bad)?;
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601: `2019-03-14`, `--03-14` without a year, `2019-03` without a day.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.day) {
            (Some(y), Some(d)) => write!(f, "{y:04}-{:02}-{d:02}", self.month),
            (None, Some(d)) => write!(f, "--{:02}-{d:02}", self.month),
            (Some(y), None) => write!(f, "{y:04}-{:02}", self.month),
            (None, None) => write!(f, "--{:02}", self.month),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_print_iso() {
        let d = PartialDate {
            year: None,
            month: 3,
            day: Some(14),
        };
        assert_eq!(d.to_string(), "--03-14");
    }

    #[test]
    fn partial_dates_read_back_what_they_print() {
        for s in [
            "2019-03-14",
            "2019-03",
            "--03-14",
            "--03",
            "--02-29",
            "2020-02-29",
        ] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        for bad in [
            "",
            "2019",
            "14.03.2019",
            "2019-13",
            "2019-02-29",
            "--02-30",
            "--13-01",
            "19-03-14",
            "2019-03-14x",
            "-03-14",
            "2019--14",
            "2019-3-4",
            "2019-3",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad:?}");
        }
        assert_eq!(PartialDate::year_only("2019"), Some(2019));
        assert_eq!(PartialDate::year_only("219"), None);
    }

    #[test]
    fn publication_dates_keep_their_precision_and_cover_their_span() {
        for s in ["2019-03-14", "2019-03", "2019", "2020-12"] {
            assert_eq!(Published::parse(s).unwrap().to_string(), s);
        }
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            Published::parse("2020-02").unwrap().span(),
            Some((d("2020-02-01"), d("2020-02-29")))
        );
        assert_eq!(
            Published::parse("2019").unwrap().span(),
            Some((d("2019-01-01"), d("2019-12-31")))
        );
        assert_eq!(
            Published::parse("2020-12").unwrap().span().unwrap().1,
            d("2020-12-31")
        );
        for bad in ["", "19", "2019-13", "--03-14", "2019-02-30"] {
            assert_eq!(Published::parse(bad), None, "{bad:?}");
        }
    }
}
