//! What the extractors ask about a word, computed once per distinct word and kept in a
//! per-thread cache: news text repeats its words, and the analyser and the dictionary
//! lookups dominate extraction time otherwise.

use crate::text::Lower;
use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::lexicon::{ends_with_any, is_one_of, Lexicon};
use crate::text::morph::{Case, Morphology};

/// Facts about one word form (as written, letter case included).
#[derive(Debug, Clone, PartialEq)]
pub struct WordInfo {
    pub lower: String,
    /// The case-stripped form, letter case kept ("Клинцтің" -> "Клинц").
    pub nominative: String,
    /// `nominative`, lowercase.
    pub nominative_lower: String,
    /// The bare stem, lowercase ("тұрғындарына" -> "тұрғын").
    pub stem_lower: String,
    /// The analyser's case reading, before any dictionary override.
    pub case: Case,
    pub plural: bool,
    pub possessive: bool,
    /// The possessive ending is of the third person ("министрлігі", not "еліміз"): what ties a
    /// noun to an owner written before it.
    pub possessive_third: bool,
    /// Written exactly as a dictionary word (role, group, organization, document noun).
    pub dictionary_form: bool,
    pub role_head: Option<String>,
    pub org_head: Option<String>,
    pub group: Option<String>,
    pub document: bool,
    /// A kind-of-place noun in any form ("облысының", "қаласы").
    pub place_type: bool,
    /// A common noun of the lexicon in any form.
    pub common: bool,
    /// Bit set of `forms.tsv` forms (see `Lexicon::form_bit`).
    pub forms: u32,
}

impl WordInfo {
    pub fn compute(lex: &Lexicon, morph: &dyn Morphology, word: &str) -> WordInfo {
        let lower = word.lower();
        let best = morph.best(word);
        let bases = morph.noun_bases(word);
        let find =
            |set: &rustc_hash::FxHashSet<String>| bases.iter().find(|b| set.contains(*b)).cloned();
        let group = bases
            .iter()
            .find(|b| lex.groups.contains_key(*b))
            .cloned()
            .or_else(|| {
                // A plural of a noun of agent ("сарапшылар", "кәсіпкерлер", "журналистер") or
                // of a participle ("пікір жазғандар"): people, whatever the noun.
                if !best.plural {
                    return None;
                }
                let stem = best.stem.lower();
                let agent = stem.chars().count() >= 4 && ends_with_any(&stem, &lex.endings.agent);
                // "қайтарғандарын айтады": a possessed participle that ends a content clause
                // (that they returned), not the people who returned.
                let participle =
                    lex.has_form(&stem, "participle") && !lex.has_form(&lower, "content");
                // "қазақстандықтар", "астаналықтар": the people of a place the gazetteer knows.
                let demonym = lex.endings.adjective.iter().any(|e| {
                    stem.strip_suffix(e.as_str()).is_some_and(|place| {
                        lex.gaz_by_name.get(place).is_some_and(|&gi| {
                            matches!(lex.gazetteer[gi].etype.as_str(), "place" | "country")
                        })
                    })
                });
                (agent || participle || demonym).then_some(stem)
            });
        let mut forms = 0u32;
        for (bit, name) in lex.form_names.iter().enumerate() {
            if lex.has_form(&lower, name) {
                forms |= 1 << bit;
            }
        }
        WordInfo {
            dictionary_form: lex.dictionary.contains(&lower),
            nominative: best.nominative.clone(),
            nominative_lower: best.nominative.lower(),
            stem_lower: best.stem.lower(),
            case: best.case,
            plural: best.plural,
            possessive: best.possessive.is_some(),
            possessive_third: best.possessive == Some(3),
            role_head: find(&lex.role_heads),
            org_head: find(&lex.org_heads),
            group,
            // A compound written with or without its hyphen ("келісім-шарт", "келісімшарт").
            document: find(&lex.documents).is_some()
                || bases
                    .iter()
                    .any(|b| is_one_of(b, &lex.words.approved_nouns))
                || (lower.contains('-')
                    && bases
                        .iter()
                        .any(|b| lex.documents.contains(&b.replace('-', "")))),
            common: find(&lex.dictionary).is_some(),
            place_type: find(&lex.place_types).is_some(),
            forms,
            lower,
        }
    }

    /// Whether the word is written in lower case (a common word, not a name).
    pub fn text_is_lowercase(&self) -> bool {
        self.nominative
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    }

    pub fn has_form(&self, lex: &Lexicon, form: &str) -> bool {
        lex.form_bit(form)
            .is_some_and(|b| self.forms & (1 << b) != 0)
    }
}

/// Entries kept per thread before the cache starts over (bounds memory on huge vocabularies).
const CACHE_LIMIT: usize = 200_000;

struct Cache {
    owner: usize,
    map: FxHashMap<Box<str>, Rc<WordInfo>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache { owner: 0, map: FxHashMap::default() });
}

/// The facts about `word`, from the cache or computed now.
pub fn word_info(lex: &Lexicon, morph: &dyn Morphology, word: &str) -> Rc<WordInfo> {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let owner = lex as *const Lexicon as usize;
        if c.owner != owner || c.map.len() >= CACHE_LIMIT {
            c.map.clear();
            c.owner = owner;
        }
        if let Some(w) = c.map.get(word) {
            return Rc::clone(w);
        }
        let w = Rc::new(WordInfo::compute(lex, morph, word));
        c.map.insert(word.into(), Rc::clone(&w));
        w
    })
}
