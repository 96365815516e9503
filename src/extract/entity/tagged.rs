//! Names the language's learned tagger finds in a sentence, as candidates beside the gazetteer
//! and the rules: persons no list knows ("Антониу Гутерриш"), organisations, countries and
//! places, groups of a nationality, and titles. On the same span a gazetteer or rule candidate
//! wins (it knows the canonical label); a longer span wins whatever found it.

use super::ctx::{Cand, CandKind, Ctx};
use super::names::{known_person_word, name_before_title, role_class, title_before};
use crate::extract::{EntityType, NameKind};
use crate::text::morph::Case;

pub(super) fn tagged_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let Some(tagger) = ctx.doc.tagger else {
        return;
    };
    // Names are capitalized: a sentence whose only capital is its first letter has a name only
    // if that word may begin one (a title or a body's name written in lower case, the word
    // lists and rules find by its head). Most news sentences are like that, and tagging costs.
    // A capital that a word list or rule already reads as part of a name is no reason either.
    let mut is_covered = vec![false; ctx.t1 - ctx.t0];
    for c in out.iter().filter(|c| !c.learned) {
        for t in c.t0.max(ctx.t0)..c.t1.min(ctx.t1) {
            is_covered[t - ctx.t0] = true;
        }
    }
    let covered = |t: usize| is_covered[t - ctx.t0];
    // Tokens of persons the rules found: a title the tagger reads over one belongs after it.
    let mut in_person = vec![false; ctx.t1 - ctx.t0];
    for c in out
        .iter()
        .filter(|c| !c.learned && matches!(c.kind, CandKind::Person { .. }))
    {
        for t in c.t0.max(ctx.t0)..c.t1.min(ctx.t1) {
            in_person[t - ctx.t0] = true;
        }
    }
    let mut first = None;
    let capital_inside = (ctx.t0..ctx.t1).any(|t| {
        if ctx.doc.toks[t].kind == crate::text::TokKind::Punct {
            return false;
        }
        if first.is_none() {
            first = Some(t);
            return false;
        }
        ctx.text(t).chars().next().is_some_and(char::is_uppercase) && !covered(t)
    });
    let worth = capital_inside
        || first.is_some_and(|t| {
            ctx.text(t).chars().next().is_some_and(char::is_uppercase)
                && !covered(t)
                && tagger.may_begin_name(ctx.text(t))
        });
    if !worth {
        return;
    }
    let words: Vec<&str> = (ctx.t0..ctx.t1).map(|t| ctx.text(t)).collect();
    let names = tagger.names(&words);
    for (i, n) in names.iter().enumerate() {
        let (mut t0, mut t1) = (ctx.t0 + n.start, ctx.t0 + n.end);
        // Initials ("Б. Нұрлыбековке") were not in the tagger's training text, and it reads
        // them badly: names with initials are left to the rules, which know them.
        if (t0.saturating_sub(2)..(t1 + 1).min(ctx.t1)).any(|t| is_initial(ctx, t)) {
            continue;
        }
        // A title is in the nominative or genitive ("Көлік министрі"): a word before it in
        // another case is not part of it ("бұйрыққа | көлік министрі").
        if n.kind == NameKind::Position {
            let head = t1 - 1;
            if let Some(k) = (t0..head).rev().find(|&k| {
                breaks_title(ctx, k) || name_before_title(ctx, k, head) || in_person[k - ctx.t0]
            }) {
                t0 = k + 1;
            }
        }
        // A person's name keeps to one script: "Ерлан Қарин | Telegram арнасында" is a name,
        // then a channel's.
        if n.kind == NameKind::Person {
            let latin = |t: usize| {
                ctx.text(t)
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
            };
            let first = latin(t0);
            while t1 > t0 + 1 && latin(t1 - 1) != first {
                t1 -= 1;
            }
            // "Режеп Тайып Ердоған | Анкарада Ильхам Әлиевпен": after a name of two words or
            // more, a capital in the locative before another capital is where they met.
            if t1 - t0 >= 3 && super::names::place_where(ctx, t1 - 1) {
                t1 -= 1;
            }
        }
        // Only a name's last word takes a case ending: a word inside it in another case ends
        // it ("Дональд Трамптың | Газа секторы"), and so does a known place, body or title
        // after the name ("Режеп Тайып Ердоған | Израильдің", "Ердоған | Израиль
        // премьер-министрінің").
        if n.kind == NameKind::Person {
            // A given name that merely ends like a case ("Дәрмен", read as -мен) before a
            // surname does not end the name: "экономист Дәрмен Сәдуақасов".
            let before_surname = |k: usize| {
                k == t0 && t0 + 1 < t1 && ctx.cap(k) && super::names::surname_like(ctx, k + 1)
            };
            if let Some(k) = (t0..t1 - 1).find(|&k| ctx.case(k) != Case::Nom && !before_surname(k))
            {
                t1 = k + 1;
            }
            if let Some(k) = (t0 + 1..t1).find(|&k| {
                let w = &ctx.doc.words[k];
                w.role_head.is_some()
                    || ctx.lex.gaz_index.get(ctx.lower(k)).is_some_and(|l| {
                        l.iter()
                            .any(|(_, gi)| ctx.lex.gazetteer[*gi].etype != "person")
                    })
                    || ctx.lex.gaz_index.get(&w.nominative_lower).is_some_and(|l| {
                        l.iter()
                            .any(|(_, gi)| ctx.lex.gazetteer[*gi].etype != "person")
                    })
            }) {
                t1 = k;
            }
        }
        // "Нетаньяху | Ердоғанның": two words by which the article has named two persons (a
        // surname, or a one-word name), side by side, are two persons.
        if n.kind == NameKind::Person {
            let known = |k: usize| known_person_word(ctx, k);
            if let Some(k) = (t0 + 1..t1).find(|&k| known(k - 1) && known(k)) {
                t1 = k;
            }
        }
        // "Саид Саматов Ахметовті": a full name in the nominative, then another person's
        // surname in another case, read as one name.
        if n.kind == NameKind::Person
            && t1 - t0 >= 3
            && ctx.case(t1 - 1) != crate::text::morph::Case::Nom
            && ctx.case(t1 - 2) == crate::text::morph::Case::Nom
            && super::names::surname_like(ctx, t1 - 2)
        {
            t1 -= 1;
        }
        // "– деді Ердоған Анкарада өткен баспасөз мәслихатында": a last word in the locative
        // with a participle after it says where the clause's act happened; it is no part of
        // the name ("Марк Рютте", a surname that only ends like a locative, has none).
        if n.kind == NameKind::Person
            && t1 - t0 >= 2
            && t1 < ctx.t1
            && ctx.case(t1 - 1) == crate::text::morph::Case::Loc
            && ctx.word(t1)
            && ctx.doc.words[t1].has_form(ctx.lex, "participle")
        {
            t1 -= 1;
        }
        if t0 >= t1 || t1 > ctx.t1 || !(t0..t1).all(|t| ctx.doc.in_quote[t].is_none()) {
            continue;
        }
        // Names start and end with a word.
        if !ctx.word(t0) || !ctx.word(t1 - 1) {
            continue;
        }
        // Two known names side by side ("Астана | Еуропа одағы") are two actors, whatever the
        // tagger joined.
        if let Some(k) = gazetteer_len(ctx, t0) {
            if t0 + k < t1 && gazetteer_len(ctx, t0 + k).is_some() {
                continue;
            }
        }
        let label = name_label(ctx, t0, t1);
        // "Израиль премьер-министрі | Нетаньяхумен": one capital right after a title in the
        // nominative is its holder's name, whatever class the tagger gave it (titles come
        // before names), unless a word list knows it, it says where (-да, -ға, -дан), it is in
        // Latin script, or it names the owner of the noun after it ("министр | Facebook
        // парақшасында").
        let after_title = t1 - t0 == 1
            && ctx.text(t0).chars().next().is_some_and(|c| !c.is_ascii())
            && !(t1 < ctx.t1 && ctx.word(t1) && ctx.doc.words[t1].possessive)
            && t0 > ctx.t0
            && ctx.doc.words[t0 - 1].role_head.is_some()
            && ctx.case(t0 - 1) == Case::Nom
            && !matches!(ctx.case(t0), Case::Loc | Case::Dat | Case::Abl)
            && gazetteer_len(ctx, t0).is_none()
            && ctx.doc.words[t0].org_head.is_none()
            && !ctx.doc.words[t0].place_type;
        let name_kind = match n.kind {
            NameKind::Gpe | NameKind::Location | NameKind::Organisation if after_title => {
                NameKind::Person
            }
            k => k,
        };
        let kind = match name_kind {
            // One word the lexicon knows as the head of a body, a title or a document
            // ("Палатаның", "Төрағасы") is no one's name.
            NameKind::Person
                if t1 - t0 == 1 && {
                    let w = &ctx.doc.words[t0];
                    w.org_head.is_some() || w.role_head.is_some() || w.document
                } =>
            {
                continue;
            }
            NameKind::Person => {
                // A title the tagger found right before the name is its role.
                let titled =
                    i > 0 && names[i - 1].kind == NameKind::Position && names[i - 1].end == n.start;
                let (start, role) = if titled {
                    let mut p0 = ctx.t0 + names[i - 1].start;
                    if let Some(k) = (p0..t0 - 1).rev().find(|&k| breaks_title(ctx, k)) {
                        p0 = k + 1;
                    }
                    // Stacked titles ("Мәжіліс Төрағасы | Президент Қасым-Жомарт Тоқаев"): a
                    // complete title (a role word not in the genitive) ends someone else's
                    // title, and a body's complete name ("БҰҰ Қауіпсіздік кеңесі | АҚШ
                    // президенті") is an actor of its own; the name's own starts after it.
                    if let Some(k) = (p0..t0 - 1).rev().find(|&k| {
                        ctx.case(k) != Case::Gen
                            && (super::names::role_head(ctx, k).is_some()
                                || k + 2 < t0 && ctx.doc.words[k].org_head.is_some())
                    }) {
                        p0 = k + 1;
                    }
                    let class = ctx.doc.words[t0 - 1]
                        .role_head
                        .as_deref()
                        .and_then(|h| role_class(ctx.lex, None, h));
                    (p0, Some((class, ctx.doc.span_text(p0, t0).to_string())))
                } else {
                    title_before(ctx, t0)
                };
                // A full name ending like a locative ("Марк Рютте") is whole.
                let (label, case) = if t1 - t0 >= 2 {
                    let (last, case) = ctx.full_name_end(t1 - 1);
                    (format!("{} {last}", ctx.doc.span_text(t0, t1 - 1)), case)
                } else {
                    (label, None)
                };
                out.push(Cand {
                    t0: start,
                    t1,
                    kind: CandKind::Person {
                        surname_only: t1 - t0 == 1,
                    },
                    label,
                    role,
                    case,
                    learned: true,
                });
                continue;
            }
            NameKind::Organisation => CandKind::Named(EntityType::Organization),
            // A place with a government acts ("Түркия мәлімдеді"); where something happened,
            // it is a place all the same (dates and places read both types).
            NameKind::Gpe => CandKind::Named(EntityType::Country),
            NameKind::Location => CandKind::Named(EntityType::Place),
            NameKind::Norp => {
                // "американдықтар": a people, in the plural; "американдық" alone qualifies a noun.
                if !ctx.doc.words[t1 - 1].plural {
                    continue;
                }
                CandKind::Group
            }
            NameKind::Position => {
                // A title followed by a name belongs to the person (above); alone, a role.
                if names
                    .get(i + 1)
                    .is_some_and(|m| m.kind == NameKind::Person && m.start == n.end)
                {
                    continue;
                }
                let last = t1 - 1;
                let head = ctx.doc.words[last]
                    .role_head
                    .clone()
                    .unwrap_or_else(|| ctx.nominative_lower(last));
                let modifier = (t0 < last).then(|| ctx.doc.words[last - 1].stem_lower.clone());
                let class = role_class(ctx.lex, modifier.as_deref(), &head);
                CandKind::Role { class, head }
            }
        };
        let label = match kind {
            CandKind::Group | CandKind::Role { .. } => ctx.doc.span_text(t0, t1).to_string(),
            _ => label,
        };
        out.push(Cand {
            t0,
            t1,
            kind,
            label,
            role: None,
            case: None,
            learned: true,
        });
    }
}

