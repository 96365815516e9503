//! Bodies, groups and places: organizations (a head noun such as "министрлігі" with the words
//! of its name in front), groups ("облыс тұрғындары", "Еуропарламент депутаттары") and places
//! ("Шығыс Қазақстан облысы").

use super::ctx::{Cand, CandKind, Ctx};
use crate::lexicon::{ends_with_any, is_one_of};
use crate::text::morph::Case;
use crate::text::Lower;

/// `gaz`: spans of gazetteer names. A name is not extended over a word that is itself a
/// separate name ("Астана | Еуропа одағы").
pub(super) fn org_cands(
    ctx: &Ctx<'_, '_>,
    gaz: &[(usize, usize)],
    persons: &[(usize, usize)],
    out: &mut Vec<Cand>,
) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let suffix = ctx.lex.org_suffixes.contains(ctx.lower(t));
        let head = if suffix {
            None
        } else {
            ctx.doc.words[t].org_head.clone()
        };
        if head.is_none() && !suffix {
            // "«Көктем» серіктестігі", "«Қазақ Экспорт» сақтандыру компаниясы": a short quoted
            // name before a noun of `quoted-org-head` names the body.
            out.extend(quoted_org(ctx, t));
            continue;
        }
        // "орталығындағы": an attributive locative qualifies a noun; it does not name a body.
        // "одағы", "кәсіподағы" end the same way, but are a body's head with its possessive
        // ending (одақ, кәсіподақ).
        if ends_with_any(ctx.lower(t), &ctx.lex.endings.attributive)
            && !possessed_head(ctx, ctx.lower(t))
        {
            continue;
        }
        // Legal form after a quoted name: «ГРК МЛД» ЖШС.
        if suffix {
            if t > ctx.t0 && ctx.punct(t - 1).is_some_and(|c| c == '»' || c == '"') {
                if let Some(q) = ctx
                    .doc
                    .seg
                    .quotes
                    .iter()
                    .find(|q| q.close == t - 1 && q.open >= ctx.t0)
                {
                    out.push(Cand {
                        t0: q.open,
                        t1: t + 1,
                        kind: CandKind::Org,
                        label: ctx.doc.span_text(q.open, t + 1).to_string(),
                        role: None,
                        case: None,
                        learned: false,
                    });
                }
            }
            continue;
        }
        if let Some(h) = &head {
            if ctx.lex.org_heads_not_bare.contains(h) && !ctx.doc.words[t].possessive {
                continue;
            }
        }
        let mut start = t;
        let mut gen_count = 0;
        // Where the head's words start: "полиция | департаменті" is one head of two nouns.
        let mut head_start = t;
        // "сыбайлас жемқорлыққа қарсы іс-қимыл департаменті": the body's field as "against"
        // after a dative, and how many bare words before that dative may still qualify it.
        let against_at = |q: usize| {
            q > ctx.t0
                && ctx.word(q)
                && is_one_of(ctx.lower(q), &ctx.lex.words.against)
                && ctx.word(q - 1)
                && ctx.case(q - 1) == Case::Dat
        };
        let mut field_noun = None;
        let mut dative_mods = 0;
        let mut k = t;
        while k > ctx.t0 {
            let p = k - 1;
            if !ctx.word(p) {
                break;
            }
            let lower = ctx.lower(p);
            // "Сауда және интеграция министрлігі": "және" between two words of a name (the
            // one before it capitalized); other conjunctions, and "және" elsewhere, end it.
            // ("Қазақстан және Қырғызстан үкіметтері": two known names and a plural head are
            // two bodies.)
            let and_in_name = lower == "және"
                && p > ctx.t0
                && ctx.cap(p - 1)
                && matches!(ctx.case(p - 1), Case::Nom)
                && !ctx.doc.words[t].plural
                && !gaz.iter().any(|&(_, b)| b == p)
                && !persons.iter().any(|&(a, b)| a < p && p - 1 < b);
            if and_in_name {
                k = p;
                continue;
            }
            if ctx.lex.pronouns.contains_key(lower)
                || is_one_of(lower, &ctx.lex.words.reflexives)
                || is_one_of(lower, &ctx.lex.words.conjunctions)
            {
                break;
            }
            // "Астана | Еуропа одағы": two names side by side; but a country or place before a
            // body the gazetteer knows without its country ("Қытай | сыртқы істер министрлігі",
            // an alias of "Қазақстан Сыртқы істер министрлігі") says whose body it is.
            let separate_name = gaz.contains(&(start, t + 1))
                && gaz.iter().any(|&(_, b)| b == p + 1)
                && !country_before_alias(ctx, start, t + 1, p);
            let in_person = persons.iter().any(|&(a, b)| a <= p && p < b);
            if separate_name || in_person {
                break;
            }
            let common_noun = ctx.doc.words[p].common;
            // A connective opening the sentence ("Сондай-ақ қала әкімдігі") is not part of it.
            let connective = ctx
                .lex
                .discourse
                .iter()
                .any(|d| d.len() == 1 && d[0] == lower)
                || is_one_of(lower, &ctx.lex.words.not_in_titles)
                // "Былтыр | Павлодар экономикалық соты": an adverb of time opening the
                // sentence is the sentence's.
                || ctx
                    .lex
                    .adverbs
                    .iter()
                    .any(|a| a.len() == 1 && a[0] == lower);
            let bare_lower = !ctx.cap(p)
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.doc.words[p].plural;
            let ok = if connective {
                false
            } else if start == head_start && bare_lower && p > ctx.t0 && against_at(p - 1) {
                // "... қарсы | іс-қимыл | департаменті": the field's noun.
                field_noun = Some(p);
                true
            } else if p + 1 == head_start
                && ctx.doc.words[p].group.is_some()
                && ctx.doc.words[p].plural
                && !ctx.doc.words[p].possessive
                && ctx.case(p) == Case::Nom
                && ctx.doc.words[t].possessive_third
            {
                // "Педагогтар кәсіподағы", "кәсіпкерлер палатасы", "Журналистер одағы": the
                // people a body unites name it.
                true
            } else if (start == head_start || field_noun == Some(p + 1)) && against_at(p) {
                true
            } else if p + 1 < t && against_at(p + 1) && ctx.case(p) == Case::Dat {
                // The dative of what the body fights, and up to two words qualifying it.
                dative_mods = 2;
                true
            } else if dative_mods > 0
                && bare_lower
                && !ctx.lex.verb_first.contains_key(lower)
                && !is_one_of(lower, &ctx.lex.words.postpositions)
            {
                dative_mods -= 1;
                true
            } else if p + 1 == head_start
                && head_start == t
                && ctx.doc.words[p].org_head.is_some()
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.doc.words[p].plural
                && ctx.doc.words[t].possessive_third
            {
                // "полиция департаменті", "полиция басқармасы": a body's noun qualifying the
                // possessed head after it names one body with it.
                head_start = p;
                true
            } else if ctx.cap(p) && (!common_noun || p != ctx.t0) {
                matches!(ctx.case(p), Case::Nom | Case::Gen)
                    || ctx.text(p).chars().all(|c| c.is_uppercase())
            } else if ctx.lex.org_modifiers.contains(lower) {
                true
            } else if p > ctx.t0
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && lower.chars().count() >= 5
                && (lower.ends_with('у') || lower.ends_with('ю'))
                && ((ctx.cap(p - 1) && !ctx.doc.words[p - 1].common)
                    || ctx.lex.org_modifiers.contains(ctx.lower(p - 1))
                    || (ends_with_any(ctx.lower(p - 1), &ctx.lex.endings.adjective)
                        && anchored_before(ctx, p - 1)))
            {
                // A verbal noun naming the body's field after a word of its name: "Стратегиялық
                // жоспарлау агенттігі", "Қаржы нарығын реттеу агенттігі".
                true
            } else if p + 1 == head_start
                && ctx.doc.words[p].place_type
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
            {
                // "қала әкімдігі", "облыс әкімдігі": the kind of place the body governs.
                true
            } else if p + 1 == head_start
                && p > ctx.t0
                && ctx.cap(p - 1)
                && ctx.doc.words[p].place_type
                && !ctx.doc.words[p].plural
                && (ctx.doc.words[p].possessive
                    || ctx.case(p) == Case::Acc && (lower.ends_with('ы') || lower.ends_with('і')))
            {
                // "Қарасай ауданы әкімдігі", "Алматы қаласы полиция департаменті": a named
                // place's akimat or department (the analyser may read the
                // place noun's possessive ending as an accusative).
                true
            } else if ctx.is_genitive(p) && gen_count < 2 && ctx.doc.words[t].possessive {
                // Genitive place or body: "Марқакөл ауданының", "облыс әкімдігінің". Only
                // before a possessed head: "компанияның | басқарма төрағасы" is the company's
                // chairman of the board, and "басқарма" no body of the company.
                let place_like = ctx.doc.words[p].place_type
                    || ctx.doc.words[p].org_head.is_some()
                    || (p > ctx.t0 && ctx.cap(p - 1));
                if place_like {
                    gen_count += 1;
                }
                place_like
            } else if ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.doc.words[p].plural
                && (ends_with_any(lower, &ctx.lex.endings.adjective)
                    || ctx.lex.has_form(lower, "passive-participle"))
                && anchored_before(ctx, p)
            {
                // "Астана қаласының мамандандырылған ауданаралық экономикалық соты": adjectives
                // of the body's kind between its place and its head, when a name or a place in
                // the genitive stands right before them.
                true
            } else if p > ctx.t0
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.cap(p)
                && ctx.word(p - 1)
                && !ctx.cap(p - 1)
                && ends_with_any(ctx.lower(p - 1), &ctx.lex.endings.adjective)
                && anchored_before(ctx, p - 1)
            {
                // "Атырау облысының өңірлік коммуникациялар қызметі": the noun of the body's
                // field after such an adjective.
                true
            } else {
                // "Қазақстан футбол федерациясы", "федерациясының атқарушы комитеті", "Қалалық
                // тұрғын үй-коммуналдық шаруашылық бөлімі": lowercase nouns of the body's field
                // before a possessed head, when a name, a place or a modifier of the body's
                // level stands before them.
                ctx.doc.words[t].possessive
                    && field_word(ctx, p)
                    && field_anchored(ctx, gaz, persons, p)
            };
            if !ok {
                break;
            }
            start = p;
            k = p;
        }
        // "«ҚазМұнайГаз» | ұлттық компаниясы", "«Ақ жол» | демократиялық партиясы": a short
        // quoted name before lowercase words of the body's kind is the body's own name.
        // A name the gazetteer knows keeps its identity over the longer span.
        if start < t && (start..t).all(|k| !ctx.cap(k)) {
            if let Some(open) = quoted_name_closing_before(ctx, start) {
                let known = out
                    .iter()
                    .find(|c| c.t0 == open && c.t1 == start && matches!(c.kind, CandKind::Gaz(_)))
                    .map(|c| (c.kind.clone(), c.label.clone()));
                if let Some((kind, label)) = known {
                    out.push(Cand {
                        t0: open,
                        t1: t + 1,
                        kind,
                        label,
                        role: None,
                        case: None,
                        learned: false,
                    });
                    continue;
                }
                start = open;
            }
        }
        if start == t {
            if let Some(c) = quoted_org(ctx, t) {
                out.push(c);
                continue;
            }
            // A bare head with no name words: "министрлік" refers back (a role), not a name.
            let nom = ctx.nominative(t);
            let a = &ctx.doc.words[t];
            let bare_or_named = !a.possessive || ctx.cap(t);
            if !a.plural && bare_or_named {
                out.push(Cand {
                    t0: t,
                    t1: t + 1,
                    kind: CandKind::OrgRole {
                        head: head.unwrap_or_default(),
                    },
                    label: nom,
                    role: None,
                    case: None,
                    learned: false,
                });
            }
            continue;
        }
        let mut label = String::new();
        if start < t {
            label.push_str(ctx.doc.span_text(start, t));
            label.push(' ');
        }
        // "Мәжіліс Бюросы" and "Мәжіліс бюросы" are one body with one IRI: a capitalized head
        // after the name's words is written as the language writes it, in lower case (an
        // acronym stays as it is), so that every article gives the same label.
        let head = ctx.nominative(t);
        let title_case = {
            let mut cs = head.chars();
            cs.next().is_some_and(char::is_uppercase) && cs.all(|c| !c.is_uppercase())
        };
        if start < t && title_case {
            label.push_str(&head.lower());
        } else {
            label.push_str(&head);
        }
        // "құрылыс компанияларын шақырды": common words before a plural head name a kind of
        // body, many of them, not one body: a group.
        let common_words = (start..=t)
            .all(|k| !ctx.cap(k) || k == ctx.t0 && !ctx.lex.gaz_index.contains_key(ctx.lower(k)));
        if ctx.doc.words[t].plural && common_words {
            out.push(Cand::new(start, t + 1, CandKind::Group, label.lower()));
            continue;
        }
        out.push(Cand::new(start, t + 1, CandKind::Org, label));
    }
}

