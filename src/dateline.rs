//! The story's dateline date (`--date YYYY-MM-DD`), which lets a day-only date ("on the 24th")
//! be written out in full.

use std::fmt;
use std::str::FromStr;

/// A calendar date, checked to exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dateline {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Dateline {
    /// Days in `month` of `year`.
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => 0,
        }
    }
}

impl FromStr for Dateline {
    type Err = String;

    fn from_str(text: &str) -> Result<Dateline, String> {
        let bad = || format!("`{text}` is not a date of the form YYYY-MM-DD");
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        if day == 0 || day > Dateline::days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Dateline { year, month, day })
    }
}

impl fmt::Display for Dateline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        assert_eq!(
            "2024-10-26".parse::<Dateline>().unwrap(),
            Dateline {
                year: 2024,
                month: 10,
                day: 26
            }
        );
        assert!("2024-02-29".parse::<Dateline>().is_ok());
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-5",
            "24-10-26",
            "2024-10-26-1",
            "x",
        ] {
            assert!(bad.parse::<Dateline>().is_err(), "{bad}");
        }
    }
}
