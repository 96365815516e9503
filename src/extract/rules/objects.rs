//! What a match says: claims (quotes and clauses, lines joined), documents by their head noun or
//! full name, and the targets of calls and criticism.

use super::resolve::resolve;
use super::units::{lead_of, UKind, Unit};
use crate::extract::{Doc, EntityType, MentionKind, Object, Span};
use crate::lexicon::{ends_with_any, is_one_of, starts_with_any};
use crate::text::morph::Case;
use crate::text::Lower;
use crate::text::TokKind;

pub(super) fn unit_range_tokens(us: &[Unit], r: (usize, usize)) -> Option<(usize, usize)> {
    if r.0 >= r.1 || r.1 > us.len() {
        return None;
    }
    Some((us[r.0].t0, us[r.1 - 1].t1))
}

/// Original-text span and text of tokens `t0..t1`, lines joined.
pub(super) fn orig_text(doc: &Doc<'_>, t0: usize, t1: usize) -> (Span, String) {
    if t0 >= t1 {
        return (Span::default(), String::new());
    }
    let span = Span {
        start: doc.orig_start(t0),
        end: doc.orig_end(t1 - 1),
    };
    let norm = doc.span_text(t0, t1);
    (span, join_lines(norm))
}

/// A claim's span and text: the tokens without the punctuation around them (the final full
/// stop, a comma before "– деді"), so that the span covers exactly the claim's characters.
pub(super) fn claim_text(doc: &Doc<'_>, mut t0: usize, mut t1: usize) -> (Span, String) {
    let edge = |t: usize| {
        doc.toks[t].kind == TokKind::Punct
            && matches!(
                doc.tok_text(t).chars().next(),
                Some('.' | ',' | ';' | ':' | '–' | '-')
            )
    };
    while t0 < t1 && edge(t1 - 1) {
        t1 -= 1;
    }
    while t0 < t1 && edge(t0) {
        t0 += 1;
    }
    if t0 >= t1 {
        return (Span::default(), String::new());
    }
    let span = Span {
        start: doc.orig_start(t0),
        end: doc.orig_end(t1 - 1),
    };
    let norm = doc.span_text(t0, t1);
    (span, join_lines(norm))
}

/// Joins the lines of a multi-line claim: a line that ends without punctuation gets a full
/// stop, as the sentence it is.
pub fn join_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        if !out.is_empty() {
            if out.chars().next_back().is_some_and(char::is_alphanumeric) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    out
}

pub(super) fn trim_claim_text(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '–' | '-' | ':' | ';'));
    let t = t.trim_end_matches(['.', ' ']);
    t.trim().to_string()
}

/// Whether a locative mention is attributive ("Сенаттағы", "Қазақстандағы"): it qualifies the
/// noun after it rather than saying where.
pub(super) fn attributive(doc: &Doc<'_>, m: &crate::extract::Mention) -> bool {
    m.case == Case::Loc && ends_with_any(&doc.words[m.t1 - 1].lower, &doc.lex.endings.attributive)
}

/// Where a quote's words start: after its opening mark, or at it when that mark also opens a
/// quote inside ("«Бәйтерек» кешені ... тиімді», – деді": see `text::segment`).
pub(super) fn quote_text_start(doc: &Doc<'_>, qi: usize) -> usize {
    let q = doc.seg.quotes[qi];
    // Quotes are ordered by opening mark, then depth: the inner one is the next.
    let shared = doc
        .seg
        .quotes
        .get(qi + 1)
        .is_some_and(|o| o.open == q.open && o.depth > q.depth);
    if shared {
        q.open
    } else {
        q.open + 1
    }
}

/// Claim from a captured unit range: a lone quote gives its inner text; a clause is trimmed of
/// leading connectives, a leading addressee, and a leading "...-ып," clause.
pub(super) fn claim_from_units(
    doc: &Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    content: bool,
) -> Option<(Span, String, bool)> {
    let (mut a, mut b) = r;
    while a < b && matches!(us[a].kind, UKind::Punct(_)) {
        a += 1;
    }
    while b > a && matches!(us[b - 1].kind, UKind::Punct(_)) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    if b - a == 1 {
        if let UKind::Quote(qi) = us[a].kind {
            let q = doc.seg.quotes[qi];
            if q.close <= q.open + 1 {
                return None;
            }
            let (span, text) = claim_text(doc, quote_text_start(doc, qi), q.close);
            return Some((span, trim_claim_text(&text), true));
        }
    }
    // Leading connectives.
    let sub = &us[a..b];
    a += lead_of(doc, sub);
    // A leading addressee of a content clause: "әкімдеріне ... екенін ескертті" (in a clause
    // quoted with "деп" a dative belongs to what was said).
    if a < b && content {
        if let UKind::Mention(mi) = us[a].kind {
            if doc.mentions[mi].case == Case::Dat && !governed_by_act(doc, &us[a + 1..b]) {
                a += 1;
            }
        }
    }
    // "X брифингте | CLAIM", "X өз Facebook парақшасында | CLAIM": where it was said, a
    // locative of a place one speaks in opening the claim right after the speaker, is not
    // part of it (unless a participle follows, which it qualifies: "жиында қабылданған
    // шешімдер"; a claim before its speaker may say where something happened: "Кеше үкімет
    // отырысында ... бекітілді, деп хабарлады X").
    let after_speaker = r.0 > 0
        && matches!(us[r.0 - 1].kind, UKind::Mention(mi) if doc.mentions[mi].case == Case::Nom);
    let venue = |k: &usize| {
        us[*k].kind == UKind::Word && {
            let w = &doc.words[us[*k].t0];
            w.case == Case::Loc && starts_with_any(&w.stem_lower, &doc.lex.words.speech_venues)
        }
    };
    if let Some(k) = after_speaker
        .then(|| (a..b.min(a + 4)).find(venue))
        .flatten()
    {
        let plain = us[a..k]
            .iter()
            .all(|u| matches!(u.kind, UKind::Word | UKind::Mention(_)));
        let qualifies = us.get(k + 1).is_some_and(|n| {
            matches!(n.kind, UKind::Word | UKind::Verb(_))
                && doc.words[n.t0].has_form(doc.lex, "participle")
        });
        // Three units at least stay, a clause (a shorter one is kept whole).
        if plain && !qualifies && k + 4 <= b {
            a = k + 1;
        }
    }
    // A particle or an adverb after the clause ("... бағытталғанын да жеткізді", "... екенін
    // үнемі айтады") is not part of it.
    if content && b > a + 1 {
        b = trim_adverbs(doc, us, a + 1, b);
    }
    while content
        && b > a + 1
        && matches!(us[b - 1].kind, UKind::Word)
        && doc
            .lex
            .discourse
            .iter()
            .any(|d| d.len() == 1 && d[0] == doc.words[us[b - 1].t0].lower)
    {
        b -= 1;
    }
    if content {
        // "... қорытындысын шығарып, CLAIM": the speaker's own act before the claim ends at the
        // first comma, after a converb; so does a statement of its own ("... орындалмайтынын
        // айтып, CLAIM", which the converb rules read). A converb further in belongs to the
        // claim ("соғыс созыла берсе, ... зардап шегіп, ... екенін").
        if let Some(k) = (a + 1..b).find(|&k| matches!(us[k].kind, UKind::Punct(','))) {
            if matches!(us[k - 1].kind, UKind::Word | UKind::Verb(_))
                && doc.words[us[k - 1].t1 - 1].has_form(doc.lex, "converb")
                && !comma_in_list(doc, us, k)
            {
                a = k + 1;
            }
        }
    }
    if a >= b {
        return None;
    }
    let (t0, t1) = unit_range_tokens(us, (a, b))?;
    let (span, text) = claim_text(doc, t0, t1);
    Some((span, trim_claim_text(&text), false))
}

