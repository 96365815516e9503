//! One test per fixed bug, named after the bug. Each input here once broke derek (a panic, a
//! wrong answer, or a cost that grew with the square of the input); the test keeps it fixed.

use std::time::{Duration, Instant};

use derek::extract::{Annotations, Pipeline};
use derek::source::Article;

/// What the cost bugs below took minutes for (in a debug build; a tenth of that optimized).
const LIMIT: Duration = Duration::from_secs(30);

/// Extracts `text` and fails if it takes longer than `limit`. The limits are generous (tens of
/// times the measured cost of a debug build on a busy machine) but far below what the bugs cost:
/// minutes or hours.
fn extract_within(name: &str, text: &str, limit: Duration) -> Annotations {
    let a = Article::from_text(name, text);
    let t = Instant::now();
    let ann = Pipeline::kazakh().extract(&a);
    let took = t.elapsed();
    eprintln!("{name}: {} KB in {took:.1?}", text.len() / 1024);
    assert!(
        took < limit,
        "{name}: {} KB took {took:.1?} (limit {limit:?})",
        text.len() / 1024
    );
    ann
}

/// Each role without a name ("Министрдің айтуынша") looked for its holder through every earlier
/// mention, and each unresolved one through every later mention: on one long article, mentions ×
/// mentions (a 4 MB article took minutes).
#[test]
fn role_lookups_rescanned_every_mention_of_the_article() {
    // The minister's role never names the akim, so every "Әкімнің" looked through everything.
    let s = "«Біз жұмысты жалғастырамыз», – деді премьер-министр Әлихан Смайылов. Әкімнің айтуынша, жоба биыл аяқталады. ";
    let ann = extract_within("roles", &s.repeat(10_000), LIMIT);
    assert_eq!(ann.relations.len(), 10_000);
}

/// Every sentence looked at every quote of the article for quoted names, every relation looked
/// back at every earlier relation for a place and for duplicates: an article with 100,000 quotes
/// took tens of minutes.
#[test]
fn every_sentence_rescanned_every_quote_and_relation_of_the_article() {
    let s = "«Бұл маңызды», – деді Асқар Мамин. ";
    let ann = extract_within("quotes", &s.repeat(100_000), LIMIT);
    assert_eq!(ann.relations.len(), 100_000);
}

/// Choosing among overlapping actor candidates compared each with every one already chosen:
/// one sentence without a full stop and with 100,000 names took minutes.
#[test]
fn choosing_actor_candidates_compared_every_pair_in_a_sentence() {
    let text = "Әлихан Смайылов Қасым-Жомарт Тоқаев ".repeat(100_000);
    extract_within("names", &text, LIMIT);
}

/// The rule matcher bounds its steps, but a step may scan the sentence: a sentence of 40,000
/// words cost steps × words. Sentences longer than the limit are now left out, with a note.
#[test]
fn an_endless_sentence_cost_the_matcher_steps_times_words() {
    let text = "Әлихан Смайылов «жұмыс жалғасады» деді және ".repeat(40_000);
    let ann = extract_within("endless", &text, LIMIT);
    assert!(ann.relations.is_empty());
    assert!(
        ann.notes.iter().any(|n| n.contains("not read for relations")),
        "{:?}",
        ann.notes
    );
    // A sentence of ordinary length in the same article is still read.
    let text = format!("{text}.\n«Жұмыс жалғасады», – деді Әлихан Смайылов.");
    let ann = extract_within("endless+1", &text, LIMIT);
    assert_eq!(ann.relations.len(), 1);
}
