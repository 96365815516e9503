//! Evidence and claims agree with the article: for every relation of the corpus and the demo,
//! the evidence text is the article's characters between the evidence offsets, exactly (line
//! breaks included), and a claim's offsets cover the claim's words with no punctuation around
//! them (no final full stop the claim text drops).

mod common;

use common::*;
use derek::extract::Object;
use derek::source::ArticleReader;

fn chars(s: &str, start: usize, end: usize) -> String {
    s.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[test]
fn evidence_and_claim_offsets_point_at_the_article_text() {
    let mut relations = 0;
    let mut claims = 0;
    let mut failures = Vec::new();
    for a in ArticleReader::new(&[shared("corpus/kk"), repo("data/articles")]) {
        let a = a.unwrap();
        let ann = derek::lang::extract(&a);
        for r in &ann.relations {
            relations += 1;
            let at = chars(&a.text, r.evidence.start, r.evidence.end);
            if at != r.evidence_text {
                failures.push(format!(
                    "{} line {}: evidence {:?} but the article has {:?}",
                    a.id, r.line, r.evidence_text, at
                ));
            }
            if let Object::Claim { text, span } = &r.object {
                claims += 1;
                let at = chars(&a.text, span.start, span.end);
                let first = text.split_whitespace().next().unwrap_or("");
                let last = text.split_whitespace().last().unwrap_or("");
                let ok = at.starts_with(first)
                    && at.ends_with(last)
                    && !at.ends_with('.')
                    && !at.ends_with(',');
                if !ok {
                    failures.push(format!(
                        "{} line {}: claim {:?} but its offsets hold {:?}",
                        a.id, r.line, text, at
                    ));
                }
            }
        }
    }
    assert!(
        relations > 200 && claims > 100,
        "{relations} relations, {claims} claims"
    );
    assert!(
        failures.is_empty(),
        "{} of {relations} relations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
