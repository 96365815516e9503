//! From a match to relations: the subject (captured, resolved, or by the rule's fallback), the
//! objects, the requirements, and one relation per claim or object.

use super::load::{ClaimFrom, ObjectMode, Require, Rule, SubjectFallback, SubjectFrom};
use super::objects::{
    addressee_objects, claim_from_units, claim_text, doc_objects, is_clause_length, orig_text,
    target_objects, trim_claim_text, unit_range_tokens,
};
use super::pattern::{Cap, N_CAPS};
use super::resolve::{resolve, salient};
use super::units::{UKind, Unit};
use crate::extract::{Doc, EntityType, MentionKind, Mode, Object, RelKind, Relation, Span};
use crate::lexicon::{ends_with_any, is_one_of, starts_with_any};
use crate::text::morph::Case;
use crate::text::Lower;
use crate::text::TokKind;

/// The subject of a relation the same rule made in the sentence just before ("... өкімімен
/// X-ке сөгіс жарияланды. Y-ке де сөгіс жарияланды."), or of the same act told in the active
/// ("Депутаттар ... заңды қабылдады. Сол отырыста ... заңдар да қабылданды.").
fn same_act_before(doc: &Doc<'_>, si: usize, rule: &Rule, kind: RelKind) -> Option<usize> {
    subject_before(doc, si, |r| {
        r.rule == rule.id || r.kind.family() == kind.family()
    })
}

/// For a sentence that opens with a bare document noun ("Қаулы ... қабылданды"), the subject of
/// a relation about a document with that head in the sentence just before ("Тиісті қаулыға X
/// қол қойды"): who signed it adopted it.
fn same_document_before(doc: &Doc<'_>, si: usize, us: &[Unit]) -> Option<usize> {
    let stem = document_subject(doc, us)?;
    subject_before(doc, si, |r| match &r.object {
        Object::Document { label } => label
            .split_whitespace()
            .next_back()
            .is_some_and(|last| doc.morph.best(last).stem.lower() == stem),
        _ => false,
    })
}

/// The subject of the first relation of the sentence before `si` (skipping page furniture)
/// that `pick` accepts.
fn subject_before(doc: &Doc<'_>, si: usize, pick: impl Fn(&Relation) -> bool) -> Option<usize> {
    let j = (0..si).rev().find(|&j| !doc.boiler[j])?;
    doc.relations
        .iter()
        .rev()
        .skip_while(|r| r.sentence > j)
        .take_while(|r| r.sentence == j)
        .find(|r| pick(r))
        .map(|r| r.subject)
}

/// The document noun that opens the sentence in the nominative, as its subject ("Қарар ...
/// талап етеді", "Құжатта ... айыпталады"), by its stem.
fn document_subject(doc: &Doc<'_>, us: &[Unit]) -> Option<String> {
    let first = us.iter().find(|u| !matches!(u.kind, UKind::Punct(_)))?;
    if first.kind != UKind::Word {
        return None;
    }
    let w = &doc.words[first.t0];
    (w.document && doc.case_of(first.t0) == Case::Nom).then(|| w.stem_lower.clone())
}

/// The head noun of a document named in the locative among the units ("Қарарда",
/// "Мәлімдемеде"): the words are the document's.
fn document_in_locative(doc: &Doc<'_>, us: &[Unit]) -> Option<String> {
    us.iter().find_map(|u| {
        let w = &doc.words[u.t0];
        (u.kind == UKind::Word && w.document && doc.case_of(u.t0) == Case::Loc)
            .then(|| w.stem_lower.clone())
    })
}

/// The body that adopted, approved or signed a document with this head noun in another sentence
/// of the article (the nearest before, else after): the subject of that sentence. A generic
/// "құжат" (document) matches any document noun.
fn issuer(doc: &Doc<'_>, si: usize, stem: &str) -> Option<usize> {
    let generic = |s: &str| doc.lex.documents.contains(s) && s == "құжат";
    let n = doc.seg.sentences.len();
    let order = (0..si).rev().chain(si + 1..n);
    for j in order {
        if doc.boiler[j] {
            continue;
        }
        let s = doc.seg.sentences[j];
        let names_it = (s.t0..s.t1).any(|t| {
            let w = &doc.words[t];
            w.document && (w.stem_lower == stem || generic(&w.stem_lower) || generic(stem))
        });
        let adopts = (s.t0..s.t1).any(|t| {
            doc.lex
                .verb_phrases
                .get(&doc.words[t].lower)
                .is_some_and(|vs| {
                    vs.iter().any(|&v| {
                        matches!(
                            doc.lex.verbs[v].relation.as_str(),
                            "adopted" | "approved" | "signed"
                        )
                    })
                })
        });
        // "Министрлік ... мәлімдеме жасады": a statement, a letter or an appeal is its
        // subject's, whatever the verb (words.tsv made-document).
        let made = is_one_of(stem, &doc.lex.words.made_documents);
        if names_it && (adopts || made) {
            if let Some(e) = doc.sent_subject[j] {
                if doc.entities.get(e).etype.is_agent() {
                    return Some(e);
                }
            }
        }
    }
    None
}