/// Whether `lower` is an organization head with the third-person possessive ending, its last
/// consonant voiced before it ("одағы" -> одақ, "кәсіподағы" -> кәсіподақ).
fn possessed_head(ctx: &Ctx<'_, '_>, lower: &str) -> bool {
    let Some(stem) = lower.strip_suffix('ы').or_else(|| lower.strip_suffix('і')) else {
        return false;
    };
    let unvoiced = match stem.chars().last() {
        Some('ғ') => format!("{}қ", &stem[..stem.len() - 'ғ'.len_utf8()]),
        Some('г') => format!("{}к", &stem[..stem.len() - 'г'.len_utf8()]),
        _ => stem.to_string(),
    };
    ctx.lex.org_heads.contains(&unvoiced)
}

/// Most words between the marks of a quoted name before an organization noun.
const QUOTED_NAME_WORDS: usize = 6;

/// The body a short quoted name before the noun at `t` names, if any (see
/// [`quoted_name_before`]).
fn quoted_org(ctx: &Ctx<'_, '_>, t: usize) -> Option<Cand> {
    let open = quoted_name_before(ctx, t)?;
    Some(Cand {
        t0: open,
        t1: t + 1,
        kind: CandKind::Org,
        label: format!("{} {}", ctx.doc.span_text(open, t), ctx.nominative(t)),
        role: None,
        case: None,
        learned: false,
    })
}

