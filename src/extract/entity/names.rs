//! Names of people and of known actors: gazetteer names, persons (given name + surname,
//! initials + surname, a surname seen before, titles in front), and the role phrases before a
//! person's name.

use super::ctx::{Cand, CandKind, Ctx};
use super::tagged::gazetteer_len;
use crate::lexicon::{ends_with_any, is_one_of, starts_with_any, Lexicon};
use crate::text::morph::Case;
use crate::text::Lower;

pub(super) fn gazetteer_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let lex = ctx.lex;
    // Short quotes that are names: «Хабар 24», «Адырна».
    // Quotes are ordered by their opening mark: only those opening inside the sentence.
    let quotes = &ctx.doc.seg.quotes;
    let first = quotes.partition_point(|q| q.open < ctx.t0);
    for q in quotes[first..].iter().take_while(|q| q.open < ctx.t1) {
        if q.depth != 0 || q.close >= ctx.t1 || q.close - q.open > 6 {
            continue;
        }
        let inner: Vec<&str> = (q.open + 1..q.close).map(|t| ctx.lower(t)).collect();
        if inner.is_empty() {
            continue;
        }
        if let Some(list) = lex.gaz_index.get(inner[0]) {
            if let Some((_, gi)) = list
                .iter()
                .find(|(w, _)| w.iter().map(String::as_str).eq(inner.iter().copied()))
            {
                out.push(Cand {
                    t0: q.open,
                    t1: q.close + 1,
                    kind: CandKind::Gaz(*gi),
                    label: lex.gazetteer[*gi].label.clone(),
                    role: None,
                    case: None,
                    learned: false,
                });
            }
        }
    }
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let first = ctx.lower(t);
        let mut found = None;
        if let Some(list) = lex.gaz_index.get(first) {
            for (words, gi) in list {
                let len = words.len();
                if t + len > ctx.t1 || !(t..t + len).all(|k| ctx.word(k)) {
                    continue;
                }
                let ok = (1..len).all(|k| {
                    let w = ctx.lower(t + k);
                    if w == words[k] {
                        return true;
                    }
                    k == len - 1 && ctx.nominative_lower(t + k) == words[k]
                });
                if ok && len >= 1 {
                    found = Some((len, *gi));
                    break;
                }
            }
        }
        if found.is_none() {
            // An inflected one-word name: "Еуропарламенттің", "ЕҚЫҰ-ның".
            let nom = ctx.nominative_lower(t);
            if nom != first {
                if let Some(list) = lex.gaz_index.get(&nom) {
                    if let Some((_, gi)) = list.iter().find(|(w, _)| w.len() == 1) {
                        found = Some((1, *gi));
                    }
                }
            }
        }
        if let Some((len, gi)) = found {
            let text = ctx.text(t);
            let capitalized = text
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || text.contains('.')
                || len >= 2;
            if capitalized {
                out.push(Cand {
                    t0: t,
                    t1: t + len,
                    kind: CandKind::Gaz(gi),
                    label: lex.gazetteer[gi].label.clone(),
                    role: None,
                    case: None,
                    learned: false,
                });
            }
        }
    }
}

pub(super) fn is_initial(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    ctx.cap(t) && ctx.text(t).chars().count() == 1 && ctx.punct(t + 1) == Some('.')
}

/// Whether a lowercase nominative ends like a surname (-ов, -ева, -ұлы, -ский ...).
pub(super) fn looks_like_surname(lex: &Lexicon, nl: &str) -> bool {
    ends_with_any(nl, &lex.endings.surname) && nl.chars().count() >= 5
}

/// A surname-like word that is not a known place or body ("Украина" ends like "Нұрғалина").
pub(super) fn surname_like(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    let nl = ctx.nominative_lower(t);
    let lex = ctx.lex;
    let other = lex.one_word_types(&nl).any(|e| e != "person");
    // A word of the lexicon ("Қаулы" opening a sentence) is not a surname.
    let w = &ctx.doc.words[t];
    looks_like_surname(lex, &nl) && !other && !w.common && !w.document
}

