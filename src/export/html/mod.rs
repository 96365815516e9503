//! The interactive page: one self-contained HTML file (no network at view time) that draws a
//! graph with Cytoscape.js and explains what is clicked: a node's relations, a relation's
//! evidence sentence with the quote marked, its article and date.
//!
//! The page is a function of a [`PageGraph`] (plain JSON-serializable data) and
//! [`PageOptions`], so other front ends reuse it: `derek viz --format html` fills it from the
//! store's statements; a server can fill it from a CONSTRUCT result
//! ([`PageGraph::from_triples`]), add its own controls (`top_html`, `script`) and replace the
//! graph later from JavaScript with `derek.show(graph)`.
//!
//! Cytoscape.js (MIT licence) comes from npm when derek is built (`build.rs`, `web/`) and is
//! embedded whole, with its licence header, in the binary and in every page.

use std::collections::BTreeMap;

use oxrdf::{NamedOrBlankNode, Term, Triple};
use serde::Serialize;

use super::filter::Catalog;
use super::graph::{kind_of, VizGraph};
use crate::rdf::vocab;

/// Cytoscape.js, minified, as published on npm (see `web/package.json`).
pub const CYTOSCAPE_JS: &str = include_str!(concat!(env!("OUT_DIR"), "/cytoscape.min.js"));
/// Cytoscape.js's version, from its package.json.
pub const CYTOSCAPE_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/cytoscape.version"));
/// The viewer: our code around Cytoscape.js.
pub const VIEWER_JS: &str = include_str!("viewer.js");
pub const VIEWER_CSS: &str = include_str!("viewer.css");

/// A graph for the page. Field names are the JSON the page reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageGraph {
    pub nodes: Vec<PageNode>,
    pub edges: Vec<PageEdge>,
    /// Article id -> what is known about it (shown with a relation's evidence).
    pub articles: BTreeMap<String, PageArticle>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageNode {
    /// The IRI (or `_:b0` for a blank node).
    pub id: String,
    pub label: String,
    /// Drawing style: person, org, outlet, country, place, group, claim, document, topic, other.
    pub kind: String,
    /// Class local name (Person, Claim, ...).
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub class: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub wikidata: String,
    /// Other literal values, by property local name (CONSTRUCT results).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, String>,
    /// Where the node is drawn, laid out ahead ([`PageGraph::lay_out`]); the page uses these
    /// positions when every node has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageEdge {
    /// Unique: the statement IRI, or `e0, e1, ...`.
    pub id: String,
    pub source: String,
    pub target: String,
    /// The relation (or property) local name; the edge's label.
    pub relation: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub article: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub place: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub confidence: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub rule: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub statement: String,
    /// The evidence sentence.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// The quote's place in `evidence`: `[from, to)` in Unicode code points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<[usize; 2]>,
    /// Anything else to show, by name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub props: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageArticle {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// How the page looks beyond its graph.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageOptions<'a> {
    /// The page title and heading.
    pub title: &'a str,
    /// HTML placed between the toolbar and the graph, as is (trusted): a query form, say.
    pub top_html: &'a str,
    /// JavaScript run after the viewer has started (trusted); `window.derek` is ready.
    pub script: &'a str,
    /// Let scripts fetch from the page's own origin (a served page). A file page reaches
    /// nothing: its Content-Security-Policy forbids every connection.
    pub connect_self: bool,
}

fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// The drawing style of a class local name, for graphs whose IRIs are not derek's.
fn kind_of_class(class: &str) -> Option<&'static str> {
    Some(match class {
        "Person" => "person",
        "Organization" => "org",
        "NewsMediaOrganization" => "outlet",
        "Country" => "country",
        "Place" => "place",
        "Group" => "group",
        "Claim" => "claim",
        "Document" => "document",
        "Topic" => "topic",
        _ => return None,
    })
}