/// Where a short quoted name opens that stands before the noun at `t`, a noun of
/// `quoted-org-head` (words.tsv) in the nominative, with at most one lowercase word of the
/// body's kind between ("«Қазақ Экспорт» сақтандыру компаниясы", "«Көктем» серіктестігі").
fn quoted_name_before(ctx: &Ctx<'_, '_>, t: usize) -> Option<usize> {
    let w = &ctx.doc.words[t];
    // A genitive one opens a title, which the rules for titles read ("«Көктем»
    // серіктестігінің директоры Асан Бекұлы").
    if !is_one_of(&w.stem_lower, &ctx.lex.words.quoted_org_heads)
        || ctx.case(t) != Case::Nom
        || w.plural
    {
        return None;
    }
    let mut k = t;
    while k > ctx.t0
        && t - k < 2
        && ctx.word(k - 1)
        && !ctx.cap(k - 1)
        && ctx.case(k - 1) == Case::Nom
        && !ctx.doc.words[k - 1].possessive
    {
        k -= 1;
    }
    quoted_name_closing_before(ctx, k)
}

/// Where a short quoted name opens whose closing mark stands right before `t`.
fn quoted_name_closing_before(ctx: &Ctx<'_, '_>, t: usize) -> Option<usize> {
    if t <= ctx.t0 || !ctx.punct(t - 1).is_some_and(|c| c == '»' || c == '"') {
        return None;
    }
    let q = ctx
        .doc
        .seg
        .quotes
        .iter()
        .find(|q| q.close == t - 1 && q.open >= ctx.t0)?;
    let words = (q.open + 1..q.close)
        .filter(|&w| ctx.doc.toks[w].kind != crate::text::TokKind::Punct)
        .count();
    (words > 0 && words <= QUOTED_NAME_WORDS).then_some(q.open)
}

