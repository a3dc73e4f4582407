//! Findings as people read them: the `path:line:column: RULE message` line scripts rely on,
//! then the line of text with the span underlined and the repair, drawn by annotate-snippets
//! (rustc's renderer, which aligns underlines under wide characters such as Hangul).

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::LineIndex;
use crate::detect::Finding;
use crate::rules::Severity;

/// One finding, rendered; `line_base` is added to line numbers (records of a JSON Lines file).
pub fn render_finding(
    label: &str,
    text: &str,
    index: &LineIndex,
    line_base: usize,
    finding: &Finding,
    styled: bool,
) -> String {
    let start = index.position(finding.range.start);
    let line = start.line + line_base;
    let mut out = format!(
        "{label}:{line}:{}: {} {}\n",
        start.column, finding.rule.id, finding.rule.message
    );

    // The finding's line; the renderer cuts a long paragraph to the part around the span.
    let line_start = text[..finding.range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[finding.range.start..]
        .find('\n')
        .map_or(text.len(), |i| finding.range.start + i);
    let source = text[line_start..line_end].trim_end_matches('\r');
    let span_end = finding
        .range
        .end
        .min(line_start + source.len())
        .max(finding.range.start);
    let span = finding.range.start - line_start..span_end - line_start;
    let label_text = match &finding.fix {
        Some(fix) => format!(
            "{} repair: {:?} → {:?}",
            fix.safety.as_str(),
            &text[finding.range.clone()],
            fix.apply_within(text, finding.range.clone())
        ),
        None => "no automatic repair".to_string(),
    };
    let level = match finding.rule.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let report = &[Group::with_level(level).element(
        Snippet::source(source)
            .line_start(line)
            .path(label)
            .annotation(AnnotationKind::Primary.span(span).label(label_text)),
    )];
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let _ = writeln!(out, "{}", renderer.render(report));
    out
}
