//! Training: the averaged structured perceptron (Collins 2002). Each sentence is decoded with
//! the current weights; where the best labelling differs from the gold one, the features of the
//! gold labels gain one and those of the predicted labels lose one, transitions likewise. The
//! weights kept are the average over all steps (computed lazily, as in Daumé's thesis), which
//! generalises far better than the last ones.
//!
//! Updates are integers, kept in integer arithmetic, and the sentence order of each epoch comes
//! from a fixed-seed generator: the same data gives the same weights, bit for bit.

use rustc_hash::FxHashMap;

use super::iob::Scheme;
use super::{feature_key, pad_attr, viterbi, Attrs, Featurizer, Model, SPAN, WINDOW};

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the sentence order.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            seed: 1,
        }
    }
}

/// The training data as arrays: each distinct word once, with its feature rows per window
/// position. Types 0 and 1 are the padding before and after a sentence.
struct Prepared {
    /// Row ids of each type's features, type-major, then position-major.
    rows: Vec<u32>,
    /// Per type, where each position's rows start in `rows` (and where the last ends).
    starts: Vec<[u32; SPAN + 1]>,
    /// Feature key of each row.
    keys: Vec<u32>,
    /// Per sentence: type ids and gold labels.
    sents: Vec<(Vec<u32>, Vec<u16>)>,
}

impl Prepared {
    fn new(f: &dyn Featurizer, data: &[(Vec<String>, Vec<u16>)]) -> Prepared {
        let mut p = Prepared {
            rows: Vec::new(),
            starts: Vec::new(),
            keys: Vec::new(),
            sents: Vec::with_capacity(data.len()),
        };
        let mut row_of: FxHashMap<u32, u32> = FxHashMap::default();
        let mut type_of: FxHashMap<&str, u32> = FxHashMap::default();
        let mut attrs = Attrs::default();
        let mut add_type = |p: &mut Prepared, attrs: &Attrs| {
            let mut starts = [0u32; SPAN + 1];
            for (pos, start) in starts.iter_mut().enumerate().take(SPAN) {
                *start = p.rows.len() as u32;
                for a in attrs.as_slice() {
                    if a.offsets & (1 << pos) != 0 {
                        let key = feature_key(a.key, pos);
                        let next = p.keys.len() as u32;
                        let row = *row_of.entry(key).or_insert(next);
                        if row == next {
                            p.keys.push(key);
                        }
                        p.rows.push(row);
                    }
                }
            }
            starts[SPAN] = p.rows.len() as u32;
            p.starts.push(starts);
        };
        for after in [false, true] {
            attrs.clear();
            attrs.list.push(pad_attr(after));
            add_type(&mut p, &attrs);
        }
        for (words, labels) in data {
            let mut types = Vec::with_capacity(words.len());
            for w in words {
                let t = match type_of.get(w.as_str()) {
                    Some(&t) => t,
                    None => {
                        let t = p.starts.len() as u32;
                        attrs.clear();
                        f.attributes(w, &mut attrs);
                        add_type(&mut p, &attrs);
                        type_of.insert(w, t);
                        t
                    }
                };
                types.push(t);
            }
            let mut gold = labels.clone();
            gold.resize(types.len(), super::iob::O);
            Scheme::repair(&mut gold);
            p.sents.push((types, gold));
        }
        p
    }

    /// The rows of the word at `j` (or the padding) seen from window position `pos`.
    fn rows_at(&self, types: &[u32], j: isize, pos: usize) -> &[u32] {
        let t = if j < 0 {
            0
        } else if j as usize >= types.len() {
            1
        } else {
            types[j as usize] as usize
        };
        let s = &self.starts[t];
        &self.rows[s[pos] as usize..s[pos + 1] as usize]
    }
}

/// The perceptron's state: current weights, their step-weighted sums for the average, and the
/// step counter.
struct State {
    l: usize,
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    step: i64,
}

impl State {
    fn bump(w: &mut [i32], u: &mut [i64], at: usize, by: i32, step: i64) {
        w[at] += by;
        u[at] += i64::from(by) * step;
    }

