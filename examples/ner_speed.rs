//! Tagging speed of the shipped entity tagger beside extraction, one core, on generated
//! articles (as `benches/extract.rs` uses) and on KazNERD's training split.
//! `cargo run --release --no-default-features --example ner_speed -- [ARTICLES]`

use std::time::Instant;

use derek::lang::kk::gen::Generator;
use derek::lang::kk::ner::{kaznerd, tagger};
use derek::source::Article;
use derek::tagger::conll;
use derek::text::tokenize::tokenize;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut g = Generator::new(1).expect("templates");
    let articles: Vec<Article> = (0..n)
        .map(|i| {
            let a = g.article(i);
            Article::from_text(&a.id, &format!("# date: {}\n{}", a.date, a.text))
        })
        .collect();
    let mb = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    // Sentences: tokens split at . ! ? and line ends.
    let mut sents: Vec<Vec<&str>> = Vec::new();
    for a in &articles {
        let mut cur = Vec::new();
        for t in tokenize(&a.text) {
            if t.nl_before && !cur.is_empty() {
                sents.push(std::mem::take(&mut cur));
            }
            let w = t.text(&a.text);
            cur.push(w);
            if matches!(w, "." | "!" | "?") {
                sents.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            sents.push(cur);
        }
    }
    let tokens: usize = sents.iter().map(Vec::len).sum();
    for a in articles.iter().take(50) {
        std::hint::black_box(derek::lang::extract(a));
    }
    // The machine is shared: the best of five alternating runs of each.
    let tg = tagger();
    let (mut extract, mut tag, mut spans) = (f64::MAX, f64::MAX, 0);
    for _ in 0..5 {
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(derek::lang::extract(a));
        }
        extract = extract.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        spans = 0;
        for s in &sents {
            spans += tg.tag(s).len();
        }
        tag = tag.min(t.elapsed().as_secs_f64());
    }
    println!("generated: {n} articles, {mb:.1} MB, {tokens} tokens, {spans} names");
    println!(
        "extract {:.2} s ({:.1} MB/s); tag {:.2} s ({:.0} tokens/s, {:.1} MB/s): tagging adds {:.0}%",
        extract,
        mb / extract,
        tag,
        tokens as f64 / tag,
        mb / tag,
        100.0 * tag / extract
    );
    let kz = conll::read(&kaznerd::kaznerd_dir(None).join(kaznerd::TRAIN_FILE)).unwrap();
    let ks: Vec<Vec<&str>> = kz
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let kt: usize = ks.iter().map(Vec::len).sum();
    for pass in [
        "first pass (words new to the cache)",
        "second pass (cached)",
    ] {
        let t = Instant::now();
        for s in &ks {
            std::hint::black_box(tg.tag(s));
        }
        let e = t.elapsed().as_secs_f64();
        println!("KazNERD {kt} tokens, {pass}: {:.0} tokens/s", kt as f64 / e);
    }
}
