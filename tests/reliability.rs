//! Bad input, faults and concurrency: every row of the README's Reliability table is a test
//! here, named after the row. Each builds a small directory of inputs next to one good article
//! and checks what derek says (file, line or byte, reason), its exit code (0 all good, 1 some
//! inputs skipped, 2 usage or fatal), and that the good article is stored all the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;

/// One reported-speech sentence of our own: one `said` relation.
const SAID: &str = "«Біз жұмысты жалғастырамыз», – деді Әлихан Смайылов.";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A directory with one good article, `good.txt`.
fn inputs() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, "good.txt", format!("# date: 2024-05-06\n{SAID}\n"));
    (tmp, dir)
}

fn build(store: &Path, paths: &[&Path]) -> Output {
    let out = derek(store)
        .args(["build", "-q"])
        .args(paths)
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    eprintln!(
        "stdout:\n{}\nstderr:\n{}",
        stdout_of(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("derek ended by a signal")
}

/// Rows of `derek export relations` as (article, line, relation, subject_label, object_label,
/// start, end).
fn relations(store: &Path) -> Vec<[String; 7]> {
    let out = derek(store).args(["export", "relations"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            [0, 1, 2, 4, 6, 9, 10].map(|i| r[i].to_string())
        })
        .collect()
}

fn articles_with_relations(store: &Path) -> Vec<String> {
    let mut a: Vec<String> = relations(store).into_iter().map(|r| r[0].clone()).collect();
    a.dedup();
    a
}

/// The good article was stored whatever else happened.
fn assert_good_stored(store: &Path) {
    assert!(
        relations(store)
            .iter()
            .any(|r| r[0] == "good" && r[2] == "said" && r[3] == "Әлихан Смайылов"),
        "the good article's relation is missing"
    );
}

/// Asserts exit code 1, a summary that counts the skipped inputs, and each `needle` on stderr.
fn assert_skipped(out: &Output, read: usize, needles: &[&str]) {
    let err = stderr_of(out);
    assert_eq!(code(out), 1, "{err}");
    let summary = format!(
        "{read} article{} read, {} skipped",
        if read == 1 { "" } else { "s" },
        needles.len()
    );
    assert!(stdout_of(out).contains(&summary), "want {summary:?}");
    assert!(
        err.contains(&format!("{} input(s) skipped:", needles.len())),
        "{err}"
    );
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
}

#[test]
fn row_empty_file() {
    let (tmp, dir) = inputs();
    write(&dir, "empty.txt", "");
    write(&dir, "header-only.txt", "# date: 2024-05-06\n# title: Т\n");
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(
        &out,
        1,
        &[
            "empty.txt: empty file; no article text",
            "header-only.txt: front matter only; no article text after it",
        ],
    );
    assert_good_stored(&store);
}

#[test]
fn row_whitespace_only() {
    let (tmp, dir) = inputs();
    write(&dir, "blank.txt", " \r\n\t\n\u{00A0}\n");
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(&out, 1, &["blank.txt: only whitespace; no article text"]);
    assert_good_stored(&store);
}

#[test]
fn row_invalid_utf8() {
    let (tmp, dir) = inputs();
    // Line 2, byte 25: "Мәтін.\n" is 12 bytes, "Екінші " 13.
    let mut bad = "Мәтін.\nЕкінші ".as_bytes().to_vec();
    bad.extend_from_slice(b"\xff\xfe");
    bad.extend_from_slice(SAID.as_bytes());
    write(&dir, "bad.txt", &bad);
    // Windows-1251, the usual legacy encoding of Kazakh and Russian archives.
    write(&dir, "cp1251.txt", b"\xca\xe0\xe7\xe0\xf5\xf1\xf2\xe0\xed");
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(
        &out,
        1,
        &[
            "bad.txt:2 (byte 25): invalid UTF-8",
            "cp1251.txt:1 (byte 0): invalid UTF-8",
        ],
    );
    assert!(stderr_of(&out).contains("iconv -f cp1251"));
    assert_good_stored(&store);
}

#[test]
fn row_utf16_or_bom() {
    let (tmp, dir) = inputs();
    let text = format!("# date: 2024-05-06\n{SAID}\n");
    let utf16 = |bom: bool, le: bool| -> Vec<u8> {
        let mut b = Vec::new();
        let units = (if bom { "\u{FEFF}" } else { "" })
            .encode_utf16()
            .chain(text.encode_utf16());
        for u in units {
            b.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        b
    };
    write(&dir, "utf8bom.txt", format!("\u{FEFF}{text}"));
    write(&dir, "utf16le.txt", utf16(true, true));
    write(&dir, "utf16be.txt", utf16(true, false));
    write(&dir, "utf16le-nobom.txt", utf16(false, true));
    write(
        &dir,
        "lines.jsonl",
        format!("\u{FEFF}{{\"id\": \"j\", \"text\": {SAID:?}}}\n"),
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    assert!(stderr_of(&out).contains("utf16le-nobom.txt: read as UTF-16LE (no byte-order mark"));
    let rel = relations(&store);
    assert_eq!(rel.len(), 6, "{rel:?}");
    let good = rel.iter().find(|r| r[0] == "good").unwrap();
    for r in &rel {
        // Same relation, same line, same offsets (a byte-order mark is not part of the body).
        assert_eq!(r[1..], good[1..], "{} differs from good", r[0]);
    }
}

#[test]
fn row_crlf_and_cr_line_ends() {
    let (tmp, dir) = inputs();
    let lf = format!("# date: 2024-05-06\n# title: Т\nБірінші жол.\n\n{SAID}\nСоңғы жол.\n");
    write(&dir, "lf.txt", &lf);
    write(&dir, "crlf.txt", lf.replace('\n', "\r\n"));
    write(&dir, "cr.txt", lf.replace('\n', "\r"));
    write(
        &dir,
        "block-cr.txt",
        format!("---\rdate: 2024-05-06\r---\rБірінші жол.\r\r{SAID}\r"),
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    let rel = relations(&store);
    for id in ["lf", "crlf", "cr", "block-cr"] {
        let r = rel
            .iter()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("{id}: {rel:?}"));
        // The body starts after the front matter; the sentence is on its third line.
        assert_eq!((r[1].as_str(), r[2].as_str()), ("3", "said"), "{id}");
        assert_eq!(r[4], "Біз жұмысты жалғастырамыз", "{id}");
        // Offsets count characters of the body as given, line ends included.
        let file = std::fs::read_to_string(dir.join(format!("{id}.txt"))).unwrap();
        let body = derek::source::Article::from_text(id, &file).text;
        let (start, end): (usize, usize) = (r[5].parse().unwrap(), r[6].parse().unwrap());
        let text: String = body.chars().skip(start).take(end - start).collect();
        assert_eq!(text.trim_end(), SAID, "{id}");
    }
    // Dates read from the front matter whatever the line ends.
    let q = derek(&store)
        .args(["query", "--format", "tsv"])
        .arg("SELECT ?id ?d WHERE { ?a schema:identifier ?id ; schema:datePublished ?d } ORDER BY ?id")
        .output()
        .unwrap();
    let q = stdout_of(&q);
    for id in ["block-cr", "cr", "crlf", "lf"] {
        assert!(
            q.contains(&format!("\"{id}\"\t\"2024-05-06\"")),
            "{id}: {q}"
        );
    }
}

#[test]
fn row_binary_file() {
    let (tmp, dir) = inputs();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4096u32).map(|i| (i * 7919 % 251) as u8));
    write(&dir, "picture.txt", &png);
    write(&dir, "zeros.md", [0u8; 1000]);
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(
        &out,
        1,
        &[
            "picture.txt:3 (byte 8): binary file (NUL byte); not a text article",
            "zeros.md:1 (byte 0): binary file",
        ],
    );
    assert_good_stored(&store);
}

/// Runs derek with its address space capped (`ulimit -v`), so that a blow-up fails the test
/// instead of the machine; returns the output and the wall time.
fn capped(store: &Path, args: &[&str], mb: usize) -> (Output, Duration) {
    let bin = assert_cmd::cargo::cargo_bin("derek");
    let t = Instant::now();
    let out = assert_cmd::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mb * 1024))
        .arg(&bin)
        .args(args)
        .env("DEREK_STORE", store)
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    let took = t.elapsed();
    eprintln!("{args:?}: {took:.1?}\n{}", stderr_of(&out));
    (out, took)
}

