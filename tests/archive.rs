//! The archive graph (`derek::archive`: the name index and the summary) stays exactly what a
//! full recomputation from the article graphs gives, whatever sequence of builds (graph
//! replaced in a transaction), removals and bulk loads made the store; a part-of-a-name search
//! through it finds what a scan of every label finds; and top-speakers read from the summary
//! answers what the same question asked of every statement answers.

use std::collections::BTreeSet;
use std::io::Write;

use derek::archive;
use derek::store::DerekStore;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use proptest::prelude::*;

const NAMES: &[&str] = &["Вольф Клинц", "вольф клинц", "Еуропа одағы", "ЕО", "Ақорда"];

/// One item of an article: `(0, s, p, n, tagged)` a name of actor `s` (`rdfs:label`,
/// `skos:altLabel` or another predicate; a name from [`NAMES`], Kazakh-tagged or plain);
/// `(1, k, _, _, dated)` statement `k` of the article, whose relation and subject follow from
/// `k` and the article (one each, as derek writes them), with a date if `dated`.
type Triple = (u8, u8, u8, u8, bool);

const RELATIONS: &[&str] = &["said", "wrote", "adopted", "stated"];
const DATES: &[&str] = &["2019-03-14", "2020-01-01"];

fn quads(article: u8, (kind, a, b, c, flag): Triple) -> Vec<Quad> {
    if kind == 0 {
        return vec![quad(article, (a, b, c, flag))];
    }
    let st = NamedNode::new_unchecked(format!(
        "https://w3id.org/derek/id/statement/a{article}/{a}"
    ));
    let _ = (b, c);
    let actor = NamedNode::new_unchecked(format!("https://w3id.org/derek/id/person/s{}", a % 3));
    let rel = NamedNode::new_unchecked(format!(
        "https://w3id.org/derek/ont#{}",
        RELATIONS[(a as usize + article as usize) % RELATIONS.len()]
    ));
    let mut out = vec![
        Quad::new(
            st.clone(),
            derek::rdf::vocab::dk::RELATION,
            rel,
            graph(article),
        ),
        Quad::new(
            st.clone(),
            derek::rdf::vocab::dk::SUBJECT,
            actor,
            graph(article),
        ),
    ];
    if flag {
        let date = Literal::new_typed_literal(
            DATES[a as usize % DATES.len()],
            derek::rdf::vocab::xsd::DATE,
        );
        out.push(Quad::new(
            st,
            derek::rdf::vocab::dk::DATE,
            date,
            graph(article),
        ));
    }
    out
}

fn quad(article: u8, (s, p, n, tagged): (u8, u8, u8, bool)) -> Quad {
    let subject = NamedNode::new_unchecked(format!("https://w3id.org/derek/id/person/s{s}"));
    let predicate = match p {
        0 => derek::rdf::vocab::rdfs::LABEL.into_owned(),
        1 => derek::rdf::vocab::skos::ALT_LABEL.into_owned(),
        _ => derek::rdf::vocab::dk::TEXT.into_owned(),
    };
    let name = NAMES[n as usize % NAMES.len()];
    let object: Term = if tagged {
        Literal::new_language_tagged_literal_unchecked(name, "kk").into()
    } else {
        Literal::new_simple_literal(name).into()
    };
    Quad::new(subject, predicate, object, graph(article))
}

/// What every article graph holds besides its names (as derek's do: an article is never empty).
fn identifier(article: u8) -> Quad {
    Quad::new(
        NamedNode::new_unchecked(format!("https://w3id.org/derek/id/article/a{article}")),
        derek::rdf::vocab::schema::IDENTIFIER,
        Literal::new_simple_literal(format!("a{article}")),
        graph(article),
    )
}

fn graph(article: u8) -> GraphName {
    NamedNode::new_unchecked(derek::rdf::mint::graph(&format!("a{article}"))).into()
}

#[derive(Debug, Clone)]
enum Op {
    /// `derek build` of one article: its graph replaced (or added).
    Build(u8, Vec<Triple>),
    /// The article's graph removed.
    Remove(u8),
    /// `derek load` of N-Quads holding several articles' graphs.
    Load(Vec<(u8, Vec<Triple>)>),
}

fn triples() -> impl Strategy<Value = Vec<Triple>> {
    prop::collection::vec((0u8..2, 0u8..3, 0u8..3, 0u8..5, any::<bool>()), 0..8)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..4, triples()).prop_map(|(a, t)| Op::Build(a, t)),
        1 => (0u8..4).prop_map(Op::Remove),
        2 => prop::collection::vec((0u8..4, triples()), 1..3).prop_map(Op::Load),
    ]
}

