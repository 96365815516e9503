//! Measures the suffix analyser against the UD_Kazakh-KTB treebank.
//!
//! The treebank (CC BY-SA) is read where it lies in the shared data directory and is
//! never copied into the repository. For every NOUN and PROPN token the test compares
//! `case_of` with the gold `Case=` feature (no feature counts as Nom) and the stem of
//! the best analysis with the gold lemma (case-insensitively), prints the figures, and
//! fails if they drop below floors set just under the measured values, so a change to
//! the table or the ranking that loses accuracy is caught.

use derek::lang::kk::Morph;
use derek::text::morph::Case;
use std::path::{Path, PathBuf};

/// Floors: the values measured when the table was last tuned, minus 0.02, so that a
/// regression fails while small shifts between readings of a word do not.
/// Measured (3661 NOUN+PROPN tokens): case 0.9801, stem 0.9421, PROPN case 0.9929,
/// PROPN stem 0.9786, oblique case 0.9948, oblique stem 0.9731; rules only
/// (no word lists): case 0.9713, stem 0.9314.
const MIN_CASE_ACCURACY: f64 = 0.960;
const MIN_STEM_ACCURACY: f64 = 0.922;
const MIN_PROPN_CASE_ACCURACY: f64 = 0.972;
const MIN_PROPN_STEM_ACCURACY: f64 = 0.958;
const MIN_OBLIQUE_CASE_ACCURACY: f64 = 0.974;
const MIN_OBLIQUE_STEM_ACCURACY: f64 = 0.953;
const MIN_RULES_ONLY_CASE_ACCURACY: f64 = 0.951;
const MIN_RULES_ONLY_STEM_ACCURACY: f64 = 0.911;

/// The shared directory: `$DEREK_SHARED`, else `<crate>/../shared`, else `/work/shared`.
fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEREK_SHARED") {
        return PathBuf::from(dir);
    }
    let sibling = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if sibling.is_dir() {
        return sibling;
    }
    PathBuf::from("/work/shared")
}

fn treebank_files() -> Vec<PathBuf> {
    let dir = shared_dir().join("data/UD_Kazakh-KTB");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => panic!(
            "UD_Kazakh-KTB treebank not found at {} ({e}); set DEREK_SHARED to the shared \
             directory that holds data/UD_Kazakh-KTB/*.conllu",
            dir.display()
        ),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.conllu files in {}; the UD evaluation cannot run",
        dir.display()
    );
    files
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&c) && c.is_alphabetic()
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tokens: usize,
    case_ok: usize,
    stem_ok: usize,
}

impl Tally {
    fn add(&mut self, case_ok: bool, stem_ok: bool) {
        self.tokens += 1;
        self.case_ok += usize::from(case_ok);
        self.stem_ok += usize::from(stem_ok);
    }

    fn case_rate(&self) -> f64 {
        rate(self.case_ok, self.tokens)
    }

    fn stem_rate(&self) -> f64 {
        rate(self.stem_ok, self.tokens)
    }
}