/// The actor of a speech relation of the sentence before (skipping page furniture).
fn prev_speaker(doc: &Doc<'_>, si: usize) -> Option<usize> {
    subject_before(doc, si, |r| r.kind.family() == "speech")
}

/// The agent of a passive that the sentence names: a body or person in the genitive before a
/// document or act in the instrumental ("Үкіметтің қаулысымен", "облыс әкімінің өкімімен"),
/// or the first of the parties before "арасында" ("әкімдік пен ЖШС арасында").
fn stated_agent(doc: &Doc<'_>, us: &[Unit]) -> Option<usize> {
    for (k, u) in us.iter().enumerate() {
        let UKind::Mention(mi) = u.kind else { continue };
        let m = &doc.mentions[mi];
        let Some(e) = m.entity else { continue };
        if !doc.entities.get(e).etype.is_agent() {
            continue;
        }
        let next = us.get(k + 1).filter(|n| matches!(n.kind, UKind::Word));
        let by_document = m.case == Case::Gen
            && next.is_some_and(|n| {
                let w = &doc.words[n.t0];
                doc.case_of(n.t0) == Case::Ins && w.document
            });
        if by_document {
            return Some(e);
        }
        // "Президенттің ... туралы шешімі қабылданды": the issuer of the document adopted.
        if m.case == Case::Gen && issues_document(doc, us, k) {
            return Some(e);
        }
        // "X мен Y арасында": the first party.
        let parties = (k + 1..us.len().min(k + 6)).any(|j| {
            matches!(us[j].kind, UKind::Word)
                && is_one_of(&doc.words[us[j].t0].lower, &doc.lex.words.between)
        });
        if parties
            && us.get(k + 1).is_some_and(|n| {
                n.kind == UKind::Word
                    && is_one_of(&doc.words[n.t0].lower, &doc.lex.words.conjunctions)
            })
        {
            return Some(e);
        }
    }
    None
}

/// Most units between a genitive owner and the document it issued.
const ISSUER_REACH: usize = 16;

/// Whether the genitive at unit `k` owns a document of `issued-document` (words.tsv) in the
/// nominative after it, with no verb, other actor in the nominative or genitive, or comma
/// between: "Үкіметтің | 2024 жылғы ... туралы | қаулысы".
fn issues_document(doc: &Doc<'_>, us: &[Unit], k: usize) -> bool {
    for (h, u) in us.iter().enumerate().skip(k + 1).take(ISSUER_REACH) {
        match u.kind {
            UKind::Verb(_) | UKind::Punct(_) | UKind::Quote(_) => return false,
            UKind::Mention(mi) => {
                if matches!(doc.mentions[mi].case, Case::Nom | Case::Gen) {
                    return false;
                }
            }
            UKind::Word => {
                let w = &doc.words[u.t0];
                if w.document && w.possessive_third && doc.case_of(u.t0) == Case::Nom {
                    return super::objects::is_issued_document(doc, u.t0)
                        && !super::objects::owns_next(doc, us, k, h);
                }
                if w.has_form(doc.lex, "converb") {
                    return false;
                }
            }
        }
    }
    false
}

pub(super) fn session_body(doc: &Doc<'_>, si: usize) -> Option<usize> {
    // Only when the article reports one body's session: with two ("Мәжіліс отырысында ...
    // Үкімет отырысында"), which one did an act with no agent is not said.
    let from = doc
        .sent_mentions
        .get(si.saturating_sub(SESSION_REACH))
        .map_or(0, |r| r.start);
    let mut bodies = session_bodies(doc, si, from);
    let latest = bodies.next()?;
    bodies.all(|e| e == latest).then_some(latest)
}

/// How many sentences back [`session_body`] reads: an article's length, and a bound on the
/// work each act with no agent costs in a long text.
const SESSION_REACH: usize = 60;

/// [`session_body`] named in sentence `si` itself ("Үкімет отырысында ... қабылданды").
fn session_body_here(doc: &Doc<'_>, si: usize) -> Option<usize> {
    let from = doc.sent_mentions.get(si)?.start;
    session_bodies(doc, si, from).next()
}

/// A body named in the locative in sentence `si` ("Бүгін Сенатта ... заң қабылданды"): the body
/// in which a passive act was done did it. The last one, if several.
fn body_in_locative_here(doc: &Doc<'_>, si: usize) -> Option<usize> {
    let r = doc.sent_mentions.get(si)?.clone();
    doc.mentions[r].iter().rev().find_map(|m| {
        let e = m.entity?;
        (m.case == Case::Loc
            && !super::objects::attributive(doc, m)
            && matches!(m.kind, MentionKind::Named)
            && doc.entities.get(e).etype == EntityType::Organization)
            .then_some(e)
    })
}