fn run(store: &DerekStore, dir: &std::path::Path, op: &Op) {
    match op {
        Op::Build(a, t) => {
            let mut quads: Vec<Quad> = t.iter().flat_map(|t| quads(*a, *t)).collect();
            quads.push(identifier(*a));
            let GraphName::NamedNode(g) = graph(*a) else {
                unreachable!()
            };
            store.replace_graph(g.as_str(), &quads).unwrap();
        }
        Op::Remove(a) => {
            let GraphName::NamedNode(g) = graph(*a) else {
                unreachable!()
            };
            store.remove_graph(g.as_str()).unwrap();
        }
        Op::Load(articles) => {
            let f = dir.join("load.nq");
            let mut w = std::fs::File::create(&f).unwrap();
            for (a, t) in articles {
                writeln!(w, "{} .", identifier(*a)).unwrap();
                for tr in t {
                    for q in quads(*a, *tr) {
                        writeln!(w, "{q} .").unwrap();
                    }
                }
            }
            drop(w);
            store.load_nquads(&[f], Some(1), None::<fn(u64)>).unwrap();
        }
    }
}

/// Names the default graph gives whose lower-cased text contains `fragment` lower-cased, by
/// a scan of every label.
fn scan(store: &DerekStore, fragment: &str) -> BTreeSet<String> {
    let want = fragment.to_lowercase();
    let mut out = BTreeSet::new();
    for p in [
        derek::rdf::vocab::rdfs::LABEL,
        derek::rdf::vocab::skos::ALT_LABEL,
    ] {
        for q in store.store.quads_for_pattern(
            None,
            Some(p),
            None,
            Some(oxigraph::model::GraphNameRef::DefaultGraph),
        ) {
            let q = q.unwrap();
            if let Term::Literal(l) = &q.object {
                if l.value().to_lowercase().contains(&want) {
                    out.insert(q.object.to_string());
                }
            }
        }
    }
    out
}

/// top-speakers as it was asked before the summary: of every statement of every article graph.
const TOP_SPEAKERS_OF_EVERY_STATEMENT: &str = "
SELECT ?speaker (COUNT(DISTINCT ?st) AS ?statements) (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g {
    ?st dk:relation ?rel ; dk:subject ?s .
    FILTER(?rel IN (dk:said, dk:wrote, dk:stated))
    ?s rdfs:label ?speaker .
  }
}
GROUP BY ?speaker
ORDER BY DESC(?statements) ?speaker
LIMIT 50";

