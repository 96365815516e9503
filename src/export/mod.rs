//! Exports: relations, entities and statements as tables; the graph as DOT, SVG, GraphML, HTML.

pub mod csv;
pub mod csvw;
pub mod dot;
pub mod filter;
pub mod graph;
pub mod graphml;
/// The page embeds a library that `build.rs` fetches from npm for builds with the store (the
/// command line); builds without it (the fuzz targets) need no npm.
#[cfg(feature = "store")]
pub mod html;
pub mod layout;
pub mod tables;

#[cfg(feature = "store")]
mod from_store;
#[cfg(feature = "store")]
pub use from_store::{catalog_from_store, rows_from_store, statements_from_store};

use serde::Serialize;

use crate::extract::{Annotations, Object};
use crate::rdf::mint;
use crate::source::Article;

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
    /// The canonical `xsd:decimal` text (`0.9`); a JSON number in JSON Lines.
    #[serde(with = "number_text")]
    pub confidence: String,
}

/// A number kept as its canonical text in the tables (so CSV shows what the store holds) and
/// written as a JSON number in JSON Lines, where `jq 'select(.confidence < 0.6)'` compares it.
pub(crate) mod number_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A number when the text is one in its shortest form (what [`deserialize`] gives back),
    /// else the text as it is.
    pub fn serialize<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && x.to_string() == text => x.serialize(s),
            _ => text.serialize(s),
        }
    }

    /// A JSON number, or a string holding one (JSON Lines written before numbers were numbers).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(f64),
            Text(String),
        }
        Ok(match Either::deserialize(d)? {
            Either::Number(x) => x.to_string(),
            Either::Text(t) => t,
        })
    }
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

pub(crate) fn sort_rows(rows: &mut [RelRow]) {
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
            confidence: crate::rdf::build::decimal_text(f64::from(r.confidence)),
        })
        .collect();
    sort_rows(&mut rows);
    rows.dedup();
    rows
}
