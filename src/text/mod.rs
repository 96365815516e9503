//! Text processing: normalization with offsets back to the original, tokens, quotes and
//! sentences, and Kazakh morphology.

pub mod morph;
pub mod normalize;
pub mod segment;
pub mod tokenize;

pub use normalize::{normalize, NormText};
pub use segment::{segment, Quote, Segmentation, Sentence};
pub use tokenize::{tokenize, TokKind, Token};