/// Whether the units `next`, right after a dative, open with the verbal noun in the dative that
/// governs it, or with a bare noun that makes a verb with one: "кәсіпкерлерге | қолдау
/// көрсетуге", "ұйымдарға | көмектесуге". The dative is then part of that act, not an addressee.
pub(super) fn governed_by_act(doc: &Doc<'_>, next: &[Unit]) -> bool {
    // "көмек көрсетуге", "қолдау көрсетуді жалғастыратынын": a verbal noun in the dative or
    // the accusative, its bare object before it.
    let vn_dat = |w: &Unit| {
        w.kind == UKind::Word
            && (doc.words[w.t0].has_form(doc.lex, "vn-dat")
                || doc.words[w.t0].has_form(doc.lex, "vn-acc"))
    };
    let bare = |w: &Unit| {
        w.kind == UKind::Word
            && doc.words[w.t0].case == Case::Nom
            && !doc.words[w.t0].possessive
            && !doc.words[w.t0].plural
    };
    // "жас спортшыларға көбірек көңіл бөлуге": up to two bare words before the verbal noun.
    next.first().is_some_and(vn_dat)
        || next.len() >= 2 && bare(&next[0]) && vn_dat(&next[1])
        || next.len() >= 3 && bare(&next[0]) && bare(&next[1]) && vn_dat(&next[2])
}

