//! The seam between articles and languages: which pipeline reads an article.
//!
//! An article's language is the one it declares (front matter `lang:`, JSON Lines `"lang"`),
//! else the one its letters show ([`detect_language`]). Each language derek reads is a module
//! here (`kk`: Kazakh) with its data under `data/<code>/`; a second language is a new module
//! and a line in [`LANGUAGES`]. An article in a language with no pipeline gets a note that
//! names the language, and nothing is extracted from it.

pub mod kk;

use crate::extract::{Annotations, MentionSpan, Pipeline};
use crate::source::Article;
use crate::text::Lower;

/// A language derek has a pipeline for.
pub struct Language {
    /// ISO 639-1 code, as articles declare it.
    pub code: &'static str,
    /// English name, for messages.
    pub name: &'static str,
    pub pipeline: fn() -> &'static Pipeline,
}

/// The languages derek reads.
pub const LANGUAGES: &[Language] = &[Language {
    code: kk::CODE,
    name: "Kazakh",
    pipeline: kk::pipeline,
}];

/// The pipeline for a language code, if derek has one.
pub fn pipeline(code: &str) -> Option<&'static Pipeline> {
    LANGUAGES
        .iter()
        .find(|l| l.code == code)
        .map(|l| (l.pipeline)())
}

/// How an article's language was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// The article says which language it is in (normalized to a two-letter code where known).
    Declared(String),
    /// Read off its letters: `kk`, `ru`, `latin` or `unknown`.
    Detected(&'static str),
}

impl Decision {
    pub fn code(&self) -> &str {
        match self {
            Decision::Declared(c) => c,
            Decision::Detected(c) => c,
        }
    }
}

/// The language of an article: the declared one wins over detection.
pub fn language_of(article: &Article) -> Decision {
    match article.meta.lang.as_deref().map(normalize_code) {
        Some(code) if !code.is_empty() => Decision::Declared(code),
        _ => Decision::Detected(detect_language(&article.text)),
    }
}

/// A declared language tag as a code: lowercase, the primary subtag ("kk-KZ" -> "kk"), and the
/// three-letter codes of the languages derek knows of ("kaz" -> "kk").
pub fn normalize_code(tag: &str) -> String {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("").lower();
    match primary.as_str() {
        "kaz" => "kk".into(),
        "rus" => "ru".into(),
        "eng" => "en".into(),
        _ => primary,
    }
}

/// The note for an article with no pipeline for its language.
fn unsupported_note(decision: &Decision) -> String {
    let supported: Vec<String> = LANGUAGES
        .iter()
        .map(|l| format!("{} ({})", l.name, l.code))
        .collect();
    match decision {
        Decision::Detected("unknown") => {
            "no Kazakh text found; nothing extracted".to_string()
        }
        Decision::Detected(code) => format!(
            "language {code} is not supported yet (derek reads Kazakh in Cyrillic); nothing extracted"
        ),
        Decision::Declared(code) => format!(
            "the article declares language {code}, which derek does not read yet (it reads {}); nothing extracted",
            supported.join(", ")
        ),
    }
}

/// Extracts everything from one article with the pipeline of its language. Never panics on
/// any text.
pub fn extract(article: &Article) -> Annotations {
    let decision = language_of(article);
    match pipeline(decision.code()) {
        Some(p) => p.extract(article),
        None => Annotations {
            notes: vec![unsupported_note(&decision)],
            lang: decision.code().to_string(),
            ..Annotations::default()
        },
    }
}

/// The actor mentions of an article (see [`Pipeline::mentions`]); none in a language derek
/// does not read.
pub fn mentions(article: &Article) -> Vec<MentionSpan> {
    match pipeline(language_of(article).code()) {
        Some(p) => p.mentions(article),
        None => Vec::new(),
    }
}

/// One line per sentence with its mentions, for rule writers (see
/// [`Pipeline::debug_mentions`]); none in a language derek does not read.
pub fn debug_mentions(article: &Article) -> Vec<String> {
    match pipeline(language_of(article).code()) {
        Some(p) => p.debug_mentions(article),
        None => Vec::new(),
    }
}

/// Kazakh, Russian, Latin-script or unknown, from letter counts: Kazakh Cyrillic has letters
/// Russian lacks (ә ғ қ ң ө ұ ү һ і).
pub fn detect_language(text: &str) -> &'static str {
    let (mut cyr, mut kk, mut latin) = (0usize, 0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c {
            'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і' | 'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө'
            | 'Ұ' | 'Ү' | 'Һ' | 'І' => {
                kk += 1;
                cyr += 1
            }
            '\u{0400}'..='\u{04FF}' => cyr += 1,
            'a'..='z' | 'A'..='Z' => latin += 1,
            _ => {}
        }
    }
    if cyr == 0 && latin == 0 {
        return "unknown";
    }
    if cyr >= latin {
        // Kazakh text has these letters in roughly every 12th letter; Russian has none.
        if kk * 60 >= cyr {
            "kk"
        } else {
            "ru"
        }
    } else {
        "latin"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_detection() {
        assert_eq!(
            detect_language("Қазақстан сыртқы істер министрлігі мәлімдеді"),
            "kk"
        );
        assert_eq!(
            detect_language("Министерство иностранных дел заявило сегодня"),
            "ru"
        );
        assert_eq!(
            detect_language("Qazaqstan syrtqy ister ministrligi"),
            "latin"
        );
        assert_eq!(detect_language("12345 ..."), "unknown");
    }

    #[test]
    fn declared_tags_are_normalized() {
        assert_eq!(normalize_code("kk-KZ"), "kk");
        assert_eq!(normalize_code(" KAZ "), "kk");
        assert_eq!(normalize_code("ru_RU"), "ru");
        assert_eq!(normalize_code("en"), "en");
    }

    const KAZAKH: &str = "«Келісім орындалмайды», – деді депутат Вольф Клинц.";

    #[test]
    fn the_declared_language_wins_over_detection() {
        let mut a = Article::from_text("x", KAZAKH);
        assert!(!extract(&a).relations.is_empty());
        a.meta.lang = Some("ru".into());
        let ann = extract(&a);
        assert!(ann.relations.is_empty());
        assert_eq!(ann.lang, "ru");
        assert_eq!(ann.notes.len(), 1);
        assert!(
            ann.notes[0].contains("declares language ru"),
            "{}",
            ann.notes[0]
        );
        assert!(mentions(&a).is_empty());
        a.meta.lang = Some("kk-Cyrl".into());
        assert!(!extract(&a).relations.is_empty());
    }

    #[test]
    fn undeclared_articles_are_detected() {
        let ru = Article::from_text("x", "Министерство иностранных дел заявило сегодня.");
        let ann = extract(&ru);
        assert_eq!(ann.lang, "ru");
        assert!(ann.notes[0].contains("language ru is not supported"));
        let none = Article::from_text("x", "12345");
        assert_eq!(
            extract(&none).notes[0],
            "no Kazakh text found; nothing extracted"
        );
    }
}
