//! The analyser: peels suffixes off the right end of a word, keeping every split the table's
//! conditions allow, ranked by cost.

use super::*;
use crate::text::Lower;

/// A word prepared for analysis: lowercase letters and per-position facts, all on
/// the stack.
struct Word<'a> {
    text: &'a str,
    len: usize,
    chars: [char; MAX_CHARS],
    /// Byte offset in `text` of every char position (and of the end); at most
    /// 4 * `MAX_CHARS`, so a byte holds it.
    offsets: [u8; MAX_CHARS + 1],
    /// `series[i]`: suffix series allowed after `chars[..i]` (last vowel, fronting).
    series: [u8; MAX_CHARS + 1],
    /// `vowels[i]`: series of the last vowel in `chars[..i]` alone (0: no vowel yet).
    vowels: [u8; MAX_CHARS + 1],
}

impl<'a> Word<'a> {
    fn new(text: &'a str) -> Self {
        Word {
            text,
            len: 0,
            chars: ['\0'; MAX_CHARS],
            offsets: [0; MAX_CHARS + 1],
            series: [BOTH; MAX_CHARS + 1],
            vowels: [0; MAX_CHARS + 1],
        }
    }

    /// Byte offset of char position `i`.
    fn offset(&self, i: u8) -> usize {
        usize::from(self.offsets[usize::from(i)])
    }
}

/// A candidate split, kept as positions so ranking needs no allocation.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    cost: f32,
    /// End (in chars) of the nominative: the start of the case suffix.
    nom_end: u8,
    /// End (in chars) of the bare stem.
    stem_end: u8,
    case: Case,
    plural: bool,
    possessive: Option<u8>,
    attributive: bool,
    alternation: Alternation,
}

/// Suffixes peeled so far, carried down the search.
#[derive(Debug, Clone, Copy)]
struct Partial {
    cost: f32,
    /// The leftmost suffix peeled so far (the one the next morpheme must precede).
    last: Option<u16>,
    case: Option<(Case, usize)>,
    plural: bool,
    possessive: Option<u8>,
    attributive: bool,
}

/// Fixed-capacity candidate list.
struct Candidates {
    items: [Candidate; MAX_CANDIDATES],
    len: usize,
}

impl Candidates {
    fn new() -> Self {
        let blank = Candidate {
            cost: 0.0,
            nom_end: 0,
            stem_end: 0,
            case: Case::Nom,
            plural: false,
            possessive: None,
            attributive: false,
            alternation: Alternation::None,
        };
        Candidates {
            items: [blank; MAX_CANDIDATES],
            len: 0,
        }
    }

    fn push(&mut self, c: Candidate) {
        if self.len < MAX_CANDIDATES {
            self.items[self.len] = c;
            self.len += 1;
        }
    }

    fn as_slice(&self) -> &[Candidate] {
        &self.items[..self.len]
    }

    /// Sorts by cost; equal costs keep discovery order (table order, and a split
    /// before the splits that strip more from the same remainder).
    fn sort(&mut self) {
        self.items[..self.len].sort_by(|a, b| a.cost.total_cmp(&b.cost));
    }
}

/// Where the bare (whole-word) analysis goes in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bare {
    /// Only the bare analysis: the word is listed as invariant.
    Only,
    /// Bare first: the word is a lexeme or no split is plausible.
    First,
    /// Bare last: at least one split is plausible.
    Last,
}

impl Morph {
    /// All analyses allowed by harmony and consonant rules, best first. The bare
    /// analysis (whole word, nominative) is always present: last when some split is
    /// plausible, first when none is (or when the word is a listed lexeme), and alone
    /// when the word is a listed non-noun.
    pub fn analyze(&self, word: &str) -> Vec<Analysis> {
        let bare = Analysis::bare(word);
        let mut w = Word::new(word);
        if !self.prepare(&mut w) {
            return vec![bare];
        }
        let mut cands = Candidates::new();
        let placement = self.search(&w, &mut cands);
        let mut out = Vec::with_capacity(cands.len + 1);
        if placement != Bare::Last {
            out.push(bare.clone());
        }
        if placement != Bare::Only {
            for c in cands.as_slice() {
                out.push(self.build(&w, c));
            }
        }
        if placement == Bare::Last {
            out.push(bare);
        }
        out
    }

    /// The best analysis of the word.
    pub fn best(&self, word: &str) -> Analysis {
        let mut w = Word::new(word);
        let mut cands = Candidates::new();
        match self.best_split(&mut w, &mut cands) {
            Some(c) => self.build(&w, &c),
            None => Analysis::bare(word),
        }
    }

