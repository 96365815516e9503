//! The whole pipeline on the bundled seed article: golden relations CSV, ontology coverage,
//! idempotent builds, evaluation figures, agreement with the reference scorer.

mod common;

use std::collections::BTreeSet;

use common::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;

const SEED: &str = "data/articles/azattyq-mfa-europarliament.txt";

fn build_seed(store: &std::path::Path) {
    derek(store)
        .args(["build", "-q"])
        .arg(repo("data/articles"))
        .assert()
        .success();
}

#[test]
fn seed_relations_csv_matches_golden() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    build_seed(&store);
    let out = derek(&store)
        .args(["export", "relations"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = stdout_of(&out);
    assert!(csv.starts_with(
        "article,line,relation,subject,subject_label,object,object_label,date,place,start,end,confidence\n"
    ));
    golden("seed-relations.csv", &csv);
}

#[test]
fn seed_relations_name_the_speakers() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    build_seed(&store);
    let out = derek(&store)
        .args(["export", "relations"])
        .output()
        .unwrap();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let has = |rel: &str, subj: &str, claim_start: &str| {
        rows.iter()
            .any(|r| &r[2] == rel && &r[4] == subj && r[6].starts_with(claim_start))
    };
    assert!(has(
        "said",
        "Хайди Хаутала",
        "Қазақстанда адам құқығының жағдайы"
    ));
    assert!(has(
        "said",
        "Вольф Клинц",
        "Қазақстан мен ЕО арасындағы келісімге"
    ));
    // The second Клинц quote ends in "деді ол": the pronoun is resolved to him.
    assert!(has("said", "Вольф Клинц", "Адамдарды түрмеге қамайды"));
    let ministry_writes = rows
        .iter()
        .filter(|r| &r[2] == "wrote" && r[4].contains("Сыртқы істер министрлігі"))
        .count();
    assert_eq!(ministry_writes, 4, "the ministry's four written statements");
    // Boilerplate lines give nothing.
    assert!(rows.iter().all(|r| !r[6].contains("динозаврлармен")));
}

#[test]
fn building_twice_leaves_the_same_quads() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    build_seed(&store);
    let count = |store: &std::path::Path| {
        let out = derek(store)
            .args([
                "query",
                "--format",
                "csv",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            ])
            .output()
            .unwrap();
        stdout_of(&out).lines().nth(1).unwrap().trim().to_string()
    };
    let first = count(&store);
    build_seed(&store);
    let second = count(&store);
    assert_eq!(first, second);
    assert!(first.parse::<usize>().unwrap() > 100);
}

#[test]
fn ontology_parses_and_declares_every_term_the_builder_emits() {
    let ttl = std::fs::read(repo("ontology/derek.ttl")).unwrap();
    let onto: Vec<_> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ttl)
        .collect::<Result<Vec<_>, _>>()
        .expect("ontology/derek.ttl parses");
    let declared: BTreeSet<String> = onto
        .iter()
        .filter(|q| q.predicate == derek::rdf::vocab::rdf::TYPE)
        .map(|q| q.subject.to_string())
        .collect();
    let labelled_kk: BTreeSet<String> = onto
        .iter()
        .filter(|q| q.predicate == derek::rdf::vocab::rdfs::LABEL)
        .filter(|q| matches!(&q.object, Term::Literal(l) if l.language() == Some("kk")))
        .map(|q| q.subject.to_string())
        .collect();
    let article = derek::source::ArticleReader::new(&[repo(SEED)])
        .next()
        .unwrap()
        .unwrap();
    let (_, quads) = derek::batch::article_quads_of(&article);
    assert!(!quads.is_empty());
    let mut used = BTreeSet::new();
    for q in &quads {
        used.insert(q.predicate.to_string());
        if q.predicate == derek::rdf::vocab::rdf::TYPE {
            used.insert(q.object.to_string());
        }
    }
    // Every relation name, not only those this article happens to use.
    for r in derek::extract::RelKind::ALL {
        used.insert(derek::rdf::vocab::relation(r).to_string());
    }
    let missing: Vec<&String> = used.iter().filter(|u| !declared.contains(*u)).collect();
    assert!(
        missing.is_empty(),
        "not declared in ontology/derek.ttl: {missing:?}"
    );
    let unlabelled: Vec<&String> = used.iter().filter(|u| !labelled_kk.contains(*u)).collect();
    assert!(
        unlabelled.is_empty(),
        "no Kazakh label in ontology/derek.ttl: {unlabelled:?}"
    );
}

#[test]
fn eval_on_the_seed_reaches_precision_and_recall_09() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    build_seed(&store);
    let out = derek(&store)
        .args(["eval", "--json", "--gold"])
        .arg(shared("seed/gold.tsv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = v["all"]["p"].as_f64().unwrap();
    let r = v["all"]["r"].as_f64().unwrap();
    assert!(p >= 0.9 && r >= 0.9, "seed: P={p:.3} R={r:.3}");
}

#[test]
fn eval_agrees_with_the_reference_scorer() {
    let (tmp, store) = corpus_store();
    let csv_path = tmp.path().join("rel.csv");
    derek(&store)
        .args(["export", "relations", "-o"])
        .arg(&csv_path)
        .assert()
        .success();
    for gold in [shared("corpus/kk"), shared("seed/gold.tsv")] {
        let py = std::process::Command::new("python3")
            .arg(shared("tools/score.py"))
            .arg(&csv_path)
            .arg(&gold)
            .arg("--json")
            .env("GOLD_ARTICLE", "azattyq-mfa-europarliament")
            .output()
            .expect("python3 runs the reference scorer");
        assert!(
            py.status.success(),
            "score.py: {}",
            String::from_utf8_lossy(&py.stderr)
        );
        let reference: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
        let ours = derek(&store)
            .args(["eval", "--json", "--gold"])
            .arg(&gold)
            .env("GOLD_ARTICLE", "azattyq-mfa-europarliament")
            .output()
            .unwrap();
        let ours: serde_json::Value = serde_json::from_slice(&ours.stdout).unwrap();
        for fam in [
            "adopted",
            "calledOn",
            "criticized",
            "signed",
            "speech",
            "all",
        ] {
            for k in ["tp", "fp", "fn"] {
                assert_eq!(
                    ours[fam][k],
                    reference[fam][k],
                    "{} {fam} {k}",
                    gold.display()
                );
            }
        }
    }
}
