//! Kazakh noun and proper-name suffix analysis: the Kazakh [`Morphology`].
//!
//! Relation extraction needs two things from an inflected mention: its case-stripped
//! form, so that "Тоқаевтың" and "Тоқаевқа" both name "Тоқаев", and its grammatical
//! case, because the case tells the role (genitive: possessor or speaker, dative:
//! addressee, accusative: object, ...).
//!
//! Kazakh is agglutinative: a noun is `stem [plural] [possessive] [case]`, and every
//! suffix has several shapes chosen by vowel harmony and by the last sound of what
//! precedes it (Астанаға, келісімге, Жарлыққа, Үкіметке). The shapes, their
//! conditions and their ranking costs are data, in `data/kk/lexicon/suffixes.tsv`;
//! this module parses that table once and peels suffixes off the right end of a
//! word, keeping every split the rules allow, ranked by cost.
//!
//! The analyser has no dictionary of stems, so it cannot always tell a suffix from
//! the end of a name ("Қарағанды" looks like the accusative of "*Қараған"). The
//! table lists the most common such words, and [`Morph::nominative_with`] lets a
//! caller resolve the rest with names it already knows (gazetteer labels, names
//! seen earlier in the article).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::text::morph::{Analysis, Case, Morphology};

mod analyse;
mod nouns;
mod table;
#[cfg(test)]
mod tests;

/// The built-in table, compiled into the binary so that it is self-contained.
const BUILTIN_TABLE: &str = include_str!("../../../../data/kk/lexicon/suffixes.tsv");

/// Longer words are returned unanalysed; real Kazakh nouns stay well below this,
/// and the bound lets a word live in fixed-size stack buffers.
const MAX_CHARS: usize = 48;

/// Upper bound on the number of suffix splits kept for one word. Real words have
/// a handful; the bound only protects against pathological tables.
const MAX_CANDIDATES: usize = 32;

/// Harmony series bits: which suffix series (back `а`/`ы`, front `е`/`і`) may follow.
const BACK: u8 = 1;
const FRONT: u8 = 2;
const BOTH: u8 = BACK | FRONT;

/// A morpheme kind, as named in the table's `after` conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stem,
    Plural,
    Poss1sg,
    Poss2sg,
    Poss3,
    Poss1pl,
    Poss2pl,
    Gen,
    Dat,
    Acc,
    Loc,
    Abl,
    Ins,
    Attr,
    Epenthesis,
}

impl Kind {
    const NAMES: [(&'static str, Kind); 15] = [
        ("stem", Kind::Stem),
        ("plural", Kind::Plural),
        ("poss1sg", Kind::Poss1sg),
        ("poss2sg", Kind::Poss2sg),
        ("poss3", Kind::Poss3),
        ("poss1pl", Kind::Poss1pl),
        ("poss2pl", Kind::Poss2pl),
        ("gen", Kind::Gen),
        ("dat", Kind::Dat),
        ("acc", Kind::Acc),
        ("loc", Kind::Loc),
        ("abl", Kind::Abl),
        ("ins", Kind::Ins),
        ("attr", Kind::Attr),
        ("epenthesis", Kind::Epenthesis),
    ];

    fn from_name(name: &str) -> Option<Kind> {
        Kind::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, k)| k)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// Position of the morpheme in the word, counted from the right: suffixes are
    /// peeled in increasing slot order (attributive, case, possessive, plural,
    /// epenthetic vowel), so every word is parsed in the one order Kazakh allows.
    fn slot(self) -> u8 {
        match self {
            Kind::Attr => 0,
            Kind::Gen | Kind::Dat | Kind::Acc | Kind::Loc | Kind::Abl | Kind::Ins => 1,
            Kind::Poss1sg | Kind::Poss2sg | Kind::Poss3 | Kind::Poss1pl | Kind::Poss2pl => 2,
            Kind::Plural => 3,
            Kind::Epenthesis => 4,
            Kind::Stem => 5,
        }
    }

    fn case(self) -> Option<Case> {
        match self {
            Kind::Gen => Some(Case::Gen),
            Kind::Dat => Some(Case::Dat),
            Kind::Acc => Some(Case::Acc),
            Kind::Loc => Some(Case::Loc),
            Kind::Abl => Some(Case::Abl),
            Kind::Ins => Some(Case::Ins),
            _ => None,
        }
    }

    fn person(self) -> Option<u8> {
        match self {
            Kind::Poss1sg | Kind::Poss1pl => Some(1),
            Kind::Poss2sg | Kind::Poss2pl => Some(2),
            Kind::Poss3 => Some(3),
            _ => None,
        }
    }
}

/// One row of the suffix inventory.
#[derive(Debug, Clone)]
struct Suffix {
    kind: Kind,
    /// Lowercase letters of the suffix.
    form: Vec<char>,
    /// Harmony series of the suffix: `BACK`, `FRONT` or `BOTH` (does not harmonise).
    series: u8,
    /// Letter classes the preceding letter may belong to (any of them).
    classes: u32,
    /// Literal endings the preceding text may have (alternatives to `classes`).
    ends: Vec<Vec<char>>,
    /// Morphemes one of which must precede (0: no requirement).
    need: u32,
    /// Morphemes that must not precede.
    forbid: u32,
    cost: f32,
}

impl Suffix {
    /// Whether the morphotactic part of this suffix's condition allows `kind` before it.
    fn allows_before(&self, kind: Kind) -> bool {
        (self.need == 0 || self.need & kind.bit() != 0) && self.forbid & kind.bit() == 0
    }

    fn has_phonological_condition(&self) -> bool {
        self.classes != 0 || !self.ends.is_empty()
    }
}

