//! Readers for the input formats: plain text and Markdown files (with optional front matter),
//! JSON Lines (one article per line), and standard input. Inputs are streamed one article at a
//! time, so a corpus never has to fit in memory. A bad file or line is reported with its place
//! and skipped; the rest goes on.

mod date;
mod paths;

pub use date::{DateParseError, PartialDate, Published};
pub use paths::{expand_paths, is_article_file};

use std::fmt;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub date: Option<NaiveDate>,
    /// The year when only the year (or year and month) of publication is known: enough to
    /// put "14 наурызда" in its year.
    pub year: Option<i32>,
    /// The month when only the year and month are known (`# date: 2019-03`).
    pub month: Option<u32>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
}

impl Meta {
    /// The publication date as precisely as it is known: a day, a month or a year.
    pub fn published(&self) -> Option<Published> {
        if let Some(d) = self.date {
            return Some(Published::Day(d));
        }
        let year = self.year?;
        Some(match self.month {
            Some(month) => Published::Month { year, month },
            None => Published::Year(year),
        })
    }
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
) -> (Option<NaiveDate>, Option<i32>, Option<u32>) {
    let v = v.trim();
    if v.is_empty() || v.to_lowercase().starts_with("unknown") {
        return (None, None, None);
    }
    let head: String = v
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '(')
        .collect();
    match head.parse::<PartialDate>() {
        Ok(d @ PartialDate { year: Some(y), .. }) => {
            let month = d.day.is_none().then_some(d.month);
            return (d.to_naive(), Some(y), month);
        }
        _ => {
            if let Some(y) = PartialDate::year_only(&head) {
                return (None, Some(y), None);
            }
        }
    }
    warnings.push(format!(
        "{origin}: front matter date {v:?} is not a date (YYYY-MM-DD, YYYY-MM or YYYY); the article is read without a date"
    ));
    (None, None, None)
}

fn set_meta(meta: &mut Meta, key: &str, value: &str, warnings: &mut Vec<String>, origin: &str) {
    let value = value.trim().trim_matches('"');
    match key.trim().to_lowercase().as_str() {
        "date" | "published" | "datepublished" => {
            (meta.date, meta.year, meta.month) = parse_header_date(value, warnings, origin)
        }
        "publisher" => meta.publisher = Some(value.to_string()).filter(|s| !s.is_empty()),
        "source" | "url" => meta.url = Some(value.to_string()).filter(|s| !s.is_empty()),
        "title" => meta.title = Some(value.to_string()).filter(|s| !s.is_empty()),
        "lang" | "language" => meta.lang = Some(value.to_string()).filter(|s| !s.is_empty()),
        _ => {}
    }
}

/// Splits after each line end: `\n`, `\r\n` or a lone `\r` (old Mac files), keeping the ends.
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let mut i = start;
        while i < b.len() {
            i += 1;
            match b[i - 1] {
                b'\n' => break,
                b'\r' => {
                    if b.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    break;
                }
                _ => {}
            }
        }
        // Line ends are ASCII, so `i` is a char boundary.
        let line = &s[start..i];
        start = i;
        Some(line)
    })
}

