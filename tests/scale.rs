//! The scale-out path: `derek extract` as a streaming filter, the Spark recipe
//! (`scripts/spark/extract.py`, PySpark in local mode with the machine's Java) over a corpus of
//! 1,000 articles from `derek gen`, and `derek load` of its N-Quads, which must give the store
//! that `derek build` gives on the same input.

mod common;
mod net;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use net::*;
use predicates::prelude::*;

const ARTICLES: usize = 1000;

/// Relations per kind, and all quads in article graphs: what the two stores must agree on.
const PER_RELATION: &str = "SELECT ?r (COUNT(*) AS ?n) WHERE { ?st a dk:Statement ; dk:relation ?r } GROUP BY ?r ORDER BY ?r";
const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

fn csv(store: &Path, q: &str) -> String {
    let out = derek(store)
        .args(["query", "--format", "csv", q])
        .output()
        .unwrap();
    ok_stdout(&out)
}

/// A synthetic corpus from `derek gen` (JSON Lines, deterministic for its seed).
fn generate(path: &Path, n: usize) {
    derek(path.parent().unwrap())
        .args(["gen", "-n", &n.to_string(), "-o"])
        .arg(path)
        .assert()
        .success();
}

#[test]
fn spark_recipe_gives_the_store_that_build_gives() {
    require(
        "python3",
        &["-c", "import pyspark"],
        "install PySpark with `python3 -m pip install pyspark`",
    );
    require(
        "java",
        &["-version"],
        "install Java 17 (`apt-get install openjdk-17-jre-headless`)",
    );
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    generate(&corpus, ARTICLES);

    let built = tmp.path().join("built");
    let t = Instant::now();
    derek(&built)
        .args(["build", "-q"])
        .arg(&corpus)
        .assert()
        .success();
    let build_time = t.elapsed();

    // The map step: Spark pipes each partition through `derek extract`.
    let quads = tmp.path().join("quads");
    let log = tmp.path().join("spark.log");
    let mut cmd = Command::new("python3");
    cmd.arg(repo("scripts/spark/extract.py"))
        .args(["--master", "local[2]", "--partitions", "4", "--derek"])
        .arg(assert_cmd::cargo::cargo_bin("derek"))
        .arg(&corpus)
        .arg(&quads)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::options().append(true).open(&log).unwrap());
    let t = Instant::now();
    let mut spark = ChildGuard::spawn("spark extract", &mut cmd);
    let status = spark.wait_for(Duration::from_secs(600)).unwrap_or_else(|| {
        panic!(
            "Spark took more than 10 minutes; log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        )
    });
    let spark_time = t.elapsed();
    assert!(
        status.success(),
        "Spark failed ({status}); log:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    let parts: Vec<_> = std::fs::read_dir(&quads)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("part-"))
        .collect();
    assert!(
        parts.len() >= 4,
        "expected a part per partition, got {}",
        parts.len()
    );

    // The reduce step: the bulk loader, twice (the second load replaces, adds nothing).
    let loaded = tmp.path().join("loaded");
    let t = Instant::now();
    derek(&loaded)
        .args(["load", "-q"])
        .arg(&quads)
        .assert()
        .success();
    let load_time = t.elapsed();
    let first = csv(&loaded, QUADS);
    derek(&loaded)
        .args(["load", "-q"])
        .arg(&quads)
        .assert()
        .success();
    assert_eq!(
        csv(&loaded, QUADS),
        first,
        "a second load changed the store"
    );

    let relations = csv(&built, PER_RELATION);
    assert_eq!(csv(&loaded, PER_RELATION), relations);
    assert_eq!(first, csv(&built, QUADS));
    let total: usize = relations
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(',').next()?.trim().parse::<usize>().ok())
        .sum();
    assert!(
        total >= ARTICLES,
        "only {total} relations from {ARTICLES} articles"
    );
    eprintln!(
        "scale: {ARTICLES} articles, {total} relations, {} quads; build {:.1} s, spark {:.1} s, load {:.1} s",
        first.lines().nth(1).unwrap_or("").trim(),
        build_time.as_secs_f64(),
        spark_time.as_secs_f64(),
        load_time.as_secs_f64()
    );
}

