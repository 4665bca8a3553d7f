//! Results on disk: one exporter per file, all written atomically.
//!
//! Every file is written to a temporary file in the output folder and renamed into place,
//! so a failed or interrupted run leaves no half-written results. Only this module and the
//! CLI touch files.

pub mod charts;
mod comparison;
mod comparison_sheets;
mod data;
pub mod economics;
pub mod fidelity;
mod files;
pub mod font;
pub mod geo;
mod html;
pub mod i18n;
mod localize;
pub mod optimise;
pub mod optimise_page;
mod page;
pub mod plan_rule;
pub mod plot;
mod responses;
pub mod robustness;
mod summary;
pub mod table;
mod xlsx;

pub use comparison::{comparison_csv, comparison_json, comparison_md};
pub use comparison_sheets::comparison_tables;
pub use files::{ReportError, read_report_data, write_atomic};
pub use html::{Written, write_report};
pub use i18n::Lang;
pub use responses::write_responses_csv;
pub use summary::{Caveats, Performance, summary_json};
pub use xlsx::{workbook, write_workbook};
