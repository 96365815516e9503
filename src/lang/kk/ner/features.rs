//! What the entity tagger sees of a Kazakh word: its form (as written, lowercase, first and
//! last letters, every three letters in a row, shape), its morphology through our suffix analyser (the case-stripped stem,
//! so that "Қазақстанның" and "Қазақстанда" share features, the case, plural, possessive), and
//! the word lists of `data/kk/lexicon` (given names, titles, organization heads, kinds of
//! places, gazetteer names, surname endings).

use crate::text::Lower;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::lexicon::Lexicon;
use crate::tagger::offsets::{ALL, NEAR, SELF};
use crate::tagger::{Attrs, Featurizer};

use super::super::Morph;

/// Groups of attributes, to switch off one at a time when measuring what each is worth.
pub mod groups {
    pub const FORM: u32 = 1;
    pub const AFFIX: u32 = 2;
    pub const SHAPE: u32 = 4;
    pub const MORPH: u32 = 8;
    pub const LEXICON: u32 = 16;
    pub const GAZETTEER: u32 = 32;
    pub const CHARS: u32 = 64;
    pub const EVERY: u32 = 127;
}

/// Letters of a word that its three-letter sequences are taken from.
const MAX_TRIGRAM_CHARS: usize = 40;

/// Gazetteer types as bits.
const GAZ_TYPES: [&str; 5] = ["person", "organization", "country", "place", "outlet"];

/// The Kazakh featurizer over the word lists and the analyser.
pub struct KkFeatures {
    lex: &'static Lexicon,
    morph: &'static Morph,
    groups: u32,
    /// Lowercase one-word gazetteer names -> type bits.
    gaz_single: FxHashMap<String, u8>,
    /// Lowercase first words of longer names -> type bits.
    gaz_first: FxHashMap<String, u8>,
    /// Lowercase later words of longer names -> type bits.
    gaz_later: FxHashMap<String, u8>,
    /// Lowercase single-word role phrases -> class.
    roles: FxHashMap<String, String>,
    /// Lowercase given names.
    given: FxHashSet<String>,
    /// [`NAME`] and a fingerprint of the word lists read, as stored with the weights.
    name: String,
}

/// The name stored with weights made with [`KkFeatures`]; change it whenever the attributes
/// change, so that old weights are refused rather than silently wrong. The stored name adds a
/// fingerprint of the word lists the attributes read (`kk-ner-2+0123456789abcdef`): weights
/// trained before a list changed still load, and a test says to retrain them.
pub const NAME: &str = "kk-ner-2";

impl KkFeatures {
    pub fn new(lex: &'static Lexicon, morph: &'static Morph) -> KkFeatures {
        KkFeatures::with_groups(lex, morph, groups::EVERY)
    }

    pub fn with_groups(lex: &'static Lexicon, morph: &'static Morph, groups: u32) -> KkFeatures {
        let mut f = KkFeatures {
            lex,
            morph,
            groups,
            gaz_single: FxHashMap::default(),
            gaz_first: FxHashMap::default(),
            gaz_later: FxHashMap::default(),
            roles: FxHashMap::default(),
            given: lex.given_names.iter().map(|n| n.lower()).collect(),
            name: format!("{NAME}+{:016x}", lexicon_fingerprint(lex)),
        };
        for g in &lex.gazetteer {
            let bit = GAZ_TYPES
                .iter()
                .position(|t| *t == g.etype)
                .map_or(0, |i| 1u8 << i);
            for name in std::iter::once(&g.label).chain(&g.aliases) {
                let words = crate::lexicon::lower_words(&name.replace(['«', '»', '"'], " "));
                match words.as_slice() {
                    [] => {}
                    [one] => *f.gaz_single.entry(one.clone()).or_default() |= bit,
                    [first, rest @ ..] => {
                        *f.gaz_first.entry(first.clone()).or_default() |= bit;
                        for w in rest {
                            *f.gaz_later.entry(w.clone()).or_default() |= bit;
                        }
                    }
                }
            }
        }
        for (phrase, class) in &lex.roles {
            if !phrase.contains(' ') {
                f.roles.insert(phrase.clone(), class.clone());
            }
        }
        f
    }

    fn on(&self, group: u32) -> bool {
        self.groups & group != 0
    }
}

