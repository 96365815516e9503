//! `derek push` against a real SPARQL server on loopback: Oxigraph's own server (`oxigraph
//! serve`, from `pip install oxigraph`), started on a free port and stopped by the test.

mod common;
mod net;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;
use net::*;
use predicates::prelude::*;

struct Oxigraph {
    base: String,
    _dir: tempfile::TempDir,
    _server: ChildGuard,
}

/// The `oxigraph` command: on PATH, or in the scripts directory of python3's packages (where
/// `python3 -m pip install oxigraph` puts it even when no PATH entry points there).
fn oxigraph_command() -> String {
    let runs = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if runs("oxigraph") {
        return "oxigraph".into();
    }
    let scripts = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let candidate = format!("{scripts}/oxigraph");
    if !scripts.is_empty() && runs(&candidate) {
        return candidate;
    }
    require(
        "oxigraph",
        &["--version"],
        "install Oxigraph's server with `python3 -m pip install oxigraph`",
    );
    unreachable!("require fails when the command does not run")
}

impl Oxigraph {
    fn start() -> Oxigraph {
        let oxigraph = oxigraph_command();
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("oxigraph.log");
        // A port picked free can be taken before the server binds it: try a few.
        for _ in 0..5 {
            let port = free_port();
            let mut cmd = Command::new(&oxigraph);
            cmd.args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--location",
            ])
            .arg(dir.path().join("data"))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(dir.path().join("oxigraph.err")).unwrap());
            let mut server = ChildGuard::spawn("oxigraph serve", &mut cmd);
            std::thread::sleep(Duration::from_millis(200));
            if !server.running() {
                continue;
            }
            wait_for_port(port, Duration::from_secs(30), &mut server, &log);
            return Oxigraph {
                base: format!("http://127.0.0.1:{port}"),
                _dir: dir,
                _server: server,
            };
        }
        panic!(
            "oxigraph serve did not start: {}",
            std::fs::read_to_string(dir.path().join("oxigraph.err")).unwrap_or_default()
        );
    }

    fn endpoint(&self) -> String {
        format!("{}/query", self.base)
    }

    fn graph_store(&self) -> String {
        format!("{}/store", self.base)
    }

    /// CSV rows of a query on the server, without the header, sorted.
    fn rows(&self, q: &str) -> Vec<String> {
        let url = format!("{}?query={}", self.endpoint(), enc(&format!("{PREFIX}{q}")));
        let (st, _, body) = parts(agent().get(&url).header("Accept", "text/csv").call());
        assert_eq!(st, 200, "{body}");
        let mut rows: Vec<String> = body.lines().skip(1).map(str::to_string).collect();
        rows.sort();
        rows
    }
}

const PREFIX: &str = "PREFIX dk: <https://w3id.org/derek/ont#>\n";
const RELATIONS: &str =
    "SELECT ?g ?st ?r ?s ?o WHERE { GRAPH ?g { ?st dk:relation ?r ; dk:subject ?s ; dk:object ?o } }";
// Quads of the article graphs (derek's own archive graph, the name index, is not pushed).
const QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/derek/id/archive>) }";

fn local_rows(store: &Path, q: &str) -> Vec<String> {
    let out = derek(store)
        .args(["query", "--format", "csv", &format!("{PREFIX}{q}")])
        .output()
        .unwrap();
    let mut rows: Vec<String> = ok_stdout(&out)
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect();
    rows.sort();
    rows
}

fn built() -> (tempfile::TempDir, PathBuf) {
    corpus_store()
}

fn push(store: &Path, ox: &Oxigraph) -> std::process::Output {
    derek(store)
        .args([
            "push",
            "--endpoint",
            &ox.endpoint(),
            "--graph-store",
            &ox.graph_store(),
        ])
        .output()
        .unwrap()
}

#[test]
fn pushed_graphs_answer_the_same_relations_and_a_second_push_adds_nothing() {
    let (_tmp, store) = built();
    let ox = Oxigraph::start();
    let out = push(&store, &ox);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout_of(&out).contains("graphs,"), "{}", stdout_of(&out));

    let local = local_rows(&store, RELATIONS);
    assert!(local.len() > 100, "only {} relations", local.len());
    assert_eq!(ox.rows(RELATIONS), local);
    let quads = ox.rows(QUADS);
    assert_eq!(quads, local_rows(&store, QUADS));

    let again = push(&store, &ox);
    assert!(again.status.success());
    assert_eq!(
        ox.rows(QUADS),
        quads,
        "a second push changed the triple count"
    );
    assert_eq!(ox.rows(RELATIONS), local);
}

#[test]
fn a_rebuilt_article_replaces_its_graph_on_the_server() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let article = tmp.path().join("жаңалық.txt");
    std::fs::write(
        &article,
        "«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n«Жол жөнделеді», – деді депутат Гүлнар Ахметова.\n",
    )
    .unwrap();
    derek(&store)
        .args(["build", "-q"])
        .arg(&article)
        .assert()
        .success();
    let ox = Oxigraph::start();
    assert!(push(&store, &ox).status.success());
    let said = "SELECT ?o WHERE { GRAPH ?g { ?st dk:relation dk:said ; dk:object ?o } }";
    assert_eq!(ox.rows(said).len(), 2);
    std::fs::write(
        &article,
        "«Көпір күзде ашылады», – деді аудан әкімі Нұрлан Сейітов.\n",
    )
    .unwrap();
    derek(&store)
        .args(["build", "-q"])
        .arg(&article)
        .assert()
        .success();
    assert!(push(&store, &ox).status.success());
    assert_eq!(ox.rows(said), local_rows(&store, said));
    assert_eq!(ox.rows(said).len(), 1);
    assert_eq!(ox.rows(QUADS), local_rows(&store, QUADS));
}

#[test]
fn a_server_that_is_down_gives_a_clear_message_and_exit_2() {
    let (_tmp, store) = built();
    let port = free_port();
    derek(&store)
        .args([
            "push",
            "--endpoint",
            &format!("http://127.0.0.1:{port}/query"),
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!("127.0.0.1:{port}"))
                .and(predicate::str::contains("is the server running")),
        );
}

#[test]
fn a_server_that_answers_an_error_gives_a_clear_message_and_exit_2() {
    let (_tmp, store) = built();
    let ox = Oxigraph::start();
    // Not a SPARQL endpoint: the ASK before sending fails.
    derek(&store)
        .args(["push", "--endpoint", &format!("{}/nothing-here", ox.base)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("answered 404").and(predicate::str::contains("ASK")));
    // A URL that refuses PUT: the first graph's error is reported, naming the graph.
    derek(&store)
        .args([
            "push",
            "--endpoint",
            &ox.endpoint(),
            "--graph-store",
            &ox.endpoint(),
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("to PUT of graph <https://w3id.org/derek/id/article/")
                .and(predicate::str::contains("0 of")),
        );
    assert_eq!(ox.rows(QUADS), vec!["0".to_string()]);
}
