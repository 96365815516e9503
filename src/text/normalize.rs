//! Normalization with a way back: every normalized character knows the original character it
//! came from, so that offsets reported to users always point into the text they gave us.
//!
//! What changes: Windows and old-Mac line ends become `\n`; byte-order marks and zero-width
//! characters disappear; non-breaking and typographic spaces become a space; typographic double
//! quotes (“ ” „ ‟) become `"` and single ones `'`; long dashes become `–`; combining marks are
//! composed (NFC) where a precomposed letter exists; Latin letters that look like Cyrillic ones
//! inside a Cyrillic word (a scraping habit: `Қазақстан` typed with a Latin `a`, `i` for `і`)
//! become the Cyrillic letter. Guillemets « » are kept: they tell opening from closing.

use unicode_normalization::char::{canonical_combining_class, compose};

/// Normalized text plus a sparse map from normalized character offsets to original ones.
#[derive(Debug, Clone, Default)]
pub struct NormText {
    pub text: String,
    /// Number of chars in `text`.
    pub len_chars: usize,
    /// Sorted `(normalized char index, delta)`: from that index on, original = normalized + delta,
    /// until the next entry. Empty when nothing moved.
    shifts: Vec<(usize, isize)>,
    /// Length of the original text in chars.
    orig_len: usize,
}

impl NormText {
    /// Maps a normalized char offset (0..=len_chars) back to the original text.
    pub fn to_original(&self, norm: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= norm);
        let delta = if i == 0 { 0 } else { self.shifts[i - 1].1 };
        let o = norm as isize + delta;
        (o.max(0) as usize).min(self.orig_len)
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// Latin letters that are commonly typed in place of the Cyrillic letter of the same shape.
fn cyrillic_lookalike(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'x' => 'х',
        'y' => 'у',
        'i' => 'і',
        'h' => 'һ',
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'K' => 'К',
        'M' => 'М',
        'H' => 'Н',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'I' => 'І',
        _ => return None,
    })
}

/// Normalizes `input` (see the module doc).
pub fn normalize(input: &str) -> NormText {
    let mut out = String::with_capacity(input.len());
    let mut shifts: Vec<(usize, isize)> = Vec::new();
    let mut n = 0usize; // chars written
    let mut delta: isize = 0; // original index - normalized index for the next written char
    let mut last: Option<char> = None;
    let mut chars = input.chars().peekable();
    let mut orig_i = 0usize;
    // Start of the current letter run in `out` (byte offset) for the lookalike pass.
    let mut run_start: Option<usize> = None;
    let mut run_has_cyr = false;
    let mut run_has_latin = false;
    let mut fix_runs: Vec<(usize, usize)> = Vec::new();

    let push = |c: char,
                orig_i: usize,
                out: &mut String,
                n: &mut usize,
                delta: &mut isize,
                shifts: &mut Vec<(usize, isize)>| {
        let want = orig_i as isize - *n as isize;
        if want != *delta {
            *delta = want;
            shifts.push((*n, want));
        }
        out.push(c);
        *n += 1;
    };

    while let Some(c) = chars.next() {
        let here = orig_i;
        orig_i += 1;
        let mapped = match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    continue;
                }
                '\n'
            }
            '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}' => continue,
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
            '\t' => ' ',
            '“' | '”' | '„' | '‟' | '″' | '〝' | '〞' | '＂' => '"',
            '‘' | '’' | '‚' | '‛' | 'ʼ' | '′' => '\'',
            '—' | '‒' | '―' | '−' => '–',
            // Combining marks: none in ASCII or in the Cyrillic letters Kazakh uses.
            c if !c.is_ascii()
                && !matches!(c, '\u{0400}'..='\u{0482}' | '\u{048A}'..='\u{052F}')
                && canonical_combining_class(c) != 0 =>
            {
                if let Some(prev) = last {
                    if let Some(composed) = compose(prev, c) {
                        // Replace the previous char in place: same original index.
                        let len = prev.len_utf8();
                        out.truncate(out.len() - len);
                        out.push(composed);
                        last = Some(composed);
                        continue;
                    }
                }
                c
            }
            c => c,
        };
        if crate::text::tokenize::is_word_char(mapped) && !mapped.is_ascii_digit() {
            if run_start.is_none() {
                run_start = Some(out.len());
                run_has_cyr = false;
                run_has_latin = false;
            }
            if is_cyrillic(mapped) {
                run_has_cyr = true;
            } else if cyrillic_lookalike(mapped).is_some() {
                run_has_latin = true;
            }
        } else if let Some(s) = run_start.take() {
            if run_has_cyr && run_has_latin {
                fix_runs.push((s, out.len()));
            }
        }
        push(mapped, here, &mut out, &mut n, &mut delta, &mut shifts);
        last = Some(mapped);
    }
    if let Some(s) = run_start.take() {
        if run_has_cyr && run_has_latin {
            fix_runs.push((s, out.len()));
        }
    }
    if !fix_runs.is_empty() {
        // Same number of chars in and out, so the offset map is unchanged.
        let mut fixed = String::with_capacity(out.len());
        let mut at = 0;
        for (s, e) in fix_runs {
            fixed.push_str(&out[at..s]);
            fixed.extend(
                out[s..e]
                    .chars()
                    .map(|c| cyrillic_lookalike(c).unwrap_or(c)),
            );
            at = e;
        }
        fixed.push_str(&out[at..]);
        out = fixed;
    }
    NormText {
        text: out,
        len_chars: n,
        shifts,
        orig_len: orig_i,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_and_spaces_are_unified() {
        let t = normalize("“Иә” — деді\u{00A0}ол");
        assert_eq!(t.text, "\"Иә\" – деді ол");
    }

    #[test]
    fn offsets_survive_removed_characters() {
        let src = "\u{FEFF}а\r\nб\u{200B}в";
        let t = normalize(src);
        assert_eq!(t.text, "а\nб в".replace(' ', ""));
        let orig: Vec<char> = src.chars().collect();
        for (i, c) in t.text.chars().enumerate() {
            let o = t.to_original(i);
            if c != '\n' {
                assert_eq!(orig[o], c, "char {i}");
            }
        }
        assert_eq!(t.to_original(t.len_chars), orig.len());
    }

    #[test]
    fn combining_marks_compose() {
        let t = normalize("и\u{0306}");
        assert_eq!(t.text, "й");
        assert_eq!(t.len_chars, 1);
    }

    #[test]
    fn latin_lookalikes_inside_cyrillic_words_become_cyrillic() {
        let t = normalize("Қaзaқстан бiлiм Paris");
        assert_eq!(t.text, "Қазақстан білім Paris");
    }
}