fn answer(store: &oxigraph::store::Store, q: &str) -> Vec<String> {
    let r = derek::query::evaluate(store, q).unwrap();
    let mut out = Vec::new();
    derek::query::write_results(
        r,
        derek::query::ResultFormat::Results(oxigraph::sparql::results::QueryResultsFormat::Tsv),
        &mut out,
    )
    .unwrap();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The shipped top-speakers (read from the summary) answers what the old query answers.
fn assert_top_speakers(store: &oxigraph::store::Store) {
    let shipped = derek::query::named("top-speakers").unwrap();
    assert_eq!(
        answer(store, shipped),
        answer(store, TOP_SPEAKERS_OF_EVERY_STATEMENT)
    );
}

fn assert_exact(store: &DerekStore) {
    assert_top_speakers(&store.store);
    let kept = archive::kept(&store.store).unwrap();
    let want = archive::recompute(&store.store).unwrap();
    let mut extra: Vec<String> = kept.difference(&want).map(|q| q.to_string()).collect();
    let mut missing: Vec<String> = want.difference(&kept).map(|q| q.to_string()).collect();
    extra.sort();
    missing.sort();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "kept but not derived: {extra:#?}\nderived but not kept: {missing:#?}"
    );
    for fragment in ["клинц", "ВОЛЬФ", "ео", "", "қор", "нет такого"] {
        let found: BTreeSet<String> = archive::names_containing(&store.store, fragment)
            .unwrap()
            .iter()
            .map(Term::to_string)
            .collect();
        assert_eq!(found, scan(store, fragment), "search for {fragment:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_archive_graph_equals_its_recomputation_after_any_builds_removals_and_loads(
        ops in prop::collection::vec(op(), 1..8)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("store");
        {
            let store = DerekStore::open(&path).unwrap();
            for op in &ops {
                run(&store, dir.path(), op);
                assert_exact(&store);
            }
        }
        // And as a reader finds it.
        let store = DerekStore::open_read_only(&path).unwrap();
        assert_exact(&store);
    }
}

#[test]
fn a_store_without_the_archive_graph_gets_it_when_opened_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    {
        let store = DerekStore::open(&path).unwrap();
        run(
            &store,
            dir.path(),
            &Op::Build(
                1,
                vec![(0, 0, 0, 0, true), (0, 1, 1, 2, false), (1, 0, 0, 0, true)],
            ),
        );
        // As an earlier derek left it: no archive graph at all.
        let g = archive::graph();
        store.store.remove_named_graph(g.as_ref()).unwrap();
        store.flush().unwrap();
    }
    let Err(e) = DerekStore::open_read_only(&path) else {
        panic!("a reader opened a store without its name index")
    };
    assert!(e.to_string().contains("derek load --store"), "{e}");
    let store = DerekStore::open(&path).unwrap();
    assert_exact(&store);
    assert_eq!(
        archive::names_containing(&store.store, "клинц")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_archive_graph_is_no_article_graph() {
    let dir = tempfile::tempdir().unwrap();
    let store = DerekStore::open(&dir.path().join("store")).unwrap();
    run(&store, dir.path(), &Op::Build(1, vec![(0, 0, 0, 0, true)]));
    assert_eq!(store.graphs().unwrap().len(), 1);
    let Err(e) = store.replace_graph(&derek::rdf::mint::archive_graph(), &[]) else {
        panic!("replaced the archive graph as an article")
    };
    assert!(e.to_string().contains("archive graph"), "{e}");
    // A load that names it is refused, and changes nothing.
    let f = dir.path().join("bad.nq");
    std::fs::write(
        &f,
        format!(
            "<http://e/s> <http://e/p> \"o\" <{}> .\n",
            derek::rdf::mint::archive_graph()
        ),
    )
    .unwrap();
    let Err(e) = store.load_nquads(&[f], Some(1), None::<fn(u64)>) else {
        panic!("loaded quads into the archive graph")
    };
    assert!(e.to_string().contains("bad.nq"), "{e}");
    assert_exact(&store);
}

mod common;

/// The archive graph of a store on disk, kept and derived, opened as the next writer would.
fn exact_on_disk(store: &std::path::Path) -> usize {
    let st = DerekStore::open_read_only(store).unwrap();
    assert_exact(&st);
    archive::kept(&st.store).unwrap().len()
}

#[test]
fn builds_rebuilds_and_loads_through_the_command_line_keep_the_name_index_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let article = tmp.path().join("жаңалық.txt");
    let write = |text: &str| std::fs::write(&article, text).unwrap();
    write("«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n«Жол жөнделеді», – деді депутат Гүлнар Ахметова.\n");
    // An empty store: the bulk loader.
    common::derek(&store)
        .args(["build", "-q"])
        .arg(&article)
        .arg(common::repo("data/articles"))
        .assert()
        .success();
    let first = exact_on_disk(&store);
    let rows = |entity: &str| -> usize {
        let out = common::derek(&store)
            .args(["query", "--name", "who-said-what", "--format", "tsv"])
            .args(["--param", &format!("entity={entity}")])
            .output()
            .unwrap();
        common::ok_stdout(&out).lines().count() - 1
    };
    assert_eq!(rows("ахмет"), 1);
    assert_eq!(rows("КЛИНЦ"), 2);
    // A rebuild with changed text: Ахметова leaves the archive, Әлиев comes in.
    write("«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n«Жол жөнделеді», – деді депутат Марат Әлиев.\n");
    common::derek(&store)
        .args(["build", "-q"])
        .arg(&article)
        .assert()
        .success();
    exact_on_disk(&store);
    assert_eq!(rows("ахмет"), 0);
    assert_eq!(rows("әлиев"), 1);
    // A load of the first version, as `derek extract` writes it, replaces the graph again.
    write("«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n«Жол жөнделеді», – деді депутат Гүлнар Ахметова.\n");
    let nq = tmp.path().join("a.nq");
    common::derek(&store)
        .args(["extract", "--format", "nq", "-o"])
        .arg(&nq)
        .arg(&article)
        .assert()
        .success();
    common::derek(&store)
        .args(["load", "-q"])
        .arg(&nq)
        .assert()
        .success();
    assert_eq!(exact_on_disk(&store), first);
    assert_eq!(rows("әлиев"), 0);
    assert_eq!(rows("ахмет"), 1);
}

#[test]
fn top_speakers_from_the_summary_answers_as_every_statement_does_on_the_corpus() {
    let (_tmp, store) = common::corpus_store();
    let st = DerekStore::open_read_only(&store).unwrap();
    let rows = answer(&st.store, derek::query::named("top-speakers").unwrap());
    assert!(rows.len() > 10, "{rows:?}");
    assert_exact(&st);
}