/// A word ending that marks a nominative form (see `ending` rows in the table).
#[derive(Debug, Clone)]
struct Ending {
    letters: Vec<char>,
    /// Letters that must precede the ending.
    min_before: usize,
    /// Letters that must not directly precede it.
    not_after: Vec<char>,
}

impl Ending {
    fn matches(&self, word: &[char]) -> bool {
        let n = self.letters.len();
        word.len() >= n + self.min_before
            && ends_with(word, &self.letters)
            && !(word.len() > n && self.not_after.contains(&word[word.len() - n - 1]))
    }
}

/// Extra cost of a stem with a given ending before given suffixes (`final` rows).
#[derive(Debug, Clone)]
struct Final {
    ending: Vec<char>,
    /// Morpheme kinds (bits) the row applies before.
    before: u32,
    cost: f32,
}

/// A stem-final alternation undone when a vowel-initial possessive follows, or a final
/// consonant dropped before a consonant-initial suffix (`elision` rows).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Alternation {
    None,
    /// Replace the last letter of the stem (б -> п, г -> к, ғ -> қ).
    Voicing(char),
    /// Insert this vowel before the last letter of the stem (халқ -> халық).
    Syncope(char),
    /// Append this letter to the stem (журналис+тер -> журналист).
    Elision(char),
}

/// A stem-final consonant the written word drops before some suffixes (`elision` rows).
#[derive(Debug, Clone)]
struct Elision {
    /// The stem's ending as written, without the dropped letter.
    ending: Vec<char>,
    /// The dropped letter, given back to the dictionary form.
    letter: char,
    /// Morpheme kinds (bits) the letter drops before.
    before: u32,
}

/// Tuning parameters read from `param` rows.
#[derive(Debug, Clone, Copy)]
struct Params {
    min_stem: usize,
    min_open_stem: usize,
    double_final_cost: f32,
    lexeme_cost: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_stem: 2,
            min_open_stem: 3,
            double_final_cost: 1.5,
            lexeme_cost: -4.0,
        }
    }
}

/// The parsed suffix table and the analyser built on it.
#[derive(Debug, Clone)]
pub struct Morph {
    /// Class bits of every letter in the Cyrillic block U+0400..U+04FF.
    letter_bits: Vec<u32>,
    vowel_bits: u32,
    back_bits: u32,
    front_bits: u32,
    fronting_bits: u32,
    suffixes: Vec<Suffix>,
    /// Suffix indices grouped by the suffix's last letter (Cyrillic block offset).
    by_last: Vec<Vec<u16>>,
    /// (letter seen, dictionary letter, required stem vowel series).
    voicing: Vec<(char, char, u8)>,
    syncope: Vec<[char; 2]>,
    elisions: Vec<Elision>,
    /// Stem endings after which either suffix series is accepted.
    neutral: Vec<Vec<char>>,
    finals: Vec<Final>,
    lexemes: WordSet,
    endings: Vec<Ending>,
    invariants: WordSet,
    params: Params,
}

/// A multiplicative hash for short words: the analyser looks words up in its
/// lexeme and invariant lists for every word it sees, and the standard SipHash
/// costs more than the rest of a short word's analysis.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of lowercase words behind a 1024-bit filter keyed on length, first and
/// last letter: nearly every word looked up is absent, and the filter answers
/// those without hashing the word.
#[derive(Debug, Clone, Default)]
struct WordSet {
    words: HashSet<Vec<char>, BuildHasherDefault<WordHasher>>,
    filter: [u64; 16],
}

impl WordSet {
    fn signature(word: &[char]) -> Option<usize> {
        let first = u32::from(*word.first()?);
        let last = u32::from(*word.last()?);
        let mixed = (word.len() as u32)
            .wrapping_mul(0x9e37_79b9)
            .wrapping_add(first.wrapping_mul(0x85eb_ca6b))
            .wrapping_add(last.wrapping_mul(0xc2b2_ae35));
        Some((mixed >> 22) as usize) // 10 bits: 0..1024
    }

    fn insert(&mut self, word: Vec<char>) {
        if let Some(sig) = WordSet::signature(&word) {
            self.filter[sig / 64] |= 1 << (sig % 64);
        }
        self.words.insert(word);
    }

    fn contains(&self, word: &[char]) -> bool {
        match WordSet::signature(word) {
            Some(sig) => {
                self.filter[sig / 64] & (1 << (sig % 64)) != 0 && self.words.contains(word)
            }
            None => self.words.contains(word),
        }
    }
}

/// Offset of a letter in the Cyrillic block, the index into per-letter tables.
fn cyr_index(c: char) -> Option<usize> {
    let u = c as u32;
    if (0x400..0x500).contains(&u) {
        Some((u - 0x400) as usize)
    } else {
        None
    }
}

/// `slice::ends_with` for the few letters of a suffix: a plain loop, which beats the
/// `memcmp` call the standard version makes on such short slices.
fn ends_with(word: &[char], end: &[char]) -> bool {
    word.len() >= end.len()
        && word[word.len() - end.len()..]
            .iter()
            .zip(end)
            .all(|(a, b)| a == b)
}

fn lower(c: char) -> char {
    match c {
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        'а'..='џ' => c,
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

impl Morph {
    /// The built-in table, parsed once.
    pub fn builtin() -> &'static Morph {
        static MORPH: OnceLock<Morph> = OnceLock::new();
        MORPH.get_or_init(|| match Morph::from_tsv(BUILTIN_TABLE) {
            Ok(m) => m,
            // The table is compiled in and covered by tests; failing here is a
            // build defect, not an input error.
            Err(e) => panic!("built-in suffix table data/kk/lexicon/suffixes.tsv: {e}"),
        })
    }
}
