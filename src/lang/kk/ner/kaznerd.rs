//! Training and scoring on KazNERD (Yeshpanov et al., LREC 2022; CC BY 4.0), read where it lies
//! (never copied into the repository). Its `IOB2_valid.txt` is our training set: the last tenth
//! of its sentences is held out to choose the settings, then the shipped weights are trained on
//! all of it. `IOB2_test.txt` only ever scores.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::features::{self, KkFeatures};
use super::{NerClass, Tagger};
use crate::error::Result;
use crate::tagger::conll::{self, Sentence};
use crate::tagger::{mean, train, Model, Scheme, Scores, TrainConfig};

/// The training split (KazNERD's validation file).
pub const TRAIN_FILE: &str = "IOB2_valid.txt";
/// The test split, for scoring only.
pub const TEST_FILE: &str = "IOB2_test.txt";

/// The classes the shipped weights are trained on, in label order. Other KazNERD classes are
/// read as `O`.
pub const CLASSES: &[&str] = &[
    "PERSON",
    "ORGANISATION",
    "GPE",
    "LOCATION",
    "NORP",
    "POSITION",
];

/// The KazNERD directory: `dir` if given, else `$DEREK_SHARED/data/KazNERD`, else
/// `../shared/data/KazNERD`.
pub fn kaznerd_dir(dir: Option<&Path>) -> PathBuf {
    if let Some(d) = dir {
        return d.to_path_buf();
    }
    let shared = std::env::var_os("DEREK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    shared.join("data/KazNERD")
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Share of the training sentences (the last ones) held out for the reported figures.
    pub heldout: f64,
    /// Classes to train (KazNERD names).
    pub classes: Vec<String>,
    /// Attribute groups (see [`features::groups`]).
    pub groups: u32,
    /// Quantization step of the stored weights.
    pub step: f32,
    /// Models trained with consecutive seeds whose mean is the model.
    pub runs: usize,
    /// Also train on all sentences for the weights to ship (else only the held-out run).
    pub full: bool,
    /// Hold out block `k` of `n` equal blocks instead of the tail (cross-validation while
    /// choosing settings).
    pub fold: Option<(usize, usize)>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            seed: 1,
            heldout: 0.1,
            classes: CLASSES.iter().map(|c| c.to_string()).collect(),
            groups: features::groups::EVERY,
            step: 0.05,
            full: true,
            fold: None,
            runs: 8,
        }
    }
}

/// What training made.
#[derive(Debug, Clone)]
pub struct Trained {
    /// The weights file, trained on every training sentence (empty without `full`).
    pub bytes: Vec<u8>,
    /// Scores on the held-out sentences of the model trained without them, after its last
    /// epoch, with the weights as stored.
    pub heldout: Scores,
    /// Held-out micro F1 after each epoch (weights unquantized).
    pub by_epoch: Vec<(usize, Scores)>,
    pub train_sentences: usize,
    pub heldout_sentences: usize,
    /// Features kept in the shipped weights.
    pub features: usize,
    pub seconds: f64,
}

fn examples(scheme: &Scheme, sents: &[Sentence]) -> Vec<(Vec<String>, Vec<u16>)> {
    sents
        .iter()
        .map(|s| {
            let labels = s.tags.iter().map(|t| scheme.label_of(t)).collect();
            (s.words.clone(), labels)
        })
        .collect()
}

fn featurizer(groups: u32) -> KkFeatures {
    KkFeatures::with_groups(super::super::lexicon(), super::super::morph(), groups)
}