/// The bodies whose session is named among the mentions from index `from` to the end of
/// sentence `si`, the latest first.
fn session_bodies<'d>(
    doc: &'d Doc<'_>,
    si: usize,
    from: usize,
) -> impl Iterator<Item = usize> + 'd {
    let upto = doc
        .sent_mentions
        .get(si)
        .map(|r| r.end)
        .unwrap_or(doc.mentions.len());
    doc.mentions[from.min(upto)..upto]
        .iter()
        .rev()
        .filter_map(move |m| {
            let e = m.entity?;
            if doc.entities.get(e).etype != EntityType::Organization {
                return None;
            }
            // "мәслихатының кезектен тыс сессиясы", "мәслихатының жетінші шақырылымдағы кезекті он
            // алтыншы сессиясында": a session word within seven words, with no punctuation between.
            // The session is the body's: the session word is possessed ("мәслихатының
            // сессиясында") or what the body held ("комитеті отырыс өткізіп"); a body before a
            // meeting in the locative reports it ("Облыс әкімдігінің баспасөз қызметі |
            // жиында ... тыңдалғанын хабарлады").
            let is_session = |t: usize| {
                starts_with_any(&doc.words[t].lower, &doc.lex.words.session_stems)
                    && (doc.words[t].possessive_third || doc.case_of(t) != Case::Loc)
            };
            (m.t1..(m.t1 + 7).min(doc.toks.len()))
                .take_while(|&t| doc.toks[t].kind != TokKind::Punct)
                .any(is_session)
                .then_some(e)
        })
}

