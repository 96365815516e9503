//! Who a captured mention is: names as they are, roles through their holder, pronouns through
//! the sentences before.

use crate::extract::{Doc, EntityType, MentionKind};
use crate::lexicon::is_one_of;
use crate::text::morph::Case;

/// How many sentences back a pronoun, or a verb with no subject, looks for its actor. Further
/// back, the subject found is as likely someone the text has left (in text cut into short
/// pieces, someone of another story); no development article needs more than two.
const SALIENT_REACH: usize = 4;

/// The actor a pronoun in sentence `si` refers to: the subject of the nearest preceding
/// sentence that has one (its speaker if it reported speech), at most [`SALIENT_REACH`] back.
pub fn salient(doc: &Doc<'_>, si: usize, plural: bool) -> Option<usize> {
    for j in (si.saturating_sub(SALIENT_REACH)..si).rev() {
        if doc.boiler.get(j).copied().unwrap_or(true) {
            continue;
        }
        if plural {
            // The group that was the subject before; else the last group named.
            if let Some(e) = doc.sent_subject[j] {
                if doc.entities.get(e).etype == EntityType::Group {
                    return Some(e);
                }
            }
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
pub(super) fn resolve(
    doc: &Doc<'_>,
    si: usize,
    mi: usize,
    before: std::ops::Range<usize>,
) -> Option<(usize, f32)> {
    let us_before = &doc.mentions[before];
    let m = &doc.mentions[mi];
    match &m.kind {
        MentionKind::Pronoun { plural } => {
            // "Анардың өзі" (Anar herself): the reflexive right after a genitive actor is that
            // actor.
            if is_one_of(&doc.words[m.t0].lower, &doc.lex.words.reflexive_selves) {
                if let Some(e) = us_before
                    .last()
                    .filter(|x| x.t1 == m.t0 && x.case == Case::Gen)
                    .and_then(|x| x.entity)
                {
                    return Some((e, 0.95));
                }
            }
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