/// Whether the word at `k` is an acronym right after a quoted name ("«Көктем» ЖШС"): the
/// body's legal form, the end of the body's name.
fn legal_form_after_quote(ctx: &Ctx<'_, '_>, k: usize) -> bool {
    k > ctx.t0
        && ctx.word(k)
        && ctx.punct(k - 1).is_some_and(|c| c == '»' || c == '"')
        && ctx.text(k).chars().filter(|c| c.is_alphabetic()).count() >= 2
        && ctx
            .text(k)
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// Whether the capital at `t`, after two words of a name the second of which has no surname's
/// ending ("Режеп Тайып | Ердоған"), is the surname: a word no list knows (not a place, body,
/// title or common word, not another given name), in the nominative or the genitive.
fn third_name_word(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    let w = &ctx.doc.words[t];
    ctx.cap(t)
        && matches!(ctx.case(t), Case::Nom | Case::Gen)
        && ctx.text(t).chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !ctx
            .text(t)
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
        && !w.common
        && !w.document
        && !w.place_type
        && w.org_head.is_none()
        && w.role_head.is_none()
        && w.group.is_none()
        && !ctx.lex.given_names.contains(ctx.text(t))
        && !ctx.lex.gaz_index.contains_key(ctx.lower(t))
        && !ctx.lex.gaz_index.contains_key(&w.nominative_lower)
        && ctx
            .lex
            .one_word_types(&w.nominative_lower)
            .all(|e| e == "person")
}

pub(super) fn known_surname(ctx: &Ctx<'_, '_>, nom_lower: &str) -> bool {
    ctx.doc.entities.by_surname(nom_lower).is_some()
}

/// Whether the word at `t` (in the nominative) is how this article already named a person: a
/// full name's surname, or a one-word name ("Нетаньяху").
/// A capital in the locative before another capital ("Анкарада | Әзербайжан басшысы"), or one
/// the gazetteer knows as a place: where something happened, not a word of a title. ("Сауда
/// және интеграция министрі": a field that ends like a locative, before a lowercase word.)
pub(super) fn place_where(ctx: &Ctx<'_, '_>, k: usize) -> bool {
    ctx.cap(k)
        && ctx.case(k) == Case::Loc
        && !ctx.doc.words[k].possessive
        && (ctx.cap(k + 1)
            || ctx
                .lex
                .one_word_types(&ctx.doc.words[k].nominative_lower)
                .any(|e| e == "place" || e == "country"))
}

pub(super) fn known_person_word(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    ctx.doc
        .entities
        .names_a_person(&ctx.doc.words[t].nominative_lower)
}

/// Whether the word after a name makes it a place's or institution's name: "атындағы", or a
/// place noun with a possessive ending ("Сырым Датов алаңында"; but "алаңға шықты" is not).
pub(super) fn named_after(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    if !ctx.word(t) {
        return false;
    }
    if starts_with_any(ctx.lower(t), &ctx.lex.words.named_for) {
        return true;
    }
    let a = &ctx.doc.words[t];
    a.possessive && is_one_of(&a.stem_lower, &ctx.lex.words.named_places)
}

/// A name's first word that is not in the given-name list: a capitalized word right before a
/// surname-like word, or right after a title ("министрі Ажар Ғиният").
pub(super) fn unknown_given_name(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    if !ctx.cap(t) || !ctx.cap(t + 1) || ctx.text(t).chars().count() < 3 {
        return false;
    }
    let common = |k: usize| {
        ctx.lex
            .dictionary
            .contains(&ctx.doc.words[k].stem_lower.clone())
            || ctx.lex.dictionary.contains(ctx.lower(k))
            || ctx.lex.gaz_index.contains_key(ctx.lower(k))
    };
    // "АҚШ елшісі Линда Томас-Гринфилд": right after a title, an unknown word before another
    // capital is a given name, though it ends like a case ending (Лин+да), when the capital
    // after it is in the nominative ("Елші Лондонда Джонсонмен кездесті" names a place).
    let after_title = t > ctx.t0 && role_head(ctx, t - 1).is_some() && !common(t);
    if common(t + 1) || ctx.case(t) != Case::Nom && !(after_title && ctx.case(t + 1) == Case::Nom) {
        return false;
    }
    // A person this article already named by this word opens no other name: "Нетаньяху
    // Ердоғанның сынына" is two people, the speaker and the critic he answers.
    if known_person_word(ctx, t) {
        return false;
    }
    // "Азамат Нұрланов": a surname after it makes even a common noun a given name.
    if surname_like(ctx, t + 1) {
        return true;
    }
    after_title
}

pub(super) fn person_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let lex = ctx.lex;
    let mut t = ctx.t0;
    while t < ctx.t1 {
        if !ctx.cap(t) {
            t += 1;
            continue;
        }
        // Initials: "М. Әйтеновке", "М.Ж. Калелов".
        if is_initial(ctx, t) {
            let mut k = t;
            let mut initials = String::new();
            while is_initial(ctx, k) {
                initials.push_str(ctx.text(k));
                initials.push('.');
                k += 2;
            }
            if ctx.cap(k) && ctx.text(k).chars().count() >= 3 {
                let label = format!("{initials} {}", ctx.nominative(k));
                let (t0, role) = title_before(ctx, t);
                out.push(Cand {
                    t0,
                    t1: k + 1,
                    kind: CandKind::Person {
                        surname_only: false,
                    },
                    label,
                    role,
                    case: None,
                    learned: false,
                });
                t = k + 1;
                continue;
            }
        }
        let text = ctx.text(t);
        let given = lex.given_names.contains(text)
            && ctx.cap(t + 1)
            && ctx.text(t + 1).chars().count() >= 2;
        if given || unknown_given_name(ctx, t) {
            let mut k = t + 1;
            let (surname, mut case) = ctx.full_name_end(k);
            let mut label = format!("{text} {surname}");
            if ctx.cap(k + 1) {
                let nom = ctx.nominative(k + 1);
                let second_is_patronymic = ends_with_any(ctx.lower(k), &lex.endings.patronymic);
                if ends_with_any(&nom.lower(), &lex.endings.patronymic) {
                    k += 1;
                    label.push(' ');
                    label.push_str(&nom);
                    case = None;
                } else if (!second_is_patronymic
                    && ctx.case(k) == Case::Nom
                    && !surname_like(ctx, k)
                    && third_name_word(ctx, k + 1))
                    || (second_is_patronymic && surname_like(ctx, k + 1))
                {
                    // "Режеп Тайып Ердоған": two given names, then the surname; "Зәуре
                    // Әнуарбекқызы Байменова": the patronymic in the middle, the surname after.
                    k += 1;
                    let (surname, c) = ctx.full_name_end(k);
                    label.push(' ');
                    label.push_str(&surname);
                    case = c;
                }
            }
            if named_after(ctx, k + 1) {
                t = k + 1;
                continue;
            }
            let (t0, role) = title_before(ctx, t);
            out.push(Cand {
                t0,
                t1: k + 1,
                kind: CandKind::Person {
                    surname_only: false,
                },
                label,
                role,
                case,
                learned: false,
            });
            t = k + 1;
            continue;
        }
        // A surname alone: one seen before in this article, or one with a surname ending.
        let nom = ctx.nominative(t);
        let nl = nom.lower();
        let gaz_person = lex.gaz_index.get(&nl).and_then(|l| {
            l.iter()
                .find(|(w, gi)| w.len() == 1 && lex.gazetteer[*gi].etype == "person")
                .map(|(_, gi)| *gi)
        });
        if (known_surname(ctx, &nl) || surname_like(ctx, t) || gaz_person.is_some())
            && !named_after(ctx, t + 1)
        {
            let (t0, role) = title_before(ctx, t);
            out.push(Cand {
                t0,
                t1: t + 1,
                kind: CandKind::Person { surname_only: true },
                label: nom,
                role,
                case: None,
                learned: false,
            });
        }
        t += 1;
    }
}