pub(super) fn emit(
    doc: &mut Doc<'_>,
    si: usize,
    us: &[Unit],
    rule: &Rule,
    caps: [Option<(usize, usize)>; N_CAPS],
    verb: Option<usize>,
) {
    let lex = doc.lex;
    let vf = verb.map(|v| &lex.verbs[v]);
    let Some(mut kind) = rule
        .relation
        .or_else(|| vf.and_then(|v| RelKind::parse(&v.relation)))
    else {
        return;
    };
    let mode = rule
        .mode
        .or_else(|| vf.and_then(|v| Mode::parse(&v.mode)))
        .filter(|_| kind.has_claim());
    let mut confidence = rule.confidence;
    let sentence_mentions = doc.sent_mentions[si].clone();
    // Mentions of this sentence that end before token `t`.
    let mentions_before = |doc: &Doc<'_>, t: usize| {
        let r = sentence_mentions.clone();
        let n = doc.mentions[r.clone()]
            .iter()
            .take_while(|m| m.t1 <= t)
            .count();
        r.start..r.start + n
    };

    // "X сөз сөйлемей тұрып-ақ Y ... айыптады": X is the subject of the converb clause, Y of
    // the verb.
    let mut caps = caps;
    if !kind.has_claim() {
        if let (Some(s), Some(o), Some(v)) = (
            caps[Cap::Subj.index()],
            caps[Cap::Obj.index()],
            caps[Cap::Verb.index()],
        ) {
            if s.1 == s.0 + 1 && o.0 == s.1 {
                if let Some(m) = main_clause_subject(doc, us, s.0, v.0) {
                    caps[Cap::Subj.index()] = Some((m, m + 1));
                    caps[Cap::Obj.index()] = Some((m + 1, o.1.max(m + 1)));
                }
            }
        }
    }

    // "Қазақстан мен Қырғызстан ... келісімге қол қойды": actors coordinated with the subject
    // are parties of the same act, not part of its object (not "X пен Y арасындағы ...", where
    // they are the parties of what follows). One act, one row: the first party's, as the
    // corpus annotates it (the others are alternatives of its subject).
    if !kind.has_claim() {
        if let (Some(s), Some(o)) = (caps[Cap::Subj.index()], caps[Cap::Obj.index()]) {
            if s.1 == s.0 + 1 && o.0 == s.1 {
                if let Some(next) = after_coordinated_subjects(doc, us, s.0, o.1) {
                    caps[Cap::Obj.index()] = Some((next, o.1.max(next)));
                }
            }
        }
    }

    // "Британия, Канада және Германия сыртқы істер министрліктері ... айыптады": one plural
    // head over coordinated names is each name's own body, and each gets the row.
    let mut each_subject: Vec<String> = Vec::new();
    if !kind.has_claim() {
        if let Some(s) = caps[Cap::Subj.index()].filter(|s| s.1 == s.0 + 1) {
            if let Some((labels, head)) = distributed_heads(doc, us, s.0) {
                caps[Cap::Subj.index()] = Some((head, head + 1));
                if let Some(o) = caps[Cap::Obj.index()] {
                    caps[Cap::Obj.index()] = Some((o.0.max(head + 1), o.1.max(head + 1)));
                }
                each_subject = labels;
            }
        }
    }

    // Subject.
    let mut subject = None;
    if let Some(r) = caps[Cap::Subj.index()] {
        if rule.subject_from == Some(SubjectFrom::Outlet) {
            subject = outlet_subject(doc, us, r);
        } else if rule.subject_from == Some(SubjectFrom::Phrase) {
            subject = phrase_subject(doc, us, r);
        } else if r.1 == r.0 + 1 {
            if let UKind::Mention(mi) = us[r.0].kind {
                let before = mentions_before(doc, us[r.0].t0);
                if let Some((e, f)) = resolve(doc, si, mi, before) {
                    subject = Some(e);
                    confidence *= f;
                }
            }
        }
        if subject.is_none() && rule.subject_from.is_none() {
            // A captured mention that could not be resolved: no relation.
            return;
        }
    }
    if subject.is_none() {
        subject = match rule.subject_fallback {
            Some(SubjectFallback::Prev) => {
                confidence *= 0.85;
                // "Қарар Ресейден ... талап етеді": a document that speaks or calls is its
                // issuer's voice; with no issuer in the article, nobody.
                match document_subject(doc, us) {
                    Some(stem) => {
                        confidence *= 0.9;
                        issuer(doc, si, &stem)
                    }
                    // "Сенат отырысында ... заңды қабылдады": with no subject, a body whose
                    // session this sentence names adopted; no one from an earlier sentence.
                    None if matches!(kind, RelKind::Adopted | RelKind::Approved) => {
                        session_body_here(doc, si).or_else(|| salient(doc, si, false))
                    }
                    None => salient(doc, si, false),
                }
            }
            Some(SubjectFallback::Session) => {
                confidence *= 0.8;
                session_body(doc, si).or_else(|| salient(doc, si, false))
            }
            Some(SubjectFallback::PrevSpeaker) => {
                confidence *= 0.85;
                prev_speaker(doc, si)
            }
            Some(SubjectFallback::Document) => {
                confidence *= 0.8;
                document_in_locative(doc, us).and_then(|stem| issuer(doc, si, &stem))
            }
            Some(SubjectFallback::Agent) => {
                confidence *= 0.75;
                stated_agent(doc, us)
                    .or_else(|| session_body_here(doc, si))
                    .or_else(|| body_in_locative_here(doc, si))
                    .or_else(|| same_act_before(doc, si, rule, kind))
                    .or_else(|| same_document_before(doc, si, us))
                    .or_else(|| session_body(doc, si))
            }
            _ => None,
        };
    }
    let Some(subject) = subject else { return };
    if !doc.entities.get(subject).etype.is_agent() {
        return;
    }
    if kind != RelKind::Reported
        && doc.entities.get(subject).etype == EntityType::Outlet
        && kind.has_claim()
    {
        // "X газетінің жазуынша, ...", "X агенттігінің мәліметінше, ...": what an outlet's
        // account says, it reports; other speech of an outlet is no one's.
        if vf.is_some_and(|v| v.class == "according") {
            kind = RelKind::Reported;
        } else {
            return;
        }
    }

    // Objects.
    let mut objects: Vec<Object> = Vec::new();
    match &rule.object {
        ObjectMode::Claim => {
            let claim = match rule.claim_from {
                ClaimFrom::PrevSentence => prev_sentence_claim(doc, si, subject, rule),
                ClaimFrom::NextSentence => next_sentence_quote(doc, si),
                ClaimFrom::Capture => {
                    let Some(r) = caps[Cap::Claim.index()] else {
                        return;
                    };
                    claim_from_units(doc, us, r, rule.requires(Require::ClaimEndsContent))
                }
            };
            let Some((span, text, is_quote)) = claim else {
                return;
            };
            if text.is_empty() {
                return;
            }
            // "... Индира Рыстина осылай дейді": a claim that ends in "so" points to words said
            // elsewhere; what it holds is the speaker's own description, not a claim.
            if !is_quote
                && text
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| is_one_of(&w.lower(), &lex.words.so_adverbs))
            {
                return;
            }
            for req in &rule.require {
                let ok = match req {
                    Require::ClaimEndsContent => ends_with_form(lex, &text, "content"),
                    Require::ClaimEndsContentSubj => ends_with_form(lex, &text, "content-subj"),
                    Require::ClaimMin3Words => is_clause_length(doc, span, &text),
                    Require::ClaimNoQuote => {
                        !is_quote && !text.contains('«') && !text.starts_with('"')
                    }
                    Require::ClaimIsQuote => is_quote,
                    Require::PrevHasNoRelationOfSubject => true,
                };
                if !ok {
                    return;
                }
            }
            objects.push(Object::Claim { text, span });
        }
        ObjectMode::Entity => {
            let Some(r) = caps[Cap::Obj.index()] else {
                return;
            };
            if let UKind::Mention(mi) = us[r.0].kind {
                let before = mentions_before(doc, us[r.0].t0);
                if let Some((e, f)) = resolve(doc, si, mi, before) {
                    confidence *= f;
                    objects.push(Object::Entity(e));
                }
                // "X пен Y", "X, Y және Z": each actor of a coordination, one row each.
                let mut k = r.0 + 1;
                while k + 1 < us.len() {
                    let joins = match us[k].kind {
                        UKind::Punct(',') => true,
                        UKind::Word => {
                            is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.conjunctions)
                        }
                        _ => false,
                    };
                    let UKind::Mention(next) = us[k + 1].kind else {
                        break;
                    };
                    if !joins || doc.mentions[next].case != doc.mentions[mi].case {
                        break;
                    }
                    let before = mentions_before(doc, us[k + 1].t0);
                    if let Some((e, _)) = resolve(doc, si, next, before) {
                        if !objects
                            .iter()
                            .any(|o| matches!(o, Object::Entity(x) if *x == e))
                        {
                            objects.push(Object::Entity(e));
                        }
                    }
                    k += 2;
                }
            }
        }
        ObjectMode::DocHead | ObjectMode::DocTitle => {
            let Some(r) = caps[Cap::Obj.index()] else {
                return;
            };
            for label in doc_objects(doc, us, r, rule.object == ObjectMode::DocTitle) {
                objects.push(Object::Document { label });
            }
        }
        ObjectMode::Target => {
            let Some(r) = caps[Cap::Obj.index()] else {
                return;
            };
            // A target named before the subject counts too ("Министр X-ті Президент сынап").
            let subj_unit = caps[Cap::Subj.index()].map(|s| s.0);
            objects = target_objects(doc, us, r, si, subj_unit);
        }
        ObjectMode::Addressee => {
            let Some(r) = caps[Cap::Obj.index()] else {
                return;
            };
            objects = addressee_objects(doc, us, r, si, &rule.addressee, rule.addressee_phrase);
        }
        ObjectMode::Default(label) => {
            let e = doc.entities.intern(label, EntityType::Group, None);
            objects.push(Object::Entity(e));
        }
    }

    // "тұрғындарға ескерту жасады": a warning to the general public is about a danger, not a
    // reprimand (words.tsv public).
    if vf.is_some_and(|v| v.class == "warn") {
        objects.retain(|o| match o {
            Object::Entity(e) => {
                let ent = doc.entities.get(*e);
                !(ent.etype == EntityType::Group
                    && ent.label.split_whitespace().last().is_some_and(|w| {
                        let stem = doc.morph.best(w).stem.lower();
                        is_one_of(&stem, &lex.words.public)
                    }))
            }
            _ => true,
        });
        if objects.is_empty() {
            return;
        }
    }

    let subjects: Vec<usize> = if each_subject.is_empty() {
        vec![subject]
    } else {
        let etype = doc.entities.get(subject).etype;
        each_subject
            .iter()
            .map(|l| doc.entities.intern(l, etype, None))
            .collect()
    };
    for subject in subjects {
        push_relations(doc, rule, (kind, mode), si, subject, &objects, confidence);
    }
}

