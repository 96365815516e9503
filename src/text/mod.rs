//! Text processing: normalization with offsets back to the original, tokens, quotes and
//! sentences, and Kazakh morphology.

pub mod morph;
pub mod normalize;
pub mod segment;
pub mod tokenize;

pub use normalize::{normalize, NormText};
pub use segment::{segment, Quote, Segmentation, Sentence};
pub use tokenize::{drop_hesitations, tokenize, TokKind, Token};

/// `s` with its first letter in upper case ("шешім" -> "Шешім").
pub fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
