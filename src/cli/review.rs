//! `mtscrub review`: one self-contained HTML page to decide on repairs one by one.
//!
//! The page is a file an editor opens from disk, so it carries everything inline (no network,
//! no external script or style) and its Content-Security-Policy lets only its own script run:
//! the script's hash is computed here. Everything taken from the inputs (paths, text, and the
//! rules' words, which user rule files may supply) is HTML-escaped where it is shown, and
//! reaches the script only as JSON in a data block with `<` escaped, so no input can close the
//! block or add markup. The repair list and its replay are in [`mtscrub::report::review`];
//! this module only lays the page out.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use mtscrub::report::review::{
    sha256_hex, Change, Piece, Repair, RepairList, ReviewEdit, DECISIONS_VERSION,
};
use mtscrub::report::LineIndex;
use mtscrub::Options;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::args::ReviewArgs;
use super::input::{self, io_message, Found, Reading};
use super::{engine_and_options, print, Exit, Fatal};

const TEMPLATE: &str = include_str!("review_page.html");
const SCRIPT: &str = include_str!("review_page.js");

/// One reviewed input.
struct Reviewed {
    label: String,
    path: Option<PathBuf>,
    text: String,
    /// SHA-256 of the text, which the decisions file records.
    sha256: String,
    list: RepairList,
}

pub fn run(args: &ReviewArgs) -> Result<Exit, Fatal> {
    let (engine, options) = engine_and_options(&args.common)?;
    let mut reviewed = Vec::new();
    let found = input::targets(
        &args.common.paths,
        args.common.input_format,
        &args.common.globs,
        true,
    );
    for found in found {
        let target = match found {
            Found::Target(target) => target,
            Found::Skipped(note) => {
                eprintln!("note: {note}");
                continue;
            }
            Found::Error(message) => return Err(Fatal(message)),
        };
        let input = target.read(Reading::Copy).map_err(Fatal)?;
        let options = Options {
            format: input.format,
            ..options.clone()
        };
        let analysis = engine
            .check(&input.text, &options)
            .map_err(|e| Fatal(format!("{}: {e}", input.label)))?;
        let list = RepairList::new(&input.text, &analysis.findings);
        reviewed.push(Reviewed {
            label: input.label,
            path: input.path,
            sha256: sha256_hex(input.text.as_bytes()),
            text: input.text.into(),
            list,
        });
    }

    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let decisions_name = match output.and_then(Path::file_stem) {
        Some(stem) => format!("{}.decisions.json", stem.to_string_lossy()),
        None => "mtscrub-review.decisions.json".to_string(),
    };
    let page = page(&reviewed, &decisions_name, args.common.safe_only);
    let repairs: usize = reviewed.iter().map(|r| r.list.repairs.len()).sum();
    match output {
        Some(path) => {
            std::fs::write(path, &page)
                .map_err(|e| Fatal(format!("{}: {}", path.display(), io_message(&e))))?;
            eprintln!(
                "Wrote {}: {repairs} repair{} in {} file{}.",
                path.display(),
                plural(repairs),
                reviewed.len(),
                plural(reviewed.len())
            );
        }
        None => print(&page),
    }
    Ok(Exit::Clean)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What the page's script reads: the inputs and their repairs.
#[derive(Serialize)]
struct PageData<'a> {
    version: u32,
    decisions_name: &'a str,
    rules: Vec<RuleData<'a>>,
    files: Vec<FileData<'a>>,
}

#[derive(Serialize)]
struct RuleData<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct FileData<'a> {
    path: &'a str,
    download_name: String,
    sha256: &'a str,
    text: &'a str,
    repairs: Vec<RepairData<'a>>,
}

#[derive(Serialize)]
struct RepairData<'a> {
    id: usize,
    rule: &'a str,
    rule_index: usize,
    safety: &'static str,
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
    accepted: bool,
    edits: &'a [ReviewEdit],
}

/// A rule with repairs on the page, for the summary table.
struct RuleRow<'a> {
    repair: &'a Repair,
    count: usize,
    tiers: Vec<&'static str>,
}