/// The rows of one subject, one per object, skipping what the sentence already has.
fn push_relations(
    doc: &mut Doc<'_>,
    rule: &Rule,
    (kind, mode): (RelKind, Option<Mode>),
    si: usize,
    subject: usize,
    objects: &[Object],
    confidence: f32,
) {
    let s = doc.seg.sentences[si];
    let (evidence, _) = orig_text(doc, s.t0, s.t1);
    // The evidence as it stands in the article, line breaks and all.
    let evidence_text = doc.original(evidence).to_string();
    let line = doc.line_of(s.t0);
    for object in objects {
        if let Object::Entity(o) = object {
            if *o == subject {
                continue;
            }
        }
        // One relation per claim and family; one per (relation, subject, object) for events.
        // Relations are appended sentence by sentence: this sentence's are the tail.
        let dup = doc
            .relations
            .iter()
            .rev()
            .take_while(|r| r.sentence == si)
            .any(|r| {
                r.kind.family() == kind.family()
                    && match (&r.object, object) {
                        (Object::Claim { span: a, .. }, Object::Claim { span: b, .. }) => {
                            a.start < b.end && b.start < a.end
                        }
                        (x, y) => r.subject == subject && x == y,
                    }
            });
        // A document adopted or signed once: a later sentence that restates the act ("Шешім
        // ... сәйкес қабылданды" after "... шешімдер қабылданды") adds no relation.
        let restated = matches!(object, Object::Document { .. })
            && doc.relations.iter().any(|r| {
                r.kind.family() == kind.family() && r.subject == subject && r.object == *object
            });
        if dup || restated {
            continue;
        }
        doc.relations.push(Relation {
            kind,
            subject,
            object: object.clone(),
            mode,
            date: None,
            place: None,
            sentence: si,
            line,
            evidence,
            evidence_text: evidence_text.clone(),
            rule: rule.id.clone(),
            confidence: (confidence * 100.0).round() / 100.0,
        });
    }
}

/// "Бұл туралы X жазды": the claim is the sentence before, unless that sentence already holds
/// a relation of the same subject (then this one only says where it was written).
pub(super) fn prev_sentence_claim(
    doc: &Doc<'_>,
    si: usize,
    subject: usize,
    rule: &Rule,
) -> Option<(Span, String, bool)> {
    let mut j = (0..si).rev().find(|&j| !doc.boiler[j])?;
    // "Үкімет жоспарды бекітті. Құжат 40 тармақтан тұрады. Бұл туралы X хабарлады": a sentence
    // that opens with a bare document noun or a demonstrative says more of the one before it,
    // which is what "Бұл туралы" reports.
    if let Some(k) = (0..j).rev().find(|&k| !doc.boiler[k]) {
        if says_more_of_the_one_before(doc, j) {
            j = k;
        }
    }
    if rule.requires(Require::PrevHasNoRelationOfSubject)
        && doc
            .relations
            .iter()
            .any(|r| r.sentence == j && r.subject == subject)
    {
        return None;
    }
    let s = doc.seg.sentences[j];
    let (span, text) = claim_text(doc, s.t0, s.t1);
    Some((span, trim_claim_text(&text), false))
}

