//! The query layer: SPARQL over the store with derek's prefixes predeclared, the shipped named
//! queries, `$name` parameters, and the writers of results. `derek query` and `derek serve`
//! both stand on it; so do the exports that read the store.

pub mod named;
pub mod params;
pub mod results;

use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::rdf::vocab::PREFIXES;

pub use named::{describe, named, NAMED};
pub use params::{bind_params, parse_params};
pub use results::{count_results, write_results, write_table, ResultFormat};

/// A SPARQL evaluator that knows derek's prefixes (`dk:`, `schema:`, `rdfs:`, ...: the one
/// list, [`PREFIXES`]), so queries need no PREFIX lines.
pub fn evaluator() -> Result<SparqlEvaluator> {
    let mut ev = SparqlEvaluator::new();
    for (p, iri) in PREFIXES {
        ev = ev
            .with_prefix(*p, *iri)
            .map_err(|e| Error::Query(format!("prefix {p}: {e}")))?;
    }
    Ok(ev)
}

/// Evaluates a query with the predeclared prefixes. The default graph is the store's, which
/// derek keeps as the union of all article graphs, each triple once (see `crate::store`).
pub fn evaluate(store: &Store, text: &str) -> Result<QueryResults<'static>> {
    let prepared = evaluator()?
        .parse_query(text)
        .map_err(|e| Error::Query(e.to_string()))?;
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| Error::Query(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_is_declared_to_the_evaluator() {
        let store = Store::new().unwrap();
        let q = PREFIXES
            .iter()
            .map(|(p, _)| format!("{p}:x"))
            .collect::<Vec<_>>()
            .join(" ");
        evaluate(&store, &format!("SELECT * WHERE {{ VALUES ?x {{ {q} }} }}")).unwrap();
    }

    #[test]
    fn every_named_query_parses_with_and_without_parameters() {
        let store = Store::new().unwrap();
        for (name, text) in NAMED {
            for params in [vec![], vec![("entity".to_string(), "x".to_string())]] {
                let q = bind_params(text, &params);
                evaluate(&store, &q).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
}