/// The role dictionary form of a word, if it is a role head ("әкімі" -> "әкім").
pub(super) fn role_head(ctx: &Ctx<'_, '_>, t: usize) -> Option<String> {
    if !ctx.word(t) {
        return None;
    }
    ctx.doc.words[t].role_head.clone()
}

pub(super) fn role_class(lex: &Lexicon, modifier: Option<&str>, head: &str) -> Option<String> {
    if let Some(m) = modifier {
        if let Some(c) = lex.roles.get(&format!("{m} {head}")) {
            return Some(c.clone());
        }
    }
    lex.roles.get(head).cloned()
}

/// Whether the word at `k`, before the head `h` of a title, is a name of its own rather than a
/// word of the title: "Ердоған | Израиль премьер-министрі Нетаньяху", a capital in the
/// nominative right before a known name that opens the title, or the surname of a person the
/// article has named.
pub(super) fn name_before_title(ctx: &Ctx<'_, '_>, k: usize, h: usize) -> bool {
    ctx.cap(k)
        && ctx.case(k) == Case::Nom
        && k + 1 < h
        && gazetteer_len(ctx, k + 1).is_some()
        && gazetteer_len(ctx, k).is_none()
        && !ends_country_name(ctx, k)
        || known_surname(ctx, &ctx.doc.words[k].nominative_lower)
}