pub(super) fn words_in(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether a claim is long enough to be a clause: three words, or two when the first is a
/// genitive, the subject of the participle after it ("шабуылдаушылардың жойылғанын").
pub(super) fn is_clause_length(doc: &Doc<'_>, span: Span, text: &str) -> bool {
    match words_in(text) {
        0 | 1 => false,
        2 => {
            // The claim's first word: tokens are in text order, so a binary search finds it
            // (a scan from the article's start made an article of many claims quadratic).
            let mut t = doc
                .toks
                .partition_point(|k| doc.norm.to_original(k.c0) < span.start);
            while t < doc.toks.len() && doc.toks[t].kind != TokKind::Word {
                t += 1;
            }
            // "Мұнайдың қымбаттағанын", "үкіммен келіспейтінін": an argument in a case of
            // its own and its verb; not a bare word ("маңызды екенін": what is, not said).
            // Other cases than the genitive not right after a comma, where the two words
            // may be the end of a longer clause ("97 адамды алып түсіп, | отбасына
            // қайтарғандарын айтады").
            // After a converb of speech and a comma, the clause is the next statement's whole
            // ("келіспейтінін жеткізіп, | шешімге шағымданатынын мәлімдеді").
            let after_speech = t >= 2
                && doc.toks[t - 1].kind == TokKind::Punct
                && doc.toks[t - 2].kind == TokKind::Word
                && doc.words[t - 2].has_form(doc.lex, "converb")
                && doc.lex.verb_phrases.contains_key(&doc.words[t - 2].lower);
            t < doc.toks.len()
                && match doc.case_of(t) {
                    Case::Gen => true,
                    Case::Nom => false,
                    _ => t == 0 || doc.toks[t - 1].kind != TokKind::Punct || after_speech,
                }
        }
        _ => true,
    }
}

pub(super) fn is_adverb(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    matches!(us[k].kind, UKind::Word)
        && doc
            .lex
            .adverbs
            .iter()
            .any(|a| a.len() == 1 && a[0] == doc.words[us[k].t0].lower)
}

/// `b` moved back over punctuation and adverbs (one word or several: "бұған дейін де бірнеше
/// мәрте") at the end of `a..b`, the words between an object and its verb.
pub(super) fn trim_adverbs(doc: &Doc<'_>, us: &[Unit], a: usize, mut b: usize) -> usize {
    loop {
        if b > a && (matches!(us[b - 1].kind, UKind::Punct(_)) || is_adverb(doc, us, b - 1)) {
            b -= 1;
            continue;
        }
        let phrase = doc
            .lex
            .adverbs
            .iter()
            .map(Vec::len)
            .filter(|&n| n > 1 && n <= b - a)
            .find(|&n| {
                doc.lex.adverbs.iter().any(|p| {
                    p.len() == n
                        && (0..n).all(|i| {
                            let u = &us[b - n + i];
                            matches!(u.kind, UKind::Word) && doc.words[u.t0].lower == p[i]
                        })
                })
            });
        match phrase {
            Some(n) => b -= n,
            None => return b,
        }
    }
}

/// The longest name a title may have, in units.
const MAX_TITLE_UNITS: usize = 30;

/// A document named before its verb: the rightmost document noun of the range (a clause
/// boundary ends the search) with its name. `title`: the full name ("X туралы Жарлық",
/// "2025-2027 жылдарға арналған облыстық бюджет"); otherwise the head noun with at most one
/// modifier ("жаңа регламенті").
pub(super) fn doc_object(
    doc: &Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    title: bool,
) -> Option<String> {
    doc_object_and_rest(doc, us, r, title).map(|(label, _)| label)
}

/// The documents an act names, the last first: "X қағидаларын және Y туралы шешімді бекітті"
/// approved two, the rules and the decision, each with its own name.
pub(super) fn doc_objects(
    doc: &Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    title: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut r = r;
    // A bound on the documents of one list.
    while out.len() < 8 {
        let Some((label, rest)) = doc_object_and_rest(doc, us, r, title) else {
            break;
        };
        out.push(label);
        match rest {
            Some(end) if end > r.0 => r = (r.0, end),
            _ => break,
        }
    }
    out
}

/// The document an act names, and, when its name starts after a conjunction or a comma that
/// follows another document in the same case ("келісімге және | ... жол картасына"), the unit
/// where that conjunction stands: the documents before it are named by the units before.
fn doc_object_and_rest(
    doc: &Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    title: bool,
) -> Option<(String, Option<usize>)> {
    let (a, mut b) = r;
    b = trim_adverbs(doc, us, a, b);
    if b <= a {
        return None;
    }
    // "заң жобасын жұмысқа қабылдады": a dative right before the verb says what the document
    // was taken into (work, consideration), not that it was adopted.
    if us[b - 1].kind == UKind::Word
        && doc.case_of(us[b - 1].t0) == Case::Dat
        // "жол картасына қол қойды": a document of two words is one too.
        && doc_head(doc, us, a, b - 1).is_none()
    {
        return None;
    }
    // The head: the rightmost document noun not in the genitive, locative, ablative or
    // instrumental, before any verb or converb clause boundary.
    let mut found = None;
    for h in (a..b).rev() {
        match &us[h].kind {
            UKind::Verb(_) => break,
            UKind::Punct(',') if h > a && is_converb(doc, us, h - 1) => break,
            UKind::Word => {
                let t = us[h].t0;
                if matches!(
                    doc.case_of(t),
                    Case::Gen | Case::Loc | Case::Abl | Case::Ins
                ) {
                    continue;
                }
                // "Шешім заңға сәйкес қабылданды": a document before a postposition is what
                // the act follows, not what was adopted.
                let before_postposition = us.get(h + 1).is_some_and(|n| {
                    n.kind == UKind::Word
                        && is_one_of(&doc.words[n.t0].lower, &doc.lex.words.postpositions)
                });
                if before_postposition {
                    continue;
                }
                if let Some(two) = doc_head(doc, us, a, h) {
                    found = Some((h, two));
                    break;
                }
            }
            _ => {}
        }
    }
    let (h, two) = found?;
    let mut head_label = head_label(doc, us, h, two);
    let first_head_unit = if two { h - 1 } else { h };
    let mut start = first_head_unit;
    let mut rest = None;
    // A conjunction or comma at unit `k` after another document in the head's case.
    let head_case = doc.case_of(us[h].t0);
    let after_document = |k: usize| {
        k > a
            && (us[k].kind == UKind::Punct(',')
                || us[k].kind == UKind::Word
                    && is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.conjunctions))
            && us[k - 1].kind == UKind::Word
            && doc.case_of(us[k - 1].t0) == head_case
            && doc_head(doc, us, a, k - 1).is_some()
    };
    if title {
        // An issued document possessed by its owner ("Президенттің ... шешімі"), not one
        // whose name has a genitive of its own ("Үкіметтің өкілеттігін тоқтату жөніндегі
        // жарлыққа").
        let issued = !two
            && us[h].kind == UKind::Word
            && is_issued_document(doc, us[h].t0)
            && doc.words[us[h].t0].possessive_third;
        // Back over the name until a barrier: a verb, a converb, an instrumental, a date or
        // time word, punctuation other than quotes and a comma between names.
        while start > a && first_head_unit - start < MAX_TITLE_UNITS {
            let k = start - 1;
            if after_document(k) {
                rest = Some(k);
                break;
            }
            let ok = match &us[k].kind {
                // "Астанада ғимарат салу деген резолюция", "«Цифрлық Қазақстан» атты
                // бағдарлама": a word that joins a name to the head (words.tsv name-joiner).
                UKind::Verb(_) | UKind::Word
                    if k + 1 == first_head_unit
                        && is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.name_joiners) =>
                {
                    k > a
                }
                UKind::Word => {
                    let t = us[k].t0;
                    let w = &doc.words[t].lower;
                    // "су ресурстарын бірлесіп басқару туралы келісім": a converb right before
                    // a verbal noun says how that act is done, inside the name.
                    let converb_of_name = us
                        .get(k + 1)
                        .is_some_and(|n| n.kind == UKind::Word && is_verbal_noun(doc, n.t0));
                    doc.case_of(t) != Case::Ins
                        && (!doc.words[t].has_form(doc.lex, "converb") || converb_of_name)
                        && !is_time_word(doc, t)
                        && !doc.lex.pronouns.contains_key(w)
                        && !is_one_of(w, &doc.lex.words.between)
                        && !is_one_of(w, &doc.lex.words.demonstratives)
                        && !is_one_of(w, &doc.lex.words.not_in_titles)
                        && !on_whose_word(doc, us, a, k)
                        // "Сессия | заң жобасын мақұлдады", "бюросының отырысында | ...
                        // шешім": a session adopts, or is where; it is not part of the name,
                        // unless a participle makes it so ("IV отырысында көтерілген
                        // бастамаларды ... туралы жоспар").
                        && !(starts_with_any(w, &doc.lex.words.session_stems)
                            && !(t + 1 < doc.words.len()
                                && doc.words[t + 1].has_form(doc.lex, "participle")))
                }
                UKind::Mention(mi) => {
                    let m = &doc.mentions[*mi];
                    // A nominative actor is a party, not part of the name ("X мен Y ...
                    // меморандумға"); a place in any case may be ("Түркістан облысы ... жоспары").
                    let party = m.case == Case::Nom
                        && !m.embedded
                        && !matches!(m.etype, Some(EntityType::Place | EntityType::Country));
                    // "Сенатта | ... заң қабылданды": a body in the locative is where, unless
                    // attributive ("Сенаттағы").
                    let body_where = m.case == Case::Loc
                        && m.etype == Some(EntityType::Organization)
                        && !attributive(doc, m);
                    // "Ташкентте | су ресурстарын ... келісімге қол қойды": a city in the
                    // locative right after the actor is where it was signed; a country there is
                    // the act's scope, in the name ("Қазақстанда төтенше жағдай режимін ұзарту
                    // туралы Жарлық").
                    let place_where = k == a
                        && m.case == Case::Loc
                        && m.etype == Some(EntityType::Place)
                        && !attributive(doc, m);
                    // "Президенттің ... туралы шешімі": the issuer of a decision, decree or
                    // resolution is who adopted it, not part of its name.
                    let issuer = m.case == Case::Gen
                        && issued
                        && !owns_next(doc, us, k, h)
                        && matches!(m.etype, Some(EntityType::Person | EntityType::Organization));
                    m.case != Case::Ins
                        && !party
                        && !body_where
                        && !place_where
                        && !issuer
                        && !matches!(m.kind, MentionKind::Pronoun { .. })
                }
                UKind::Quote(_) => true,
                UKind::Punct(',') => {
                    k > a
                        && matches!(us[k - 1].kind, UKind::Mention(_) | UKind::Quote(_))
                        && matches!(us[k + 1].kind, UKind::Mention(_) | UKind::Quote(_))
                        || (k > a && capitalized(doc, us, k - 1) && capitalized(doc, us, k + 1))
                        // "мәдениет, білім беру, отбасы және ... мәселелері жөніндегі заңдар": a
                        // list of common nouns that a conjunction closes, inside the name.
                        || (k > a
                            && list_noun(doc, us, k - 1)
                            && list_noun(doc, us, k + 1)
                            && us[k + 1..first_head_unit].iter().any(|u| {
                                u.kind == UKind::Word
                                    && is_one_of(
                                        &doc.words[u.t0].lower,
                                        &doc.lex.words.conjunctions,
                                    )
                            }))
                }
                UKind::Punct('(' | ')') => true,
                _ => false,
            };
            if !ok {
                break;
            }
            start = k;
        }
        // A joiner with no name before it is none.
        if start + 1 == first_head_unit
            && is_one_of(&doc.words[us[start].t0].lower, &doc.lex.words.name_joiners)
        {
            start = first_head_unit;
        }
        // "1991 жылғы | ... туралы шешімі", "2024 жылғы 5 наурыздағы | қаулысы": the date of
        // an issued document is not part of its name.
        if issued {
            let owner_left_out = start > a
                && matches!(us[start - 1].kind, UKind::Mention(mi)
                    if doc.mentions[mi].case == Case::Gen);
            start = after_issue_date(doc, us, start, first_head_unit);
            if owner_left_out {
                if let Some(form) = issued_dictionary_form(doc, us[h].t0) {
                    head_label = form;
                }
            }
        }
        // Not from a comma, a closing bracket, the conjunction that joined a party to the
        // subject ("Сқақов пен ... ERG ..." leaves "пен" at the start) or a postposition.
        while start < first_head_unit
            && (matches!(us[start].kind, UKind::Punct(',' | ')'))
                || us[start].kind == UKind::Word
                    && (is_one_of(&doc.words[us[start].t0].lower, &doc.lex.words.conjunctions)
                        // "Бұған | дейін заңды": a postposition whose noun was left out.
                        || is_one_of(
                            &doc.words[us[start].t0].lower,
                            &doc.lex.words.not_title_starts,
                        )))
        {
            start += 1;
        }
    } else if start > a && us[start - 1].kind == UKind::Word {
        let t = us[start - 1].t0;
        let lw = &doc.words[t].lower;
        let case = doc.case_of(t);
        let plain = matches!(case, Case::Nom | Case::Acc)
            && !is_one_of(lw, &doc.lex.words.postpositions)
            && !doc.words[t].has_form(doc.lex, "converb")
            && !doc.words[t].has_form(doc.lex, "participle")
            && doc.toks[t].kind == TokKind::Word
            && !doc.words[t].possessive
            && !doc.words[t].document;
        if plain {
            start -= 1;
        }
    }
    if start == first_head_unit {
        // "Депутаттар заң жобасын мақұлдады" after "... туралы заң жобасы ...": the document
        // the article named before; "құжат" (the document) is the last one named, whatever it
        // was.
        if title {
            let key = head_label.lower();
            if let Some((_, t)) = doc
                .doc_titles
                .iter()
                .rev()
                .find(|(h, _)| same_head(doc, h, &key) || key == "құжат")
            {
                return Some((t.clone(), rest));
            }
        }
        return Some((head_label, rest));
    }
    let (t0, _) = unit_range_tokens(us, (start, first_head_unit))?;
    let before = doc.span_text(t0, us[first_head_unit - 1].t1);
    Some((format!("{} {head_label}", join_lines(before)), rest))
}

