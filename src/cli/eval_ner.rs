//! `derek eval-ner`: exact-match scores of the entity tagger on KazNERD's test split.

use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::lang::kk::ner::{self, kaznerd, Tagger};

#[derive(Args, Debug)]
#[command(
    after_help = "Tags every sentence of IOB2_test.txt and prints precision, recall and F1 per class
and micro-averaged: a name counts only if its first word, last word and class all match (as
seqeval scores). Other KazNERD classes are not counted."
)]
pub struct EvalNerArgs {
    /// KazNERD directory [default: $DEREK_SHARED/data/KazNERD, else ../shared/data/KazNERD].
    #[arg(long, value_name = "DIR")]
    pub kaznerd: Option<PathBuf>,
    /// Weights to score instead of the built-in ones (as written by `derek train-ner`).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
}

pub fn run(args: EvalNerArgs) -> Result<i32> {
    let dir = kaznerd::kaznerd_dir(args.kaznerd.as_deref());
    let own;
    let tagger = match &args.weights {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            own = Tagger::from_bytes(&bytes, &p.display().to_string())?;
            &own
        }
        None => ner::tagger(),
    };
    let scores = kaznerd::eval_kaznerd(tagger, &dir)?;
    println!("{} of {}:", kaznerd::TEST_FILE, dir.display());
    print!("{scores}");
    Ok(0)
}
