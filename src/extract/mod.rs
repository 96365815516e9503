//! Extraction: from an article's text to actors, mentions and relations. Nothing here knows
//! RDF; `crate::rdf` turns [`Annotations`] into quads.
//!
//! The work is a [`Pipeline`] of [`Extractor`] stages. Each declares what it needs and what it
//! provides, and [`Pipeline::new`] refuses an order in which a stage would run before what it
//! needs. The stages are language-neutral: a language (`crate::lang`) supplies its morphology,
//! word lists and rules, and assembles its pipeline.

pub mod coref;
pub mod entity;
mod model;
mod pipeline;
pub mod rules;
pub mod time;
pub mod words;

pub use model::*;
pub use pipeline::{Doc, Extractor, Layer, Pipeline, Segmenter};
pub use rules::RuleSet;