/// Splits front matter from the body. Two forms are read: leading `# key: value` lines (the
/// corpus form), and a `---` ... `---` block of `key: value` lines. Any line end is a line end
/// (a file with only `\r` must not read as one long header line that swallows the body).
pub fn parse_text_article(id: &str, origin: &str, text: &str) -> Article {
    let mut meta = Meta::default();
    let mut warnings = Vec::new();
    let mut body_start = 0usize;
    let mut rest = text;
    let block = text.strip_prefix("---").and_then(|t| {
        t.strip_prefix("\r\n")
            .or_else(|| t.strip_prefix('\n'))
            .or_else(|| t.strip_prefix('\r'))
    });
    if let Some(after) = block {
        // Find the closing line.
        let mut pos = 0usize;
        let mut closed = None;
        for line in split_lines(after) {
            if line.trim_end_matches(['\n', '\r']) == "---" {
                closed = Some(pos + line.len());
                break;
            }
            pos += line.len();
        }
        if let Some(end) = closed {
            for line in split_lines(&after[..pos]) {
                if let Some((k, v)) = line.trim_end_matches(['\n', '\r']).split_once(':') {
                    set_meta(&mut meta, k, v, &mut warnings, origin);
                }
            }
            body_start = text.len() - after.len() + end;
            rest = &text[body_start..];
        }
    }
    if body_start == 0 {
        let mut pos = 0usize;
        for line in split_lines(rest) {
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

/// Why a decoded text is not an article, if it has no text: an empty file, only whitespace,
/// or only front matter. Such an input is reported and skipped (it is most often a failed
/// download), and a graph built from it before is kept.
fn emptiness(whole: &str, body: &str) -> Option<&'static str> {
    if !body.trim().is_empty() {
        None
    } else if whole.is_empty() {
        Some("empty file; no article text")
    } else if whole.trim().is_empty() {
        Some("only whitespace; no article text")
    } else {
        Some("front matter only; no article text after it")
    }
}

const ENCODING_HINT: &str = "derek reads UTF-8, or UTF-16 with a byte-order mark; convert other \
encodings first, e.g. `iconv -f cp1251 -t utf-8` for Windows-1251";

/// Decodes file bytes: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or UTF-16 without one when
/// every other byte of the text is zero (the pattern of UTF-16 Latin text; a Kazakh text has
/// zeros at least at its spaces). Invalid text and binary content are errors that name the
/// byte offset. The second value is a warning for the reader, if any.
pub fn decode_with_note(bytes: &[u8], path: &str) -> Result<(String, Option<String>), SourceError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            return decode_with_note(&bytes[bom_len..], path);
        }
        return decode_utf16(enc, &bytes[bom_len..], path).map(|t| (t, None));
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let text = decode_utf16(enc, bytes, path)?;
        let note = format!(
            "{path}: read as {} (no byte-order mark; every other byte is zero)",
            enc.name()
        );
        return Ok((text, Some(note)));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if let Some(b) = s.as_bytes().iter().position(|&b| b == 0) {
                let line = line_at(bytes, b);
                return Err(err(
                    path,
                    Some(line),
                    Some(b),
                    "binary file (NUL byte); not a text article",
                ));
            }
            Ok((s.to_string(), None))
        }
        Err(e) => {
            let probe = &bytes[..bytes.len().min(8192)];
            let (at, msg) = match probe.iter().position(|&b| b == 0) {
                Some(nul) => (
                    nul,
                    "binary file (NUL byte); not a text article".to_string(),
                ),
                None => (e.valid_up_to(), format!("invalid UTF-8 ({ENCODING_HINT})")),
            };
            Err(err(path, Some(line_at(bytes, at)), Some(at), msg))
        }
    }
}

/// Decodes file bytes; see [`decode_with_note`].
pub fn decode(bytes: &[u8], path: &str) -> Result<String, SourceError> {
    decode_with_note(bytes, path).map(|(t, _)| t)
}

/// 1-based line of a byte offset.
fn line_at(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn decode_utf16(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
    path: &str,
) -> Result<String, SourceError> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        // The first unpaired surrogate or odd trailing byte, as a byte offset.
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| match c {
                [a, b] if enc == encoding_rs::UTF_16LE => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xD800,
            })
            .collect();
        let at = char::decode_utf16(units.iter().copied())
            .scan(0usize, |pos, r| {
                let here = *pos;
                *pos += r.as_ref().map_or(1, |c| c.len_utf16());
                Some((here, r.is_err()))
            })
            .find(|&(_, bad)| bad)
            .map(|(u, _)| u * 2);
        return Err(err(
            path,
            None,
            at,
            format!("invalid {} text ({ENCODING_HINT})", enc.name()),
        ));
    }
    if let Some(c) = text.chars().position(|c| c == '\0') {
        return Err(err(
            path,
            None,
            None,
            format!(
                "binary file (NUL character {c} of its {} text); not a text article",
                enc.name()
            ),
        ));
    }
    Ok(text.into_owned())
}