/// The first `n` characters of `s` (all of it if shorter).
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(b, _)| &s[..b])
}

/// The last `n` characters of `s` (all of it if shorter).
fn suffix(s: &str, n: usize) -> &str {
    if n == 0 {
        return "";
    }
    s.char_indices()
        .rev()
        .nth(n - 1)
        .map_or(s, |(b, _)| &s[b..])
}

/// The word's letters mapped to X (upper), x (lower), d (digit), runs collapsed: "Xx", "X-x",
/// "d.d", "«". Bounded, so a long odd token makes a short shape.
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if last != Some(k) {
            out.push(k);
            last = Some(k);
            if out.len() >= 12 {
                break;
            }
        }
    }
    out
}

fn gaz_attrs(out: &mut Attrs, kind: &str, bits: u8, offsets: u8) {
    for (i, t) in GAZ_TYPES.iter().enumerate() {
        if bits & (1 << i) != 0 {
            out.add(kind, t, offsets);
        }
    }
}

/// A hash of the word lists the attributes read (every one of them), each sorted: the same lists give the same
/// number on every machine and build (FNV-1a over the bytes, a 0 byte between entries).
pub fn lexicon_fingerprint(lex: &Lexicon) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain(std::iter::once(0)) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let sorted = |items: Vec<String>| {
        let mut v = items;
        v.sort();
        v
    };
    let lists: [Vec<String>; 15] = [
        sorted(lex.given_names.iter().cloned().collect()),
        sorted(lex.role_heads.iter().cloned().collect()),
        sorted(lex.org_heads.iter().cloned().collect()),
        sorted(lex.org_modifiers.iter().cloned().collect()),
        sorted(lex.place_types.iter().cloned().collect()),
        lex.endings.surname.clone(),
        lex.endings.patronymic.clone(),
        sorted(lex.roles.iter().map(|(p, c)| format!("{p}\t{c}")).collect()),
        sorted(
            lex.gazetteer
                .iter()
                .map(|g| format!("{}\t{}\t{}", g.label, g.etype, g.aliases.join("|")))
                .collect(),
        ),
        sorted(lex.groups.keys().cloned().collect()),
        sorted(lex.months.keys().cloned().collect()),
        sorted(lex.documents.iter().cloned().collect()),
        sorted(lex.outlet_cues.iter().cloned().collect()),
        lex.words.postpositions.clone(),
        lex.words.conjunctions.clone(),
    ];
    for list in &lists {
        for s in list {
            eat(s);
        }
        eat("\u{1}");
    }
    h
}

impl Featurizer for KkFeatures {
    fn name(&self) -> &str {
        &self.name
    }