#[test]
fn row_a_100_mb_single_line() {
    let (tmp, dir) = inputs();
    let sentence = format!("{SAID} ");
    let line = sentence.repeat(100 * 1024 * 1024 / sentence.len() + 1);
    assert!(line.len() > 100 * 1024 * 1024);
    write(&dir, "one-line.txt", &line);
    write(
        &dir,
        "one-line.jsonl",
        format!(
            "{{\"id\": \"huge\", \"text\": {line:?}}}\n{{\"id\": \"after\", \"text\": {SAID:?}}}\n"
        ),
    );
    drop(line);
    let store = tmp.path().join("store");
    // 2 GB of address space (threads and RocksDB reserve more than they use), 60 s.
    let (out, took) = capped(&store, &["build", "-q", dir.to_str().unwrap()], 2048);
    assert_skipped(
        &out,
        2,
        &[
            "one-line.txt: article of 100.0 MB, more than the 4 MB an article may have",
            "one-line.jsonl:1: line of more than the 4 MB an article may have",
        ],
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert_eq!(articles_with_relations(&store), ["after", "good"]);
}

/// Under the size limit a single line is read whole: every stage is linear in it
/// (normalization, tokens, sentences, the rule matcher's budget) and its graph is one
/// transaction.
#[test]
fn row_a_long_single_line_under_the_limit() {
    let (tmp, _dir) = inputs();
    let sentence = format!("{SAID} ");
    let n = 1_000_000 / sentence.len();
    let file = write(tmp.path(), "line.txt", sentence.repeat(n));
    let store = tmp.path().join("store");
    for transactional in [false, true] {
        // The second build replaces the graph in one transaction: the costliest write.
        let mut args = vec!["build", "-q", file.to_str().unwrap()];
        if transactional {
            args.push("--transactional");
        }
        let (out, took) = capped(&store, &args, 3072);
        assert_eq!(code(&out), 0, "{}", stderr_of(&out));
        assert!(took < Duration::from_secs(180), "{took:?}");
    }
    assert_eq!(relations(&store).len(), n);
}

#[test]
fn row_a_directory_with_unreadable_files() {
    // Tests run as root, whom file permissions do not stop: the unreadable entries are of the
    // kinds that stop root too.
    let (tmp, dir) = inputs();
    let link =
        |target: &str, name: &str| std::os::unix::fs::symlink(target, dir.join(name)).unwrap();
    link("nowhere.txt", "dangling.txt");
    // Reading /proc/self/mem from its start fails with an I/O error.
    link("/proc/self/mem", "io-error.txt");
    // A named pipe with no writer: reading it would wait for ever.
    let fifo = dir.join("pipe.txt");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(st.success());
    // A link back up the tree: following it would read the directory again and again.
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("sub/up")).unwrap();
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(
        &out,
        1,
        &[
            "dangling.txt: cannot read: dangling symbolic link",
            "io-error.txt: cannot read: Input/output error",
            "pipe.txt: a named pipe, not a file; not read",
            "sub/up: directory loop",
        ],
    );
    assert_good_stored(&store);
}

