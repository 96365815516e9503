//! CoNLL files with one `word TAG` per line and a blank line between sentences (the IOB2 files
//! of KazNERD, CoNLL-2002 and -2003). The tag is the last field, the word the first.

use std::path::Path;

use crate::error::{Error, Result};

/// One sentence of a CoNLL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    /// 1-based line of the first word.
    pub line: usize,
}

/// Reads a CoNLL file.
pub fn read(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, &path.display().to_string())
}

/// Parses CoNLL text; `file` is what errors name. A line with a single field is an error.
pub fn parse(text: &str, file: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence {
        words: Vec::new(),
        tags: Vec::new(),
        line: 1,
    };
    for (i, line) in text.lines().enumerate() {
        let mut fields = line.split_whitespace();
        let (Some(word), Some(tag)) = (fields.next(), fields.next_back()) else {
            if !line.trim().is_empty() {
                return Err(Error::Data {
                    file: file.to_string(),
                    line: i + 1,
                    message: format!("expected `word TAG`, found {line:?}"),
                });
            }
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                        line: i + 2,
                    },
                ));
            } else {
                cur.line = i + 2;
            }
            continue;
        };
        cur.words.push(word.to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_lines() {
        let s = parse("\nАстана B-GPE\nқаласы O\n\n\nОл O\n", "t.txt").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["Астана", "қаласы"]);
        assert_eq!(s[0].tags, ["B-GPE", "O"]);
        assert_eq!(s[0].line, 2);
        assert_eq!(s[1].line, 6);
    }

    #[test]
    fn a_line_without_a_tag_names_file_and_line() {
        let e = parse("a O\nb\n", "t.txt").unwrap_err();
        assert!(e.to_string().starts_with("t.txt:2:"), "{e}");
    }
}
