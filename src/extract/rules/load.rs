//! Reading and checking rule files. Every option is parsed once, here, into the enums the engine
//! uses; a misspelt option, pattern element or verb class is an error that names the file, the
//! line and the column.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use super::pattern::{parse_pattern, variants, Elem, PElem};
use crate::error::{Error, Result};
use crate::extract::{Mode, RelKind};
use crate::lexicon::{Aspect, Lexicon};
use crate::text::morph::Case;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: Spanned<String>,
    pattern: Spanned<String>,
    #[serde(default)]
    relation: Option<RelKind>,
    #[serde(default)]
    mode: Option<Mode>,
    confidence: Spanned<f32>,
    #[serde(default)]
    object: ObjectMode,
    #[serde(default)]
    subject_fallback: Option<SubjectFallback>,
    #[serde(default)]
    subject_from: Option<SubjectFrom>,
    #[serde(default)]
    claim_from: ClaimFrom,
    #[serde(default)]
    require: Vec<Require>,
    #[serde(default)]
    scope: Scope,
    /// Aspects the trigger may have (a stem's ending); empty: any.
    #[serde(default)]
    aspect: Vec<Aspect>,
    /// With `object = "addressee"`: the cases an addressee may have, in order of preference.
    #[serde(default)]
    addressee: Vec<CaseName>,
    /// With `object = "addressee"`: an accusative phrase that names no actor may be the
    /// addressee.
    #[serde(default)]
    addressee_phrase: bool,
    /// What the rule is for; for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    example: Vec<ExampleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleDef {
    text: String,
    #[serde(default)]
    expect: Vec<String>,
    /// Why the example is there; for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// An example sentence of a rule and what the rule must produce from it.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    /// `relation | subject | object` lines; empty means the rule must produce nothing.
    pub expect: Vec<String>,
}

/// What a rule emits as the object.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(try_from = "String")]
pub(super) enum ObjectMode {
    /// What was said (the `claim` capture, or the sentence before).
    #[default]
    Claim,
    /// The `obj` actor, and each actor coordinated with it right after ("X пен Y").
    Entity,
    /// A document's head noun with at most one modifier ("жаңа регламент").
    DocHead,
    /// A document's full name ("ынтымақтастық туралы меморандум").
    DocTitle,
    /// Persons in the dative or accusative, else the actor of a content clause, else the
    /// object phrase.
    Target,
    /// Who is called on: the actors in the rule's `addressee` cases (the first case that has
    /// one), else the genitive actor of the act demanded ("Үкіметтің отставкаға кетуін"),
    /// else, with `addressee_phrase`, the accusative phrase ("әлемдік қауымдастықты").
    Addressee,
    /// A fixed group, by its label.
    Default(String),
}

impl TryFrom<String> for ObjectMode {
    type Error = String;
    fn try_from(s: String) -> Result<ObjectMode, String> {
        Ok(match s.as_str() {
            "claim" => ObjectMode::Claim,
            "entity" => ObjectMode::Entity,
            "doc-head" => ObjectMode::DocHead,
            "doc-title" => ObjectMode::DocTitle,
            "target" => ObjectMode::Target,
            "addressee" => ObjectMode::Addressee,
            o => match o.strip_prefix("default:") {
                Some(label) if !label.trim().is_empty() => ObjectMode::Default(label.to_string()),
                _ => {
                    return Err(format!(
                        "unknown object {o:?} (known: claim, entity, doc-head, doc-title, target, addressee, default:LABEL)"
                    ))
                }
            },
        })
    }
}

/// A case as rules name it: nom, gen, dat, acc, loc, abl, ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub(super) struct CaseName(pub(super) Case);

impl TryFrom<String> for CaseName {
    type Error = String;
    fn try_from(s: String) -> Result<CaseName, String> {
        super::pattern::parse_case(&s)
            .map(CaseName)
            .ok_or_else(|| format!("unknown case {s:?} (known: nom, gen, dat, acc, loc, abl, ins)"))
    }
}

/// Where the subject comes from when the pattern captures none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum SubjectFallback {
    /// The salient actor of the sentences before.
    Prev,
    /// The body whose session the article reports, else as `Prev`.
    Session,
    /// The speaker of what the sentence before reports (a quote that goes on after a statement).
    PrevSpeaker,
    /// For a passive ("қабылданды", "қол қойылды"): the agent the article states, and nothing
    /// else: a body named with a document in the instrumental ("Үкіметтің қаулысымен"), the
    /// parties "X мен Y арасында", or the body whose session the article reports.
    Agent,
    /// For a passive inside a document's words ("Қарарда тараптар ... шақырылады"): the body
    /// that issued the document named in the locative in the sentence, as the article says
    /// elsewhere (it adopted or signed it); nothing else.
    Document,
}

