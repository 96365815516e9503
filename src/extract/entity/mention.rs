//! From a picked candidate to a mention and an entry of the entity table.

use super::ctx::{capitalize_first, Cand, CandKind};
use super::{gaz_type, recent, role_matches};
use crate::extract::{Doc, EntityType, Mention, MentionKind};
use crate::lexicon::GazEntry;
use crate::text::morph::Case;
use crate::text::TokKind;

pub(super) fn make_mention(doc: &mut Doc<'_>, si: usize, c: Cand) -> Mention {
    let lex = doc.lex;
    let last = c.t1 - 1;
    let case = c.case.unwrap_or_else(|| {
        if doc.toks[last].kind == TokKind::Punct {
            return Case::Nom;
        }
        doc.case_of(last)
    });
    let qualifier = matches!(
        c.kind,
        CandKind::Gaz(_) | CandKind::Org | CandKind::Place | CandKind::OrgRole { .. }
    ) && !matches!(&c.kind, CandKind::Gaz(gi) if lex.gazetteer[*gi].etype == "person");
    let case = if case == Case::Nom && qualifier && modifies_next(doc, c.t1) {
        // "Үкімет отырысында", "Қытай СІМ өкілі": a body's or place's name right before a
        // possessed noun qualifies it, as a genitive would; it is not a nominative actor of
        // its own. (A person's name before one is usually the subject of a clause that starts
        // there: "Зеленский елі ... тап болғанын айтты".)
        Case::Gen
    } else {
        case
    };
    let mut kind = MentionKind::Named;
    let (entity, etype) = match &c.kind {
        CandKind::Gaz(gi) => {
            let g = &lex.gazetteer[*gi];
            let et = gaz_type(&g.etype);
            (Some(gaz_entity(doc, g, et)), Some(et))
        }
        CandKind::Person { surname_only } => {
            let nl = c.label.to_lowercase();
            let mut target = None;
            if *surname_only {
                target = doc
                    .entities
                    .iter()
                    .filter(|(_, e)| e.etype == EntityType::Person)
                    .filter(|(_, e)| {
                        e.label.split_whitespace().count() >= 2
                            && e.label
                                .split_whitespace()
                                .last()
                                .is_some_and(|s| s.to_lowercase() == nl)
                            || e.aliases.iter().any(|a| a.to_lowercase() == nl)
                    })
                    .map(|(i, _)| i)
                    .last();
                if target.is_none() {
                    if let Some((_, gi)) = lex.gaz_index.get(&nl).and_then(|l| {
                        l.iter()
                            .find(|(w, gi)| w.len() == 1 && lex.gazetteer[*gi].etype == "person")
                    }) {
                        let g = &lex.gazetteer[*gi];
                        target = Some(gaz_entity(doc, g, EntityType::Person));
                    }
                }
            }
            // A full name the gazetteer knows takes its entry (aliases, roles).
            let known = lex
                .gaz_by_name
                .get(&nl)
                .map(|&gi| &lex.gazetteer[gi])
                .filter(|g| g.etype == "person");
            let e = match (target, known) {
                (Some(e), _) => e,
                (None, Some(g)) => gaz_entity(doc, g, EntityType::Person),
                (None, None) => doc.entities.intern(&c.label, EntityType::Person, None),
            };
            if let Some((class, phrase)) = &c.role {
                doc.entities
                    .get_mut(e)
                    .roles
                    .insert((class.clone().unwrap_or_default(), phrase.clone()));
            }
            (Some(e), Some(EntityType::Person))
        }
        CandKind::Org => {
            let gaz = lex
                .gaz_by_name
                .get(&c.label.to_lowercase())
                .map(|&gi| (gi, &lex.gazetteer[gi]));
            let e = match gaz {
                Some((_, g)) => {
                    doc.entities
                        .intern(&g.label, gaz_type(&g.etype), g.wikidata.as_deref())
                }
                None => {
                    doc.entities
                        .intern(&capitalize_first(&c.label), EntityType::Organization, None)
                }
            };
            if gaz.is_some() {
                doc.entities
                    .get_mut(e)
                    .aliases
                    .insert(capitalize_first(&c.label));
            }
            let et = doc.entities.get(e).etype;
            (Some(e), Some(et))
        }
        CandKind::Group => {
            let e = doc.entities.intern(&c.label, EntityType::Group, None);
            (Some(e), Some(EntityType::Group))
        }
        CandKind::Place => {
            let e = doc.entities.intern(&c.label, EntityType::Place, None);
            (Some(e), Some(EntityType::Place))
        }
        CandKind::Role { class, head } => {
            kind = MentionKind::Role {
                class: class.clone(),
                head: head.clone(),
            };
            let found = recent(doc, |e| {
                e.etype == EntityType::Person && role_matches(e, class.as_deref(), head)
            });
            (found, Some(EntityType::Person))
        }
        CandKind::OrgRole { head } => {
            kind = MentionKind::Role {
                class: None,
                head: head.clone(),
            };
            let stem: String = head
                .chars()
                .take(head.chars().count().saturating_sub(1).max(4))
                .collect();
            let found = recent(doc, |e| {
                matches!(e.etype, EntityType::Organization)
                    && e.label.split_whitespace().count() >= 2
                    && e.label
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| w.to_lowercase().starts_with(&stem))
            });
            (found, Some(EntityType::Organization))
        }
        CandKind::Pronoun { plural } => {
            kind = MentionKind::Pronoun { plural: *plural };
            (None, None)
        }
    };
    if let Some(e) = entity {
        doc.entities.get_mut(e).mentions += 1;
    }
    Mention {
        t0: c.t0,
        t1: c.t1,
        sentence: si,
        kind,
        case,
        entity,
        etype,
    }
}

/// The entity of a gazetteer entry, with its aliases and the roles it holds.
fn gaz_entity(doc: &mut Doc<'_>, g: &GazEntry, etype: EntityType) -> usize {
    let e = doc.entities.intern(&g.label, etype, g.wikidata.as_deref());
    let ent = doc.entities.get_mut(e);
    for a in &g.aliases {
        ent.aliases.insert(a.clone());
    }
    for r in &g.roles {
        ent.roles.insert((r.clone(), String::new()));
    }
    e
}

/// Whether token `t` is a noun with a third-person possessive ending that a name before it
/// qualifies (the izafet "Үкімет отырысы", "Мәжіліс депутаттары").
fn modifies_next(doc: &Doc<'_>, t: usize) -> bool {
    t < doc.toks.len()
        && doc.toks[t].kind == TokKind::Word
        && !doc.toks[t].nl_before
        && doc.in_quote[t].is_none()
        && doc.words[t].possessive
        && doc.words[t].text_is_lowercase()
        && !doc.lex.verb_first.contains_key(&doc.words[t].lower)
}
