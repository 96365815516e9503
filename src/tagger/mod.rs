//! A sequence tagger: a linear model over hashed word attributes, decoded with first-order
//! Viterbi over IOB2 labels, trained as an averaged structured perceptron. Nothing here knows a
//! language: a language supplies a [`Featurizer`] (what a word looks like: its form, suffixes,
//! morphology, word lists) and the classes; this module does the rest.
//!
//! Every attribute of a word is used at the offsets its featurizer allows (the word itself, its
//! neighbours up to [`WINDOW`] words away), so a token's score for each label is the sum, over the
//! five positions of its window, of what the word there contributes at that offset. That sum
//! depends on the word only, which makes tagging cheap: each thread keeps, per distinct word, its
//! contribution at every offset, and tagging a known word is five vector additions. Features are
//! never strings at run time: an attribute is a 64-bit hash of its bytes, a feature the 32-bit
//! hash of an attribute and an offset, looked up in a hash table of the weights kept.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

pub mod conll;
pub mod eval;
mod io;
pub mod iob;
pub mod train;

pub use eval::{ClassScore, Scores};
pub use iob::{Scheme, Span};
pub use train::{mean, train, TrainConfig};

/// Labels a model may have (`O` and 31 classes): what the weights file's label masks hold.
pub const MAX_LABELS: usize = 64;

/// How far the window reaches on each side of a word.
pub const WINDOW: usize = 2;
/// Positions in a window: offsets -2, -1, 0, +1, +2.
pub const SPAN: usize = 2 * WINDOW + 1;

/// Offset masks for [`Attrs::add`]: bit `d + WINDOW` allows offset `d`.
pub mod offsets {
    /// The word itself.
    pub const SELF: u8 = 0b00100;
    /// The word and its direct neighbours.
    pub const NEAR: u8 = 0b01110;
    /// Every position of the window.
    pub const ALL: u8 = 0b11111;
}

/// FNV-1a, then a finalizer: fixed in this file rather than taken from a crate, because the
/// weights file stores keys made with it and must read the same under any dependency version.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn finish(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The hash of an attribute: its kind and its value.
pub fn attr_key(kind: &str, value: &[u8]) -> u64 {
    finish(fnv(fnv(fnv(FNV_OFFSET, kind.as_bytes()), &[0xff]), value))
}

