//! Exports read back by other people's tools: the CSV files with their CSVW metadata through a
//! CSV on the Web processor (the `csvw` package), GraphML through networkx, both compared with
//! what the store holds; the shared filters; deterministic output.
//!
//! The Python readers are listed in tests/python/requirements.txt (.ci/run installs them);
//! without them these tests fail, saying what to install.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::Value;

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Fails (never skips) when the Python readers are missing.
fn require_python_readers() {
    let out = Command::new(python())
        .args(["-c", "import csvw, networkx"])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{} cannot run ({e}): install Python 3 (apt-get install python3)",
                python()
            )
        });
    assert!(
        out.status.success(),
        "the Python readers these tests use are missing ({}): \
         pip install -r tests/python/requirements.txt (.ci/run does)",
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// Runs a script under tests/python and returns its standard output.
fn run_python(script: &str, args: &[&Path]) -> String {
    require_python_readers();
    let out = Command::new(python())
        .arg(repo("tests/python").join(script))
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{script} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One number from a SPARQL `SELECT (COUNT(...) AS ?n)` over the store.
fn count(store: &Path, query: &str) -> usize {
    let out = derek(store)
        .args(["query", "--format", "csv", query])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout_of(&out);
    let n = text.lines().nth(1).unwrap_or("").trim();
    n.parse()
        .unwrap_or_else(|_| panic!("{query}: not a count: {text:?}"))
}

/// The values of one column of a SPARQL SELECT (CSV results).
fn column(store: &Path, query: &str) -> BTreeSet<String> {
    let out = derek(store)
        .args(["query", "--format", "csv", query])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    r.records().map(|x| x.unwrap()[0].to_string()).collect()
}

fn jsonl(store: &Path, args: &[&str]) -> Vec<Value> {
    let out = derek(store)
        .arg("export")
        .args(args)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    ok_stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_csv_loads_with_its_csvw_metadata_and_round_trips() {
    let (tmp, store) = corpus_store();
    let dir = tmp.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    for table in ["relations", "entities", "statements"] {
        let csv = dir.join(format!("{table}.csv"));
        derek(&store)
            .args(["export", table, "-o"])
            .arg(&csv)
            .assert()
            .success();
        let md = dir.join(format!("{table}.csv-metadata.json"));
        let md: Value = serde_json::from_str(&std::fs::read_to_string(&md).unwrap()).unwrap();
        assert_eq!(md["url"], format!("{table}.csv"));
        assert_eq!(md["@context"], "http://www.w3.org/ns/csvw");
        derek(&store)
            .args(["export", table, "--format", "jsonl", "-o"])
            .arg(dir.join(format!("{table}.jsonl")))
            .assert()
            .success();
    }
    let report = run_python(
        "csvw_roundtrip.py",
        &[
            &dir,
            Path::new("relations"),
            Path::new("entities"),
            Path::new("statements"),
        ],
    );
    let tables: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rows = |t: &str| {
        tables
            .iter()
            .find(|v| v["table"] == t)
            .unwrap_or_else(|| panic!("no report for {t}: {report}"))["rows"]
            .as_u64()
            .unwrap() as usize
    };
    let statements = count(
        &store,
        "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a dk:Statement }",
    );
    assert!(statements > 100);
    assert_eq!(rows("statements"), statements);
    assert_eq!(
        rows("relations"),
        statements,
        "no two statements share a relations row here"
    );
    let entities = count(
        &store,
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t ; rdfs:label ?l . \
         VALUES ?t { schema:Person schema:Organization schema:Country schema:Place \
         schema:NewsMediaOrganization dk:Group dk:Document dk:Topic } }",
    );
    assert_eq!(rows("entities"), entities);
}

#[test]
fn metadata_is_written_only_beside_csv_files() {
    let (tmp, store) = corpus_store();
    let tsv = tmp.path().join("rel.tsv");
    derek(&store)
        .args(["export", "relations", "--format", "tsv", "-o"])
        .arg(&tsv)
        .assert()
        .success();
    assert!(!tmp.path().join("rel.tsv-metadata.json").exists());
    derek(&store)
        .current_dir(tmp.path())
        .args(["export", "entities"])
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with("-metadata.json")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn written_files_are_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, store) = corpus_store();
    let csv = tmp.path().join("rel.csv");
    derek(&store)
        .args(["export", "relations", "-o"])
        .arg(&csv)
        .assert()
        .success();
    for f in [csv.clone(), tmp.path().join("rel.csv-metadata.json")] {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", f.display());
    }
    // Replacing a file keeps its mode.
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o600)).unwrap();
    derek(&store)
        .args(["export", "relations", "-o"])
        .arg(&csv)
        .assert()
        .success();
    let mode = std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn graphml_opens_in_networkx_with_what_the_store_holds() {
    let (tmp, store) = corpus_store();
    let file = tmp.path().join("graph.graphml");
    derek(&store)
        .args(["viz", "--format", "graphml", "-o"])
        .arg(&file)
        .assert()
        .success();
    let summary: Value = serde_json::from_str(&run_python("graphml_summary.py", &[&file])).unwrap();

    // What the store holds, precisely: an edge per dk:Statement; a node per resource that is
    // the dk:subject or the dk:object of one.
    let statements = column(&store, "SELECT DISTINCT ?st WHERE { ?st a dk:Statement }");
    let nodes = column(
        &store,
        "SELECT DISTINCT ?n WHERE { ?st a dk:Statement . { ?st dk:subject ?n } UNION { ?st dk:object ?n } }",
    );
    assert_eq!(
        summary["edges"].as_u64().unwrap() as usize,
        count(
            &store,
            "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a dk:Statement }"
        )
    );
    assert_eq!(
        summary["edges"].as_u64().unwrap() as usize,
        statements.len()
    );
    assert_eq!(summary["nodes"].as_u64().unwrap() as usize, nodes.len());
    let got: BTreeSet<String> = summary["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, statements, "one edge per statement, no more, no less");
    let got: BTreeSet<String> = summary["node_iris"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, nodes);
    assert_eq!(summary["directed"], true);
    assert_eq!(
        summary["missing"],
        serde_json::json!({}),
        "every edge has its relation, article, line, offsets, confidence and evidence (typed)"
    );
    for (relation, n) in summary["relations"].as_object().unwrap() {
        let want = count(
            &store,
            &format!(
                "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{ ?st dk:relation dk:{relation} }}"
            ),
        );
        assert_eq!(n.as_u64().unwrap() as usize, want, "{relation}");
    }
    // Labels: an actor's rdfs:label.
    assert_eq!(
        summary["labels"]["https://w3id.org/derek/id/person/вольф_клинц"],
        "Вольф Клинц"
    );
}

#[test]
fn graphml_and_html_are_deterministic() {
    let (_tmp, store) = corpus_store();
    for format in ["graphml", "html", "dot"] {
        let a = derek(&store)
            .args(["viz", "--format", format])
            .output()
            .unwrap();
        let b = derek(&store)
            .args(["viz", "--format", format])
            .output()
            .unwrap();
        assert!(a.status.success(), "{format}");
        assert!(a.stdout.len() > 1000, "{format}");
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
}

#[test]
fn the_html_page_is_self_contained() {
    let (_tmp, store) = corpus_store();
    let out = derek(&store)
        .args(["viz", "--format", "html", "--relation", "criticized"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = stdout_of(&out);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("connect-src 'none'"),
        "the page may not reach the network"
    );
    for external in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "@import",
        "url(http",
    ] {
        assert!(!page.contains(external), "{external}");
    }
    assert!(
        page.contains("Cytoscape Consortium"),
        "the library's licence notice"
    );
    let start = page
        .find("<script id=\"derek-graph\" type=\"application/json\">")
        .unwrap();
    let json = &page[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let g: Value = serde_json::from_str(json).unwrap();
    let edges = g["edges"].as_array().unwrap();
    let criticized = count(
        &store,
        "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st dk:relation dk:criticized }",
    );
    assert_eq!(edges.len(), criticized);
    assert!(edges.iter().all(|e| e["relation"] == "criticized"));
    assert!(edges
        .iter()
        .all(|e| e["evidence"].as_str().is_some_and(|s| !s.is_empty())));
}

/// The effective days of a statement row as the filters define them (README, --help): its own
/// date; `--MM-DD` in its article's year, and no date at all in an article without one; else
/// its article's date.
fn effective(row: &Value) -> Option<(String, String)> {
    let date = row["date"].as_str().unwrap_or("");
    let article = row["article_date"].as_str().unwrap_or("");
    let whole = |d: &str| match d.len() {
        4 => (format!("{d}-01-01"), format!("{d}-12-31")),
        7 => (format!("{d}-01"), format!("{d}-31")),
        _ => (d.to_string(), d.to_string()),
    };
    match date.len() {
        0 if !article.is_empty() => Some(whole(article)),
        10 => Some((date.to_string(), date.to_string())),
        7 if date.starts_with("--") => (article.len() >= 4).then(|| {
            let d = format!("{}{}", &article[..4], &date[1..]);
            (d.clone(), d)
        }),
        7 => Some((format!("{date}-01"), format!("{date}-31"))),
        _ => None,
    }
}

#[test]
fn filters_choose_rows_as_documented() {
    let (_tmp, store) = corpus_store();
    let all = jsonl(&store, &["statements"]);
    assert!(all.len() > 100);

    // --relation (repeatable, comma-separated)
    let said = jsonl(&store, &["relations", "--relation", "said,criticized"]);
    assert!(!said.is_empty());
    assert!(said
        .iter()
        .all(|r| r["relation"] == "said" || r["relation"] == "criticized"));
    assert_eq!(
        said.len(),
        count(
            &store,
            "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st dk:relation ?r FILTER(?r IN (dk:said, dk:criticized)) }"
        )
    );

    // --article
    let article = "001-majilis-jana-sessiya";
    let rows = jsonl(&store, &["statements", "--article", article]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["article"] == article));
    assert_eq!(
        rows.len(),
        all.iter().filter(|r| r["article"] == article).count()
    );

    // --entity: a name, an alias, or the IRI; subject or object.
    let tokayev = "https://w3id.org/derek/id/person/қасым-жомарт_тоқаев";
    let by_iri = jsonl(&store, &["statements", "--entity", tokayev]);
    assert!(by_iri.len() >= 5, "{}", by_iri.len());
    assert_eq!(
        by_iri.len(),
        all.iter()
            .filter(|r| r["subject"] == tokayev || r["object"] == tokayev)
            .count()
    );
    let by_alias = jsonl(&store, &["statements", "--entity", "Қасым-Жомарт Кемелұлы"]);
    assert_eq!(by_alias, by_iri);

    // --since/--until: on the relation's date, else its article's; undated rows left out.
    let out = derek(&store)
        .args([
            "export",
            "statements",
            "--format",
            "jsonl",
            "--since",
            "2020-01-01",
            "--until",
            "2024-12",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let kept: Vec<Value> = stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let inside = |r: &Value| {
        effective(r)
            .is_some_and(|(from, to)| to.as_str() >= "2020-01-01" && from.as_str() <= "2024-12-31")
    };
    assert!(!kept.is_empty());
    assert!(kept.iter().all(inside));
    assert_eq!(kept.len(), all.iter().filter(|r| inside(r)).count());
    let undated = all.iter().filter(|r| effective(r).is_none()).count();
    assert!(undated > 0);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("{undated} relations without a date")),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Entities: mentions summed over the chosen articles.
    let ents = jsonl(&store, &["entities", "--article", article]);
    let mentions: u64 = ents.iter().filter_map(|e| e["mentions"].as_u64()).sum();
    assert_eq!(
        mentions as usize,
        count(
            &store,
            &format!(
                "SELECT (SUM(?c) AS ?n) WHERE {{ ?m a dk:Mentions ; dk:count ?c ; dk:article ?a . \
                 ?a schema:identifier \"{article}\" }}"
            )
        )
    );

    // viz takes the same filters.
    let out = derek(&store)
        .args(["viz", "--format", "graphml", "--entity", tokayev])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stdout_of(&out).matches("<edge ").count(), by_iri.len());

    // Bad values are usage errors (exit 2) that say what is wrong.
    for (args, says) in [
        (vec!["--relation", "kissed"], "unknown relation"),
        (vec!["--since", "14.03.2019"], "YYYY-MM-DD"),
        (vec!["--since", "2020", "--until", "2019"], "after"),
    ] {
        derek(&store)
            .args(["export", "relations"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
    }
}

#[test]
fn the_relations_export_is_unchanged() {
    let (_tmp, store) = demo_store();
    let out = derek(&store)
        .args(["export", "relations"])
        .output()
        .unwrap();
    golden("seed-relations.csv", &stdout_of(&out));
}
