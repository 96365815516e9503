//! The actor layer's examples (data/kk/examples/actors.toml): whom each sentence names, as
//! which type and label, with which title, and what it must not read as an actor. All failures
//! are listed at once.

use derek::source::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    example: Vec<Example>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Example {
    text: String,
    #[serde(default)]
    actors: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
    #[serde(default)]
    titles: Vec<String>,
    #[serde(default)]
    not_titles: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

fn pair(s: &str) -> (String, String) {
    let (a, b) = s.split_once('|').expect("\"a | b\"");
    (a.trim().to_string(), b.trim().to_string())
}

#[test]
fn every_actor_example_passes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/kk/examples/actors.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert!(!file.example.is_empty());
    let mut failures = Vec::new();
    for (i, ex) in file.example.iter().enumerate() {
        let ann = derek::lang::extract(&Article::from_text(&format!("actors-{i}"), &ex.text));
        let mut fail = |what: String| {
            failures.push(format!("example {} ({}): {what}", i + 1, ex.text));
        };
        let seen: Vec<String> = ann
            .entities
            .iter()
            .map(|e| format!("{} | {}", e.etype.as_str(), e.label))
            .collect();
        for want in &ex.actors {
            let (t, l) = pair(want);
            if !seen.contains(&format!("{t} | {l}")) {
                fail(format!("no actor {want}; actors: {seen:?}"));
            }
        }
        for bad in &ex.not {
            if ann
                .entities
                .iter()
                .any(|e| &e.label == bad || e.aliases.contains(bad))
            {
                fail(format!("{bad:?} read as an actor; actors: {seen:?}"));
            }
        }
        for want in &ex.titles {
            let (l, title) = pair(want);
            let has = ann
                .entities
                .iter()
                .any(|e| e.label == l && e.roles.iter().any(|(_, p)| *p == title));
            if !has {
                let roles: Vec<_> = ann.entities.iter().map(|e| (&e.label, &e.roles)).collect();
                fail(format!("no title {want}; titles: {roles:?}"));
            }
        }
        for bad in &ex.not_titles {
            if ann
                .entities
                .iter()
                .any(|e| e.roles.iter().any(|(_, p)| p == bad))
            {
                fail(format!("title {bad:?} was read"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} actor example(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
