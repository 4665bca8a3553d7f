//! Reading SF's CSV files: the needed columns by name, the rows with their line numbers,
//! SF's timestamps and `POINT (lon lat)` locations.

use super::error::SfError;
use crate::scenario::recorded::parse_time;
use chrono::NaiveDateTime;
use std::io::Read;
use std::path::Path;

pub(super) fn sf_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%m/%d/%Y %I:%M:%S %p")
        .ok()
        .or_else(|| parse_time(s))
}

/// The index of each named column of `headers`, or which one `file` lacks.
pub(super) fn columns<const N: usize>(
    headers: &csv::StringRecord,
    names: [&str; N],
    file: &Path,
    hint: &'static str,
) -> Result<[usize; N], SfError> {
    let mut out = [0; N];
    for (slot, name) in out.iter_mut().zip(names) {
        *slot = headers
            .iter()
            .position(|x| x == name)
            .ok_or_else(|| SfError::MissingColumn {
                file: file.to_path_buf(),
                column: name.to_string(),
                hint,
            })?;
    }
    Ok(out)
}

/// The header of the CSV read from `reader` and its rows with their line numbers (the
/// header is line 1); `file` names it in errors. (The iterator is an `impl Trait`, which a
/// type alias cannot name on stable, hence the allowance.)
#[allow(clippy::type_complexity)]
pub(super) fn csv_rows(
    reader: impl Read,
    file: &Path,
) -> Result<
    (
        csv::StringRecord,
        impl Iterator<Item = Result<(usize, csv::StringRecord), SfError>>,
    ),
    SfError,
> {
    let mut r = csv::Reader::from_reader(reader);
    let h = r
        .headers()
        .map_err(|source| SfError::Header {
            file: file.to_path_buf(),
            source,
        })?
        .clone();
    let file = file.to_path_buf();
    let rows = r.into_records().enumerate().map(move |(i, rec)| {
        let line = i + 2;
        rec.map(|rec| (line, rec)).map_err(|source| SfError::Row {
            file: file.clone(),
            line,
            source,
        })
    });
    Ok((h, rows))
}

pub(super) fn parse_location(s: &str) -> Option<(f64, f64)> {
    let s = s.trim().trim_start_matches('(').trim_end_matches(')');
    let (a, b) = s.split_once(',')?;
    let (lat, lon) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    (lat.is_finite() && lon.is_finite() && lat != 0.0 && lon != 0.0).then_some((lat, lon))
}