/// `names`: spans of gazetteer names and organizations, which a group may take as its
/// modifier ("Еуропарламент депутаттары", "Қазақстан билігі").
pub(super) fn group_cands(
    ctx: &Ctx<'_, '_>,
    names: &[(usize, usize)],
    persons: &[(usize, usize)],
    out: &mut Vec<Cand>,
) {
    // Where persons' names start, for the look-up after each group noun.
    let person_starts: rustc_hash::FxHashSet<usize> = persons.iter().map(|&(a, _)| a).collect();
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) || ctx.cap(t) && t > ctx.t0 {
            continue;
        }
        let Some(noun) = ctx.doc.words[t].group.clone() else {
            continue;
        };
        let a = ctx.doc.words[t].clone();
        // "кент тұрғыны Мәдина Жүсіпова": one of a group right before a person's name is that
        // person's description; the name is the actor.
        if !a.plural && person_starts.contains(&(t + 1)) {
            continue;
        }
        let collective = is_one_of(&noun, &ctx.lex.words.collectives);
        let mut start = t;
        let mut has_quant = false;
        // Modifiers: a body or place before ("Еуропарламент депутаттары", "облыс тұрғындары").
        if t > ctx.t0 && ctx.word(t - 1) {
            let p = t - 1;
            let lower = ctx.lower(p);
            let place_type = ctx.doc.words[p].place_type;
            let name_before = names
                .iter()
                .filter(|&&(_, b)| b == t)
                .map(|&(a, _)| a)
                .min()
                // "Еуропарламент депутаттары": the group noun is possessed by the name.
                .filter(|_| a.possessive && matches!(ctx.case(p), Case::Nom | Case::Gen));
            let quantifiers = &ctx.lex.words.quantifiers;
            if is_one_of(lower, quantifiers) {
                start = p;
                has_quant = true;
            } else if let Some(a) = name_before {
                start = a;
                // "Франция мен Италия депутаттары": the names coordinated before the name.
                if a > ctx.t0 + 1
                    && (ctx.punct(a - 1) == Some(',')
                        || ctx.word(a - 1)
                            && is_one_of(ctx.lower(a - 1), &ctx.lex.words.conjunctions))
                {
                    let first = coordinated_names_before(ctx, names, persons, a - 1);
                    // Places only: "Үкімет пен Мәжіліс депутаттары" are two actors.
                    let places = (first..t).filter(|&k| ctx.word(k) && ctx.cap(k)).all(|k| {
                        ctx.lex
                            .one_word_types(ctx.lower(k))
                            .all(|e| matches!(e, "place" | "country"))
                    });
                    if first < a - 1 && places {
                        start = first;
                    }
                }
            } else if a.possessive
                && ctx.case(p) == Case::Nom
                && !ctx.lex.verb_first.contains_key(lower)
                && !ctx
                    .lex
                    .discourse
                    .iter()
                    .any(|d| d.len() == 1 && d[0] == lower)
                && !ctx.doc.words[p].possessive
                && !ctx.lex.pronouns.contains_key(lower)
                && !is_one_of(lower, &ctx.lex.words.conjunctions)
                && (p == ctx.t0 || !ctx.cap(p))
                && !is_one_of(lower, quantifiers)
            {
                start = p;
                // "бас санитар дәрігерлері": the title's other modifiers before it, and the
                // places or bodies whose officers they are ("Түркістан мен ШҚО бас ...").
                while start > ctx.t0
                    && ctx.word(start - 1)
                    && !ctx.cap(start - 1)
                    && ctx.case(start - 1) == Case::Nom
                    && ctx.lex.org_modifiers.contains(ctx.lower(start - 1))
                {
                    start -= 1;
                }
                start = coordinated_names_before(ctx, names, persons, start);
            } else if place_type
                // "облыс тұрғындары", "облысының тұрғындары", "қаладағы тұрғындар"; not a
                // locative of where ("Кентау қаласында тұрғындармен кездесті": met residents
                // in Kentau).
                && (ctx.case(p) != Case::Loc
                    || ends_with_any(lower, &ctx.lex.endings.attributive))
            {
                start = p;
                // Coordinated names before a place noun: "Атырау, Қостанай және Батыс Қазақстан облыстарының".
                let mut k = p;
                while k > ctx.t0 {
                    let q = k - 1;
                    if persons.iter().any(|&(a, b)| a <= q && q < b) {
                        break;
                    }
                    // "Әкім | Целиноград және Шортанды аудандарының әкімдерін": a title or a
                    // common word capitalized because it opens the sentence is no place name.
                    let name = ctx.cap(q)
                        && ctx.doc.words[q].role_head.is_none()
                        && !(q == ctx.t0 && ctx.doc.words[q].common);
                    if name
                        || ctx.punct(q) == Some(',')
                        || is_one_of(ctx.lower(q), &ctx.lex.words.conjunctions) && ctx.word(q)
                    {
                        k = q;
                        if ctx.cap(q) {
                            start = q;
                        }
                    } else {
                        break;
                    }
                }
            } else if a.possessive && ctx.doc.words[p].org_head.is_some() {
                // "әкімдік қызметкерлері": the group noun is possessed by the body, whose
                // quoted name may stand before it ("«Нұр Отан» партиясының мүшелері").
                start = quoted_name_closing_before(ctx, p).unwrap_or(p);
            }
            if start < t && start > ctx.t0 && is_one_of(ctx.lower(start - 1), quantifiers) {
                start -= 1;
                has_quant = true;
            }
        }
        // A role noun names a group only in the plural ("депутаттар"); "Мәжіліс депутаты" is a role.
        let is_role = ctx.doc.words[t].role_head.clone().is_some();
        // A word written exactly as the dictionary noun ("тұрғын") is not possessed, whatever
        // the analyser reads in its last letter.
        let possessive = a.possessive && !a.dictionary_form;
        // "Судьяларымыз ... болуы керек дейді": our judges are what someone speaks about; a
        // group the speaker owns (first or second person) is no actor of the news.
        if possessive && !a.possessive_third {
            continue;
        }
        // "сот шешімімен келіспеген тарап": one of a group that a past participle right before
        // it describes is someone of its own, as the subject ("the party that disagreed").
        let described = !is_role
            && start == t
            && t > ctx.t0
            && ctx.case(t) == Case::Nom
            && ctx.word(t - 1)
            && !ctx.cap(t - 1)
            && ctx.doc.words[t - 1].has_form(ctx.lex, "participle")
            && !ctx.doc.words[t - 1].has_form(ctx.lex, "present-participle")
            && !ctx.doc.words[t - 1].has_form(ctx.lex, "content");
        let group_form = if is_role {
            a.plural || has_quant
        } else {
            a.plural || possessive || collective || has_quant || described
        };
        if !group_form {
            continue;
        }
        if described && !a.plural {
            start = t - 1;
        }
        // "зардап шеккендер", "пікір жазғандар", "ауа райын болжаушылар": a participle or noun of
        // agent takes the bare noun (or accusative) it governs.
        if start == t && t > ctx.t0 && ctx.word(t - 1) && (!ctx.cap(t - 1) || t - 1 == ctx.t0) {
            let p = t - 1;
            let governs = (ctx.lex.has_form(&ctx.doc.words[t].stem_lower, "participle")
                || ends_with_any(&ctx.doc.words[t].stem_lower, &ctx.lex.endings.agent))
                && matches!(ctx.case(p), Case::Nom | Case::Acc)
                && !ctx.doc.words[p].possessive
                && !ctx.doc.words[p].plural
                // "Әкімдік кәсіпкерлерді шақырды": a body's noun is the subject before them.
                && ctx.doc.words[p].org_head.is_none()
                && !ctx.lex.pronouns.contains_key(ctx.lower(p))
                && !is_one_of(ctx.lower(p), &ctx.lex.words.conjunctions)
                && !is_one_of(ctx.lower(p), &ctx.lex.words.auxiliaries)
                && !is_one_of(ctx.lower(p), &ctx.lex.words.not_in_titles)
                && !ctx
                    .lex
                    .discourse
                    .iter()
                    .any(|d| d.len() == 1 && d[0] == ctx.lower(p))
                && !ctx.lex.verb_first.contains_key(ctx.lower(p));
            if governs {
                start = p;
            }
        }
        // "Чехиялық құқық қорғаушылар", "американдық ғалымдар": a relational adjective of a
        // place before the group.
        if start > ctx.t0
            && ctx.word(start - 1)
            && ctx.case(start - 1) == Case::Nom
            && !ctx.doc.words[start - 1].possessive
            && ends_with_any(ctx.lower(start - 1), &ctx.lex.endings.adjective)
            // "Министрлік тұрғындарды ... шақырды": a body's noun in -лік is the subject
            // before the group, not an adjective of it.
            && ctx.doc.words[start - 1].org_head.is_none()
            && !ctx.lex.verb_first.contains_key(ctx.lower(start - 1))
            && !is_one_of(ctx.lower(start - 1), &ctx.lex.words.quantifiers)
        {
            start -= 1;
        }
        let mut end = t + 1;
        let mut case = None;
        if ctx.case(t) == Case::Gen
            && ctx.word(t + 1)
            && is_one_of(ctx.lower(t + 1), &ctx.lex.words.group_tails)
        {
            end = t + 2;
            case = Some(ctx.case(t + 1));
        }
        let mut label = String::new();
        if start < t {
            label.push_str(ctx.doc.span_text(start, t));
            label.push(' ');
        }
        if end == t + 2 {
            label.push_str(ctx.doc.span_text(t, end));
        } else {
            label.push_str(&ctx.nominative(t));
        }
        if start == t {
            label = label.lower();
        }
        out.push(Cand {
            t0: start,
            t1: end,
            kind: CandKind::Group,
            label,
            role: None,
            case,
            learned: false,
        });
    }
}