/// The whole page.
fn page(reviewed: &[Reviewed], decisions_name: &str, safe_only: bool) -> String {
    // Rules in order of first appearance, so the summary reads like the files.
    let mut rules: Vec<RuleRow> = Vec::new();
    let mut files = Vec::new();
    for item in reviewed {
        let mut repairs = Vec::new();
        for repair in &item.list.repairs {
            let found = rules
                .iter()
                .position(|row| row.repair.rule.id == repair.rule.id);
            let index = found.unwrap_or_else(|| {
                rules.push(RuleRow {
                    repair,
                    count: 0,
                    tiers: Vec::new(),
                });
                rules.len() - 1
            });
            let row = &mut rules[index];
            row.count += 1;
            if !row.tiers.contains(&repair.safety.as_str()) {
                row.tiers.push(repair.safety.as_str());
            }
            repairs.push(RepairData {
                id: repair.id,
                rule: &repair.rule.id,
                rule_index: index,
                safety: repair.safety.as_str(),
                byte_start: repair.range.start,
                byte_end: repair.range.end,
                replacement: &repair.replacement,
                accepted: repair.accepted_by_default(safe_only),
                edits: &repair.edits,
            });
        }
        files.push(FileData {
            path: &item.label,
            download_name: download_name(item),
            sha256: &item.sha256,
            text: &item.text,
            repairs,
        });
    }
    let data = PageData {
        version: DECISIONS_VERSION,
        decisions_name,
        rules: rules
            .iter()
            .map(|row| RuleData {
                id: &row.repair.rule.id,
            })
            .collect(),
        files,
    };

    let mut body = String::new();
    rules_table(&mut body, &rules);
    for (f, item) in reviewed.iter().enumerate() {
        file_section(&mut body, f, item);
    }
    let total: usize = reviewed.iter().map(|r| r.list.repairs.len()).sum();
    let summary = format!(
        "{} file{}, {total} repair{}",
        reviewed.len(),
        plural(reviewed.len()),
        plural(total)
    );
    let title = match reviewed {
        [one] => format!("mtscrub review: {}", one.label),
        _ => format!("mtscrub review: {} files", reviewed.len()),
    };
    fill(
        TEMPLATE,
        &[
            ("script_hash", &script_hash(SCRIPT)),
            ("title", &escape(&title)),
            ("summary", &escape(&summary)),
            ("body", &body),
            ("data", &json_for_script(&data)),
            ("script", SCRIPT),
        ],
    )
}

/// The file name a download of the accepted text gets: the input's own name.
fn download_name(item: &Reviewed) -> String {
    item.path
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin.txt".to_string())
}