/// Whether the genitive at unit `k` owns the word right after it rather than the head at `h`
/// ("Үкіметтің | өкілеттігін": a noun with a third-person possessive ending).
pub(super) fn owns_next(doc: &Doc<'_>, us: &[Unit], k: usize, h: usize) -> bool {
    k + 1 < h && us[k + 1].kind == UKind::Word && doc.words[us[k + 1].t0].possessive_third
}

/// "Ерлан Сапаровтың ұсынысы бойынша | тиісті шешім": "бойынша" after a possessed noun whose
/// owner is in the genitive says on whose proposal or order the act was done; it ends a
/// document's name ("Газа секторы бойынша бейбітшілік жоспары" has no genitive).
fn on_whose_word(doc: &Doc<'_>, us: &[Unit], a: usize, k: usize) -> bool {
    if k < a + 2
        || us[k].kind != UKind::Word
        || !is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.on_whose)
    {
        return false;
    }
    let possessed = us[k - 1].kind == UKind::Word && doc.words[us[k - 1].t0].possessive_third;
    let owner = match us[k - 2].kind {
        UKind::Mention(mi) => doc.mentions[mi].case == Case::Gen,
        UKind::Word => doc.case_of(us[k - 2].t0) == Case::Gen,
        _ => false,
    };
    possessed && owner
}

/// The dictionary form of an issued document's head ("қаулысы" -> "қаулы", "жарлығы" ->
/// "жарлық"), its first letter's case kept: once its owner is left out of the name, the
/// possessive ending has no owner.
fn issued_dictionary_form(doc: &Doc<'_>, t: usize) -> Option<String> {
    let d = doc
        .morph
        .noun_bases(doc.tok_text(t))
        .into_iter()
        .find(|b| is_one_of(b, &doc.lex.words.issued_documents))?;
    let upper = doc
        .tok_text(t)
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    Some(if upper {
        crate::text::capitalize_first(&d)
    } else {
        d
    })
}

/// Whether token `t` is a document of `issued-document` (words.tsv) in any form ("қаулысы",
/// "жарлығы"), as the morphology gives its dictionary forms.
pub(super) fn is_issued_document(doc: &Doc<'_>, t: usize) -> bool {
    doc.words[t].document && issued_dictionary_form(doc, t).is_some()
}

/// Most words a document's date may take ("бір мың тоғыз жүз тоқсан бірінші жылғы").
const DATE_WORDS: usize = 8;