/// The start of bare capitalized names coordinated right before `start` ("Түркістан мен ШҚО",
/// "Атырау, Қостанай және Ақтөбе"), or `start` when there are none. A person's name ends the
/// run; so does a capitalized first word of the sentence that is not a known name or an
/// acronym ("Кеше").
fn coordinated_names_before(
    ctx: &Ctx<'_, '_>,
    names: &[(usize, usize)],
    persons: &[(usize, usize)],
    start: usize,
) -> usize {
    let mut first = start;
    let mut k = start;
    while k > ctx.t0 {
        let q = k - 1;
        if persons.iter().any(|&(a, b)| a <= q && q < b) {
            break;
        }
        if ctx.word(q) && ctx.cap(q) {
            let known = names.iter().any(|&(a, b)| a <= q && q < b)
                || ctx.text(q).chars().all(|c| !c.is_lowercase());
            if ctx.case(q) != Case::Nom || q == ctx.t0 && !known {
                break;
            }
            first = q;
            k = q;
        } else if first < start
            && (ctx.punct(q) == Some(',')
                || ctx.word(q) && is_one_of(ctx.lower(q), &ctx.lex.words.conjunctions))
        {
            k = q;
        } else {
            break;
        }
    }
    first
}

pub(super) fn place_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    // "Шығыс Қазақстан облысында" -> Шығыс Қазақстан облысы.
    for t in ctx.t0 + 1..ctx.t1 {
        if !ctx.word(t) || !ctx.cap(t - 1) {
            continue;
        }
        let w = &ctx.doc.words[t];
        // The place noun with its possessive ending: "Қазақстан облысы", not "... облыс". After
        // a name, "-ы/-і" is that ending even where the analyser reads an accusative
        // ("Қарасай ауданы әкімдігінің").
        let poss_read_as_acc = w.case == Case::Acc
            && !w.plural
            && (w.lower.ends_with('ы') || w.lower.ends_with('і'))
            && ctx.word(t + 1)
            && ctx.doc.words[t + 1].text_is_lowercase()
            && (ctx.doc.words[t + 1].org_head.is_some() || ctx.doc.words[t + 1].place_type);
        // A possessive of our own ("еліміздегі") is the writer's country, not a name's.
        if !(w.place_type && (w.possessive_third || poss_read_as_acc) && !w.plural) {
            continue;
        }
        let nom = w.nominative.clone();
        let mut start = t - 1;
        // "Шығыс Қазақстан облысы": a second capitalized word, unless it names an actor of its
        // own ("Үкімет | Тараз қаласын").
        // Not a connective opening the sentence ("Алайда | Алматы облысындағы").
        if start > ctx.t0 && ctx.cap(start - 1) {
            let lower = ctx.lower(start - 1);
            let other = ctx.lex.one_word_types(lower).any(|e| e != "place")
                || ctx
                    .lex
                    .discourse
                    .iter()
                    .any(|d| d.len() == 1 && d[0] == lower)
                || ctx
                    .lex
                    .adverbs
                    .iter()
                    .any(|a| a.len() == 1 && a[0] == lower);
            if !other {
                start -= 1;
            }
        }
        let (label, case) = if poss_read_as_acc {
            (
                format!("{} {}", ctx.doc.span_text(start, t), ctx.text(t)),
                Some(Case::Nom),
            )
        } else {
            (format!("{} {}", ctx.doc.span_text(start, t), nom), None)
        };
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Place,
            label,
            role: None,
            case,
            learned: false,
        });
    }
}

