//! The picture's graph: actors, claims, documents and topics as nodes, relations as edges,
//! with filters (relation, focus entity and depth). Built from statement rows (or relation
//! rows), so it draws whatever the store holds; DOT, GraphML and the HTML page all draw it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::graph::{NodeIndex, UnGraph};

use super::filter::Catalog;
use super::tables::StatementRow;
use super::RelRow;
use crate::rdf::vocab::ID;

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    pub iri: String,
    pub label: String,
    /// person, org, country, place, outlet, group, claim, document, topic (from the IRI).
    pub kind: String,
    /// Class local name (Person, Organization, ..., Claim); empty when unknown.
    pub class: String,
    pub aliases: Vec<String>,
    /// Wikidata id (`Q232`), or empty.
    pub wikidata: String,
}

/// One relation occurrence: with statements, one edge per `dk:Statement`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub relation: String,
    pub article: String,
    pub line: usize,
    pub date: String,
    pub place: String,
    /// IRI of the statement; empty for graphs made from relation rows.
    pub statement: String,
    pub start: usize,
    pub end: usize,
    pub confidence: String,
    pub mode: String,
    pub rule: String,
    /// The evidence sentence.
    pub evidence: String,
    /// Where the claim lies in `evidence`, in characters.
    pub quote: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct VizGraph {
    /// By IRI (sorted: deterministic output).
    pub nodes: BTreeMap<String, Node>,
    pub edges: BTreeSet<Edge>,
}

/// The node kind from a minted IRI (`.../person/...`, `.../claim/...`).
pub fn kind_of(iri: &str) -> String {
    iri.strip_prefix(ID)
        .and_then(|t| t.split('/').next())
        .unwrap_or("other")
        .to_string()
}

impl VizGraph {
    pub fn from_rows(rows: &[RelRow]) -> VizGraph {
        let mut g = VizGraph::default();
        for r in rows {
            for (iri, label) in [(&r.subject, &r.subject_label), (&r.object, &r.object_label)] {
                g.nodes.entry(iri.clone()).or_insert_with(|| Node {
                    iri: iri.clone(),
                    label: label.clone(),
                    kind: kind_of(iri),
                    ..Default::default()
                });
            }
            g.edges.insert(Edge {
                from: r.subject.clone(),
                to: r.object.clone(),
                relation: r.relation.clone(),
                article: r.article.clone(),
                line: r.line,
                date: r.date.clone(),
                place: r.place.clone(),
                start: r.start,
                end: r.end,
                confidence: r.confidence.clone(),
                ..Default::default()
            });
        }
        g
    }

    /// The graph of statements: their subjects and objects as nodes (with classes, aliases
    /// and Wikidata ids from the catalog), one edge per statement with its evidence.
    pub fn from_statements(rows: &[StatementRow], cat: &Catalog) -> VizGraph {
        let mut g = VizGraph::default();
        for r in rows {
            for (iri, label, class) in [
                (&r.subject, &r.subject_label, &r.subject_type),
                (&r.object, &r.object_label, &r.object_type),
            ] {
                g.nodes.entry(iri.clone()).or_insert_with(|| {
                    let info = cat.entities.get(iri);
                    Node {
                        iri: iri.clone(),
                        label: label.clone(),
                        kind: kind_of(iri),
                        class: class.clone(),
                        aliases: info
                            .map(|i| i.aliases.iter().cloned().collect())
                            .unwrap_or_default(),
                        wikidata: info.map(|i| i.wikidata.clone()).unwrap_or_default(),
                    }
                });
            }
            g.edges.insert(Edge {
                from: r.subject.clone(),
                to: r.object.clone(),
                relation: r.relation.clone(),
                article: r.article.clone(),
                line: r.line,
                date: r.date.clone(),
                place: r.place.clone(),
                statement: r.statement.clone(),
                start: r.start,
                end: r.end,
                confidence: r.confidence.clone(),
                mode: r.mode.clone(),
                rule: r.rule.clone(),
                evidence: r.evidence.clone(),
                quote: r.quote_in_evidence(),
            });
        }
        g
    }

    /// Keeps the nodes within `depth` steps of any node whose label or alias contains `focus`
    /// (letter case ignored) or whose IRI is `focus`; claims are not starting points (their
    /// text is not a name). Returns the matched node count.
    pub fn focus(&mut self, focus: &str, depth: usize) -> usize {
        let f = focus.to_lowercase();
        let mut pg: UnGraph<String, ()> = UnGraph::new_undirected();
        let mut idx: BTreeMap<&str, NodeIndex> = BTreeMap::new();
        for iri in self.nodes.keys() {
            idx.insert(iri, pg.add_node(iri.clone()));
        }
        for e in &self.edges {
            if let (Some(&a), Some(&b)) = (idx.get(e.from.as_str()), idx.get(e.to.as_str())) {
                pg.add_edge(a, b, ());
            }
        }
        let starts: Vec<NodeIndex> = self
            .nodes
            .values()
            .filter(|n| n.kind != "claim")
            .filter(|n| {
                n.label.to_lowercase().contains(&f)
                    || n.iri.to_lowercase() == f
                    || n.aliases.iter().any(|a| a.to_lowercase().contains(&f))
            })
            .filter_map(|n| idx.get(n.iri.as_str()).copied())
            .collect();
        let mut keep: BTreeSet<String> = BTreeSet::new();
        let mut seen: BTreeMap<NodeIndex, usize> = BTreeMap::new();
        let mut q: VecDeque<(NodeIndex, usize)> = starts.iter().map(|&s| (s, 0)).collect();
        while let Some((n, d)) = q.pop_front() {
            if seen.contains_key(&n) {
                continue;
            }
            seen.insert(n, d);
            keep.insert(pg[n].clone());
            if d < depth {
                for m in pg.neighbors(n) {
                    q.push_back((m, d + 1));
                }
            }
        }
        self.nodes.retain(|k, _| keep.contains(k));
        self.edges
            .retain(|e| keep.contains(&e.from) && keep.contains(&e.to));
        starts.len()
    }

    pub fn retain_relations(&mut self, rels: &[String]) {
        if rels.is_empty() {
            return;
        }
        self.edges.retain(|e| rels.iter().any(|r| r == &e.relation));
        let used: BTreeSet<&String> = self.edges.iter().flat_map(|e| [&e.from, &e.to]).collect();
        let used: BTreeSet<String> = used.into_iter().cloned().collect();
        self.nodes.retain(|k, _| used.contains(k));
    }
}