/// The first unit after a date that opens a document's name in `start..head`: words up to one
/// that begins with the noun "year" in its attributive form ("жылғы"), then a day and a month
/// ("5 наурыздағы"); `start` when the name opens otherwise.
fn after_issue_date(doc: &Doc<'_>, us: &[Unit], start: usize, head: usize) -> usize {
    let year = (start..head.min(start + DATE_WORDS)).find(|&k| {
        us[k].kind == UKind::Word && {
            let w = &doc.words[us[k].t0];
            starts_with_any(&w.lower, &doc.lex.words.year_stems)
                && (w.lower.ends_with("ғы") || w.lower.ends_with("гі"))
        }
    });
    let Some(y) = year else { return start };
    // Only numbers before it: digits ("1991", "1991-інші") or lowercase words.
    if !(start..y).all(|k| {
        us[k].kind == UKind::Word
            && doc
                .tok_text(us[k].t0)
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c.is_lowercase())
    }) {
        return start;
    }
    let mut k = y + 1;
    // "5 наурыздағы": the day and month.
    if k + 1 < head
        && us[k].kind == UKind::Word
        && doc.tok_text(us[k].t0).chars().all(|c| c.is_ascii_digit())
        && us[k + 1].kind == UKind::Word
        && is_time_word(doc, us[k + 1].t0)
    {
        k += 2;
    }
    if k < head {
        k
    } else {
        start
    }
}

/// A plain noun of a list inside a document's name: a word in the nominative, not a verb form,
/// a date or a time word.
fn list_noun(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    nominative_word(doc, us, k) && !doc.words[us[k].t0].has_form(doc.lex, "converb")
}

/// A word in the nominative at unit `k` that is not a participle, a date or a time word (it may
/// end like a converb: "картоп").
fn nominative_word(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    us.get(k).is_some_and(|u| {
        u.kind == UKind::Word && {
            let t = u.t0;
            doc.case_of(t) == Case::Nom
                && doc.toks[t].kind == TokKind::Word
                && !doc.words[t].has_form(doc.lex, "participle")
                && !is_time_word(doc, t)
        }
    })
}

/// Whether two document heads name the same kind of document, in the singular or the plural
/// ("шешімдер" and "шешім", "заң жобалары" and "заң жобасы"): the same words before the last,
/// and the same stem of the last by the suffix analyser.
fn same_head(doc: &Doc<'_>, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (Some((a_rest, a_last)), Some((b_rest, b_last))) = (split_last(a), split_last(b)) else {
        return false;
    };
    a_rest == b_rest && doc.morph.best(a_last).stem == doc.morph.best(b_last).stem
}

/// A phrase's words before the last, and its last word.
fn split_last(s: &str) -> Option<(&str, &str)> {
    let last = s.split_whitespace().next_back()?;
    Some((s[..s.len() - last.len()].trim_end(), last))
}

/// Whether unit `h` is a document noun; `Some(true)` when it is the second word of a
/// two-word document name ("заң жобасы") whose first word is unit `h - 1`.
/// Remembers the titled documents a sentence names (`Doc::doc_titles`): each document head with
/// a title before it ("Жер кодексіне өзгерістер енгізу туралы заң жобасы"), and a document
/// named by "деп аталады" ("Құжат «...» деп аталады").
pub(super) fn remember_titles(doc: &mut Doc<'_>, us: &[Unit]) {
    let mut found: Vec<(String, String)> = Vec::new();
    for h in 0..us.len() {
        if us[h].kind != UKind::Word {
            continue;
        }
        let Some(two) = doc_head(doc, us, 0, h) else {
            continue;
        };
        // "заң | жобасы": the head ends at its last word.
        if us.get(h + 1).is_some_and(|u| u.kind == UKind::Word)
            && doc_head(doc, us, 0, h + 1) == Some(true)
        {
            continue;
        }
        let head = head_label(doc, us, h, two).lower();
        // "Құжат «TITLE» деп аталады".
        let called = |k: usize, w: &str| {
            us.get(k)
                .is_some_and(|u| u.kind == UKind::Word && doc.words[u.t0].lower.starts_with(w))
        };
        if matches!(us.get(h + 1).map(|u| &u.kind), Some(UKind::Quote(_)))
            && called(h + 2, "деп")
            && called(h + 3, "атал")
        {
            let (t0, t1) = (us[h + 1].t0, us[h + 1].t1);
            found.push((head, doc.span_text(t0, t1).to_string()));
            continue;
        }
        if let Some(title) = doc_object(doc, us, (0, h + 1), true) {
            if title.lower() != head {
                found.push((head, title));
            }
        }
    }
    doc.doc_titles.extend(found);
}

/// A document head as a label: its word in the nominative, with the word before it when the
/// head is two words ("заң жобасы").
fn head_label(doc: &Doc<'_>, us: &[Unit], h: usize, two: bool) -> String {
    let hw = &doc.words[us[h].t0];
    if two {
        format!("{} {}", doc.tok_text(us[h - 1].t0), hw.nominative)
    } else {
        hw.nominative.clone()
    }
}

fn doc_head(doc: &Doc<'_>, us: &[Unit], a: usize, h: usize) -> Option<bool> {
    let hw = &doc.words[us[h].t0];
    if h > a && us[h - 1].kind == UKind::Word {
        let first = &doc.words[us[h - 1].t0].lower;
        let w = format!("{first} {}", hw.nominative.lower());
        let alt = format!("{first} {}", hw.stem_lower);
        if doc.lex.documents.contains(&w) || doc.lex.documents.contains(&alt) {
            return Some(true);
        }
    }
    hw.document.then_some(false)
}

/// Where the event verb's own clause starts in `a..b`: after the last converb and comma when
/// what comes before it names no one the verb could be aimed at ("айып пен сынды жоққа
/// шығарып, ... шақырды": what was denied is not who was called on; "жерге жиналып, наразылық
/// білдірді": a gathering is not the target), or when the clause opens with a pronoun that
/// takes up the converb's object ("Үкіметті сынап, оны ... шақырды"). Otherwise the converb is
/// part of the act called for ("тараптарды ұрысты доғарып, ... отыруға шақырды") and the whole
/// range stays.
fn clause_start(doc: &Doc<'_>, us: &[Unit], a: usize, b: usize) -> usize {
    let Some(k) = (a + 1..b).rev().find(|&k| {
        matches!(us[k].kind, UKind::Punct(','))
            && is_converb(doc, us, k - 1)
            && !comma_in_list(doc, us, k)
    }) else {
        return a;
    };
    let pronoun_opens = us.get(k + 1).is_some_and(|u| {
        matches!(u.kind, UKind::Mention(mi)
            if matches!(doc.mentions[mi].kind, MentionKind::Pronoun { .. })
                && matches!(doc.mentions[mi].case, Case::Acc | Case::Dat | Case::Gen))
    });
    // A dative inside a participle phrase ("палестиналықтарға жасаған шабуылын") belongs to
    // the participle, not to a verb of aiming.
    let participle_soon = |j: usize| {
        (j + 1..(j + 3).min(k)).any(|i| {
            matches!(us[i].kind, UKind::Word) && doc.words[us[i].t0].has_form(doc.lex, "participle")
        })
    };
    let aimed_before = (a..k).any(|j| {
        matches!(us[j].kind, UKind::Mention(mi)
        if !matches!(doc.mentions[mi].kind, MentionKind::Pronoun { .. })
            && match doc.mentions[mi].case {
                Case::Acc | Case::Abl => true,
                Case::Dat => !participle_soon(j),
                _ => false,
            })
    });
    if pronoun_opens || !aimed_before {
        k + 1
    } else {
        a
    }
}