#[test]
fn row_a_missing_path() {
    let (tmp, dir) = inputs();
    let store = tmp.path().join("store");
    let missing = tmp.path().join("no-such-dir");
    let out = build(&store, &[&dir, &missing, &tmp.path().join("no-such.txt")]);
    assert_skipped(
        &out,
        1,
        &[
            "no-such-dir: No such file or directory",
            "no-such.txt: No such file or directory",
        ],
    );
    assert_good_stored(&store);
    // Nothing readable at all: still "skipped", and the store is left as it was.
    let out = build(&store, &[&missing]);
    assert_skipped(&out, 0, &["no-such-dir: No such file or directory"]);
    assert_good_stored(&store);
}

#[test]
fn row_malformed_jsonl_lines() {
    let (tmp, dir) = inputs();
    let good =
        |id: &str| format!("{{\"id\": \"{id}\", \"date\": \"2024-05-06\", \"text\": {SAID:?}}}");
    let mut lines = vec![
        good("j1"),
        "{\"id\": \"j2\", \"text\": ".to_string(),
        String::new(),
        "{\"id\": \"j4\"}".to_string(),
        "[1, 2, 3]".to_string(),
        "{\"id\": \"j6\", \"text\": 42}".to_string(),
        "not json at all".to_string(),
        "{\"id\": {\"a\": 1}, \"text\": \"Мәтін\"}".to_string(),
    ];
    lines.push(good("j9"));
    let mut bytes = lines.join("\n").into_bytes();
    bytes.extend_from_slice(b"\n{\"id\": \"j10\", \"text\": \"\xff\"}\r\n");
    bytes.extend_from_slice(format!("{}\r\n", good("j11")).as_bytes());
    write(&dir, "feed.jsonl", &bytes);
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_skipped(
        &out,
        4,
        &[
            "feed.jsonl:2: malformed JSON at column 20: EOF while parsing a value",
            "feed.jsonl:4: no \"text\" field",
            "feed.jsonl:5: not a JSON object",
            "feed.jsonl:6: malformed JSON at column 23: invalid type: integer `42`, expected a string",
            "feed.jsonl:7: not a JSON object",
            "feed.jsonl:8: \"id\" must be a string or number",
            "feed.jsonl:10 (byte 437): invalid UTF-8; line skipped",
        ],
    );
    assert_eq!(articles_with_relations(&store), ["good", "j1", "j11", "j9"]);
}

