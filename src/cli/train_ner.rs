//! `derek train-ner`: trains the entity tagger's weights on KazNERD.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{io_out, Output};
use crate::error::Result;
use crate::lang::kk::ner::kaznerd::{self, TrainOptions};

#[derive(Args, Debug)]
#[command(
    after_help = "Reads IOB2_valid.txt of KazNERD, our training split (IOB2_test.txt is never read
here). Trains on all but its last tenth and prints the exact-match scores on that held-out
tenth, then trains on all of it and writes the weights: the mean of 8 models, each trained with
its own fixed sentence order, so the same data gives the same bytes. `derek eval-ner` scores
the weights on the test split."
)]
pub struct TrainNerArgs {
    /// KazNERD directory [default: $DEREK_SHARED/data/KazNERD, else ../shared/data/KazNERD].
    #[arg(long, value_name = "DIR")]
    pub kaznerd: Option<PathBuf>,
    /// Where to write the weights (- for standard output).
    #[arg(long, short = 'o', value_name = "FILE", default_value = crate::lang::kk::ner::WEIGHTS_FILE)]
    pub output: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
}

pub fn run(args: TrainNerArgs) -> Result<i32> {
    let dir = kaznerd::kaznerd_dir(args.kaznerd.as_deref());
    let opts = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let t = kaznerd::train_kaznerd(&dir, &opts)?;
    let mut out = Output::open(Some(&args.output))?;
    out.write_all(&t.bytes).map_err(io_out)?;
    let to_stdout = out.path().is_none();
    out.finish()?;
    let report = format!(
        "Held-out: the last {} sentences of {}, model trained on the other {} ({} epochs):\n{}\n\
         Weights: trained on all {} sentences, {} features, {} bytes{}; {:.1} s in all.\n",
        t.heldout_sentences,
        kaznerd::TRAIN_FILE,
        t.train_sentences,
        opts.epochs,
        t.heldout,
        t.train_sentences + t.heldout_sentences,
        t.features,
        t.bytes.len(),
        if to_stdout {
            String::new()
        } else {
            format!(" -> {}", args.output.display())
        },
        t.seconds
    );
    if to_stdout {
        eprint!("{report}");
    } else {
        print!("{report}");
    }
    Ok(0)
}