/// Whether the comma at unit `k` stands inside a list of three or more nouns ("картоп, сәбіз,
/// пияз және қырыққабат"), whose first may end like a converb: no clause boundary.
fn comma_in_list(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    // The item before the comma may look like a converb ("картоп"); the one after may not.
    k >= 1
        && nominative_word(doc, us, k - 1)
        && list_noun(doc, us, k + 1)
        && (matches!(us.get(k + 2).map(|u| &u.kind), Some(UKind::Punct(',')))
            || k >= 2 && matches!(us[k - 2].kind, UKind::Punct(',')))
}

fn is_converb(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    matches!(us[k].kind, UKind::Word | UKind::Verb(_))
        && doc.words[us[k].t1 - 1].has_form(doc.lex, "converb")
}

/// A day, month or relative-day word: the time of the act, not part of a name.
/// A bare verbal noun in -у ("басқару", "пайдалану"): the name of an act.
fn is_verbal_noun(doc: &Doc<'_>, t: usize) -> bool {
    let w = &doc.words[t];
    doc.case_of(t) == Case::Nom
        && !w.possessive
        && w.lower.chars().count() >= 4
        && (w.lower.ends_with('у') || w.lower.ends_with('ю'))
}

pub(super) fn is_time_word(doc: &Doc<'_>, t: usize) -> bool {
    let w = &doc.words[t];
    doc.lex.months.contains_key(&w.nominative_lower)
        || doc.lex.months.contains_key(&w.stem_lower)
        || doc
            .lex
            .relative_days
            .iter()
            .any(|(words, _)| words.len() == 1 && words[0] == w.lower)
}

fn capitalized(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    us.get(k).is_some_and(|u| {
        matches!(u.kind, UKind::Word | UKind::Mention(_))
            && doc
                .tok_text(u.t0)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    })
}

/// The noun phrase that ends at unit `h`, walking left over its modifiers.
pub(super) fn np_left(doc: &Doc<'_>, us: &[Unit], a: usize, h: usize) -> usize {
    let mut start = h;
    // A participle takes an adverbial in an oblique case before it into its phrase, and so
    // does a possessed verbal noun right after it ("жалақының уақытында берілмеуі").
    let participle_soon = |k: usize| {
        (k + 1..(k + 3).min(h + 1)).any(|j| {
            matches!(us[j].kind, UKind::Word) && {
                let w = &doc.words[us[j].t0];
                w.has_form(doc.lex, "participle") || j == k + 1 && w.has_form(doc.lex, "vn-poss")
            }
        })
    };
    let attributive = |t: usize| {
        let l = &doc.words[t].lower;
        ends_with_any(l, &doc.lex.endings.attributive)
    };
    while start > a && h - start < 7 {
        let k = start - 1;
        if attributive(us[k].t1 - 1) {
            start = k;
            continue;
        }
        let ok = match &us[k].kind {
            UKind::Word => {
                let t = us[k].t0;
                let lw = &doc.words[t].lower;
                // "Ол сондай-ақ | мердігер компанияларды шақырды", "кеше | тұрғындарды": a
                // connective or a day word is the sentence's, not the phrase's.
                let sentence_word = doc
                    .lex
                    .discourse
                    .iter()
                    .any(|d| d.len() == 1 && d[0] == *lw)
                    || is_time_word(doc, t);
                if sentence_word
                    || doc.words[t].has_form(doc.lex, "converb")
                    || is_one_of(lw, &doc.lex.words.postpositions)
                {
                    false
                } else {
                    match doc.case_of(t) {
                        Case::Loc | Case::Abl | Case::Ins | Case::Dat => participle_soon(k),
                        _ => true,
                    }
                }
            }
            UKind::Mention(mi) => {
                let m = &doc.mentions[*mi];
                match m.case {
                    Case::Nom | Case::Gen => true,
                    _ => participle_soon(k),
                }
            }
            _ => false,
        };
        if !ok {
            break;
        }
        start = k;
    }
    start
}

