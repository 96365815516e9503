//! Roles without a name ("әкім", "Мәжіліс Төрағасы", "БҰҰ Бас хатшысы") and the person who
//! holds them. A role mention is first resolved to the latest person with that role (when the
//! mention is made), then to the next one (a role named before its holder), then by
//! [`resolve_open_roles`].

use super::{Doc, Entity, EntityType, ROLE_REACH};
use crate::extract::MentionKind;
use crate::lexicon::Lexicon;
use crate::text::morph::Case;
use crate::text::Lower;

/// A role named before the person who holds it ("Сенат спикерінің атап өтуінше ..., – деді
/// Сенат төрағасы Мәулен Әшімбаев"): the next person with that role.
pub(super) fn resolve_roles_forward(doc: &mut Doc<'_>) {
    for i in 0..doc.mentions.len() {
        let MentionKind::Role { class, head } = &doc.mentions[i].kind else {
            continue;
        };
        if doc.mentions[i].entity.is_some() || doc.mentions[i].etype != Some(EntityType::Person) {
            continue;
        }
        let (class, head) = (class.clone(), head.clone());
        let title = doc
            .span_text(doc.mentions[i].t0, doc.mentions[i].t1)
            .to_string();
        let mut tested = std::collections::HashSet::new();
        let found = doc.mentions[i + 1..]
            .iter()
            .take(ROLE_REACH)
            .filter_map(|m| m.entity)
            .find(|&e| {
                tested.insert(e) && {
                    let e = doc.entities.get(e);
                    e.etype == EntityType::Person
                        && role_matches(doc.lex, e, class.as_deref(), &head, &title)
                }
            });
        if let Some(e) = found {
            doc.mentions[i].entity = Some(e);
            doc.entities.get_mut(e).mentions += 1;
            let si = doc.mentions[i].sentence;
            if doc.sent_subject[si].is_none() && doc.mentions[i].case == Case::Nom {
                doc.sent_subject[si] = Some(e);
            }
        }
    }
}

/// Whether a person holds a role of this class, or one whose title ends with the same head,
/// and, when both titles say of what ("облыс әкімі", "аудан әкімі"), the same one. `mention` is
/// the title as the mention writes it.
pub(super) fn role_matches(
    lex: &Lexicon,
    e: &Entity,
    class: Option<&str>,
    head: &str,
    mention: &str,
) -> bool {
    // The word before the head: its first letters, and whether it is a name (capitalized).
    let modifier = |phrase: &str| -> Option<(String, bool)> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        (words.len() >= 2).then(|| {
            let w = words[words.len() - 2];
            let lower = w.lower();
            // A kind of place is a common word even capitalized at the start of a sentence.
            let name = w.chars().next().is_some_and(char::is_uppercase)
                && !lex
                    .place_types
                    .iter()
                    .any(|p| lower.starts_with(p.as_str()));
            (lower.chars().take(4).collect(), name)
        })
    };
    // The places or bodies a title names: acronyms and names the gazetteer knows, by their
    // first letters ("ШҚО бас санитар дәрігері" and "Түркістан облысының бас санитар дәрігері"
    // are two offices). A capitalized common word ("Мемлекет басшысы") names nothing here.
    let named = |phrase: &str| -> Vec<String> {
        phrase
            .split_whitespace()
            .filter(|w| {
                let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
                letters.first().is_some_and(|c| c.is_uppercase())
                    && (letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
                        || lex.gaz_index.contains_key(&w.lower()))
            })
            .map(|w| w.lower().chars().take(4).collect())
            .collect()
    };
    let mine = modifier(mention);
    let my_names = named(mention);
    e.roles.iter().any(|(rc, phrase)| {
        let theirs = named(phrase);
        if !my_names.is_empty()
            && !theirs.is_empty()
            && !my_names.iter().any(|n| theirs.contains(n))
        {
            return false;
        }
        // Two common words ("облыс" / "аудан") or two names ("Мәжіліс" / "Сенат") that differ
        // say different offices; a common word and a name ("өңір" / "Қырым") may be one.
        let same_office = match (&mine, modifier(phrase)) {
            (Some((a, an)), Some((b, bn))) => a == &b || *an != bn,
            _ => true,
        };
        same_office
            && (class.is_some_and(|c| c == rc)
                || phrase
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.lower().starts_with(head)))
    })
}