#[test]
fn extract_streams_jsonl_from_stdin_one_article_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c.jsonl");
    generate(&corpus, 3);
    let lines: Vec<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("derek"));
    cmd.args(["extract", "--stdin-format", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = ChildGuard::spawn("derek extract", &mut cmd);
    let mut stdin = child.child.stdin.take().unwrap();
    let mut out = BufReader::new(child.child.stdout.take().unwrap());
    // The first article's quads come out while standard input is still open.
    writeln!(stdin, "{}", lines[0]).unwrap();
    stdin.flush().unwrap();
    let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    let first_graph = format!(
        "<https://w3id.org/derek/id/article/{}> .",
        first["id"].as_str().unwrap()
    );
    let mut line = String::new();
    let mut n = 0;
    while out.read_line(&mut line).unwrap() > 0 {
        n += 1;
        assert!(line.trim_end().ends_with(&first_graph), "{line}");
        if line.contains("schema.org/NewsArticle") {
            break;
        }
        line.clear();
    }
    assert!(n > 0, "nothing came out before the input ended");
    for l in &lines[1..] {
        writeln!(stdin, "{l}").unwrap();
    }
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    assert!(child.wait_for(Duration::from_secs(30)).unwrap().success());

    // The same quads as extracting the file, whatever the order of the articles.
    let whole = derek(tmp.path())
        .args(["extract", "--format", "nq"])
        .arg(&corpus)
        .output()
        .unwrap();
    let mut a: Vec<String> = stdout_of(&whole).lines().map(str::to_string).collect();
    let reversed: String = lines.iter().rev().map(|l| format!("{l}\n")).collect();
    let piped = derek(tmp.path())
        .args(["extract", "--stdin-format", "jsonl", "-"])
        .write_stdin(reversed)
        .output()
        .unwrap();
    let mut b: Vec<String> = stdout_of(&piped).lines().map(str::to_string).collect();
    a.sort();
    b.sort();
    assert!(!a.is_empty());
    assert_eq!(a, b);

    // A malformed line is named and skipped (exit 1); the other articles still come out.
    let bad = format!("{}\n{{not json\n", lines[0]);
    derek(tmp.path())
        .args(["extract", "--stdin-format", "jsonl", "-"])
        .write_stdin(bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>:2"))
        .stdout(predicate::str::contains(first["id"].as_str().unwrap()));
}

#[test]
fn load_names_the_bad_line_and_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let nq = tmp.path().join("bad.nq");
    std::fs::write(
        &nq,
        "<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n<http://e/s> <http://e/p> oops <http://e/g> .\n",
    )
    .unwrap();
    let store = tmp.path().join("store");
    derek(&store)
        .args(["load", "-q"])
        .arg(&nq)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("bad.nq").and(predicate::str::contains("nothing was stored")),
        );
    derek(&store)
        .args([
            "query",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/derek/id/archive>) }",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\r\n0\r\n"));
}

#[test]
fn parallel_extraction_writes_what_one_thread_writes_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    // More articles than one batch, in two files with standard input between them.
    let first = tmp.path().join("a.jsonl");
    let second = tmp.path().join("b.jsonl");
    generate(&first, 300);
    generate(&second, 20);
    let stdin = "«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n";
    let run = |jobs: &str| {
        let out = derek(tmp.path())
            .args(["extract", "--format", "nq", "--jobs", jobs])
            .arg(&first)
            .arg("-")
            .arg(&second)
            .write_stdin(stdin)
            .output()
            .unwrap();
        ok_stdout(&out)
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one, two);
    // Graphs come out in input order: the first file's, the article from standard input, then
    // the second file's.
    let mut graphs: Vec<&str> = Vec::new();
    for line in one.lines() {
        let g = line.rsplit_once(' ').unwrap().0.rsplit_once(' ').unwrap().1;
        if graphs.last() != Some(&g) {
            graphs.push(g);
        }
    }
    assert_eq!(graphs.len(), 321, "each article's quads together, once");
    assert!(graphs[300].ends_with("/article/stdin>"), "{}", graphs[300]);
}