/// Objects of criticism: named actors in the dative or accusative (one each); else the actor
/// of a content clause; else the genitive actor of the object phrase; else the phrase itself.
pub(super) fn target_objects(
    doc: &mut Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    si: usize,
    subject: Option<usize>,
) -> Vec<Object> {
    let (a, mut b) = r;
    let a = clause_start(doc, us, a, b);
    b = trim_adverbs(doc, us, a, b);
    // "жалақының кешігуі туралы наразылық танытты": what the discontent is about, without
    // the postposition.
    if b > a + 1
        && us[b - 1].kind == UKind::Word
        && is_one_of(&doc.words[us[b - 1].t0].lower, &doc.lex.words.postpositions)
    {
        b -= 1;
    }
    if b <= a {
        return Vec::new();
    }
    let before = doc.sent_mentions[si].clone();
    let mut named = Vec::new();
    let mut groups = Vec::new();
    // Persons and bodies in the dative or accusative: in the object, or before the subject.
    let ahead = subject.filter(|&s| s < a).map(|s| 0..s).unwrap_or(0..0);
    // "Үкіметке жолдаған сауалында ... сынады": a named actor in the dative inside a participle
    // phrase is the participle's, not the target.
    let in_participle = |k: usize| {
        us[k + 1..(k + 3).min(us.len())].iter().any(|w| {
            matches!(w.kind, UKind::Word | UKind::Verb(_))
                && doc.words[w.t0].has_form(doc.lex, "participle")
        })
    };
    for k in ahead.chain(a..b) {
        if let UKind::Mention(mi) = us[k].kind {
            let m = &doc.mentions[mi];
            // "министрлікті сынады" with no ministry named: the body as written.
            let open_body = m.case == Case::Acc
                && m.entity.is_none()
                && matches!(m.kind, MentionKind::Role { .. })
                && m.etype == Some(EntityType::Organization);
            if open_body {
                let label = doc.phrase_label(m.t0, m.t1);
                named.push(doc.entities.intern(&label, EntityType::Organization, None));
                continue;
            }
            if matches!(m.case, Case::Dat | Case::Acc) {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    match doc.entities.get(e).etype {
                        // A group stays a candidate ("шенеуніктерге берілген сыйлықтарды":
                        // the officials are what the criticism is about).
                        EntityType::Group => groups.push(e),
                        EntityType::Place => {}
                        _ if m.case == Case::Dat && in_participle(k) => {}
                        _ => named.push(e),
                    }
                }
            }
        }
    }
    if !named.is_empty() {
        return named.into_iter().map(Object::Entity).collect();
    }
    let h = b - 1;
    // A content clause ("... жабылғанын сынады") names its target only through an actor in it;
    // a possessed verbal noun ("тарифтердің өсуін сынады") is the thing criticized itself.
    let last_is_content = matches!(us[h].kind, UKind::Word) && {
        let w = &doc.words[us[h].t0];
        w.has_form(doc.lex, "content") && !w.has_form(doc.lex, "vn-poss-acc")
    };
    if last_is_content {
        for u in &us[a..h] {
            if let UKind::Mention(mi) = u.kind {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    return vec![Object::Entity(e)];
                }
            }
        }
        return Vec::new();
    }
    // "Израильдің палестиналықтарға қарсы жасаған қылмыстарын сынады": the genitive actor
    // whose act is criticized comes before a group inside the participle phrase.
    if let Some(UKind::Mention(mi)) = us.get(a).map(|u| u.kind.clone()) {
        if doc.mentions[mi].case == Case::Gen && !groups.is_empty() {
            if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                if doc.entities.get(e).etype.is_agent() {
                    return vec![Object::Entity(e)];
                }
            }
        }
    }
    if !groups.is_empty() {
        return groups.into_iter().map(Object::Entity).collect();
    }
    let mut start = np_left(doc, us, a, h);
    // A list of things criticized: "X-тың тарылуын, Y-тың бұзылуын және Z-ті сынады".
    while start >= a + 2
        && matches!(us[start - 1].kind, UKind::Punct(','))
        && us[start - 2].kind == UKind::Word
        && doc.case_of(us[start - 2].t0) == Case::Acc
    {
        start = np_left(doc, us, a, start - 2);
    }
    // The actor behind the thing criticized: a genitive anywhere in the object
    // ("АҚШ-тың ... 28 компанияға салған санкциясына наразылық білдірді"), or a nominative
    // that owns the possessed noun after it ("мердігерлер жұмысының сапасыздығын").
    for (k, u) in us[a..h].iter().enumerate() {
        if let UKind::Mention(mi) = u.kind {
            let m = &doc.mentions[mi];
            let owner = m.case == Case::Nom
                && us[a + k + 1..=h].first().is_some_and(|n| {
                    n.kind == UKind::Word
                            && doc.words[n.t0].possessive
                            && !is_one_of(&doc.words[n.t0].lower, &doc.lex.words.postpositions)
                            // "Үкімет жанындағы кеңес": a place beside it, not its own
                            && !doc.morph.best(doc.tok_text(n.t0)).attributive
                });
            if m.case == Case::Gen || owner {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    if doc.entities.get(e).etype != EntityType::Place {
                        return vec![Object::Entity(e)];
                    }
                }
            }
        }
    }
    let Some((t0, t1)) = unit_range_tokens(us, (start, h)) else {
        // Only the head.
        let ht = us[h].t0;
        if us[h].kind != UKind::Word {
            if let UKind::Mention(mi) = us[h].kind {
                if let Some((e, _)) = resolve(doc, si, mi, before.clone()) {
                    return vec![Object::Entity(e)];
                }
            }
            return Vec::new();
        }
        return vec![Object::Topic {
            label: doc.words[ht].nominative.clone(),
        }];
    };
    let head_t = us[h].t0;
    let head = match &us[h].kind {
        UKind::Word => doc.words[head_t].nominative.clone(),
        UKind::Mention(mi) => {
            let m = &doc.mentions[*mi];
            m.entity
                .map(|e| doc.entities.get(e).label.clone())
                .unwrap_or_default()
        }
        _ => return Vec::new(),
    };
    let label = format!("{} {head}", doc.span_text(t0, t1));
    vec![Object::Topic { label }]
}

