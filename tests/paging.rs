//! Pages of the listing named queries, taken article by article (`derek::query::page_by_article`,
//! and `page_by_names` with a part of a name), are the slices of the whole ordered answer.

mod common;

use derek::query::{
    bind_with_index, evaluate, evaluate_page, named, page_by_names, write_results, Page,
    ResultFormat,
};
use derek::store::DerekStore;
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::QueryResults;

fn tsv(r: QueryResults<'static>) -> Vec<String> {
    let out = write_results(
        r,
        ResultFormat::Results(QueryResultsFormat::Tsv),
        Vec::new(),
    )
    .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

/// The sort keys of a row (the columns named `article` and `line` or `body`): rows that tie on
/// them may come in either order.
fn keys(rows: &[String], cols: &[usize]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let f: Vec<&str> = r.split('\t').collect();
            cols.iter().map(|c| f[*c]).collect::<Vec<_>>().join("\t")
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn pages_by_article_are_slices_of_the_whole_ordered_answer() {
    let (_tmp, path) = common::corpus_store();
    let store = DerekStore::open_read_only(&path).unwrap();
    let st = &store.store;
    // (query, parameters, columns of its ORDER BY keys)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [usize]);
    let cases: &[Case] = &[
        ("who-said-what", &[], &[3, 4, 0]),
        ("adopted", &[], &[5, 0]),
        ("who-criticized-whom", &[], &[3, 4]),
        ("about-entity", &[("entity", "а")], &[3, 4]),
        ("who-said-what", &[("entity", "а")], &[3, 4, 0]),
        ("adopted", &[("entity", "а")], &[5, 0]),
    ];
    for (name, params, cols) in cases {
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let text = bind_with_index(st, named(name).unwrap(), &params).unwrap();
        let whole = tsv(evaluate(st, &text).unwrap());
        assert!(whole.len() > 20, "{name}: only {} rows", whole.len());
        for size in [29, 100] {
            let mut joined = Vec::new();
            let mut offset = 0;
            loop {
                let pg = Page {
                    offset,
                    limit: Some(size),
                };
                // With a part of a name, only the articles that hold a matching name are
                // visited (page_by_names); else every article in turn.
                let by_names = page_by_names(st, named(name).unwrap(), &params, pg).unwrap();
                assert_eq!(by_names.is_some(), !params.is_empty(), "{name} {params:?}");
                let page = tsv(match by_names {
                    Some(r) => r,
                    None => evaluate_page(st, &text, pg).unwrap(),
                });
                assert!(page.len() <= size);
                let want = &whole[offset.min(whole.len())..(offset + size).min(whole.len())];
                assert_eq!(
                    keys(&page, cols),
                    keys(want, cols),
                    "{name} page of {size} at {offset}"
                );
                if page.is_empty() {
                    break;
                }
                offset += page.len();
                joined.extend(page);
            }
            assert_eq!(
                sorted(joined),
                sorted(whole.clone()),
                "{name} in pages of {size}"
            );
        }
        // Past the end: nothing.
        let past = evaluate_page(
            st,
            &text,
            Page {
                offset: whole.len(),
                limit: Some(5),
            },
        )
        .unwrap();
        assert!(tsv(past).is_empty());
    }
}
