//! Development runs of the entity tagger: cross-validated figures per epoch for a setting,
//! pooled over folds of KazNERD's training split (only `eval` below reads the test split).
//! `cargo run --release --no-default-features --example train_ner -- EPOCHS GROUPS CLASSES FOLDS SEED RUNS`
//! (`-` keeps a default; GROUPS is a bit set of `features::groups`).
//! `... -- write FILE [STEP] [EPOCHS]` trains the weights to ship; `... -- eval FILE` scores
//! weights on the test split.

use derek::lang::kk::ner::kaznerd::{self, TrainOptions};
use derek::tagger::Scores;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("eval") {
        // `eval FILE`: what `derek eval-ner --weights FILE` prints (the test split).
        let bytes = std::fs::read(&args[1]).unwrap();
        let tagger = derek::lang::kk::ner::Tagger::from_bytes(&bytes, &args[1]).unwrap();
        let scores = kaznerd::eval_kaznerd(&tagger, &kaznerd::kaznerd_dir(None)).unwrap();
        print!("{scores}");
        return;
    }
    if args.first().map(String::as_str) == Some("write") {
        // `write FILE [STEP] [EPOCHS]`: what `derek train-ner -o FILE` does.
        let mut o = TrainOptions::default();
        if let Some(s) = args.get(2) {
            o.step = s.parse().unwrap();
        }
        if let Some(e) = args.get(3) {
            o.epochs = e.parse().unwrap();
        }
        let t = kaznerd::train_kaznerd(&kaznerd::kaznerd_dir(None), &o).unwrap();
        std::fs::write(&args[1], &t.bytes).unwrap();
        println!(
            "{}\n{} features, {} bytes, {:.1} s",
            t.heldout,
            t.features,
            t.bytes.len(),
            t.seconds
        );
        return;
    }
    let mut o = TrainOptions {
        full: false,
        ..TrainOptions::default()
    };
    let arg = |i: usize| args.get(i).filter(|a| *a != "-");
    if let Some(e) = arg(0) {
        o.epochs = e.parse().unwrap();
    }
    if let Some(g) = arg(1) {
        o.groups = g.parse().unwrap();
    }
    if let Some(c) = arg(2) {
        o.classes = c.split(',').map(str::to_string).collect();
    }
    if let Some(seed) = arg(4) {
        o.seed = seed.parse().unwrap();
    }
    if let Some(r) = arg(5) {
        o.runs = r.parse().unwrap();
    }
    let folds: usize = arg(3).map_or(5, |f| f.parse().unwrap());
    let dir = kaznerd::kaznerd_dir(None);
    let mut pooled: Vec<Scores> = Vec::new();
    let mut secs = 0.0;
    for k in 0..folds {
        o.fold = Some((k, folds));
        let t = kaznerd::train_kaznerd(&dir, &o).unwrap();
        secs += t.seconds;
        for (i, (_, s)) in t.by_epoch.iter().enumerate() {
            if pooled.len() <= i {
                pooled.push(s.clone());
            } else {
                for (p, c) in pooled[i].classes.iter_mut().zip(&s.classes) {
                    p.tp += c.tp;
                    p.fp += c.fp;
                    p.fn_ += c.fn_;
                }
            }
        }
    }
    for (e, s) in pooled.iter().enumerate() {
        let f = |c: &str| s.class(c).map_or(0.0, |x| x.f1());
        println!(
            "epoch {:2}: micro {:.4}  PER {:.3} ORG {:.3} GPE {:.3} LOC {:.3} NORP {:.3} POS {:.3}",
            e + 1,
            s.micro().f1(),
            f("PERSON"),
            f("ORGANISATION"),
            f("GPE"),
            f("LOCATION"),
            f("NORP"),
            f("POSITION")
        );
    }
    if let Some(last) = pooled.last() {
        println!("{last}");
    }
    println!("{secs:.1} s");
}