/// The key of a feature: an attribute seen at a window position (0..SPAN).
fn feature_key(attr: u64, pos: usize) -> u32 {
    (finish(attr ^ (pos as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32
}

/// An attribute of a word and the window positions where it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attr {
    pub key: u64,
    pub offsets: u8,
}

/// The attributes of one word, filled by a [`Featurizer`].
#[derive(Debug, Default, Clone)]
pub struct Attrs {
    list: Vec<Attr>,
}

impl Attrs {
    /// Adds the attribute `kind`=`value`, used at the positions of `offsets`.
    pub fn add(&mut self, kind: &str, value: &str, offsets: u8) {
        self.list.push(Attr {
            key: attr_key(kind, value.as_bytes()),
            offsets,
        });
    }

    /// Adds a yes/no attribute (present only when true).
    pub fn flag(&mut self, kind: &str, on: bool, offsets: u8) {
        if on {
            self.add(kind, "", offsets);
        }
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }

    pub fn as_slice(&self) -> &[Attr] {
        &self.list
    }
}

/// What a language says about a word. It must depend on the word alone (that is what lets the
/// tagger cache a word's scores), and be the same at training and tagging time.
pub trait Featurizer: Sync {
    /// A name stored with the weights; a model refuses a featurizer of another name.
    fn name(&self) -> &str;
    /// Appends the attributes of `word` (as written) to `out`.
    fn attributes(&self, word: &str, out: &mut Attrs);
}

/// The attributes of the positions before the first and after the last word.
fn pad_attr(after: bool) -> Attr {
    Attr {
        key: attr_key(if after { "</s>" } else { "<s>" }, b""),
        offsets: offsets::ALL,
    }
}

/// A trained model: weights of kept features and of label transitions.
#[derive(Debug)]
pub struct Model {
    /// Unique per model value (clones included): what the per-thread word cache belongs to.
    id: u64,
    scheme: Scheme,
    /// Name of the featurizer the weights belong to.
    features: String,
    /// `(L + 1) x (L + 1)`: from label (row `L` = the start) to label (column `L` = the end),
    /// disallowed transitions at minus infinity.
    trans: Vec<f32>,
    /// Feature key -> start of its row of `L` weights in `weights`.
    index: FxHashMap<u32, u32>,
    weights: Vec<f32>,
}

/// The next model id (0 is never given out: it marks an empty cache).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

impl Clone for Model {
    fn clone(&self) -> Model {
        Model {
            id: next_id(),
            scheme: self.scheme.clone(),
            features: self.features.clone(),
            trans: self.trans.clone(),
            index: self.index.clone(),
            weights: self.weights.clone(),
        }
    }
}

impl Model {
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    pub fn features(&self) -> &str {
        &self.features
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    fn n_labels(&self) -> usize {
        self.scheme.n_labels()
    }

    /// Puts minus infinity on the transitions IOB2 forbids.
    fn constrain(trans: &mut [f32], n_labels: usize) {
        let w = n_labels + 1;
        for from in 0..=n_labels {
            let f = (from < n_labels).then_some(from as u16);
            for to in 0..n_labels {
                if !Scheme::allowed(f, to as u16) {
                    trans[from * w + to] = f32::NEG_INFINITY;
                }
            }
        }
    }

    /// Adds the contributions of a word with `attrs` at every window position to `out`
    /// (`SPAN * L` values, position-major).
    fn add_word(&self, attrs: &[Attr], out: &mut [f32]) {
        let l = self.n_labels();
        for a in attrs {
            for pos in 0..SPAN {
                if a.offsets & (1 << pos) == 0 {
                    continue;
                }
                if let Some(&row) = self.index.get(&feature_key(a.key, pos)) {
                    let row = row as usize;
                    let w = &self.weights[row..row + l];
                    for (o, x) in out[pos * l..(pos + 1) * l].iter_mut().zip(w) {
                        *o += x;
                    }
                }
            }
        }
    }

    /// Labels a sentence given each word's window contributions (`vec(i)`, `SPAN * L` values).
    fn decode<'v, 's>(
        &self,
        n: usize,
        vec: impl Fn(isize) -> &'v [f32],
        s: &'s mut Decode,
    ) -> &'s [u16] {
        let l = self.n_labels();
        s.em.clear();
        s.em.resize(n * l, 0.0);
        for i in 0..n {
            let em = &mut s.em[i * l..(i + 1) * l];
            for pos in 0..SPAN {
                let v = &vec(i as isize + pos as isize - WINDOW as isize)[pos * l..(pos + 1) * l];
                for (e, x) in em.iter_mut().zip(v) {
                    *e += x;
                }
            }
        }
        viterbi(&self.trans, l, &s.em, n, &mut s.back, &mut s.labels);
        &s.labels
    }

    /// Tags one sentence: the spans found, in order. Never fails: an empty sentence has none.
    /// `f` must be the featurizer the model was trained with.
    pub fn tag(&self, f: &dyn Featurizer, words: &[&str]) -> Vec<Span> {
        if words.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.tag_with(f, words, &mut s),
            // Only reachable if a featurizer tags from inside `attributes`: use a fresh cache.
            Err(_) => self.tag_with(f, words, &mut Scratch::default()),
        })
    }

    /// Whether `word`, first in a sentence, scores better as the start of a name than as no
    /// name, on what it and the sentence start say (its right neighbours unseen): a cheap test
    /// of whether a sentence whose only capital is its first letter is worth tagging.
    pub fn may_begin_name(&self, f: &dyn Featurizer, word: &str) -> bool {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.may_begin_name_with(f, word, &mut s),
            Err(_) => true,
        })
    }

    fn may_begin_name_with(&self, f: &dyn Featurizer, word: &str, s: &mut Scratch) -> bool {
        self.own_cache(f, s);
        let l = self.n_labels();
        let stride = SPAN * l;
        let slot = self.slot(f, word, s) as usize;
        let mut em = [0.0f32; MAX_LABELS];
        let em = &mut em[..l.min(MAX_LABELS)];
        for pos in 0..=WINDOW {
            // Before the word: the sentence-start padding (slot 0).
            let base = if pos < WINDOW { 0 } else { slot * stride };
            let v = &s.vecs[base + pos * l..base + (pos + 1) * l];
            for (e, x) in em.iter_mut().zip(v) {
                *e += x;
            }
        }
        let outside = em[iob::O as usize];
        (0..self.scheme.classes().len())
            .map(|k| Scheme::begin(k) as usize)
            .any(|b| em.get(b).is_some_and(|&x| x > outside))
    }

    /// Makes the per-thread cache this model's and this featurizer's.
    fn own_cache(&self, f: &dyn Featurizer, s: &mut Scratch) {
        let owner = (self.id, f as *const dyn Featurizer as *const () as usize);
        if s.owner != owner || s.words.len() >= CACHE_LIMIT {
            s.words.clear();
            s.vecs.clear();
            s.owner = owner;
            let stride = SPAN * self.n_labels();
            s.vecs.resize(2 * stride, 0.0);
            self.add_word(&[pad_attr(false)], &mut s.vecs[..stride]);
            self.add_word(&[pad_attr(true)], &mut s.vecs[stride..]);
        }
    }

    /// The cache slot of `w`'s window contributions, computed now if new.
    fn slot(&self, f: &dyn Featurizer, w: &str, s: &mut Scratch) -> u32 {
        if let Some(&k) = s.words.get(w) {
            return k;
        }
        let stride = SPAN * self.n_labels();
        let k = (s.vecs.len() / stride) as u32;
        s.attrs.clear();
        f.attributes(w, &mut s.attrs);
        s.vecs.resize(s.vecs.len() + stride, 0.0);
        let start = k as usize * stride;
        self.add_word(s.attrs.as_slice(), &mut s.vecs[start..start + stride]);
        s.words.insert(w.into(), k);
        k
    }

    fn tag_with(&self, f: &dyn Featurizer, words: &[&str], s: &mut Scratch) -> Vec<Span> {
        // The cache holds what this model and this featurizer make of each word.
        self.own_cache(f, s);
        let stride = SPAN * self.n_labels();
        s.slots.clear();
        for w in words {
            let slot = self.slot(f, w, s);
            s.slots.push(slot);
        }
        let n = words.len();
        let (vecs, slots) = (&s.vecs, &s.slots);
        let vec = |j: isize| -> &[f32] {
            let slot = if j < 0 {
                0
            } else if j as usize >= n {
                1
            } else {
                slots[j as usize] as usize
            };
            &vecs[slot * stride..(slot + 1) * stride]
        };
        Scheme::spans(self.decode(n, vec, &mut s.decode))
    }
}

