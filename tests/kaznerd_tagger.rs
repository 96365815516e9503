//! The learned entity tagger (`data/kk/models/ner.bin`) scored on KazNERD's test split (CC BY
//! 4.0; read where it lies in the shared data directory, never copied): exact-match spans per
//! class, as `derek eval-ner` prints them. The floors are the measured figures minus 0.01; the
//! test split was never used to train or tune the weights.

mod common;

use derek::lang::kk::ner::{kaznerd, tagger};

/// F1 floors per class: measured on IOB2_test.txt (PERSON 0.925, ORGANISATION 0.751, GPE 0.924,
/// LOCATION 0.657, NORP 0.834, POSITION 0.884, micro 0.879), each floor 0.01 or more below,
/// except ORGANISATION, held at the 0.75 it must reach.
const FLOORS: &[(&str, f64)] = &[
    ("PERSON", 0.915),
    ("ORGANISATION", 0.75),
    ("GPE", 0.914),
    ("LOCATION", 0.647),
    ("NORP", 0.824),
    ("POSITION", 0.874),
];
const MICRO_FLOOR: f64 = 0.869;

#[test]
fn the_shipped_weights_hold_their_scores_on_the_kaznerd_test_split() {
    let dir = common::shared("data/KazNERD");
    let scores = kaznerd::eval_kaznerd(tagger(), &dir).expect("KazNERD test split");
    println!("{scores}");
    let mut low = Vec::new();
    for &(class, floor) in FLOORS {
        let f1 = scores.class(class).map_or(0.0, |c| c.f1());
        if f1 < floor {
            low.push(format!("{class} F1 {f1:.3} < {floor}"));
        }
    }
    let micro = scores.micro().f1();
    if micro < MICRO_FLOOR {
        low.push(format!("micro F1 {micro:.3} < {MICRO_FLOOR}"));
    }
    assert!(low.is_empty(), "{}\n{scores}", low.join("\n"));
}
