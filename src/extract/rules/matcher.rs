//! Matching a rule's pattern over a sentence's units: a backtracking matcher with a memo of
//! failed states and a step budget, tried from each start position.

use super::emit::emit;
use super::load::Rule;
use super::pattern::{ActorFilter, Cap, Elem, PElem, N_CAPS};
use super::units::{UKind, Unit};
use crate::extract::{Doc, EntityType, Mention};
use crate::lexicon::Aspect;
use crate::text::morph::Case;
use crate::text::Lower;
use crate::text::TokKind;

// Matching

pub(super) struct Matcher<'r, 'd, 'a> {
    doc: &'d Doc<'a>,
    units: &'r [Unit],
    pat: &'r [PElem],
    /// Aspects a trigger may have (empty: any).
    aspects: &'r [Aspect],
    lead: usize,
    /// Failed (pattern element, unit) states: a bit per pair, row-major by element.
    failed: Vec<bool>,
    caps: [Option<(usize, usize)>; N_CAPS],
    verb: Option<usize>,
    budget: usize,
}

impl Matcher<'_, '_, '_> {
    fn mention(&self, u: usize) -> Option<&Mention> {
        match self.units.get(u)?.kind {
            UKind::Mention(mi) => Some(&self.doc.mentions[mi]),
            _ => None,
        }
    }

    fn actor_ok(&self, u: usize, f: &ActorFilter) -> bool {
        self.mention(u).is_some_and(|m| f.accepts(m))
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
            UKind::Quote(qi) => !self.is_name_quote(u, *qi),
            UKind::Verb(_) => true,
            UKind::Mention(mi) => {
                let m = &self.doc.mentions[*mi];
                m.case == Case::Nom && !m.embedded && !matches!(m.etype, Some(EntityType::Place))
            }
            _ => false,
        }
    }

    /// Whether the quote at unit `u` is a short name that a noun follows ("«МузАрт» тобының
    /// әншілері"), not words of someone's: at most three words, the first capitalized, no
    /// punctuation inside, and right after the closing mark a word that is no converb or
    /// participle ("«Бәрі дұрыс» деп ойлаған" quotes what was thought).
    fn is_name_quote(&self, u: usize, qi: usize) -> bool {
        let q = self.doc.seg.quotes[qi];
        let inside = q.open + 1..q.close;
        let words = inside
            .clone()
            .filter(|&t| self.doc.toks[t].kind == TokKind::Word)
            .count();
        (1..=3).contains(&words)
            && words == inside.len()
            && self
                .doc
                .span_text(q.open + 1, q.open + 2)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && self.units.get(u + 1).is_some_and(|n| match n.kind {
                UKind::Mention(_) => true,
                UKind::Word => {
                    let w = &self.doc.words[n.t0];
                    !w.has_form(self.doc.lex, "converb") && !w.has_form(self.doc.lex, "participle")
                }
                _ => false,
            })
    }

    fn set(&mut self, c: Option<Cap>, r: Option<(usize, usize)>) {
        if let Some(c) = c {
            self.caps[c.index()] = r;
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
                let aspects = self.aspects;
                let chosen = classes.iter().find_map(|c| {
                    vis.iter().copied().find(|&vi| {
                        let v = &lex.verbs[vi];
                        &v.class == c
                            && (aspects.is_empty() || v.aspect.is_none_or(|a| aspects.contains(&a)))
                    })
                })?;
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
                    if self.doc.words[t].forms & (1 << f) == 0 {
                        return None;
                    }
                }
                self.set(el.cap, Some((ui, ui + 1)));
                self.m(pi + 1, ui + 1)
            }
            Elem::Lit(words) => {
                let text = match self.word_text(ui) {
                    Some(t) => Some(t.lower()),
                    None => self.mention(ui).map(|_| {
                        self.doc
                            .span_text(self.units[ui].t0, self.units[ui].t1)
                            .lower()
                    }),
                };
                let ok = text.is_some_and(|t| words.contains(&t));
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

pub(super) fn apply_rule(doc: &mut Doc<'_>, si: usize, us: &[Unit], lead: usize, rule: &Rule) {
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
                aspects: &rule.aspect,
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