impl PageGraph {
    /// Gives every node a position: a force-directed layout computed here
    /// ([`crate::export::layout`]), so that the page opens drawn, whatever the graph's size.
    pub fn lay_out(&mut self) {
        let index: BTreeMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let edges: Vec<(usize, usize)> = self
            .edges
            .iter()
            .filter_map(|e| {
                Some((
                    *index.get(e.source.as_str())?,
                    *index.get(e.target.as_str())?,
                ))
            })
            .collect();
        let pos = super::layout::force_layout(self.nodes.len(), &edges);
        for (n, p) in self.nodes.iter_mut().zip(pos) {
            n.x = Some(p[0]);
            n.y = Some(p[1]);
        }
    }

    /// The page data of a derek graph: nodes and statements with their evidence, and the
    /// articles they come from.
    pub fn from_viz(g: &VizGraph, cat: &Catalog) -> PageGraph {
        let nodes = g
            .nodes
            .values()
            .map(|n| PageNode {
                id: n.iri.clone(),
                label: n.label.clone(),
                kind: n.kind.clone(),
                class: n.class.clone(),
                aliases: n.aliases.clone(),
                wikidata: n.wikidata.clone(),
                props: BTreeMap::new(),
                x: None,
                y: None,
            })
            .collect();
        let mut articles = BTreeMap::new();
        let mut edges = Vec::with_capacity(g.edges.len());
        for (i, e) in g.edges.iter().enumerate() {
            if let Some(a) = cat.articles.get(&e.article) {
                articles.insert(
                    e.article.clone(),
                    PageArticle {
                        date: a.date.clone(),
                        title: a.title.clone(),
                        url: a.url.clone(),
                    },
                );
            }
            edges.push(PageEdge {
                id: if e.statement.is_empty() {
                    format!("e{i}")
                } else {
                    e.statement.clone()
                },
                source: e.from.clone(),
                target: e.to.clone(),
                relation: e.relation.clone(),
                article: e.article.clone(),
                line: (e.line > 0).then_some(e.line),
                date: e.date.clone(),
                place: e.place.clone(),
                mode: e.mode.clone(),
                confidence: e.confidence.clone(),
                rule: e.rule.clone(),
                statement: e.statement.clone(),
                evidence: e.evidence.clone(),
                quote: e.quote.map(|(a, b)| [a, b]),
                props: BTreeMap::new(),
            });
        }
        let mut g = PageGraph {
            nodes,
            edges,
            articles,
        };
        g.lay_out();
        g
    }

