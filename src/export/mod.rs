//! Exports: relations, entities and statements as tables; the graph as DOT, SVG, GraphML, HTML.

pub mod csv;
pub mod dot;
pub mod graph;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::extract::{Annotations, Object};
use crate::rdf::mint;
use crate::source::Article;
use crate::store::DerekStore;

/// One row of the relations CSV. Column names and order are a contract (see README).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RelRow {
    pub article: String,
    pub line: usize,
    pub relation: String,
    pub subject: String,
    pub subject_label: String,
    pub object: String,
    pub object_label: String,
    pub date: String,
    pub place: String,
    pub start: usize,
    pub end: usize,
    pub confidence: String,
}

pub const REL_COLUMNS: [&str; 12] = [
    "article",
    "line",
    "relation",
    "subject",
    "subject_label",
    "object",
    "object_label",
    "date",
    "place",
    "start",
    "end",
    "confidence",
];

fn sort_rows(rows: &mut [RelRow]) {
    rows.sort_by(|a, b| {
        (
            &a.article,
            a.line,
            a.start,
            &a.relation,
            &a.subject,
            &a.object,
        )
            .cmp(&(
                &b.article,
                b.line,
                b.start,
                &b.relation,
                &b.subject,
                &b.object,
            ))
    });
}

/// Rows straight from extraction (no store): what `export relations` prints after a build.
pub fn rows_from_annotations(article: &Article, ann: &Annotations) -> Vec<RelRow> {
    let id = &article.id;
    let eiri = |i: usize| {
        let e = &ann.entities[i];
        mint::entity(id, e.etype, &e.label)
    };
    let mut rows: Vec<RelRow> = ann
        .relations
        .iter()
        .map(|r| RelRow {
            article: id.clone(),
            line: r.line,
            relation: r.kind.as_str().to_string(),
            subject: eiri(r.subject),
            subject_label: ann.label_of(r.subject).to_string(),
            object: match &r.object {
                Object::Claim { span, .. } => mint::claim(id, span.start, span.end),
                Object::Entity(e) => eiri(*e),
                Object::Document { label } => mint::document(id, label),
                Object::Topic { label } => mint::topic(id, label),
            },
            object_label: ann.object_label(r),
            date: r.date.map(|d| d.to_string()).unwrap_or_default(),
            place: r
                .place
                .map(|p| ann.label_of(p).to_string())
                .unwrap_or_default(),
            start: r.evidence.start,
            end: r.evidence.end,
            confidence: format!("{:.2}", r.confidence),
        })
        .collect();
    sort_rows(&mut rows);
    rows.dedup();
    rows
}

const REL_QUERY: &str = r#"
PREFIX dk: <https://w3id.org/derek/ont#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?article ?line ?rel ?s ?slabel ?o ?olabel ?otext ?date ?plabel ?start ?end ?conf WHERE {
  GRAPH ?g {
    ?st a dk:Statement ; dk:article ?a ; dk:line ?line ; dk:relation ?rel ;
        dk:subject ?s ; dk:object ?o ; nif:beginIndex ?start ; nif:endIndex ?end ;
        dk:confidence ?conf .
    ?a schema:identifier ?article .
    OPTIONAL { ?s rdfs:label ?slabel }
    OPTIONAL { ?o rdfs:label ?olabel }
    OPTIONAL { ?o dk:text ?otext }
    OPTIONAL { ?st dk:date ?date }
    OPTIONAL { ?st dk:place ?p . ?p rdfs:label ?plabel }
  }
}"#;

fn lit(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn iri(t: Option<&Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        other => lit(other),
    }
}

/// Rows from the store, sorted by article, line, offset.
pub fn rows_from_store(store: &DerekStore) -> Result<Vec<RelRow>> {
    let QueryResults::Solutions(sols) = store.query(REL_QUERY)? else {
        return Err(Error::Other(
            "relations query did not return solutions".into(),
        ));
    };
    let dk = crate::rdf::vocab::DK;
    let mut rows = Vec::new();
    for s in sols {
        let s = s.map_err(|e| Error::Query(e.to_string()))?;
        let rel = iri(s.get("rel"));
        let olabel = {
            let t = lit(s.get("otext"));
            if t.is_empty() {
                lit(s.get("olabel"))
            } else {
                t
            }
        };
        rows.push(RelRow {
            article: lit(s.get("article")),
            line: lit(s.get("line")).parse().unwrap_or(0),
            relation: rel.strip_prefix(dk).unwrap_or(&rel).to_string(),
            subject: iri(s.get("s")),
            subject_label: lit(s.get("slabel")),
            object: iri(s.get("o")),
            object_label: olabel,
            date: lit(s.get("date")),
            place: lit(s.get("plabel")),
            start: lit(s.get("start")).parse().unwrap_or(0),
            end: lit(s.get("end")).parse().unwrap_or(0),
            confidence: lit(s.get("conf")),
        });
    }
    sort_rows(&mut rows);
    rows.dedup();
    Ok(rows)
}
