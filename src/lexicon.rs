//! Word lists and tables from `data/lexicon/`. They are compiled into the binary, so derek runs
//! with no data directory; `Lexicon::from_dir` reads an edited copy instead.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// A trigger form from `verbs.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Lowercase words.
    pub words: Vec<String>,
    pub class: String,
    pub relation: String,
    pub mode: String,
}

/// An actor from the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    pub label: String,
    pub etype: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoilerKind {
    Prefix,
    Line,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub verbs: Vec<VerbForm>,
    /// First word -> verb indices, longest form first.
    pub verb_index: HashMap<String, Vec<usize>>,
    /// Role phrase (lowercase words joined by one space) -> class.
    pub roles: HashMap<String, String>,
    /// Last words of role phrases (dictionary form).
    pub role_heads: HashSet<String>,
    /// Organization head nouns (dictionary form).
    pub org_heads: HashSet<String>,
    /// Heads that need a possessive ending to end a name ("орталығы", not "орталық").
    pub org_heads_not_bare: HashSet<String>,
    /// Legal-form words written after a company name (ЖШС, LLP).
    pub org_suffixes: HashSet<String>,
    /// Group nouns (dictionary form) -> class.
    pub groups: HashMap<String, String>,
    /// Document head nouns (dictionary form); several words joined by one space.
    pub documents: HashSet<String>,
    pub months: HashMap<String, u32>,
    /// Relative day phrases (lowercase words) and their offset in days.
    pub relative_days: Vec<(Vec<String>, i64)>,
    /// Pronoun -> (plural?, case name: nom gen dat acc loc abl ins).
    pub pronouns: HashMap<String, (bool, String)>,
    /// Nouns for kinds of places (облыс, аудан, қала ...).
    pub place_types: HashSet<String>,
    /// Words that mark a news outlet ("тілшісі", "агенттігі").
    pub outlet_cues: HashSet<String>,
    /// Discourse connectives (lowercase words).
    pub discourse: Vec<Vec<String>>,
    pub boilerplate: Vec<(BoilerKind, String)>,
    pub given_names: HashSet<String>,
    /// Verb-form name (`content`, `converb`, ...) -> word endings.
    pub forms: HashMap<String, Vec<String>>,
    /// Form names in a fixed order: a word's forms are a bit set over it.
    pub form_names: Vec<String>,
    pub adverbs: Vec<Vec<String>>,
    pub org_modifiers: HashSet<String>,
    pub gazetteer: Vec<GazEntry>,
    /// Dictionary forms of role, group, organization and document nouns: a word written exactly
    /// so is a bare nominative, whatever its ending looks like ("белсенді" is not "белсен" + -ді).
    pub dictionary: HashSet<String>,
    /// Lowercase label or alias -> entry.
    pub gaz_by_name: HashMap<String, usize>,
    /// Lowercase first word of a label or alias -> (lowercase words, entry), longest first.
    pub gaz_index: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// The tables, by file name, as compiled in.
const BUILTIN: &[(&str, &str)] = &[
    ("verbs.tsv", include_str!("../data/lexicon/verbs.tsv")),
    ("roles.tsv", include_str!("../data/lexicon/roles.tsv")),
    (
        "org_heads.tsv",
        include_str!("../data/lexicon/org_heads.tsv"),
    ),
    ("groups.tsv", include_str!("../data/lexicon/groups.tsv")),
    (
        "documents.tsv",
        include_str!("../data/lexicon/documents.tsv"),
    ),
    ("months.tsv", include_str!("../data/lexicon/months.tsv")),
    (
        "relative_days.tsv",
        include_str!("../data/lexicon/relative_days.tsv"),
    ),
    ("pronouns.tsv", include_str!("../data/lexicon/pronouns.tsv")),
    (
        "discourse.tsv",
        include_str!("../data/lexicon/discourse.tsv"),
    ),
    (
        "boilerplate.tsv",
        include_str!("../data/lexicon/boilerplate.tsv"),
    ),
    (
        "given_names.tsv",
        include_str!("../data/lexicon/given_names.tsv"),
    ),
    (
        "gazetteer.tsv",
        include_str!("../data/lexicon/gazetteer.tsv"),
    ),
    ("forms.tsv", include_str!("../data/lexicon/forms.tsv")),
    ("adverbs.tsv", include_str!("../data/lexicon/adverbs.tsv")),
    (
        "org_modifiers.tsv",
        include_str!("../data/lexicon/org_modifiers.tsv"),
    ),
    (
        "outlet_cues.tsv",
        include_str!("../data/lexicon/outlet_cues.tsv"),
    ),
    (
        "place_types.tsv",
        include_str!("../data/lexicon/place_types.tsv"),
    ),
];

/// Rows of a TSV table: `#` comment lines and the header row are skipped. Each row comes with
/// its 1-based line number and must have at least `min_cols` columns.
fn rows<'a>(file: &str, text: &'a str, min_cols: usize) -> Result<Vec<(usize, Vec<&'a str>)>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < min_cols || cols[0].is_empty() {
            return Err(Error::Data {
                file: format!("data/lexicon/{file}"),
                line: i + 1,
                message: format!(
                    "expected {min_cols} tab-separated columns, found {}",
                    cols.len()
                ),
            });
        }
        out.push((i + 1, cols));
    }
    Ok(out)
}

