//! Readers for the input formats: plain text and Markdown files (with optional front matter),
//! JSON Lines (one article per line), and standard input. Inputs are streamed one article at a
//! time, so a corpus never has to fit in memory. A bad file or line is reported with its place
//! and skipped; the rest goes on.

use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

/// A date that may lack its year (`--03-14`) or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn full(d: NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate {
            year: Some(d.year()),
            month: d.month(),
            day: Some(d.day()),
        }
    }
    pub fn to_naive(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day?)
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601: `2019-03-14`, `--03-14` without a year, `2019-03` without a day.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.day) {
            (Some(y), Some(d)) => write!(f, "{y:04}-{:02}-{d:02}", self.month),
            (None, Some(d)) => write!(f, "--{:02}-{d:02}", self.month),
            (Some(y), None) => write!(f, "{y:04}-{:02}", self.month),
            (None, None) => write!(f, "--{:02}", self.month),
        }
    }
}

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub date: Option<NaiveDate>,
    /// The year when only the year (or year and month) of publication is known: enough to
    /// put "14 наурызда" in its year.
    pub year: Option<i32>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
}

/// One article: its id (file stem or JSONL `id`), its body text and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    /// Where it came from, for messages (`path` or `path:line` for JSONL).
    pub origin: String,
    /// The body: the text after any front matter. Offsets and line numbers refer to it.
    pub text: String,
    pub meta: Meta,
    /// Problems that did not stop reading (a header date that does not parse, ...).
    pub warnings: Vec<String>,
}

impl Article {
    /// An article from a string, for tests and the library API.
    pub fn from_text(id: &str, text: &str) -> Article {
        let mut a = parse_text_article(id, id, text);
        a.origin = id.to_string();
        a
    }
}

/// Why an input was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub path: String,
    pub line: Option<usize>,
    pub byte: Option<usize>,
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(b) = self.byte {
            write!(f, " (byte {b})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SourceError {}

fn err(
    path: &str,
    line: Option<usize>,
    byte: Option<usize>,
    msg: impl Into<String>,
) -> SourceError {
    SourceError {
        path: path.to_string(),
        line,
        byte,
        message: msg.into(),
    }
}

/// Parses a header date: an ISO date at the start (`2025-09-30 (derived: ...)` is fine), or
/// only `YYYY-MM` / `YYYY` (the year is kept); `unknown ...` or empty is no date; anything
/// else is a warning.
fn parse_header_date(
    v: &str,
    warnings: &mut Vec<String>,
    origin: &str,
) -> (Option<NaiveDate>, Option<i32>) {
    use chrono::Datelike;
    let v = v.trim();
    if v.is_empty() || v.to_lowercase().starts_with("unknown") {
        return (None, None);
    }
    let head: String = v
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '(')
        .collect();
    if let Ok(d) = NaiveDate::parse_from_str(&head, "%Y-%m-%d") {
        return (Some(d), Some(d.year()));
    }
    let parts: Vec<&str> = head.split('-').collect();
    let year_ok = |y: &str| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] if year_ok(y) => return (None, y.parse().ok()),
        [y, m] if year_ok(y) && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)) => {
            return (None, y.parse().ok())
        }
        _ => {}
    }
    warnings.push(format!(
        "{origin}: front matter date {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY); the article is read without a date"
    ));
    (None, None)
}

fn set_meta(meta: &mut Meta, key: &str, value: &str, warnings: &mut Vec<String>, origin: &str) {
    let value = value.trim().trim_matches('"');
    match key.trim().to_lowercase().as_str() {
        "date" | "published" | "datepublished" => {
            (meta.date, meta.year) = parse_header_date(value, warnings, origin)
        }
        "publisher" => meta.publisher = Some(value.to_string()).filter(|s| !s.is_empty()),
        "source" | "url" => meta.url = Some(value.to_string()).filter(|s| !s.is_empty()),
        "title" => meta.title = Some(value.to_string()).filter(|s| !s.is_empty()),
        "lang" | "language" => meta.lang = Some(value.to_string()).filter(|s| !s.is_empty()),
        _ => {}
    }
}

