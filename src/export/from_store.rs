//! Relation rows read back from the store.

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::{sort_rows, RelRow};
use crate::error::{Error, Result};
use crate::store::DerekStore;

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
