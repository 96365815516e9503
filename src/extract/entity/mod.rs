//! Actor mentions: names from the gazetteer, persons (given name + surname, initials +
//! surname, a surname seen before, titles in front), organizations (a head noun such as
//! "министрлігі" with the words of its name in front), groups ("облыс тұрғындары"), places,
//! roles without a name ("әкім", "Мәжіліс Төрағасы") resolved to the person who holds them, and
//! pronouns (resolved later, by the rules, which know who spoke last).
//!
//! The candidate builders are by kind of name (`names`, `bodies`, `refs`); overlapping
//! candidates are then picked longest first, and each picked one becomes a mention
//! (`mention`).

mod bodies;
mod ctx;
mod mention;
mod names;
mod refs;
mod roles;
mod table;
mod tagged;

pub use table::EntityTable;

use bodies::{
    body_noun_cands, group_cands, latin_cands, org_cands, place_cands, unnamed_speaker_cands,
};
use ctx::{Cand, CandKind, Ctx};
use mention::make_mention;
use names::{gazetteer_cands, person_cands};
use refs::{acronym_cands, pronoun_cands, role_cands};
use roles::role_matches;
use tagged::tagged_cands;

use crate::extract::{Doc, Entity, EntityType, Extractor, Layer};
use crate::text::morph::Case;

/// Stage 2: mentions and the entity table.
pub struct EntityRecognizer;

impl Extractor for EntityRecognizer {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        self.recognize(doc);
        roles::resolve_roles_forward(doc);
        roles::resolve_open_roles(doc);
        roles::resolve_open_bodies(doc);
        // Roles now have holders: each sentence's subject is its first nominative actor.
        for si in 0..doc.seg.sentences.len() {
            doc.sent_subject[si] = first_subject(doc, doc.sent_mentions[si].clone());
        }
    }
}

impl EntityRecognizer {
    fn recognize(&self, doc: &mut Doc<'_>) {
        let n = doc.seg.sentences.len();
        doc.sent_mentions = Vec::with_capacity(n);
        doc.sent_subject = vec![None; n];
        for si in 0..n {
            let start = doc.mentions.len();
            if !doc.boiler[si] {
                let s = doc.seg.sentences[si];
                let cands = {
                    let ctx = Ctx {
                        doc,
                        lex: doc.lex,
                        t0: s.t0,
                        t1: s.t1,
                    };
                    candidates(&ctx)
                };
                let picked = pick(cands);
                for c in picked {
                    let m = make_mention(doc, si, c);
                    doc.mentions.push(m);
                }
                country_of_body(doc, start);
            }
            doc.sent_mentions.push(start..doc.mentions.len());
            doc.sent_subject[si] = first_subject(doc, start..doc.mentions.len());
        }
    }
}

/// "Қазақстан Республикасы | Денсаулық сақтау министрлігі жаңа күнтізбені бекітті": a country
/// right before a body's name whose head is possessed, in the nominative or the genitive, says
/// whose body it is, as a genitive would; it is not an actor of its own. Mentions from `start`.
fn country_of_body(doc: &mut Doc<'_>, start: usize) {
    for i in start + 1..doc.mentions.len() {
        let (a, b) = (&doc.mentions[i - 1], &doc.mentions[i]);
        let last = b.t1 - 1;
        let body_case = doc.case_of(last);
        let qualifies = a.t1 == b.t0
            && a.case == Case::Nom
            && a.etype == Some(EntityType::Country)
            && b.etype == Some(EntityType::Organization)
            && doc.toks[b.t0].kind == crate::text::tokenize::TokKind::Word
            && !doc.words[b.t0].text_is_lowercase()
            && doc.words[last].possessive_third
            && (b.case == Case::Nom || b.case == Case::Gen && body_case == Case::Gen);
        if qualifies {
            doc.mentions[i - 1].case = Case::Gen;
        }
    }
}

