//! The rule engine. Rules live in `data/rules/*.toml`: each has an id, a pattern over the
//! units of a sentence (quotes, actor mentions, trigger verbs, words, punctuation), what to
//! emit, and example sentences that `tests/rules.rs` runs. The pattern language is described
//! in `data/rules/README.md`.

use std::collections::HashSet;

use serde::Deserialize;

use super::{
    Doc, EntityType, Extractor, Layer, Mention, MentionKind, Mode, Object, RelKind, Relation, Span,
};
use crate::error::{Error, Result};
use crate::text::morph::Case;
use crate::text::TokKind;

// ---------------------------------------------------------------------------------------------
// Rule files

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    pattern: String,
    #[serde(default)]
    relation: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    confidence: f32,
    /// claim (default for speech), entity, doc-head, doc-title, target, or default:LABEL.
    #[serde(default)]
    object: Option<String>,
    /// prev (the salient actor of the preceding sentences) or session (the body whose
    /// session the article reports).
    #[serde(default)]
    subject_fallback: Option<String>,
    /// outlet: the subject is the outlet named in the captured words.
    #[serde(default)]
    subject_from: Option<String>,
    /// capture (default) or prev-sentence.
    #[serde(default)]
    claim_from: Option<String>,
    #[serde(default)]
    require: Vec<String>,
    /// main (default: the sentence without a trailing ", деп хабарлайды X") or full.
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    example: Vec<ExampleDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleDef {
    text: String,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

/// An example sentence of a rule and what the rule must produce from it.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    /// `relation | subject | object` lines; empty means the rule must produce nothing.
    pub expect: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cap {
    Subj,
    Claim,
    Obj,
    Verb,
    Addr,
}

const N_CAPS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
enum Elem {
    Start,
    End,
    /// Lazy skip.
    Any,
    /// Greedy skip.
    AnyGreedy,
    /// Lazy skip over units that are not a nominative actor, a verb or a quote.
    Plain,
    Quote,
    Actor(ActorFilter),
    Verb(Vec<String>),
    Word(Option<String>),
    Lit(String),
    Punct(Vec<char>),
}

#[derive(Debug, Clone, PartialEq, Default)]
struct ActorFilter {
    cases: Vec<Case>,
    types: Vec<String>,
    not_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct PElem {
    elem: Elem,
    cap: Option<Cap>,
    optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum ObjectMode {
    Claim,
    Entity,
    DocHead,
    DocTitle,
    Target,
    Default(String),
}

/// A parsed rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    /// The pattern, then variants without its optional subject/addressee: a match that
    /// captures the subject is preferred over one that does not, wherever it starts.
    variants: Vec<Vec<PElem>>,
    anchored: bool,
    relation: Option<RelKind>,
    mode: Option<Mode>,
    pub confidence: f32,
    object: ObjectMode,
    subject_fallback: Option<String>,
    subject_outlet: bool,
    claim_prev: bool,
    require: Vec<String>,
    full_scope: bool,
    /// Verb classes the pattern needs: a sentence without them is skipped quickly.
    verb_classes: Vec<String>,
    pub examples: Vec<Example>,
    pub file: String,
}

/// All rules, in priority order.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

const BUILTIN_RULES: &[(&str, &str)] = &[
    ("speech.toml", include_str!("../../data/rules/speech.toml")),
    ("events.toml", include_str!("../../data/rules/events.toml")),
];

const KNOWN_FORMS: &[&str] = &["content", "converb", "participle", "vn-acc", "vn-dat"];
const KNOWN_REQUIRES: &[&str] = &[
    "claim-ends-content",
    "claim-min-3-words",
    "claim-no-quote",
    "claim-is-quote",
    "prev-has-no-relation-of-subject",
    "subject-not-in-claim",
];

pub fn parse_case(s: &str) -> Option<Case> {
    Some(match s {
        "nom" => Case::Nom,
        "gen" => Case::Gen,
        "dat" => Case::Dat,
        "acc" => Case::Acc,
        "loc" => Case::Loc,
        "abl" => Case::Abl,
        "ins" => Case::Ins,
        _ => return None,
    })
}

fn parse_pattern(src: &str) -> std::result::Result<Vec<PElem>, String> {
    let mut out = Vec::new();
    for raw in src.split_whitespace() {
        let mut tok = raw;
        let mut cap = None;
        if let Some((name, rest)) = tok.split_once(':') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()) {
                cap = Some(match name {
                    "subj" => Cap::Subj,
                    "claim" => Cap::Claim,
                    "obj" => Cap::Obj,
                    "verb" => Cap::Verb,
                    "addr" => Cap::Addr,
                    other => return Err(format!("unknown capture {other:?} in {raw:?}")),
                });
                tok = rest;
            }
        }
        let mut optional = false;
        if tok.len() > 1 && tok.ends_with('?') {
            optional = true;
            tok = &tok[..tok.len() - 1];
        }
        let elem = match tok {
            "^" => Elem::Start,
            "$" => Elem::End,
            "..." => Elem::Any,
            "~~~" => Elem::AnyGreedy,
            "_*" => Elem::Plain,
            "Q" => Elem::Quote,
            "W" => Elem::Word(None),
            "," => Elem::Punct(vec![',']),
            ":" => Elem::Punct(vec![':']),
            "–" | "-" => Elem::Punct(vec!['–', '-']),
            t if t.starts_with('"') && t.ends_with('"') && t.len() > 2 => {
                Elem::Lit(t[1..t.len() - 1].to_lowercase())
            }
            t if t.starts_with("V(") && t.ends_with(')') => {
                Elem::Verb(t[2..t.len() - 1].split('|').map(str::to_string).collect())
            }
            t if t.starts_with("W{") && t.ends_with('}') => {
                let f = &t[2..t.len() - 1];
                if !KNOWN_FORMS.contains(&f) {
                    return Err(format!("unknown word form {f:?} (known: {KNOWN_FORMS:?})"));
                }
                Elem::Word(Some(f.to_string()))
            }
            "A" => Elem::Actor(ActorFilter::default()),
            t if t.starts_with("A{") && t.ends_with('}') => {
                let mut f = ActorFilter::default();
                for part in t[2..t.len() - 1].split(',').map(str::trim) {
                    let (neg, name) = match part.strip_prefix('!') {
                        Some(n) => (true, n),
                        None => (false, part),
                    };
                    if let Some(c) = parse_case(name) {
                        if neg {
                            return Err(format!("a case cannot be negated: {part:?}"));
                        }
                        f.cases.push(c);
                    } else if matches!(
                        name,
                        "person"
                            | "organization"
                            | "country"
                            | "place"
                            | "outlet"
                            | "group"
                            | "pronoun"
                            | "role"
                            | "agent"
                    ) {
                        if neg {
                            f.not_types.push(name.to_string());
                        } else {
                            f.types.push(name.to_string());
                        }
                    } else {
                        return Err(format!("unknown actor filter {part:?}"));
                    }
                }
                Elem::Actor(f)
            }
            other => return Err(format!("unknown pattern element {other:?}")),
        };
        out.push(PElem {
            elem,
            cap,
            optional,
        });
    }
    if out.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(out)
}

