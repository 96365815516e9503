//! The learned entity tagger for Kazakh: persons, organisations, countries and cities (GPE),
//! other places, nationalities and groups (NORP), and titles (POSITION), found in one sentence's
//! words. The model is the language-neutral [`crate::tagger`]; this module gives it Kazakh eyes
//! ([`features`]) and the weights trained on KazNERD (`data/kk/models/ner.bin`, see the README
//! beside it; `derek train-ner` remakes them, `derek eval-ner` scores them).

use crate::text::Lower;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::tagger::Model;

pub mod features;
pub mod kaznerd;

pub use features::KkFeatures;

/// Where the shipped weights live, as errors name them.
pub const WEIGHTS_FILE: &str = "data/kk/models/ner.bin";

/// The shipped weights.
const WEIGHTS: &[u8] = include_bytes!("../../../../data/kk/models/ner.bin");

/// The kind of a name, as KazNERD calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NerClass {
    /// A person's name.
    Person,
    /// An organisation: a body, ministry, company, party, outlet.
    Organisation,
    /// A country, region or city: a place with a government.
    Gpe,
    /// Another place: a river, mountain, lake, region without a government.
    Location,
    /// A nationality, religious or political group ("қазақ", "мұсылман").
    Norp,
    /// A title or office ("Президент", "Сыртқы істер министрі").
    Position,
}

impl NerClass {
    pub const ALL: [NerClass; 6] = [
        NerClass::Person,
        NerClass::Organisation,
        NerClass::Gpe,
        NerClass::Location,
        NerClass::Norp,
        NerClass::Position,
    ];

