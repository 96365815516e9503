//! The default graph answers as a set: derek keeps it as the union of the article graphs, each
//! triple once, so counts over it are right for any query a user writes, and it stays exact
//! as articles are rebuilt, replaced and loaded.

mod common;

use std::path::Path;

use common::*;

/// The rows of a query as CSV lines, header dropped.
fn rows(store: &Path, q: &str) -> Vec<String> {
    let out = derek(store)
        .args(["query", "--format", "csv", q])
        .output()
        .unwrap();
    ok_stdout(&out)
        .lines()
        .skip(1)
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

fn number(store: &Path, q: &str) -> usize {
    rows(store, q)[0].parse().unwrap()
}

const COUNT_DEFAULT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
// The article graphs: every named graph but the store's own archive graph (the name index).
const COUNT_DISTINCT: &str = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/derek/id/archive>) } }";
const COUNT_BAG: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/derek/id/archive>) }";
const OUTSIDE: &str =
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }";

/// The default graph holds exactly the distinct triples of the article graphs.
fn assert_exact(store: &Path, what: &str) {
    let (default, distinct) = (number(store, COUNT_DEFAULT), number(store, COUNT_DISTINCT));
    assert_eq!(default, distinct, "{what}: COUNT(*) over the default graph");
    assert_eq!(
        number(store, OUTSIDE),
        0,
        "{what}: default-graph triples that no article graph holds"
    );
}

#[test]
fn count_star_over_the_default_graph_equals_the_distinct_triples() {
    let (_tmp, store) = corpus_store();
    assert_exact(&store, "corpus");
    // Many triples are stated by several articles (actors' labels and types): the check above
    // would not mean much otherwise.
    let bag = number(&store, COUNT_BAG);
    let distinct = number(&store, COUNT_DISTINCT);
    assert!(bag > distinct + 100, "bag {bag}, distinct {distinct}");
}

#[test]
fn relations_per_speaker_in_a_hand_written_query_are_the_true_counts() {
    let (_tmp, store) = corpus_store();
    // What a user writes: a join of statements with their speaker's label, over the default
    // graph. The truth: distinct statements per speaker label, read graph by graph.
    let naive = rows(
        &store,
        "SELECT ?l ?r (COUNT(*) AS ?n) WHERE { ?st dk:subject ?s ; dk:relation ?r . ?s rdfs:label ?l } GROUP BY ?l ?r ORDER BY ?l ?r",
    );
    let truth = rows(
        &store,
        "SELECT ?l ?r (COUNT(DISTINCT ?st) AS ?n) WHERE { GRAPH ?g { ?st dk:subject ?s ; dk:relation ?r } GRAPH ?h { ?s rdfs:label ?l } } GROUP BY ?l ?r ORDER BY ?l ?r",
    );
    assert!(truth.len() > 50, "{truth:?}");
    assert_eq!(naive, truth);
    let tokayev_criticized: Vec<&String> = naive
        .iter()
        .filter(|r| r.starts_with("Қасым-Жомарт Тоқаев,") && r.contains("criticized"))
        .collect();
    assert_eq!(tokayev_criticized.len(), 1, "{naive:?}");
}

#[test]
fn describe_gives_each_triple_once() {
    let (_tmp, store) = corpus_store();
    let out = derek(&store)
        .args([
            "query",
            "--format",
            "nt",
            "DESCRIBE ?s WHERE { ?s rdfs:label \"Қасым-Жомарт Тоқаев\"@kk }",
        ])
        .output()
        .unwrap();
    let nt = ok_stdout(&out);
    let lines: Vec<&str> = nt.lines().collect();
    let unique: std::collections::BTreeSet<&str> = lines.iter().copied().collect();
    assert!(lines.len() > 3, "{nt}");
    assert_eq!(lines.len(), unique.len(), "{nt}");
}

/// Actors that only the given article's graph describes.
fn only_in(store: &Path, graph: &str) -> Vec<String> {
    rows(
        store,
        &format!(
            "SELECT DISTINCT ?s WHERE {{ GRAPH <{graph}> {{ ?s rdfs:label ?l }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s rdfs:label ?l }} FILTER(?g != <{graph}>) }} }} ORDER BY ?s"
        ),
    )
}

