//! Quote spans and sentences. Quotes are paired first, because a quote may run over several
//! lines and several sentences (`«S1. S2», – деді X.` is one reported-speech sentence), and a
//! sentence break never falls inside a quote.

use super::tokenize::{TokKind, Token};

/// An opening quote left open longer than this many lines is treated as a stray mark.
pub const MAX_QUOTE_LINES: usize = 12;

/// A paired quote: token indices of the opening and closing marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    pub close: usize,
    /// 0 for a top-level quote, 1 for a quote inside it, ...
    pub depth: usize,
}

/// A sentence: tokens `t0..t1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub t0: usize,
    pub t1: usize,
    /// Ends with `.`, `!`, `?` or `…` (possibly followed by a closing quote).
    pub terminal: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// All paired quotes, ordered by opening mark.
    pub quotes: Vec<Quote>,
    pub sentences: Vec<Sentence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Guillemet,
    Straight,
}

fn punct(t: &Token, src: &str) -> Option<char> {
    if t.kind == TokKind::Punct {
        t.text(src).chars().next()
    } else {
        None
    }
}

/// Pairs quote marks. `«»` nest; a straight `"` opens or closes depending on what it touches.
/// Marks left open over a blank line or more than [`MAX_QUOTE_LINES`] lines are dropped.
pub fn pair_quotes(toks: &[Token], src: &str) -> Vec<Quote> {
    let mut stack: Vec<(Mark, usize)> = Vec::new();
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Some(&(_, first)) = stack.first() {
            if t.para_before || t.line.saturating_sub(toks[first].line) > MAX_QUOTE_LINES {
                stack.clear();
            }
        }
        match punct(t, src) {
            Some('«') => stack.push((Mark::Guillemet, i)),
            Some('»') => {
                if let Some(pos) = stack.iter().rposition(|&(m, _)| m == Mark::Guillemet) {
                    let (_, open) = stack[pos];
                    stack.truncate(pos);
                    out.push(Quote {
                        open,
                        close: i,
                        depth: pos,
                    });
                } else if stack.is_empty() {
                    lost_outer_mark(toks, src, i, &mut out);
                }
            }
            Some('"') => {
                let next = toks.get(i + 1);
                let attached_next = next.is_some_and(|n| !n.space_before && !n.nl_before);
                let closing_ctx = !t.space_before
                    || next.is_none_or(|n| n.kind == TokKind::Punct && punct(n, src) != Some('«'));
                let opening_ctx = attached_next && t.space_before;
                match stack.last() {
                    Some(&(Mark::Straight, open)) if closing_ctx || !opening_ctx => {
                        stack.pop();
                        out.push(Quote {
                            open,
                            close: i,
                            depth: stack.len(),
                        });
                    }
                    _ if attached_next || !closing_ctx => stack.push((Mark::Straight, i)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|q| (q.open, q.depth));
    out
}

/// A closing `»` with nothing open, right before the attribution ("«Бәйтерек» кешені ... тиімді»,
/// – деді X"): the quote opened with a quoted name and its own opening mark was lost (or written
/// once for two). When the last quote closed opened the line (or followed a colon), on the same
/// line, it is made the inner quote of one that runs from its opening mark to this one.
fn lost_outer_mark(toks: &[Token], src: &str, i: usize, out: &mut Vec<Quote>) {
    let Some(k) = out.iter().rposition(|q| q.depth == 0) else {
        return;
    };
    let inner = out[k];
    // One lost mark per quote: a quote already made the inner one of another stays so.
    if k > 0 && out[k - 1].open == inner.open {
        return;
    }
    let opens_line = inner.open == 0
        || toks[inner.open].nl_before
        || punct(&toks[inner.open - 1], src) == Some(':');
    let attributed = toks
        .get(i + 1)
        .is_some_and(|n| matches!(punct(n, src), Some(',' | '–' | '—' | '-')));
    if !opens_line || !attributed || toks[inner.open].line != toks[i].line {
        return;
    }
    // The quotes inside it closed before it and after its opening mark: pushed (in the order
    // they close) right before it.
    for q in out[..=k].iter_mut().rev() {
        if q.open < inner.open {
            break;
        }
        q.depth += 1;
    }
    out.push(Quote {
        open: inner.open,
        close: i,
        depth: 0,
    });
}

fn is_upper_start(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Splits tokens into sentences: at line breaks and after `.`, `!`, `?`, `…`, never inside a
/// top-level quote. A single capital letter before a dot is an initial, not a sentence end.
pub fn sentences(toks: &[Token], src: &str, quotes: &[Quote]) -> Vec<Sentence> {
    // close index of the top-level quote opened at each token
    let mut closes_at = vec![usize::MAX; 0];
    closes_at.resize(toks.len(), usize::MAX);
    for q in quotes.iter().filter(|q| q.depth == 0) {
        closes_at[q.open] = q.close;
    }
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    let is_end_punct = |t: &Token| matches!(punct(t, src), Some('.' | '!' | '?' | '…'));
    while i < toks.len() {
        if i > start && toks[i].nl_before {
            out.push(Sentence {
                t0: start,
                t1: i,
                terminal: ends_terminal(&toks[start..i], src),
            });
            start = i;
        }
        if closes_at[i] != usize::MAX {
            // Skip to the closing mark: no break inside.
            i = closes_at[i] + 1;
            continue;
        }
        if is_end_punct(&toks[i]) {
            // Absorb runs like "?!" or "..." and a closing mark right after.
            let mut j = i + 1;
            while j < toks.len() && !toks[j].nl_before && is_end_punct(&toks[j]) {
                j += 1;
            }
            let initial = punct(&toks[i], src) == Some('.')
                && i > start
                && toks[i - 1].kind == TokKind::Word
                && toks[i - 1].text(src).chars().count() == 1
                && toks[i - 1].text(src).chars().all(char::is_uppercase);
            let next = toks.get(j);
            let breaks = match next {
                None => true,
                Some(n) if n.nl_before => true,
                Some(n) => {
                    n.space_before
                        && (is_upper_start(n.text(src))
                            || matches!(punct(n, src), Some('«' | '"' | '–' | '-')))
                }
            };
            if breaks && !initial {
                out.push(Sentence {
                    t0: start,
                    t1: j,
                    terminal: true,
                });
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(Sentence {
            t0: start,
            t1: toks.len(),
            terminal: ends_terminal(&toks[start..], src),
        });
    }
    out
}

fn ends_terminal(toks: &[Token], src: &str) -> bool {
    let mut it = toks.iter().rev();
    match it.next().and_then(|t| punct(t, src)) {
        Some('.' | '!' | '?' | '…') => true,
        Some('»' | '"') => matches!(
            it.next().and_then(|t| punct(t, src)),
            Some('.' | '!' | '?' | '…')
        ),
        _ => false,
    }
}

/// Direct speech set off by dashes, as in a dialogue line: "– Text, – said X." The quote runs
/// from the dash that opens the line to the last dash on that line that follows a comma, full
/// stop, "!", "?" or "…" and is followed by a word (the attribution). A line that opens with a
/// dash and has no such closing dash is not a quote (a list item, a dash in a heading).
pub fn dash_quotes(toks: &[Token], src: &str) -> Vec<Quote> {
    let is_dash = |t: &Token| matches!(punct(t, src), Some('–' | '-'));
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // The line's tokens: i..end.
        let end = (i + 1..toks.len())
            .find(|&k| toks[k].nl_before)
            .unwrap_or(toks.len());
        if is_dash(&toks[i]) && (i == 0 || toks[i].nl_before) {
            let close = (i + 2..end.saturating_sub(1)).rev().find(|&k| {
                is_dash(&toks[k])
                    && toks[k].space_before
                    && matches!(punct(&toks[k - 1], src), Some(',' | '.' | '!' | '?' | '…'))
                    && toks[k + 1].kind == TokKind::Word
            });
            if let Some(close) = close {
                out.push(Quote {
                    open: i,
                    close,
                    depth: 0,
                });
            }
        }
        i = end;
    }
    out
}

/// Pairs quotes and splits sentences.
pub fn segment(toks: &[Token], src: &str) -> Segmentation {
    let mut quotes = pair_quotes(toks, src);
    let dashes = dash_quotes(toks, src);
    if !dashes.is_empty() {
        // A quote mark inside a dash quote is one level deeper; a dash quote that would cut
        // through a quote is dropped.
        let mut kept = Vec::new();
        for d in dashes {
            let cuts = quotes.iter().any(|q| {
                (q.open < d.open && q.close > d.open) || (q.open < d.close && q.close > d.close)
            });
            if !cuts {
                kept.push(d);
            }
        }
        for q in &mut quotes {
            if kept.iter().any(|d| d.open < q.open && q.close < d.close) {
                q.depth += 1;
            }
        }
        quotes.extend(kept);
        quotes.sort_by_key(|q| q.open);
    }
    let sentences = sentences(toks, src, &quotes);
    Segmentation { quotes, sentences }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn sents(s: &str) -> Vec<String> {
        let t = tokenize(s);
        let seg = segment(&t, s);
        seg.sentences
            .iter()
            .map(|x| s[t[x.t0].b0..t[x.t1 - 1].b1].to_string())
            .collect()
    }

    #[test]
    fn a_dash_line_with_an_attribution_is_a_quote() {
        let s = "Кіріспе сөйлем.\n– Жол жөнделеді. Көпір де салынады, – деді әкім.\n– Тізімнің бір жолы";
        let t = tokenize(s);
        let seg = segment(&t, s);
        assert_eq!(seg.quotes.len(), 1);
        let q = seg.quotes[0];
        assert_eq!(
            &s[t[q.open + 1].b0..t[q.close - 1].b1],
            "Жол жөнделеді. Көпір де салынады,"
        );
        assert_eq!(
            sents(s),
            [
                "Кіріспе сөйлем.",
                "– Жол жөнделеді. Көпір де салынады, – деді әкім.",
                "– Тізімнің бір жолы"
            ]
        );
    }

    #[test]
    fn a_quote_over_two_lines_is_one_sentence() {
        let s = "Хаутала \"Жағдай нашар\nШара қолдану керек\" деді.\nКелесі сөйлем.";
        assert_eq!(
            sents(s),
            [
                "Хаутала \"Жағдай нашар\nШара қолдану керек\" деді.",
                "Келесі сөйлем."
            ]
        );
    }

    #[test]
    fn sentences_inside_guillemets_do_not_split() {
        let s = "«Бір. Екі», – деді ол. Үш.";
        assert_eq!(sents(s), ["«Бір. Екі», – деді ол.", "Үш."]);
    }

    #[test]
    fn initials_do_not_end_sentences() {
        assert_eq!(
            sents("Төраға М. Калелов сөйледі."),
            ["Төраға М. Калелов сөйледі."]
        );
    }

    #[test]
    fn nested_guillemets_pair() {
        let s = "«Ол «Turkistan» газетіне берді», – деді.";
        let t = tokenize(s);
        let q = pair_quotes(&t, s);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].depth, 0);
        assert_eq!(q[1].depth, 1);
    }

    #[test]
    fn a_quote_that_opens_with_a_quoted_name_may_have_lost_its_own_mark() {
        // The outer quote runs from the name's opening mark to the stray closing one.
        let s = "«Көктем» бағдарламасы жалғасады», – деді әкім.";
        let t = tokenize(s);
        let q = pair_quotes(&t, s);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!((q[0].open, q[0].depth), (0, 0));
        assert_eq!(&s[t[q[0].close].b0..t[q[0].close].b1], "»");
        assert_eq!(t[q[0].close + 1].text(s), ",");
        assert_eq!((q[1].open, q[1].depth), (0, 1));
        // Also after a colon.
        let s = "Әкім айтты: «Көктем» бағдарламасы жалғасады», – деді ол.";
        let t = tokenize(s);
        let colon = t.iter().position(|k| k.text(s) == ":").unwrap();
        let outer = pair_quotes(&t, s)
            .into_iter()
            .find(|q| q.depth == 0)
            .unwrap();
        assert_eq!(outer.open, colon + 1);
        assert_eq!(t[outer.close + 1].text(s), ",");
        // Not when the quoted name is inside the sentence, nor without an attribution after the
        // stray mark: the mark stays unpaired.
        for s in [
            "Әкім «Көктем» бағдарламасы жалғасады», – деді.",
            "«Көктем» бағдарламасы жалғасады» деді әкім.",
        ] {
            let t = tokenize(s);
            let q = pair_quotes(&t, s);
            assert_eq!(q.len(), 1, "{s}: {q:?}");
            assert_eq!(q[0].depth, 0);
        }
    }

    #[test]
    fn a_quote_takes_one_lost_mark_and_many_stray_marks_stay_linear() {
        // A second stray mark does not wrap the quote again.
        let s = "«Көктем» бағдарламасы жалғасады», – деді», – деді әкім.";
        let t = tokenize(s);
        let q = pair_quotes(&t, s);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q.iter().filter(|q| q.depth == 0).count(), 1);
        // Many of them, with quotes inside: each mark is looked at once.
        let line = format!("«А «б» в» г{}", "», – деді".repeat(20_000));
        let t = tokenize(&line);
        let q = pair_quotes(&t, &line);
        assert_eq!(q.len(), 3, "{:?}", &q[..q.len().min(5)]);
    }

    #[test]
    fn a_stray_quote_does_not_swallow_the_article() {
        let s = "Ол «жабылмаған дәйексөз.\n\nКелесі абзац.\nТағы бір жол.";
        assert_eq!(sents(s).len(), 3);
        let t = tokenize(s);
        assert!(pair_quotes(&t, s).is_empty());
    }
}