/// Whether the gazetteer name at tokens `t0..t1` is a body's alias that leaves out its country
/// (its label starts with a country or place that the alias lacks), and the name ending at
/// token `p` is another country or place.
fn country_before_alias(ctx: &Ctx<'_, '_>, t0: usize, t1: usize, p: usize) -> bool {
    let lex = ctx.lex;
    // The name in the nominative ("сыртқы істер министрлігінің" -> "... министрлігі").
    let mut span = String::new();
    if t0 + 1 < t1 {
        span.push_str(&ctx.doc.span_text(t0, t1 - 1).lower());
        span.push(' ');
    }
    span.push_str(&ctx.nominative_lower(t1 - 1));
    let Some(&gi) = lex.gaz_by_name.get(&span) else {
        return false;
    };
    let label = lex.gazetteer[gi].label.lower();
    let Some(first) = label.split_whitespace().next() else {
        return false;
    };
    let is_place = |name: &str| {
        lex.gaz_by_name
            .get(name)
            .is_some_and(|&g| matches!(lex.gazetteer[g].etype.as_str(), "country" | "place"))
    };
    let before = ctx.nominative_lower(p);
    !span.starts_with(first) && is_place(first) && is_place(&before) && before != first
}

/// Names in Latin script in Cyrillic text ("KazAID пен JICA", "«Orda group» ЖШС" aside): a run
/// of words whose first begins with a Latin capital, read as an organization's name when no
/// word list or rule reads the span otherwise. A case ending after a hyphen ("JICA-мен") is not
/// part of the name. A run before an outlet's word ("Telegram арнасы") is left to the outlet
/// rules; a Roman numeral is no name.
pub(super) fn latin_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let latin = |t: usize| {
        ctx.word(t)
            && ctx
                .text(t)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
    };
    let mut t = ctx.t0;
    while t < ctx.t1 {
        // A Roman numeral ("XXVIII сессиясы", "VI кездесу") numbers something; it names no one.
        let roman = ctx
            .text(t)
            .split('-')
            .next()
            .is_some_and(|w| w.chars().all(|c| "IVXLCDM".contains(c)));
        if !(latin(t) && ctx.text(t).starts_with(|c: char| c.is_ascii_uppercase())) || roman {
            t += 1;
            continue;
        }
        let t0 = t;
        while t < ctx.t1 && latin(t) && !ctx.text(t).contains('-') {
            t += 1;
        }
        // "JICA-мен": the last word of the name, with its case ending.
        if t < ctx.t1 && latin(t) {
            t += 1;
        }
        let t1 = t;
        if ctx.word(t1) && ctx.lex.outlet_cues.contains(ctx.lower(t1)) {
            continue;
        }
        let mut label = ctx.doc.span_text(t0, t1).to_string();
        if let Some((head, tail)) = label.rsplit_once('-') {
            if !tail.is_empty() && !tail.chars().any(|c| c.is_ascii_alphabetic()) {
                label = head.to_string();
            }
        }
        // "..., деп хабарлайды Reuters": a name after the outlet's formula is an outlet.
        let outlet =
            t0 > ctx.t0 && ctx.word(t0 - 1) && matches!(ctx.lower(t0 - 1), "хабарлайды" | "жазады");
        let etype = if outlet {
            crate::extract::EntityType::Outlet
        } else {
            crate::extract::EntityType::Organization
        };
        out.push(Cand::new(t0, t1, CandKind::Named(etype), label));
    }
}

