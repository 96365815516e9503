//! The query layer: SPARQL over the store with derek's prefixes predeclared, the shipped named
//! queries, `$name` parameters, and the writers of results. `derek query` and `derek serve`
//! both stand on it; so do the exports that read the store.

pub mod named;
pub mod page;
pub mod params;
pub mod results;

use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::rdf::vocab::PREFIXES;

pub use named::{describe, named, NAMED};
pub use page::{page, page_by_article, page_by_article_names, Page, BY_ARTICLE};
pub use params::{bind_params, bind_raw, parse_params};
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

/// A parse error said so that a person finds the mistake: a query that does not start with a
/// query form is told which forms there are (the parser only says what it expected at the
/// point where it gave up, such as "expected CONSTRUCT" for `SELEC *`), and the line of the
/// query is shown with a mark under the position.
pub fn explain_parse_error(text: &str, msg: &str) -> String {
    const FORMS: [&str; 4] = ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];
    const UPDATES: [&str; 10] = [
        "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH",
    ];
    // The first word after PREFIX and BASE declarations and comments.
    let mut words = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace);
    let first = loop {
        match words.next() {
            Some(w) if w.eq_ignore_ascii_case("PREFIX") => {
                words.next();
                words.next();
            }
            Some(w) if w.eq_ignore_ascii_case("BASE") => {
                words.next();
            }
            other => break other,
        }
    };
    let keyword: String = first
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let upper = keyword.to_uppercase();
    if !FORMS.contains(&upper.as_str()) && !UPDATES.contains(&upper.as_str()) {
        return format!(
            "a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE \
             lines); this one starts with {:?} ({msg})",
            first.unwrap_or("")
        );
    }
    // "error at 1:25: ...": the line, and a mark under the column.
    let at = msg
        .strip_prefix("error at ")
        .and_then(|r| r.split(':').next().zip(r.split(':').nth(1)));
    if let Some((l, c)) = at {
        if let (Ok(l), Ok(c)) = (l.trim().parse::<usize>(), c.trim().parse::<usize>()) {
            if let Some(line) = text.lines().nth(l.saturating_sub(1)) {
                let pad: String = line
                    .chars()
                    .take(c.saturating_sub(1))
                    .map(|ch| if ch == '\t' { '\t' } else { ' ' })
                    .collect();
                return format!("{msg}\n  {line}\n  {pad}^");
            }
        }
    }
    msg.to_string()
}

/// Binds the parameters of a query (see [`bind_params`]). A query that reads `$entity_names`
/// (the named queries do) gets there, when `entity` is given, the exact names that contain it,
/// from the store's name index (`crate::archive`): the query then looks names up instead of
/// filtering every label.
pub fn bind_with_index(store: &Store, text: &str, params: &[(String, String)]) -> Result<String> {
    let mut text = std::borrow::Cow::Borrowed(text);
    if let Some((_, fragment)) = params.iter().find(|(k, _)| k == "entity") {
        if text.contains("$entity_names") {
            let names = crate::archive::names_containing(store, fragment)
                .map_err(|e| Error::Query(format!("the name index: {e}")))?;
            let terms = crate::archive::sparql_terms(&names);
            text = bind_raw(&text, "entity_names", &terms).into();
        }
    }
    Ok(bind_params(&text, params))
}

/// A page (not the whole answer) of a query marked [`BY_ARTICLE`] that looks names up by
/// part (`$entity_names`, with `entity` given): only the articles that hold one of the names
/// are visited ([`page_by_article_names`]). `None` for any other query or page; `raw` has its
/// parameters unbound.
pub fn page_by_names(
    store: &Store,
    raw: &str,
    params: &[(String, String)],
    p: Page,
) -> Result<Option<QueryResults<'static>>> {
    let by_article = raw.lines().any(|l| l.trim_start().starts_with(BY_ARTICLE));
    let fragment = params.iter().find(|(k, _)| k == "entity").map(|(_, v)| v);
    let (Some(fragment), true, false) = (
        fragment,
        by_article && raw.contains("$entity_names"),
        p.is_all(),
    ) else {
        return Ok(None);
    };
    let names = crate::archive::names_containing(store, fragment)
        .map_err(|e| Error::Query(format!("the name index: {e}")))?;
    page_by_article_names(store, raw, params, &names, p).map(Some)
}

/// One page of a query's answer: article by article for a query marked [`BY_ARTICLE`] when a
/// page is asked for (see [`page_by_article`]), else the rows as the evaluator produces them.
pub fn evaluate_page(store: &Store, text: &str, p: Page) -> Result<QueryResults<'static>> {
    if !p.is_all() && text.lines().any(|l| l.trim_start().starts_with(BY_ARTICLE)) {
        page_by_article(store, text, p)
    } else {
        Ok(page(evaluate(store, text)?, p))
    }
}

/// Evaluates a query with the predeclared prefixes. The default graph is the store's, which
/// derek keeps as the union of all article graphs, each triple once (see `crate::store`).
pub fn evaluate(store: &Store, text: &str) -> Result<QueryResults<'static>> {
    let prepared = evaluator()?
        .parse_query(text)
        .map_err(|e| Error::Query(explain_parse_error(text, &e.to_string())))?;
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
    fn parse_errors_say_where_and_what_a_query_starts_with() {
        let store = Store::new().unwrap();
        let msg = |q: &str| evaluate(&store, q).err().unwrap().to_string();
        let m = msg("SELEC * WHERE { ?s ?p ?o }");
        assert!(
            m.contains("starts with SELECT, CONSTRUCT, ASK or DESCRIBE"),
            "{m}"
        );
        assert!(m.contains("\"SELEC\""), "{m}");
        let m = msg("PREFIX x: <a:>\nSELEC * WHERE { ?s ?p ?o }");
        assert!(m.contains("\"SELEC\""), "{m}");
        let m = msg("SELECT * WHERE { ?s ?p }");
        assert!(
            m.contains("error at 1:") && m.contains("\n  SELECT * WHERE { ?s ?p }\n"),
            "{m}"
        );
        assert!(m.trim_end().ends_with('^'), "{m}");
    }

    #[test]
    fn every_named_query_parses_with_and_without_parameters() {
        let store = Store::new().unwrap();
        for (name, text) in NAMED {
            for params in [vec![], vec![("entity".to_string(), "x".to_string())]] {
                let q = bind_with_index(&store, text, &params).unwrap();
                evaluate(&store, &q).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        }
    }
}
