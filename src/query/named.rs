//! The named queries shipped in `ontology/queries/`.

/// Each query's name and text. The text's first comment line says what it answers; the second,
/// `# params: ...`, which parameters it reads.
pub const NAMED: &[(&str, &str)] = &[
    (
        "who-said-what",
        include_str!("../../ontology/queries/who-said-what.rq"),
    ),
    (
        "top-speakers",
        include_str!("../../ontology/queries/top-speakers.rq"),
    ),
    ("adopted", include_str!("../../ontology/queries/adopted.rq")),
    (
        "who-criticized-whom",
        include_str!("../../ontology/queries/who-criticized-whom.rq"),
    ),
    (
        "about-entity",
        include_str!("../../ontology/queries/about-entity.rq"),
    ),
];

/// The text of the named query `name`, if there is one.
pub fn named(name: &str) -> Option<&'static str> {
    NAMED.iter().find(|(k, _)| *k == name).map(|(_, t)| *t)
}

/// A named query's title (its first comment line) and parameters (`# params: ...`).
pub fn describe(text: &str) -> (&str, &str) {
    let mut lines = text.lines();
    let title = lines.next().unwrap_or("").trim_start_matches('#').trim();
    let params = lines
        .next()
        .and_then(|l| l.trim_start_matches('#').trim().strip_prefix("params:"))
        .unwrap_or("")
        .trim();
    (title, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_query_has_a_title_and_says_its_parameters() {
        for (name, text) in NAMED {
            let (title, params) = describe(text);
            assert!(!title.is_empty(), "{name}: no title line");
            assert!(!params.is_empty(), "{name}: no `# params:` line");
            assert_eq!(named(name), Some(*text));
        }
        assert_eq!(named("no-such-query"), None);
    }
}