fn rate(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

fn case_index(c: Case) -> usize {
    Case::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// Figures for one analyser over the treebank.
struct Report {
    by_case: [Tally; 7],
    /// NOUN, PROPN.
    by_pos: [Tally; 2],
    /// `confusion[gold][predicted]`.
    confusion: [[usize; 7]; 7],
}

impl Report {
    fn total(&self, cases: &[Tally]) -> Tally {
        let mut all = Tally::default();
        for t in cases {
            all.tokens += t.tokens;
            all.case_ok += t.case_ok;
            all.stem_ok += t.stem_ok;
        }
        all
    }

    fn all(&self) -> Tally {
        self.total(&self.by_case)
    }

    /// Tokens whose gold case is not nominative.
    fn oblique(&self) -> Tally {
        self.total(&self.by_case[1..])
    }
}

/// One NOUN or PROPN token: form, lemma, gold case, index into `Report::by_pos`.
struct Token {
    form: String,
    lemma: String,
    case: Case,
    pos: usize,
}

fn read_tokens() -> Vec<Token> {
    let mut tokens = Vec::new();
    for path in treebank_files() {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            // Multiword-token ranges (12-13) and empty nodes (12.1) carry no analysis.
            if cols.len() < 10 || cols[0].contains('-') || cols[0].contains('.') {
                continue;
            }
            let (form, lemma, upos, feats) = (cols[1], cols[2], cols[3], cols[5]);
            let pos = match upos {
                "NOUN" => 0,
                "PROPN" => 1,
                _ => continue,
            };
            if !form.chars().any(is_cyrillic) {
                continue;
            }
            let case = feats
                .split('|')
                .find_map(|f| f.strip_prefix("Case="))
                .and_then(Case::from_name)
                .unwrap_or(Case::Nom);
            tokens.push(Token {
                form: form.to_string(),
                lemma: lemma.to_string(),
                case,
                pos,
            });
        }
    }
    tokens
}

fn evaluate(morph: &Morph, tokens: &[Token]) -> Report {
    let mut report = Report {
        by_case: [Tally::default(); 7],
        by_pos: [Tally::default(); 2],
        confusion: [[0; 7]; 7],
    };
    for t in tokens {
        let predicted = morph.case_of(&t.form);
        let stem = morph
            .analyze(&t.form)
            .into_iter()
            .next()
            .map(|a| a.stem)
            .unwrap_or_default();
        let case_ok = predicted == t.case;
        let stem_ok = stem.to_lowercase() == t.lemma.to_lowercase();
        report.by_case[case_index(t.case)].add(case_ok, stem_ok);
        report.by_pos[t.pos].add(case_ok, stem_ok);
        report.confusion[case_index(t.case)][case_index(predicted)] += 1;
    }
    report
}

fn print_report(title: &str, r: &Report) {
    println!("{title}");
    println!(
        "{:<8} {:>6} {:>16} {:>16}",
        "gold", "tokens", "case correct", "stem correct"
    );
    let row = |name: &str, t: &Tally| {
        println!(
            "{:<8} {:>6} {:>7} {:>7.1}% {:>7} {:>7.1}%",
            name,
            t.tokens,
            t.case_ok,
            100.0 * t.case_rate(),
            t.stem_ok,
            100.0 * t.stem_rate()
        );
    };
    for (c, t) in Case::ALL.iter().zip(&r.by_case) {
        row(c.name(), t);
    }
    row("NOUN", &r.by_pos[0]);
    row("PROPN", &r.by_pos[1]);
    row("oblique", &r.oblique());
    row("all", &r.all());
    println!("confusion (rows gold, columns predicted):");
    let mut header = format!("{:<8}", "");
    for c in Case::ALL {
        header.push_str(&format!(" {:>5}", c.name()));
    }
    println!("{header}");
    for (g, counts) in Case::ALL.iter().zip(&r.confusion) {
        let mut line = format!("{:<8}", g.name());
        for n in counts {
            line.push_str(&format!(" {n:>5}"));
        }
        println!("{line}");
    }
    println!();
}

/// The built-in table without its word lists (`lexeme`, `ending`, `invariant`
/// rows), to show how much the rules alone achieve.
fn rules_only() -> Morph {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kk/lexicon/suffixes.tsv");
    let table = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let kept: Vec<&str> = table
        .lines()
        .filter(|l| {
            let kind = l.split('\t').next().unwrap_or("");
            !matches!(kind, "lexeme" | "ending" | "invariant")
        })
        .collect();
    Morph::from_tsv(&kept.join("\n")).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn ud_kazakh_ktb_case_and_stem_accuracy() {
    let tokens = read_tokens();
    assert!(
        tokens.len() > 1000,
        "only {} NOUN/PROPN tokens read from the treebank",
        tokens.len()
    );

    let full = evaluate(Morph::builtin(), &tokens);
    print_report("UD_Kazakh-KTB, NOUN+PROPN tokens, built-in table:", &full);
    let bare = evaluate(&rules_only(), &tokens);
    print_report(
        "UD_Kazakh-KTB, NOUN+PROPN tokens, rules only (no lexeme/ending/invariant rows):",
        &bare,
    );

    let floors = [
        ("case accuracy", full.all().case_rate(), MIN_CASE_ACCURACY),
        ("stem accuracy", full.all().stem_rate(), MIN_STEM_ACCURACY),
        (
            "PROPN case accuracy",
            full.by_pos[1].case_rate(),
            MIN_PROPN_CASE_ACCURACY,
        ),
        (
            "PROPN stem accuracy",
            full.by_pos[1].stem_rate(),
            MIN_PROPN_STEM_ACCURACY,
        ),
        (
            "oblique case accuracy",
            full.oblique().case_rate(),
            MIN_OBLIQUE_CASE_ACCURACY,
        ),
        (
            "oblique stem accuracy",
            full.oblique().stem_rate(),
            MIN_OBLIQUE_STEM_ACCURACY,
        ),
        (
            "rules-only case accuracy",
            bare.all().case_rate(),
            MIN_RULES_ONLY_CASE_ACCURACY,
        ),
        (
            "rules-only stem accuracy",
            bare.all().stem_rate(),
            MIN_RULES_ONLY_STEM_ACCURACY,
        ),
    ];
    let failed: Vec<String> = floors
        .iter()
        .filter(|(_, value, floor)| value < floor)
        .map(|(name, value, floor)| format!("{name} {value:.4} fell below its floor {floor:.4}"))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