fn rules_table(out: &mut String, rules: &[RuleRow]) {
    if rules.is_empty() {
        out.push_str(
            "<section class=\"panel\"><p class=\"empty\">No repairs to review.</p></section>\n",
        );
        return;
    }
    out.push_str(
        "<section class=\"panel\"><h2>Rules</h2><table class=\"rules\"><thead><tr>\
         <th>Rule</th><th>Tier</th><th>Repairs</th><th>Accepted</th><th></th></tr></thead><tbody>\n",
    );
    for (i, row) in rules.iter().enumerate() {
        let rule = &row.repair.rule;
        let _ = write!(
            out,
            "<tr><td><code class=\"rule\">{}</code> {}</td><td>",
            escape(&rule.id),
            escape(&rule.message)
        );
        for tier in &row.tiers {
            let _ = write!(out, "<span class=\"tier tier-{tier}\">{tier}</span> ");
        }
        let _ = writeln!(
            out,
            "</td><td>{}</td><td data-count-rule=\"{i}\"></td><td class=\"buttons\">\
             <button type=\"button\" data-action=\"accept-rule\" data-rule=\"{i}\">Accept all</button> \
             <button type=\"button\" data-action=\"reject-rule\" data-rule=\"{i}\">Reject all</button>\
             </td></tr>",
            row.count
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn file_section(out: &mut String, f: usize, item: &Reviewed) {
    let short_hash = &item.sha256[..12];
    let _ = writeln!(
        out,
        "<section class=\"panel file\" id=\"file-{f}\"><div class=\"file-head\">\
         <h2>{}</h2><span class=\"meta\"><span data-count-file=\"{f}\"></span> · sha256 \
         <code>{short_hash}…</code></span><span class=\"actions\">\
         <button type=\"button\" data-action=\"accept-file\" data-file=\"{f}\">Accept file</button>\
         <button type=\"button\" data-action=\"reject-file\" data-file=\"{f}\">Reject file</button>\
         <button type=\"button\" class=\"primary\" data-action=\"download-file\" data-file=\"{f}\">\
         Download accepted text</button></span></div>",
        escape(&item.label)
    );
    if item.list.set_aside > 0 {
        let n = item.list.set_aside;
        let _ = writeln!(
            out,
            "<p class=\"note\">{n} more repair{} overlap{} the ones listed and {} not shown: \
             apply these decisions, then review the file again.</p>",
            plural(n),
            if n == 1 { "s" } else { "" },
            if n == 1 { "is" } else { "are" }
        );
    }
    if item.list.repairs.is_empty() {
        out.push_str("<p class=\"empty\">Nothing to repair.</p></section>\n");
        return;
    }
    out.push_str("<ol class=\"repairs\">\n");
    let index = LineIndex::new(&item.text);
    for repair in &item.list.repairs {
        repair_item(out, f, &item.text, &index, repair);
    }
    out.push_str("</ol></section>\n");
}

fn repair_item(out: &mut String, f: usize, text: &str, index: &LineIndex, repair: &Repair) {
    let r = repair.id;
    let at = index.position(repair.range.start);
    let tier = repair.safety.as_str();
    let _ = write!(
        out,
        "<li class=\"repair\" id=\"f{f}-r{r}\"><div class=\"repair-head\">\
         <span class=\"num\">#{r}</span><code class=\"rule\">{}</code>\
         <span class=\"tier tier-{tier}\">{tier}</span><span>{}</span>\
         <span class=\"where\">line {}, column {}</span><span class=\"decide\">\
         <button type=\"button\" class=\"accept\" data-action=\"accept\" data-file=\"{f}\" \
         data-repair=\"{r}\" aria-pressed=\"false\">Accept</button>\
         <button type=\"button\" class=\"reject\" data-action=\"reject\" data-file=\"{f}\" \
         data-repair=\"{r}\" aria-pressed=\"false\">Reject</button></span></div>\
         <p class=\"why\">{}</p><div class=\"sides\">",
        escape(&repair.rule.id),
        escape(&repair.rule.message),
        at.line,
        at.column,
        escape(&repair.rule.why),
    );
    let context = repair.context(text);
    for (class, label, pieces) in [
        ("before", "Before", &context.before),
        ("after", "After", &context.after),
    ] {
        let _ = write!(
            out,
            "<div class=\"side {class}\"><div class=\"label\">{label}</div><p class=\"text\">"
        );
        if context.clipped_start {
            out.push_str("<span class=\"clip\">…</span>");
        }
        highlighted(out, pieces);
        if context.clipped_end {
            out.push_str("<span class=\"clip\">…</span>");
        }
        out.push_str("</p></div>");
    }
    out.push_str("</div></li>\n");
}

/// Pieces of context as HTML: removed words in `<del>`, added words in `<ins>`. A change
/// with nothing visible in it (a space, a zero-width character) gets a visible box.
fn highlighted(out: &mut String, pieces: &[Piece]) {
    for piece in pieces {
        let tag = match piece.change {
            Change::Same => {
                out.push_str(&escape(&piece.text));
                continue;
            }
            Change::Removed => "del",
            Change::Added => "ins",
        };
        let blank = piece
            .text
            .chars()
            .all(|c| c.is_whitespace() || is_invisible(c));
        let class = if blank { " class=\"blank\"" } else { "" };
        let _ = write!(out, "<{tag}{class}>{}</{tag}>", escape(&piece.text));
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// HTML-escapes text for element content and quoted attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON for a `<script type="application/json">` block: `<` is written `\u003c`, so the text
/// can never close the block or open a comment, and parses back the same.
fn json_for_script(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("page data serialises")
        .replace('<', "\\u003c")
}

/// The CSP source that lets exactly `script` run: `sha256-` and its hash in base64.
fn script_hash(script: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(script.as_bytes())))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `template` with each `{{name}}` replaced by its value, in one pass: text inserted is never
/// searched for placeholders again.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(template.len() + values.iter().map(|v| v.1.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}") else {
            break;
        };
        let name = &rest[open + 2..open + close];
        out.push_str(&rest[..open]);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        let text = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> & 'x'";
        let escaped = escape(text);
        assert!(!escaped.contains(['<', '>', '"', '\'']), "{escaped}");
        let json = json_for_script(&text);
        assert!(!json.contains('<'), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        // RFC 4648, section 10.
        for (input, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), encoded);
        }
    }

    #[test]
    fn fill_does_not_rescan_inserted_text() {
        assert_eq!(
            fill("a{{x}}b{{y}}c{{z}}", &[("x", "{{y}}"), ("y", "Y")]),
            "a{{y}}bYc{{z}}"
        );
    }

    #[test]
    fn the_script_cannot_close_its_own_element() {
        assert!(!SCRIPT.to_ascii_lowercase().contains("</script"));
        let page = fill(TEMPLATE, &[("script", SCRIPT)]);
        let start = page.find("<script>").unwrap() + "<script>".len();
        let end = page[start..].find("</script>").unwrap() + start;
        assert_eq!(&page[start..end], SCRIPT);
    }
}