/// The pattern with its optional subject and addressee required, then dropped one by one.
fn variants(pattern: &[PElem]) -> Vec<Vec<PElem>> {
    let opt: Vec<usize> = pattern
        .iter()
        .enumerate()
        .filter(|(_, p)| p.optional && matches!(p.cap, Some(Cap::Subj | Cap::Addr)))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    // Bit set = element dropped; fewer drops first.
    let mut masks: Vec<u32> = (0..(1u32 << opt.len())).collect();
    masks.sort_by_key(|m| m.count_ones());
    for m in masks {
        let v: Vec<PElem> = pattern
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match opt.iter().position(|&o| o == i) {
                Some(k) if m & (1 << k) != 0 => None,
                Some(_) => Some(PElem {
                    optional: false,
                    ..p.clone()
                }),
                None => Some(p.clone()),
            })
            .collect();
        out.push(v);
    }
    out
}

impl RuleSet {
    /// The compiled-in rules.
    pub fn builtin() -> &'static RuleSet {
        static RS: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RS.get_or_init(|| match RuleSet::parse_files(BUILTIN_RULES) {
            Ok(r) => r,
            // The built-in rules are checked by the test suite; reaching this is a build bug.
            Err(e) => panic!("built-in rules are invalid: {e}"),
        })
    }

    /// Parses rule files given as (name, TOML text).
    pub fn parse_files(files: &[(&str, &str)]) -> Result<RuleSet> {
        let mut rules = Vec::new();
        let mut ids = HashSet::new();
        let lex = crate::lexicon::Lexicon::builtin();
        let classes: HashSet<&str> = lex.verbs.iter().map(|v| v.class.as_str()).collect();
        for (name, text) in files {
            let file = format!("data/rules/{name}");
            let rf: RuleFile = toml::from_str(text).map_err(|e| Error::Data {
                file: file.clone(),
                line: e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                    .unwrap_or(0),
                message: e.message().to_string(),
            })?;
            for d in rf.rule {
                let line = text
                    .lines()
                    .position(|l| l.contains(&format!("\"{}\"", d.id)))
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let bad = |m: String| Error::Data {
                    file: file.clone(),
                    line,
                    message: format!("rule {}: {m}", d.id),
                };
                if !ids.insert(d.id.clone()) {
                    return Err(bad("duplicate rule id".into()));
                }
                let pattern = parse_pattern(&d.pattern).map_err(bad)?;
                let mut verb_classes = Vec::new();
                for p in &pattern {
                    if let Elem::Verb(cs) = &p.elem {
                        for c in cs {
                            if !classes.contains(c.as_str()) {
                                return Err(bad(format!(
                                    "verb class {c:?} is not in data/lexicon/verbs.tsv"
                                )));
                            }
                        }
                        if !p.optional {
                            verb_classes.extend(cs.iter().cloned());
                        }
                    }
                }
                let relation = match &d.relation {
                    None => None,
                    Some(r) => Some(
                        RelKind::parse(r).ok_or_else(|| bad(format!("unknown relation {r:?}")))?,
                    ),
                };
                let mode = match &d.mode {
                    None => None,
                    Some(m) => {
                        Some(Mode::parse(m).ok_or_else(|| bad(format!("unknown mode {m:?}")))?)
                    }
                };
                let object = match d.object.as_deref() {
                    None | Some("claim") => ObjectMode::Claim,
                    Some("entity") => ObjectMode::Entity,
                    Some("doc-head") => ObjectMode::DocHead,
                    Some("doc-title") => ObjectMode::DocTitle,
                    Some("target") => ObjectMode::Target,
                    Some(o) if o.starts_with("default:") => {
                        ObjectMode::Default(o["default:".len()..].to_string())
                    }
                    Some(o) => return Err(bad(format!("unknown object mode {o:?}"))),
                };
                for r in &d.require {
                    if !KNOWN_REQUIRES.contains(&r.as_str()) {
                        return Err(bad(format!(
                            "unknown requirement {r:?} (known: {KNOWN_REQUIRES:?})"
                        )));
                    }
                }
                if !(0.0..=1.0).contains(&d.confidence) {
                    return Err(bad("confidence must be within 0..1".into()));
                }
                if let Some(f) = &d.subject_fallback {
                    if f != "prev" && f != "session" {
                        return Err(bad(format!("unknown subject_fallback {f:?}")));
                    }
                }
                if d.example.is_empty() {
                    return Err(bad("a rule needs at least one example".into()));
                }
                let _ = &d.note;
                rules.push(Rule {
                    anchored: matches!(pattern.first().map(|p| &p.elem), Some(Elem::Start)),
                    id: d.id,
                    variants: variants(&pattern),
                    relation,
                    mode,
                    confidence: d.confidence,
                    object,
                    subject_fallback: d.subject_fallback,
                    subject_outlet: d.subject_from.as_deref() == Some("outlet"),
                    claim_prev: d.claim_from.as_deref() == Some("prev-sentence"),
                    require: d.require,
                    full_scope: d.scope.as_deref() == Some("full"),
                    verb_classes,
                    examples: d
                        .example
                        .into_iter()
                        .map(|e| {
                            let _ = e.note;
                            Example {
                                text: e.text,
                                expect: e.expect,
                            }
                        })
                        .collect(),
                    file: file.clone(),
                });
            }
        }
        Ok(RuleSet { rules })
    }
}

// ---------------------------------------------------------------------------------------------
// Units

