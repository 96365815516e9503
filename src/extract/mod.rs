//! Extraction: from an article's text to actors, mentions and relations. Nothing here knows
//! RDF; `crate::rdf` turns [`Annotations`] into quads.
//!
//! The work is a pipeline of [`Extractor`] stages. Each declares what it needs and what it
//! provides, and [`Pipeline::new`] refuses an order in which a stage would run before what it
//! needs. Kazakh specifics live in `data/` (word lists, rules) and in the morphology module.

pub mod coref;
pub mod entity;
pub mod rules;
pub mod time;
pub mod words;

use std::collections::BTreeSet;
use std::fmt;

use crate::lexicon::Lexicon;
use crate::source::{Article, PartialDate};
use crate::text::morph::{Case, Morph};
use crate::text::{NormText, Segmentation, Token};

pub use rules::RuleSet;

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
}

/// The relations derek extracts; the names are the ontology's local names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// What a stage reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    Tokens,
    Sentences,
    Mentions,
    Relations,
    DatesPlaces,
    Canonical,
}

/// Per-article working state that the stages fill in.
pub struct Doc<'a> {
    pub article: &'a Article,
    pub lex: &'a Lexicon,
    pub morph: &'static Morph,
    pub norm: NormText,
    pub toks: Vec<Token>,
    /// What the extractors ask about each token's word (shared, cached per thread).
    pub words: Vec<std::rc::Rc<words::WordInfo>>,
    pub seg: Segmentation,
    /// Per sentence: page furniture, skipped by extractors.
    pub boiler: Vec<bool>,
    /// Per token: index of the top-level quote that contains it (marks included), if any.
    pub in_quote: Vec<Option<u32>>,
    pub mentions: Vec<Mention>,
    /// Per sentence: range into `mentions`.
    pub sent_mentions: Vec<std::ops::Range<usize>>,
    pub entities: entity::EntityTable,
    pub relations: Vec<Relation>,
    /// Per sentence: its subject actor (first nominative actor outside quotes).
    pub sent_subject: Vec<Option<usize>>,
    pub layers: BTreeSet<u8>,
    pub notes: Vec<String>,
}

impl<'a> Doc<'a> {
    pub fn tok_text(&self, i: usize) -> &str {
        self.toks[i].text(&self.norm.text)
    }
    /// Original-text char offset of a token's start / end.
    pub fn orig_start(&self, t: usize) -> usize {
        self.norm.to_original(self.toks[t].c0)
    }
    pub fn orig_end(&self, t: usize) -> usize {
        self.norm.to_original(self.toks[t].c1)
    }
    /// Normalized text of tokens `t0..t1`.
    pub fn span_text(&self, t0: usize, t1: usize) -> &str {
        if t0 >= t1 || t1 > self.toks.len() {
            return "";
        }
        &self.norm.text[self.toks[t0].b0..self.toks[t1 - 1].b1]
    }
    /// Grammatical case of a token: a case ending written after a hyphen ("ЕҚЫҰ-ның"), a
    /// dictionary word as written (nominative), else the analyser's best reading.
    pub fn case_of(&self, t: usize) -> Case {
        let w = self.tok_text(t);
        if let Some((head, tail)) = w.rsplit_once('-') {
            if !tail.is_empty() && head.chars().all(|c| c.is_uppercase() || c.is_numeric()) {
                return entity::suffix_case(tail);
            }
        }
        let info = &self.words[t];
        if info.dictionary_form {
            return Case::Nom;
        }
        info.case
    }

    /// 1-based body line of a token.
    pub fn line_of(&self, t: usize) -> usize {
        self.toks.get(t).map(|t| t.line + 1).unwrap_or(1)
    }
    fn has(&self, l: Layer) -> bool {
        self.layers.contains(&(l as u8))
    }
}

/// A pipeline stage.
pub trait Extractor: Send + Sync {
    fn name(&self) -> &'static str;
    fn needs(&self) -> &'static [Layer];
    fn provides(&self) -> &'static [Layer];
    fn run(&self, doc: &mut Doc<'_>);
}

/// Stages in order, checked once at construction.
pub struct Pipeline {
    stages: Vec<Box<dyn Extractor>>,
    lex: &'static Lexicon,
}

impl Pipeline {
    /// Builds a pipeline, refusing an order where a stage needs a layer no earlier stage provides.
    pub fn new(stages: Vec<Box<dyn Extractor>>, lex: &'static Lexicon) -> Result<Pipeline, String> {
        let mut have: BTreeSet<u8> = BTreeSet::new();
        for s in &stages {
            for n in s.needs() {
                if !have.contains(&(*n as u8)) {
                    return Err(format!(
                        "stage {} needs {n:?}, which no earlier stage provides",
                        s.name()
                    ));
                }
            }
            have.extend(s.provides().iter().map(|l| *l as u8));
        }
        Ok(Pipeline { stages, lex })
    }