/// Whether sentence `j` opens with a document noun in the nominative with no ending ("Құжат
/// ...") or a demonstrative ("Бұл құжат ..."): it goes on about what the sentence before said.
fn says_more_of_the_one_before(doc: &Doc<'_>, j: usize) -> bool {
    let s = doc.seg.sentences[j];
    let Some(t) = (s.t0..s.t1).find(|&t| doc.toks[t].kind != TokKind::Punct) else {
        return false;
    };
    let w = &doc.words[t];
    w.document && w.case == Case::Nom && !w.possessive && !w.plural
        || is_one_of(&w.lower, &doc.lex.words.demonstratives)
}

/// "X былай деді:" then «...»: the quote that opens the next sentence, when that sentence is
/// nothing but the quote (an attributed quote there has its own speaker).
fn next_sentence_quote(doc: &Doc<'_>, si: usize) -> Option<(Span, String, bool)> {
    let j = (si + 1..doc.seg.sentences.len()).find(|&j| !doc.boiler[j])?;
    let s = doc.seg.sentences[j];
    let qi = doc.in_quote[s.t0]?;
    let q = doc.seg.quotes[qi as usize];
    let rest_is_punct = (q.close + 1..s.t1).all(|t| doc.toks[t].kind == TokKind::Punct);
    if q.open != s.t0 || !rest_is_punct || q.close <= q.open + 1 {
        return None;
    }
    let (span, text) = claim_text(
        doc,
        super::objects::quote_text_start(doc, qi as usize),
        q.close,
    );
    Some((span, trim_claim_text(&text), true))
}

/// The unit after the nominative actors coordinated with the subject at unit `s` by a
/// conjunction or a comma ("Қазақстан | мен Қырғызстан", "Франция, | Германия және Италия");
/// none when there are none, when the list ends in "арасында(ғы)" (the parties of something)
/// or when it runs into `end`.
fn after_coordinated_subjects(doc: &Doc<'_>, us: &[Unit], s: usize, end: usize) -> Option<usize> {
    let actor_at = |k: usize| -> bool {
        let Some(UKind::Mention(mi)) = us.get(k).map(|u| &u.kind) else {
            return false;
        };
        let m = &doc.mentions[*mi];
        m.case == Case::Nom
            && !m.embedded
            && !matches!(m.kind, MentionKind::Pronoun { .. })
            && matches!(
                m.etype,
                Some(EntityType::Person | EntityType::Organization | EntityType::Country)
            )
    };
    let joiner = |k: usize| match us.get(k).map(|u| &u.kind) {
        Some(UKind::Punct(',')) => true,
        Some(UKind::Word) => is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.conjunctions),
        _ => false,
    };
    let mut k = s + 1;
    while k + 1 < end && joiner(k) && actor_at(k + 1) {
        k += 2;
    }
    let between = us.get(k).is_some_and(|u| {
        u.kind == UKind::Word && starts_with_any(&doc.words[u.t0].lower, &doc.lex.words.between)
    });
    (k > s + 1 && !between && k < end).then_some(k)
}

/// Coordinated names of places from unit `m` (or the chain `m` is in) and, right after them, a
/// body whose name opens with another such name and ends in a plural organization noun
/// ("Британия, Канада және | Германия сыртқы істер министрліктері"): each name's own body, as
/// labels with the head in the singular ("Британия сыртқы істер министрлігі", ...), and the
/// unit of the last one.
fn distributed_heads(doc: &Doc<'_>, us: &[Unit], m: usize) -> Option<(Vec<String>, usize)> {
    let name_at = |k: usize| -> Option<String> {
        let UKind::Mention(mi) = us.get(k)?.kind else {
            return None;
        };
        let mention = &doc.mentions[mi];
        if !matches!(mention.etype, Some(EntityType::Country | EntityType::Place))
            || mention.t1 != mention.t0 + 1
        {
            return None;
        }
        // As the article writes it ("Британия"), in the nominative.
        Some(if mention.case == Case::Nom {
            doc.words[mention.t0].nominative.clone()
        } else {
            doc.entities.get(mention.entity?).label.clone()
        })
    };
    let joins = |k: usize| match us[k].kind {
        UKind::Punct(',') => true,
        UKind::Word => is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.conjunctions),
        _ => false,
    };
    // From the first name of the chain, whichever unit of it was captured.
    let mut m = m;
    while m >= 2 && joins(m - 1) && name_at(m - 2).is_some() {
        m -= 2;
    }
    let mut names = vec![name_at(m)?];
    let mut k = m + 1;
    while k + 1 < us.len() && joins(k) {
        match name_at(k + 1) {
            Some(n) => {
                names.push(n);
                k += 2;
            }
            None => break,
        }
    }
    // The last join is followed by the body whose name opens with the last name.
    let head = k + 1;
    if head >= us.len() || !joins(k) {
        return None;
    }
    let UKind::Mention(hi) = us[head].kind else {
        return None;
    };
    let body = &doc.mentions[hi];
    if body.case != Case::Nom
        || !matches!(
            body.etype,
            Some(EntityType::Organization | EntityType::Group)
        )
        || body.t1 < body.t0 + 2
    {
        return None;
    }
    // Bodies ("министрліктері", "үкіметтері"), one of each place; people of several places
    // ("Алматы мен Астана тұрғындары", "Франция мен Италия депутаттары") are one group.
    let last = &doc.words[body.t1 - 1];
    if !last.plural || !last.possessive_third || last.org_head.is_none() {
        return None;
    }
    let first = doc.tok_text(body.t0);
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    names.push(first.to_string());
    let mut tail = doc.span_text(body.t0 + 1, body.t1 - 1).to_string();
    if !tail.is_empty() {
        tail.push(' ');
    }
    tail.push_str(&possessed_singular(&last.stem_lower));
    let labels = names.into_iter().map(|n| format!("{n} {tail}")).collect();
    Some((labels, head))
}