/// Distinct words kept per thread before the cache starts over.
const CACHE_LIMIT: usize = 1 << 16;

/// Buffers of one decoding, reused.
#[derive(Default)]
struct Decode {
    em: Vec<f32>,
    back: Vec<u16>,
    labels: Vec<u16>,
}

/// Per-thread state of tagging: each distinct word's window contributions (slots 0 and 1 are
/// the padding before and after the sentence), for the model it was computed with.
#[derive(Default)]
struct Scratch {
    owner: (u64, usize),
    words: FxHashMap<Box<str>, u32>,
    vecs: Vec<f32>,
    slots: Vec<u32>,
    attrs: Attrs,
    decode: Decode,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// First-order Viterbi: the best label sequence under emission scores `em` (`n x l`) and
/// transitions `trans` (`(l + 1) x (l + 1)`, start row and end column last). Ties go to the
/// lower label, so decoding is deterministic.
fn viterbi(trans: &[f32], l: usize, em: &[f32], n: usize, back: &mut Vec<u16>, out: &mut Vec<u16>) {
    out.clear();
    if n == 0 || l == 0 {
        return;
    }
    let w = l + 1;
    back.clear();
    back.resize(n * l, 0);
    // Scores of the best path ending in each label, on the stack.
    let (mut a, mut b) = ([0.0f32; MAX_LABELS], [0.0f32; MAX_LABELS]);
    let (mut prev, mut cur) = (&mut a[..l.min(MAX_LABELS)], &mut b[..l.min(MAX_LABELS)]);
    if prev.len() < l {
        return; // more labels than a scheme has (Scheme::new caps them)
    }
    for y in 0..l {
        prev[y] = trans[l * w + y] + em[y];
    }
    let mut arg = [0u32; MAX_LABELS];
    for i in 1..n {
        // Source-major, so that the inner loop runs over contiguous transition rows and
        // vectorizes; forbidden transitions are minus infinity and never win. Ties keep the
        // lower source label.
        cur.fill(f32::NEG_INFINITY);
        arg.fill(0);
        for (x, &p) in prev.iter().enumerate() {
            let row = &trans[x * w..x * w + l];
            for ((c, a), &t) in cur.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = p + t;
                if s > *c {
                    *c = s;
                    *a = x as u32;
                }
            }
        }
        let (em_i, back_i) = (&em[i * l..(i + 1) * l], &mut back[i * l..(i + 1) * l]);
        for ((c, b), (&e, &a)) in cur.iter_mut().zip(back_i).zip(em_i.iter().zip(&arg)) {
            *c += e;
            *b = a as u16;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut best = f32::NEG_INFINITY;
    let mut last = 0u16;
    for (x, p) in prev.iter().enumerate() {
        let s = p + trans[x * w + l];
        if s > best {
            best = s;
            last = x as u16;
        }
    }
    out.resize(n, 0);
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i * l + out[i] as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trans_for(l: usize, f: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        let mut t = vec![0.0; (l + 1) * (l + 1)];
        for a in 0..=l {
            for b in 0..=l {
                t[a * (l + 1) + b] = f(a, b);
            }
        }
        Model::constrain(&mut t, l);
        t
    }

    #[test]
    fn viterbi_follows_emissions_when_transitions_are_flat() {
        let l = 5; // O B-0 I-0 B-1 I-1
        let t = trans_for(l, |_, _| 0.0);
        let mut em = vec![0.0; 3 * l];
        em[1] = 2.0; // B-0
        em[l + 2] = 2.0; // I-0
        em[2 * l] = 1.0; // O
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&t, l, &em, 3, &mut back, &mut out);
        assert_eq!(out, vec![1, 2, 0]);
    }

    #[test]
    fn viterbi_never_produces_an_inside_label_without_its_begin() {
        let l = 5;
        let t = trans_for(l, |_, _| 0.0);
        // I-0 scores best everywhere, I-1 at the last word: still a valid IOB2 sequence.
        let mut em = vec![0.0; 4 * l];
        for i in 0..4 {
            em[i * l + 2] = 5.0;
        }
        em[3 * l + 4] = 9.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&t, l, &em, 4, &mut back, &mut out);
        let mut prev = None;
        for &y in &out {
            assert!(Scheme::allowed(prev, y), "{out:?}");
            prev = Some(y);
        }
        assert_eq!(out[0], 1, "{out:?}");
    }

    #[test]
    fn viterbi_uses_transitions() {
        let l = 3; // O B-0 I-0
                   // O -> B is costly; emissions slightly prefer B at word 1.
        let t = trans_for(l, |a, b| if a == 0 && b == 1 { -2.0 } else { 0.0 });
        let mut em = vec![0.0; 2 * l];
        em[0] = 1.0;
        em[l + 1] = 1.0;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&t, l, &em, 2, &mut back, &mut out);
        assert_eq!(out, vec![0, 0]);
        viterbi(&t, l, &em, 0, &mut back, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn hashes_are_fixed() {
        // The weights file depends on these values: they must never change.
        assert_eq!(attr_key("w", b"abc"), attr_key("w", b"abc"));
        assert_ne!(attr_key("w", b"abc"), attr_key("l", b"abc"));
        assert_ne!(attr_key("wa", b"bc"), attr_key("w", b"abc"));
        assert_eq!(feature_key(attr_key("w", b"abc"), 2), 0x4691_da9a);
    }
}
