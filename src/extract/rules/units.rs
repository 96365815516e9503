//! A sentence as the rules see it: units (quotes, actor mentions, trigger verbs, words,
//! punctuation), where its main clause ends, and where its content starts after connectives.

use crate::extract::Doc;
use crate::text::TokKind;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum UKind {
    Quote(usize),
    Mention(usize),
    /// Verb indices into the lexicon (all forms of the matched words).
    Verb(Vec<usize>),
    Word,
    Punct(char),
}

#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) kind: UKind,
    pub(super) t0: usize,
    pub(super) t1: usize,
}

/// Splits a sentence into units.
pub(super) fn units(doc: &Doc<'_>, si: usize) -> Vec<Unit> {
    let s = doc.seg.sentences[si];
    let mr = doc.sent_mentions[si].clone();
    let mut out = Vec::new();
    let mut mi = mr.start;
    let mut t = s.t0;
    while t < s.t1 {
        if mi < mr.end && doc.mentions[mi].t0 == t {
            let m = &doc.mentions[mi];
            out.push(Unit {
                kind: UKind::Mention(mi),
                t0: m.t0,
                t1: m.t1,
            });
            t = m.t1;
            mi += 1;
            continue;
        }
        if let Some(qi) = doc.in_quote[t] {
            let q = doc.seg.quotes[qi as usize];
            if q.open == t {
                out.push(Unit {
                    kind: UKind::Quote(qi as usize),
                    t0: q.open,
                    t1: (q.close + 1).min(s.t1),
                });
                t = (q.close + 1).min(s.t1).max(t + 1);
                continue;
            }
        }
        let tok = &doc.toks[t];
        if tok.kind == TokKind::Punct {
            let c = tok.text(&doc.norm.text).chars().next().unwrap_or(' ');
            out.push(Unit {
                kind: UKind::Punct(c),
                t0: t,
                t1: t + 1,
            });
            t += 1;
            continue;
        }
        // Longest trigger form starting here.
        let mut matched: Option<(usize, &Vec<usize>)> = None;
        if let Some(&longest) = doc.lex.verb_first.get(&doc.words[t].lower) {
            // Words of the form, up to the first punctuation or quoted word.
            let avail = (t..s.t1.min(t + longest))
                .take_while(|&k| doc.toks[k].kind != TokKind::Punct && doc.in_quote[k].is_none())
                .count();
            let mut key = String::new();
            let mut keys = Vec::with_capacity(avail);
            for k in t..t + avail {
                if k > t {
                    key.push(' ');
                }
                key.push_str(&doc.words[k].lower);
                keys.push(key.clone());
            }
            matched = keys
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, k)| doc.lex.verb_phrases.get(k).map(|v| (i + 1, v)));
        }
        if let Some((len, vis)) = matched {
            let vis = vis.clone();
            out.push(Unit {
                kind: UKind::Verb(vis),
                t0: t,
                t1: t + len,
            });
            t += len;
            continue;
        }
        out.push(Unit {
            kind: UKind::Word,
            t0: t,
            t1: t + 1,
        });
        t += 1;
    }
    out
}

/// Index of the first unit after leading connectives and punctuation.
pub(super) fn lead_of(doc: &Doc<'_>, us: &[Unit]) -> usize {
    let mut i = 0;
    loop {
        while i < us.len() && matches!(us[i].kind, UKind::Punct(_)) {
            i += 1;
        }
        let mut advanced = false;
        for phrase in &doc.lex.discourse {
            let len = phrase.len();
            if i + len <= us.len()
                && (0..len).all(|k| {
                    let u = &us[i + k];
                    // Connectives are single words; a one-word trigger may double as one.
                    matches!(u.kind, UKind::Word | UKind::Verb(_))
                        && u.t1 == u.t0 + 1
                        && doc.words[u.t0].lower == phrase[k]
                })
            {
                i += len;
                advanced = true;
                break;
            }
        }
        if !advanced {
            return i;
        }
    }
}

/// End of the main clause: before a trailing ", деп хабарлайды X".
pub(super) fn main_end(doc: &Doc<'_>, us: &[Unit]) -> usize {
    // "Ассамблея құжатты қабылдады: оны 82 ел қолдады": an event verb and a colon end the
    // main clause; what follows explains it (a colon before a quote, or ending the sentence
    // before the quote on the next line, is speech: kept).
    const EVENTS: &[&str] = &[
        "adopt",
        "approve",
        "sign",
        "call",
        "criticize",
        "warn",
        "demand",
        "request",
        "appeal",
    ];
    for i in 1..us.len() {
        if matches!(us[i].kind, UKind::Punct(':'))
            && i + 1 < us.len()
            && !matches!(us[i + 1].kind, UKind::Quote(_) | UKind::Punct(_))
        {
            if let UKind::Verb(vis) = &us[i - 1].kind {
                if vis
                    .iter()
                    .any(|&v| EVENTS.contains(&doc.lex.verbs[v].class.as_str()))
                {
                    return i;
                }
            }
        }
    }
    for i in (0..us.len().saturating_sub(1)).rev() {
        if matches!(us[i].kind, UKind::Punct(',')) {
            if let UKind::Verb(vis) = &us[i + 1].kind {
                if vis.iter().any(|&v| doc.lex.verbs[v].class == "report") {
                    return i;
                }
            }
        }
    }
    us.len()
}