    fn attributes(&self, word: &str, out: &mut Attrs) {
        let lower = word.lower();
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let all_upper = letters > 1 && !word.chars().any(char::is_lowercase);
        if self.on(groups::FORM) {
            out.add("w", word, NEAR);
            out.add("l", &lower, ALL);
        }
        if self.on(groups::AFFIX) {
            for n in 1..=4 {
                out.add("p", prefix(&lower, n), if n == 3 { NEAR } else { SELF });
            }
            for n in 1..=5 {
                let offsets = if n == 2 || n == 3 { NEAR } else { SELF };
                out.add("s", suffix(&lower, n), offsets);
            }
        }
        if self.on(groups::CHARS) {
            // Bounded: real words are far shorter, and an odd token must stay cheap.
            let chars: Vec<(usize, char)> = lower.char_indices().take(MAX_TRIGRAM_CHARS).collect();
            for k in 0..chars.len().saturating_sub(2) {
                let end = chars.get(k + 3).map_or(lower.len(), |c| c.0);
                out.add("c3", &lower[chars[k].0..end], SELF);
            }
        }
        if self.on(groups::SHAPE) {
            out.add("sh", &shape(word), NEAR);
            out.flag("cap", first_upper, ALL);
            out.flag("up", all_upper, NEAR);
            out.flag("dg", word.chars().any(|c| c.is_ascii_digit()), SELF);
            out.flag("hy", word.contains('-'), SELF);
            let n = word.chars().count().min(12);
            out.add("len", &n.to_string(), SELF);
        }
        let needs_morph = self.on(groups::MORPH | groups::LEXICON | groups::GAZETTEER);
        if !needs_morph || letters == 0 {
            return;
        }
        let best = self.morph.best(word);
        let stem = best.stem.lower();
        let nominative = best.nominative.lower();
        if self.on(groups::MORPH) {
            out.add("st", &stem, NEAR);
            out.add("nm", &nominative, SELF);
            out.add("cs", best.case.name(), ALL);
            out.flag("pl", best.plural, NEAR);
            if let Some(p) = best.possessive {
                out.add("px", &p.to_string(), NEAR);
            }
            out.flag("at", best.attributive, NEAR);
            out.add("ccs", &format!("{first_upper}{}", best.case.name()), NEAR);
            out.add("ss", suffix(&stem, 2), SELF);
            out.add("ss", suffix(&stem, 3), SELF);
        }
        let bases = self.morph.bases(word);
        let any = |f: &dyn Fn(&str) -> bool| bases.iter().any(|b| f(b));
        let lex = self.lex;
        if self.on(groups::LEXICON) {
            out.flag("gn", any(&|b| self.given.contains(b)), ALL);
            out.flag("rh", any(&|b| lex.role_heads.contains(b)), ALL);
            if let Some(class) = bases.iter().find_map(|b| self.roles.get(b)) {
                out.add("rc", class, NEAR);
            }
            out.flag("oh", any(&|b| lex.org_heads.contains(b)), ALL);
            out.flag("om", lex.org_modifiers.contains(&lower), NEAR);
            out.flag("pt", any(&|b| lex.place_types.contains(b)), ALL);
            out.flag("gr", any(&|b| lex.groups.contains_key(b)), NEAR);
            out.flag("mo", any(&|b| lex.months.contains_key(b)), NEAR);
            out.flag("doc", any(&|b| lex.documents.contains(b)), NEAR);
            out.flag("oc", lex.outlet_cues.contains(&lower), NEAR);
            let ends = |list: &[String]| list.iter().any(|e| stem.ends_with(e.as_str()));
            out.flag(
                "sur",
                first_upper && stem.chars().count() >= 5 && ends(&lex.endings.surname),
                ALL,
            );
            out.flag("pat", first_upper && ends(&lex.endings.patronymic), NEAR);
            out.flag("pp", lex.words.postpositions.contains(&lower), NEAR);
            out.flag("cj", lex.words.conjunctions.contains(&lower), NEAR);
        }
        if self.on(groups::GAZETTEER) {
            let bits = |m: &FxHashMap<String, u8>| {
                bases
                    .iter()
                    .filter_map(|b| m.get(b))
                    .fold(0u8, |a, &b| a | b)
            };
            gaz_attrs(out, "gz", bits(&self.gaz_single), ALL);
            gaz_attrs(out, "gzb", bits(&self.gaz_first), NEAR);
            gaz_attrs(out, "gzl", bits(&self.gaz_later), NEAR);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixes_count_characters() {
        assert_eq!(prefix("Қазақ", 2), "Қа");
        assert_eq!(prefix("Қа", 5), "Қа");
        assert_eq!(suffix("Қазақ", 2), "ақ");
        assert_eq!(suffix("ақ", 5), "ақ");
        assert_eq!(suffix("", 1), "");
        assert_eq!(shape("Қасым-Жомарт"), "Xx-Xx");
        assert_eq!(shape("ЕҚЫҰ-ның"), "X-x");
        assert_eq!(shape("2019"), "d");
    }

    #[test]
    fn case_forms_share_the_stem_attribute() {
        let f = KkFeatures::new(super::super::super::lexicon(), Morph::builtin());
        let attrs = |w: &str| {
            let mut a = Attrs::default();
            f.attributes(w, &mut a);
            a.as_slice().to_vec()
        };
        let gen = attrs("Қазақстанның");
        let loc = attrs("Қазақстанда");
        let st = crate::tagger::attr_key("st", "қазақстан".as_bytes());
        assert!(gen.iter().any(|a| a.key == st));
        assert!(loc.iter().any(|a| a.key == st));
        let gz = crate::tagger::attr_key("gz", b"country");
        assert!(loc.iter().any(|a| a.key == gz));
        for w in ["", "-", "«", "123", "x".repeat(500).as_str()] {
            attrs(w);
        }
    }
}