#[derive(Debug, Clone, PartialEq)]
enum UKind {
    Quote(usize),
    Mention(usize),
    /// Verb indices into the lexicon (all forms of the matched words).
    Verb(Vec<usize>),
    Word,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Unit {
    kind: UKind,
    t0: usize,
    t1: usize,
}

/// Splits a sentence into units.
fn units(doc: &Doc<'_>, si: usize) -> Vec<Unit> {
    let s = doc.seg.sentences[si];
    let mr = doc.sent_mentions[si].clone();
    let mut out = Vec::new();
    let mut mi = mr.start;
    let mut t = s.t0;
    while t < s.t1 {
        if mi < mr.end && doc.mentions[mi].t0 == t {
            let m = &doc.mentions[mi];
            out.push(Unit {
                kind: UKind::Mention(mi),
                t0: m.t0,
                t1: m.t1,
            });
            t = m.t1;
            mi += 1;
            continue;
        }
        if let Some(qi) = doc.in_quote[t] {
            let q = doc.seg.quotes[qi as usize];
            if q.open == t {
                out.push(Unit {
                    kind: UKind::Quote(qi as usize),
                    t0: q.open,
                    t1: (q.close + 1).min(s.t1),
                });
                t = (q.close + 1).min(s.t1).max(t + 1);
                continue;
            }
        }
        let tok = &doc.toks[t];
        if tok.kind == TokKind::Punct {
            let c = tok.text(&doc.norm.text).chars().next().unwrap_or(' ');
            out.push(Unit {
                kind: UKind::Punct(c),
                t0: t,
                t1: t + 1,
            });
            t += 1;
            continue;
        }
        // Longest trigger form starting here.
        let mut matched: Option<(usize, Vec<usize>)> = None;
        if let Some(list) = doc.lex.verb_index.get(&doc.words[t].lower) {
            for &vi in list {
                let words = &doc.lex.verbs[vi].words;
                let len = words.len();
                if t + len > s.t1 {
                    continue;
                }
                let ok = (0..len).all(|k| {
                    doc.toks[t + k].kind != TokKind::Punct
                        && doc.words[t + k].lower == words[k]
                        && doc.in_quote[t + k].is_none()
                });
                if ok {
                    match &mut matched {
                        None => matched = Some((len, vec![vi])),
                        Some((l, v)) if *l == len => v.push(vi),
                        _ => {}
                    }
                }
            }
        }
        if let Some((len, vis)) = matched {
            out.push(Unit {
                kind: UKind::Verb(vis),
                t0: t,
                t1: t + len,
            });
            t += len;
            continue;
        }
        out.push(Unit {
            kind: UKind::Word,
            t0: t,
            t1: t + 1,
        });
        t += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Matching

struct Matcher<'r, 'd, 'a> {
    doc: &'d Doc<'a>,
    units: &'r [Unit],
    pat: &'r [PElem],
    lead: usize,
    /// Failed (pattern element, unit) states: a bit per pair, row-major by element.
    failed: Vec<bool>,
    caps: [Option<(usize, usize)>; N_CAPS],
    verb: Option<usize>,
    budget: usize,
}

fn cap_index(c: Cap) -> usize {
    c as usize
}

impl Matcher<'_, '_, '_> {
    fn mention(&self, u: usize) -> Option<&Mention> {
        match self.units.get(u)?.kind {
            UKind::Mention(mi) => Some(&self.doc.mentions[mi]),
            _ => None,
        }
    }

    fn actor_ok(&self, u: usize, f: &ActorFilter) -> bool {
        let Some(m) = self.mention(u) else {
            return false;
        };
        if !f.cases.is_empty() && !f.cases.contains(&m.case) {
            return false;
        }
        let tags = mention_tags(m);
        if !f.types.is_empty() && !f.types.iter().any(|t| tags.contains(&t.as_str())) {
            return false;
        }
        !f.not_types.iter().any(|t| tags.contains(&t.as_str()))
    }

    fn word_text(&self, u: usize) -> Option<&str> {
        let unit = self.units.get(u)?;
        match unit.kind {
            UKind::Word | UKind::Verb(_) => Some(self.doc.span_text(unit.t0, unit.t1)),
            _ => None,
        }
    }

    fn blocks_plain(&self, u: usize) -> bool {
        match &self.units[u].kind {
            UKind::Quote(_) | UKind::Verb(_) => true,
            UKind::Mention(mi) => {
                let m = &self.doc.mentions[*mi];
                m.case == Case::Nom && !matches!(m.etype, Some(EntityType::Place))
            }
            _ => false,
        }
    }

    fn set(&mut self, c: Option<Cap>, r: Option<(usize, usize)>) {
        if let Some(c) = c {
            self.caps[cap_index(c)] = r;
        }
    }

    fn m(&mut self, pi: usize, ui: usize) -> Option<usize> {
        if pi == self.pat.len() {
            return Some(ui);
        }
        let key = pi * (self.units.len() + 1) + ui;
        if self.budget == 0 || self.failed.get(key).copied().unwrap_or(false) {
            return None;
        }
        self.budget -= 1;
        let pat = self.pat;
        let el = &pat[pi];
        let r = self.try_elem(el, pi, ui);
        let r = match r {
            Some(e) => Some(e),
            None if el.optional => {
                self.set(el.cap, None);
                self.m(pi + 1, ui)
            }
            None => None,
        };
        if r.is_none() {
            if let Some(f) = self.failed.get_mut(key) {
                *f = true;
            }
        }
        r
    }

    fn try_elem(&mut self, el: &PElem, pi: usize, ui: usize) -> Option<usize> {
        let n = self.units.len();
        match &el.elem {
            Elem::Start => {
                if ui <= self.lead {
                    self.m(pi + 1, self.lead)
                } else {
                    None
                }
            }
            Elem::End => {
                let rest_ok = self.units[ui.min(n)..]
                    .iter()
                    .all(|u| matches!(u.kind, UKind::Punct('.' | '!' | '?' | '…' | ';')));
                if rest_ok {
                    self.m(pi + 1, n)
                } else {
                    None
                }
            }
            Elem::Any | Elem::AnyGreedy | Elem::Plain => {
                // The skip may end anywhere up to the sentence end (`_*`: up to its first
                // blocking unit); lazy tries the shortest first, greedy the longest.
                let mut last = n;
                if matches!(el.elem, Elem::Plain) {
                    if let Some(b) = (ui..n).find(|&k| self.blocks_plain(k)) {
                        last = b;
                    }
                }
                let greedy = matches!(el.elem, Elem::AnyGreedy);
                for i in 0..=(last - ui) {
                    let k = if greedy { last - i } else { ui + i };
                    self.set(el.cap, Some((ui, k)));
                    if let Some(e) = self.m(pi + 1, k) {
                        return Some(e);
                    }
                }
                self.set(el.cap, None);
                None
            }
            _ if ui >= n => None,
            Elem::Quote => {
                if matches!(self.units[ui].kind, UKind::Quote(_)) {
                    self.set(el.cap, Some((ui, ui + 1)));
                    self.m(pi + 1, ui + 1)
                } else {
                    None
                }
            }
            Elem::Actor(f) => {
                if self.actor_ok(ui, f) {
                    self.set(el.cap, Some((ui, ui + 1)));
                    self.m(pi + 1, ui + 1)
                } else {
                    None
                }
            }
            Elem::Verb(classes) => {
                let UKind::Verb(vis) = &self.units[ui].kind else {
                    return None;
                };
                let lex = self.doc.lex;
                let chosen = classes
                    .iter()
                    .find_map(|c| vis.iter().copied().find(|&vi| &lex.verbs[vi].class == c))?;
                let prev = self.verb;
                if el.cap == Some(Cap::Verb) {
                    self.verb = Some(chosen);
                }
                self.set(el.cap, Some((ui, ui + 1)));
                let r = self.m(pi + 1, ui + 1);
                if r.is_none() {
                    self.verb = prev;
                }
                r
            }
            Elem::Word(form) => {
                if self.units[ui].kind != UKind::Word {
                    return None;
                }
                if let Some(f) = form {
                    let t = self.units[ui].t0;
                    if !self.doc.words[t].has_form(self.doc.lex, f) {
                        return None;
                    }
                }
                self.set(el.cap, Some((ui, ui + 1)));
                self.m(pi + 1, ui + 1)
            }
            Elem::Lit(w) => {
                let ok = match self.word_text(ui) {
                    Some(t) => t.to_lowercase() == *w,
                    None => self.mention(ui).is_some_and(|_| {
                        self.doc
                            .span_text(self.units[ui].t0, self.units[ui].t1)
                            .to_lowercase()
                            == *w
                    }),
                };
                if ok {
                    self.set(el.cap, Some((ui, ui + 1)));
                    self.m(pi + 1, ui + 1)
                } else {
                    None
                }
            }
            Elem::Punct(cs) => {
                if matches!(self.units[ui].kind, UKind::Punct(c) if cs.contains(&c)) {
                    self.set(el.cap, Some((ui, ui + 1)));
                    self.m(pi + 1, ui + 1)
                } else {
                    None
                }
            }
        }
    }
}

/// The type tags a filter can name: pronoun/role, the entity type, and "agent".
fn mention_tags(m: &Mention) -> [&'static str; 3] {
    let kind = match &m.kind {
        MentionKind::Pronoun { .. } => "pronoun",
        MentionKind::Role { .. } => "role",
        MentionKind::Named => "",
    };
    match m.etype {
        Some(t) => [kind, t.as_str(), if t.is_agent() { "agent" } else { "" }],
        None => [kind, "agent", ""],
    }
}

/// Index of the first unit after leading connectives and punctuation.
fn lead_of(doc: &Doc<'_>, us: &[Unit]) -> usize {
    let mut i = 0;
    loop {
        while i < us.len() && matches!(us[i].kind, UKind::Punct(_)) {
            i += 1;
        }
        let mut advanced = false;
        for phrase in &doc.lex.discourse {
            let len = phrase.len();
            if i + len <= us.len()
                && (0..len).all(|k| {
                    let u = &us[i + k];
                    // Connectives are single words; a one-word trigger may double as one.
                    matches!(u.kind, UKind::Word | UKind::Verb(_))
                        && u.t1 == u.t0 + 1
                        && doc.words[u.t0].lower == phrase[k]
                })
            {
                i += len;
                advanced = true;
                break;
            }
        }
        if !advanced {
            return i;
        }
    }
}

/// End of the main clause: before a trailing ", деп хабарлайды X".
fn main_end(doc: &Doc<'_>, us: &[Unit]) -> usize {
    for i in (0..us.len().saturating_sub(1)).rev() {
        if matches!(us[i].kind, UKind::Punct(',')) {
            if let UKind::Verb(vis) = &us[i + 1].kind {
                if vis.iter().any(|&v| doc.lex.verbs[v].class == "report") {
                    return i;
                }
            }
        }
    }
    us.len()
}

// ---------------------------------------------------------------------------------------------
// Building relations

/// Stage 3: runs every rule on every sentence, in order, resolving pronouns from the speakers
/// and subjects of the sentences before.
pub struct RuleExtractor {
    pub rules: &'static RuleSet,
}

impl Extractor for RuleExtractor {
    fn name(&self) -> &'static str {
        "rules"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Relations]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        let mut too_long = 0usize;
        for si in 0..doc.seg.sentences.len() {
            if doc.boiler[si] {
                continue;
            }
            let us = units(doc, si);
            if us.len() > MAX_SENTENCE_UNITS {
                too_long += 1;
                continue;
            }
            let present: HashSet<&str> = us
                .iter()
                .filter_map(|u| match &u.kind {
                    UKind::Verb(v) => Some(v),
                    _ => None,
                })
                .flat_map(|v| v.iter().map(|&i| doc.lex.verbs[i].class.as_str()))
                .collect();
            let mend = main_end(doc, &us);
            let lead_full = lead_of(doc, &us);
            let lead_main = lead_of(doc, &us[..mend]);
            for rule in &self.rules.rules {
                if !rule.verb_classes.is_empty()
                    && !rule
                        .verb_classes
                        .iter()
                        .any(|c| present.contains(c.as_str()))
                {
                    continue;
                }
                let (scope, lead) = if rule.full_scope {
                    (&us[..], lead_full)
                } else {
                    (&us[..mend], lead_main)
                };
                apply_rule(doc, si, scope, lead, rule);
            }
            // The sentence's subject for later pronouns: its first relation's subject, else the
            // first nominative actor (a pronoun resolved now).
            if let Some(r) = doc
                .relations
                .iter()
                .rev()
                .take_while(|r| r.sentence == si)
                .filter(|r| r.kind != RelKind::Reported)
                .last()
            {
                doc.sent_subject[si] = Some(r.subject);
            } else if doc.sent_subject[si].is_none() {
                let pron = doc.mentions[doc.sent_mentions[si].clone()]
                    .iter()
                    .find(|m| {
                        m.case == Case::Nom
                            && matches!(m.kind, MentionKind::Pronoun { plural: false })
                    })
                    .is_some();
                if pron {
                    doc.sent_subject[si] = salient(doc, si, false);
                }
            }
        }
        if too_long > 0 {
            doc.notes.push(format!(
                "{too_long} sentence{} longer than {MAX_SENTENCE_UNITS} words or quotes not read for relations",
                if too_long == 1 { "" } else { "s" }
            ));
        }
    }
}

