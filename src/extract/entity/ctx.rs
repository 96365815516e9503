//! Candidate mentions and the token view the candidate builders read a sentence through.

use crate::extract::{Doc, EntityType};
use crate::lexicon::Lexicon;
use crate::text::morph::Case;
use crate::text::Lower;
use crate::text::TokKind;

#[derive(Debug, Clone)]
pub(super) enum CandKind {
    Gaz(usize),
    Person {
        surname_only: bool,
    },
    Org,
    Group,
    Place,
    Role {
        class: Option<String>,
        head: String,
    },
    OrgRole {
        head: String,
    },
    Pronoun {
        plural: bool,
    },
    /// A name the tagger found, of this type (persons come as `Person`).
    Named(EntityType),
}

#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) kind: CandKind,
    pub(super) label: String,
    /// A role phrase before a person's name, with its class.
    pub(super) role: Option<(Option<String>, String)>,
    /// Overrides the case taken from the last token.
    pub(super) case: Option<Case>,
    /// Found by the learned tagger: loses to a gazetteer or rule candidate of the same span.
    pub(super) learned: bool,
}

impl Cand {
    /// A candidate found by a word list or rule, with no title and its case from its last word.
    pub(super) fn new(t0: usize, t1: usize, kind: CandKind, label: String) -> Cand {
        Cand {
            t0,
            t1,
            kind,
            label,
            role: None,
            case: None,
            learned: false,
        }
    }

    pub(super) fn prio(&self) -> u8 {
        let base = match self.kind {
            CandKind::Person { .. } => 0,
            CandKind::Gaz(_) => 1,
            CandKind::Org => 2,
            CandKind::Group => 3,
            CandKind::Place => 4,
            CandKind::Role { .. } => 5,
            CandKind::OrgRole { .. } => 6,
            CandKind::Pronoun { .. } => 7,
            CandKind::Named(_) => 8,
        };
        if self.learned {
            base + 10
        } else {
            base
        }
    }
}

/// Token view for one sentence.
pub(super) struct Ctx<'d, 'a> {
    pub(super) doc: &'d Doc<'a>,
    pub(super) lex: &'a Lexicon,
    pub(super) t0: usize,
    pub(super) t1: usize,
}

impl Ctx<'_, '_> {
    pub(super) fn word(&self, t: usize) -> bool {
        t >= self.t0
            && t < self.t1
            && self.doc.toks[t].kind != TokKind::Punct
            && self.doc.in_quote[t].is_none()
    }
    pub(super) fn text(&self, t: usize) -> &str {
        self.doc.tok_text(t)
    }
    pub(super) fn lower(&self, t: usize) -> &str {
        &self.doc.words[t].lower
    }
    /// Lowercase case-stripped form (see `nominative`).
    pub(super) fn nominative_lower(&self, t: usize) -> String {
        let w = self.text(t);
        if let Some((head, tail)) = w.rsplit_once('-') {
            if head.chars().all(|c| c.is_uppercase() || c.is_numeric()) && !tail.is_empty() {
                return head.lower();
            }
        }
        self.doc.words[t].nominative_lower.clone()
    }
    pub(super) fn cap(&self, t: usize) -> bool {
        self.word(t) && self.text(t).chars().next().is_some_and(char::is_uppercase)
    }
    pub(super) fn punct(&self, t: usize) -> Option<char> {
        if t >= self.t0 && t < self.t1 && self.doc.toks[t].kind == TokKind::Punct {
            self.text(t).chars().next()
        } else {
            None
        }
    }
    /// The last word of a person's full name (given name and surname) in the nominative, and
    /// the case to give the name when it is not the word's own: a surname that ends like a
    /// locative ("Марк Рютте", "Иоганн Гёте") is whole, as people's names are hardly ever
    /// in the locative.
    pub(super) fn full_name_end(&self, t: usize) -> (String, Option<Case>) {
        if self.case(t) == Case::Loc && self.cap(t) {
            (self.text(t).to_string(), Some(Case::Nom))
        } else {
            (self.nominative(t), None)
        }
    }
    pub(super) fn nominative(&self, t: usize) -> String {
        let w = self.text(t);
        // "ЕҚЫҰ-ның": a hyphen before a case ending of an acronym or number.
        if let Some((head, tail)) = w.rsplit_once('-') {
            if head.chars().all(|c| c.is_uppercase() || c.is_numeric()) && !tail.is_empty() {
                return head.to_string();
            }
        }
        self.doc.words[t].nominative.clone()
    }
    pub(super) fn case(&self, t: usize) -> Case {
        self.doc.case_of(t)
    }
    pub(super) fn is_genitive(&self, t: usize) -> bool {
        self.word(t) && self.case(t) == Case::Gen
    }
    pub(super) fn is_plural_or_poss(&self, t: usize) -> bool {
        let a = &self.doc.words[t];
        a.plural || a.possessive
    }
}