/// Who a call or demand is addressed to (see `ObjectMode::Addressee`).
pub(super) fn addressee_objects(
    doc: &mut Doc<'_>,
    us: &[Unit],
    r: (usize, usize),
    si: usize,
    cases: &[Case],
    phrase: bool,
) -> Vec<Object> {
    let (a0, mut b) = r;
    let a = clause_start(doc, us, a0, b);
    b = trim_adverbs(doc, us, a, b);
    if b <= a {
        return Vec::new();
    }
    // "Жеңімпаздарды Президент Ақордаға шақырды", "... студияға шақырдық": asked to a place
    // or a gathering, with no act called for (no verbal noun in the dative), is an invitation,
    // not a call.
    let act_called_for = us[a..b]
        .iter()
        .any(|u| u.kind == UKind::Word && doc.words[u.t0].has_form(doc.lex, "vn-dat"));
    let to_a_place = us[a..b].iter().any(|u| match u.kind {
        UKind::Mention(mi) => {
            let m = &doc.mentions[mi];
            m.case == Case::Dat
                && matches!(
                    m.etype,
                    Some(EntityType::Place | EntityType::Country | EntityType::Organization)
                )
        }
        UKind::Word => {
            let w = &doc.words[u.t0];
            w.case == Case::Dat && is_one_of(&w.stem_lower, &doc.lex.words.venues)
        }
        _ => false,
    });
    if to_a_place && !act_called_for {
        return Vec::new();
    }
    let before = doc.sent_mentions[si].clone();
    let actor = |doc: &Doc<'_>, mi: usize| {
        resolve(doc, si, mi, before.clone())
            .map(|(e, _)| e)
            .filter(|&e| doc.entities.get(e).etype.is_agent())
    };
    let is_pronoun = |mi: usize| matches!(doc.mentions[mi].kind, MentionKind::Pronoun { .. });
    // The actors in the first of the cases that has one; names before pronouns (a pronoun in
    // the clause, "азаматтарды ..., оны таратпауға", more often stands for a thing).
    let in_cases = |doc: &Doc<'_>, pronoun: bool| -> Vec<usize> {
        for case in cases {
            let mut found: Vec<usize> = Vec::new();
            let mut last_found: Option<usize> = None;
            for (ku, u) in us[a..b].iter().enumerate() {
                if let UKind::Mention(mi) = u.kind {
                    // "деушілерге арналған қор": a dative inside a participle phrase.
                    let in_participle = *case == Case::Dat
                        && us[a..b]
                            .iter()
                            .position(|x| std::ptr::eq(x, u))
                            .is_some_and(|k| {
                                us[a + k + 1..b.min(a + k + 3)].iter().any(|w| {
                                    w.kind == UKind::Word
                                        && doc.words[w.t0].has_form(doc.lex, "participle")
                                })
                            });
                    // "билікке қолдау көрсетуге шақырды": a dative that the act called for
                    // governs is not the one called on.
                    let in_act = *case == Case::Dat
                        && us[a..b]
                            .iter()
                            .position(|x| std::ptr::eq(x, u))
                            .is_some_and(|k| governed_by_act(doc, &us[a + k + 1..b]));
                    // "Ресейге қарсы санкцияларды күшейтуге": a postposition governs the
                    // mention before it; it is part of what is called for.
                    let before_postposition = us.get(a + ku + 1).is_some_and(|n| {
                        n.kind == UKind::Word
                            && is_one_of(&doc.words[n.t0].lower, &doc.lex.words.postpositions)
                    });
                    if doc.mentions[mi].case == *case
                        && is_pronoun(mi) == pronoun
                        && !in_participle
                        && !in_act
                        && !before_postposition
                    {
                        // "кәсіпкерлерді жергілікті тұрғындарды жұмысқа алуға шақырды": a second
                        // one is called on only when coordinated with the first ("X-ті және
                        // Y-ті"); otherwise it belongs to the act called for.
                        let coordinated = last_found.is_none_or(|l| {
                            us[a + l + 1..a + ku].iter().all(|x| match x.kind {
                                UKind::Punct(',') => true,
                                UKind::Word => {
                                    is_one_of(&doc.words[x.t0].lower, &doc.lex.words.conjunctions)
                                }
                                _ => false,
                            })
                        });
                        if !coordinated {
                            break;
                        }
                        if let Some(e) = actor(doc, mi) {
                            if !found.contains(&e) {
                                found.push(e);
                            }
                            last_found = Some(ku);
                        }
                    }
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    };
    // "Үкіметті сынап, оны ... шақырды": a pronoun opening the call's own clause, after a
    // converb, is the one called on (it takes up the converb's object).
    if a > a0 {
        if let UKind::Mention(mi) = us[a].kind {
            // "Ахметовті сынап, оның орнынан кетуін талап етеді": a genitive pronoun, the
            // actor of the act demanded, takes up the converb's object too.
            let vn_after = us[a + 1..b]
                .iter()
                .take(4)
                .any(|w| w.kind == UKind::Word && doc.words[w.t0].has_form(doc.lex, "vn-poss-acc"));
            let gen_actor = doc.mentions[mi].case == Case::Gen && vn_after;
            if is_pronoun(mi) && (cases.contains(&doc.mentions[mi].case) || gen_actor) {
                let taken_up = us[a0..a].iter().rev().find_map(|u| match u.kind {
                    UKind::Mention(x)
                        if !is_pronoun(x)
                            && matches!(doc.mentions[x].case, Case::Acc | Case::Dat) =>
                    {
                        actor(doc, x)
                    }
                    _ => None,
                });
                if let Some(e) = taken_up.or_else(|| actor(doc, mi)) {
                    return vec![Object::Entity(e)];
                }
            }
        }
    }
    let named = in_cases(doc, false);
    if !named.is_empty() {
        return named.into_iter().map(Object::Entity).collect();
    }
    // "Үкіметтің отставкаға кетуін талап етті": the actor of the act demanded (the verbal
    // noun's possessive ending agrees with it; "X-тың отбасын ... айыруды" has none).
    for (k, u) in us[a..b].iter().enumerate() {
        let UKind::Mention(mi) = u.kind else { continue };
        if doc.mentions[mi].case != Case::Gen {
            continue;
        }
        let vn_after = us[a + k + 1..b]
            .iter()
            .take(4)
            .any(|w| w.kind == UKind::Word && doc.words[w.t0].has_form(doc.lex, "vn-poss-acc"));
        if vn_after {
            if let Some(e) = actor(doc, mi) {
                return vec![Object::Entity(e)];
            }
        }
    }
    // "әкімдіктен ... талап етті": a body no name is given for, in the ablative, is who the
    // demand is made of, as written.
    if phrase && cases.first() == Some(&Case::Abl) {
        let body = (a..b).find(|&k| {
            matches!(us[k].kind, UKind::Mention(mi)
                if doc.mentions[mi].entity.is_none()
                    && !is_pronoun(mi)
                    && doc.mentions[mi].case == Case::Abl
                    && matches!(doc.mentions[mi].etype, Some(EntityType::Organization | EntityType::Group)))
        });
        if let Some(h) = body {
            return vec![np_topic(doc, us, a, h)];
        }
        return in_cases(doc, true)
            .into_iter()
            .map(Object::Entity)
            .collect();
    }
    if phrase {
        // The first accusative word (or a mention that names no one) and the noun phrase it
        // ends.
        if let Some(h) = (a..b).find(|&k| {
            let t = us[k].t0;
            let unresolved =
                matches!(us[k].kind, UKind::Mention(mi) if doc.mentions[mi].entity.is_none() && !is_pronoun(mi));
            // "ықпалдастығын арттыруға шақырды": an accusative right before the act called
            // for is that act's object, not who is called on; so is one right before a
            // participle ("келісімді бұзған жағдайда"), the object of a clause inside the call.
            let object_of_act = us.get(k + 1).is_some_and(|n| {
                n.kind == UKind::Word && {
                    let w = &doc.words[n.t0];
                    w.has_form(doc.lex, "vn-dat") || w.has_form(doc.lex, "participle")
                }
            });
            (us[k].kind == UKind::Word || unresolved)
                && doc.case_of(us[k].t1 - 1) == Case::Acc
                && !doc.words[t].has_form(doc.lex, "vn-acc")
                // "күшіне енетін": a participle's ending is not an accusative.
                && !doc.words[t].has_form(doc.lex, "participle")
                && !object_of_act
        }) {
            return vec![np_topic(doc, us, a, h)];
        }
    }
    in_cases(doc, true)
        .into_iter()
        .map(Object::Entity)
        .collect()
}

/// The noun phrase that unit `h` ends (not reaching before `a`) as written, its last word in
/// the nominative: a target no entity stands for.
fn np_topic(doc: &Doc<'_>, us: &[Unit], a: usize, h: usize) -> Object {
    let start = np_left(doc, us, a, h);
    let last = us[h].t1 - 1;
    let first = us[start].t0;
    let head = doc.words[last].nominative.clone();
    let label = if first < last {
        format!("{} {head}", doc.span_text(first, last))
    } else {
        head
    };
    Object::Topic { label }
}
