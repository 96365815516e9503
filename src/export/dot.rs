//! DOT text (deterministic: nodes and edges sorted) and SVG, through Graphviz's `dot` when it
//! is installed, otherwise through layout-rs, a pure-Rust layout, so a picture always comes out.

use std::io::Write;
use std::process::{Command, Stdio};

use super::graph::VizGraph;
use crate::error::{Error, Result};

/// Escapes a string for a DOT double-quoted ID.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Shortens a long label and breaks it into lines of about `width` chars.
pub fn short_label(s: &str, max: usize, width: usize) -> String {
    let mut t: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        t.push('…');
    }
    let mut out = String::new();
    let mut col = 0;
    for w in t.split_whitespace() {
        let n = w.chars().count();
        if col > 0 && col + n > width {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += n;
    }
    out
}

fn style(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "person" => ("ellipse", "#cfe2ff"),
        "org" | "outlet" => ("box", "#d1e7dd"),
        "country" | "place" => ("hexagon", "#fff3cd"),
        "group" => ("octagon", "#e2d9f3"),
        "claim" => ("note", "#f8f9fa"),
        "document" => ("folder", "#ffe5d0"),
        _ => ("box", "#eeeeee"),
    }
}

pub fn to_dot(g: &VizGraph) -> String {
    let mut s = String::new();
    s.push_str("digraph derek {\n  graph [rankdir=LR, fontname=\"DejaVu Sans\"];\n");
    s.push_str("  node [fontname=\"DejaVu Sans\", fontsize=10, style=filled];\n");
    s.push_str("  edge [fontname=\"DejaVu Sans\", fontsize=9];\n");
    for n in g.nodes.values() {
        let (shape, color) = style(&n.kind);
        let label = if n.kind == "claim" {
            short_label(&n.label, 90, 30)
        } else {
            short_label(&n.label, 60, 24)
        };
        // Each line escaped on its own, then joined by DOT's line break (esc turns a raw line
        // break into a space, which would undo short_label's wrapping).
        let label: Vec<String> = label.split('\n').map(esc).collect();
        s.push_str(&format!(
            "  \"{}\" [label=\"{}\", shape={shape}, fillcolor=\"{color}\"];\n",
            esc(&n.iri),
            label.join("\\n")
        ));
    }
    for e in &g.edges {
        s.push_str(&format!(
            "  \"{}\" -> \"{}\" [label=\"{}\"];\n",
            esc(&e.from),
            esc(&e.to),
            esc(&e.relation)
        ));
    }
    s.push_str("}\n");
    s
}

/// Whether Graphviz's `dot` runs here.
pub fn graphviz_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// SVG from DOT text. Returns the SVG and which engine drew it.
pub fn to_svg(dot: &str, engine: SvgEngine) -> Result<(String, &'static str)> {
    let use_graphviz = match engine {
        SvgEngine::Graphviz => true,
        SvgEngine::Builtin => false,
        SvgEngine::Auto => graphviz_available(),
    };
    if use_graphviz {
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Error::Usage(format!(
                    "Graphviz's dot could not be started ({e}); install it (apt-get install graphviz) or use --svg-engine builtin"
                ))
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(dot.as_bytes())
                .map_err(|e| Error::Other(format!("writing to dot: {e}")))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| Error::Other(format!("dot: {e}")))?;
        if !out.status.success() {
            return Err(Error::Other(format!(
                "dot failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        return Ok((
            String::from_utf8_lossy(&out.stdout).into_owned(),
            "graphviz",
        ));
    }
    let dot = dot.to_string();
    let svg = std::panic::catch_unwind(move || {
        let mut parser = layout::gv::DotParser::new(&dot);
        let g = parser.process().map_err(|e| e.to_string())?;
        let mut builder = layout::gv::GraphBuilder::new();
        builder.visit_graph(&g);
        let mut vg = builder.get();
        let mut svg = layout::backends::svg::SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        Ok::<String, String>(svg.finalize())
    })
    .map_err(|_| {
        Error::Other("the built-in layout failed on this graph; install Graphviz for SVG".into())
    })?
    .map_err(|e| Error::Other(format!("the built-in layout could not read the graph: {e}")))?;
    Ok((svg, "layout-rs"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SvgEngine {
    /// Graphviz if installed, else the built-in layout.
    Auto,
    Graphviz,
    Builtin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(esc("a \"b\" \\ c\nd"), "a \\\"b\\\" \\\\ c d");
    }

    #[test]
    fn long_labels_are_cut_and_wrapped() {
        let l = short_label("бір екі үш төрт бес алты жеті сегіз", 20, 8);
        assert!(l.ends_with('…'));
        assert!(l.lines().all(|x| x.chars().count() <= 12));
    }

    #[test]
    fn long_claims_are_drawn_on_several_lines() {
        let mut g = VizGraph::default();
        let claim = "https://w3id.org/derek/id/claim/a/1-2";
        g.nodes.insert(
            claim.into(),
            super::super::graph::Node {
                iri: claim.into(),
                label: "Адамдарды түрмеге қамайды, қинайды. Елде сөз \"бостандығы\" жоқ.".into(),
                kind: "claim".into(),
                ..Default::default()
            },
        );
        let dot = to_dot(&g);
        let line = dot.lines().find(|l| l.contains("claim/a")).unwrap();
        assert!(line.contains("қамайды,\\nқинайды."), "{line}");
        assert!(line.contains("\\\"бостандығы\\\""), "{line}");
    }

    #[test]
    fn the_builtin_layout_draws_an_svg() {
        let (svg, engine) = to_svg(
            "digraph { \"а\" -> \"б\" [label=\"said\"]; }",
            SvgEngine::Builtin,
        )
        .unwrap();
        assert_eq!(engine, "layout-rs");
        assert!(svg.contains("<svg"));
    }
}