/// Sentences with more units (words, quotes, actors) are not matched: news sentences have well
/// under a hundred, and the matcher's cost grows with the square of the length (its step budget
/// bounds the steps, but a step can scan the sentence).
pub const MAX_SENTENCE_UNITS: usize = 400;

/// The actor a pronoun in sentence `si` refers to: the subject of the nearest preceding
/// sentence that has one (its speaker if it reported speech).
pub fn salient(doc: &Doc<'_>, si: usize, plural: bool) -> Option<usize> {
    for j in (si.saturating_sub(10)..si).rev() {
        if doc.boiler.get(j).copied().unwrap_or(true) {
            continue;
        }
        if plural {
            let m = doc.mentions[doc.sent_mentions[j].clone()]
                .iter()
                .rev()
                .filter(|m| m.etype == Some(EntityType::Group))
                .find_map(|m| m.entity);
            if m.is_some() {
                return m;
            }
            continue;
        }
        if let Some(e) = doc.sent_subject[j] {
            if doc.entities.get(e).etype != EntityType::Group {
                return Some(e);
            }
        }
    }
    None
}

/// Resolves a captured mention to an entity; `factor` lowers confidence for pronouns.
fn resolve(
    doc: &Doc<'_>,
    si: usize,
    mi: usize,
    before: std::ops::Range<usize>,
) -> Option<(usize, f32)> {
    let us_before = &doc.mentions[before];
    let m = &doc.mentions[mi];
    match &m.kind {
        MentionKind::Pronoun { plural } => {
            if *plural {
                // A group named earlier in the same sentence ("тұрғындарына ..., оларды").
                if let Some(e) = us_before
                    .iter()
                    .rev()
                    .filter(|x| x.etype == Some(EntityType::Group))
                    .find_map(|x| x.entity)
                {
                    return Some((e, 0.9));
                }
            }
            salient(doc, si, *plural).map(|e| (e, 0.9))
        }
        MentionKind::Role { .. } => m.entity.map(|e| (e, 0.9)),
        MentionKind::Named => m.entity.map(|e| (e, 1.0)),
    }
}

