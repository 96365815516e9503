//! Extraction quality on real Kazakh news (shared/corpus/kk, read where it lies) and the seed.
//!
//! The floors hold on the articles the rules were tuned on (corpus 001-045 and the seed): they
//! are the figures reported when the rules were last tuned, minus 0.02, so a change that makes
//! extraction worse there fails here. The articles added later (058 and up) are printed beside
//! them without a floor: their figure is the honest measure of how the rules generalize.

mod common;

use std::path::PathBuf;

use common::*;

/// Measured on corpus articles 001-045 plus the seed (see the README's figures).
const MIN_PRECISION: f64 = 0.96;
const MIN_RECALL: f64 = 0.94;
const MIN_SPEECH_PRECISION: f64 = 0.98;

/// The last article number of the set the rules were tuned on.
const TUNED_UP_TO: u32 = 45;

/// Gold files of the corpus, split into (tuned on, added later) by their article number.
fn gold_files() -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared("corpus/kk"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.tsv"))
        .collect();
    files.sort();
    files.into_iter().partition(|p| {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let number: u32 = name
            .split('-')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name}: a corpus gold file starts with its number"));
        number <= TUNED_UP_TO
    })
}

/// `derek eval` of the store against these gold files: the JSON report and the text report.
fn eval(store: &std::path::Path, gold: &[PathBuf], seed: bool) -> (serde_json::Value, String) {
    let run = |extra: &[&str]| {
        let mut c = derek(store);
        c.arg("eval").args(extra);
        for g in gold {
            c.arg("--gold").arg(g);
        }
        if seed {
            c.arg("--gold").arg(shared("seed/gold.tsv"));
            c.env("GOLD_ARTICLE", "azattyq-mfa-europarliament");
        }
        c.output().unwrap()
    };
    let json = run(&["--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&json.stderr));
    });
    (v, stdout_of(&run(&["--per-article"])))
}

fn figures(v: &serde_json::Value) -> (f64, f64, f64) {
    (
        v["all"]["p"].as_f64().unwrap(),
        v["all"]["r"].as_f64().unwrap(),
        v["speech"]["p"].as_f64().unwrap(),
    )
}

#[test]
fn corpus_and_seed_figures_do_not_fall() {
    let (_tmp, store) = corpus_store();
    let (tuned, later) = gold_files();
    assert!(tuned.len() >= 35, "{} tuned gold files", tuned.len());

    let (v, text) = eval(&store, &tuned, true);
    println!("== articles the rules were tuned on (corpus 001-045 and the seed)\n{text}");
    let (p, r, sp) = figures(&v);

    if !later.is_empty() {
        let (v2, text2) = eval(&store, &later, false);
        let (p2, r2, sp2) = figures(&v2);
        println!(
            "== articles added later ({} files, no floor): P {p2:.3} R {r2:.3} speech P {sp2:.3}\n{text2}",
            later.len()
        );
    }

    assert!(p >= MIN_PRECISION, "precision {p:.3} < {MIN_PRECISION}");
    assert!(r >= MIN_RECALL, "recall {r:.3} < {MIN_RECALL}");
    assert!(
        sp >= MIN_SPEECH_PRECISION,
        "speech precision {sp:.3} < {MIN_SPEECH_PRECISION}"
    );
}