/// Where a captured subject is read from, when not from an actor mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum SubjectFrom {
    /// The outlet named in the captured words ("..., деп хабарлайды BAQ.KZ тілшісі").
    Outlet,
    /// The captured words as one actor, when they are a noun phrase that names people and no
    /// actor opens them ("«...», – дейді бала құқығын қорғаушы мамандар").
    Phrase,
}

/// Where the claim of a speech rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum ClaimFrom {
    /// The `claim` capture.
    #[default]
    Capture,
    /// The sentence before ("Бұл туралы ... жазды").
    PrevSentence,
    /// The quote that makes up the sentence after ("X былай деді:" + «...»).
    NextSentence,
}

/// Checks a match must pass before it emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Require {
    /// The claim ends with a content-clause form ("... екенін").
    ClaimEndsContent,
    /// The claim ends with a content clause that is the subject of a passive ("... екені
    /// айтылған"): forms `content-subj` of `forms.tsv`.
    ClaimEndsContentSubj,
    /// The claim is a clause: three words, or two of which the first has a case ending.
    #[serde(rename = "claim-min-3-words")]
    ClaimMin3Words,
    /// The claim is not a quote and holds none.
    ClaimNoQuote,
    ClaimIsQuote,
    /// With `claim_from = "prev-sentence"`: the sentence before holds no relation of the same
    /// subject (then this sentence only says where it was said).
    PrevHasNoRelationOfSubject,
}

/// Which part of the sentence a rule sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Scope {
    /// The sentence without a trailing ", деп хабарлайды X".
    #[default]
    Main,
    Full,
}

/// A parsed rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The pattern, then variants without its optional subject/addressee: a match that
    /// captures the subject is preferred over one that does not, wherever it starts.
    pub(super) variants: Vec<Vec<PElem>>,
    pub(super) anchored: bool,
    pub(super) relation: Option<RelKind>,
    pub(super) mode: Option<Mode>,
    pub confidence: f32,
    pub(super) object: ObjectMode,
    pub(super) subject_fallback: Option<SubjectFallback>,
    pub(super) subject_from: Option<SubjectFrom>,
    pub(super) claim_from: ClaimFrom,
    pub(super) require: Vec<Require>,
    pub(super) scope: Scope,
    pub(super) aspect: Vec<Aspect>,
    pub(super) addressee: Vec<Case>,
    pub(super) addressee_phrase: bool,
    /// Verb classes the pattern needs: a sentence without them is skipped quickly.
    pub(super) verb_classes: Vec<String>,
    pub examples: Vec<Example>,
    /// The file and line the rule starts at (its id).
    pub file: String,
    pub line: usize,
}

impl Rule {
    pub(super) fn requires(&self, r: Require) -> bool {
        self.require.contains(&r)
    }
}

/// All rules, in priority order.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// Byte offset of the `index`-th whitespace-separated element of a pattern, from the raw
/// text of its TOML string (escapes contain no whitespace, so elements line up).
fn element_offset(text: &str, span: std::ops::Range<usize>, index: usize) -> usize {
    let raw = text.get(span.clone()).unwrap_or("");
    // Skip the opening quote(s).
    let body_start = raw.find(|c: char| c != '"' && c != '\'').unwrap_or(0);
    let body = &raw[body_start..];
    let mut pos = 0;
    for (i, w) in body.split_whitespace().enumerate() {
        let at = body[pos..].find(w).map(|k| k + pos).unwrap_or(pos);
        if i == index {
            return span.start + body_start + at;
        }
        pos = at + w.len();
    }
    span.start
}