    /// The page data of any RDF graph (a CONSTRUCT result): resources are nodes, labelled by
    /// `rdfs:label` (or `dk:text`, or their IRI's last segment) and styled by `rdf:type`;
    /// triples between resources are edges named by the property's local name; other literal
    /// values are shown with their node. Deterministic: sorted, duplicates merged.
    pub fn from_triples<'a>(triples: impl IntoIterator<Item = &'a Triple>) -> PageGraph {
        // Sorted by their N-Triples text: deterministic whatever order they came in.
        let triples: BTreeMap<String, &Triple> =
            triples.into_iter().map(|t| (t.to_string(), t)).collect();
        let id_of_subject = |s: &NamedOrBlankNode| match s {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        let mut nodes: BTreeMap<String, PageNode> = BTreeMap::new();
        let mut edges = Vec::new();
        let text = vocab::dk::TEXT.as_str();
        let node = |nodes: &mut BTreeMap<String, PageNode>, id: &str| {
            if !nodes.contains_key(id) {
                nodes.insert(
                    id.to_string(),
                    PageNode {
                        id: id.to_string(),
                        ..Default::default()
                    },
                );
            }
        };
        for t in triples.values() {
            let s = id_of_subject(&t.subject);
            node(&mut nodes, &s);
            let p = t.predicate.as_str();
            match &t.object {
                Term::Literal(l) => {
                    let Some(n) = nodes.get_mut(&s) else { continue };
                    if p == vocab::rdfs::LABEL.as_str() && n.label.is_empty() {
                        n.label = l.value().to_string();
                    } else if p == vocab::skos::ALT_LABEL.as_str() {
                        n.aliases.push(l.value().to_string());
                    } else {
                        let v = n.props.entry(local_name(p).to_string()).or_default();
                        if !v.is_empty() {
                            v.push_str(" | ");
                        }
                        v.push_str(l.value());
                        if p == text && n.label.is_empty() {
                            n.label = l.value().to_string();
                        }
                    }
                }
                Term::NamedNode(o) if p == vocab::rdf::TYPE.as_str() => {
                    if let Some(n) = nodes.get_mut(&s) {
                        if n.class.is_empty() {
                            n.class = local_name(o.as_str()).to_string();
                        }
                    }
                }
                other => {
                    let o = match other {
                        Term::NamedNode(n) => n.as_str().to_string(),
                        other => other.to_string(),
                    };
                    node(&mut nodes, &o);
                    edges.push(PageEdge {
                        id: format!("e{}", edges.len()),
                        source: s.clone(),
                        target: o,
                        relation: local_name(p).to_string(),
                        props: [("property".to_string(), p.to_string())].into(),
                        ..Default::default()
                    });
                }
            }
        }
        for n in nodes.values_mut() {
            if n.label.is_empty() {
                n.label = local_name(&n.id).to_string();
            }
            n.kind = kind_of_class(&n.class)
                .map(str::to_string)
                .unwrap_or_else(|| kind_of(&n.id));
        }
        let mut g = PageGraph {
            nodes: nodes.into_values().collect(),
            edges,
            articles: BTreeMap::new(),
        };
        g.lay_out();
        g
    }
}

