//! The extraction model: actors, mentions, relations and what an article yields. Nothing here
//! knows a language or RDF.

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;

use crate::source::PartialDate;
use crate::text::morph::Case;

/// Kinds of actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person,
    Organization,
    Country,
    Place,
    Outlet,
    /// An unnamed set of people ("тұрғындар", "Еуропарламент депутаттары").
    Group,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Country => "country",
            EntityType::Place => "place",
            EntityType::Outlet => "outlet",
            EntityType::Group => "group",
        }
    }
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s {
            "person" => EntityType::Person,
            "organization" => EntityType::Organization,
            "country" => EntityType::Country,
            "place" => EntityType::Place,
            "outlet" => EntityType::Outlet,
            "group" => EntityType::Group,
            _ => return None,
        })
    }
    /// Whether actors of this kind can speak, adopt or be called on.
    pub fn is_agent(self) -> bool {
        !matches!(self, EntityType::Place)
    }
}

/// One actor of the article, with a canonical nominative label.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub label: String,
    pub etype: EntityType,
    pub wikidata: Option<String>,
    /// Other names seen for it (surface forms in the nominative, gazetteer aliases).
    pub aliases: BTreeSet<String>,
    /// Role classes seen with it ("akim", "president") and the role phrase as written.
    pub roles: BTreeSet<(String, String)>,
    pub mentions: usize,
}

/// How a mention names its actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    /// A name (or a group description) that fixes the actor by itself.
    Named,
    /// `ол`, `оның`, `олар`: the actor comes from the preceding sentences.
    Pronoun { plural: bool },
    /// A role without a name ("әкім", "Мәжіліс Төрағасы", "министрлік").
    Role { class: Option<String>, head: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token range.
    pub t0: usize,
    pub t1: usize,
    pub sentence: usize,
    pub kind: MentionKind,
    pub case: Case,
    /// The actor, once known (pronouns are resolved by the rules, which know the speakers).
    pub entity: Option<usize>,
    pub etype: Option<EntityType>,
    /// The subject of a participle clause that qualifies a noun ("X төрағалық еткен
    /// отырыста"): nominative, but not an argument of the sentence's verb.
    pub embedded: bool,
}

/// The relations derek extracts; the names are the ontology's local names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RelKind {
    Said,
    Wrote,
    Stated,
    Reported,
    Adopted,
    Approved,
    Signed,
    CalledOn,
    Criticized,
}

impl RelKind {
    pub const ALL: [RelKind; 9] = [
        RelKind::Said,
        RelKind::Wrote,
        RelKind::Stated,
        RelKind::Reported,
        RelKind::Adopted,
        RelKind::Approved,
        RelKind::Signed,
        RelKind::CalledOn,
        RelKind::Criticized,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RelKind::Said => "said",
            RelKind::Wrote => "wrote",
            RelKind::Stated => "stated",
            RelKind::Reported => "reported",
            RelKind::Adopted => "adopted",
            RelKind::Approved => "approved",
            RelKind::Signed => "signed",
            RelKind::CalledOn => "calledOn",
            RelKind::Criticized => "criticized",
        }
    }
    pub fn parse(s: &str) -> Option<RelKind> {
        RelKind::ALL.into_iter().find(|r| r.as_str() == s)
    }
    /// The evaluation family: speech = said/wrote/stated; adopted = adopted/approved.
    pub fn family(self) -> &'static str {
        match self {
            RelKind::Said | RelKind::Wrote | RelKind::Stated => "speech",
            RelKind::Reported => "reported",
            RelKind::Adopted | RelKind::Approved => "adopted",
            RelKind::Signed => "signed",
            RelKind::CalledOn => "calledOn",
            RelKind::Criticized => "criticized",
        }
    }
    /// Whether the object is a claim (text) rather than an actor or document.
    pub fn has_claim(self) -> bool {
        matches!(
            self,
            RelKind::Said | RelKind::Wrote | RelKind::Stated | RelKind::Reported
        )
    }
}

impl fmt::Display for RelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Direct quote, indirect (reported) speech, or a written statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Direct,
    Indirect,
    Written,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Direct => "direct",
            Mode::Indirect => "indirect",
            Mode::Written => "written",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "direct" => Mode::Direct,
            "indirect" => Mode::Indirect,
            "written" => Mode::Written,
            _ => return None,
        })
    }
}

/// A char range in the original article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// What was said: the text as written, without quote marks, lines joined.
    Claim { text: String, span: Span },
    /// An actor (called on, criticized).
    Entity(usize),
    /// A document (adopted, signed), by its nominative label.
    Document { label: String },
    /// Something criticized that is not an actor ("аялдамаларда ретсіз жапсырылған жарнамалар").
    Topic { label: String },
}

/// One extracted relation with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub kind: RelKind,
    pub subject: usize,
    pub object: Object,
    pub mode: Option<Mode>,
    pub date: Option<PartialDate>,
    /// Index of a place entity.
    pub place: Option<usize>,
    pub sentence: usize,
    /// 1-based body line where the evidence starts.
    pub line: usize,
    /// Evidence: the sentence, as a span of the original text and as text.
    pub evidence: Span,
    pub evidence_text: String,
    pub rule: String,
    pub confidence: f32,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    /// Language decision and skipped parts ("language ru is not supported yet").
    pub notes: Vec<String>,
    /// The language the text was read as (`kk`), or the detected unsupported one.
    pub lang: String,
}

impl Annotations {
    pub fn label_of(&self, e: usize) -> &str {
        self.entities.get(e).map(|e| e.label.as_str()).unwrap_or("")
    }
    /// The object's label as the relations CSV prints it.
    pub fn object_label(&self, r: &Relation) -> String {
        match &r.object {
            Object::Claim { text, .. } => text.clone(),
            Object::Entity(e) => self.label_of(*e).to_string(),
            Object::Document { label } | Object::Topic { label } => label.clone(),
        }
    }
}

/// A mention as `Pipeline::mentions` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionSpan {
    /// Char offsets in the original text (titles included: "депутат Вольф Клинцтің").
    pub start: usize,
    pub end: usize,
    /// Where the mention's last word starts (the name's end part, without the title).
    pub last_word_start: usize,
    pub etype: Option<EntityType>,
    /// A name (not a role noun or pronoun).
    pub named: bool,
    pub label: Option<String>,
}

/// The kind of a name a language's tagger finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    Person,
    Organisation,
    /// A country, region or city: a place with a government.
    Gpe,
    /// Another place.
    Location,
    /// A nationality, religious or political group.
    Norp,
    /// A title or office.
    Position,
}

/// A name found in a sentence's words: word indices (`end` exclusive) and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggedName {
    pub start: usize,
    pub end: usize,
    pub kind: NameKind,
}

/// A language's learned name finder (for Kazakh, `crate::lang::kk::ner`): the entity stage
/// takes its names as candidates beside the gazetteer and the rules.
pub trait NameTagger: Send + Sync {
    /// The names in one sentence, given its words as written. Never panics.
    fn names(&self, words: &[&str]) -> Vec<TaggedName>;
    /// Whether `word`, first in a sentence, may begin a name (a cheap test before tagging a
    /// sentence whose only capital is its first letter). By default: yes.
    fn may_begin_name(&self, word: &str) -> bool {
        let _ = word;
        true
    }
}