/// How many sentences after a role a person named with no title of their own may hold it
/// ("БҰҰ Бас хатшысы ... ескертті. Антониу Гутерриш ... шақырды").
const ROLE_NAME_AHEAD: usize = 1;

/// How many sentences before a role the person who holds it may be named, with no title.
const ROLE_NAME_BACK: usize = 2;

/// How many sentences back a generic role ("деді дипломат") looks for the person it stands for.
const GENERIC_ROLE_BACK: usize = 3;

/// Roles still without a holder after the earlier passes:
/// - an office (a role phrase with a modifier, "облыс әкімі", "БҰҰ Бас хатшысы", or a role of a
///   class that names one office, "Президент") is held by a person named with no title of
///   their own as a nominative in the next sentence; else the office itself is the actor, one
///   entity per office, labelled with the phrase in the nominative ("Мемлекет басшысы");
/// - a generic role ("дипломат", "сарапшы") stands for the person who was the subject of one of
///   the last few sentences, if any; else, in a text that names no person, it is an unnamed
///   person of its own; else it names no one.
pub(super) fn resolve_open_roles(doc: &mut Doc<'_>) {
    let mut offices: Vec<(Option<String>, String, usize)> = Vec::new();
    let person_named = doc
        .mentions
        .iter()
        .any(|m| matches!(m.kind, MentionKind::Named) && m.etype == Some(EntityType::Person));
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        let MentionKind::Role { class, head } = &m.kind else {
            continue;
        };
        if m.entity.is_some() || m.etype != Some(EntityType::Person) {
            continue;
        }
        let (class, head) = (class.clone(), head.clone());
        let (si, t0, t1) = (m.sentence, m.t0, m.t1);
        let office = t1 - t0 >= 2
            || class
                .as_deref()
                .is_some_and(|c| doc.lex.office_classes.iter().any(|o| o == c));
        // A title right before a name is that person's ("Мемлекеттік кеңесші | Ерлан Қарин"),
        // whatever found the two; unless the name has a title of its own ("Мәжіліс Төрағасы |
        // Президент Қасым-Жомарт Тоқаев", "Мемлекет басшысы | Денсаулық сақтау министрі Елжан
        // Біртановқа": two people).
        let titled = doc.mentions.get(i + 1).filter(|n| {
            n.t0 == t1
                && matches!(n.kind, MentionKind::Named)
                && n.etype == Some(EntityType::Person)
                && (n.t0..n.t1).all(|k| doc.words[k].role_head.is_none())
        });
        if let Some(e) = titled.and_then(|n| n.entity) {
            let phrase = doc.span_text(t0, t1).to_string();
            doc.entities
                .get_mut(e)
                .roles
                .insert((class.clone().unwrap_or_default(), phrase));
        }
        // "Қытай дипломатиясының басшысы" after "сыртқы істер министрі Уаң И": a leader of
        // something named by a common word is first the person the article was just talking
        // about, whatever their title ("Қазақстан басшысы", of a named country, is an office).
        let epithet = office
            && t1 - t0 >= 2
            && doc.words[t1 - 2].text_is_lowercase()
            && class
                .as_deref()
                .is_some_and(|c| doc.lex.any_title_classes.iter().any(|a| a == c));
        let holder = if let Some(e) = titled.and_then(|n| n.entity) {
            Some(e)
        } else if let Some(e) = epithet
            .then(|| {
                let phrase = doc.span_text(t0, t1).to_string();
                subject_before(doc, si, class.as_deref(), &head, &phrase)
            })
            .flatten()
        {
            Some(e)
        } else if office {
            let known = offices
                .iter()
                .find(|(c, h, _)| *c == class && (class.is_some() || *h == head))
                .map(|(_, _, e)| *e);
            known
                .or_else(|| named_before(doc, i, si))
                .or_else(|| named_after(doc, i, si))
                .inspect(|&e| {
                    // The person holds the office from now on: later mentions of it are theirs.
                    let phrase = doc.span_text(t0, t1).to_string();
                    doc.entities
                        .get_mut(e)
                        .roles
                        .insert((class.clone().unwrap_or_default(), phrase));
                    if !offices.iter().any(|(c, h, _)| *c == class && *h == head) {
                        offices.push((class.clone(), head.clone(), e));
                    }
                })
                .or_else(|| {
                    let label = doc.phrase_label(t0, t1);
                    let e = doc.entities.intern(&label, EntityType::Person, None);
                    let phrase = doc.span_text(t0, t1).to_string();
                    doc.entities
                        .get_mut(e)
                        .roles
                        .insert((class.clone().unwrap_or_default(), phrase));
                    offices.push((class.clone(), head.clone(), e));
                    Some(e)
                })
        } else {
            let phrase = doc.span_text(t0, t1).to_string();
            subject_before(doc, si, class.as_deref(), &head, &phrase).or_else(|| {
                // In a text that names no person at all, "министрдің айтуынша" can stand for
                // no one named: the role is the actor, an unnamed person. Not a possessed role
                // ("министрі": someone's minister).
                (!person_named && !doc.words[t1 - 1].possessive).then(|| {
                    let label = doc.phrase_label(t0, t1);
                    doc.entities.intern(&label, EntityType::Person, None)
                })
            })
        };
        let Some(e) = holder else { continue };
        doc.mentions[i].entity = Some(e);
        doc.entities.get_mut(e).mentions += 1;
        if doc.sent_subject[si].is_none()
            && doc.mentions[i].case == Case::Nom
            && doc.in_quote[t0].is_none()
        {
            doc.sent_subject[si] = Some(e);
        }
    }
}