/// Whether token `k` ends a country's or place's name of several words the gazetteer knows
/// ("Қазақстан Республикасы | Ұлттық банкінің төрағасы"): the country whose body the title
/// names, not a separate name.
fn ends_country_name(ctx: &Ctx<'_, '_>, k: usize) -> bool {
    (k.saturating_sub(3).max(ctx.t0)..k).any(|j| {
        ctx.lex.gaz_index.get(ctx.lower(j)).is_some_and(|list| {
            list.iter().any(|(words, gi)| {
                words.len() == k + 1 - j
                    && words
                        .iter()
                        .enumerate()
                        .all(|(i, w)| *w == ctx.lower(j + i))
                    && matches!(ctx.lex.gazetteer[*gi].etype.as_str(), "country" | "place")
            })
        })
    })
}

/// A role phrase right before `t` ("Мәжіліс Төрағасы", "Петропавл қаласының әкімі"): the new
/// start token and (class, phrase).
pub(super) fn title_before(
    ctx: &Ctx<'_, '_>,
    t: usize,
) -> (usize, Option<(Option<String>, String)>) {
    if t == 0 || t <= ctx.t0 {
        return (t, None);
    }
    let h = t - 1;
    let Some(head) = role_head(ctx, h) else {
        return (t, None);
    };
    if ctx.is_plural_or_poss(h) && ctx.doc.words[h].plural {
        return (t, None);
    }
    let mut start = h;
    let mut modifier: Option<String> = None;
    // Up to five words of the title before the head: capitalized words, genitives, known
    // organization words ("баспасөз", "сыртқы"); "Ресей Сыртқы істер министрлігінің ресми
    // өкілі" has five.
    for k in (h.saturating_sub(5)..h).rev() {
        if k < ctx.t0 || !ctx.word(k) {
            break;
        }
        let lower = ctx.lower(k);
        let phrase_known = k + 1 == h
            && ctx
                .lex
                .roles
                .contains_key(&format!("{} {head}", ctx.doc.words[k].stem_lower.clone()));
        // A connective opening the sentence ("Ал Нұр-Сұлтан қаласының әкімі") is not part of
        // the title.
        if ctx
            .lex
            .discourse
            .iter()
            .any(|d| d.len() == 1 && d[0] == lower)
            || is_one_of(lower, &ctx.lex.words.not_in_titles)
        {
            break;
        }
        // "«Самұрық-Қазына» АҚ | төрағасы": an acronym right after a quoted name is the
        // body's legal form, part of the body's name, which qualifies the title from outside.
        if legal_form_after_quote(ctx, k) {
            break;
        }
        // "Мәжіліс Төрағасы Президент X": the word before is a role of its own, not a modifier.
        if !phrase_known && role_head(ctx, k).is_some() && ctx.case(k) != Case::Gen {
            break;
        }
        // "БҰҰ Қауіпсіздік кеңесі | АҚШ президенті X": a body's name complete in the
        // nominative, another name after it, is an actor of its own (right before the title's
        // head it is the title's body: "комиссия төрағасы").
        if k + 1 < h && ctx.doc.words[k].org_head.is_some() && ctx.case(k) != Case::Gen {
            break;
        }
        // Another person's name ends here ("Асқар Сағындықов | Алматы қаласының әкімі Б. Нұрлыбеков").
        if surname_like(ctx, k) || ctx.lex.given_names.contains(ctx.text(k)) && ctx.cap(k + 1) {
            break;
        }
        if name_before_title(ctx, k, h) {
            break;
        }
        // "Режеп Тайып Ердоған | Анкарада | Әзербайжан басшысы Ильхам Әлиевпен": a person the
        // gazetteer knows by this word, or a place in the locative (where the meeting was), is
        // no part of the next person's title.
        let known_person = ctx
            .lex
            .one_word_types(&ctx.doc.words[k].nominative_lower)
            .any(|e| e == "person");
        if ctx.cap(k) && known_person || place_where(ctx, k) {
            break;
        }
        // A capital in the dative, accusative, ablative or instrumental names something else
        // ("Келісімге | министр Асан Серікбаев қол қойды"); a common word capitalized only
        // because it opens the sentence does not qualify a capitalized title ("Жоспар |
        // Президенттің"), though it may name a ministry's field ("Сауда және интеграция
        // министрі"). (The locative is left out: "-да" ends many stems, "Сауда" among them.)
        let cap_ok = ctx.cap(k)
            && !matches!(ctx.case(k), Case::Dat | Case::Acc | Case::Abl | Case::Ins)
            && !(k == ctx.t0 && ctx.doc.words[k].common && ctx.cap(h));
        let ok = cap_ok
            || ctx.is_genitive(k)
            || ctx.lex.org_modifiers.contains(lower)
            || (ctx.case(k) == Case::Nom
                && !ctx.doc.words[k].possessive
                && ends_with_any(lower, &ctx.lex.endings.adjective))
            || (k + 1 == h
                && ctx
                    .lex
                    .roles
                    .contains_key(&format!("{} {head}", ctx.doc.words[k].stem_lower.clone())));
        // "мектеп директоры", "бақша меңгерушісі": a bare common noun right before a possessed
        // head names what the person heads (not an adverb, a number or a verb form; a body's
        // noun, "мәслихат төрағасы", is a mention of the body, as before).
        let izafet = k + 1 == h
            && ctx.doc.words[h].possessive
            && !ctx.cap(h)
            && (!ctx.cap(k) || k == ctx.t0)
            && ctx.case(k) == Case::Nom
            && !ctx.doc.words[k].possessive
            && !ctx.doc.words[k].plural
            && ctx.doc.words[k].org_head.is_none()
            && !ctx.lex.has_form(lower, "participle")
            && !ctx.lex.has_form(lower, "content")
            && !lower.chars().any(|c| c.is_numeric())
            && !ctx.lex.verb_first.contains_key(lower)
            && !ctx.lex.adverbs.iter().any(|a| a.len() == 1 && a[0] == lower)
            && !is_one_of(lower, &ctx.lex.words.conjunctions)
            && !is_one_of(lower, &ctx.lex.words.postpositions)
            // Alone: a word before it that would qualify it ("облыстық мәслихат хатшысы",
            // "Біздің ... министрі") makes it part of a name or a phrase of its own.
            && (k == ctx.t0
                || !ctx.word(k - 1)
                // "«Самұрық-Қазына» АҚ | басқарма төрағасы": the body's legal form ends it.
                || legal_form_after_quote(ctx, k - 1)
                || !(ctx.cap(k - 1)
                    || ctx.is_genitive(k - 1)
                    || ctx.lex.org_modifiers.contains(ctx.lower(k - 1))
                    || ends_with_any(ctx.lower(k - 1), &ctx.lex.endings.adjective)));
        if !(ok || izafet) || ctx.lex.pronouns.contains_key(lower) {
            break;
        }
        if modifier.is_none() {
            modifier = Some(ctx.doc.words[k].stem_lower.clone());
        }
        start = k;
    }
    let class = role_class(ctx.lex, modifier.as_deref(), &head);
    let phrase = ctx.doc.span_text(start, t).to_string();
    (start, Some((class, phrase)))
}
