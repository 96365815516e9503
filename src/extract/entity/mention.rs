//! From a picked candidate to a mention and an entry of the entity table.

use super::ctx::{Cand, CandKind};
use super::{gaz_type, recent, role_matches};
use crate::extract::{Doc, EntityType, Mention, MentionKind};
use crate::lexicon::{is_one_of, GazEntry};
use crate::text::capitalize_first;
use crate::text::morph::Case;
use crate::text::Lower;
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
        CandKind::Gaz(_)
            | CandKind::Org
            | CandKind::Place
            | CandKind::OrgRole { .. }
            | CandKind::Named(_)
    ) && !matches!(&c.kind, CandKind::Gaz(gi) if lex.gazetteer[*gi].etype == "person")
        // "Орталық Азия мемлекеттері | басшыларының": a group noun with its possessive ending
        // before another group's possessed noun is a link of the chain.
        || matches!(c.kind, CandKind::Group)
            && doc.words[last].possessive
            && c.t1 < doc.toks.len()
            && doc.toks[c.t1].kind == TokKind::Word
            && doc.words[c.t1].group.is_some()
            && doc.words[c.t1].possessive;
    // "Мәжіліс пен мәслихаттар сайлауына": the same over a coordination.
    let after_coordination = c.t1 + 2 < doc.toks.len()
        && doc.toks[c.t1].kind == TokKind::Word
        && is_one_of(&doc.words[c.t1].lower, &lex.words.conjunctions)
        && modifies_next(doc, c.t1 + 2);
    let case = if case == Case::Nom && qualifier && (modifies_next(doc, c.t1) || after_coordination)
    {
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
            let nl = c.label.lower();
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
                                .is_some_and(|s| s.lower() == nl)
                            || e.aliases.iter().any(|a| a.lower() == nl)
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
                .get(&c.label.lower())
                .map(|&gi| (gi, &lex.gazetteer[gi]));
            let e = match gaz {
                Some((_, g)) => {
                    doc.entities
                        .intern(&g.label, gaz_type(&g.etype), g.wikidata.as_deref())
                }
                None => {
                    // "Stan.kz ақпарат агенттігі", "Егемен Қазақстан газеті": a body named by an
                    // outlet's word is an outlet (a state agency, "агенттігі" alone, is not).
                    let lower = c.label.lower();
                    let words: Vec<&str> = lower.split_whitespace().collect();
                    let last_two = (words.len() >= 2)
                        .then(|| words[words.len() - 2..].join(" "))
                        .is_some_and(|w| lex.outlet_cues.contains(&w));
                    // "Reuters агенттігі", "BBC арнасы": an outlet's word after a name in Latin
                    // letters (a state agency's name is Kazakh).
                    let latin_name = words[..words.len().saturating_sub(1)]
                        .iter()
                        .any(|w| w.chars().any(|ch| ch.is_ascii_alphabetic()));
                    let last = words.last().is_some_and(|w| lex.outlet_cues.contains(*w))
                        && (doc.words[last].org_head.is_none() || latin_name);
                    let etype = if words.len() >= 2 && (last_two || last) {
                        EntityType::Outlet
                    } else {
                        EntityType::Organization
                    };
                    doc.entities
                        .intern(&capitalize_first(&c.label), etype, None)
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
        CandKind::Named(etype) => {
            // A name the gazetteer knows takes its entry and type.
            let known = lex
                .gaz_by_name
                .get(&c.label.lower())
                .map(|&gi| &lex.gazetteer[gi]);
            match known {
                Some(g) => {
                    let et = gaz_type(&g.etype);
                    (Some(gaz_entity(doc, g, et)), Some(et))
                }
                None => (
                    Some(doc.entities.intern(&c.label, *etype, None)),
                    Some(*etype),
                ),
            }
        }
        CandKind::Role { class, head } => {
            kind = MentionKind::Role {
                class: class.clone(),
                head: head.clone(),
            };
            let title = doc.span_text(c.t0, c.t1).to_string();
            let found = recent(doc, |e| {
                e.etype == EntityType::Person
                    && role_matches(lex, e, class.as_deref(), head, &title)
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
            // The latest body named with that head ("министрлік" -> "Әділет министрлігі"),
            // else with that word in its name ("полиция" -> "Алматы полиция департаменті").
            let words_of = |e: &crate::extract::Entity| -> Vec<String> {
                e.label.split_whitespace().map(str::to_lowercase).collect()
            };
            let any_body = head == super::bodies::ANY_BODY;
            let found = recent(doc, |e| {
                matches!(e.etype, EntityType::Organization)
                    && words_of(e).len() >= 2
                    && (any_body || words_of(e).last().is_some_and(|w| w.starts_with(&stem)))
            })
            .or_else(|| {
                // Not as the owner in the genitive: "соттың баспасөз қызметі" is not the court.
                let morph = doc.morph;
                recent(doc, |e| {
                    matches!(e.etype, EntityType::Organization)
                        && words_of(e).len() >= 2
                        && words_of(e)
                            .iter()
                            .any(|w| w.starts_with(&stem) && morph.best(w).case != Case::Gen)
                })
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
    let embedded = case == Case::Nom && subject_of_participle(doc, c.t1);
    Mention {
        t0: c.t0,
        t1: c.t1,
        sentence: si,
        kind,
        case,
        entity,
        etype,
        embedded,
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

/// Whether the words from token `t` are a participle clause that qualifies a noun, so that a
/// nominative right before `t` is that clause's subject: "Ерлан Қошанов төрағалық еткен
/// отырыста".
fn subject_of_participle(doc: &Doc<'_>, t: usize) -> bool {
    // [this nominative] [a dependent word] [an active participle] [the noun it qualifies]:
    // "Ерлан Қошанов | төрағалық | еткен | жалпы отырыста". A participle right after the
    // nominative is more often an adjective ("Парламент бірлескен отырыс өткізіп").
    let (dep, part, noun) = (t, t + 1, t + 2);
    if noun >= doc.toks.len() {
        return false;
    }
    let plain_word = |k: usize| {
        doc.toks[k].kind == TokKind::Word
            && doc.in_quote[k].is_none()
            && (k == t || !doc.toks[k].nl_before)
            && !doc.lex.verb_first.contains_key(&doc.words[k].lower)
    };
    // "Тоқаев бастаған делегация": a participle of leading takes the nominative right before
    // it as its subject.
    let led_by = |k: usize| {
        doc.toks[k].kind == TokKind::Word
            && !doc.toks[k].nl_before
            && is_one_of(&doc.words[k].lower, &doc.lex.words.led_by)
    };
    if led_by(dep) && plain_word(part) {
        return true;
    }
    let w = &doc.words[part];
    // The dependent word makes a verb with the participle ("төрағалық еткен"): a bare noun. A
    // word in another case ("қыста жылынатын үйдің") is an adverbial of a clause whose subject
    // may be anyone; the nominative before it is the sentence's.
    plain_word(dep)
        && doc.case_of(dep) == Case::Nom
        && !doc.words[dep].has_form(doc.lex, "participle")
        && doc.toks[part].kind == TokKind::Word
        && !doc.toks[part].nl_before
        && w.has_form(doc.lex, "participle")
        && !w.has_form(doc.lex, "content")
        && !w.has_form(doc.lex, "passive-participle")
        // "Сыздықбеков жылу беретін кәсіпорынның басшылығын сынады": a present participle
        // with a bare noun makes a kind of thing (a heat-supplying enterprise), not a clause
        // with the name before it as its subject.
        && !w.has_form(doc.lex, "present-participle")
        // "Қытай үкіметін": a noun the word lists know, with a possessive and a case ending
        // that look like a participle's (-етін).
        && w.org_head.is_none()
        && w.role_head.is_none()
        && w.group.is_none()
        && !w.document
        && !w.place_type
        && plain_word(noun)
}

/// Whether token `t` is a noun with a third-person possessive ending that a name before it
/// qualifies (the izafet "Үкімет отырысы", "Мәжіліс депутаттары").
fn modifies_next(doc: &Doc<'_>, t: usize) -> bool {
    if t >= doc.toks.len()
        || doc.toks[t].kind != TokKind::Word
        || doc.toks[t].nl_before
        || doc.in_quote[t].is_some()
        || !doc.words[t].text_is_lowercase()
    {
        return false;
    }
    let w = &doc.words[t];
    // "ТЖМ мәліметінше", "Үкімет айтуынша": an "according to" word is possessed, whatever the
    // analyser makes of its ending.
    let according = doc
        .lex
        .verb_phrases
        .get(&w.lower)
        .is_some_and(|vs| vs.iter().any(|&v| doc.lex.verbs[v].class == "according"));
    // "«Самұрық-Қазына» АҚ басқарма төрағасы", "... АҚ басқарушы директоры": a bare noun
    // before a possessed role head is part of the title the body qualifies.
    // Not a kind of place, which makes a title of its own: "аудан әкімдігі | облыс әкімі
    // X-тың тапсырмасын" is the district akimat and the regional akim.
    let title_word = !w.possessive
        && !w.plural
        && !w.place_type
        && doc.case_of(t) == Case::Nom
        && t + 1 < doc.toks.len()
        && doc.toks[t + 1].kind == TokKind::Word
        && doc.words[t + 1].possessive_third
        && doc.words[t + 1].role_head.is_some()
        && doc.words[t + 1].text_is_lowercase();
    // Only a third-person ending ties a noun to an owner: "министрлігі елімізде" is the
    // ministry's subject, not its qualifier ("in our country").
    according || title_word || w.possessive_third && !doc.lex.verb_first.contains_key(&w.lower)
}
