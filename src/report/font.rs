//! The CJK font of Chinese reports: loaded from the system, registered with the charts, and
//! embedded in `report.html` as a subset of the glyphs the page uses.
//!
//! No CJK font ships with firesim (a full one is megabytes; English reports need none).
//! A Chinese report uses the font named by `FIRESIM_CJK_FONT` (a TrueType/OpenType file or
//! collection, first face), else [`SYSTEM_FONTS`] (Debian's `fonts-wqy-microhei`, which
//! `.ci/run` installs); without one it stops with an error naming the package. The subset
//! is made by `allsorts` (a standalone font with a Unicode cmap, which browsers need).

use super::files::ReportError;
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::{Font, tag};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Environment variable naming a CJK font file to use instead of the system's.
pub const FONT_ENV: &str = "FIRESIM_CJK_FONT";

/// Where the system CJK font is looked for, with the Debian package that installs it.
pub const SYSTEM_FONTS: &[(&str, &str)] = &[(
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "fonts-wqy-microhei",
)];

/// A loaded CJK font: its file, family name and bytes (kept for the process's life, as
/// plotters needs `'static` font data).
#[derive(Debug)]
pub struct CjkFont {
    /// The file it came from.
    pub path: PathBuf,
    /// The family name from the font's `name` table (what the charts' SVG text names).
    pub family: String,
    /// The whole file.
    pub bytes: &'static [u8],
}

fn font_err(message: String) -> ReportError {
    ReportError::Font { message }
}

/// The CJK font, loaded once per process.
pub fn cjk_font() -> Result<&'static CjkFont, ReportError> {
    static FONT: OnceLock<Result<CjkFont, String>> = OnceLock::new();
    FONT.get_or_init(load)
        .as_ref()
        .map_err(|m| font_err(m.clone()))
}

fn load() -> Result<CjkFont, String> {
    load_from(std::env::var_os(FONT_ENV).map(PathBuf::from), SYSTEM_FONTS)
}

/// Load `named` (from [`FONT_ENV`]) or else the first of `system` that exists.
fn load_from(named: Option<PathBuf>, system: &[(&str, &str)]) -> Result<CjkFont, String> {
    let (path, how) = match named {
        Some(p) => (p, format!("named by {FONT_ENV}")),
        None => {
            let found = system
                .iter()
                .find(|(p, _)| std::path::Path::new(p).is_file());
            let Some((p, pkg)) = found else {
                let (p, pkg) = system.first().copied().unwrap_or(SYSTEM_FONTS[0]);
                return Err(format!(
                    "a Chinese report (--lang zh) needs a CJK font, and {p} is missing: install \
                     Debian's {pkg} (`apt-get install {pkg}`), or set {FONT_ENV} to a \
                     TrueType/OpenType font with Chinese glyphs"
                ));
            };
            (PathBuf::from(p), format!("from Debian's {pkg}"))
        }
    };
    let bytes = std::fs::read(&path)
        .map_err(|e| format!("cannot read the CJK font {} ({how}): {e}", path.display()))?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let family = family_name(bytes).map_err(|e| {
        format!(
            "{} ({how}) is not a TrueType/OpenType font firesim can read: {e}",
            path.display()
        )
    })?;
    if glyph_ids(bytes, "消防站")?.contains(&0) {
        return Err(format!("{} ({how}) has no Chinese glyphs", path.display()));
    }
    Ok(CjkFont {
        path,
        family,
        bytes,
    })
}

fn family_name(bytes: &[u8]) -> Result<String, String> {
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let name_data = provider
        .read_table_data(tag::NAME)
        .map_err(|e| e.to_string())?;
    let name = ReadScope::new(&name_data)
        .read::<NameTable<'_>>()
        .map_err(|e| e.to_string())?;
    name.string_for_id(NameTable::FONT_FAMILY_NAME)
        .ok_or_else(|| "no family name".to_string())
}

/// Glyph ids of `text`'s characters in the font's first face (0 where it has none).
fn glyph_ids(bytes: &[u8], text: &str) -> Result<Vec<u16>, String> {
    let data = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let mut font = Font::new(provider).map_err(|e| e.to_string())?;
    Ok(text
        .chars()
        .map(|c| {
            font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
                .0
        })
        .collect())
}

/// The characters a page draws: every character of `text` that is not a control
/// character, plus printable ASCII (so a reader's search box or a later edit still finds
/// its glyphs).
fn charset(text: &str) -> BTreeSet<char> {
    text.chars()
        .filter(|c| !c.is_control())
        .chain((0x20u8..0x7f).map(char::from))
        .collect()
}

/// A subset of `font` holding the glyphs of `text`'s characters: a standalone TrueType or
/// OpenType font with a Unicode cmap, for `@font-face`. Also returns the characters the
/// font has no glyph for (the browser draws them with another font).
pub fn subset_for(font: &CjkFont, text: &str) -> Result<(Vec<u8>, Vec<char>), ReportError> {
    let chars: Vec<char> = charset(text).into_iter().collect();
    let as_text: String = chars.iter().collect();
    let ids = glyph_ids(font.bytes, &as_text).map_err(font_err)?;
    let missing: Vec<char> = chars
        .iter()
        .zip(&ids)
        .filter(|(c, id)| **id == 0 && !c.is_whitespace())
        .map(|(c, _)| *c)
        .collect();
    // Glyph 0 (.notdef) must come first; the rest in ascending order.
    let mut glyphs: Vec<u16> = std::iter::once(0)
        .chain(ids.into_iter().filter(|&g| g != 0))
        .collect::<BTreeSet<u16>>()
        .into_iter()
        .collect();
    glyphs.dedup();
    let err = |e: &dyn std::fmt::Display| {
        font_err(format!(
            "cannot subset the CJK font {}: {e}",
            font.path.display()
        ))
    };
    let data = ReadScope::new(font.bytes)
        .read::<FontData<'_>>()
        .map_err(|e| err(&e))?;
    let provider = data.table_provider(0).map_err(|e| err(&e))?;
    let bytes = subset(
        &provider,
        &glyphs,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(&e))?;
    Ok((bytes, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_system_font_names_its_package() {
        let e = load_from(None, &[("/nonexistent/wqy.ttc", "fonts-wqy-microhei")]).unwrap_err();
        assert!(
            e.contains("apt-get install fonts-wqy-microhei") && e.contains(FONT_ENV),
            "{e}"
        );
    }

    #[test]
    fn a_named_font_must_exist_be_a_font_and_have_chinese() {
        let e = load_from(Some("/nonexistent/x.ttf".into()), &[]).unwrap_err();
        assert!(
            e.contains("cannot read the CJK font /nonexistent/x.ttf"),
            "{e}"
        );
        let cargo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let e = load_from(Some(cargo), &[]).unwrap_err();
        assert!(e.contains("is not a TrueType/OpenType font"), "{e}");
        let dejavu = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/DejaVuSans.ttf");
        let e = load_from(Some(dejavu), &[]).unwrap_err();
        assert!(e.contains("has no Chinese glyphs"), "{e}");
    }

    #[test]
    fn charset_has_ascii_and_the_text_but_no_controls() {
        let s = charset("消防\n站");
        assert!(s.contains(&'消') && s.contains(&'站') && s.contains(&'A') && s.contains(&'~'));
        assert!(!s.contains(&'\n'));
    }
}
