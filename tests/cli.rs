//! The command line, verb by verb, including bad arguments.

mod common;

use common::*;
use predicates::prelude::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    demo_store()
}

#[test]
fn help_lists_the_verbs_and_bad_verbs_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    derek(tmp.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("build").and(predicate::str::contains("Exit codes")));
    derek(tmp.path()).arg("frobnicate").assert().code(2);
    derek(tmp.path())
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("PATHS"));
}

#[test]
fn build_prints_a_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    derek(&store)
        .arg("build")
        .arg(repo("data/articles"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 article read, 0 skipped")
                .and(predicate::str::contains("relations: 13"))
                .and(predicate::str::contains("said 4, wrote 4")),
        );
}

#[test]
fn build_with_a_missing_path_reports_it_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    derek(&store)
        .arg("build")
        .arg(repo("data/articles"))
        .arg(tmp.path().join("no-such-file.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.txt"));
}

#[test]
fn query_formats() {
    let (_tmp, store) = built();
    let q = "SELECT ?s WHERE { ?st dk:relation dk:said ; dk:subject ?x . ?x rdfs:label ?s } ORDER BY ?s";
    derek(&store)
        .args(["query", q])
        .assert()
        .success()
        .stdout(predicate::str::contains("Хайди Хаутала").and(predicate::str::contains("rows)")));
    derek(&store)
        .args(["query", "--format", "csv", q])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("s\r\n"));
    derek(&store)
        .args(["query", "--format", "tsv", q])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"Хайди Хаутала\"@kk"));
    let out = derek(&store)
        .args(["query", "--format", "json", q])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["results"]["bindings"].as_array().unwrap().len() >= 4);
    derek(&store)
        .args(["query", "ASK { ?a dk:said ?c }"])
        .assert()
        .success()
        .stdout("true\n");
    derek(&store)
        .args([
            "query",
            "--format",
            "ttl",
            "CONSTRUCT { ?a dk:said ?c } WHERE { ?a dk:said ?c }",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("dk:said"));
}