    /// Best guess at the case-stripped form (what an entity mention's canonical label uses).
    pub fn nominative(&self, word: &str) -> String {
        let mut w = Word::new(word);
        let mut cands = Candidates::new();
        match self.best_split(&mut w, &mut cands) {
            Some(c) => word[..w.offset(c.nom_end)].to_string(),
            None => word.to_string(),
        }
    }

    /// Best guess at the bare stem (plural, possessive and case removed).
    pub fn stem(&self, word: &str) -> String {
        self.best(word).stem
    }

    /// Best guess at the case of the word (`Nom` when no suffix applies).
    pub fn case_of(&self, word: &str) -> Case {
        let mut w = Word::new(word);
        let mut cands = Candidates::new();
        self.best_split(&mut w, &mut cands)
            .map_or(Case::Nom, |c| c.case)
    }

    /// Among the analyses, the first whose `nominative` is known (e.g. gazetteer labels
    /// and names already seen in the article); falls back to [`Morph::nominative`].
    /// A known whole word wins over any split of it. `known` is asked about the form
    /// as written and, if that fails, about its lowercase and capitalised spellings,
    /// so a case-sensitive lookup still matches "АСТАНАДА" to "Астана".
    pub fn nominative_with(&self, word: &str, known: &dyn Fn(&str) -> bool) -> String {
        self.best_with(word, known).nominative
    }

