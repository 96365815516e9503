//! The learned entity tagger for Kazakh: persons, organisations, countries and cities (GPE),
//! other places, nationalities and groups (NORP), and titles (POSITION), found in one sentence's
//! words. The model is the language-neutral [`crate::tagger`]; this module gives it Kazakh eyes
//! ([`features`]) and the weights trained on KazNERD (`data/kk/models/ner.bin`, see the README
//! beside it; `derek train-ner` remakes them, `derek eval-ner` scores them).

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
        self.model
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
            .collect()
    }
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
