//! Mentions that name no one by themselves: roles without a name ("әкім", "Мәжіліс Төрағасы")
//! and pronouns, resolved later.

use super::ctx::{Cand, CandKind, Ctx};
use super::names::{role_class, role_head};
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
        let mut start = t;
        let mut modifier = None;
        if t > ctx.t0 && ctx.word(t - 1) {
            let m = ctx.doc.words[t - 1].stem_lower.clone();
            let known_phrase = ctx.lex.roles.contains_key(&format!("{m} {head}"));
            let cap_modifier = ctx.cap(t - 1)
                && matches!(ctx.case(t - 1), Case::Nom | Case::Gen)
                && !ctx.lex.pronouns.contains_key(ctx.lower(t - 1));
            if known_phrase || cap_modifier {
                start = t - 1;
                modifier = Some(m);
            }
        }
        let class = role_class(ctx.lex, modifier.as_deref(), &head);
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Role { class, head },
            label: ctx.doc.span_text(start, t + 1).to_string(),
            role: None,
            case: None,
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
        });
    }
}