    /// Like [`Morph::best`], but prefers the first analysis whose `nominative` is
    /// known, as [`Morph::nominative_with`] does; use it when the case must agree
    /// with the chosen nominative.
    pub fn best_with(&self, word: &str, known: &dyn Fn(&str) -> bool) -> Analysis {
        let is_known = |s: &str| {
            if s.is_empty() {
                return false;
            }
            if known(s) {
                return true;
            }
            let low = s.lower();
            if low != s && known(&low) {
                return true;
            }
            let mut chars = low.chars();
            let title: String = match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => return false,
            };
            title != s && title != low && known(&title)
        };
        let analyses = self.analyze(word);
        let whole = analyses
            .iter()
            .position(|a| a.nominative == word && a.case == Case::Nom)
            .filter(|_| is_known(word));
        let chosen = whole.or_else(|| analyses.iter().position(|a| is_known(&a.nominative)));
        let index = chosen.unwrap_or(0);
        analyses
            .into_iter()
            .nth(index)
            .unwrap_or_else(|| Analysis::bare(word))
    }

    /// The best split, or `None` when the bare word wins. The buffers live in the
    /// caller's frame so that nothing large is moved around.
    fn best_split(&self, w: &mut Word, cands: &mut Candidates) -> Option<Candidate> {
        if !self.prepare(w) {
            return None;
        }
        match self.search(w, cands) {
            Bare::Last => cands.as_slice().first().copied(),
            Bare::First | Bare::Only => None,
        }
    }

    /// Fills in the per-position facts of `w`; false when the word is too short or
    /// too long to analyse.
    fn prepare(&self, w: &mut Word) -> bool {
        let mut last_vowel = 0u8;
        for (i, c) in w.text.char_indices() {
            if w.len == MAX_CHARS {
                return false;
            }
            let c = lower(c);
            w.chars[w.len] = c;
            let Ok(offset) = u8::try_from(i) else {
                return false;
            };
            w.offsets[w.len] = offset;
            w.len += 1;
            let bits = self.bits(c);
            if bits & self.vowel_bits != 0 {
                last_vowel = if bits & self.back_bits != 0 {
                    BACK
                } else if bits & self.front_bits != 0 {
                    FRONT
                } else {
                    BOTH
                };
            } else if c == '-' {
                // Each part of a hyphenated compound harmonises on its own.
                last_vowel = 0;
            }
            w.vowels[w.len] = last_vowel;
            let mut series = if last_vowel == 0 { BOTH } else { last_vowel };
            if bits & self.fronting_bits != 0 {
                series |= FRONT;
            }
            if self.neutral.iter().any(|e| ends_with(&w.chars[..w.len], e)) {
                series = BOTH;
            }
            w.series[w.len] = series;
        }
        let Ok(end) = u8::try_from(w.text.len()) else {
            return false;
        };
        w.offsets[w.len] = end;
        w.len >= 2
    }

    fn bits(&self, c: char) -> u32 {
        cyr_index(c).map_or(0, |i| self.letter_bits[i])
    }

    /// Class bits of the letter before position `p`, looking through a soft or hard
    /// sign (Брюссельде is judged on л).
    fn bits_before(&self, w: &Word, p: usize) -> u32 {
        match p {
            0 => 0,
            _ => {
                let c = w.chars[p - 1];
                if (c == 'ь' || c == 'ъ') && p >= 2 {
                    self.bits(w.chars[p - 2])
                } else {
                    self.bits(c)
                }
            }
        }
    }

    fn is_lexeme(&self, chars: &[char]) -> bool {
        self.lexemes.contains(chars) || self.endings.iter().any(|e| e.matches(chars))
    }

    /// Collects all splits into `cands`, sorted, and says where the bare analysis goes.
    fn search(&self, w: &Word, cands: &mut Candidates) -> Bare {
        let whole = &w.chars[..w.len];
        if self.invariants.contains(whole) {
            return Bare::Only;
        }
        let start = Partial {
            cost: 0.0,
            last: None,
            case: None,
            plural: false,
            possessive: None,
            attributive: false,
        };
        self.walk(w, w.len, 0, start, cands);
        cands.sort();
        let plausible = cands.as_slice().first().is_some_and(|c| c.cost < 0.0);
        if !plausible || self.is_lexeme(whole) {
            Bare::First
        } else {
            Bare::Last
        }
    }

    /// Depth-first peeling: `w.chars[..end]` remains, and only suffixes of slot
    /// `level` or further left may be peeled next.
    fn walk(&self, w: &Word, end: usize, level: u8, partial: Partial, out: &mut Candidates) {
        if partial.last.is_some() {
            self.finish(w, end, end, &partial, out);
        }
        let Some(idx) = end.checked_sub(1).and_then(|i| cyr_index(w.chars[i])) else {
            return;
        };
        let prev = partial.last.map(|i| &self.suffixes[usize::from(i)]);
        for &si in &self.by_last[idx] {
            let s = &self.suffixes[usize::from(si)];
            let slot = s.kind.slot();
            let n = s.form.len();
            if slot < level || n + 1 > end || !ends_with(&w.chars[..end], &s.form) {
                continue;
            }
            if let Some(prev) = prev {
                if !prev.allows_before(s.kind) {
                    continue;
                }
            }
            if s.kind == Kind::Epenthesis
                && !prev.is_some_and(|p| p.kind.case().is_some() || p.kind == Kind::Plural)
            {
                continue;
            }
            let p = end - n;
            let case = match (s.kind, partial.case) {
                // The epenthetic vowel belongs with the case suffix it precedes:
                // the nominative of Минскіде is Минск.
                (Kind::Epenthesis, Some((c, start))) if start == end => Some((c, p)),
                _ => s.kind.case().map(|c| (c, p)).or(partial.case),
            };
            let next = Partial {
                cost: partial.cost + s.cost,
                last: Some(si),
                case,
                plural: partial.plural || s.kind == Kind::Plural,
                possessive: s.kind.person().or(partial.possessive),
                attributive: partial.attributive || s.kind == Kind::Attr,
            };
            if w.chars[p - 1] == '-' {
                // A suffix written after a hyphen (ЕҚЫҰ-ның, АҚШ-пен) follows an
                // abbreviation, a number or a foreign word whose pronunciation the
                // letters do not show, so harmony and consonant rules are not checked
                // and nothing further is peeled: the stem is what precedes the hyphen.
                if p >= 2 {
                    self.finish(w, p, p - 1, &next, out);
                }
                continue;
            }
            if s.has_phonological_condition() {
                let before = self.bits_before(w, p);
                let ends_ok = s.ends.iter().any(|e| ends_with(&w.chars[..p], e));
                if before & s.classes == 0 && !ends_ok {
                    continue;
                }
            }
            if w.series[p] & s.series == 0 {
                continue;
            }
            self.walk(w, p, slot + 1, next, out);
        }
    }

    /// Accepts `w.chars[..stem_end]` as the stem under the suffixes in `partial`, whose
    /// leftmost suffix starts at `suffix_start` (after the hyphen, if any).
    fn finish(
        &self,
        w: &Word,
        suffix_start: usize,
        stem_end: usize,
        partial: &Partial,
        out: &mut Candidates,
    ) {
        let Some(first) = partial.last.map(|i| &self.suffixes[usize::from(i)]) else {
            return;
        };
        if !first.allows_before(Kind::Stem) {
            return;
        }
        let stem = &w.chars[..stem_end];
        let hyphenated = stem_end < suffix_start;
        let mut cost = partial.cost;
        if !hyphenated {
            // Judge length and vowels on the last part of a compound (Нұр-Сұлтан).
            let part_start = stem.iter().rposition(|&c| c == '-').map_or(0, |i| i + 1);
            let part = &stem[part_start..];
            let Some(&last) = part.last() else {
                return;
            };
            let open = self.bits(last) & self.vowel_bits != 0;
            let min = if open {
                self.params.min_open_stem
            } else {
                self.params.min_stem
            };
            if part.len() < min || !part.iter().any(|&c| self.bits(c) & self.vowel_bits != 0) {
                return;
            }
            let applicable = self
                .finals
                .iter()
                .filter(|f| f.before & first.kind.bit() != 0 && ends_with(part, &f.ending))
                .max_by_key(|f| f.ending.len());
            if let Some(f) = applicable {
                cost += f.cost;
            }
        }
        let vowel_initial = !hyphenated
            && first
                .form
                .first()
                .is_some_and(|&c| self.bits(c) & self.vowel_bits != 0);
        let mut alternation = Alternation::None;
        if vowel_initial {
            if let [.., a, b] = stem {
                if a == b && self.bits(*b) & self.vowel_bits == 0 {
                    cost += self.params.double_final_cost;
                }
            }
            if first.kind.person().is_some() {
                alternation = self.alternation(w, stem_end, first);
            }
        } else if !hyphenated {
            if let Some(e) = self
                .elisions
                .iter()
                .find(|e| e.before & first.kind.bit() != 0 && ends_with(stem, &e.ending))
            {
                alternation = Alternation::Elision(e.letter);
            }
        }
        let nom_end = match partial.case {
            Some((_, start)) if start > 0 && w.chars[start - 1] == '-' => start - 1,
            Some((_, start)) => start,
            None => w.len,
        };
        if nom_end < w.len && self.is_lexeme(&w.chars[..nom_end]) {
            cost += self.params.lexeme_cost;
        }
        out.push(Candidate {
            cost,
            // Positions are below MAX_CHARS, so they fit in a byte.
            nom_end: nom_end as u8,
            stem_end: stem_end as u8,
            case: partial.case.map_or(Case::Nom, |(c, _)| c),
            plural: partial.plural,
            possessive: partial.possessive,
            attributive: partial.attributive,
            alternation,
        });
    }

    /// The stem-final alternation to undo before the vowel-initial possessive `first`.
    fn alternation(&self, w: &Word, stem_end: usize, first: &Suffix) -> Alternation {
        let stem = &w.chars[..stem_end];
        let Some(&last) = stem.last() else {
            return Alternation::None;
        };
        let stem_series = w.vowels[stem_end];
        for &(from, to, series) in &self.voicing {
            if last == from && (series == BOTH || stem_series == series) {
                return Alternation::Voicing(to);
            }
        }
        if let [.., a, b] = stem {
            if self.syncope.iter().any(|s| s == &[*a, *b]) {
                if let Some(&v) = first.form.first() {
                    return Alternation::Syncope(v);
                }
            }
        }
        Alternation::None
    }

    fn build(&self, w: &Word, c: &Candidate) -> Analysis {
        let text = w.text;
        let nominative = text[..w.offset(c.nom_end)].to_string();
        let stem_text = &text[..w.offset(c.stem_end)];
        let stem = match c.alternation {
            Alternation::None => stem_text.to_string(),
            Alternation::Elision(letter) => {
                let upper = stem_text.chars().all(char::is_uppercase);
                let mut s = String::with_capacity(stem_text.len() + 2);
                s.push_str(stem_text);
                if upper {
                    s.extend(letter.to_uppercase());
                } else {
                    s.push(letter);
                }
                s
            }
            Alternation::Voicing(to) | Alternation::Syncope(to) => {
                let last_at = w.offset(c.stem_end.saturating_sub(1));
                let head = &stem_text[..last_at];
                let last = &stem_text[last_at..];
                let upper = last.chars().any(char::is_uppercase);
                let letter: String = if upper {
                    to.to_uppercase().collect()
                } else {
                    to.to_string()
                };
                let mut s = String::with_capacity(stem_text.len() + 2);
                s.push_str(head);
                s.push_str(&letter);
                if matches!(c.alternation, Alternation::Syncope(_)) {
                    s.push_str(last);
                }
                s
            }
        };
        Analysis {
            nominative,
            stem,
            case: c.case,
            plural: c.plural,
            possessive: c.possessive,
            attributive: c.attributive,
        }
    }
}