/// Splits front matter from the body. Two forms are read: leading `# key: value` lines (the
/// corpus form), and a `---` ... `---` block of `key: value` lines.
pub fn parse_text_article(id: &str, origin: &str, text: &str) -> Article {
    let mut meta = Meta::default();
    let mut warnings = Vec::new();
    let mut body_start = 0usize;
    let mut rest = text;
    if let Some(after) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    {
        // Find the closing line.
        let mut pos = 0usize;
        let mut closed = None;
        for line in after.split_inclusive('\n') {
            let l = line.trim_end_matches(['\n', '\r']);
            if l == "---" {
                closed = Some(pos + line.len());
                break;
            }
            pos += line.len();
        }
        if let Some(end) = closed {
            for line in after[..pos].lines() {
                if let Some((k, v)) = line.split_once(':') {
                    set_meta(&mut meta, k, v, &mut warnings, origin);
                }
            }
            body_start = text.len() - after.len() + end;
            rest = &text[body_start..];
        }
    }
    if body_start == 0 {
        let mut pos = 0usize;
        for line in rest.split_inclusive('\n') {
            let l = line.trim_end_matches(['\n', '\r']);
            let Some(h) = l.strip_prefix("# ") else { break };
            let Some((k, v)) = h.split_once(':') else {
                break;
            };
            if k.is_empty()
                || !k
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                break;
            }
            set_meta(&mut meta, k, v, &mut warnings, origin);
            pos += line.len();
        }
        body_start = pos;
    }
    Article {
        id: id.to_string(),
        origin: origin.to_string(),
        text: text[body_start..].to_string(),
        meta,
        warnings,
    }
}

/// Decodes file bytes: UTF-8 (a BOM is dropped), or UTF-16 with a BOM. Invalid UTF-8 and
/// binary content are errors that name the byte offset.
pub fn decode(bytes: &[u8], path: &str) -> Result<String, SourceError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return decode(&bytes[bom_len..], path);
        }
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(err(
                path,
                None,
                None,
                format!("invalid {} text", enc.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if let Some(b) = s.as_bytes().iter().position(|&b| b == 0) {
                return Err(err(
                    path,
                    None,
                    Some(b),
                    "binary file (NUL byte); not a text article",
                ));
            }
            Ok(s.to_string())
        }
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let probe = &bytes[..bytes.len().min(8192)];
            let msg = if probe.contains(&0) {
                "binary file (NUL byte); not a text article".to_string()
            } else {
                "invalid UTF-8 (derek reads UTF-8, or UTF-16 with a byte-order mark)".to_string()
            };
            Err(err(path, Some(line), Some(at), msg))
        }
    }
}

#[derive(Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    #[serde(alias = "body", alias = "content")]
    body: Option<String>,
    date: Option<String>,
    #[serde(alias = "source")]
    url: Option<String>,
    title: Option<String>,
    lang: Option<String>,
}

/// Parses one JSONL line into an article.
pub fn parse_json_line(line: &str, path: &str, lineno: usize) -> Result<Article, SourceError> {
    let origin = format!("{path}:{lineno}");
    let j: JsonArticle = serde_json::from_str(line)
        .map_err(|e| err(path, Some(lineno), None, format!("malformed JSON: {e}")))?;
    let text = j
        .text
        .or(j.body)
        .ok_or_else(|| err(path, Some(lineno), None, "no \"text\" field"))?;
    let id = match j.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(err(
                path,
                Some(lineno),
                None,
                "\"id\" must be a string or number",
            ))
        }
        None => format!("{}-{lineno}", file_stem(Path::new(path))),
    };
    let mut warnings = Vec::new();
    let mut meta = Meta {
        url: j.url,
        title: j.title,
        lang: j.lang,
        ..Meta::default()
    };
    if let Some(d) = j.date {
        (meta.date, meta.year) = parse_header_date(&d, &mut warnings, &origin);
    }
    Ok(Article {
        id,
        origin,
        text,
        meta,
        warnings,
    })
}

fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_string())
}

/// Whether a file in a directory walk is an article: `.txt`, `.md`, `.markdown`, `.jsonl`,
/// `.ndjson`. Gold files, hidden files and a directory's README/LICENSE/GUIDELINES are not.
pub fn is_article_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with(".gold.tsv") {
        return false;
    }
    // A directory's own documentation is not an article (given by name, it is read).
    let upper = name.to_uppercase();
    if [
        "README",
        "LICENSE",
        "GUIDELINES",
        "CHANGELOG",
        "CONTRIBUTING",
        "NOTICE",
    ]
    .iter()
    .any(|d| upper.starts_with(d))
    {
        return false;
    }
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt" | "md" | "markdown" | "jsonl" | "ndjson")
    )
}

fn is_jsonl(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

/// Lists article files under the given paths (directories recursively, sorted; `-` is stdin).
/// Unreadable directories and missing paths are reported in the second list.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
            continue;
        }
        match fs::metadata(p) {
            Err(e) => errors.push(err(&p.display().to_string(), None, None, e.to_string())),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<SourceError>) {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(err(
                &dir.display().to_string(),
                None,
                None,
                format!("cannot read directory: {e}"),
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, files, errors);
        } else if is_article_file(&p) {
            files.push(p);
        }
    }
}

