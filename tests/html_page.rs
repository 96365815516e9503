//! The interactive page in a real browser: headless Chromium (Debian's package) driven by
//! playwright-core (tests/browser) searches for an entity, clicks it, must list exactly its
//! relations, clicks one of its edges, must show the evidence with the quote marked, and
//! keeps a screenshot (`target/tmp/html-page/`). The page must not touch the network.
//!
//! Needs `chromium` (apt-get install chromium), Node.js, and `npm ci --prefix tests/browser`;
//! .ci/run installs them. Without them the test fails, saying what to install.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use common::*;
use serde_json::Value;

fn chromium() -> PathBuf {
    let p = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        p.exists(),
        "{} not found: install Debian's Chromium (apt-get install chromium), or set CHROMIUM",
        p.display()
    );
    p
}

fn require_node_tools() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.is_ok_and(|o| o.status.success()),
        "node not found: install Node.js and npm (Debian: apt-get install nodejs npm)"
    );
    // playwright-core at the version of tests/browser/package-lock.json: installed here when
    // missing (.ci/run installs it beforehand), so that `cargo test` alone runs this test.
    let marker = repo("tests/browser/node_modules/playwright-core/package.json");
    if !marker.exists() {
        let status = Command::new("npm")
            .args([
                "ci",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(repo("tests/browser"))
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "installing playwright-core failed: run `npm ci --prefix tests/browser` (needs npm and the npm registry)"
        );
    }
    assert!(
        marker.exists(),
        "{} not found after `npm ci`",
        marker.display()
    );
}

