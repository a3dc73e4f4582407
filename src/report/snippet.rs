//! Findings as people read them: the `path:line:column: RULE message` line scripts rely on
//! (all that `--output-format concise` prints), then the line of text with the span underlined
//! and the repair, drawn by annotate-snippets (rustc's renderer, which aligns underlines under
//! wide characters such as Hangul).

use std::fmt::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::position::Position;
use super::LineIndex;
use crate::detect::Finding;
use crate::rules::Severity;

/// Characters of the line kept on each side of a finding's span: more than the renderer's
/// width of 140 columns, so a long line is still cut, and marked as cut, where it was.
const CONTEXT_CHARS: usize = 280;

/// The first line of a finding as drawn, `path:line:column: RULE message`, added to `out`;
/// `line_base` is added to its line number (records of a JSON Lines file).
pub fn write_finding_line(
    out: &mut String,
    label: &str,
    index: &LineIndex,
    line_base: usize,
    finding: &Finding,
) {
    write_line_at(
        out,
        label,
        index.position(finding.range.start),
        line_base,
        finding,
    );
}

/// [`write_finding_line`] for a finding that starts at `start`.
fn write_line_at(
    out: &mut String,
    label: &str,
    start: Position,
    line_base: usize,
    finding: &Finding,
) {
    let _ = writeln!(
        out,
        "{label}:{}:{}: {} {}",
        start.line + line_base,
        start.column,
        finding.rule.id,
        finding.rule.message
    );
}

/// One finding, rendered; `line_base` is added to line numbers (records of a JSON Lines file).
pub fn render_finding(
    label: &str,
    text: &str,
    index: &LineIndex,
    line_base: usize,
    finding: &Finding,
    styled: bool,
) -> String {
    render_with_context(
        label,
        text,
        index,
        line_base,
        finding,
        styled,
        CONTEXT_CHARS,
    )
}

fn render_with_context(
    label: &str,
    text: &str,
    index: &LineIndex,
    line_base: usize,
    finding: &Finding,
    styled: bool,
    context_chars: usize,
) -> String {
    let start = index.position(finding.range.start);
    let line = start.line + line_base;
    let mut out = String::new();
    write_line_at(&mut out, label, start, line_base, finding);

    // The finding's line; the renderer cuts a long paragraph to the part around the span. It
    // is handed only the span and `context_chars` on each side, which it cuts the same way
    // without measuring the width of every character of a long paragraph.
    let line_start = text[..finding.range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[finding.range.start..]
        .find('\n')
        .map_or(text.len(), |i| finding.range.start + i);
    let line_start = line_start
        + text[line_start..finding.range.start]
            .char_indices()
            .rev()
            .nth(context_chars)
            .map_or(0, |(i, _)| i);
    let context_from = finding.range.end.clamp(finding.range.start, line_end);
    let line_end = text[context_from..line_end]
        .char_indices()
        .nth(context_chars)
        .map_or(line_end, |(i, _)| context_from + i);
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
            .annotation(AnnotationKind::Primary.span(span.clone()).label(label_text)),
    )];
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let rendered = renderer.render(report);
    // The renderer counts the column from the start of the part it was handed.
    let shown_column = source[..span.start].chars().count() + 1;
    if shown_column == start.column {
        let _ = writeln!(out, "{rendered}");
    } else {
        let shown = format!("{label}:{line}:{shown_column}\n");
        let actual = format!("{label}:{line}:{}\n", start.column);
        let _ = writeln!(out, "{}", rendered.replacen(&shown, &actual, 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::detect::{Edit, Fix};
    use crate::repair::Safety;
    use crate::rules::{DeclaredFix, RuleMeta};

    fn finding(range: std::ops::Range<usize>, replacement: &str) -> Finding {
        Finding {
            rule: Arc::new(RuleMeta {
                id: "stray-quote".into(),
                message: "Stray quotation mark".into(),
                why: "w".into(),
                languages: Vec::new(),
                source_languages: Vec::new(),
                severity: Severity::Warning,
                fix: DeclaredFix::Auto,
                contexts: Vec::new(),
                enabled: true,
                origin: "test".into(),
            }),
            range: range.clone(),
            lang: "en",
            fix: Some(Fix {
                edits: vec![Edit {
                    range,
                    replacement: replacement.into(),
                }],
                safety: Safety::Safe,
            }),
        }
    }

    /// A long line of Latin and Hangul words (wide characters) with findings near its start,
    /// in its middle and near its end renders the same whether the renderer is handed the
    /// whole line or the part around the span.
    #[test]
    fn the_part_around_the_span_renders_like_the_whole_line() {
        let words = "The committee met on Tuesday. 위원회는 화요일에 회의를 열었다. ";
        let line = words.repeat(40);
        let text = format!("First line.\n{line}“ end\nLast line.");
        let index = LineIndex::new(&text);
        let mut starts: Vec<usize> = [12, 20, 200, 700, text.len() / 2]
            .into_iter()
            .chain([text.find("“ end").unwrap()])
            .collect();
        starts.extend(text.match_indices("위원회").map(|(i, _)| i).step_by(7));
        let boundary = |i: usize| (i..).find(|&i| text.is_char_boundary(i)).unwrap();
        for start in starts.into_iter().map(boundary) {
            let end = text[start..].chars().next().unwrap().len_utf8() + start;
            let finding = finding(start..end, "");
            for styled in [false, true] {
                let whole =
                    render_with_context("a.txt", &text, &index, 0, &finding, styled, usize::MAX);
                let part = render_finding("a.txt", &text, &index, 0, &finding, styled);
                assert_eq!(part, whole, "finding at byte {start}");
            }
        }
        // The line really is cut: the rendering is far shorter than the line.
        let middle = boundary(text.len() / 2);
        let rendered = render_finding(
            "a.txt",
            &text,
            &index,
            0,
            &finding(middle..middle + 1, ""),
            false,
        );
        assert!(rendered.len() < line.len() / 4, "{rendered}");
    }
}
