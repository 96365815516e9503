//! Extraction throughput, in-process, against a plain scan of the same text in the same run.
//!
//!   cargo bench --no-default-features --bench extract -- [ARTICLES] [SEED]
//!
//! (ARTICLES 0: the real text only.)
//!
//! Two corpora: ARTICLES generated articles (our templates: every sentence a statement or an
//! event), and, when KazNERD is at `$DEREK_SHARED/data/KazNERD` or `../shared/data/KazNERD`,
//! its test sentences joined ten to an article (real news text, where most sentences carry no
//! statement). For each: MB/s per core for a plain scan (counting "деді", the floor to
//! approach), extraction (annotations only: a first pass with the per-word caches filling,
//! then a second), extraction plus RDF quads (what a build stores) and extraction to N-Quads
//! bytes (what `derek extract` writes), each also as a ratio to the scan; then the
//! share of each extraction stage.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use derek::batch::{article_nquads_of, article_quads_of};
use derek::lang::kk::gen::Generator;
use derek::source::Article;

// The binary's allocator, when it has one (the `mimalloc` feature).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut g = Generator::new(seed).expect("templates");
    let generated: Vec<Article> = (0..n)
        .map(|i| {
            let a = g.article(i);
            Article::from_text(&a.id, &format!("# date: {}\n{}", a.date, a.text))
        })
        .collect();
    if n > 0 {
        run(&format!("{n} generated articles"), &generated);
    }
    match kaznerd_articles() {
        Some(real) => run(
            &format!("KazNERD test sentences, {} articles of ten", real.len()),
            &real,
        ),
        None => println!("\n(KazNERD not found: no real-text figures)"),
    }
}

fn run(name: &str, articles: &[Article]) {
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    // Warm up the tables and caches.
    for a in articles.iter().take(50) {
        std::hint::black_box(derek::lang::extract(a));
    }

    let t = Instant::now();
    let mut hits = 0usize;
    for _ in 0..20 {
        for a in articles {
            hits += a.text.matches("деді").count();
        }
    }
    let scan = t.elapsed().as_secs_f64() / 20.0;
    std::hint::black_box(hits);

    let pipeline = derek::lang::pipeline("kk").expect("the Kazakh pipeline");
    let stages = pipeline.stage_names();
    let mut times = vec![Duration::ZERO; stages.len()];
    // First pass: words new to the per-thread caches (analyses, tagger scores) are worked out
    // as they come, as in a first reading of an archive; the second pass finds them cached.
    let t = Instant::now();
    let mut rels = 0usize;
    for a in articles {
        rels += pipeline.extract(a).relations.len();
    }
    let first = t.elapsed().as_secs_f64();
    let t = Instant::now();
    for a in articles {
        std::hint::black_box(pipeline.extract_timed(a, &mut times));
    }
    let extract = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut quads = 0usize;
    for a in articles {
        quads += article_quads_of(a).1.len();
    }
    let with_rdf = t.elapsed().as_secs_f64();

    // What `derek extract` does per article: annotations, then N-Quads bytes.
    let t = Instant::now();
    let mut bytes = 0usize;
    let mut buf = Vec::new();
    for a in articles {
        buf.clear();
        article_nquads_of(a, &mut buf);
        bytes += buf.len();
    }
    let to_nquads = t.elapsed().as_secs_f64();
    std::hint::black_box(bytes);

    println!("\ncorpus: {name}, {mb:.1} MB, {rels} relations, {quads} quads");
    println!(
        "{:<36} {:>10} {:>12}",
        "stage (one core)", "MB/s", "x scan time"
    );
    let row = |label: &str, secs: f64| {
        println!("{label:<36} {:>10.1} {:>12.1}", mb / secs, secs / scan);
    };
    row("scan (count \"деді\")", scan);
    row("extract, first pass", first);
    row("extract", extract);
    row("extract + RDF quads", with_rdf);
    row("extract + N-Quads bytes", to_nquads);
    let staged: f64 = times.iter().map(Duration::as_secs_f64).sum();
    let shares: Vec<String> = stages
        .iter()
        .zip(&times)
        .map(|(s, t)| format!("{s} {:.0}%", 100.0 * t.as_secs_f64() / staged.max(1e-9)))
        .collect();
    println!("extraction time by stage: {}", shares.join(", "));
}

/// KazNERD's test sentences (IOB2: a word and its label per line, a blank line between
/// sentences), words joined with spaces and punctuation attached, ten sentences to an article.
fn kaznerd_articles() -> Option<Vec<Article>> {
    let shared = std::env::var_os("DEREK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let text = std::fs::read_to_string(shared.join("data/KazNERD/IOB2_test.txt")).ok()?;
    let mut sentences = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let Some(word) = line.split_whitespace().next() else {
            if !cur.is_empty() {
                sentences.push(std::mem::take(&mut cur));
            }
            continue;
        };
        let attach = matches!(word, "." | "," | ":" | ";" | "!" | "?" | ")" | "»");
        if !cur.is_empty() && !attach && !cur.ends_with(['(', '«']) {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        sentences.push(cur);
    }
    let articles = sentences
        .chunks(10)
        .enumerate()
        .map(|(i, s)| Article::from_text(&format!("kaznerd-{i}"), &s.join("\n")))
        .collect();
    Some(articles)
}
