//! GraphML (<http://graphml.graphdrawing.org/>), the graph format Gephi, Cytoscape, yEd and
//! networkx read with attributes. Deterministic: nodes in IRI order, edges in the graph's
//! order, ids numbered in that order.
//!
//! Node ids are `n0, n1, ...` (the IRI is an attribute): GraphML ids are XML name tokens,
//! which an IRI is not. Attributes named `label` are the ones Gephi shows as labels.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::graph::VizGraph;

/// `(id, for, attr.name, attr.type)` of every GraphML key.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_type", "node", "type", "string"),
    ("n_iri", "node", "iri", "string"),
    ("n_aliases", "node", "aliases", "string"),
    ("n_wikidata", "node", "wikidata", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_relation", "edge", "relation", "string"),
    ("e_statement", "edge", "statement", "string"),
    ("e_article", "edge", "article", "string"),
    ("e_line", "edge", "line", "int"),
    ("e_date", "edge", "date", "string"),
    ("e_place", "edge", "place", "string"),
    ("e_mode", "edge", "mode", "string"),
    ("e_start", "edge", "start", "int"),
    ("e_end", "edge", "end", "int"),
    ("e_confidence", "edge", "confidence", "double"),
    ("e_rule", "edge", "rule", "string"),
    ("e_evidence", "edge", "evidence", "string"),
];

/// Escapes text for XML content and attribute values; drops the control characters that XML
/// 1.0 cannot carry at all.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn data(out: &mut String, key: &str, value: &str) {
    if !value.is_empty() {
        let _ = writeln!(
            out,
            "      <data key=\"{key}\">{}</data>",
            xml_escape(value)
        );
    }
}

/// The graph as a GraphML document.
pub fn to_graphml(g: &VizGraph) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, target, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"derek\" edgedefault=\"directed\">\n");
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (i, n) in g.nodes.values().enumerate() {
        let id = format!("n{i}");
        let _ = writeln!(out, "    <node id=\"{id}\">");
        data(&mut out, "n_label", &n.label);
        data(&mut out, "n_kind", &n.kind);
        data(&mut out, "n_type", &n.class);
        data(&mut out, "n_iri", &n.iri);
        data(&mut out, "n_aliases", &n.aliases.join("|"));
        data(&mut out, "n_wikidata", &n.wikidata);
        out.push_str("    </node>\n");
        ids.insert(&n.iri, id);
    }
    for (i, e) in g.edges.iter().enumerate() {
        let (Some(from), Some(to)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else {
            // An edge whose end was filtered out is not drawn (VizGraph keeps none).
            continue;
        };
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{from}\" target=\"{to}\">"
        );
        data(&mut out, "e_label", &e.relation);
        data(&mut out, "e_relation", &e.relation);
        data(&mut out, "e_statement", &e.statement);
        data(&mut out, "e_article", &e.article);
        data(&mut out, "e_line", &e.line.to_string());
        data(&mut out, "e_date", &e.date);
        data(&mut out, "e_place", &e.place);
        data(&mut out, "e_mode", &e.mode);
        data(&mut out, "e_start", &e.start.to_string());
        data(&mut out, "e_end", &e.end.to_string());
        data(&mut out, "e_confidence", &e.confidence);
        data(&mut out, "e_rule", &e.rule);
        data(&mut out, "e_evidence", &e.evidence);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::graph::{Edge, Node};

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("a<b>&\"c\"'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;\n"
        );
    }

    #[test]
    fn nodes_and_edges_are_numbered_with_their_attributes() {
        let mut g = VizGraph::default();
        for (iri, label) in [("id:b", "Б"), ("id:a", "А & Co")] {
            g.nodes.insert(
                iri.into(),
                Node {
                    iri: iri.into(),
                    label: label.into(),
                    kind: "org".into(),
                    ..Default::default()
                },
            );
        }
        g.edges.insert(Edge {
            from: "id:a".into(),
            to: "id:b".into(),
            relation: "calledOn".into(),
            line: 3,
            ..Default::default()
        });
        let x = to_graphml(&g);
        assert!(x.contains("<node id=\"n0\">\n      <data key=\"n_label\">А &amp; Co</data>"));
        assert!(x.contains("<edge id=\"e0\" source=\"n0\" target=\"n1\">"));
        assert!(x.contains("<data key=\"e_line\">3</data>"));
        assert!(
            !x.contains("<data key=\"e_date\">"),
            "empty values are left out"
        );
        assert_eq!(x, to_graphml(&g), "deterministic");
    }
}
