//! From annotations to RDF: the vocabulary, IRI minting, and the quads of one article.

pub mod build;
pub mod mint;
pub mod nquads;
pub mod vocab;

pub use build::{article_quads, write_article_nquads};