/// A word in the dative, accusative, ablative or instrumental is not part of a title (which is
/// nominative or genitive). The locative is let through: "-да" ends many stems ("Сауда және
/// интеграция министрі").
fn breaks_title(ctx: &Ctx<'_, '_>, k: usize) -> bool {
    matches!(ctx.case(k), Case::Dat | Case::Acc | Case::Abl | Case::Ins)
        || super::names::place_where(ctx, k)
}

/// A capital letter standing alone before a full stop: an initial.
fn is_initial(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    t + 1 < ctx.t1
        && ctx.word(t)
        && ctx.text(t).chars().count() == 1
        && ctx.cap(t)
        && ctx.punct(t + 1) == Some('.')
}

/// The number of words of the longest gazetteer name that starts at token `t` (its last word
/// in any case).
pub(super) fn gazetteer_len(ctx: &Ctx<'_, '_>, t: usize) -> Option<usize> {
    let list = ctx.lex.gaz_index.get(ctx.lower(t))?;
    list.iter().find_map(|(words, _)| {
        let len = words.len();
        let fits = t + len <= ctx.t1
            && words.iter().enumerate().all(|(k, want)| {
                *want == ctx.lower(t + k) || (k + 1 == len && *want == ctx.nominative_lower(t + k))
            });
        fits.then_some(len)
    })
}

/// A name's label: its words as written, the last one in the nominative ("Антониу
/// Гутерриштің" -> "Антониу Гутерриш", "А. Машкевичке" -> "А. Машкевич").
fn name_label(ctx: &Ctx<'_, '_>, t0: usize, t1: usize) -> String {
    let last = ctx.nominative(t1 - 1);
    if t0 + 1 == t1 {
        return last;
    }
    format!("{} {last}", ctx.doc.span_text(t0, t1 - 1))
}
