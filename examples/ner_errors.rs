//! Development: the held-out tail's errors of one class, gold against predicted.
//! `cargo run --release --no-default-features --example ner_errors -- CLASS [EPOCHS]`

use derek::lang::kk::ner::kaznerd::{self, CLASSES};
use derek::lang::kk::ner::{KkFeatures, Tagger};
use derek::lang::kk::{lexicon, morph};
use derek::tagger::{conll, train, Scheme, TrainConfig};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let class = args
        .first()
        .cloned()
        .unwrap_or_else(|| "ORGANISATION".into());
    let epochs = args.get(1).map_or(15, |e| e.parse().unwrap());
    let dir = kaznerd::kaznerd_dir(None);
    let sents = conll::read(&dir.join(kaznerd::TRAIN_FILE)).unwrap();
    let cut = sents.len() - sents.len() / 10;
    let scheme = Scheme::new(CLASSES);
    let data: Vec<_> = sents[..cut]
        .iter()
        .map(|s| {
            (
                s.words.clone(),
                s.tags.iter().map(|t| scheme.label_of(t)).collect(),
            )
        })
        .collect();
    let f = KkFeatures::new(lexicon(), morph());
    let cfg = TrainConfig { epochs, seed: 1 };
    let m = train(&scheme, &f, &data, &cfg, None);
    let t = Tagger::new(m, KkFeatures::new(lexicon(), morph()), "x").unwrap();
    let quiet = args.get(2).is_some();
    let (mut missed, mut overlap, mut wrong_class, mut spurious) = (0, 0, 0, 0);
    for s in &sents[cut..] {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let labels: Vec<u16> = s.tags.iter().map(|t| scheme.label_of(t)).collect();
        let k = scheme.class_index(&class).unwrap();
        let gold: Vec<(usize, usize)> = Scheme::spans(&labels)
            .into_iter()
            .filter(|x| x.class == k)
            .map(|x| (x.start, x.end))
            .collect();
        let pred: Vec<(usize, usize)> = t
            .tag(&words)
            .into_iter()
            .filter(|x| x.class.name() == class)
            .map(|x| (x.start, x.end))
            .collect();
        let all: Vec<_> = t.tag(&words);
        for g in &gold {
            if pred.contains(g) {
                continue;
            }
            if all.iter().any(|p| (p.start, p.end) == *g) {
                wrong_class += 1;
            } else if pred.iter().any(|p| p.0 < g.1 && g.0 < p.1) {
                overlap += 1;
            } else {
                missed += 1;
            }
        }
        spurious += pred
            .iter()
            .filter(|p| !gold.iter().any(|g| p.0 < g.1 && g.0 < p.1))
            .count();
        if gold != pred && !quiet {
            let show = |v: &[(usize, usize)]| {
                v.iter()
                    .map(|&(a, b)| words[a..b].join(" "))
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            println!(
                "GOLD {}\nPRED {}\n  {}\n",
                show(&gold),
                show(&pred),
                words.join(" ")
            );
        }
    }
    println!(
        "gold spans missed: {missed} with no overlap, {overlap} with wrong bounds, {wrong_class} found as another class; predicted with no gold overlap: {spurious}"
    );
}
