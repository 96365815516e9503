//! derek turns Kazakh news articles into a knowledge graph: who said what, who adopted which
//! decision, who called on or criticized whom, when and where.
//!
//! The flow is `source` (articles) -> `text` (normalize, tokens, sentences, morphology) ->
//! `extract` (actors, speech, events, dates, places) -> `rdf` (IRIs and quads) -> `store`
//! (Oxigraph on disk) -> `query`, `export`, `viz`, `serve`. `lang` chooses the pipeline for an
//! article's language and holds what is specific to each language (`lang::kk`: Kazakh).

#[cfg(feature = "store")]
pub mod archive;
pub mod batch;
#[cfg(feature = "store")]
pub mod cli;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod lang;
pub mod lexicon;
#[cfg(feature = "store")]
pub mod query;
pub mod rdf;
#[cfg(feature = "store")]
pub mod remote;
#[cfg(feature = "store")]
pub mod serve;
pub mod source;
#[cfg(feature = "store")]
pub mod store;
pub mod tagger;
pub mod text;

pub use error::{Error, Result};
