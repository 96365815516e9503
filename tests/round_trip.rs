//! Data that round-trips: `derek extract` and the store write the same literals (canonical
//! decimals and dates), a publication date known only by its month or year is kept and
//! filtered on, and JSON Lines carries numbers as numbers.

mod common;

use common::*;
use serde_json::Value;

fn sorted_lines(s: &str) -> String {
    let mut lines: Vec<&str> = s.lines().collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[test]
fn extract_and_the_store_give_byte_identical_nquads() {
    let inputs = [repo("data/articles"), shared("corpus/kk")];
    let (_tmp, store) = built_store(&inputs);
    let extracted = derek(&store)
        .args(["extract", "--format", "nq"])
        .args(&inputs)
        .output()
        .unwrap();
    let dumped = derek(&store).args(["dump"]).output().unwrap();
    let (a, b) = (
        sorted_lines(&ok_stdout(&extracted)),
        sorted_lines(&ok_stdout(&dumped)),
    );
    assert!(a.lines().count() > 5000);
    if a != b {
        let only_a: Vec<&str> = a.lines().filter(|l| !b.contains(l)).take(3).collect();
        panic!("extract and dump differ; extract only: {only_a:#?}");
    }
    // The confidences as a store gives them back (canonical xsd:decimal), never "0.90".
    assert!(a.contains("\"0.9\"^^<http://www.w3.org/2001/XMLSchema#decimal>"));
    assert!(!a.contains("0\"^^<http://www.w3.org/2001/XMLSchema#decimal>"));
}

#[test]
fn an_article_dated_by_its_month_keeps_its_date_and_passes_year_filters() {
    let (_tmp, store) = demo_store();
    let out = derek(&store)
        .args([
            "query",
            "--format",
            "tsv",
            "SELECT ?d WHERE { ?a a schema:NewsArticle ; schema:datePublished ?d }",
        ])
        .output()
        .unwrap();
    assert!(
        ok_stdout(&out).contains("\"2019-03\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>"),
        "{}",
        stdout_of(&out)
    );
    let export = |args: &[&str]| -> (Vec<Value>, String) {
        let out = derek(&store)
            .args(["export", "--format", "jsonl"])
            .args(args)
            .output()
            .unwrap();
        let rows = ok_stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (rows, String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (all, _) = export(&["statements"]);
    assert_eq!(all.len(), 13);
    assert!(
        all.iter().all(|r| r["article_date"] == "2019-03"),
        "{all:?}"
    );
    let (kept, note) = export(&["relations", "--since", "2019"]);
    assert_eq!(kept.len(), 13, "{note}");
    assert!(!note.contains("without a date"), "{note}");
    let (march, _) = export(&["relations", "--since", "2019-03", "--until", "2019-03"]);
    assert_eq!(march.len(), 13);
    let (none, note) = export(&["relations", "--until", "2019-02"]);
    assert!(none.is_empty() && note.is_empty(), "{none:?} {note}");
}

#[test]
fn json_lines_write_numbers_as_numbers() {
    let (_tmp, store) = demo_store();
    for args in [
        vec!["export", "relations", "--format", "jsonl"],
        vec!["export", "statements", "--format", "jsonl"],
    ] {
        let out = derek(&store).args(&args).output().unwrap();
        for line in ok_stdout(&out).lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            for k in ["confidence", "line", "start", "end"] {
                assert!(v[k].is_number(), "{args:?}: {k} in {line}");
            }
        }
    }
    let out = derek(&store)
        .args(["extract", "--format", "jsonl"])
        .arg(repo("data/articles"))
        .output()
        .unwrap();
    let low: Vec<Value> = ok_stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["confidence"].as_f64().is_some_and(|c| c < 2.0))
        .collect();
    assert_eq!(low.len(), 13, "every confidence is a number jq can compare");
}
