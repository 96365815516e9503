//! Paging: the rows (or triples) of an answer from `offset` on, at most `limit` of them, taken
//! from the results as the evaluator produces them. Nothing is collected first: once the page
//! is full the iterator is dropped and Oxigraph stops evaluating, so the first rows of a huge
//! answer arrive at once (an `ORDER BY` still has to see every row before its first one).

use std::sync::Arc;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{
    PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter,
    Variable,
};
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::rdf::vocab::schema;

/// The line by which a query says that it lists rows of article graphs in article order: its
/// `ORDER BY` starts with `?article`, bound by `?g schema:identifier ?article` inside `GRAPH ?g`
/// (the listing named queries). [`page_by_article`] can then page it article by article.
pub const BY_ARTICLE: &str = "# paged by article";

/// Which part of an answer to return: rows `offset..offset + limit` (all after `offset` when
/// `limit` is `None`). The default is the whole answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub offset: usize,
    pub limit: Option<usize>,
}

impl Page {
    /// Whether this page is the whole answer.
    pub fn is_all(&self) -> bool {
        self.offset == 0 && self.limit.is_none()
    }

    /// Reads `limit` and `offset` values given as text (URL parameters); `what` names where
    /// they came from in the error.
    pub fn parse(limit: Option<&str>, offset: Option<&str>, what: &str) -> Result<Page> {
        let num = |name: &str, v: &str| -> Result<usize> {
            v.trim().parse::<usize>().map_err(|_| {
                Error::Usage(format!(
                    "{what} {name}={v:?}: expected a whole number of rows, 0 or more"
                ))
            })
        };
        Ok(Page {
            offset: offset.map(|v| num("offset", v)).transpose()?.unwrap_or(0),
            limit: limit.map(|v| num("limit", v)).transpose()?,
        })
    }
}

/// Skips `skip` good items, then yields at most `left` more; an error is passed on wherever it
/// comes (a row that fails to evaluate is not silently skipped) and ends the page.
struct Paged<I> {
    inner: I,
    skip: usize,
    left: Option<usize>,
}

impl<T, I: Iterator<Item = std::result::Result<T, QueryEvaluationError>>> Iterator for Paged<I> {
    type Item = std::result::Result<T, QueryEvaluationError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == Some(0) {
            return None;
        }
        loop {
            match self.inner.next()? {
                Err(e) => {
                    self.left = Some(0);
                    return Some(Err(e));
                }
                Ok(_) if self.skip > 0 => self.skip -= 1,
                Ok(x) => {
                    if let Some(l) = &mut self.left {
                        *l -= 1;
                    }
                    return Some(Ok(x));
                }
            }
        }
    }
}

/// The page `p` of `results`. A boolean (ASK) answer has no rows to page: it is returned as it
/// is.
pub fn page(results: QueryResults<'static>, p: Page) -> QueryResults<'static> {
    if p.is_all() {
        return results;
    }
    match results {
        QueryResults::Solutions(s) => {
            let vars: std::sync::Arc<[oxigraph::sparql::Variable]> = s.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(
                vars,
                Paged {
                    inner: s,
                    skip: p.offset,
                    left: p.limit,
                },
            ))
        }
        QueryResults::Graph(t) => QueryResults::Graph(QueryTripleIter::new(Paged {
            inner: t,
            skip: p.offset,
            left: p.limit,
        })),
        b => b,
    }
}