    /// The standard Kazakh pipeline with the built-in rules and lexicon.
    pub fn kazakh() -> &'static Pipeline {
        static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| {
            let lex = Lexicon::builtin();
            let rules = RuleSet::builtin();
            let stages: Vec<Box<dyn Extractor>> = vec![
                Box::new(Segmenter),
                Box::new(entity::EntityRecognizer),
                Box::new(rules::RuleExtractor { rules }),
                Box::new(time::DatesPlaces),
                Box::new(coref::Canonicalizer),
            ];
            match Pipeline::new(stages, lex) {
                Ok(p) => p,
                Err(e) => panic!("built-in pipeline order: {e}"),
            }
        })
    }

    /// The actor mentions of an article, with original-text char offsets: what the entity
    /// stage found (roles and pronouns included, resolved or not). For checking recognition
    /// against annotated data.
    pub fn mentions(&self, article: &Article) -> Vec<MentionSpan> {
        if detect_language(&article.text) != "kk" {
            return Vec::new();
        }
        let mut doc = self.new_doc(article);
        for s in &self.stages[..2.min(self.stages.len())] {
            s.run(&mut doc);
        }
        doc.mentions
            .iter()
            .map(|m| MentionSpan {
                start: doc.orig_start(m.t0),
                end: doc.orig_end(m.t1 - 1),
                last_word_start: doc.orig_start(m.t1 - 1),
                etype: m.etype,
                named: matches!(m.kind, MentionKind::Named),
                label: m.entity.map(|e| doc.entities.get(e).label.clone()),
            })
            .collect()
    }

    /// One line per sentence: its mentions (text, case, type, entity) and unit words with
    /// their case, for rule writers.
    pub fn debug_mentions(&self, article: &Article) -> Vec<String> {
        let mut doc = self.new_doc(article);
        for s in &self.stages[..2.min(self.stages.len())] {
            s.run(&mut doc);
        }
        let mut out = Vec::new();
        for (si, s) in doc.seg.sentences.iter().enumerate() {
            let mut parts = Vec::new();
            let mr = doc.sent_mentions.get(si).cloned().unwrap_or(0..0);
            let mut t = s.t0;
            let mut mi = mr.start;
            while t < s.t1 {
                if mi < mr.end && doc.mentions[mi].t0 == t {
                    let m = &doc.mentions[mi];
                    let ent = m
                        .entity
                        .map(|e| doc.entities.get(e).label.clone())
                        .unwrap_or_else(|| "?".into());
                    parts.push(format!(
                        "[{}|{:?}|{}|{}]",
                        doc.span_text(m.t0, m.t1),
                        m.case,
                        m.etype.map(|t| t.as_str()).unwrap_or("?"),
                        ent
                    ));
                    t = m.t1;
                    mi += 1;
                } else {
                    let w = doc.tok_text(t);
                    let c = doc.case_of(t);
                    if c == Case::Nom || doc.toks[t].kind != crate::text::TokKind::Word {
                        parts.push(w.to_string());
                    } else {
                        parts.push(format!("{w}/{c:?}"));
                    }
                    t += 1;
                }
            }
            out.push(format!("s{si} L{}: {}", doc.line_of(s.t0), parts.join(" ")));
        }
        out
    }

    fn new_doc<'a>(&'a self, article: &'a Article) -> Doc<'a> {
        Doc {
            article,
            lex: self.lex,
            morph: Morph::builtin(),
            norm: NormText::default(),
            toks: Vec::new(),
            words: Vec::new(),
            seg: Segmentation::default(),
            boiler: Vec::new(),
            in_quote: Vec::new(),
            mentions: Vec::new(),
            sent_mentions: Vec::new(),
            entities: entity::EntityTable::default(),
            relations: Vec::new(),
            sent_subject: Vec::new(),
            layers: BTreeSet::new(),
            notes: Vec::new(),
        }
    }

    /// Extracts everything from one article. Never panics on any text.
    pub fn extract(&self, article: &Article) -> Annotations {
        let lang = detect_language(&article.text);
        if lang != "kk" {
            let note = if lang == "unknown" {
                "no Kazakh text found; nothing extracted".to_string()
            } else {
                format!("language {lang} is not supported yet (derek reads Kazakh in Cyrillic); nothing extracted")
            };
            return Annotations {
                notes: vec![note],
                lang: lang.to_string(),
                ..Annotations::default()
            };
        }
        let mut doc = self.new_doc(article);
        for s in &self.stages {
            s.run(&mut doc);
            doc.layers.extend(s.provides().iter().map(|l| *l as u8));
        }
        debug_assert!(doc.has(Layer::Relations));
        Annotations {
            entities: doc.entities.into_entities(),
            relations: doc.relations,
            notes: doc.notes,
            lang: "kk".to_string(),
        }
    }
}