#[test]
fn query_pages_are_slices_of_the_whole_answer() {
    let (_tmp, store) = built();
    let rows = |extra: &[&str]| -> Vec<String> {
        let out = derek(&store)
            .args(["query", "--name", "who-said-what", "--format", "tsv"])
            .args(extra)
            .output()
            .unwrap();
        ok_stdout(&out)
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    let all = rows(&[]);
    assert!(all.len() >= 6, "{all:?}");
    assert_eq!(rows(&["--limit", "2"]), all[..2]);
    assert_eq!(rows(&["--limit", "3", "--offset", "2"]), all[2..5]);
    assert_eq!(rows(&["--offset", "4"]), all[4..]);
    assert!(rows(&["--offset", "1000"]).is_empty());
    // CONSTRUCT answers are paged by triple.
    let out = derek(&store)
        .args(["query", "--format", "nt", "--limit", "3"])
        .arg("CONSTRUCT { ?a dk:said ?c } WHERE { ?a dk:said ?c }")
        .output()
        .unwrap();
    assert_eq!(ok_stdout(&out).lines().count(), 3);
    derek(&store)
        .args(["query", "--limit", "-1", "ASK {}"])
        .assert()
        .code(2);
}

#[test]
fn query_errors_are_clear() {
    let (_tmp, store) = built();
    derek(&store)
        .args(["query", "SELEC nonsense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SPARQL"));
    derek(&store)
        .args(["query", "--name", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("who-said-what"));
    derek(&store).args(["query"]).assert().code(2);
    derek(&store)
        .args([
            "query",
            "--format",
            "csv",
            "CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }",
        ])
        .assert()
        .code(2);
    let tmp = tempfile::tempdir().unwrap();
    derek(&tmp.path().join("none"))
        .args(["query", "ASK {}"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no store"));
}

#[test]
fn named_queries_list_and_run() {
    let (_tmp, store) = built();
    derek(&store)
        .args(["query", "--list"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("who-said-what").and(predicate::str::contains("top-speakers")),
        );
    derek(&store)
        .args([
            "query",
            "--name",
            "who-said-what",
            "--param",
            "entity=Клинц",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Вольф Клинц").and(predicate::str::contains("Хайди").not()),
        );
    derek(&store)
        .args(["query", "--name", "about-entity"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("entity"));
    derek(&store)
        .args(["query", "--name", "adopted"])
        .assert()
        .success()
        .stdout(predicate::str::contains("резолюция"));
}

#[test]
fn export_relations_to_a_file_and_as_tsv_and_jsonl() {
    let (tmp, store) = built();
    let f = tmp.path().join("out.csv");
    derek(&store)
        .args(["export", "relations", "-o"])
        .arg(&f)
        .assert()
        .success();
    let text = std::fs::read_to_string(&f).unwrap();
    assert_eq!(text.lines().count(), 14);
    derek(&store)
        .args(["export", "relations", "--format", "tsv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("article\tline\trelation"));
    let out = derek(&store)
        .args(["export", "relations", "--format", "jsonl"])
        .output()
        .unwrap();
    for l in stdout_of(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["relation"].is_string());
    }
    derek(&store).args(["export", "nothing"]).assert().code(2);
}

#[test]
fn viz_is_deterministic_and_draws_svg() {
    let (_tmp, store) = built();
    let a = derek(&store)
        .args(["viz", "--format", "dot"])
        .output()
        .unwrap();
    let b = derek(&store)
        .args(["viz", "--format", "dot"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    assert!(stdout_of(&a).starts_with("digraph derek {"));
    derek(&store)
        .args(["viz", "--format", "svg", "--svg-engine", "builtin"])
        .assert()
        .success()
        .stdout(predicate::str::contains("<svg"));
    derek(&store)
        .args(["viz", "--focus", "Клинц", "--depth", "1"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Вольф Клинц").and(predicate::str::contains("Хайди").not()),
        );
    derek(&store)
        .args(["viz", "--focus", "Жоқ Адам"])
        .assert()
        .code(2);
    derek(&store)
        .args(["viz", "--relation", "kissed"])
        .assert()
        .code(2);
}

#[test]
fn eval_and_explain() {
    let (_tmp, store) = built();
    let out = derek(&store)
        .args(["eval", "--gold"])
        .arg(shared("seed/gold.tsv"))
        .output()
        .unwrap();
    let text = ok_stdout(&out);
    // "all         P=0.923 R=0.923 F1=0.923 (tp=12 fp=1 fn=1)": the seed is well above 0.9.
    let all = text
        .lines()
        .find(|l| l.starts_with("all "))
        .expect("an 'all' line");
    let figure = |name: &str| -> f64 {
        let at = all.find(&format!("{name}=")).expect("a figure") + name.len() + 1;
        all[at..at + 5].parse().unwrap()
    };
    assert!(figure("P") >= 0.9 && figure("R") >= 0.9, "{all}");
    derek(&store).args(["eval"]).assert().code(2);
    derek(&store)
        .args(["eval", "--gold", "/no/such/gold.tsv"])
        .assert()
        .code(2);
    derek(&store)
        .arg("explain")
        .arg(repo("data/articles"))
        .arg("--gold")
        .arg(shared("seed/gold.tsv"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("speech.according-to").and(predicate::str::contains("OK ")),
        );
}

#[test]
fn extract_streams_nquads_and_jsonl_without_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    let out = derek(&tmp.path().join("unused"))
        .args(["extract", "--format", "nq"])
        .arg(repo("data/articles"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let quads: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_slice(&out.stdout)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert!(quads.len() > 100);
    assert!(
        !tmp.path().join("unused").exists(),
        "extract must not create a store"
    );
    let again = derek(&tmp.path().join("unused"))
        .args(["extract", "--format", "nq"])
        .arg(repo("data/articles"))
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout, "deterministic output");
    derek(tmp.path())
        .args(["extract", "--format", "jsonl", "-"])
        .write_stdin("«Жол салынады», – деді әкім Ерлан Сапаров.")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"subject_label\":\"Ерлан Сапаров\"",
        ));
}

#[test]
fn a_reader_that_closes_the_output_ends_derek_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // `derek extract ... | head -1`: far more output than a pipe holds, and a reader that
    // takes one line and goes. derek stops, says nothing, and exits 0.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("derek"))
        .args(["extract", "--format", "nq"])
        .arg(shared("corpus/kk"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.ends_with(" .\n"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Issue 13: example URLs in `serve --help` and `push --help` wrapped on an 80-column
/// terminal, which broke copy-paste. Every example line fits, whole.
#[test]
fn help_examples_fit_an_80_column_terminal_whole() {
    let tmp = tempfile::tempdir().unwrap();
    for (verb, lines) in [
        (
            "serve",
            &[
                "  curl -H 'Accept: text/csv' \\",
                "    --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\",
                "    http://127.0.0.1:7878/sparql",
            ][..],
        ),
        (
            "push",
            &[
                "    --endpoint http://HOST:3030/DS/sparql",
                "    --graph-store http://HOST:8890/sparql-graph-crud",
            ][..],
        ),
    ] {
        let out = derek(tmp.path())
            .args([verb, "--help"])
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let help = ok_stdout(&out);
        for want in lines {
            assert!(
                help.lines().any(|l| l == *want),
                "{verb} --help lacks the line {want:?}:\n{help}"
            );
        }
        let after = help.split_once("\n\n").map(|x| x.1).unwrap_or("");
        for l in after.lines().filter(|l| l.contains("://")) {
            assert!(l.chars().count() <= 80, "{verb}: {l:?}");
        }
    }
}

/// `-o` naming a pipe (or a device such as /dev/null) writes into it: renaming a finished
/// temporary file over it, as for a regular file, would replace the pipe with a file.
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_writes_into_it_and_leaves_it_a_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("out.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    derek(&tmp.path().join("store"))
        .args(["extract", "--format", "nq", "-o"])
        .arg(&fifo)
        .arg(repo("data/articles"))
        .assert()
        .success();
    // Checked before joining the reader: had the pipe been replaced, the reader would wait on
    // it for ever.
    let kind = std::fs::metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe");
    let got = reader.join().unwrap();
    assert!(
        got.contains("<https://w3id.org/derek/"),
        "N-Quads came through the pipe"
    );
}