/// One page of a query marked [`BY_ARTICLE`], without evaluating the whole answer: the query is
/// run on one article graph at a time, in the order of their ids, until the page is full. Its
/// `ORDER BY` sorts first by article, so the rows come in the order the whole answer has them
/// (rows that tie on every sort key may come in another order). An `ORDER BY` over the whole
/// answer would otherwise have to see every row before the first.
pub fn page_by_article(store: &Store, text: &str, p: Page) -> Result<QueryResults<'static>> {
    let prepared = crate::query::evaluator()?
        .parse_query(text)
        .map_err(|e| Error::Query(crate::query::explain_parse_error(text, &e.to_string())))?;
    let qerr = |e: QueryEvaluationError| Error::Query(e.to_string());
    // The article ids in order (SPARQL orders simple literals by code point, as Rust orders
    // strings). Only the ids are read for all articles: decoding each graph's name too cost as
    // much again. The graphs are looked up for the ids a page visits.
    let ids = "SELECT ?article WHERE { GRAPH ?g { ?g schema:identifier ?article } }";
    let mut articles: Vec<(String, Literal)> = Vec::new();
    if let QueryResults::Solutions(s) = crate::query::evaluate(store, ids)? {
        for r in s {
            if let Some(Term::Literal(a)) = r.map_err(qerr)?.get("article") {
                articles.push((a.value().to_string(), a.clone()));
            }
        }
    }
    // Stable: the rare ids with the same text and another datatype keep the store's order.
    articles.sort_by(|a, b| a.0.cmp(&b.0));
    articles.dedup_by(|a, b| a.1 == b.1);
    let graphs_of = |id: &Literal| -> Result<Vec<NamedNode>> {
        let mut graphs = Vec::new();
        for q in store.quads_for_pattern(
            None,
            Some(schema::IDENTIFIER),
            Some(id.as_ref().into()),
            None,
        ) {
            let q = q.map_err(|e| Error::Query(e.to_string()))?;
            if let (NamedOrBlankNode::NamedNode(s), GraphName::NamedNode(g)) =
                (q.subject, q.graph_name)
            {
                if s == g {
                    graphs.push(g);
                }
            }
        }
        graphs.sort();
        Ok(graphs)
    };
    let graphs = articles
        .iter()
        .map(|(_, id)| graphs_of(id))
        .flat_map(|r| match r {
            Ok(gs) => gs.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        })
        .map(|g| g.map(|g| (prepared.clone(), g)));
    match rows_by_graph(store, graphs, p)? {
        Some(page) => Ok(page),
        // No article graph: the whole answer is the page's.
        None => Ok(page(crate::query::evaluate(store, text)?, p)),
    }
}

/// Rows `p` of the answers of each (query, graph) in turn, each query run on its one graph;
/// `None` when there was no graph.
fn rows_by_graph(
    store: &Store,
    graphs: impl Iterator<Item = Result<(PreparedSparqlQuery, NamedNode)>>,
    p: Page,
) -> Result<Option<QueryResults<'static>>> {
    let qerr = |e: QueryEvaluationError| Error::Query(e.to_string());
    let limit = p.limit.unwrap_or(usize::MAX);
    let mut skip = p.offset;
    let mut rows = Vec::new();
    let mut variables: Option<Arc<[Variable]>> = None;
    for item in graphs {
        if rows.len() >= limit {
            break;
        }
        let (mut one, g) = item?;
        one.dataset_mut()
            .set_available_named_graphs(vec![NamedOrBlankNode::NamedNode(g)]);
        let QueryResults::Solutions(s) = one.on_store(store).execute().map_err(qerr)? else {
            return Err(Error::Query(format!(
                "a query marked {BY_ARTICLE:?} must be a SELECT"
            )));
        };
        variables.get_or_insert_with(|| s.variables().into());
        for r in s {
            let r = r.map_err(qerr)?;
            if skip > 0 {
                skip -= 1;
                continue;
            }
            rows.push(Ok(r));
            if rows.len() >= limit {
                break;
            }
        }
    }
    Ok(variables.map(|vars| QueryResults::Solutions(QuerySolutionIter::new(vars, rows))))
}

