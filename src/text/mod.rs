//! Text processing: normalization with offsets back to the original, tokens, quotes and
//! sentences, and Kazakh morphology.

pub mod morph;
pub mod normalize;
pub mod segment;
pub mod tokenize;

pub use normalize::{normalize, NormText};
pub use segment::{segment, Quote, Segmentation, Sentence};
pub use tokenize::{drop_hesitations, tokenize, TokKind, Token};

/// Lower case, as `str::to_lowercase` gives it, without the Unicode table look-ups for the
/// letters of Kazakh and Russian text (ASCII and Cyrillic, U+0400-U+04FF), which a profile of
/// extraction found among its costs. Text with any other letter goes to `str::to_lowercase`.
pub fn lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match lower_char(c) {
            Some(l) => out.push(l),
            None => return s.to_lowercase(),
        }
    }
    out
}

/// The lower case of an ASCII or Cyrillic (U+0400-U+04FF) character; `None` for others.
fn lower_char(c: char) -> Option<char> {
    let u = c as u32;
    let even = u.is_multiple_of(2);
    let l = match u {
        0..=0x7F => return Some(c.to_ascii_lowercase()),
        0x0400..=0x040F => u + 0x50,
        0x0410..=0x042F => u + 0x20,
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x04FF if even => u + 1,
        0x04C0 => 0x04CF,
        0x04C1..=0x04CE if !even => u + 1,
        0x0430..=0x04FF => u,
        _ => return None,
    };
    char::from_u32(l)
}

/// `str::to_lowercase` through [`lowercase`]: `word.lower()`.
pub trait Lower {
    fn lower(&self) -> String;
}

impl Lower for str {
    fn lower(&self) -> String {
        lowercase(self)
    }
}

/// `s` with its first letter in upper case ("шешім" -> "Шешім").
pub fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_agrees_with_the_standard_library() {
        // Every ASCII and Cyrillic character, alone and in a word with others.
        for u in (0..0x80).chain(0x0400..0x0500) {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("{c}Аә{c}x");
            assert_eq!(lowercase(&s), s.to_lowercase(), "U+{u:04X}");
        }
        // Other letters fall back to the standard library (final sigma included).
        for s in ["ΟΔΟΣ", "Straße", "İstanbul", "ǅ", "Қазақстан ΣΑ"] {
            assert_eq!(lowercase(s), s.to_lowercase());
        }
    }
}