fn unit_range_tokens(us: &[Unit], r: (usize, usize)) -> Option<(usize, usize)> {
    if r.0 >= r.1 || r.1 > us.len() {
        return None;
    }
    Some((us[r.0].t0, us[r.1 - 1].t1))
}

/// Original-text span and text of tokens `t0..t1`, lines joined.
fn orig_text(doc: &Doc<'_>, t0: usize, t1: usize) -> (Span, String) {
    if t0 >= t1 {
        return (Span::default(), String::new());
    }
    let span = Span {
        start: doc.orig_start(t0),
        end: doc.orig_end(t1 - 1),
    };
    let norm = doc.span_text(t0, t1);
    (span, join_lines(norm))
}

/// Joins the lines of a multi-line claim: a line that ends without punctuation gets a full
/// stop, as the sentence it is.
pub fn join_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if i > 0 && !out.is_empty() {
            let last = out.chars().last().unwrap_or(' ');
            if last.is_alphanumeric() {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(line);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn trim_claim_text(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '–' | '-' | ':' | ';'));
    let t = t.trim_end_matches(['.', ' ']);
    t.trim().to_string()
}

/// Claim from a captured unit range: a lone quote gives its inner text; a clause is trimmed of
/// leading connectives, a leading addressee, and a leading "...-ып," clause.
fn claim_from_units(
    doc: &Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    content: bool,
) -> Option<(Span, String, bool)> {
    let (mut a, mut b) = r;
    while a < b && matches!(us[a].kind, UKind::Punct(_)) {
        a += 1;
    }
    while b > a && matches!(us[b - 1].kind, UKind::Punct(_)) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    if b - a == 1 {
        if let UKind::Quote(qi) = us[a].kind {
            let q = doc.seg.quotes[qi];
            if q.close <= q.open + 1 {
                return None;
            }
            let (span, text) = orig_text(doc, q.open + 1, q.close);
            return Some((span, trim_claim_text(&text), true));
        }
    }
    // Leading connectives.
    let sub = &us[a..b];
    a += lead_of(doc, sub);
    // A leading addressee: "әкімдеріне ... екенін ескертті".
    if a < b {
        if let UKind::Mention(mi) = us[a].kind {
            if doc.mentions[mi].case == Case::Dat {
                a += 1;
            }
        }
    }
    if content {
        // "... қорытындылап, CLAIM": start after the last converb and comma.
        for k in (a + 1..b).rev() {
            if matches!(us[k].kind, UKind::Punct(',')) && matches!(us[k - 1].kind, UKind::Word) {
                let t = us[k - 1].t0;
                if doc.words[t].has_form(doc.lex, "converb") {
                    a = k + 1;
                    break;
                }
            }
        }
    }
    if a >= b {
        return None;
    }
    let (t0, t1) = unit_range_tokens(us, (a, b))?;
    let (span, text) = orig_text(doc, t0, t1);
    Some((span, trim_claim_text(&text), false))
}