fn candidates(ctx: &Ctx<'_, '_>) -> Vec<Cand> {
    let mut out = Vec::new();
    gazetteer_cands(ctx, &mut out);
    let gaz: Vec<(usize, usize)> = out.iter().map(|c| (c.t0, c.t1)).collect();
    let gaz_not_person: Vec<(usize, usize)> = out
        .iter()
        .filter(|c| matches!(c.kind, CandKind::Gaz(gi) if ctx.lex.gazetteer[gi].etype != "person"))
        .map(|c| (c.t0, c.t1))
        .collect();
    let before_person = out.len();
    person_cands(ctx, &mut out);
    let persons: Vec<(usize, usize)> = out[before_person..].iter().map(|c| (c.t0, c.t1)).collect();
    let before_org = out.len();
    org_cands(ctx, &gaz, &persons, &mut out);
    let names: Vec<(usize, usize)> = gaz_not_person
        .iter()
        .copied()
        .chain(
            out[before_org..]
                .iter()
                .filter(|c| matches!(c.kind, CandKind::Org))
                .map(|c| (c.t0, c.t1)),
        )
        .collect();
    group_cands(ctx, &names, &persons, &mut out);
    place_cands(ctx, &mut out);
    role_cands(ctx, &mut out);
    pronoun_cands(ctx, &mut out);
    acronym_cands(ctx, &mut out);
    latin_cands(ctx, &mut out);
    tagged_cands(ctx, &mut out);
    // Tokens other candidates cover, by offset from the sentence's start.
    let mut taken = vec![false; ctx.t1.saturating_sub(ctx.t0)];
    for c in &out {
        for t in c.t0.max(ctx.t0)..c.t1.min(ctx.t1) {
            taken[t - ctx.t0] = true;
        }
    }
    unnamed_speaker_cands(ctx, &taken, &mut out);
    body_noun_cands(ctx, &taken, &mut out);
    out
}

/// Longest first, then by priority; overlapping candidates lose.
fn pick(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.t1 - b.t0)
            .cmp(&(a.t1 - a.t0))
            .then(a.prio().cmp(&b.prio()))
            .then(a.t0.cmp(&b.t0))
    });
    // Picked ranges by start. They never overlap, so of those starting before `c` ends, the last
    // one reaches furthest: the only one to test (a long sentence has many candidates).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut picked: Vec<Cand> = Vec::new();
    for c in cands {
        let free = taken
            .range(..c.t1)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.t0);
        if free {
            if c.t0 < c.t1 {
                taken.insert(c.t0, c.t1);
            }
            picked.push(c);
        }
    }
    picked.sort_by_key(|c| c.t0);
    picked
}

/// The first nominative actor among these mentions, outside quotes: the sentence's subject.
fn first_subject(doc: &Doc<'_>, mentions: std::ops::Range<usize>) -> Option<usize> {
    doc.mentions[mentions]
        .iter()
        .find(|m| {
            m.case == Case::Nom
                && !m.embedded
                && m.entity.is_some()
                && m.etype
                    .is_some_and(|t| t.is_agent() && t != EntityType::Outlet)
                && doc.in_quote[m.t0].is_none()
        })
        .and_then(|m| m.entity)
}

fn gaz_type(s: &str) -> EntityType {
    EntityType::parse(s).unwrap_or(EntityType::Organization)
}

/// How many mentions back (or ahead) a role without a name looks for its holder: far more than
/// a news article needs, and it keeps a huge input from costing mentions × mentions.
const ROLE_REACH: usize = 1000;

/// Most recent earlier mention (within [`ROLE_REACH`]) whose entity satisfies `pred`; each
/// entity is tested once.
fn recent(doc: &Doc<'_>, pred: impl Fn(&Entity) -> bool) -> Option<usize> {
    let mut tested = std::collections::HashSet::new();
    doc.mentions
        .iter()
        .rev()
        .take(ROLE_REACH)
        .filter_map(|m| m.entity)
        .find(|&e| tested.insert(e) && pred(doc.entities.get(e)))
}