/// A noun's stem with the third-person possessive ending ("министрлік" -> "министрлігі",
/// "үкімет" -> "үкіметі", "басшы" -> "басшысы"): a final к, қ or п voiced before the vowel.
fn possessed_singular(stem: &str) -> String {
    let front = stem
        .chars()
        .rev()
        .find(|c| "аәеыіоөұүиэюяу".contains(*c))
        .is_some_and(|v| "әеіөүиэ".contains(v));
    let last = stem.chars().last().unwrap_or(' ');
    if "аәеыіоөұүиэюяу".contains(last) {
        return format!("{stem}{}", if front { "сі" } else { "сы" });
    }
    let mut base: String = stem.to_string();
    let voiced = match last {
        'к' => Some('г'),
        'қ' => Some('ғ'),
        'п' => Some('б'),
        _ => None,
    };
    if let Some(v) = voiced {
        base.pop();
        base.push(v);
    }
    format!("{base}{}", if front { "і" } else { "ы" })
}

/// The nominative actor after a converb that follows the captured subject (unit `subj`) and
/// comes before the verb (unit `verb`): the subject of the main clause when the first one is
/// the converb clause's ("Уаң И сөз сөйлемей тұрып-ақ | Германия министрлігі ... айыптады").
/// Not a place, an outlet, an actor inside a participle clause, or a name that qualifies the
/// noun after it ("Үкімет отырысын").
fn main_clause_subject(doc: &Doc<'_>, us: &[Unit], subj: usize, verb: usize) -> Option<usize> {
    let converb = |u: &Unit| {
        u.kind == UKind::Word && {
            let lower = doc.words[u.t0].lower.as_str();
            // A particle after a hyphen ("тұрып-ақ") is not part of the form.
            let word = match lower.split_once('-') {
                Some((w, particle)) if particle.chars().count() <= 2 => w,
                _ => lower,
            };
            doc.lex.has_form(word, "converb")
        }
    };
    // "... деген соң,": a postposition that ends a clause after its participle.
    let clause_end = |k: usize| {
        k > subj + 1
            && us[k].kind == UKind::Word
            && is_one_of(&doc.words[us[k].t0].lower, &doc.lex.words.clause_ends)
            && matches!(us[k - 1].kind, UKind::Word | UKind::Verb(_))
            && {
                let w = &doc.words[us[k - 1].t1 - 1];
                // "деген соң", "талқылағаннан кейін" (the participle in the ablative).
                w.has_form(doc.lex, "participle") || doc.lex.has_form(&w.stem_lower, "participle")
            }
    };
    let k = (subj + 1..verb).find(|&k| converb(&us[k]) || clause_end(k))?;
    (k + 1..verb).find(|&m| {
        let UKind::Mention(mi) = us[m].kind else {
            return false;
        };
        let mention = &doc.mentions[mi];
        let qualifies = us
            .get(m + 1)
            .is_some_and(|n| n.kind == UKind::Word && doc.words[n.t0].possessive_third);
        mention.case == Case::Nom
            && !mention.embedded
            && !matches!(mention.kind, MentionKind::Pronoun { .. })
            && !matches!(
                mention.etype,
                Some(EntityType::Place | EntityType::Outlet) | None
            )
            && !qualifies
    })
}

/// Whether the last word of a claim has a verb form of `forms.tsv` ("... екенін": `content`).
fn ends_with_form(lex: &crate::lexicon::Lexicon, text: &str, form: &str) -> bool {
    text.split_whitespace()
        .last()
        .is_some_and(|w| lex.has_form(w.lower().trim_matches(|c: char| !c.is_alphanumeric()), form))
}

/// Most words a speaker phrase read by [`phrase_subject`] may have.
const PHRASE_WORDS: usize = 8;

