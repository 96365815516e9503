//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared directory with the corpus, seed and reference data: `$DEREK_SHARED`, else
/// `<crate>/../shared`, else `/work/shared`. Tests that need it fail (never skip) without it.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEREK_SHARED") {
        return PathBuf::from(dir);
    }
    let sibling = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if sibling.is_dir() {
        return sibling;
    }
    PathBuf::from("/work/shared")
}

/// A path under the shared directory that must exist.
pub fn shared(rel: &str) -> PathBuf {
    let p = shared_dir().join(rel);
    assert!(
        p.exists(),
        "{} not found; set DEREK_SHARED to the shared directory (with seed/, corpus/, tools/)",
        p.display()
    );
    p
}

pub fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The derek binary, with a store in `dir`.
pub fn derek(store: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("derek").expect("derek binary");
    c.env("DEREK_STORE", store);
    c.env_remove("GOLD_ARTICLE");
    c
}

pub fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The standard output of a command that must have succeeded (else its standard error).
pub fn ok_stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout_of(out)
}

/// Compares `actual` with the golden file, or rewrites it when BLESS=1.
pub fn golden(name: &str, actual: &str) {
    let path = repo("tests/golden").join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    if want != actual {
        let diff: Vec<String> = want
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n  want: {a}\n  got:  {b}", i + 1))
            .collect();
        panic!(
            "{} differs ({} vs {} lines); first differences:\n{}\n(run with BLESS=1 to accept)",
            path.display(),
            want.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Builds `inputs` into a store in a fresh temporary directory (kept alive by the returned
/// guard), asserting that the build succeeds.
pub fn built_store(inputs: &[PathBuf]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    derek(&store)
        .args(["build", "-q"])
        .args(inputs)
        .assert()
        .success();
    (tmp, store)
}

/// A store with the bundled demo article.
pub fn demo_store() -> (tempfile::TempDir, PathBuf) {
    built_store(&[repo("data/articles")])
}

/// A store with the bundled demo article and the 35 annotated corpus articles.
pub fn corpus_store() -> (tempfile::TempDir, PathBuf) {
    built_store(&[repo("data/articles"), shared("corpus/kk")])
}
