//! `derek serve` over real HTTP: the SPARQL 1.1 Protocol's forms, each result format, updates
//! refused, the timeout and the result limit, and new articles seen while a build writes.

mod common;
mod net;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use net::*;

/// A store built from the bundled article, served on a free port.
struct Served {
    _tmp: tempfile::TempDir,
    store: PathBuf,
    base: String,
    log: PathBuf,
    _server: ChildGuard,
}

impl Served {
    fn sparql(&self) -> String {
        format!("{}/sparql", self.base)
    }

    fn get(&self, query: &str, accept: &str) -> (u16, String, String) {
        let url = format!("{}?query={}", self.sparql(), enc(query));
        parts(agent().get(&url).header("Accept", accept).call())
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn build(store: &Path, input: &Path) {
    derek(store)
        .args(["build", "-q"])
        .arg(input)
        .assert()
        .success();
}

fn serve(args: &[&str]) -> Served {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    build(&store, &repo("data/articles"));
    let log = tmp.path().join("serve.log");
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("derek"));
    cmd.arg("serve")
        .arg("--store")
        .arg(&store)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap());
    if !args.contains(&"--bind") {
        cmd.args(["--bind", "127.0.0.1:0"]);
    }
    let mut server = ChildGuard::spawn("derek serve", &mut cmd);
    let line = first_line(&mut server, Duration::from_secs(30));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://") && w.ends_with("/sparql"))
        .unwrap_or_else(|| panic!("no endpoint URL in {line:?}"));
    let base = url.trim_end_matches("/sparql").to_string();
    Served {
        _tmp: tmp,
        store,
        base,
        log,
        _server: server,
    }
}

const SAID: &str =
    "SELECT ?s WHERE { ?st dk:relation dk:said ; dk:subject ?x . ?x rdfs:label ?s } ORDER BY ?s";

