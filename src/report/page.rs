//! The pieces of an HTML page that the comparison and robustness reports share: escaping,
//! inline SVG, the style rules and the bundled font.

use super::files::ReportError;
use crate::report::plot::PlotError;
use std::path::Path;

pub(super) const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(super) fn plot_err(dir: &Path, e: PlotError) -> ReportError {
    ReportError::Encode {
        file: dir.join("charts"),
        message: e.to_string(),
    }
}

/// Strip an XML declaration so the SVG can sit inside HTML.
pub(super) fn inline(svg: String) -> String {
    match svg.find("<svg") {
        Some(i) => svg[i..].to_string(),
        None => svg,
    }
}

/// The `@font-face` rule embedding a TrueType font (`b64`: its base64) as `family`.
pub(super) fn font_face_rule(family: &str, b64: &str) -> String {
    format!(
        "@font-face {{ font-family: \"{}\"; src: url(data:font/ttf;base64,{b64}) format(\"truetype\"); }}",
        esc(family)
    )
}

/// The style rules of every report page, text in `family` (escaped by the caller); they
/// follow the page's `@font-face` rule and end without a newline.
pub(super) fn style_rules(family: &str) -> String {
    format!(
        r#"body {{ font-family: "{family}", sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: right; vertical-align: top; }}
th:first-child, td:first-child {{ text-align: left; }}
.ci {{ color: #777; font-size: 0.85em; display: block; }}
.sig {{ color: #b30000; font-weight: bold; }}
.ns {{ color: #777; }}
figure {{ margin: 2em 0; }}
figure svg {{ max-width: 100%; height: auto; display: block; }}
figcaption {{ margin-top: 0.5em; }}
.meta {{ color: #555; }}"#
    )
}

/// The start of a report page up to `<body>`: `title` (escaped) and `style` (the
/// `<style>` element's rules).
pub(super) fn head(lang_tag: &str, title: &str, style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_tag}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{style}</style>\n</head>\n<body>\n"
    )
}
