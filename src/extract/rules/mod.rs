//! The rule engine. A language's rules live in `data/<lang>/rules/*.toml` (Kazakh:
//! `data/kk/rules/`): each has an id, a pattern over the units of a sentence (quotes, actor
//! mentions, trigger verbs, words, punctuation), what to emit, and example sentences that
//! `tests/rules.rs` runs. The pattern language is described in `data/kk/rules/README.md`.
//!
//! The engine by job: `load` (rule files, options parsed into enums, positioned errors),
//! `pattern` (the pattern language), `units` (a sentence as units), `matcher` (patterns over
//! units), `emit` (relations from a match), `objects` (claims, documents, targets) and
//! `resolve` (who a mention is).

mod emit;
mod load;
mod matcher;
mod objects;
mod pattern;
mod resolve;
mod units;

pub use load::{Example, Rule, RuleSet};
pub use objects::join_lines;
pub use resolve::salient;

use load::Scope;
use matcher::apply_rule;
use units::{lead_of, main_end, units, UKind};

use crate::extract::{Doc, Extractor, Layer, MentionKind, RelKind};
use crate::text::morph::Case;
use crate::text::TokKind;

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
            if !may_match(doc, si) {
                note_subject(doc, si);
                continue;
            }
            let us = units(doc, si);
            if us.len() > MAX_SENTENCE_UNITS {
                too_long += 1;
                continue;
            }
            // The verb classes of the sentence: a handful, so a list.
            let mut present: Vec<&str> = Vec::new();
            for u in &us {
                if let UKind::Verb(v) = &u.kind {
                    for &i in v {
                        let c = doc.lex.verbs[i].class.as_str();
                        if !present.contains(&c) {
                            present.push(c);
                        }
                    }
                }
            }
            let mend = main_end(doc, &us);
            let lead_full = lead_of(doc, &us);
            let lead_main = lead_of(doc, &us[..mend]);
            for rule in &self.rules.rules {
                if !rule.verb_classes.is_empty()
                    && !rule
                        .verb_classes
                        .iter()
                        .any(|c| present.contains(&c.as_str()))
                {
                    continue;
                }
                let (scope, lead) = if rule.scope == Scope::Full {
                    (&us[..], lead_full)
                } else {
                    (&us[..mend], lead_main)
                };
                apply_rule(doc, si, scope, lead, rule);
            }
            note_subject(doc, si);
        }
        if too_long > 0 {
            doc.notes.push(format!(
                "{too_long} sentence{} longer than {MAX_SENTENCE_UNITS} words or quotes not read for relations",
                if too_long == 1 { "" } else { "s" }
            ));
        }
    }
}

/// Whether any rule can match sentence `si`: every rule needs a trigger verb, a quote or a
/// colon. Most sentences of an article have none, and skip the rule engine.
fn may_match(doc: &Doc<'_>, si: usize) -> bool {
    let s = doc.seg.sentences[si];
    (s.t0..s.t1).any(|t| {
        doc.in_quote[t].is_some()
            || match doc.toks[t].kind {
                TokKind::Punct => doc.toks[t].text(&doc.norm.text) == ":",
                _ => doc.lex.verb_first.contains_key(&doc.words[t].lower),
            }
    })
}

/// The sentence's subject for later pronouns: its first relation's subject, else the first
/// nominative actor (a pronoun resolved now).
fn note_subject(doc: &mut Doc<'_>, si: usize) {
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
        let pron = doc.mentions[doc.sent_mentions[si].clone()].iter().any(|m| {
            m.case == Case::Nom && matches!(m.kind, MentionKind::Pronoun { plural: false })
        });
        if pron {
            doc.sent_subject[si] = salient(doc, si, false);
        }
    }
}

/// Sentences with more units (words, quotes, actors) are not matched: news sentences have well
/// under a hundred, and the matcher's cost grows with the square of the length (its step budget
/// bounds the steps, but a step can scan the sentence).
pub const MAX_SENTENCE_UNITS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load() {
        let rs = crate::lang::kk::rules();
        assert!(rs.rules.len() >= 10);
        assert!(rs.rules.iter().all(|r| !r.examples.is_empty()));
    }

    #[test]
    fn lines_join_with_a_full_stop_where_none_was() {
        assert_eq!(join_lines("бір\nекі."), "бір. екі.");
        assert_eq!(join_lines("бір.\nекі"), "бір. екі");
    }
}