/// The captured words as one actor ("зиялылар", "бала құқығын қорғаушы мамандар", "«Даму»
/// қорының өкілдері"): a noun phrase whose last word names people (plural, with a possessive
/// ending, a title or a group noun, or a noun of agent) in the nominative; a person named in it
/// is the speaker ("«Нұр Отан» партиясы төрағасының орынбасары Асан Бекұлы"). Not when an actor
/// other than a genitive opens it (the rules that read actors have it), nor with a pronoun, an
/// outlet, a verb, a time word or an outlet's cue word in it.
fn phrase_subject(doc: &mut Doc<'_>, us: &[Unit], r: (usize, usize)) -> Option<usize> {
    let (mut a, mut b) = r;
    while a < b && matches!(us[a].kind, UKind::Punct(_)) {
        a += 1;
    }
    while b > a && matches!(us[b - 1].kind, UKind::Punct('.' | '!' | '?' | ',')) {
        b -= 1;
    }
    // "– дейді министр": a title no one named in the article holds is the speaker as written,
    // when the article has named no person before (the rules that read actors tie a title to
    // a person named earlier).
    let open_title = |mi: usize| {
        let m = &doc.mentions[mi];
        matches!(m.kind, MentionKind::Role { .. })
            && m.entity.is_none()
            && m.etype == Some(EntityType::Person)
            && !doc.mentions[..mi].iter().any(|x| {
                matches!(x.kind, MentionKind::Named) && x.etype == Some(EntityType::Person)
            })
    };
    if a >= b
        || matches!(us[a].kind, UKind::Mention(mi)
            if doc.mentions[mi].case != Case::Gen && !open_title(mi))
    {
        return None;
    }
    let mut person = None;
    for u in &us[a..b] {
        match &u.kind {
            UKind::Verb(_) | UKind::Punct(_) => return None,
            UKind::Mention(mi) => {
                let m = &doc.mentions[*mi];
                if matches!(m.kind, MentionKind::Pronoun { .. })
                    || m.etype == Some(EntityType::Outlet)
                {
                    return None;
                }
                // "«Нұр Отан» партиясының төрағасы Асан Бекұлы": the person named.
                if matches!(m.kind, MentionKind::Named) && m.etype == Some(EntityType::Person) {
                    person = person.or(m.entity);
                }
            }
            UKind::Quote(_) | UKind::Word => {}
        }
    }
    if person.is_some() {
        return person;
    }
    let (t0, t1) = unit_range_tokens(us, (a, b))?;
    let mut n = 0;
    for t in t0..t1 {
        if doc.toks[t].kind == TokKind::Punct {
            continue;
        }
        n += 1;
        let l = doc.words[t].lower.as_str();
        let time = super::objects::is_time_word(doc, t)
            || doc.lex.adverbs.iter().any(|p| p.len() == 1 && p[0] == l);
        if time || doc.lex.outlet_cues.contains(l) || doc.lex.pronouns.contains_key(l) {
            return None;
        }
    }
    let last = (t0..t1)
        .rev()
        .find(|&t| doc.toks[t].kind != TokKind::Punct)?;
    let w = &doc.words[last];
    let people = w.plural
        || w.possessive_third
        || w.role_head.is_some()
        || w.group.is_some()
        || is_one_of(&w.stem_lower, &doc.lex.words.person_nouns)
        || ends_with_any(&w.stem_lower, &doc.lex.endings.agent);
    if n == 0 || n > PHRASE_WORDS || w.case != Case::Nom || !people || w.document {
        return None;
    }
    let label = doc.span_text(t0, t1).to_string();
    let etype = if w.plural || w.group.is_some() {
        EntityType::Group
    } else {
        EntityType::Person
    };
    Some(doc.entities.intern(&label, etype, None))
}

/// The outlet named in "..., деп хабарлайды BAQ.KZ тілшісі": a known outlet in the captured
/// words, or the words themselves (without a trailing "тілшісі").
pub(super) fn outlet_subject(doc: &mut Doc<'_>, us: &[Unit], r: (usize, usize)) -> Option<usize> {
    for u in &us[r.0..r.1] {
        if let UKind::Mention(mi) = u.kind {
            let m = &doc.mentions[mi];
            if m.etype == Some(EntityType::Outlet) {
                return m.entity;
            }
        }
    }
    // An empty capture at the end of the sentence names nothing.
    if r.0 >= us.len() {
        return None;
    }
    // Without a known outlet, the words must say it is one: "тілшісі", a web address, ...
    let cue = (us[r.0].t0..us[r.1.max(r.0 + 1) - 1].t1).any(|t| {
        let l = &doc.words[t].lower;
        doc.lex.outlet_cues.contains(l) || ends_with_any(l, &doc.lex.endings.web_domains)
    });
    if !cue {
        return None;
    }
    let (mut a, mut b) = r;
    while a < b && matches!(us[a].kind, UKind::Punct(_)) {
        a += 1;
    }
    while b > a && matches!(us[b - 1].kind, UKind::Punct('.' | '!' | '?' | ',')) {
        b -= 1;
    }
    let (t0, t1) = unit_range_tokens(us, (a, b))?;
    let text = doc.span_text(t0, t1).replace(['«', '»', '"'], "");
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let label = words.join(" ");
    Some(doc.entities.intern(&label, EntityType::Outlet, None))
}