/// The subject of the sentence(s) before, if that is a person named with no role of their own
/// ("Қырымбек Көшербаев ... тоқталды. Аймақ басшысы ... айтты").
fn named_before(doc: &Doc<'_>, i: usize, si: usize) -> Option<usize> {
    let _ = i;
    (si.saturating_sub(ROLE_NAME_BACK)..si)
        .rev()
        .filter_map(|j| doc.sent_subject[j])
        .next()
        .filter(|&e| {
            let ent = doc.entities.get(e);
            ent.etype == EntityType::Person && ent.roles.is_empty() && ent.label.contains(' ')
        })
}

/// A person named, with no role of their own, as a nominative in the next sentence(s).
fn named_after(doc: &Doc<'_>, i: usize, si: usize) -> Option<usize> {
    let last = (si + ROLE_NAME_AHEAD).min(doc.seg.sentences.len().saturating_sub(1));
    let end = doc.sent_mentions.get(last).map(|r| r.end).unwrap_or(0);
    doc.mentions[i + 1..end.max(i + 1)]
        .iter()
        .filter(|m| m.sentence > si)
        .find(|m| {
            matches!(m.kind, MentionKind::Named)
                && m.etype == Some(EntityType::Person)
                && m.case == Case::Nom
                && doc.in_quote[m.t0].is_none()
        })
        .and_then(|m| m.entity)
        .filter(|&e| doc.entities.get(e).roles.is_empty())
}

/// The person who was the subject of one of the last sentences, unless their title is another
/// ("премьер-министр Әлихан Смайылов ... Әкімнің айтуынша": not the premier).
fn subject_before(
    doc: &Doc<'_>,
    si: usize,
    class: Option<&str>,
    head: &str,
    mention: &str,
) -> Option<usize> {
    (si.saturating_sub(GENERIC_ROLE_BACK)..si)
        .rev()
        .filter_map(|j| doc.sent_subject[j])
        .find(|&e| {
            let ent = doc.entities.get(e);
            ent.etype == EntityType::Person
                && (ent.roles.is_empty()
                    || class.is_some_and(|c| doc.lex.any_title_classes.iter().any(|a| a == c))
                    || role_matches(doc.lex, ent, class, head, mention))
        })
}

/// A body's bare noun that refers back to no body ("Сот ... шешім қабылдады", "министрлік"
/// with no ministry named): in a text that names no organization at all, the noun is the actor
/// as written, an unnamed body, as a role in a text naming no person is an unnamed person.
pub(super) fn resolve_open_bodies(doc: &mut Doc<'_>) {
    let any_body_named = doc.mentions.iter().any(|m| {
        matches!(m.kind, MentionKind::Named)
            && m.etype == Some(EntityType::Organization)
            && m.entity.is_some()
    });
    if any_body_named {
        return;
    }
    for i in 0..doc.mentions.len() {
        let m = &doc.mentions[i];
        if !matches!(m.kind, MentionKind::Role { .. })
            || m.entity.is_some()
            || m.etype != Some(EntityType::Organization)
        {
            continue;
        }
        let (t0, t1) = (m.t0, m.t1);
        let label = doc.phrase_label(t0, t1);
        let e = doc.entities.intern(&label, EntityType::Organization, None);
        doc.mentions[i].entity = Some(e);
        doc.entities.get_mut(e).mentions += 1;
    }
}