/// One page of a query marked [`BY_ARTICLE`] that reads `$entity_names` (the exact names that
/// contain the `entity` parameter, `names`), without evaluating the whole answer: only the
/// article graphs that hold one of the names are visited, in the order of their ids, each with
/// just the names it holds in the query (a list of every name costs each graph the whole
/// list). `text` has its parameters unbound; `params` binds them.
pub fn page_by_article_names(
    store: &Store,
    text: &str,
    params: &[(String, String)],
    names: &[Term],
    p: Page,
) -> Result<QueryResults<'static>> {
    use std::collections::HashMap;
    let qerr = |e: QueryEvaluationError| Error::Query(e.to_string());
    // The article graphs that hold each name, with their ids, in one query (it decodes only
    // what it returns; a scan of the names' quads decoded every term of each).
    let find = format!(
        "SELECT ?id ?g ?n WHERE {{ VALUES ?n {{ {} }} \
         GRAPH ?g {{ ?s rdfs:label|skos:altLabel ?n . ?g schema:identifier ?id }} }}",
        crate::archive::sparql_terms(names)
    );
    let mut held: HashMap<NamedNode, (String, Vec<Term>)> = HashMap::new();
    if let QueryResults::Solutions(s) = crate::query::evaluate(store, &find)? {
        for r in s {
            let r = r.map_err(qerr)?;
            if let (Some(Term::Literal(id)), Some(Term::NamedNode(g)), Some(n)) =
                (r.get("id"), r.get("g"), r.get("n"))
            {
                let (_, held_names) = held
                    .entry(g.clone())
                    .or_insert_with(|| (id.value().to_string(), Vec::new()));
                if !held_names.contains(n) {
                    held_names.push(n.clone());
                }
            }
        }
    }
    // In the order of the articles' ids (then of the graphs' names).
    let mut order: Vec<(String, NamedNode, Vec<Term>)> = held
        .into_iter()
        .map(|(g, (id, names))| (id, g, names))
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let bind = |names: &[Term]| {
        let listed =
            super::params::bind_raw(text, "entity_names", &crate::archive::sparql_terms(names));
        super::params::bind_params(&listed, params)
    };
    let parse = |text: &str| {
        crate::query::evaluator()?
            .parse_query(text)
            .map_err(|e| Error::Query(crate::query::explain_parse_error(text, &e.to_string())))
    };
    // One query per set of names: most graphs hold one name, many the same one.
    let mut prepared: HashMap<String, PreparedSparqlQuery> = HashMap::new();
    let graphs = order.into_iter().map(|(_, g, names)| {
        let key = crate::archive::sparql_terms(&names);
        let q = match prepared.get(&key) {
            Some(q) => q.clone(),
            None => {
                let q = parse(&bind(&names))?;
                prepared.insert(key, q.clone());
                q
            }
        };
        Ok((q, g))
    });
    match rows_by_graph(store, graphs, p)? {
        Some(page) => Ok(page),
        None => Ok(page(crate::query::evaluate(store, &bind(names))?, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(q: &str, p: Page) -> Vec<String> {
        let store = Store::new().unwrap();
        let QueryResults::Solutions(s) = page(crate::query::evaluate(&store, q).unwrap(), p) else {
            panic!("not solutions")
        };
        s.map(|r| r.unwrap().get("x").unwrap().to_string())
            .collect()
    }

    const TEN: &str = "SELECT ?x WHERE { VALUES ?x { 0 1 2 3 4 5 6 7 8 9 } }";

    #[test]
    fn a_page_is_the_rows_from_offset_at_most_limit() {
        let all = rows(TEN, Page::default());
        assert_eq!(all.len(), 10);
        let p = |offset, limit| rows(TEN, Page { offset, limit });
        assert_eq!(p(0, Some(3)), all[..3]);
        assert_eq!(p(4, Some(3)), all[4..7]);
        assert_eq!(p(8, Some(5)), all[8..]);
        assert_eq!(p(7, None), all[7..]);
        assert!(p(10, Some(5)).is_empty());
        assert!(p(0, Some(0)).is_empty());
    }

    #[test]
    fn a_page_stops_pulling_rows_once_full() {
        // The iterator pulls nothing after the page: count what it asked for.
        let pulled = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = std::rc::Rc::clone(&pulled);
        let inner = (0..1_000_000).map(move |i| {
            counter.set(counter.get() + 1);
            Ok::<_, QueryEvaluationError>(i)
        });
        let got: Vec<i32> = Paged {
            inner,
            skip: 5,
            left: Some(3),
        }
        .map(|r| r.unwrap())
        .collect();
        assert_eq!(got, vec![5, 6, 7]);
        assert_eq!(pulled.get(), 8);
    }

    #[test]
    fn an_error_in_the_skipped_rows_is_not_lost() {
        let inner = vec![Ok(1), Err(QueryEvaluationError::Cancelled), Ok(3)].into_iter();
        let got: Vec<_> = Paged {
            inner,
            skip: 2,
            left: Some(5),
        }
        .collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].is_err());
    }

    #[test]
    fn bad_numbers_are_usage_errors_that_say_which() {
        assert_eq!(
            Page::parse(Some("10"), Some(" 20 "), "?").unwrap(),
            Page {
                offset: 20,
                limit: Some(10)
            }
        );
        assert_eq!(Page::parse(None, None, "?").unwrap(), Page::default());
        for (l, o, bad) in [(Some("-1"), None, "limit"), (None, Some("x"), "offset")] {
            let e = Page::parse(l, o, "URL parameter").unwrap_err().to_string();
            assert!(e.contains(bad) && e.contains("URL parameter"), "{e}");
        }
    }

    #[test]
    fn construct_answers_are_paged_by_triple() {
        let store = Store::new().unwrap();
        let q = "CONSTRUCT { ?x ?x ?x } WHERE { VALUES ?x { <a:1> <a:2> <a:3> } }";
        let r = page(
            crate::query::evaluate(&store, q).unwrap(),
            Page {
                offset: 1,
                limit: Some(1),
            },
        );
        assert_eq!(crate::query::count_results(r).unwrap(), 1);
    }
}