/// Unnamed speakers: a common noun in the genitive before an according-to phrase that only a
/// speaker owns ("Маманның айтуынша", "Келіншектің сөзінше", "Бақ иесінің айтуынша": the
/// expert, the young woman, the orchard's owner). A noun possessed by no noun before it
/// ("адвокатының айтуынша": someone's lawyer) needs its owner and is left out, as are sources
/// with no name ("дереккөздің"). `taken`: whether other candidates cover each token of the
/// sentence, by offset from its start.
pub(super) fn unnamed_speaker_cands(ctx: &Ctx<'_, '_>, taken: &[bool], out: &mut Vec<Cand>) {
    let words = &ctx.lex.words;
    for t in ctx.t0..ctx.t1.saturating_sub(1) {
        // "Кәсіпкердің өзі ... айтты": one of a group, in the genitive before "өзі", is the
        // person himself.
        let self_of_one = ctx.word(t + 1)
            && is_one_of(ctx.lower(t + 1), &words.reflexive_selves)
            && ctx.doc.words[t].group.is_some()
            && !ctx.doc.words[t].plural;
        if !ctx.word(t)
            || ctx.case(t) != Case::Gen
            || !ctx.word(t + 1)
            || !(is_one_of(ctx.lower(t + 1), &words.speaker_according) || self_of_one)
            || (ctx.cap(t) && t > ctx.t0)
            || taken[t - ctx.t0]
            || ctx.lex.pronouns.contains_key(ctx.lower(t))
            || ctx.text(t).chars().any(|c| c.is_numeric())
        {
            continue;
        }
        let noun = ctx.nominative_lower(t);
        if is_one_of(&noun, &words.unnamed_sources)
            || ctx.doc.words[t]
                .group
                .as_deref()
                .is_some_and(|g| is_one_of(g, &words.unnamed_sources))
        {
            continue;
        }
        let mut start = t;
        if ctx.doc.words[t].possessive {
            // "бақ иесінің": the bare noun that owns it.
            let p = t.wrapping_sub(1);
            let owner = t > ctx.t0
                && ctx.word(p)
                && (!ctx.cap(p) || p == ctx.t0)
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.lex.pronouns.contains_key(ctx.lower(p))
                && !is_one_of(ctx.lower(p), &words.conjunctions)
                && !taken[p - ctx.t0];
            if !owner {
                continue;
            }
            start = p;
        }
        let mut label = String::new();
        if start < t {
            label.push_str(&ctx.doc.span_text(start, t).lower());
            label.push(' ');
        }
        label.push_str(&noun);
        out.push(Cand::new(start, t + 1, CandKind::Group, label));
    }
}