/// Trains on KazNERD's training split in `dir`: first without the held-out tail (scored after
/// every epoch), then, with `full`, on all of it for the weights to ship.
pub fn train_kaznerd(dir: &Path, opts: &TrainOptions) -> Result<Trained> {
    let t0 = Instant::now();
    let sents = conll::read(&dir.join(TRAIN_FILE))?;
    let (a, b) = match opts.fold {
        Some((k, n)) if k < n => (sents.len() * k / n, sents.len() * (k + 1) / n),
        _ => {
            let cut = sents.len() - (sents.len() as f64 * opts.heldout).round() as usize;
            (cut, sents.len())
        }
    };
    let held = &sents[a..b];
    let fit: Vec<Sentence> = sents[..a].iter().chain(&sents[b..]).cloned().collect();
    let fit = fit.as_slice();
    let scheme = Scheme::new(&opts.classes);
    let fit_data = examples(&scheme, fit);
    let mut per_epoch: Vec<Vec<Model>> = Vec::new();
    let m = fit_mean(&scheme, &fit_data, opts, Some(&mut per_epoch))?;
    let mut by_epoch = Vec::new();
    for (e, models) in per_epoch.iter().enumerate() {
        if let Some(m) = mean(models) {
            let t = Tagger::new(m, featurizer(opts.groups), "<training>")?;
            by_epoch.push((e + 1, evaluate(&t, held)));
        }
    }
    let stored = Model::from_bytes(&m.to_bytes(opts.step), "<held-out model>")?;
    let heldout = evaluate(
        &Tagger::new(stored, featurizer(opts.groups), "<held-out model>")?,
        held,
    );
    let (bytes, features) = if opts.full {
        let m = fit_mean(&scheme, &examples(&scheme, &sents), opts, None)?;
        let bytes = m.to_bytes(opts.step);
        let n = Model::from_bytes(&bytes, "<trained model>")?.n_features();
        (bytes, n)
    } else {
        (Vec::new(), 0)
    };
    Ok(Trained {
        bytes,
        heldout,
        by_epoch,
        train_sentences: fit.len(),
        heldout_sentences: held.len(),
        features,
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// The mean of `opts.runs` models trained with consecutive seeds; with `per_epoch`, also each
/// epoch's models (one per run).
fn fit_mean(
    scheme: &Scheme,
    data: &[(Vec<String>, Vec<u16>)],
    opts: &TrainOptions,
    mut per_epoch: Option<&mut Vec<Vec<Model>>>,
) -> Result<Model> {
    let mut finals = Vec::new();
    for run in 0..opts.runs.max(1) {
        let cfg = TrainConfig {
            epochs: opts.epochs,
            seed: opts.seed + run as u64,
        };
        let mut keep = |e: usize, m: &Model| {
            if let Some(p) = per_epoch.as_deref_mut() {
                if p.len() < e {
                    p.resize_with(e, Vec::new);
                }
                p[e - 1].push(m.clone());
            }
        };
        finals.push(train(
            scheme,
            &featurizer(opts.groups),
            data,
            &cfg,
            Some(&mut keep),
        ));
    }
    mean(&finals).ok_or_else(|| crate::error::Error::Other("models of different kinds".into()))
}

/// Exact-match scores of `tagger` on CoNLL sentences, per reported class.
pub fn evaluate(tagger: &Tagger, sents: &[Sentence]) -> Scores {
    let names: Vec<&str> = NerClass::ALL.iter().map(|c| c.name()).collect();
    let gold_scheme = Scheme::new(&names);
    let mut scores = Scores::new(&names);
    let mut words: Vec<&str> = Vec::new();
    for s in sents {
        let labels: Vec<u16> = s.tags.iter().map(|t| gold_scheme.label_of(t)).collect();
        let gold: Vec<(usize, usize, &str)> = Scheme::spans(&labels)
            .into_iter()
            .map(|sp| (sp.start, sp.end, names[sp.class]))
            .collect();
        words.clear();
        words.extend(s.words.iter().map(String::as_str));
        let pred: Vec<(usize, usize, &str)> = tagger
            .tag(&words)
            .into_iter()
            .map(|sp| (sp.start, sp.end, sp.class.name()))
            .collect();
        scores.add(&gold, &pred);
    }
    scores
}

/// Scores `tagger` on KazNERD's test split in `dir`.
pub fn eval_kaznerd(tagger: &Tagger, dir: &Path) -> Result<Scores> {
    Ok(evaluate(tagger, &conll::read(&dir.join(TEST_FILE))?))
}
