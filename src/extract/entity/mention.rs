//! From a picked candidate to a mention and an entry of the entity table.

use super::ctx::{capitalize_first, Cand, CandKind};
use super::{gaz_type, recent, role_matches};
use crate::extract::{Doc, EntityType, Mention, MentionKind};
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
    let mut kind = MentionKind::Named;
    let (entity, etype) = match &c.kind {
        CandKind::Gaz(gi) => {
            let g = &lex.gazetteer[*gi];
            let et = gaz_type(&g.etype);
            let e = doc.entities.intern(&g.label, et, g.wikidata.as_deref());
            for a in &g.aliases {
                doc.entities.get_mut(e).aliases.insert(a.clone());
            }
            (Some(e), Some(et))
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
                        let e = doc.entities.intern(
                            &g.label,
                            EntityType::Person,
                            g.wikidata.as_deref(),
                        );
                        for a in &g.aliases {
                            doc.entities.get_mut(e).aliases.insert(a.clone());
                        }
                        target = Some(e);
                    }
                }
            }
            let e =
                target.unwrap_or_else(|| doc.entities.intern(&c.label, EntityType::Person, None));
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