    /// The KazNERD name of the class ("PERSON", "GPE").
    pub fn name(self) -> &'static str {
        match self {
            NerClass::Person => "PERSON",
            NerClass::Organisation => "ORGANISATION",
            NerClass::Gpe => "GPE",
            NerClass::Location => "LOCATION",
            NerClass::Norp => "NORP",
            NerClass::Position => "POSITION",
        }
    }

    pub fn from_name(name: &str) -> Option<NerClass> {
        NerClass::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A name found by the tagger: word indices (`end` exclusive) and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NerSpan {
    pub start: usize,
    pub end: usize,
    pub class: NerClass,
}

/// A trained model with the Kazakh featurizer it was trained with.
pub struct Tagger {
    model: Model,
    features: KkFeatures,
    /// The class of each of the model's classes (`None`: trained but not reported).
    classes: Vec<Option<NerClass>>,
}

impl Tagger {
    /// A tagger over `model`, which must have been trained with `features`.
    pub fn new(model: Model, features: KkFeatures, file: &str) -> Result<Tagger> {
        let base = model.features().split('+').next().unwrap_or_default();
        if base != features::NAME {
            return Err(Error::Data {
                file: file.to_string(),
                line: 0,
                message: format!(
                    "weights made for features {:?}, this build has {:?}: retrain with derek train-ner",
                    model.features(),
                    features::NAME
                ),
            });
        }
        let classes = model
            .scheme()
            .classes()
            .iter()
            .map(|c| NerClass::from_name(c))
            .collect();
        Ok(Tagger {
            model,
            features,
            classes,
        })
    }

    /// A tagger from weights-file bytes; `file` is what errors name.
    pub fn from_bytes(bytes: &[u8], file: &str) -> Result<Tagger> {
        let model = Model::from_bytes(bytes, file)?;
        Tagger::new(
            model,
            KkFeatures::new(super::lexicon(), super::morph()),
            file,
        )
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The names in one sentence, given its words as written (punctuation as separate words,
    /// as the tokenizer gives them). Any input is fine: no words, no names.
    pub fn tag(&self, words: &[&str]) -> Vec<NerSpan> {
        let spans = self
            .model
            .tag(&self.features, words)
            .into_iter()
            .filter_map(|s| {
                let class = (*self.classes.get(s.class)?)?;
                Some(NerSpan {
                    start: s.start,
                    end: s.end,
                    class,
                })
            })
            .collect();
        without_our_words(words, quoted_names(words, spans))
    }
}

/// Names do not end in a common word with a first-person plural possessive ending: "еліміздегі"
/// (in our country) after "Министрлік" is the writer's, not part of a name.
fn without_our_words(words: &[&str], spans: Vec<NerSpan>) -> Vec<NerSpan> {
    let ours = |w: &str| {
        w.chars().next().is_some_and(char::is_lowercase)
            && (w.contains("мыз") || w.contains("міз"))
            && super::morph().best(w).possessive == Some(1)
    };
    spans
        .into_iter()
        .filter_map(|mut s| {
            while s.end > s.start && ours(words[s.end - 1]) {
                s.end -= 1;
            }
            (s.end > s.start).then_some(s)
        })
        .collect()
}

fn opens_quote(w: &str) -> bool {
    matches!(w, "«" | "“" | "„")
}

fn closes_quote(w: &str) -> bool {
    matches!(w, "»" | "”")
}

/// Most words between paired quote marks that a quoted organization name may have.
const QUOTED_NAME_WORDS: usize = 6;

/// How many words after the closing mark the organization noun may be.
const QUOTED_HEAD_REACH: usize = 3;

/// Quote marks and the names the tagger found: a name does not take in a quote mark whose
/// partner is outside it ("« Астана Моторс" is "Астана Моторс"; "Ирак және Левант » лаңкестік
/// ұйымымен" ends before the mark), and the words between paired marks before a noun of
/// `quoted-org-head` (`words.tsv`: "«Көктем» серіктестігі") name an organization, unless the
/// tagger read them, the marks or the noun as part of a longer name ("«Ақ жол» партиясының
/// төрағасы" as a title).
fn quoted_names(words: &[&str], spans: Vec<NerSpan>) -> Vec<NerSpan> {
    let mut out: Vec<NerSpan> = Vec::with_capacity(spans.len());
    for mut s in spans {
        while s.start < s.end
            && opens_quote(words[s.start])
            && !words[s.start + 1..s.end].iter().any(|w| closes_quote(w))
        {
            s.start += 1;
        }
        let mut open = false;
        for (k, w) in words.iter().enumerate().take(s.end).skip(s.start) {
            if opens_quote(w) {
                open = true;
            } else if closes_quote(w) && !open {
                s.end = k;
                break;
            }
        }
        while s.end > s.start && opens_quote(words[s.end - 1]) {
            s.end -= 1;
        }
        if s.start < s.end {
            out.push(s);
        }
    }
    let lex = super::lexicon();
    let is_head = |w: &str| {
        super::morph()
            .bases(w)
            .iter()
            .any(|b| lex.words.quoted_org_heads.iter().any(|h| h == b))
    };
    let is_kind = |w: &&str| lex.words.org_kinds.iter().any(|k| *k == w.lower());
    // Paired marks with one to QUOTED_NAME_WORDS words between them.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for i in 0..words.len() {
        if !opens_quote(words[i]) {
            continue;
        }
        if let Some(j) = (i + 1..words.len().min(i + QUOTED_NAME_WORDS + 2))
            .find(|&j| closes_quote(words[j]) || opens_quote(words[j]))
            .filter(|&j| closes_quote(words[j]) && j > i + 1)
        {
            pairs.push((i, j));
        }
    }
    // Each pair's organization noun: right after the marks, or after words of `org-kind` that
    // say what kind of body it is ("«Көктем» акционерлік қоғамы"), or the noun of the next
    // quoted name it is coordinated with ("«Көктем» және «Жайлау» серіктестіктері").
    let mut head: Vec<bool> = vec![false; pairs.len()];
    for k in (0..pairs.len()).rev() {
        let j = pairs[k].1;
        head[k] = (j + 1..words.len().min(j + 1 + QUOTED_HEAD_REACH))
            .any(|h| is_head(words[h]) && words[j + 1..h].iter().all(is_kind))
            || pairs.get(k + 1).is_some_and(|&(next, _)| {
                next == j + 2
                    && (words[j + 1] == ","
                        || lex.words.conjunctions.iter().any(|c| *c == words[j + 1]))
                    && head[k + 1]
            });
    }
    let mut added = false;
    for (&(i, j), _) in pairs.iter().zip(&head).filter(|(_, h)| **h) {
        let inner = (i + 1, j);
        // Names the tagger found inside the marks give way to the whole quoted name; one that
        // reaches over a mark, or the words after it, keeps its reading.
        let crosses = out
            .iter()
            .any(|s| s.start <= j + 1 && i < s.end && !(inner.0 <= s.start && s.end <= inner.1));
        let titled = out
            .iter()
            .any(|s| inner.0 <= s.start && s.end <= inner.1 && s.class == NerClass::Position);
        if crosses || titled {
            continue;
        }
        out.retain(|s| !(inner.0 <= s.start && s.end <= inner.1));
        out.push(NerSpan {
            start: inner.0,
            end: inner.1,
            class: NerClass::Organisation,
        });
        added = true;
    }
    if added {
        out.sort_by_key(|s| s.start);
    }
    out
}

impl crate::extract::NameTagger for Tagger {
    fn names(&self, words: &[&str]) -> Vec<crate::extract::TaggedName> {
        use crate::extract::NameKind;
        self.tag(words)
            .into_iter()
            .map(|s| crate::extract::TaggedName {
                start: s.start,
                end: s.end,
                kind: match s.class {
                    NerClass::Person => NameKind::Person,
                    NerClass::Organisation => NameKind::Organisation,
                    NerClass::Gpe => NameKind::Gpe,
                    NerClass::Location => NameKind::Location,
                    NerClass::Norp => NameKind::Norp,
                    NerClass::Position => NameKind::Position,
                },
            })
            .collect()
    }

    fn may_begin_name(&self, word: &str) -> bool {
        self.model.may_begin_name(&self.features, word)
    }
}

/// The tagger with the shipped weights, loaded once.
pub fn tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| match Tagger::from_bytes(WEIGHTS, WEIGHTS_FILE) {
        Ok(t) => t,
        // The shipped weights are read by the test suite; reaching this is a build bug.
        Err(e) => panic!("built-in entity tagger weights are invalid: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_load_and_find_names() {
        let t = tagger();
        assert!(t.model().features().starts_with(features::NAME));
        let words = [
            "Қасым-Жомарт",
            "Тоқаев",
            "Астанада",
            "Сыртқы",
            "істер",
            "министрлігінің",
            "өкілдерімен",
            "кездесті",
            ".",
        ];
        let spans = t.tag(&words);
        let has = |start, end, class| spans.contains(&NerSpan { start, end, class });
        assert!(has(0, 2, NerClass::Person), "{spans:?}");
        assert!(has(2, 3, NerClass::Gpe), "{spans:?}");
        assert!(has(3, 6, NerClass::Organisation), "{spans:?}");
    }

    #[test]
    fn the_shipped_weights_were_trained_with_these_word_lists() {
        let t = tagger();
        assert_eq!(
            t.model().features(),
            crate::tagger::Featurizer::name(&t.features),
            "data/kk/lexicon changed since {WEIGHTS_FILE} was trained: retrain it with \
             `derek train-ner -o {WEIGHTS_FILE}` (about a minute in a release build)"
        );
    }

    fn span(start: usize, end: usize, class: NerClass) -> NerSpan {
        NerSpan { start, end, class }
    }

    #[test]
    fn a_name_does_not_end_in_our_words() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        let (gpe, org) = (NerClass::Gpe, NerClass::Organisation);
        let w = words("Министрлік еліміздегі бес оқу орнын тексерді .");
        assert_eq!(
            without_our_words(&w, vec![span(0, 2, gpe)]),
            vec![span(0, 1, gpe)]
        );
        assert!(without_our_words(&w, vec![span(1, 2, gpe)]).is_empty());
        // Only our words go: a name's own third-person possessive ("министрлігі") stays.
        let w = words("Білім министрлігі еліміздегі мектептерді тексерді .");
        assert_eq!(
            without_our_words(&w, vec![span(0, 3, org)]),
            vec![span(0, 2, org)]
        );
    }

    #[test]
    fn a_quoted_name_before_an_organization_noun_is_an_organization() {
        let org = NerClass::Organisation;
        let words = |s: &'static str| s.split(' ').collect::<Vec<_>>();
        // Our own sentences: the noun right after the marks, or after words of its kind.
        let w = words("Кеше « Жаңа Өріс » серіктестігі зауыт ашты .");
        assert_eq!(quoted_names(&w, vec![]), vec![span(2, 4, org)]);
        let w = words("« Көк тау » акционерлік қоғамы банкрот болды .");
        assert_eq!(quoted_names(&w, vec![]), vec![span(1, 3, org)]);
        // A name the tagger found inside the marks gives way to the whole quoted name.
        let w = words("« Дала 24 » телеарнасы жаңа бағдарлама бастады .");
        assert_eq!(
            quoted_names(&w, vec![span(1, 2, NerClass::Gpe)]),
            vec![span(1, 3, org)]
        );
        // Not before an organization noun: a project, a song, a quote.
        let w = words("« Жасыл ел » жобасы биыл да жалғасады .");
        assert!(quoted_names(&w, vec![]).is_empty());
        let w = words("« Біз дайынбыз » деп мәлімдеді компания .");
        assert!(quoted_names(&w, vec![]).is_empty());
        // Part of a title the tagger read: it stays the title.
        let w = words("« Ақ жол » партиясының төрағасы сөйледі .");
        let title = vec![span(0, 6, NerClass::Position)];
        assert_eq!(quoted_names(&w, title.clone()), title);
        let title_inside = vec![span(1, 3, NerClass::Position)];
        assert_eq!(quoted_names(&w, title_inside.clone()), title_inside);
        // A capitalized word between the marks and the noun is a name of its own.
        let w = words("« Жаңа Өріс » Астана компаниясы .");
        assert!(quoted_names(&w, vec![]).is_empty());
    }

    #[test]
    fn a_name_does_not_take_in_a_quote_mark_whose_partner_is_outside_it() {
        let org = NerClass::Organisation;
        let w: Vec<&str> = "« Темір Жол » серіктестігі мен « Нұр » тобы"
            .split(' ')
            .collect();
        // A leading opening mark, a closing mark inside.
        assert_eq!(
            quoted_names(&w, vec![span(0, 3, org), span(6, 8, org)]),
            vec![span(1, 3, org), span(7, 8, org)]
        );
        // Both marks inside: the span stays as the tagger found it.
        assert_eq!(
            quoted_names(&w, vec![span(0, 5, org), span(6, 10, org)]),
            vec![span(0, 5, org), span(6, 10, org)]
        );
        // Nothing but a mark: no name (the quoted name before серіктестігі is one).
        assert_eq!(
            quoted_names(&w, vec![span(6, 7, NerClass::Gpe)]),
            vec![span(1, 3, org)]
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let t = tagger();
        assert!(t.tag(&[]).is_empty());
        let long = "ә".repeat(10_000);
        let odd = [
            "",
            " ",
            "«",
            "»",
            "\u{0}",
            "-",
            "--",
            &long,
            "🙂",
            "I-PER",
            "ЕҚЫҰ-ның",
        ];
        for w in odd {
            for s in t.tag(&[w, w, w]) {
                assert!(s.start < s.end && s.end <= 3);
            }
        }
        let many: Vec<&str> = std::iter::repeat_n("Астана", 5000).collect();
        for s in t.tag(&many) {
            assert!(s.start < s.end && s.end <= many.len());
        }
    }

    #[test]
    fn class_names_round_trip() {
        for c in NerClass::ALL {
            assert_eq!(NerClass::from_name(c.name()), Some(c));
        }
        assert_eq!(NerClass::from_name("DATE"), None);
    }
}