/// Escapes text for HTML content and attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can close it or start a
/// comment (they become `\u003c` ... inside strings, the only place JSON has them).
pub fn script_json<T: Serialize>(v: &T) -> String {
    let json = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A script's text made safe to inline: `</script` cannot end the element early.
fn inline_script(js: &str) -> String {
    js.replace("</script", "<\\/script")
        .replace("</SCRIPT", "<\\/SCRIPT")
}

/// The page: one HTML document with the graph, Cytoscape.js, the viewer and its style inline.
pub fn render(graph: &PageGraph, opts: &PageOptions) -> String {
    let title = if opts.title.is_empty() {
        "derek"
    } else {
        opts.title
    };
    let connect = if opts.connect_self {
        "'self'"
    } else {
        "'none'"
    };
    let mut s = String::with_capacity(CYTOSCAPE_JS.len() + VIEWER_JS.len() + 64 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; \
         connect-src {connect}\">\n"
    ));
    s.push_str("<meta name=\"generator\" content=\"derek\">\n");
    s.push_str(&format!("<title>{}</title>\n", html_escape(title)));
    s.push_str("<style>\n");
    s.push_str(VIEWER_CSS);
    s.push_str("</style>\n</head>\n<body>\n<header>\n");
    s.push_str(&format!("<h1>{}</h1>\n", html_escape(title)));
    s.push_str(
        "<input id=\"derek-search\" type=\"search\" list=\"derek-names\" \
         placeholder=\"Search an entity…\" aria-label=\"Search an entity\">\n\
         <datalist id=\"derek-names\"></datalist>\n\
         <button id=\"derek-fit\" type=\"button\">Fit</button>\n\
         <select id=\"derek-layout\" aria-label=\"Layout\">\
         <option value=\"ahead\">force layout</option>\
         <option value=\"force\">force layout (in the browser)</option>\
         <option value=\"circle\">circle</option>\
         <option value=\"breadthfirst\">tree</option></select>\n\
         <span id=\"derek-status\" role=\"status\"></span>\n\
         <div id=\"derek-relations\"></div>\n</header>\n",
    );
    s.push_str(opts.top_html);
    s.push_str(
        "\n<main>\n<div id=\"derek-graph-view\"></div>\n\
         <aside id=\"derek-panel\" aria-live=\"polite\"></aside>\n</main>\n",
    );
    s.push_str(&format!(
        "<footer>Made by derek. Drawn with Cytoscape.js {} (MIT licence; its notice heads \
         the script below).</footer>\n",
        html_escape(CYTOSCAPE_VERSION.trim())
    ));
    s.push_str("<script id=\"derek-graph\" type=\"application/json\">");
    s.push_str(&script_json(graph));
    s.push_str("</script>\n<script>\n");
    s.push_str(&inline_script(CYTOSCAPE_JS));
    s.push_str("\n</script>\n<script>\n");
    s.push_str(&inline_script(VIEWER_JS));
    s.push_str("\n</script>\n");
    if !opts.script.is_empty() {
        s.push_str("<script>\n");
        s.push_str(&inline_script(opts.script));
        s.push_str("\n</script>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{Literal, NamedNode};

    #[test]
    fn the_embedded_library_is_cytoscape_with_its_licence() {
        assert!(CYTOSCAPE_JS.contains("Cytoscape Consortium"));
        assert!(CYTOSCAPE_JS.contains("Permission is hereby granted"));
        assert!(!CYTOSCAPE_JS.to_lowercase().contains("</script"));
        assert!(CYTOSCAPE_VERSION.trim().starts_with('3'));
    }

    #[test]
    fn data_cannot_break_out_of_its_script_element() {
        let g = PageGraph {
            nodes: vec![PageNode {
                id: "id:x".into(),
                label: "</script><script>alert(1)</script> & <!--".into(),
                kind: "person".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let page = render(
            &g,
            &PageOptions {
                title: "<b>T</b>",
                ..Default::default()
            },
        );
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("<!--"));
        assert!(page.contains("<title>&lt;b&gt;T&lt;/b&gt;</title>"));
        assert!(page.contains("connect-src 'none'"));
        let json = &page[page.find("type=\"application/json\">").unwrap() + 24..];
        let json = &json[..json.find("</script>").unwrap()];
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            v["nodes"][0]["label"],
            "</script><script>alert(1)</script> & <!--"
        );
    }

    #[test]
    fn a_construct_result_becomes_nodes_and_edges() {
        let nn = |s: &str| NamedNode::new(s).unwrap();
        let a = nn("https://w3id.org/derek/id/person/вольф_клинц");
        let c = nn("https://w3id.org/derek/id/claim/x/1-2");
        let t = vec![
            Triple::new(
                a.clone(),
                vocab::rdfs::LABEL.into_owned(),
                Literal::new_simple_literal("Вольф Клинц"),
            ),
            Triple::new(a.clone(), vocab::dk::SAID.into_owned(), c.clone()),
            Triple::new(
                a.clone(),
                vocab::rdf::TYPE.into_owned(),
                vocab::schema::PERSON.into_owned(),
            ),
            Triple::new(
                c.clone(),
                vocab::dk::TEXT.into_owned(),
                Literal::new_simple_literal("сөз"),
            ),
            Triple::new(a.clone(), vocab::dk::SAID.into_owned(), c.clone()),
        ];
        let g = PageGraph::from_triples(&t);
        assert_eq!(g.nodes.len(), 2);
        assert_eq!(
            g.edges.len(),
            1,
            "duplicates merge; rdf:type is not an edge"
        );
        let person = g.nodes.iter().find(|n| n.id == a.as_str()).unwrap();
        assert_eq!(
            (person.label.as_str(), person.kind.as_str()),
            ("Вольф Клинц", "person")
        );
        let claim = g.nodes.iter().find(|n| n.id == c.as_str()).unwrap();
        assert_eq!(
            (claim.label.as_str(), claim.kind.as_str()),
            ("сөз", "claim")
        );
        assert_eq!(g.edges[0].relation, "said");
    }
}
