//! The morphology interface a language implements, and the grammatical facts it reports.
//!
//! Relation extraction needs two things from an inflected mention: its case-stripped form, so
//! that "Тоқаевтың" and "Тоқаевқа" both name "Тоқаев", and its grammatical case, because the
//! case tells the role (genitive: possessor or speaker, dative: addressee, accusative: object,
//! ...). A language's analyser (`crate::lang::kk::Morph` for Kazakh) answers through the
//! [`Morphology`] trait, so the extraction stages do not depend on one language.

/// Grammatical case of a noun (the Kazakh set; a language with fewer cases uses a subset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// Nominative (no case suffix).
    Nom,
    /// Genitive: -ның/-нің/-дың/-дің/-тың/-тің.
    Gen,
    /// Dative: -ға/-ге/-қа/-ке, -на/-не, -а/-е.
    Dat,
    /// Accusative: -ны/-ні/-ды/-ді/-ты/-ті, -н.
    Acc,
    /// Locative: -да/-де/-та/-те, -нда/-нде.
    Loc,
    /// Ablative: -дан/-ден/-тан/-тен/-нан/-нен.
    Abl,
    /// Instrumental: -мен/-бен/-пен (-менен).
    Ins,
}

impl Case {
    /// All cases, nominative first.
    pub const ALL: [Case; 7] = [
        Case::Nom,
        Case::Gen,
        Case::Dat,
        Case::Acc,
        Case::Loc,
        Case::Abl,
        Case::Ins,
    ];

    /// The Universal Dependencies name of the case ("Nom", "Gen", ...).
    pub fn name(self) -> &'static str {
        match self {
            Case::Nom => "Nom",
            Case::Gen => "Gen",
            Case::Dat => "Dat",
            Case::Acc => "Acc",
            Case::Loc => "Loc",
            Case::Abl => "Abl",
            Case::Ins => "Ins",
        }
    }

    /// Parses a case name, case-insensitively ("gen", "Gen", "GEN").
    pub fn from_name(name: &str) -> Option<Case> {
        Case::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// One way of splitting a word into stem and suffixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The word with the case suffix removed (possessive and plural kept):
    /// "министрлігін" -> "министрлігі", "Клинцтің" -> "Клинц",
    /// "тұрғындарына" -> "тұрғындары". A prefix of the input, original letter case kept.
    pub nominative: String,
    /// The bare stem with plural, possessive and case removed ("тұрғындарына" ->
    /// "тұрғын"). Stem-final voicing and vowel loss before a possessive are undone
    /// ("кітабына" -> "кітап", "халқының" -> "халық"), so this is not always a prefix.
    pub stem: String,
    /// The case marked on the word.
    pub case: Case,
    /// Whether the word carries a plural suffix.
    pub plural: bool,
    /// Person of the possessive suffix (1, 2 or 3), if any.
    pub possessive: Option<u8>,
    /// Whether the word is an attributive locative (-дағы/-дегі: "Қазақстандағы").
    pub attributive: bool,
}

impl Analysis {
    /// The whole word as a nominative with no suffixes.
    pub fn bare(word: &str) -> Analysis {
        Analysis {
            nominative: word.to_string(),
            stem: word.to_string(),
            case: Case::Nom,
            plural: false,
            possessive: None,
            attributive: false,
        }
    }
}

/// What the extraction stages ask of a language's noun morphology.
pub trait Morphology: Send + Sync {
    /// All analyses of a word, best first; the bare analysis (the whole word, nominative) is
    /// always among them.
    fn analyze(&self, word: &str) -> Vec<Analysis>;
    /// The best analysis of a word.
    fn best(&self, word: &str) -> Analysis;
    /// The case of a bare case ending written after a hyphen, as after acronyms and numbers
    /// ("ЕҚЫҰ-ның", "30-ға"); nominative when the ending is not a case ending.
    fn suffix_case(&self, ending: &str) -> Case;
    /// Candidate dictionary forms of a noun, most literal first (the lower-cased word itself
    /// first): what word lists are looked up with.
    fn noun_bases(&self, word: &str) -> Vec<String>;
}