/// Kazakh, Russian, Latin-script or unknown, from letter counts: Kazakh Cyrillic has letters
/// Russian lacks (ә ғ қ ң ө ұ ү һ і).
pub fn detect_language(text: &str) -> &'static str {
    let (mut cyr, mut kk, mut latin) = (0usize, 0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c {
            'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө'
            | 'Ұ' | 'Ү' | 'Һ' | 'І' => {
                kk += 1;
                cyr += 1
            }
            '\u{0400}'..='\u{04FF}' => cyr += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            _ => {}
        }
    }
    if cyr == 0 && latin == 0 {
        return "unknown";
    }
    if cyr >= latin {
        // Kazakh text has these letters in roughly every 12th letter; Russian has none.
        if kk * 60 >= cyr {
            "kk"
        } else {
            "ru"
        }
    } else {
        "latin"
    }
}

/// Stage 1: normalization, tokens, quotes, sentences, boilerplate lines.
pub struct Segmenter;

impl Extractor for Segmenter {
    fn name(&self) -> &'static str {
        "segmenter"
    }
    fn needs(&self) -> &'static [Layer] {
        &[]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        doc.norm = crate::text::normalize(&doc.article.text);
        doc.toks = crate::text::tokenize(&doc.norm.text);
        doc.words = doc
            .toks
            .iter()
            .map(|t| words::word_info(doc.lex, doc.morph, t.text(&doc.norm.text)))
            .collect();
        doc.seg = crate::text::segment(&doc.toks, &doc.norm.text);
        doc.in_quote = vec![None; doc.toks.len()];
        for (qi, q) in doc.seg.quotes.iter().enumerate() {
            if q.depth == 0 {
                for slot in &mut doc.in_quote[q.open..=q.close.min(doc.toks.len() - 1)] {
                    *slot = Some(qi as u32);
                }
            }
        }
        // A sentence is boilerplate when the line it starts on is (each line checked once).
        let mut line_boiler: Vec<Option<bool>> = Vec::new();
        let lines: Vec<&str> = doc.norm.text.split('\n').collect();
        line_boiler.resize(lines.len(), None);
        doc.boiler = doc
            .seg
            .sentences
            .iter()
            .map(|s| {
                let line = doc.toks[s.t0].line;
                match line_boiler.get(line).copied().flatten() {
                    Some(b) => b,
                    None => {
                        let b = lines.get(line).is_some_and(|l| doc.lex.is_boilerplate(l));
                        if let Some(slot) = line_boiler.get_mut(line) {
                            *slot = Some(b);
                        }
                        b
                    }
                }
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_detection() {
        assert_eq!(
            detect_language("Қазақстан сыртқы істер министрлігі мәлімдеді"),
            "kk"
        );
        assert_eq!(
            detect_language("Министерство иностранных дел заявило сегодня"),
            "ru"
        );
        assert_eq!(
            detect_language("Qazaqstan syrtqy ister ministrligi"),
            "latin"
        );
        assert_eq!(detect_language("12345 ..."), "unknown");
    }

    #[test]
    fn a_stage_that_runs_before_what_it_needs_is_refused() {
        let stages: Vec<Box<dyn Extractor>> = vec![Box::new(entity::EntityRecognizer)];
        assert!(Pipeline::new(stages, Lexicon::builtin()).is_err());
    }
}