impl RuleSet {
    /// Parses rule files given as (name, TOML text); `dir` is the directory errors name
    /// (`data/kk/rules`). Verb classes and word forms are checked against `lex`.
    pub fn parse_files(dir: &str, files: &[(&str, &str)], lex: &Lexicon) -> Result<RuleSet> {
        let mut rules = Vec::new();
        let mut ids = HashSet::new();
        for (name, text) in files {
            let file = format!("{dir}/{name}");
            let at = |offset: usize, message: String| {
                let (line, column) = position(text, offset);
                Error::DataAt {
                    file: file.clone(),
                    line,
                    column,
                    message,
                }
            };
            let rf: RuleFile = toml::from_str(text).map_err(|e| {
                at(
                    e.span().map(|s| s.start).unwrap_or(0),
                    e.message().to_string(),
                )
            })?;
            for d in rf.rule {
                let id = d.id.get_ref().clone();
                let id_at = d.id.span().start;
                let bad = |offset: usize, m: String| at(offset, format!("rule {id}: {m}"));
                if !ids.insert(id.clone()) {
                    return Err(bad(id_at, "duplicate rule id".into()));
                }
                let pattern = parse_pattern(d.pattern.get_ref(), lex)
                    .map_err(|(i, m)| bad(element_offset(text, d.pattern.span(), i), m))?;
                let mut verb_classes = Vec::new();
                for p in &pattern {
                    if let Elem::Verb(cs) = &p.elem {
                        if !p.optional {
                            verb_classes.extend(cs.iter().cloned());
                        }
                    }
                }
                let confidence = *d.confidence.get_ref();
                if !(0.0..=1.0).contains(&confidence) {
                    return Err(bad(
                        d.confidence.span().start,
                        "confidence must be within 0..1".into(),
                    ));
                }
                if d.example.is_empty() {
                    return Err(bad(id_at, "a rule needs at least one example".into()));
                }
                rules.push(Rule {
                    anchored: matches!(pattern.first().map(|p| &p.elem), Some(Elem::Start)),
                    variants: variants(&pattern),
                    relation: d.relation,
                    mode: d.mode,
                    confidence,
                    object: d.object,
                    subject_fallback: d.subject_fallback,
                    subject_from: d.subject_from,
                    claim_from: d.claim_from,
                    require: d.require,
                    scope: d.scope,
                    aspect: d.aspect,
                    addressee: d.addressee.into_iter().map(|c| c.0).collect(),
                    addressee_phrase: d.addressee_phrase,
                    verb_classes,
                    examples: d
                        .example
                        .into_iter()
                        .map(|e| Example {
                            text: e.text,
                            expect: e.expect,
                        })
                        .collect(),
                    file: file.clone(),
                    line: position(text, id_at).0,
                    id,
                });
            }
        }
        Ok(RuleSet { rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RuleSet> {
        RuleSet::parse_files(
            "data/kk/rules",
            &[("x.toml", text)],
            crate::lang::kk::lexicon(),
        )
    }

    const GOOD: &str = "[[rule]]\nid = \"a\"\npattern = \"claim:Q verb:V(say) subj:A\"\nconfidence = 0.9\n\n[[rule.example]]\ntext = \"«Иә», – деді ол.\"\n";

    #[test]
    fn a_good_file_loads_with_the_rule_line() {
        let rs = parse(&format!("# c\n{GOOD}")).unwrap();
        assert_eq!(rs.rules.len(), 1);
        assert_eq!(rs.rules[0].line, 3);
        assert_eq!(rs.rules[0].object, ObjectMode::Claim);
    }

    #[test]
    fn a_misspelt_option_names_file_line_and_column() {
        let text = GOOD.replace(
            "confidence = 0.9\n",
            "confidence = 0.9\nrequire = [\"claim-min-3-word\"]\n",
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("data/kk/rules/x.toml:5:12: "), "{e}");
        assert!(e.contains("claim-min-3-word"), "{e}");
        let text = GOOD.replace(
            "confidence = 0.9\n",
            "confidence = 0.9\nsubject_fallback = \"previous\"\n",
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("data/kk/rules/x.toml:5:20: "), "{e}");
        let text = GOOD.replace(
            "confidence = 0.9\n",
            "confidence = 0.9\nobject = \"documents\"\n",
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("data/kk/rules/x.toml:5:10: "), "{e}");
        assert!(e.contains("unknown object"), "{e}");
    }

    #[test]
    fn a_bad_pattern_element_is_pointed_at() {
        let text = GOOD.replace("subj:A\"", "subj:A{nominative}\"");
        let e = parse(&text).unwrap_err().to_string();
        // The third element starts at column 32 of line 3.
        assert!(e.starts_with("data/kk/rules/x.toml:3:32: rule a:"), "{e}");
        let text = GOOD.replace("V(say)", "V(sing)");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("data/kk/rules/x.toml:3:20: "), "{e}");
    }

    #[test]
    fn rule_level_errors_point_at_the_id() {
        let e = parse(&format!("{GOOD}{GOOD}")).unwrap_err().to_string();
        assert!(
            e.starts_with("data/kk/rules/x.toml:9:6: rule a: duplicate"),
            "{e}"
        );
        let text = GOOD.replace("confidence = 0.9", "confidence = 1.5");
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.starts_with("data/kk/rules/x.toml:4:14: "), "{e}");
        let text = GOOD.split("\n\n").next().unwrap().to_string();
        let e = parse(&text).unwrap_err().to_string();
        assert!(e.contains("at least one example"), "{e}");
    }
}