/// A lowercase word in the nominative that may name a body's field inside its name: a noun or
/// adjective, not a verb, pronoun, postposition, adverb or number ("футбол", "атқарушы",
/// "жолаушылар көлігі").
fn field_word(ctx: &Ctx<'_, '_>, p: usize) -> bool {
    let lower = ctx.lower(p);
    let w = &ctx.doc.words[p];
    ctx.word(p)
        && !ctx.cap(p)
        && ctx.case(p) == Case::Nom
        && (!w.possessive || w.possessive_third)
        // A body's own noun ends a name of its own ("... министрліктері | Қытай үкіметінің").
        && w.org_head.is_none()
        && lower.chars().next().is_some_and(char::is_alphabetic)
        && !ctx.lex.verb_first.contains_key(lower)
        && !ctx.lex.pronouns.contains_key(lower)
        && !is_one_of(lower, &ctx.lex.words.postpositions)
        && !is_one_of(lower, &ctx.lex.words.conjunctions)
        && !is_one_of(lower, &ctx.lex.words.quantifiers)
        && !ctx
            .lex
            .adverbs
            .iter()
            .any(|a| a.len() == 1 && a[0] == lower)
        && !w.has_form(ctx.lex, "converb")
        && !w.has_form(ctx.lex, "participle")
        && !w.has_form(ctx.lex, "present-participle")
        && !w.has_form(ctx.lex, "content")
}

/// Whether the field words ending at `p` (at most three) follow what anchors a body's name:
/// a modifier of its level ("облыстық", "қалалық"), a name the gazetteer knows (not within a
/// person's name), a place noun, or a genitive place, body or name ("федерациясының").
fn field_anchored(
    ctx: &Ctx<'_, '_>,
    gaz: &[(usize, usize)],
    persons: &[(usize, usize)],
    p: usize,
) -> bool {
    let mut r = p;
    for _ in 0..3 {
        if r == ctx.t0 || !ctx.word(r - 1) {
            return false;
        }
        r -= 1;
        // "Президент Тоқаев | жол полициясы басқармасын": a person is the subject, not the
        // body's owner.
        if persons.iter().any(|&(a, b)| a <= r && r < b) {
            return false;
        }
        // "Армения Премьер-министрі | ұйым кеңесі": a title is someone's, no body's name.
        if ctx.doc.words[r].role_head.is_some() {
            return false;
        }
        // "Президенттің көмекшісі | қызметін": a possessed word right after a genitive is the
        // genitive's (the President's aide), not a field of the body.
        if r + 1 == p && ctx.is_genitive(r) && ctx.doc.words[p].possessive {
            return false;
        }
        let lower = ctx.lower(r);
        let w = &ctx.doc.words[r];
        if ctx.lex.org_modifiers.contains(lower)
            || gaz.iter().any(|&(_, b)| b == r + 1)
            || w.place_type && matches!(ctx.case(r), Case::Nom | Case::Gen)
            || ctx.is_genitive(r) && (w.org_head.is_some() || ctx.cap(r))
        {
            return true;
        }
        if !field_word(ctx, r) {
            return false;
        }
    }
    false
}

/// Whether a run of lowercase adjectives ending right before `p + 1` starts after a name or a
/// place in the genitive, or with a word the body lists know as a modifier ("облыстық"): at most
/// three such words back, the first other word.
fn anchored_before(ctx: &Ctx<'_, '_>, p: usize) -> bool {
    let mut k = p;
    for _ in 0..3 {
        if k == ctx.t0 || !ctx.word(k - 1) {
            return false;
        }
        k -= 1;
        let lower = ctx.lower(k);
        let adjective = !ctx.cap(k)
            && ctx.case(k) == Case::Nom
            && (ends_with_any(lower, &ctx.lex.endings.adjective)
                || ctx.lex.has_form(lower, "passive-participle"));
        if ctx.lex.org_modifiers.contains(lower) {
            // "Облыстық санитарлық-эпидемиологиялық бақылау департаменті".
            return true;
        }
        if !adjective {
            // Not a nominative: "Тегеран | әлемдік қауымдастықты" is a subject and an object.
            return ctx.is_genitive(k) && (ctx.cap(k) || ctx.doc.words[k].place_type);
        }
    }
    false
}

/// A noun that stands for the body last named, whatever its kind (words.tsv body-noun:
/// "Ведомствоның мәліметінше", "мекеме өкілдері"): a reference like "министрлік", resolved to
/// the latest organization. `taken`: as for [`unnamed_speaker_cands`].
pub(super) fn body_noun_cands(ctx: &Ctx<'_, '_>, taken: &[bool], out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t)
            || taken[t - ctx.t0]
            || ctx.doc.words[t].plural
            || ctx.doc.words[t].possessive && !ctx.doc.words[t].dictionary_form
        {
            continue;
        }
        let noun = ctx.nominative_lower(t);
        if !is_one_of(&noun, &ctx.lex.words.body_nouns) {
            continue;
        }
        out.push(Cand::new(
            t,
            t + 1,
            CandKind::OrgRole {
                head: ANY_BODY.to_string(),
            },
            ctx.nominative(t),
        ));
    }
}

/// The head an [`CandKind::OrgRole`] of a body noun carries: any organization.
pub(super) const ANY_BODY: &str = "*";
