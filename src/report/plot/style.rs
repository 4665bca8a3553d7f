//! Visual constants shared by all charts: palette, dash patterns, fonts and
//! text sizes, and the one-time registration of the bundled font.

use super::data::FONT_FAMILY;
use super::{ChartLocale, ChartWords, PlotError};
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

/// The Okabe–Ito colour-blind-safe palette, in its published order, as CSS
/// hex colours (series colours follow this order).
pub const PALETTE_HEX: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// Okabe–Ito palette as plotters colours (same order as [`PALETTE_HEX`]).
pub(crate) const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

pub(crate) const BLACK_: RGBColor = OKABE_ITO[0];
pub(crate) const ORANGE: RGBColor = OKABE_ITO[1];
pub(crate) const SKY_BLUE: RGBColor = OKABE_ITO[2];
pub(crate) const GREEN: RGBColor = OKABE_ITO[3];
pub(crate) const YELLOW: RGBColor = OKABE_ITO[4];
pub(crate) const BLUE: RGBColor = OKABE_ITO[5];
pub(crate) const VERMILLION: RGBColor = OKABE_ITO[6];
pub(crate) const PURPLE: RGBColor = OKABE_ITO[7];

/// Grey used for reference lines, grid and secondary text.
pub(crate) const GREY_TEXT: RGBColor = RGBColor(80, 80, 80);
pub(crate) const GREY_REF: RGBColor = RGBColor(90, 90, 90);
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);

/// Line dash patterns, used in this order once the eight colours are used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
    Long,
}

const DASHES: [Dash; 4] = [Dash::Solid, Dash::Dashed, Dash::Dotted, Dash::Long];

/// Colour of the `i`-th scenario series.
pub(crate) fn series_color(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Dash of the `i`-th scenario series (solid for the first eight).
pub(crate) fn series_dash(i: usize) -> Dash {
    DASHES[(i / OKABE_ITO.len()) % DASHES.len()]
}

/// Colour of the `i`-th component fill (palette without black first).
pub(crate) fn fill_color(i: usize) -> RGBColor {
    OKABE_ITO[1 + i % (OKABE_ITO.len() - 1)]
}

/// Text sizes in plotters units (the pixel em is size / 1.24).
pub(crate) const TITLE_SIZE: f64 = 24.0;
pub(crate) const AXIS_DESC_SIZE: f64 = 18.0;
pub(crate) const TICK_SIZE: f64 = 16.0;
pub(crate) const LEGEND_SIZE: f64 = 16.0;
pub(crate) const SMALL_SIZE: f64 = 14.5;

thread_local! {
    /// The locale of the chart being drawn on this thread: set by [`with_locale`] for one
    /// render call, so the drawing code needs no extra parameter and parallel renders
    /// (on other threads) do not see each other's locale.
    static LOCALE: RefCell<Option<Rc<ChartLocale>>> = const { RefCell::new(None) };
}

/// Run `f` with `locale` as this thread's chart locale, restoring the previous one after.
pub(crate) fn with_locale<T>(locale: &ChartLocale, f: impl FnOnce() -> T) -> T {
    let prev = LOCALE.with(|l| l.replace(Some(Rc::new(locale.clone()))));
    let out = f();
    LOCALE.with(|l| *l.borrow_mut() = prev);
    out
}

fn family() -> String {
    LOCALE.with(|l| {
        l.borrow()
            .as_ref()
            .map_or(FONT_FAMILY.to_string(), |x| x.font_family.clone())
    })
}

/// The charts' own words in the current locale.
pub(crate) fn words() -> ChartWords {
    LOCALE.with(|l| {
        l.borrow()
            .as_ref()
            .map_or_else(ChartWords::default, |x| x.words.clone())
    })
}

/// Fill `{key}` placeholders of a template from [`ChartWords`].
pub(crate) fn fill_in(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// A text style in the current locale's font.
pub(crate) fn text(size: f64) -> TextStyle<'static> {
    text_col(size, BLACK_)
}

/// A text style in the current locale's font with a colour.
pub(crate) fn text_col(size: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(
            FontFamily::Name(leak_name(&family())),
            size,
            FontStyle::Normal,
        ),
        color: color.to_backend_color(),
        pos: Default::default(),
    }
}

/// plotters wants a `&'static str` family name; the few names a process uses are kept.
fn leak_name(name: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| **n == name) {
        return n;
    }
    let n: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.push(n);
    n
}

/// Register a font (TrueType or OpenType, the first face of a collection) with plotters
/// under `family`, for a [`ChartLocale`] to name. Registering a family again replaces it.
pub fn register_font(family: &str, bytes: &'static [u8]) -> Result<(), PlotError> {
    ensure_fonts()?;
    plotters::style::register_font(leak_name(family), FontStyle::Normal, bytes)
        .map_err(|_| PlotError::FontData(family.to_string()))
}

static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Register the bundled font with plotters (once per process). The generic
/// family names are registered too, so that any text plotters draws with a
/// default style also uses the bundled font.
pub(crate) fn ensure_fonts() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [FONT_FAMILY, "sans-serif", "serif", "monospace"]
            .iter()
            .all(|name| plotters::style::register_font(name, FontStyle::Normal, FONT_BYTES).is_ok())
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}