/// UTF-16 without a byte-order mark: an even length, and in the first 4 KB, zero bytes that
/// all fall on one side of each pair and make up at least one pair in eight.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let probe = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in probe.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = probe.len() / 2;
    if even == 0 && odd * 8 >= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if odd == 0 && even * 8 >= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
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
    if !line.trim_start().starts_with('{') {
        // serde would read `[1, 2]` as the struct's fields in order and complain about a type.
        return Err(err(
            path,
            Some(lineno),
            None,
            "not a JSON object; each line must be one {\"id\", \"text\", ...} object",
        ));
    }
    let j: JsonArticle = serde_json::from_str(line).map_err(|e| {
        // serde's message ends with "at line 1 column N": the line is ours, the column its.
        let msg = e.to_string();
        let msg = msg
            .rsplit_once(" at line ")
            .map_or(msg.as_str(), |(m, _)| m);
        err(
            path,
            Some(lineno),
            None,
            format!("malformed JSON at column {}: {msg}", e.column()),
        )
    })?;
    let text = j
        .text
        .or(j.body)
        .ok_or_else(|| err(path, Some(lineno), None, "no \"text\" field"))?;
    if text.trim().is_empty() {
        return Err(err(
            path,
            Some(lineno),
            None,
            "empty \"text\"; no article text",
        ));
    }
    let id = match j.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::String(_)) => {
            return Err(err(path, Some(lineno), None, "empty \"id\""));
        }
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
        (meta.date, meta.year, meta.month) = parse_header_date(&d, &mut warnings, &origin);
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

fn is_jsonl(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("jsonl" | "ndjson")
    )
}

/// The largest article derek reads, in bytes. Extraction holds an article's tokens, words and
/// quads at once (some 30 times its size, and up to 200 quads per kilobyte of dense reported
/// speech), and `derek build` writes the graph in one transaction, in memory. News articles are a
/// few kilobytes; a file this large is nearly always an archive that lost its article breaks, so
/// it is reported and skipped instead of risking the machine's memory.
pub const MAX_ARTICLE_BYTES: usize = 4 << 20;

fn too_large(path: &str, line: Option<usize>, size: Option<u64>, max: usize) -> SourceError {
    let size = size.map_or_else(
        || "more than".to_string(),
        |n| format!("{:.1} MB, more than", n as f64 / (1u64 << 20) as f64),
    );
    let what = if line.is_some() { "line" } else { "article" };
    err(
        path,
        line,
        None,
        format!(
            "{what} of {size} the {} MB an article may have; split it into articles",
            max >> 20
        ),
    )
}

/// Reads one line (through its `\n`) into `buf`, keeping at most `max` bytes of it: a longer
/// line is consumed without being kept. Returns the bytes consumed and whether the line was
/// cut; 0 bytes means the end of the input.
pub fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    buf.clear();
    let mut total = 0usize;
    let mut cut = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, cut));
        }
        let (n, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !cut {
            if buf.len() + n <= max.saturating_add(1) {
                buf.extend_from_slice(&avail[..n]);
            } else {
                cut = true;
                *buf = Vec::new();
            }
        }
        r.consume(n);
        total += n;
        if done {
            return Ok((total, cut));
        }
    }
}

/// A JSON Lines file being read.
struct JsonlState {
    path: String,
    reader: Box<dyn BufRead + Send>,
    lineno: usize,
    /// Byte offset of the next line in the file.
    offset: usize,
}

/// Streams articles from files, one at a time. Errors are yielded in place, and reading goes on.
pub struct ArticleReader {
    files: std::vec::IntoIter<PathBuf>,
    jsonl: Option<JsonlState>,
    pending: std::vec::IntoIter<SourceError>,
    max_bytes: usize,
}

impl ArticleReader {
    pub fn new(paths: &[PathBuf]) -> ArticleReader {
        let (files, errors) = expand_paths(paths);
        ArticleReader {
            files: files.into_iter(),
            jsonl: None,
            pending: errors.into_iter(),
            max_bytes: MAX_ARTICLE_BYTES,
        }
    }

