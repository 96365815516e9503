//! The pipeline: per-article working state ([`Doc`]), the [`Extractor`] stages that fill it in,
//! and [`Pipeline`], which runs a language's stages in an order checked once.

use std::collections::BTreeSet;

use super::model::*;
use super::{entity, words};
use crate::lexicon::Lexicon;
use crate::source::Article;
use crate::text::morph::{Case, Morphology};
use crate::text::{NormText, Segmentation, Token};

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
    pub morph: &'static dyn Morphology,
    /// The language's name tagger, if it has one.
    pub tagger: Option<&'static dyn NameTagger>,
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
    /// Byte offset in the article text of every [`CHAR_STEP`]th character, built on first use:
    /// evidence is cut from the article as written, by character offsets.
    pub char_marks: std::cell::OnceCell<Vec<usize>>,
    /// Documents the article has named with a title so far, as (head in the nominative,
    /// lowercase; title): a later bare head ("заң жобасын қабылдады") is that document.
    pub doc_titles: Vec<(String, String)>,
}

/// Characters between two entries of `Doc::char_marks`.
pub const CHAR_STEP: usize = 256;

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
    /// A phrase's label: tokens `t0..t1` as written, the last word in the nominative ("Бас
    /// хатшының" -> "Бас хатшы", "министрлікті" -> "министрлік").
    pub fn phrase_label(&self, t0: usize, t1: usize) -> String {
        let last = t1 - 1;
        let mut label = String::new();
        if t0 < last {
            label.push_str(self.span_text(t0, last));
            label.push(' ');
        }
        label.push_str(&self.words[last].nominative);
        label
    }
    /// Grammatical case of a token: a case ending written after a hyphen ("ЕҚЫҰ-ның"), a
    /// dictionary word as written (nominative), else the analyser's best reading.
    pub fn case_of(&self, t: usize) -> Case {
        let w = self.tok_text(t);
        if let Some((head, tail)) = w.rsplit_once('-') {
            if !tail.is_empty() && head.chars().all(|c| c.is_uppercase() || c.is_numeric()) {
                return self.morph.suffix_case(tail);
            }
        }
        let info = &self.words[t];
        if info.dictionary_form {
            return Case::Nom;
        }
        info.case
    }

    /// The article's text between two character offsets, exactly as written.
    pub fn original(&self, span: Span) -> &str {
        let text = &self.article.text;
        let marks = self.char_marks.get_or_init(|| {
            text.char_indices()
                .step_by(CHAR_STEP)
                .map(|(b, _)| b)
                .collect()
        });
        let byte_at = |c: usize| -> usize {
            let Some(&from) = marks.get(c / CHAR_STEP) else {
                return text.len();
            };
            text[from..]
                .char_indices()
                .nth(c % CHAR_STEP)
                .map(|(b, _)| from + b)
                .unwrap_or(text.len())
        };
        let (b0, b1) = (byte_at(span.start), byte_at(span.end));
        text.get(b0..b1.max(b0)).unwrap_or("")
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

/// A language's stages in order, checked once at construction, with its word lists and
/// morphology.
pub struct Pipeline {
    lang: &'static str,
    stages: Vec<Box<dyn Extractor>>,
    lex: &'static Lexicon,
    morph: &'static dyn Morphology,
    tagger: Option<&'static dyn NameTagger>,
}

impl Pipeline {
    /// Builds a pipeline for language `lang`, refusing an order where a stage needs a layer no
    /// earlier stage provides.
    pub fn new(
        lang: &'static str,
        stages: Vec<Box<dyn Extractor>>,
        lex: &'static Lexicon,
        morph: &'static dyn Morphology,
    ) -> Result<Pipeline, String> {
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
        Ok(Pipeline {
            lang,
            stages,
            lex,
            morph,
            tagger: None,
        })
    }

    /// The pipeline with a learned name tagger for the entity stage.
    pub fn with_tagger(mut self, tagger: &'static dyn NameTagger) -> Pipeline {
        self.tagger = Some(tagger);
        self
    }

    /// The language code of the articles this pipeline reads.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The word lists the stages read.
    pub fn lexicon(&self) -> &'static Lexicon {
        self.lex
    }

    /// The actor mentions of an article, with original-text char offsets: what the entity
    /// stage found (roles and pronouns included, resolved or not). For checking recognition
    /// against annotated data.
    pub fn mentions(&self, article: &Article) -> Vec<MentionSpan> {
        let mut doc = self.new_doc(article);
        for s in &self.stages[..2.min(self.stages.len())] {
            s.run(&mut doc);
        }
        doc.mentions
            .iter()
            .map(|m| MentionSpan {
                start: doc.orig_start(m.t0),
                end: doc.orig_end(m.t1 - 1),
                last_word_start: doc.orig_start(name_end(&doc, m.t0, m.t1)),
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
            morph: self.morph,
            tagger: self.tagger,
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
            char_marks: std::cell::OnceCell::new(),
            doc_titles: Vec::new(),
        }
    }

    /// Extracts everything from one article, read as this pipeline's language (the choice of
    /// pipeline is `crate::lang`'s). Never panics on any text.
    pub fn extract(&self, article: &Article) -> Annotations {
        self.extract_timed(article, &mut [])
    }

    /// The stages' names, in the order they run.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// [`Pipeline::extract`], adding each stage's time to `times` (one slot per stage, in
    /// [`Pipeline::stage_names`] order; a shorter slice times the first stages only).
    pub fn extract_timed(
        &self,
        article: &Article,
        times: &mut [std::time::Duration],
    ) -> Annotations {
        let mut doc = self.new_doc(article);
        for (i, s) in self.stages.iter().enumerate() {
            let t = (i < times.len()).then(std::time::Instant::now);
            s.run(&mut doc);
            if let Some(t) = t {
                times[i] += t.elapsed();
            }
            doc.layers.extend(s.provides().iter().map(|l| *l as u8));
        }
        debug_assert!(doc.has(Layer::Relations));
        Annotations {
            entities: doc.entities.into_entities(),
            relations: doc.relations,
            notes: doc.notes,
            lang: self.lang.to_string(),
        }
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
        crate::text::drop_hesitations(&mut doc.toks, &doc.norm.text);
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
                        let b = lines
                            .get(line)
                            .is_some_and(|l| doc.lex.is_boilerplate(l) || is_byline(l));
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

/// A byline or a hand-off line: names separated by commas, perhaps a place, and nothing else
/// ("Арайлым Жақсылыққызы, Надежда Дрейгал, Прага"). Such a line says who wrote or filmed the
/// story, not who said anything, so no speaker is taken from it.
pub fn is_byline(line: &str) -> bool {
    let line = line.trim().trim_end_matches('.');
    if !line.contains(',') {
        return false;
    }
    let words: Vec<&str> = line
        .split([',', ' '])
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    (2..=12).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The last token of the name in a mention of tokens `t0..t1`: its last word, or for a quoted
/// name with the kind of body after it ("«Көктем» серіктестігі") the last word inside the marks.
fn name_end(doc: &Doc<'_>, t0: usize, t1: usize) -> usize {
    (t0 + 2..t1)
        .rev()
        .find(|&k| {
            doc.toks[k].kind == crate::text::TokKind::Punct
                && matches!(doc.tok_text(k), "»" | "\"")
                && k + 1 < t1
        })
        .map_or(t1 - 1, |k| k - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_are_names_and_commas() {
        assert!(is_byline("Арайлым Жақсылыққызы, Надежда Дрейгал, Прага"));
        assert!(is_byline("Асқар Нұрланов, Алматы."));
        assert!(!is_byline("Асқар Нұрланов, депутат: «Заң керек»"));
        assert!(!is_byline("Министр жиналыс өткізді, деп хабарлады."));
        assert!(!is_byline("Астана"));
    }

    #[test]
    fn a_stage_that_runs_before_what_it_needs_is_refused() {
        let stages: Vec<Box<dyn Extractor>> = vec![Box::new(entity::EntityRecognizer)];
        let kk = crate::lang::kk::lexicon();
        assert!(Pipeline::new("kk", stages, kk, crate::lang::kk::morph()).is_err());
    }
}