pub fn lower_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.to_lowercase()).collect()
}

impl Lexicon {
    /// The compiled-in tables (parsed once).
    pub fn builtin() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let files: std::collections::HashMap<&str, &str> = BUILTIN.iter().copied().collect();
            match Lexicon::parse(&|name| files.get(name).map(|s| s.to_string())) {
                Ok(l) => l,
                // The built-in tables are checked by the test suite; reaching this is a build bug.
                Err(e) => panic!("built-in lexicon is invalid: {e}"),
            }
        })
    }

    /// Reads the tables from a directory laid out like `data/lexicon/`; a missing file falls
    /// back to the built-in one.
    pub fn from_dir(dir: &Path) -> Result<Lexicon> {
        let files: std::collections::HashMap<&str, &str> = BUILTIN.iter().copied().collect();
        Lexicon::parse(&|name| {
            std::fs::read_to_string(dir.join(name))
                .ok()
                .or_else(|| files.get(name).map(|s| s.to_string()))
        })
    }

    fn parse(get: &dyn Fn(&str) -> Option<String>) -> Result<Lexicon> {
        let load = |name: &str| {
            get(name).ok_or_else(|| Error::Data {
                file: format!("data/lexicon/{name}"),
                line: 0,
                message: "missing".into(),
            })
        };
        let mut lx = Lexicon::default();
        let t = load("verbs.tsv")?;
        for (_, c) in rows("verbs.tsv", &t, 3)? {
            lx.verbs.push(VerbForm {
                words: lower_words(c[0]),
                class: c[1].to_string(),
                relation: c[2].to_string(),
                mode: c.get(3).copied().unwrap_or("").to_string(),
            });
        }
        for (i, v) in lx.verbs.iter().enumerate() {
            lx.verb_index.entry(v.words[0].clone()).or_default().push(i);
        }
        for list in lx.verb_index.values_mut() {
            let verbs = &lx.verbs;
            list.sort_by_key(|&i| std::cmp::Reverse(verbs[i].words.len()));
        }
        let t = load("roles.tsv")?;
        for (_, c) in rows("roles.tsv", &t, 2)? {
            let words = lower_words(c[0]);
            if let Some(last) = words.last() {
                lx.role_heads.insert(last.clone());
            }
            lx.roles.insert(words.join(" "), c[1].to_string());
        }
        let t = load("org_heads.tsv")?;
        for (_, c) in rows("org_heads.tsv", &t, 2)? {
            let w = c[0].to_lowercase();
            if c[1] == "organization-suffix" {
                lx.org_suffixes.insert(w);
            } else {
                if c.get(2) == Some(&"no") {
                    lx.org_heads_not_bare.insert(w.clone());
                }
                lx.org_heads.insert(w);
            }
        }
        let t = load("groups.tsv")?;
        for (_, c) in rows("groups.tsv", &t, 2)? {
            lx.groups.insert(c[0].to_lowercase(), c[1].to_string());
        }
        let t = load("documents.tsv")?;
        for (_, c) in rows("documents.tsv", &t, 1)? {
            lx.documents.insert(lower_words(c[0]).join(" "));
        }
        let t = load("months.tsv")?;
        for (line, c) in rows("months.tsv", &t, 2)? {
            let m: u32 = c[1].parse().map_err(|_| Error::Data {
                file: "data/lexicon/months.tsv".into(),
                line,
                message: format!("month number {:?} is not a number", c[1]),
            })?;
            lx.months.insert(c[0].to_lowercase(), m);
        }
        let t = load("relative_days.tsv")?;
        for (line, c) in rows("relative_days.tsv", &t, 2)? {
            let d: i64 = c[1].parse().map_err(|_| Error::Data {
                file: "data/lexicon/relative_days.tsv".into(),
                line,
                message: format!("offset {:?} is not a number", c[1]),
            })?;
            lx.relative_days.push((lower_words(c[0]), d));
        }
        let t = load("pronouns.tsv")?;
        for (_, c) in rows("pronouns.tsv", &t, 3)? {
            lx.pronouns
                .insert(c[0].to_lowercase(), (c[1] == "pl", c[2].to_string()));
        }
        let t = load("place_types.tsv")?;
        for (_, c) in rows("place_types.tsv", &t, 1)? {
            lx.place_types.insert(c[0].to_lowercase());
        }
        let t = load("outlet_cues.tsv")?;
        for (_, c) in rows("outlet_cues.tsv", &t, 1)? {
            lx.outlet_cues.insert(c[0].to_lowercase());
        }
        let t = load("discourse.tsv")?;
        for (_, c) in rows("discourse.tsv", &t, 1)? {
            lx.discourse.push(lower_words(c[0]));
        }
        lx.discourse.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let t = load("boilerplate.tsv")?;
        for (line, c) in rows("boilerplate.tsv", &t, 2)? {
            let kind = match c[0] {
                "prefix" => BoilerKind::Prefix,
                "line" => BoilerKind::Line,
                other => {
                    return Err(Error::Data {
                        file: "data/lexicon/boilerplate.tsv".into(),
                        line,
                        message: format!("kind must be prefix or line, not {other:?}"),
                    })
                }
            };
            lx.boilerplate.push((kind, c[1].to_lowercase()));
        }
        let t = load("given_names.tsv")?;
        for (_, c) in rows("given_names.tsv", &t, 1)? {
            lx.given_names.insert(c[0].to_string());
        }
        let t = load("forms.tsv")?;
        for (_, c) in rows("forms.tsv", &t, 2)? {
            lx.forms
                .entry(c[0].to_string())
                .or_default()
                .push(c[1].to_lowercase());
        }
        lx.form_names = lx.forms.keys().cloned().collect();
        lx.form_names.sort();
        let t = load("adverbs.tsv")?;
        for (_, c) in rows("adverbs.tsv", &t, 1)? {
            lx.adverbs.push(lower_words(c[0]));
        }
        let t = load("org_modifiers.tsv")?;
        for (_, c) in rows("org_modifiers.tsv", &t, 1)? {
            lx.org_modifiers.insert(c[0].to_lowercase());
        }
        let t = load("gazetteer.tsv")?;
        for (line, c) in rows("gazetteer.tsv", &t, 2)? {
            let etype = c[1].to_string();
            if !matches!(
                etype.as_str(),
                "person" | "organization" | "country" | "place" | "outlet"
            ) {
                return Err(Error::Data {
                    file: "data/lexicon/gazetteer.tsv".into(),
                    line,
                    message: format!("unknown type {etype:?}"),
                });
            }
            let wikidata = c.get(3).filter(|s| !s.is_empty()).map(|s| s.to_string());
            if let Some(q) = &wikidata {
                if !(q.starts_with('Q')
                    && q.len() > 1
                    && q[1..].chars().all(|d| d.is_ascii_digit()))
                {
                    return Err(Error::Data {
                        file: "data/lexicon/gazetteer.tsv".into(),
                        line,
                        message: format!("Wikidata id {q:?} is not Q followed by digits"),
                    });
                }
            }
            lx.gazetteer.push(GazEntry {
                label: c[0].to_string(),
                etype,
                aliases: c
                    .get(2)
                    .map(|a| {
                        a.split('|')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                wikidata,
            });
        }
        lx.dictionary = lx
            .role_heads
            .iter()
            .chain(lx.groups.keys())
            .chain(lx.org_heads.iter())
            .chain(lx.documents.iter().filter(|d| !d.contains(' ')))
            .cloned()
            .collect();
        for (i, g) in lx.gazetteer.iter().enumerate() {
            for name in std::iter::once(&g.label).chain(g.aliases.iter()) {
                lx.gaz_by_name.entry(name.to_lowercase()).or_insert(i);
                let words: Vec<String> = lower_words(&name.replace(['«', '»', '"'], " "));
                if let Some(first) = words.first() {
                    lx.gaz_index
                        .entry(first.clone())
                        .or_default()
                        .push((words, i));
                }
            }
        }
        for list in lx.gaz_index.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Ok(lx)
    }

    /// Whether a lowercase word has a verb form from `forms.tsv` (`content`, `converb`, ...): it
    /// ends with one of the form's endings and has a stem before it, or is the ending itself
    /// when that is a word ("екенін").
    /// Unknown form names never match; the rule loader rejects them.
    pub fn has_form(&self, word_lower: &str, form: &str) -> bool {
        let n = word_lower.chars().count();
        self.forms.get(form).is_some_and(|ends| {
            ends.iter().any(|e| {
                let k = e.chars().count();
                word_lower.ends_with(e.as_str()) && (n >= k + 2 || n == k && k >= 4)
            })
        })
    }

    /// The bit of a form name in `WordInfo::forms`.
    pub fn form_bit(&self, form: &str) -> Option<usize> {
        self.form_names.iter().position(|f| f == form)
    }

    /// Whether a line is page furniture (see `boilerplate.tsv`).
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let line = line.trim();
        // Compare lowercase char by char: most lines differ at the first letter.
        let starts = |pat: &str| {
            let mut l = line.chars().flat_map(char::to_lowercase);
            pat.chars().all(|p| l.next() == Some(p))
        };
        self.boilerplate.iter().any(|(k, t)| match k {
            BoilerKind::Prefix => starts(t),
            BoilerKind::Line => {
                starts(t) && line.chars().flat_map(char::to_lowercase).count() == t.chars().count()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        let lx = Lexicon::builtin();
        assert!(lx.verbs.len() > 50);
        assert!(lx.verb_index.contains_key("деді"));
        assert_eq!(lx.months.get("наурыз"), Some(&3));
        assert!(lx.gazetteer.iter().any(|g| g.label == "Еуропарламент"));
        assert!(lx.is_boilerplate("Оқи отырыңыз: Резолюцияда не айтылған? "));
        assert!(lx.is_boilerplate("No media source currently available"));
    }

    #[test]
    fn every_lexicon_file_is_compiled_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tsv") && n != "suffixes.tsv")
            .collect();
        on_disk.sort();
        let mut built: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
        built.sort();
        assert_eq!(
            on_disk, built,
            "data/lexicon/*.tsv and the BUILTIN list differ"
        );
        // And each parses.
        let files: std::collections::HashMap<&str, &str> = BUILTIN.iter().copied().collect();
        Lexicon::parse(&|name| files.get(name).map(|s| s.to_string())).unwrap();
    }

    #[test]
    fn a_short_row_names_file_and_line() {
        let e = rows("x.tsv", "# c\nh1\th2\nonly\n", 2).unwrap_err();
        assert!(e.to_string().contains("x.tsv:3"), "{e}");
    }
}