fn words_in(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn is_adverb(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    matches!(us[k].kind, UKind::Word)
        && doc
            .lex
            .adverbs
            .iter()
            .any(|a| a.len() == 1 && a[0] == doc.words[us[k].t0].lower)
}

const POSTPOSITIONS: &[&str] = &[
    "туралы",
    "жөнінде",
    "бойынша",
    "үшін",
    "арқылы",
    "сияқты",
    "қатысты",
    "жайлы",
    "жайында",
    "жөніндегі",
    "туралы",
    "бойынша",
    "сәйкес",
    "қарсы",
    "арналған",
];

/// A document named before its verb. `title`: the full name ("X туралы Жарлық"); otherwise the
/// head noun with at most one modifier ("жаңа регламенті").
fn doc_object(doc: &Doc<'_>, us: &[Unit], r: (usize, usize), title: bool) -> Option<String> {
    let (a, mut b) = r;
    while b > a && (matches!(us[b - 1].kind, UKind::Punct(_)) || is_adverb(doc, us, b - 1)) {
        b -= 1;
    }
    if b <= a {
        return None;
    }
    let h = b - 1;
    if us[h].kind != UKind::Word {
        return None;
    }
    let ht = us[h].t0;
    let hw = &doc.words[ht];
    // "заң жобасы": two-word documents.
    let mut head_start = ht;
    let two = if h > a && us[h - 1].kind == UKind::Word {
        let w = format!(
            "{} {}",
            doc.words[us[h - 1].t0].lower,
            hw.nominative.to_lowercase()
        );
        let alt = format!("{} {}", doc.words[us[h - 1].t0].lower, hw.stem_lower);
        doc.lex.documents.contains(&w) || doc.lex.documents.contains(&alt)
    } else {
        false
    };
    if two {
        head_start = us[h - 1].t0;
    } else {
        if !hw.document {
            return None;
        }
    }
    let head_label = format!(
        "{}{}",
        if head_start < ht {
            format!("{} ", doc.tok_text(head_start))
        } else {
            String::new()
        },
        hw.nominative
    );
    let first_head_unit = if two { h - 1 } else { h };
    let mut start = first_head_unit;
    if title {
        // Back over the name until a barrier: punctuation, an actor (a place in the locative
        // may belong to the name), an instrumental, a converb.
        while start > a {
            let k = start - 1;
            let ok = match &us[k].kind {
                UKind::Word => {
                    let t = us[k].t0;
                    let case = doc.case_of(t);
                    case != Case::Ins && !doc.words[t].has_form(doc.lex, "converb")
                }
                UKind::Mention(mi) => {
                    let m = &doc.mentions[*mi];
                    m.case == Case::Loc
                        && matches!(m.etype, Some(EntityType::Place | EntityType::Country))
                }
                UKind::Quote(_) => true,
                _ => false,
            };
            if !ok {
                break;
            }
            start = k;
        }
    } else if start > a && us[start - 1].kind == UKind::Word {
        let t = us[start - 1].t0;
        let lw = &doc.words[t].lower;
        let case = doc.case_of(t);
        let plain = matches!(case, Case::Nom | Case::Acc)
            && !POSTPOSITIONS.contains(&lw.as_str())
            && !doc.words[t].has_form(doc.lex, "converb")
            && !doc.words[t].has_form(doc.lex, "participle")
            && doc.toks[t].kind == TokKind::Word
            && !doc.words[t].possessive
            && !doc.words[t].document;
        if plain {
            start -= 1;
        }
    }
    if start == first_head_unit {
        return Some(head_label);
    }
    let (t0, _) = unit_range_tokens(us, (start, first_head_unit))?;
    let before = doc.span_text(t0, us[first_head_unit - 1].t1);
    Some(format!("{before} {head_label}"))
}

/// The noun phrase that ends at unit `h`, walking left over its modifiers.
fn np_left(doc: &Doc<'_>, us: &[Unit], a: usize, h: usize) -> usize {
    let mut start = h;
    let participle_soon = |k: usize| {
        (k + 1..(k + 3).min(h + 1)).any(|j| {
            matches!(us[j].kind, UKind::Word) && doc.words[us[j].t0].has_form(doc.lex, "participle")
        })
    };
    let attributive = |t: usize| {
        let l = &doc.words[t].lower;
        ["дағы", "дегі", "тағы", "тегі"]
            .iter()
            .any(|e| l.ends_with(e))
    };
    while start > a && h - start < 7 {
        let k = start - 1;
        if attributive(us[k].t1 - 1) {
            start = k;
            continue;
        }
        let ok = match &us[k].kind {
            UKind::Word => {
                let t = us[k].t0;
                let lw = &doc.words[t].lower;
                if doc.words[t].has_form(doc.lex, "converb") || POSTPOSITIONS.contains(&lw.as_str())
                {
                    false
                } else {
                    match doc.case_of(t) {
                        Case::Loc | Case::Abl | Case::Ins | Case::Dat => participle_soon(k),
                        _ => true,
                    }
                }
            }
            UKind::Mention(mi) => {
                let m = &doc.mentions[*mi];
                match m.case {
                    Case::Nom | Case::Gen => true,
                    _ => participle_soon(k),
                }
            }
            _ => false,
        };
        if !ok {
            break;
        }
        start = k;
    }
    start
}

/// Objects of criticism: named actors in the dative or accusative (one each); else the actor
/// of a content clause; else the genitive actor of the object phrase; else the phrase itself.
fn target_objects(doc: &mut Doc<'_>, us: &[Unit], r: (usize, usize), si: usize) -> Vec<Object> {
    let (a, mut b) = r;
    while b > a && (matches!(us[b - 1].kind, UKind::Punct(_)) || is_adverb(doc, us, b - 1)) {
        b -= 1;
    }
    if b <= a {
        return Vec::new();
    }
    let before = doc.sent_mentions[si].clone();
    let mut named = Vec::new();
    let mut groups = Vec::new();
    for u in &us[a..b] {
        if let UKind::Mention(mi) = u.kind {
            let m = &doc.mentions[mi];
            if matches!(m.case, Case::Dat | Case::Acc) {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    match doc.entities.get(e).etype {
                        EntityType::Group => groups.push(e),
                        EntityType::Place => {}
                        _ => named.push(e),
                    }
                }
            }
        }
    }
    if !named.is_empty() {
        return named.into_iter().map(Object::Entity).collect();
    }
    let h = b - 1;
    let last_is_content =
        matches!(us[h].kind, UKind::Word) && doc.words[us[h].t0].has_form(doc.lex, "content");
    if last_is_content {
        for u in &us[a..h] {
            if let UKind::Mention(mi) = u.kind {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    return vec![Object::Entity(e)];
                }
            }
        }
        return Vec::new();
    }
    if !groups.is_empty() {
        return groups.into_iter().map(Object::Entity).collect();
    }
    let start = np_left(doc, us, a, h);
    for u in &us[start..h] {
        if let UKind::Mention(mi) = u.kind {
            let m = &doc.mentions[mi];
            if m.case == Case::Gen {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    if doc.entities.get(e).etype != EntityType::Place {
                        return vec![Object::Entity(e)];
                    }
                }
            }
        }
    }
    let Some((t0, t1)) = unit_range_tokens(us, (start, h)) else {
        // Only the head.
        let ht = us[h].t0;
        if us[h].kind != UKind::Word {
            if let UKind::Mention(mi) = us[h].kind {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    return vec![Object::Entity(e)];
                }
            }
            return Vec::new();
        }
        return vec![Object::Topic {
            label: doc.words[ht].nominative.clone(),
        }];
    };
    let head_t = us[h].t0;
    let head = match &us[h].kind {
        UKind::Word => doc.words[head_t].nominative.clone(),
        UKind::Mention(mi) => {
            let m = &doc.mentions[*mi];
            m.entity
                .map(|e| doc.entities.get(e).label.clone())
                .unwrap_or_default()
        }
        _ => return Vec::new(),
    };
    let label = format!("{} {head}", doc.span_text(t0, t1));
    vec![Object::Topic { label }]
}