    /// The averaged weights as a model (rows that average to zero are dropped).
    fn model(&self, scheme: &Scheme, features: &str, keys: &[u32]) -> Model {
        let l = self.l;
        let c = self.step as f64;
        let avg = |w: i32, u: i64| (f64::from(w) - u as f64 / c) as f32;
        let mut index = FxHashMap::default();
        let mut weights = Vec::new();
        for (r, &key) in keys.iter().enumerate() {
            let row: Vec<f32> = (0..l)
                .map(|y| avg(self.w[r * l + y], self.u[r * l + y]))
                .collect();
            if row.iter().any(|&x| x != 0.0) {
                index.insert(key, weights.len() as u32);
                weights.extend(row);
            }
        }
        let mut trans: Vec<f32> = self
            .tw
            .iter()
            .zip(&self.tu)
            .map(|(&w, &u)| avg(w, u))
            .collect();
        Model::constrain(&mut trans, l);
        Model {
            id: super::next_id(),
            scheme: scheme.clone(),
            features: features.to_string(),
            trans,
            index,
            weights,
        }
    }
}

/// A deterministic generator for the sentence order (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// The mean of models trained on the same classes with the same featurizer (e.g. with other
/// sentence orders): less dependent on one order than any of them. `None` if they differ.
pub fn mean(models: &[Model]) -> Option<Model> {
    let first = models.first()?;
    if models
        .iter()
        .any(|m| m.scheme != first.scheme || m.features != first.features)
    {
        return None;
    }
    let l = first.n_labels();
    let k = models.len() as f64;
    let mut keys: Vec<u32> = models
        .iter()
        .flat_map(|m| m.index.keys().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut index = FxHashMap::default();
    let mut weights = Vec::with_capacity(keys.len() * l);
    for key in keys {
        let mut row = vec![0.0f64; l];
        for m in models {
            if let Some(&r) = m.index.get(&key) {
                for (x, &w) in row.iter_mut().zip(&m.weights[r as usize..r as usize + l]) {
                    *x += f64::from(w);
                }
            }
        }
        index.insert(key, weights.len() as u32);
        weights.extend(row.iter().map(|x| (x / k) as f32));
    }
    let mut trans: Vec<f32> = (0..first.trans.len())
        .map(|i| {
            let sum: f64 = models
                .iter()
                .map(|m| m.trans[i])
                .filter(|t| t.is_finite())
                .map(f64::from)
                .sum();
            (sum / k) as f32
        })
        .collect();
    Model::constrain(&mut trans, l);
    Some(Model {
        id: super::next_id(),
        scheme: first.scheme.clone(),
        features: first.features.clone(),
        trans,
        index,
        weights,
    })
}

/// What sees the averaged model after each epoch (the epoch, counted from 1, and the model).
pub type OnEpoch<'a> = &'a mut dyn FnMut(usize, &Model);

/// Trains a model on sentences (words as written, one label per word; a missing label is `O`,
/// a stray `I-` is read as `B-`). `on_epoch` sees the averaged model after each pass, which is
/// how the number of passes is chosen on held-out data.
pub fn train(
    scheme: &Scheme,
    f: &dyn Featurizer,
    data: &[(Vec<String>, Vec<u16>)],
    cfg: &TrainConfig,
    mut on_epoch: Option<OnEpoch>,
) -> Model {
    let p = Prepared::new(f, data);
    let l = scheme.n_labels();
    let tw_len = (l + 1) * (l + 1);
    let mut st = State {
        l,
        w: vec![0; p.keys.len() * l],
        u: vec![0; p.keys.len() * l],
        tw: vec![0; tw_len],
        tu: vec![0; tw_len],
        step: 1,
    };
    let mut trans = vec![0.0f32; tw_len];
    Model::constrain(&mut trans, l);
    let mut order: Vec<usize> = (0..p.sents.len()).collect();
    let mut rng = Rng(cfg.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let (mut em, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (types, gold) = &p.sents[si];
            let n = types.len();
            if n == 0 {
                continue;
            }
            em.clear();
            em.resize(n * l, 0.0f32);
            for i in 0..n {
                let e = &mut em[i * l..(i + 1) * l];
                for pos in 0..SPAN {
                    let j = i as isize + pos as isize - WINDOW as isize;
                    for &r in p.rows_at(types, j, pos) {
                        let r = r as usize * l;
                        for (x, &w) in e.iter_mut().zip(&st.w[r..r + l]) {
                            *x += w as f32;
                        }
                    }
                }
            }
            viterbi(&trans, l, &em, n, &mut back, &mut pred);
            if pred != *gold {
                for i in 0..n {
                    let (g, y) = (gold[i] as usize, pred[i] as usize);
                    if g == y {
                        continue;
                    }
                    for pos in 0..SPAN {
                        let j = i as isize + pos as isize - WINDOW as isize;
                        for &r in p.rows_at(types, j, pos) {
                            let r = r as usize * l;
                            State::bump(&mut st.w, &mut st.u, r + g, 1, st.step);
                            State::bump(&mut st.w, &mut st.u, r + y, -1, st.step);
                        }
                    }
                }
                let at = |seq: &[u16], i: usize| {
                    let from = if i == 0 { l } else { seq[i - 1] as usize };
                    let to = if i == n { l } else { seq[i] as usize };
                    from * (l + 1) + to
                };
                for i in 0..=n {
                    let (g, y) = (at(gold, i), at(&pred, i));
                    if g != y {
                        State::bump(&mut st.tw, &mut st.tu, g, 1, st.step);
                        State::bump(&mut st.tw, &mut st.tu, y, -1, st.step);
                        for k in [g, y] {
                            if trans[k].is_finite() {
                                trans[k] = st.tw[k] as f32;
                            }
                        }
                    }
                }
            }
            st.step += 1;
        }
        if let Some(cb) = on_epoch.as_deref_mut() {
            cb(epoch + 1, &st.model(scheme, f.name(), &p.keys));
        }
    }
    st.model(scheme, f.name(), &p.keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word and whether it is capitalized.
    struct Toy;

    impl Featurizer for Toy {
        fn name(&self) -> &str {
            "toy"
        }

        fn attributes(&self, word: &str, out: &mut Attrs) {
            use crate::tagger::offsets::{NEAR, SELF};
            out.add("w", word, NEAR);
            out.flag("cap", word.starts_with(char::is_uppercase), SELF);
        }
    }

    /// Sentences of filler words with capitalized two-word names of class 0 after "mr" and
    /// one-word names of class 1 after "in".
    fn corpus(scheme: &Scheme) -> Vec<(Vec<String>, Vec<u16>)> {
        let mut rng = Rng(7);
        let fill = ["the", "said", "went", "to", "today", "and"];
        let names = ["Ann", "Bob", "Cid", "Dee", "Eve"];
        let places = ["Rome", "Oslo", "Lima"];
        (0..200)
            .map(|_| {
                let mut w: Vec<String> = Vec::new();
                let mut t: Vec<&str> = Vec::new();
                for _ in 0..8 {
                    match rng.next() % 4 {
                        0 => {
                            w.push("mr".into());
                            t.push("O");
                            w.push(names[(rng.next() % 5) as usize].into());
                            t.push("B-PER");
                            w.push(names[(rng.next() % 5) as usize].into());
                            t.push("I-PER");
                        }
                        1 => {
                            w.push("in".into());
                            t.push("O");
                            w.push(places[(rng.next() % 3) as usize].into());
                            t.push("B-LOC");
                        }
                        _ => {
                            w.push(fill[(rng.next() % 6) as usize].into());
                            t.push("O");
                        }
                    }
                }
                let labels = t.iter().map(|t| scheme.label_of(t)).collect();
                (w, labels)
            })
            .collect()
    }

    #[test]
    fn training_is_deterministic_and_learns_the_toy_corpus() {
        let scheme = Scheme::new(&["PER", "LOC"]);
        let data = corpus(&scheme);
        let cfg = TrainConfig { epochs: 3, seed: 5 };
        let a = train(&scheme, &Toy, &data, &cfg, None).to_bytes(0.05);
        let b = train(&scheme, &Toy, &data, &cfg, None).to_bytes(0.05);
        assert_eq!(a, b, "same data, same weights");
        let other = TrainConfig { seed: 6, ..cfg };
        assert_ne!(a, train(&scheme, &Toy, &data, &other, None).to_bytes(0.05));

        let m = Model::from_bytes(&a, "toy.bin").unwrap();
        assert_eq!(m.to_bytes(0.05), a, "reading and writing keeps the bytes");
        let words = ["went", "to", "mr", "Eve", "Ann", "in", "Oslo", "today"];
        let spans = m.tag(&Toy, &words);
        let got: Vec<(usize, usize, &str)> = spans
            .iter()
            .map(|s| (s.start, s.end, scheme.classes()[s.class].as_str()))
            .collect();
        assert_eq!(got, vec![(3, 5, "PER"), (6, 7, "LOC")]);
        assert!(m.tag(&Toy, &[]).is_empty());
    }

    #[test]
    fn averaging_needs_no_epochs_to_be_safe() {
        let scheme = Scheme::new(&["PER"]);
        let cfg = TrainConfig { epochs: 0, seed: 1 };
        let m = train(&scheme, &Toy, &[], &cfg, None);
        assert!(m.tag(&Toy, &["Ann"]).is_empty());
        let m = train(
            &scheme,
            &Toy,
            &[(vec![], vec![])],
            &TrainConfig::default(),
            None,
        );
        assert_eq!(m.n_features(), 0);
    }
}