/// The rows `derek query` gives locally, as CSV lines without the header.
fn local_csv(store: &Path, q: &str) -> Vec<String> {
    let out = derek(store)
        .args(["query", "--format", "csv", q])
        .output()
        .unwrap();
    assert!(out.status.success());
    stdout_of(&out)
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_select_in_each_result_format_and_each_protocol_form() {
    let s = serve(&[]);
    let rows = local_csv(&s.store, SAID);
    assert!(rows.len() >= 4, "{rows:?}");

    let (st, ct, body) = s.get(SAID, "application/sparql-results+json");
    assert_eq!(st, 200, "{body}");
    assert!(ct.starts_with("application/sparql-results+json"), "{ct}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let bindings = json["results"]["bindings"].as_array().unwrap();
    assert_eq!(bindings.len(), rows.len());
    assert_eq!(bindings[0]["s"]["value"].as_str().unwrap(), rows[0]);

    let (st, ct, body) = s.get(SAID, "application/sparql-results+xml");
    assert_eq!(
        (st, ct.starts_with("application/sparql-results+xml")),
        (200, true),
        "{ct} {body}"
    );
    assert!(
        body.contains("<sparql") && body.contains("Хайди Хаутала"),
        "{body}"
    );
    assert_eq!(body.matches("<result>").count(), rows.len());

    let (st, ct, body) = s.get(SAID, "text/csv");
    assert_eq!((st, ct.starts_with("text/csv")), (200, true), "{ct}");
    let csv: Vec<&str> = body.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(csv[0], "s");
    assert_eq!(
        csv[1..],
        rows.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );

    let (st, ct, body) = s.get(SAID, "text/tab-separated-values");
    assert_eq!(
        (st, ct.starts_with("text/tab-separated-values")),
        (200, true),
        "{ct}"
    );
    assert_eq!(body.lines().next(), Some("?s"));
    assert!(body.contains("\"Хайди Хаутала\"@kk"), "{body}");
    assert_eq!(body.lines().count(), rows.len() + 1);

    // The same query by POST, as a form and as the body, gives the same JSON.
    let (_, _, json_get) = s.get(SAID, "application/json");
    let form = format!("query={}", enc(SAID));
    let (st, _, body) = parts(
        agent()
            .post(&s.sparql())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(form.as_bytes()),
    );
    assert_eq!((st, &body), (200, &json_get));
    let (st, _, body) = parts(
        agent()
            .post(&s.sparql())
            .header("Content-Type", "application/sparql-query")
            .send(SAID.as_bytes()),
    );
    assert_eq!((st, &body), (200, &json_get));

    // ASK in CSV, graphs in Turtle and N-Triples.
    let (st, _, body) = s.get("ASK { ?s a dk:Statement }", "text/csv");
    assert_eq!((st, body.trim()), (200, "true"));
    let construct = "CONSTRUCT { ?x rdfs:label ?l } WHERE { ?x a schema:Person ; rdfs:label ?l }";
    let (st, ct, body) = s.get(construct, "text/turtle");
    assert_eq!(
        (st, ct.starts_with("text/turtle")),
        (200, true),
        "{ct} {body}"
    );
    assert!(body.contains("Вольф Клинц"), "{body}");
    let (st, ct, nt) = s.get(construct, "application/n-triples");
    assert_eq!((st, ct.as_str()), (200, "application/n-triples"));
    let local = derek(&s.store)
        .args(["query", "--format", "nt", construct])
        .output()
        .unwrap();
    assert_eq!(nt.lines().count(), stdout_of(&local).lines().count());
    assert!(s.log().contains("GET /sparql 200"), "{}", s.log());
}

#[test]
fn updates_are_refused_with_403_and_change_nothing() {
    let s = serve(&[]);
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let before = s.get(count, "text/csv").2;
    let update = "DELETE WHERE { ?s ?p ?o }";
    let direct = parts(
        agent()
            .post(&s.sparql())
            .header("Content-Type", "application/sparql-update")
            .send(update.as_bytes()),
    );
    let form = parts(
        agent()
            .post(&s.sparql())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(format!("update={}", enc(update)).as_bytes()),
    );
    // An update sent where a query belongs is refused the same way.
    let as_query = s.get(update, "*/*");
    let at_update = parts(
        agent()
            .post(&format!("{}/update", s.base))
            .header("Content-Type", "application/sparql-update")
            .send(update.as_bytes()),
    );
    for (st, _, body) in [direct, form, as_query, at_update] {
        assert_eq!(st, 403, "{body}");
        assert!(body.contains("read-only"), "{body}");
    }
    assert_eq!(s.get(count, "text/csv").2, before);
}

#[test]
fn a_query_past_its_timeout_is_stopped_with_a_clear_error() {
    let s = serve(&["--timeout", "1"]);
    // A three-way cross product of every quad: hundreds of millions of rows to count.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let t = Instant::now();
    let (st, _, body) = s.get(slow, "application/sparql-results+json");
    let took = t.elapsed();
    assert_eq!(st, 503, "{body}");
    assert!(
        body.contains("stopped after 1.0 s") && body.contains("--timeout"),
        "{body}"
    );
    assert!(
        took < Duration::from_secs(15),
        "stopped only after {took:?}"
    );
    // The server goes on answering.
    assert_eq!(s.get("ASK {}", "text/csv").0, 200);
}

#[test]
fn a_result_past_the_limit_is_refused_with_a_hint() {
    let s = serve(&["--max-results", "10"]);
    let (st, _, body) = s.get("SELECT * WHERE { ?s ?p ?o }", "text/csv");
    assert_eq!(st, 422, "{body}");
    assert!(
        body.contains("more than 10 rows") && body.contains("LIMIT"),
        "{body}"
    );
    let (st, _, body) = s.get("SELECT * WHERE { ?s ?p ?o } LIMIT 10", "text/csv");
    assert_eq!((st, body.lines().count()), (200, 11));
    let (st, _, body) = s.get("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle");
    assert_eq!(st, 422, "{body}");
    assert!(body.contains("triples"), "{body}");
}

#[test]
fn articles_built_while_serving_become_visible() {
    let s = serve(&["--refresh", "0.2"]);
    let graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let count = |s: &Served| -> String {
        let (st, _, body) = s.get(graphs, "text/csv");
        assert_eq!(st, 200, "{body}");
        body.lines().nth(1).unwrap_or("").trim().to_string()
    };
    assert_eq!(count(&s), "1");
    // A build of the annotated corpus writes into the served store; the server keeps answering.
    let corpus = shared("corpus/kk");
    let mut build = Command::new(assert_cmd::cargo::cargo_bin("derek"));
    build
        .args(["build", "-q", "--store"])
        .arg(&s.store)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut builder = ChildGuard::spawn("derek build", &mut build);
    let mut answered = 0;
    while builder.running() {
        count(&s);
        answered += 1;
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = builder.wait_for(Duration::from_secs(1)).unwrap();
    assert!(status.success(), "build failed: {status}");
    let want = local_csv(&s.store, graphs)[0].clone();
    assert_ne!(want, "1");
    let end = Instant::now() + Duration::from_secs(10);
    let mut got = count(&s);
    while got != want && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
        got = count(&s);
    }
    assert_eq!(
        got, want,
        "the server did not pick up the build ({answered} answers during it)"
    );
}

#[test]
fn the_page_bad_requests_and_negotiation_failures() {
    let s = serve(&[]);
    let (st, ct, body) = parts(agent().get(&format!("{}/", s.base)).call());
    assert_eq!((st, ct.starts_with("text/html")), (200, true));
    assert!(
        body.contains("<textarea") && body.contains("who-said-what"),
        "query box or examples missing"
    );
    assert!(body.contains("connect-src 'self'") && body.contains("cytoscape"));
    // What the page asks for: solutions as SPARQL JSON, graphs as the graph view's JSON.
    let accept = "application/sparql-results+json, application/vnd.derek.page-graph+json;q=0.9";
    let construct = "CONSTRUCT { ?s ?rel ?o . ?s rdfs:label ?l } WHERE { ?st dk:subject ?s ; dk:relation ?rel ; dk:object ?o . ?s rdfs:label ?l }";
    let (st, ct, body) = s.get(construct, accept);
    assert_eq!(
        (st, ct.as_str()),
        (200, "application/vnd.derek.page-graph+json")
    );
    let g: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(g["edges"].as_array().unwrap().len() >= 10, "{body}");
    assert!(g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["label"] == "Вольф Клинц"));
    let (st, ct, _) = s.get(SAID, accept);
    assert_eq!((st, ct.as_str()), (200, "application/sparql-results+json"));
    let (st, _, body) = parts(agent().get(&format!("{}/nothing", s.base)).call());
    assert_eq!(st, 404);
    assert!(body.contains("/sparql"), "{body}");
    let (st, _, body) = s.get("SELEC nonsense", "text/csv");
    assert_eq!(st, 400);
    assert!(body.contains("does not parse"), "{body}");
    let (st, _, body) = s.get("ASK {}", "image/png");
    assert_eq!(st, 406);
    assert!(body.contains("text/csv"), "{body}");
    let (st, _, body) = parts(agent().get(&s.sparql()).header("Accept", "text/csv").call());
    assert_eq!(st, 400);
    assert!(body.contains("no query"), "{body}");
    let (st, _, _) = parts(agent().delete(&s.sparql()).call());
    assert_eq!(st, 405);
}

#[test]
fn binding_beyond_loopback_warns() {
    let s = serve(&["--bind", "0.0.0.0:0"]);
    assert!(
        s.log().contains("warning: listening on 0.0.0.0"),
        "{}",
        s.log()
    );
    assert_eq!(s.get("ASK {}", "text/csv").0, 200);
}

#[test]
fn a_missing_store_or_a_taken_port_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    derek(&tmp.path().join("none"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no store"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let store = tmp.path().join("store");
    build(&store, &repo("data/articles"));
    derek(&store)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot listen"));
}