fn session_body(doc: &Doc<'_>, si: usize) -> Option<usize> {
    let upto = doc
        .sent_mentions
        .get(si)
        .map(|r| r.end)
        .unwrap_or(doc.mentions.len());
    doc.mentions[..upto].iter().rev().find_map(|m| {
        let e = m.entity?;
        if doc.entities.get(e).etype != EntityType::Organization {
            return None;
        }
        // "мәслихатының кезектен тыс сессиясы": a session word within four words.
        let is_session =
            |w: &str| w.starts_with("сесси") || w.starts_with("отырыс") || w.starts_with("жиын");
        (m.t1..(m.t1 + 4).min(doc.toks.len()))
            .any(|t| is_session(&doc.words[t].lower))
            .then_some(e)
    })
}

fn apply_rule(doc: &mut Doc<'_>, si: usize, us: &[Unit], lead: usize, rule: &Rule) {
    let mut from = 0usize;
    let mut guard = 0;
    while from <= us.len() && guard < 64 {
        guard += 1;
        // Unanchored patterns are tried from each start position.
        let starts: Vec<usize> = if rule.anchored {
            vec![0]
        } else {
            (from..us.len()).collect()
        };
        let mut found = None;
        'variants: for pat in &rule.variants {
            let mut mt = Matcher {
                doc,
                units: us,
                pat,
                lead,
                failed: vec![false; (pat.len() + 1) * (us.len() + 1)],
                caps: [None; N_CAPS],
                verb: None,
                budget: 200_000,
            };
            for &s in &starts {
                mt.failed.iter_mut().for_each(|f| *f = false);
                mt.caps = [None; N_CAPS];
                mt.verb = None;
                if let Some(end) = mt.m(0, s) {
                    found = Some((end, mt.caps, mt.verb));
                    break 'variants;
                }
            }
        }
        let Some((end, caps, verb)) = found else {
            break;
        };
        emit(doc, si, us, rule, caps, verb);
        if rule.anchored || end <= from {
            break;
        }
        from = end;
    }
}

fn emit(
    doc: &mut Doc<'_>,
    si: usize,
    us: &[Unit],
    rule: &Rule,
    caps: [Option<(usize, usize)>; N_CAPS],
    verb: Option<usize>,
) {
    let lex = doc.lex;
    let vf = verb.map(|v| &lex.verbs[v]);
    let Some(kind) = rule
        .relation
        .or_else(|| vf.and_then(|v| RelKind::parse(&v.relation)))
    else {
        return;
    };
    let mode = rule
        .mode
        .or_else(|| vf.and_then(|v| Mode::parse(&v.mode)))
        .filter(|_| kind.has_claim());
    let mut confidence = rule.confidence;
    let sentence_mentions = doc.sent_mentions[si].clone();
    // Mentions of this sentence that end before token `t`.
    let mentions_before = |doc: &Doc<'_>, t: usize| {
        let r = sentence_mentions.clone();
        let n = doc.mentions[r.clone()]
            .iter()
            .take_while(|m| m.t1 <= t)
            .count();
        r.start..r.start + n
    };

    // Subject.
    let mut subject = None;
    if let Some(r) = caps[cap_index(Cap::Subj)] {
        if rule.subject_outlet {
            subject = outlet_subject(doc, us, r);
        } else if r.1 == r.0 + 1 {
            if let UKind::Mention(mi) = us[r.0].kind {
                let before = mentions_before(doc, us[r.0].t0);
                if let Some((e, f)) = resolve(doc, si, mi, before) {
                    subject = Some(e);
                    confidence *= f;
                }
            }
        }
        if subject.is_none() && !rule.subject_outlet {
            // A captured mention that could not be resolved: no relation.
            return;
        }
    }
    if subject.is_none() {
        subject = match rule.subject_fallback.as_deref() {
            Some("prev") => {
                confidence *= 0.85;
                salient(doc, si, false)
            }
            Some("session") => {
                confidence *= 0.8;
                session_body(doc, si).or_else(|| salient(doc, si, false))
            }
            _ => None,
        };
    }
    let Some(subject) = subject else { return };
    if !doc.entities.get(subject).etype.is_agent() {
        return;
    }
    if kind != RelKind::Reported
        && doc.entities.get(subject).etype == EntityType::Outlet
        && kind.has_claim()
    {
        return;
    }

    // Objects.
    let mut objects: Vec<Object> = Vec::new();
    match &rule.object {
        ObjectMode::Claim => {
            let claim = if rule.claim_prev {
                prev_sentence_claim(doc, si, subject, rule)
            } else {
                let Some(r) = caps[cap_index(Cap::Claim)] else {
                    return;
                };
                claim_from_units(
                    doc,
                    us,
                    r,
                    rule.require.iter().any(|x| x == "claim-ends-content"),
                )
            };
            let Some((span, text, is_quote)) = claim else {
                return;
            };
            if text.is_empty() {
                return;
            }
            for req in &rule.require {
                let ok = match req.as_str() {
                    "claim-ends-content" => text.split_whitespace().last().is_some_and(|w| {
                        lex.has_form(
                            w.to_lowercase()
                                .trim_matches(|c: char| !c.is_alphanumeric()),
                            "content",
                        )
                    }),
                    "claim-min-3-words" => words_in(&text) >= 3,
                    "claim-no-quote" => !is_quote && !text.contains('«') && !text.starts_with('"'),
                    "claim-is-quote" => is_quote,
                    _ => true,
                };
                if !ok {
                    return;
                }
            }
            objects.push(Object::Claim { text, span });
        }
        ObjectMode::Entity => {
            let Some(r) = caps[cap_index(Cap::Obj)] else {
                return;
            };
            if let UKind::Mention(mi) = us[r.0].kind {
                let before = mentions_before(doc, us[r.0].t0);
                if let Some((e, f)) = resolve(doc, si, mi, before) {
                    confidence *= f;
                    objects.push(Object::Entity(e));
                }
            }
        }
        ObjectMode::DocHead | ObjectMode::DocTitle => {
            let Some(r) = caps[cap_index(Cap::Obj)] else {
                return;
            };
            if let Some(label) = doc_object(doc, us, r, rule.object == ObjectMode::DocTitle) {
                objects.push(Object::Document { label });
            }
        }
        ObjectMode::Target => {
            let Some(r) = caps[cap_index(Cap::Obj)] else {
                return;
            };
            objects = target_objects(doc, us, r, si);
        }
        ObjectMode::Default(label) => {
            let e = doc.entities.intern(label, EntityType::Group, None);
            objects.push(Object::Entity(e));
        }
    }

    let s = doc.seg.sentences[si];
    let (evidence, evidence_text) = orig_text(doc, s.t0, s.t1);
    let line = doc.line_of(s.t0);
    for object in objects {
        if let Object::Entity(o) = &object {
            if *o == subject {
                continue;
            }
        }
        // One relation per claim and family; one per (relation, subject, object) for events.
        // Relations are appended sentence by sentence: this sentence's are the tail.
        let dup = doc
            .relations
            .iter()
            .rev()
            .take_while(|r| r.sentence == si)
            .any(|r| {
                r.kind.family() == kind.family()
                    && match (&r.object, &object) {
                        (Object::Claim { span: a, .. }, Object::Claim { span: b, .. }) => {
                            a.start < b.end && b.start < a.end
                        }
                        (x, y) => r.subject == subject && x == y,
                    }
            });
        if dup {
            continue;
        }
        doc.relations.push(Relation {
            kind,
            subject,
            object,
            mode,
            date: None,
            place: None,
            sentence: si,
            line,
            evidence,
            evidence_text: evidence_text.clone(),
            rule: rule.id.clone(),
            confidence: (confidence * 100.0).round() / 100.0,
        });
    }
}

