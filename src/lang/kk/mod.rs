//! Kazakh (Cyrillic): the suffix analyser, the word lists and rules of `data/kk/`, and the
//! pipeline that puts them together. Everything Kazakh that is code lives here; the rest of
//! `src/` reads Kazakh only through [`Morphology`](crate::text::morph::Morphology), the
//! [`Lexicon`] and the [`RuleSet`].

use std::sync::OnceLock;

use crate::extract::{coref, entity, rules, time, Extractor, Pipeline, RuleSet, Segmenter};
use crate::lexicon::Lexicon;

pub mod gen;
mod morph;
pub mod ner;

pub use morph::Morph;

/// The language code of articles this pipeline reads.
pub const CODE: &str = "kk";

/// Where the word lists live, as errors name them.
pub const LEXICON_DIR: &str = "data/kk/lexicon";
/// Where the rules live, as errors name them.
pub const RULES_DIR: &str = "data/kk/rules";

/// The word lists, compiled in so that derek runs with no data directory.
pub const LEXICON_FILES: &[(&str, &str)] = &[
    (
        "verbs.tsv",
        include_str!("../../../data/kk/lexicon/verbs.tsv"),
    ),
    (
        "verb_endings.tsv",
        include_str!("../../../data/kk/lexicon/verb_endings.tsv"),
    ),
    (
        "roles.tsv",
        include_str!("../../../data/kk/lexicon/roles.tsv"),
    ),
    (
        "org_heads.tsv",
        include_str!("../../../data/kk/lexicon/org_heads.tsv"),
    ),
    (
        "groups.tsv",
        include_str!("../../../data/kk/lexicon/groups.tsv"),
    ),
    (
        "documents.tsv",
        include_str!("../../../data/kk/lexicon/documents.tsv"),
    ),
    (
        "months.tsv",
        include_str!("../../../data/kk/lexicon/months.tsv"),
    ),
    (
        "relative_days.tsv",
        include_str!("../../../data/kk/lexicon/relative_days.tsv"),
    ),
    (
        "pronouns.tsv",
        include_str!("../../../data/kk/lexicon/pronouns.tsv"),
    ),
    (
        "discourse.tsv",
        include_str!("../../../data/kk/lexicon/discourse.tsv"),
    ),
    (
        "boilerplate.tsv",
        include_str!("../../../data/kk/lexicon/boilerplate.tsv"),
    ),
    (
        "given_names.tsv",
        include_str!("../../../data/kk/lexicon/given_names.tsv"),
    ),
    (
        "gazetteer.tsv",
        include_str!("../../../data/kk/lexicon/gazetteer.tsv"),
    ),
    (
        "forms.tsv",
        include_str!("../../../data/kk/lexicon/forms.tsv"),
    ),
    (
        "adverbs.tsv",
        include_str!("../../../data/kk/lexicon/adverbs.tsv"),
    ),
    (
        "org_modifiers.tsv",
        include_str!("../../../data/kk/lexicon/org_modifiers.tsv"),
    ),
    (
        "outlet_cues.tsv",
        include_str!("../../../data/kk/lexicon/outlet_cues.tsv"),
    ),
    (
        "place_types.tsv",
        include_str!("../../../data/kk/lexicon/place_types.tsv"),
    ),
    (
        "words.tsv",
        include_str!("../../../data/kk/lexicon/words.tsv"),
    ),
    (
        "endings.tsv",
        include_str!("../../../data/kk/lexicon/endings.tsv"),
    ),
];

/// The rule files, in the order they run.
pub const RULE_FILES: &[(&str, &str)] = &[
    (
        "speech.toml",
        include_str!("../../../data/kk/rules/speech.toml"),
    ),
    (
        "events.toml",
        include_str!("../../../data/kk/rules/events.toml"),
    ),
];

/// The suffix analyser with the built-in table.
pub fn morph() -> &'static Morph {
    Morph::builtin()
}

/// The compiled-in word lists (parsed once).
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let files: std::collections::HashMap<&str, &str> = LEXICON_FILES.iter().copied().collect();
        match Lexicon::parse(LEXICON_DIR, &|name| files.get(name).map(|s| s.to_string())) {
            Ok(l) => l,
            // The built-in tables are checked by the test suite; reaching this is a build bug.
            Err(e) => panic!("built-in lexicon is invalid: {e}"),
        }
    })
}

/// The compiled-in rules (parsed and checked once).
pub fn rules() -> &'static RuleSet {
    static RS: OnceLock<RuleSet> = OnceLock::new();
    RS.get_or_init(
        || match RuleSet::parse_files(RULES_DIR, RULE_FILES, lexicon()) {
            Ok(r) => r,
            // The built-in rules are checked by the test suite; reaching this is a build bug.
            Err(e) => panic!("built-in rules are invalid: {e}"),
        },
    )
}

/// The Kazakh pipeline: segmentation, actors, rules, dates and places, canonical actors.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let stages: Vec<Box<dyn Extractor>> = vec![
            Box::new(Segmenter),
            Box::new(entity::EntityRecognizer),
            Box::new(rules::RuleExtractor { rules: rules() }),
            Box::new(time::DatesPlaces),
            Box::new(coref::Canonicalizer),
        ];
        match Pipeline::new(CODE, stages, lexicon(), morph()) {
            Ok(p) => p.with_tagger(ner::tagger()),
            Err(e) => panic!("built-in pipeline order: {e}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        let lx = lexicon();
        assert!(lx.verbs.len() > 50);
        assert!(lx.verb_phrases.contains_key("деді"));
        assert_eq!(lx.months.get("наурыз"), Some(&3));
        assert!(lx.gazetteer.iter().any(|g| g.label == "Еуропарламент"));
        assert!(lx.is_boilerplate("Оқи отырыңыз: Резолюцияда не айтылған? "));
        assert!(lx.is_boilerplate("No media source currently available"));
        assert!(lx.words.postpositions.iter().any(|w| w == "туралы"));
        assert!(lx.endings.surname.iter().any(|w| w == "ов"));
    }

    #[test]
    fn every_lexicon_file_is_compiled_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LEXICON_DIR);
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tsv") && n != "suffixes.tsv")
            .collect();
        on_disk.sort();
        let mut built: Vec<String> = LEXICON_FILES.iter().map(|(n, _)| n.to_string()).collect();
        built.sort();
        assert_eq!(
            on_disk, built,
            "{LEXICON_DIR}/*.tsv and LEXICON_FILES differ"
        );
        let mut listed: Vec<String> = crate::lexicon::FILES
            .iter()
            .map(|n| n.to_string())
            .collect();
        listed.sort();
        assert_eq!(listed, built, "lexicon::FILES and LEXICON_FILES differ");
        let mut rules_on_disk: Vec<String> =
            std::fs::read_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES_DIR))
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
        rules_on_disk.sort();
        let mut rules_built: Vec<String> = RULE_FILES.iter().map(|(n, _)| n.to_string()).collect();
        rules_built.sort();
        assert_eq!(
            rules_on_disk, rules_built,
            "{RULES_DIR}/*.toml and RULE_FILES differ"
        );
    }

    #[test]
    fn the_pipeline_builds() {
        assert_eq!(pipeline().lang(), CODE);
    }
}