#[test]
fn row_front_matter_with_a_bad_date() {
    let (tmp, dir) = inputs();
    write(
        &dir,
        "bad-date.txt",
        format!("# date: 2024-13-45\n{SAID}\n"),
    );
    write(
        &dir,
        "words.md",
        format!("---\ndate: өткен аптада\n---\n{SAID}\n"),
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    let err = stderr_of(&out);
    assert!(
        err.contains("warning: ")
            && err.contains("bad-date.txt: front matter date \"2024-13-45\" is not a date"),
        "{err}"
    );
    assert!(
        err.contains("words.md: front matter date \"өткен аптада\" is not a date"),
        "{err}"
    );
    assert_eq!(
        articles_with_relations(&store),
        ["bad-date", "good", "words"]
    );
    let q = derek(&store)
        .args(["query", "--format", "tsv"])
        .arg("SELECT ?id WHERE { ?a schema:identifier ?id ; schema:datePublished ?d } ORDER BY ?id")
        .output()
        .unwrap();
    assert_eq!(stdout_of(&q), "?id\n\"good\"\n");
}

#[test]
fn row_unbalanced_or_nested_quote_marks() {
    let (tmp, dir) = inputs();
    // A quote opened and never closed: the next paragraph is read as usual.
    write(
        &dir,
        "open.txt",
        format!("Ол «жабылмаған дәйексөз деді.\n\n{SAID}\n"),
    );
    // Closing marks with no opening ones.
    write(&dir, "close.txt", format!("Бұл» сөз». {SAID}\n"));
    // A quote inside a quote: one claim, the outer one.
    write(
        &dir,
        "nested.txt",
        "«Біз «Болашақ» бағдарламасын жалғастырамыз», – деді Әлихан Смайылов.\n",
    );
    // Straight quotes, unbalanced, and mixed marks.
    write(
        &dir,
        "straight.txt",
        format!("\"Бір \"екі\" үш. \"\" «» «\"» \n{SAID}\n"),
    );
    // Runs of marks.
    write(
        &dir,
        "runs.txt",
        format!("{}{}\n{SAID}\n", "«".repeat(5000), "»".repeat(4000)),
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    let rel = relations(&store);
    let said_by = |id: &str| -> Vec<String> {
        rel.iter()
            .filter(|r| r[0] == id)
            .map(|r| format!("{}|{}|{}", r[2], r[3], r[4]))
            .collect()
    };
    let want = "said|Әлихан Смайылов|Біз жұмысты жалғастырамыз";
    for id in ["open", "close", "straight", "runs"] {
        assert_eq!(said_by(id), [want], "{id}");
    }
    assert_eq!(
        said_by("nested"),
        ["said|Әлихан Смайылов|Біз «Болашақ» бағдарламасын жалғастырамыз"]
    );
}

#[test]
fn row_an_article_with_100000_quotes() {
    let (tmp, dir) = inputs();
    // 100,000 quoted names and titles: pairing and sentence splitting stay linear.
    write(
        &dir,
        "titles.txt",
        "«Кітап» пен «Газет» шықты. ".repeat(50_000),
    );
    // 10,000 reported quotes: 10,000 relations, one transaction.
    write(&dir, "speech.txt", "«Иә», – деді Тоқаев. ".repeat(10_000));
    // 100,000 reported quotes (3.5 MB): extracted in linear time, but a graph over the
    // per-article limit, reported and skipped whole, never half-written.
    write(
        &dir,
        "too-many.txt",
        "«Иә», – деді Тоқаев. ".repeat(100_000),
    );
    let store = tmp.path().join("store");
    let (out, took) = capped(&store, &["build", "-q", dir.to_str().unwrap()], 3072);
    assert_skipped(&out, 3, &["too-many.txt: its graph would have "]);
    assert!(stderr_of(&out).contains("quads, more than the 250000 one article may have"));
    assert!(took < Duration::from_secs(300), "{took:?}");
    let rel = relations(&store);
    assert_eq!(rel.iter().filter(|r| r[0] == "speech").count(), 10_000);
    assert!(!rel.iter().any(|r| r[0] == "titles" || r[0] == "too-many"));
    let graphs = derek(&store)
        .args([
            "query",
            "--format",
            "tsv",
            "SELECT ?g WHERE { GRAPH ?g {} } ORDER BY ?g",
        ])
        .output()
        .unwrap();
    let graphs = stdout_of(&graphs);
    assert!(graphs.contains("article/speech"), "{graphs}");
    assert!(!graphs.contains("too-many"), "{graphs}");
}

#[test]
fn row_latin_script_kazakh_and_russian() {
    let (tmp, dir) = inputs();
    write(
        &dir,
        "latin.txt",
        "«Biz jūmysty jalğastyramyz», – dedı Älihan Smaiylov. Qazaqstan Respublikasy.\n",
    );
    write(
        &dir,
        "russian.txt",
        "«Мы продолжим работу», – сказал Алихан Смаилов. Министерство заявило.\n",
    );
    write(
        &dir,
        "english.md",
        "\"We will go on\", said the minister.\n",
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    let err = stderr_of(&out);
    for (f, lang) in [
        ("latin.txt", "latin"),
        ("russian.txt", "ru"),
        ("english.md", "latin"),
    ] {
        assert!(
            err.contains(&format!(
                "note: {}: language {lang} is not supported yet",
                dir.join(f).display()
            )),
            "{f}: {err}"
        );
    }
    assert_eq!(articles_with_relations(&store), ["good"]);
}

#[test]
fn row_duplicate_article_ids() {
    let (tmp, dir) = inputs();
    std::fs::create_dir(dir.join("b")).unwrap();
    write(
        &dir,
        "b/good.txt",
        "«Біз тоқтамаймыз», – деді Әлихан Смайылов.\n",
    );
    let store = tmp.path().join("store");
    let out = build(&store, &[&dir]);
    assert_eq!(code(&out), 0);
    // Directories are read in name order: b/good.txt, then good.txt, which replaces it.
    let warning = format!(
        "article id \"good\" from {} was also read from {}; the later one replaces it",
        dir.join("good.txt").display(),
        dir.join("b/good.txt").display()
    );
    assert!(stderr_of(&out).contains(&warning), "{}", stderr_of(&out));
    let rel = relations(&store);
    assert_eq!(rel.len(), 1);
    assert_eq!(rel[0][4], "Біз жұмысты жалғастырамыз");
}

/// Every verb: 0 when all is well, 1 when some inputs were skipped (verbs that read
/// articles), 2 for usage errors and fatal ones (a missing or locked store, a bad query).
#[test]
fn exit_codes_of_every_verb() {
    let (tmp, dir) = inputs();
    let good = dir.join("good.txt");
    let missing = tmp.path().join("missing.txt");
    let store = tmp.path().join("store");
    let none = tmp.path().join("no-store");
    let gold = write(
        tmp.path(),
        "good.gold.tsv",
        "line\trelation\tsubject\tobject\tdate\tplace\tnote\n1\tsaid\tӘлихан Смайылов\tБіз жұмысты жалғастырамыз\t\t\t\n",
    );
    let nq = tmp.path().join("good.nq");
    let (loaded, loaded2) = (tmp.path().join("loaded"), tmp.path().join("loaded2"));
    let run = |s: &Path, args: &[&std::ffi::OsStr]| -> i32 {
        let out = derek(s)
            .args(args)
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        code(&out)
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let p = |p: &Path| p.as_os_str().to_os_string();
    #[rustfmt::skip]
    let cases: Vec<(&str, i32, &Path, Vec<std::ffi::OsString>)> = vec![
        ("build", 0, &store, vec![os("build"), os("-q"), p(&good)]),
        ("build skipping", 1, &store, vec![os("build"), os("-q"), p(&good), p(&missing)]),
        ("build usage", 2, &store, vec![os("build")]),
        ("build into a file", 2, &good, vec![os("build"), p(&good)]),
        ("extract", 0, &store, vec![os("extract"), os("-o"), p(&nq), p(&good)]),
        ("extract skipping", 1, &store, vec![os("extract"), p(&good), p(&missing)]),
        ("extract usage", 2, &store, vec![os("extract"), os("--format"), os("xml"), p(&good)]),
        ("query", 0, &store, vec![os("query"), os("SELECT * WHERE { ?s ?p ?o } LIMIT 1")]),
        ("query bad SPARQL", 2, &store, vec![os("query"), os("SELECT WHERE {")]),
        ("query no store", 2, &none, vec![os("query"), os("ASK {}")]),
        ("export", 0, &store, vec![os("export"), os("relations")]),
        ("export bad date", 2, &store, vec![os("export"), os("relations"), os("--since"), os("2024-13")]),
        ("export no store", 2, &none, vec![os("export"), os("relations")]),
        ("viz", 0, &store, vec![os("viz"), os("--format"), os("dot")]),
        ("viz no store", 2, &none, vec![os("viz"), os("--format"), os("dot")]),
        ("eval", 0, &store, vec![os("eval"), os("--gold"), p(&gold), p(&good)]),
        ("eval skipping", 1, &store, vec![os("eval"), os("--gold"), p(&gold), p(&good), p(&missing)]),
        ("eval no gold", 2, &store, vec![os("eval"), os("--gold"), p(&missing), p(&good)]),
        ("explain", 0, &store, vec![os("explain"), p(&good)]),
        ("explain skipping", 1, &store, vec![os("explain"), p(&good), p(&missing)]),
        ("explain usage", 2, &store, vec![os("explain")]),
        ("serve no store", 2, &none, vec![os("serve"), os("--bind"), os("127.0.0.1:0")]),
        ("push no store", 2, &none, vec![os("push"), os("--endpoint"), os("http://127.0.0.1:9/sparql")]),
        ("push server down", 2, &store, vec![os("push"), os("--endpoint"), os("http://127.0.0.1:9/sparql"), os("--timeout"), os("2")]),
        ("load", 0, &loaded, vec![os("load"), p(&nq)]),
        ("load bad N-Quads", 2, &loaded2, vec![os("load"), p(&good)]),
        ("gen", 0, &store, vec![os("gen"), os("-n"), os("2"), os("-o"), p(&tmp.path().join("gen.jsonl"))]),
        ("gen usage", 2, &store, vec![os("gen"), os("-n"), os("many")]),
        ("dump", 0, &store, vec![os("dump"), os("-o"), p(&tmp.path().join("dump.nq"))]),
        ("dump no store", 2, &none, vec![os("dump")]),
        ("no verb", 2, &store, vec![]),
        ("unknown verb", 2, &store, vec![os("frobnicate")]),
    ];
    let mut wrong = Vec::new();
    for (what, want, s, args) in &cases {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let got = run(s, &args);
        if got != *want {
            wrong.push(format!("{what}: exit {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