/// Streams articles from files, one at a time. Errors are yielded in place, and reading goes on.
pub struct ArticleReader {
    files: std::vec::IntoIter<PathBuf>,
    jsonl: Option<(String, Box<dyn BufRead + Send>, usize)>,
    pending: std::vec::IntoIter<SourceError>,
}

impl ArticleReader {
    pub fn new(paths: &[PathBuf]) -> ArticleReader {
        let (files, errors) = expand_paths(paths);
        ArticleReader {
            files: files.into_iter(),
            jsonl: None,
            pending: errors.into_iter(),
        }
    }

    fn next_jsonl(&mut self) -> Option<Result<Article, SourceError>> {
        let (path, reader, lineno) = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            *lineno += 1;
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.jsonl = None;
                    return None;
                }
                Ok(_) => {
                    let line = match std::str::from_utf8(&buf) {
                        Ok(s) => s.trim(),
                        Err(e) => {
                            return Some(Err(err(
                                path,
                                Some(*lineno),
                                Some(e.valid_up_to()),
                                "invalid UTF-8 in line",
                            )))
                        }
                    };
                    if line.is_empty() {
                        continue;
                    }
                    return Some(parse_json_line(line, path, *lineno));
                }
                Err(e) => {
                    let p = path.clone();
                    let l = *lineno;
                    self.jsonl = None;
                    return Some(Err(err(&p, Some(l), None, e.to_string())));
                }
            }
        }
    }

    fn open(&mut self, p: PathBuf) -> Option<Result<Article, SourceError>> {
        let shown = if p.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            p.display().to_string()
        };
        if is_jsonl(&p) {
            match fs::File::open(&p) {
                Ok(f) => {
                    self.jsonl = Some((shown, Box::new(BufReader::new(f)), 0));
                    return self.next_jsonl();
                }
                Err(e) => return Some(Err(err(&shown, None, None, e.to_string()))),
            }
        }
        let bytes = if p.as_os_str() == "-" {
            let mut b = Vec::new();
            if let Err(e) = io::stdin().read_to_end(&mut b) {
                return Some(Err(err(&shown, None, None, e.to_string())));
            }
            b
        } else {
            match fs::read(&p) {
                Ok(b) => b,
                Err(e) => return Some(Err(err(&shown, None, None, e.to_string()))),
            }
        };
        let text = match decode(&bytes, &shown) {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        let id = if p.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            file_stem(&p)
        };
        Some(Ok(parse_text_article(&id, &shown, &text)))
    }
}

impl Iterator for ArticleReader {
    type Item = Result<Article, SourceError>;
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.next() {
            return Some(Err(e));
        }
        loop {
            if self.jsonl.is_some() {
                if let Some(r) = self.next_jsonl() {
                    return Some(r);
                }
            }
            let p = self.files.next()?;
            if let Some(r) = self.open(p) {
                return Some(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_headers_are_front_matter_and_lines_count_from_the_body() {
        let a = Article::from_text(
            "x",
            "# source: https://example.kz/1\n# date: 2025-09-30 (derived)\nБірінші жол.\n# емес: тақырып\n",
        );
        assert_eq!(a.text, "Бірінші жол.\n# емес: тақырып\n");
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2025, 9, 30));
        assert_eq!(a.meta.url.as_deref(), Some("https://example.kz/1"));
    }

    #[test]
    fn unknown_date_is_no_date_and_bad_date_is_a_warning() {
        let a = Article::from_text("x", "# date: unknown (context: 2020)\nМәтін");
        assert_eq!(a.meta.date, None);
        assert!(a.warnings.is_empty());
        let y = Article::from_text("x", "# date: 2019-03\nМәтін");
        assert_eq!((y.meta.date, y.meta.year), (None, Some(2019)));
        let b = Article::from_text("x", "---\ndate: 2020-13-45\ntitle: Т\n---\nМәтін");
        assert_eq!(b.meta.date, None);
        assert_eq!(b.meta.title.as_deref(), Some("Т"));
        assert_eq!(b.text, "Мәтін");
        assert_eq!(b.warnings.len(), 1);
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let e = decode(b"abc\n\xffdef", "f.txt").unwrap_err();
        assert_eq!(e.byte, Some(4));
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Сәлем".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&b, "f").unwrap(), "Сәлем");
    }

    #[test]
    fn partial_dates_print_iso() {
        let d = PartialDate {
            year: None,
            month: 3,
            day: Some(14),
        };
        assert_eq!(d.to_string(), "--03-14");
    }
}
