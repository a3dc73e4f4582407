//! Report: the last stage. Turns findings and edits into what people and programs read:
//! line/column positions, JSON records, text lines and unified diffs. It builds strings and
//! values; printing them is the binary's business.

pub mod diff;
pub mod position;
pub mod record;
pub mod review;
pub mod sarif;
pub mod snippet;

pub use diff::unified_diff;
pub use position::LineIndex;
pub use record::FindingRecord;
