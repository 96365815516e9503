//! The readers on any bytes: decoding (UTF-8, byte-order marks, UTF-16, binary), front matter,
//! and the JSON Lines reader. None may panic; every error must point inside the input; every
//! article must have text and an id that makes a valid graph IRI.

#![no_main]

use std::io::Cursor;

use derek::rdf::mint;
use derek::source::{decode_with_note, parse_text_article, ArticleReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    match decode_with_note(data, "f.txt") {
        Ok((text, _)) => {
            assert!(!text.contains('\0'), "decoded text with a NUL");
            let a = parse_text_article("f", "f.txt", &text);
            // The body is what follows the front matter, unchanged.
            assert!(text.ends_with(&a.text), "body is not a suffix of the text");
        }
        Err(e) => {
            assert!(e.byte.is_none_or(|b| b <= data.len()), "{e}");
            assert!(e.line.is_none_or(|l| (1..=lines).contains(&l)), "{e}");
        }
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let a = parse_text_article("f", "f.txt", s);
        assert!(s.ends_with(&a.text));
    }
    // A small size limit, so that long lines take the bounded path too.
    let reader = ArticleReader::from_jsonl("f.jsonl", Box::new(Cursor::new(data.to_vec())))
        .with_max_bytes(1024);
    for item in reader {
        match item {
            Ok(a) => {
                assert!(!a.text.trim().is_empty(), "an article without text");
                assert!(!a.id.trim().is_empty(), "an article without an id");
                oxrdf::NamedNode::new(mint::graph(&a.id)).expect("graph IRI");
            }
            Err(e) => {
                assert!(e.line.is_none_or(|l| (1..=lines).contains(&l)), "{e}");
                assert!(e.byte.is_none_or(|b| b <= data.len()), "{e}");
            }
        }
    }
});
