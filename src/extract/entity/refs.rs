//! Mentions that name no one by themselves: roles without a name ("әкім", "Мәжіліс Төрағасы")
//! and pronouns, resolved later.

use super::ctx::{Cand, CandKind, Ctx};
use super::names::{role_class, role_head, title_before};
use crate::lexicon::is_one_of;
use crate::text::morph::Case;

pub(super) fn role_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        let Some(head) = role_head(ctx, t) else {
            continue;
        };
        if ctx.doc.words[t].plural {
            continue;
        }
        // The title with its modifiers: "Мәжіліс Төрағасы", "БҰҰ Бас хатшысы", "облыс әкімі".
        let (start, class) = match title_before(ctx, t + 1) {
            (start, Some((class, _))) => (start, class),
            _ => (t, role_class(ctx.lex, None, &head)),
        };
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Role { class, head },
            label: ctx.doc.span_text(start, t + 1).to_string(),
            role: None,
            case: None,
            learned: false,
        });
    }
}

pub(super) fn pronoun_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let Some((plural, case)) = ctx.lex.pronouns.get(ctx.lower(t)) else {
            continue;
        };
        let plural = *plural;
        let case = Case::from_name(case);
        let next_blocks = ctx.word(t + 1)
            && is_one_of(ctx.lower(t + 1), &ctx.lex.words.not_after_pronoun)
            || ctx.punct(t + 1) == Some('–');
        if next_blocks {
            continue;
        }
        out.push(Cand {
            t0: t,
            t1: t + 1,
            kind: CandKind::Pronoun { plural },
            label: ctx.text(t).to_string(),
            role: None,
            case,
            learned: false,
        });
    }
}

/// An acronym of a body the article has named in full ("Төтенше жағдайлар министрлігі ...
/// ТЖМ мәліметінше"): a word in capitals whose letters are the initials of an organization
/// named before (its whole label, or the label after a leading country's name), read as that
/// organization. A case ending after a hyphen ("ТЖМ-нің") stays outside the letters.
pub(super) fn acronym_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let word = ctx.text(t);
        let letters = word.split('-').next().unwrap_or(word);
        let n = letters.chars().count();
        if !(2..=6).contains(&n) || !letters.chars().all(|c| c.is_uppercase() && !c.is_ascii()) {
            continue;
        }
        let found = ctx.doc.entities.iter().find_map(|(_, e)| {
            if e.etype != crate::extract::EntityType::Organization {
                return None;
            }
            let words: Vec<&str> = e.label.split_whitespace().collect();
            let initials = |ws: &[&str]| -> String {
                ws.iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect()
            };
            let whole = initials(&words);
            let after_country = (words.len() > 2).then(|| initials(&words[1..]));
            (whole == letters || after_country.as_deref() == Some(letters)).then(|| e.label.clone())
        });
        if let Some(label) = found {
            out.push(Cand::new(t, t + 1, CandKind::Org, label));
        }
    }
}
