//! Extraction throughput, in-process, against a plain scan of the same text in the same run.
//!
//!   cargo bench --no-default-features --bench extract -- [ARTICLES] [SEED]
//!
//! Prints MB/s per core for: a plain scan (counting "деді", the floor to approach), extraction
//! (annotations only), and extraction plus RDF quads; and each as a ratio to the scan.

use std::time::Instant;

use derek::batch::article_quads_of;
use derek::lang::kk::gen::Generator;
use derek::source::Article;

fn main() {
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut g = Generator::new(seed).expect("templates");
    let articles: Vec<Article> = (0..n)
        .map(|i| {
            let a = g.article(i);
            Article::from_text(&a.id, &format!("# date: {}\n{}", a.date, a.text))
        })
        .collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mb = bytes as f64 / 1e6;

    // Warm up the tables and caches.
    for a in articles.iter().take(50) {
        std::hint::black_box(derek::lang::extract(a));
    }

    let t = Instant::now();
    let mut hits = 0usize;
    for _ in 0..20 {
        for a in &articles {
            hits += a.text.matches("деді").count();
        }
    }
    let scan = t.elapsed().as_secs_f64() / 20.0;
    std::hint::black_box(hits);

    let t = Instant::now();
    let mut rels = 0usize;
    for a in &articles {
        rels += derek::lang::extract(a).relations.len();
    }
    let extract = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut quads = 0usize;
    for a in &articles {
        quads += article_quads_of(a).1.len();
    }
    let with_rdf = t.elapsed().as_secs_f64();

    println!("corpus: {n} generated articles, {mb:.1} MB, {rels} relations, {quads} quads");
    println!(
        "{:<28} {:>10} {:>12}",
        "stage (one core)", "MB/s", "x scan time"
    );
    println!(
        "{:<28} {:>10.1} {:>12.1}",
        "scan (count \"деді\")",
        mb / scan,
        1.0
    );
    println!(
        "{:<28} {:>10.1} {:>12.1}",
        "extract",
        mb / extract,
        extract / scan
    );
    println!(
        "{:<28} {:>10.1} {:>12.1}",
        "extract + RDF quads",
        mb / with_rdf,
        with_rdf / scan
    );
}
