//! A small SVG writer: integer coordinates only, text as `<text>`, every
//! string escaped, so that the same figure is byte-for-byte the same on
//! every platform (native and wasm).

use std::fmt::Write as _;

/// The canvas: 16:9, the size of a 1600x900 slide.
pub const WIDTH: i32 = 1600;
/// The canvas height.
pub const HEIGHT: i32 = 900;

/// Fonts: a sans-serif for words, a monospace for hex.
pub const SANS: &str = "Inter, 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";
/// The monospace font.
pub const MONO: &str = "'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// The colours of a theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Background.
    pub bg: &'static str,
    /// Text.
    pub fg: &'static str,
    /// Secondary text.
    pub muted: &'static str,
    /// Box fill.
    pub boxfill: &'static str,
    /// Box outline.
    pub stroke: &'static str,
    /// A level's colour, levels -1 to 3.
    pub level: [&'static str; 5],
    /// Success.
    pub ok: &'static str,
    /// A fault.
    pub bad: &'static str,
    /// What the query took (the flowchart's lit branches).
    pub accent: &'static str,
    /// A lit box's fill.
    pub lit: &'static str,
}

/// Light: dark text on white.
pub const LIGHT: Palette = Palette {
    bg: "#ffffff",
    fg: "#1b1f24",
    muted: "#5b6470",
    boxfill: "#f3f5f7",
    stroke: "#c4cad1",
    level: ["#7e57c2", "#1e88e5", "#2e7d32", "#ef6c00", "#c62828"],
    ok: "#2e7d32",
    bad: "#c62828",
    accent: "#1565c0",
    lit: "#e3f0fd",
};

/// Dark: light text on near-black.
pub const DARK: Palette = Palette {
    bg: "#16181d",
    fg: "#e6e8eb",
    muted: "#9aa3ad",
    boxfill: "#22262d",
    stroke: "#3a4049",
    level: ["#b39ddb", "#64b5f6", "#81c784", "#ffb74d", "#e57373"],
    ok: "#81c784",
    bad: "#ef9a9a",
    accent: "#90caf9",
    lit: "#1d2f45",
};

impl Palette {
    /// The colour of `level` (-1 to 3).
    pub fn level(&self, level: i8) -> &'static str {
        self.level[usize::try_from(level + 1).unwrap_or(0).min(4)]
    }
}

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// Cuts `s` to at most `n` characters, ending in `…` when cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut o: String = s.chars().take(n.saturating_sub(1)).collect();
    o.push('…');
    o
}

/// Splits `s` into lines of at most `n` characters, at spaces.
pub fn wrap(s: &str, n: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > n {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text style: size, weight, colour, anchor, font.
#[derive(Clone, Copy, Debug)]
pub struct Font {
    /// Size in px.
    pub size: i32,
    /// Bold.
    pub bold: bool,
    /// Fill.
    pub fill: &'static str,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// Monospace.
    pub mono: bool,
}

impl Font {
    /// A sans-serif font of `size` in `fill`, anchored at the start.
    pub const fn sans(size: i32, fill: &'static str) -> Font {
        Font {
            size,
            bold: false,
            fill,
            anchor: "start",
            mono: false,
        }
    }

    /// A monospace font of `size` in `fill`, anchored at the start.
    pub const fn mono(size: i32, fill: &'static str) -> Font {
        Font {
            mono: true,
            ..Font::sans(size, fill)
        }
    }

    /// Bold.
    pub const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    /// Centred on x.
    pub const fn middle(self) -> Font {
        Font {
            anchor: "middle",
            ..self
        }
    }

    /// Ending at x.
    pub const fn end(self) -> Font {
        Font {
            anchor: "end",
            ..self
        }
    }
}

/// An SVG document being written.
pub struct Svg {
    out: String,
}

impl Svg {
    /// A document with `title` (its accessible name) on a `bg` background.
    pub fn new(title: &str, p: &Palette) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\">\n<title>{}</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker></defs>\n<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{}\"/>\n",
            esc(title),
            p.muted,
            p.bg
        );
        Svg { out }
    }

    /// A rectangle.
    #[allow(clippy::too_many_arguments)]
    pub fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, fill: &str, stroke: &str, sw: i32) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>"
        );
    }

    /// A rectangle filled with a light tint of `colour`, outlined in it.
    pub fn tint(&mut self, x: i32, y: i32, w: i32, h: i32, colour: &str) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"{colour}\" fill-opacity=\"0.25\" stroke=\"{colour}\" stroke-width=\"2\"/>"
        );
    }

    /// A line of text at (x, y), y its baseline.
    pub fn text(&mut self, x: i32, y: i32, f: Font, s: &str) {
        let _ = writeln!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" font-family=\"{}\" font-size=\"{}\"{} fill=\"{}\" text-anchor=\"{}\">{}</text>",
            if f.mono { MONO } else { SANS },
            f.size,
            if f.bold { " font-weight=\"bold\"" } else { "" },
            f.fill,
            f.anchor,
            esc(s)
        );
    }

    /// A line of text made of runs, each with its own colour and weight.
    pub fn runs(&mut self, x: i32, y: i32, f: Font, runs: &[(&str, &'static str, bool)]) {
        let _ = write!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" font-family=\"{}\" font-size=\"{}\" fill=\"{}\">",
            if f.mono { MONO } else { SANS },
            f.size,
            f.fill
        );
        for (s, fill, bold) in runs {
            let _ = write!(
                self.out,
                "<tspan fill=\"{fill}\"{}>{}</tspan>",
                if *bold { " font-weight=\"bold\"" } else { "" },
                esc(s)
            );
        }
        self.out.push_str("</text>\n");
    }

    /// A polyline through `points`, with an arrowhead at the end when `arrow`.
    pub fn path(&mut self, points: &[(i32, i32)], stroke: &str, width: i32, arrow: bool) {
        let d: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x},{y}", if i == 0 { 'M' } else { 'L' }))
            .collect();
        let _ = writeln!(
            self.out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"{}/>",
            d.join(" "),
            if arrow {
                " marker-end=\"url(#arrow)\""
            } else {
                ""
            }
        );
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}