/// "Бұл туралы X жазды": the claim is the sentence before, unless that sentence already holds
/// a relation of the same subject (then this one only says where it was written).
fn prev_sentence_claim(
    doc: &Doc<'_>,
    si: usize,
    subject: usize,
    rule: &Rule,
) -> Option<(Span, String, bool)> {
    let j = (0..si).rev().find(|&j| !doc.boiler[j])?;
    if rule
        .require
        .iter()
        .any(|r| r == "prev-has-no-relation-of-subject")
        && doc
            .relations
            .iter()
            .any(|r| r.sentence == j && r.subject == subject)
    {
        return None;
    }
    let s = doc.seg.sentences[j];
    let (span, text) = orig_text(doc, s.t0, s.t1);
    Some((span, trim_claim_text(&text), false))
}

/// The outlet named in "..., деп хабарлайды BAQ.KZ тілшісі": a known outlet in the captured
/// words, or the words themselves (without a trailing "тілшісі").
fn outlet_subject(doc: &mut Doc<'_>, us: &[Unit], r: (usize, usize)) -> Option<usize> {
    for u in &us[r.0..r.1] {
        if let UKind::Mention(mi) = u.kind {
            let m = &doc.mentions[mi];
            if m.etype == Some(EntityType::Outlet) {
                return m.entity;
            }
        }
    }
    // An empty capture at the end of the sentence names nothing.
    if r.0 >= us.len() {
        return None;
    }
    // Without a known outlet, the words must say it is one: "тілшісі", a web address, ...
    let cue = (us[r.0].t0..us[r.1.max(r.0 + 1) - 1].t1).any(|t| {
        let l = &doc.words[t].lower;
        doc.lex.outlet_cues.contains(l)
            || [".kz", ".com", ".ru", ".org", ".net", ".info"]
                .iter()
                .any(|d| l.ends_with(d))
    });
    if !cue {
        return None;
    }
    let (mut a, mut b) = r;
    while a < b && matches!(us[a].kind, UKind::Punct(_)) {
        a += 1;
    }
    while b > a && matches!(us[b - 1].kind, UKind::Punct('.' | '!' | '?' | ',')) {
        b -= 1;
    }
    let (t0, t1) = unit_range_tokens(us, (a, b))?;
    let text = doc.span_text(t0, t1).replace(['«', '»', '"'], "");
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let label = words.join(" ");
    Some(doc.entities.intern(&label, EntityType::Outlet, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_bad_ones_are_refused() {
        let p = parse_pattern("claim:Q ,? –? verb:V(say) subj:A{!outlet,nom}").unwrap();
        assert_eq!(p.len(), 5);
        let v = variants(&parse_pattern("^ subj:A? ... V(say)").unwrap());
        assert_eq!(v.len(), 2);
        assert!(!v[0][1].optional && v[1].len() == 3);
        assert!(p[1].optional);
        assert_eq!(p[0].cap, Some(Cap::Claim));
        assert!(parse_pattern("A{nominative}").is_err());
        assert!(parse_pattern("W{future}").is_err());
        assert!(parse_pattern("zz:Q").is_err());
    }

    #[test]
    fn builtin_rules_load() {
        let rs = RuleSet::builtin();
        assert!(rs.rules.len() >= 10);
        assert!(rs.rules.iter().all(|r| !r.examples.is_empty()));
    }

    #[test]
    fn a_rule_file_error_names_the_file() {
        let e = RuleSet::parse_files(&[("x.toml", "[[rule]]\nid = \"a\"\npattern = \"Q\"\n")])
            .unwrap_err();
        assert!(e.to_string().contains("data/rules/x.toml"), "{e}");
    }

    #[test]
    fn lines_join_with_a_full_stop_where_none_was() {
        assert_eq!(join_lines("бір\nекі."), "бір. екі.");
        assert_eq!(join_lines("бір.\nекі"), "бір. екі");
    }
}