#[test]
fn clicking_an_entity_in_chromium_shows_its_relations_and_evidence() {
    let browser = chromium();
    require_node_tools();
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    derek(&store)
        .args(["build", "-q"])
        .arg(repo("data/articles"))
        .assert()
        .success();
    let page = tmp.path().join("graph.html");
    derek(&store)
        .args(["viz", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let statements: Vec<Value> = {
        let out = derek(&store)
            .args(["export", "statements", "--format", "jsonl"])
            .output()
            .unwrap();
        stdout_of(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };

    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-page");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("seed-klinz.png");
    let _ = std::fs::remove_file(&shot);
    let out = Command::new("timeout")
        .arg("180")
        .arg("node")
        .arg(repo("tests/browser/check_page.js"))
        .arg(&page)
        .arg(&shot)
        .arg("Клинц")
        .env("CHROMIUM", &browser)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "check_page.js failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();

    let klinz = "https://w3id.org/derek/id/person/вольф_клинц";
    assert_eq!(r["search"]["selected"], klinz, "the search box finds him");
    assert_eq!(r["search"]["status"], "1 match");
    assert_eq!(r["clicked"], klinz, "the click on his node selects him");
    assert_eq!(r["heading"], "Вольф Клинц");

    // Exactly his relations are listed: those where he is the subject or the object.
    let his: Vec<&Value> = statements
        .iter()
        .filter(|s| s["subject"] == klinz || s["object"] == klinz)
        .collect();
    assert_eq!(his.len(), 2, "the seed article has two quotes of his");
    let want: BTreeSet<&str> = his
        .iter()
        .map(|s| s["statement"].as_str().unwrap())
        .collect();
    let shown = r["relations"].as_array().unwrap();
    let got: BTreeSet<&str> = shown.iter().map(|x| x["edge"].as_str().unwrap()).collect();
    assert_eq!(got, want);
    for item in shown {
        let s = his.iter().find(|s| s["statement"] == item["edge"]).unwrap();
        let text = item["text"].as_str().unwrap();
        assert!(text.contains(s["relation"].as_str().unwrap()), "{text}");
        let claim_start: String = s["object_label"]
            .as_str()
            .unwrap()
            .chars()
            .take(40)
            .collect();
        assert!(text.contains(&claim_start), "{text} lacks {claim_start}");
    }

    // The edge click shows that statement's evidence sentence, its claim marked.
    let edge = &r["edge"];
    assert_eq!(
        edge["selected"], edge["wanted"],
        "the click on the edge selects it"
    );
    let s = his
        .iter()
        .find(|s| s["statement"] == edge["wanted"])
        .unwrap();
    assert_eq!(edge["evidence"], s["evidence"]);
    // The mark is the article's text between the claim's offsets (line breaks as written); the
    // claim's text joins its lines into sentences: the same words.
    let words = |v: &Value| {
        v.as_str()
            .unwrap_or("")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        words(&edge["mark"]),
        words(&s["object_label"]),
        "the quote is marked"
    );
    let details = edge["details"].as_str().unwrap();
    assert!(details.contains("azattyq-mfa-europarliament"), "{details}");
    assert!(details.contains(&format!("Line{}", s["line"])), "{details}");

    // Nothing but the page itself was loaded, and nothing went wrong in it.
    let requests = r["requests"].as_array().unwrap();
    assert!(
        requests.iter().all(|u| u
            .as_str()
            .is_some_and(|u| u.starts_with("file://") || u.starts_with("data:"))),
        "the page reached out: {requests:?}"
    );
    assert_eq!(r["errors"], serde_json::json!([]), "errors in the page");

    let png = std::fs::read(&shot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}

/// Issue 13: at 500 relations the page took about 4 s to open, at 1,559 relations 36 s (the
/// layout ran in the browser), and it opened at the minimum zoom; a search did not bring the
/// hit into view. Now, at some 1,600 relations of a generated corpus, it opens fitted to the
/// view and a search zooms to the hit with its name readable; how soon it is drawn (target:
/// 2 s) is measured by `benches/page.sh`.
#[test]
fn a_page_of_1500_relations_opens_fitted_and_search_zooms_to_the_hit() {
    let browser = chromium();
    require_node_tools();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("gen.jsonl");
    let store = tmp.path().join("store");
    derek(&store)
        .args(["gen", "-n", "150", "-o"])
        .arg(&corpus)
        .assert()
        .success();
    derek(&store)
        .args(["build", "-q"])
        .arg(&corpus)
        .assert()
        .success();
    let page = tmp.path().join("graph.html");
    derek(&store)
        .args(["viz", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-page");
    std::fs::create_dir_all(&artifacts).unwrap();
    let shot = artifacts.join("generated-1500.png");
    let run = || {
        let out = Command::new("timeout")
            .arg("300")
            .arg("node")
            .arg(repo("tests/browser/open_page.js"))
            .arg(&page)
            .arg("Азамат Есімов")
            .arg(&shot)
            .env("CHROMIUM", &browser)
            .output()
            .expect("run node");
        assert!(
            out.status.success(),
            "open_page.js failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let r = run();
    assert_eq!(r["errors"], serde_json::json!([]), "errors in the page");
    let o = &r["opened"];
    let edges = o["edges"].as_u64().unwrap();
    assert!(edges >= 1500, "{o}");
    assert_eq!(o["inside"], true, "the graph does not fit the view: {o}");
    assert_eq!(o["fills"], true, "the graph is a speck in the view: {o}");
    assert!(
        o["zoom"].as_f64().unwrap() > 2.0 * o["min_zoom"].as_f64().unwrap(),
        "opened at the minimum zoom: {o}"
    );
    // How fast it opens is measured by benches/page.sh (target: drawn within 2 s), not
    // asserted here: a test checks behaviour, and a shared machine's timings are not one.
    assert!(o["drawn_ms"].as_f64().is_some_and(|ms| ms > 0.0), "{o}");
    eprintln!(
        "drawn after {} ms (benches/page.sh measures it)",
        o["drawn_ms"]
    );
    let s = &r["search"];
    assert_eq!(
        s["selected"], "https://w3id.org/derek/id/person/азамат_есімов",
        "{s}"
    );
    assert_eq!(s["in_view"], true, "{s}");
    assert!(
        s["font_px"].as_f64().unwrap() >= 12.0,
        "the hit's name is not readable: {s}"
    );
}
