//! Properties over generated inputs (proptest): normalization never loses the way back to the
//! original text, and relation rows survive a CSV (and JSON Lines) round trip unchanged.

use derek::export::csv::{write_rows, TableFormat};
use derek::export::{rows_from_annotations, RelRow};
use derek::source::Article;
use derek::text::normalize;
use proptest::prelude::*;

/// Characters the normalizer treats specially, mixed with Kazakh letters and anything at all.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            '\r', '\n', '\t', ' ', '\u{FEFF}', '\u{200B}', '\u{200D}', '\u{00AD}', '\u{00A0}',
            '\u{2009}', '“', '”', '„', '‘', '’', '«', '»', '"', '—', '―', '−', '–', '\u{0306}',
            '\u{0301}', '\u{0308}', 'и', 'е', 'a', 'e', 'o', 'p', 'c', 'x', 'y', 'i', 'K', 'H',
            'Қ', 'ә', 'і', 'ң', 'ү', 'ұ', '.', ',', '!', '?',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// Field text for CSV: delimiters, quotes, line ends, spaces at the ends, empty.
fn field() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(vec![
                ',', '"', '\'', '\n', '\r', '\t', ' ', ';', '«', '»', 'Қ', 'ә', 'a', '\u{FEFF}',
            ]),
            1 => any::<char>(),
        ],
        0..40,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn rel_row() -> impl Strategy<Value = RelRow> {
    (
        (field(), any::<usize>(), field(), field(), field(), field()),
        (
            field(),
            field(),
            field(),
            any::<usize>(),
            any::<usize>(),
            field(),
        ),
    )
        .prop_map(
            |((article, line, relation, subject, subject_label, object), rest)| {
                let (object_label, date, place, start, end, confidence) = rest;
                RelRow {
                    article,
                    line,
                    relation,
                    subject,
                    subject_label,
                    object,
                    object_label,
                    date,
                    place,
                    start,
                    end,
                    confidence,
                }
            },
        )
}

fn csv_round_trip(rows: &[RelRow]) -> Vec<RelRow> {
    let mut buf = Vec::new();
    write_rows(&mut buf, TableFormat::Csv, rows).unwrap();
    let mut rdr = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>(),
        derek::export::REL_COLUMNS
    );
    rdr.deserialize().map(|r| r.unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every normalized character maps back to a character of the original, in order, and the
    /// end maps to at most the original's end.
    #[test]
    fn normalized_offsets_map_back_into_the_original_in_order(s in tricky_string(300)) {
        let t = normalize(&s);
        let orig: Vec<char> = s.chars().collect();
        prop_assert_eq!(t.len_chars, t.text.chars().count());
        prop_assert!(t.len_chars <= orig.len());
        let mut last = None;
        for (i, c) in t.text.chars().enumerate() {
            let o = t.to_original(i);
            prop_assert!(o < orig.len(), "char {} ({:?}) maps to {} of {}", i, c, o, orig.len());
            if let Some(prev) = last {
                prop_assert!(o > prev, "char {} maps to {}, not after {}", i, o, prev);
            }
            last = Some(o);
            // A letter or digit that nothing rewrites (no Latin look-alike of a Cyrillic
            // letter, no combining mark after it, not the modifier apostrophe ʼ, a letter
            // to Unicode that the normalizer makes an apostrophe) comes back as itself.
            // (Invisible characters between a letter and its mark are dropped first.)
            let composed = orig[o + 1..]
                .iter()
                .find(|n| !"\u{FEFF}\u{200B}\u{200C}\u{200D}\u{2060}\u{00AD}".contains(**n))
                .is_some_and(|&n| unicode_normalization::char::canonical_combining_class(n) != 0);
            if orig[o].is_alphanumeric() && !"aeopcxyihABEKMHOPCTXIʼ".contains(orig[o]) && !composed {
                prop_assert_eq!(c, orig[o], "char {} changed", i);
            }
            if c == '\n' {
                prop_assert!(orig[o] == '\n' || orig[o] == '\r', "newline from {:?}", orig[o]);
            }
        }
        let end = t.to_original(t.len_chars);
        prop_assert!(end <= orig.len());
        prop_assert!(last.is_none_or(|l| end > l));
    }

    /// Relation rows written as CSV read back equal: commas, quotes, line ends, byte-order
    /// marks and spaces at the ends of fields included.
    #[test]
    fn relation_rows_survive_a_csv_round_trip(rows in prop::collection::vec(rel_row(), 0..8)) {
        prop_assert_eq!(csv_round_trip(&rows), rows);
    }

    /// The same for JSON Lines.
    #[test]
    fn relation_rows_survive_a_jsonl_round_trip(rows in prop::collection::vec(rel_row(), 0..8)) {
        let mut buf = Vec::new();
        write_rows(&mut buf, TableFormat::Jsonl, &rows).unwrap();
        let back: Vec<RelRow> = buf
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        prop_assert_eq!(back, rows);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rows extracted from generated articles (sentences of ours with noise around them) read
    /// back equal, and their offsets lie inside the article.
    #[test]
    fn extracted_rows_survive_a_csv_round_trip(
        noise in prop::collection::vec(tricky_string(20), 1..6),
        picks in prop::collection::vec(0usize..4, 1..6),
    ) {
        const SENTENCES: [&str; 4] = [
            "«Біз жұмысты жалғастырамыз», – деді Әлихан Смайылов.",
            "Асқар Маминнің айтуынша, \"жоба биыл аяқталады\".",
            "Мәжіліс заң жобасын қабылдады.",
            "Депутаттар үкіметті сынады.",
        ];
        let mut text = String::new();
        for (i, p) in picks.iter().enumerate() {
            text.push_str(&noise[i % noise.len()]);
            text.push_str(SENTENCES[*p]);
            text.push('\n');
        }
        let a = Article::from_text("prop", &text);
        let ann = derek::lang::extract(&a);
        let rows = rows_from_annotations(&a, &ann);
        let chars = a.text.chars().count();
        for r in &rows {
            prop_assert!(r.start <= r.end && r.end <= chars);
        }
        prop_assert_eq!(csv_round_trip(&rows), rows);
    }
}
