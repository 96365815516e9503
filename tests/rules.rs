//! Every rule in data/kk/rules/*.toml carries example sentences; this runs them all. An example
//! must produce, from its rule, exactly the expected relations ("relation | subject | object"),
//! or nothing when `expect` is empty. All failures are listed at once.

use std::collections::BTreeSet;

use derek::source::Article;

#[test]
fn every_rule_example_passes() {
    let rules = derek::lang::kk::rules();
    let mut failures = Vec::new();
    let mut n = 0;
    for rule in &rules.rules {
        assert!(!rule.examples.is_empty(), "rule {} has no example", rule.id);
        for (i, ex) in rule.examples.iter().enumerate() {
            n += 1;
            let article = Article::from_text(&format!("example-{i}"), &ex.text);
            let ann = derek::lang::extract(&article);
            let got: BTreeSet<String> = ann
                .relations
                .iter()
                .filter(|r| r.rule == rule.id)
                .map(|r| {
                    format!(
                        "{} | {} | {}",
                        r.kind,
                        ann.label_of(r.subject),
                        ann.object_label(r)
                    )
                })
                .collect();
            let want: BTreeSet<String> = ex
                .expect
                .iter()
                .map(|e| e.split('|').map(str::trim).collect::<Vec<_>>().join(" | "))
                .collect();
            if got != want {
                failures.push(format!(
                    "{} ({}), example {}:\n  text: {}\n  want: {:?}\n  got:  {:?}",
                    rule.id,
                    rule.file,
                    i + 1,
                    ex.text,
                    want,
                    got
                ));
            }
        }
    }
    assert!(n >= rules.rules.len());
    assert!(
        failures.is_empty(),
        "{} of {n} rule examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rule_ids_are_unique_and_named_by_file() {
    let rules = derek::lang::kk::rules();
    let ids: BTreeSet<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), rules.rules.len());
    for r in &rules.rules {
        let prefix = if r.file.ends_with("speech.toml") {
            "speech."
        } else {
            "event."
        };
        assert!(
            r.id.starts_with(prefix),
            "rule {} in {} should start with {prefix}",
            r.id,
            r.file
        );
    }
}