    /// Articles from JSON Lines read from `reader` (standard input, a socket, a fuzzer),
    /// named `name` in messages; the same checks as for a `.jsonl` file.
    pub fn from_jsonl(name: &str, reader: Box<dyn BufRead + Send>) -> ArticleReader {
        ArticleReader {
            files: Vec::new().into_iter(),
            jsonl: Some(JsonlState {
                path: name.to_string(),
                reader,
                lineno: 0,
                offset: 0,
            }),
            pending: Vec::new().into_iter(),
            max_bytes: MAX_ARTICLE_BYTES,
        }
    }

    /// The same, with another article size limit (for tests and the library API).
    pub fn with_max_bytes(mut self, max_bytes: usize) -> ArticleReader {
        self.max_bytes = max_bytes;
        self
    }

    fn next_jsonl(&mut self) -> Option<Result<Article, SourceError>> {
        let max = self.max_bytes;
        let st = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            st.lineno += 1;
            let lineno = st.lineno;
            let line_start = st.offset;
            let read = read_line_bounded(&mut st.reader, &mut buf, max);
            if let Ok((n, _)) = read {
                st.offset += n;
            }
            match read {
                Ok((0, _)) => {
                    self.jsonl = None;
                    return None;
                }
                Ok((_, true)) => return Some(Err(too_large(&st.path, Some(lineno), None, max))),
                Ok(_) => {
                    let mut bytes = buf.as_slice();
                    if lineno == 1 {
                        if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
                            if enc != encoding_rs::UTF_8 {
                                // Every line would fail: say it once, for the file.
                                let e = err(
                                    &st.path,
                                    None,
                                    None,
                                    format!(
                                        "{} text; JSON Lines must be UTF-8 ({ENCODING_HINT})",
                                        enc.name()
                                    ),
                                );
                                self.jsonl = None;
                                return Some(Err(e));
                            }
                            bytes = &bytes[bom..];
                        }
                    }
                    let line = match std::str::from_utf8(bytes) {
                        Ok(s) => s.trim(),
                        Err(e) => {
                            let at = line_start + (buf.len() - bytes.len()) + e.valid_up_to();
                            return Some(Err(err(
                                &st.path,
                                Some(lineno),
                                Some(at),
                                format!("invalid UTF-8; line skipped ({ENCODING_HINT})"),
                            )));
                        }
                    };
                    if line.is_empty() {
                        continue;
                    }
                    return Some(parse_json_line(line, &st.path, lineno));
                }
                Err(e) => {
                    let e = err(&st.path, Some(lineno), None, format!("cannot read: {e}"));
                    self.jsonl = None;
                    return Some(Err(e));
                }
            }
        }
    }

    /// Reads a whole text article, at most `max_bytes` of it.
    fn read_text(&self, p: &Path, shown: &str) -> Result<Vec<u8>, SourceError> {
        let max = self.max_bytes;
        let mut bytes = Vec::new();
        if p.as_os_str() == "-" {
            io::stdin()
                .lock()
                .take(max as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| err(shown, None, None, format!("cannot read: {e}")))?;
        } else {
            let f = fs::File::open(p)
                .map_err(|e| err(shown, None, None, format!("cannot open: {e}")))?;
            let meta = f
                .metadata()
                .map_err(|e| err(shown, None, None, format!("cannot read: {e}")))?;
            if meta.is_dir() {
                return Err(err(shown, None, None, "a directory, not a file"));
            }
            // A regular file's size is known before reading it.
            if meta.is_file() && meta.len() > max as u64 {
                return Err(too_large(shown, None, Some(meta.len()), max));
            }
            f.take(max as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| err(shown, None, None, format!("cannot read: {e}")))?;
        }
        if bytes.len() > max {
            return Err(too_large(shown, None, None, max));
        }
        Ok(bytes)
    }

    fn open(&mut self, p: PathBuf) -> Option<Result<Article, SourceError>> {
        let shown = if p.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            p.display().to_string()
        };
        if is_jsonl(&p) {
            return match fs::File::open(&p) {
                Ok(f) => {
                    self.jsonl = Some(JsonlState {
                        path: shown,
                        reader: Box::new(BufReader::new(f)),
                        lineno: 0,
                        offset: 0,
                    });
                    self.next_jsonl()
                }
                Err(e) => Some(Err(err(&shown, None, None, format!("cannot open: {e}")))),
            };
        }
        let bytes = match self.read_text(&p, &shown) {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let (text, note) = match decode_with_note(&bytes, &shown) {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        drop(bytes);
        let id = if p.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            file_stem(&p)
        };
        let mut a = parse_text_article(&id, &shown, &text);
        if let Some(why) = emptiness(&text, &a.text) {
            return Some(Err(err(&shown, None, None, why)));
        }
        a.warnings.extend(note);
        Some(Ok(a))
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
        assert_eq!(y.meta.published().unwrap().to_string(), "2019-03");
        let only_year = Article::from_text("x", "# date: 2019\nМәтін");
        assert_eq!(only_year.meta.published().unwrap().to_string(), "2019");
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
    fn old_mac_line_ends_end_front_matter_lines() {
        let a = Article::from_text("x", "# date: 2020-01-02\r# title: Т\rМәтін.\rЕкінші.\r");
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(a.meta.title.as_deref(), Some("Т"));
        assert_eq!(a.text, "Мәтін.\rЕкінші.\r");
        let b = Article::from_text("x", "---\rdate: 2020-01-02\r---\rМәтін.");
        assert_eq!(b.meta.date, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(b.text, "Мәтін.");
    }

    #[test]
    fn utf16_without_bom_is_recognized_and_binary_is_not_taken_for_it() {
        let le: Vec<u8> = "Сәлем, әлем"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (t, note) = decode_with_note(&le, "f").unwrap();
        assert_eq!(t, "Сәлем, әлем");
        assert!(note.unwrap().contains("UTF-16LE"));
        let be: Vec<u8> = "a b c".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, "f").unwrap(), "a b c");
        let bin: Vec<u8> = (0..=255u8).cycle().take(1024).collect();
        let e = decode(&bin, "f").unwrap_err();
        assert!(e.message.contains("binary"), "{e}");
        assert_eq!(e.byte, Some(0));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let e = parse_json_line("{\"id\": 1, \"text\": }", "a.jsonl", 7).unwrap_err();
        assert_eq!(e.line, Some(7));
        assert!(e.message.contains("column 19"), "{e}");
        assert!(!e.message.contains("line 1"), "{e}");
        let e = parse_json_line("{\"id\": \"\", \"text\": \"Мәтін\"}", "a.jsonl", 1).unwrap_err();
        assert!(e.message.contains("empty \"id\""), "{e}");
        let e = parse_json_line("{\"text\": \"  \"}", "a.jsonl", 1).unwrap_err();
        assert!(e.message.contains("empty \"text\""), "{e}");
    }

    #[test]
    fn a_long_line_is_consumed_but_not_kept() {
        let input = format!("{}\nкелесі\n", "а".repeat(1000));
        let mut r = io::BufReader::with_capacity(16, input.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 100).unwrap(),
            (2001, true)
        );
        assert!(buf.is_empty());
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 100).unwrap(),
            (13, false)
        );
        assert_eq!(buf, "келесі\n".as_bytes());
        assert_eq!(
            read_line_bounded(&mut r, &mut buf, 100).unwrap(),
            (0, false)
        );
    }

    #[test]
    fn empty_inputs_say_why() {
        assert_eq!(emptiness("", ""), Some("empty file; no article text"));
        assert!(emptiness(" \r\n\t", " \r\n\t")
            .unwrap()
            .contains("whitespace"));
        assert!(emptiness("# date: 2020\n", "")
            .unwrap()
            .contains("front matter"));
        assert_eq!(emptiness("Мәтін", "Мәтін"), None);
    }
}