#[test]
fn rebuilding_replacing_and_loading_articles_keeps_the_default_graph_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let corpus = shared("corpus/kk");
    let text = |name: &str| std::fs::read_to_string(corpus.join(name)).unwrap();
    std::fs::copy(
        repo("data/articles/azattyq-mfa-europarliament.txt"),
        dir.join("demo.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), text("003-ashimbaev-majilis-jagday.txt")).unwrap();
    let store = tmp.path().join("store");
    let build = |extra: &[&str]| {
        derek(&store)
            .args(["build", "-q"])
            .args(extra)
            .arg(&dir)
            .assert()
            .success();
    };
    build(&[]);
    assert_exact(&store, "bulk build");
    let dump = |store: &Path| {
        rows(
            store,
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
        )
    };
    let first = dump(&store);
    build(&[]);
    assert_exact(&store, "second build");
    assert_eq!(
        dump(&store),
        first,
        "building twice changed the default graph"
    );

    // Article b becomes another article: the actors only it described leave the default graph.
    let b = "https://w3id.org/derek/id/article/b";
    let alone = only_in(&store, b);
    assert!(!alone.is_empty());
    std::fs::write(dir.join("b.txt"), text("005-qyrym-madeniet-ministri.txt")).unwrap();
    build(&[]);
    assert_exact(&store, "replaced article");
    let still = rows(&store, "SELECT DISTINCT ?s WHERE { ?s rdfs:label ?l }");
    let now_in_b = rows(
        &store,
        &format!("SELECT DISTINCT ?s WHERE {{ GRAPH <{b}> {{ ?s rdfs:label ?l }} }}"),
    );
    for a in &alone {
        assert!(
            !still.contains(a) || now_in_b.contains(a),
            "{a} kept its description after the only article that mentioned it was replaced"
        );
    }

    // The same replacement through `derek load`: the N-Quads of the first version of b.
    std::fs::write(dir.join("b.txt"), text("003-ashimbaev-majilis-jagday.txt")).unwrap();
    let nq = tmp.path().join("b.nq");
    let out = derek(&store)
        .args(["extract", "--format", "nq"])
        .arg(dir.join("b.txt"))
        .output()
        .unwrap();
    std::fs::write(&nq, ok_stdout(&out)).unwrap();
    derek(&store).arg("load").arg(&nq).assert().success();
    assert_exact(&store, "load replacing a graph");
    assert_eq!(
        dump(&store),
        first,
        "load did not bring back the first version"
    );
    assert!(!store.join("derek-default-graph-pending").exists());
}

/// A load stopped between its commit and its clean-up leaves a mark; the next writer removes
/// what no article graph holds. A store written before the default graph was kept is refused
/// by readers, with the command that brings it up to date, and the next writer adds it.
#[test]
fn a_pending_clean_up_and_an_older_store_are_brought_up_to_date() {
    use oxigraph::model::{GraphNameRef, NamedNodeRef, Quad};
    use oxigraph::store::Store;
    let (_tmp, store) = demo_store();
    let want = rows(
        &store,
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    );
    {
        let st = Store::open(&store).unwrap();
        let x = NamedNodeRef::new("https://w3id.org/derek/id/person/nobody").unwrap();
        st.insert(&Quad::new(
            x,
            x,
            x,
            oxigraph::model::GraphName::DefaultGraph,
        ))
        .unwrap();
    }
    std::fs::write(store.join("derek-default-graph-pending"), "").unwrap();
    derek(&store).args(["load", "/dev/null"]).assert().success();
    assert!(!store.join("derek-default-graph-pending").exists());
    assert_eq!(
        rows(
            &store,
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
        ),
        want
    );

    // An older store: article graphs, no default graph.
    Store::open(&store)
        .unwrap()
        .clear_graph(GraphNameRef::DefaultGraph)
        .unwrap();
    let out = derek(&store)
        .args(["query", "ASK { ?s ?p ?o }"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("derek load --store"), "{err}");
    derek(&store).args(["load", "/dev/null"]).assert().success();
    assert_exact(&store, "an older store brought up to date");
    assert_eq!(
        rows(
            &store,
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
        ),
        want
    );
}

#[test]
fn quads_in_the_default_graph_of_a_file_to_load_are_refused_and_nothing_is_stored() {
    let (tmp, store) = demo_store();
    let before = number(&store, COUNT_BAG);
    let nq = tmp.path().join("x.nq");
    std::fs::write(
        &nq,
        "<a:s> <a:p> <a:o> <https://w3id.org/derek/id/article/x> .\n<a:s> <a:p> <a:o> .\n",
    )
    .unwrap();
    let out = derek(&store).arg("load").arg(&nq).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in the default graph") && err.contains("nothing was stored"),
        "{err}"
    );
    assert_eq!(number(&store, COUNT_BAG), before);
    assert_exact(&store, "after a refused load");
}
