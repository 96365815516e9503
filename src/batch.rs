//! The batch step: articles read, each extracted and turned into quads, on all cores in
//! bounded batches, results handed on in input order. `derek build`, `extract`, `eval` and
//! `explain` all go through it; [`annotate`] is the one place that runs extraction on an
//! article.

use oxrdf::Quad;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::export::{rows_from_annotations, RelRow};
use crate::extract::{Annotations, RelKind};
use crate::rdf::{article_quads, write_article_nquads};
use crate::source::{Article, ArticleReader, SourceError};

/// Articles extracted in parallel per batch; bounds memory whatever the corpus size.
pub const BATCH: usize = 256;

/// Extracts one article with the pipeline of its language (`crate::lang`): its actors,
/// relations, dates and places.
pub fn annotate(article: &Article) -> Annotations {
    crate::lang::extract(article)
}

/// The one-article step: an article's annotations and the quads of its named graph.
pub fn article_quads_of(article: &Article) -> (Annotations, Vec<Quad>) {
    let ann = annotate(article);
    let quads = article_quads(article, &ann);
    (ann, quads)
}

/// The one-article step for a stream: an article's annotations, its N-Quads appended to `out`
/// (the bytes that serializing [`article_quads_of`]'s quads gives).
pub fn article_nquads_of(article: &Article, out: &mut Vec<u8>) -> Annotations {
    let ann = annotate(article);
    write_article_nquads(article, &ann, out);
    ann
}

/// An article's annotations and its rows of the relations CSV (no quads, no store).
pub fn article_rows_of(article: &Article) -> (Annotations, Vec<RelRow>) {
    let ann = annotate(article);
    let rows = rows_from_annotations(article, &ann);
    (ann, rows)
}

/// What a build keeps of one extracted article.
pub struct Extracted {
    pub id: String,
    pub origin: String,
    pub quads: Vec<Quad>,
    pub relations: Vec<RelKind>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

/// Extracts one article and builds its quads.
pub fn extract_one(a: &Article) -> Extracted {
    let (ann, quads) = article_quads_of(a);
    Extracted {
        id: a.id.clone(),
        origin: a.origin.clone(),
        quads,
        relations: ann.relations.iter().map(|r| r.kind).collect(),
        notes: ann.notes,
        warnings: a.warnings.clone(),
    }
}

/// Runs `map` over the articles of `reader` on `jobs` threads (all cores by default), in
/// batches of [`BATCH`] articles so that memory stays bounded whatever the corpus size, and
/// hands each article with its result to `f` in input order. Read errors go to `on_error` as
/// their batch comes up.
///
/// Three things overlap: a thread reads the next batch, the pool maps the current one, and
/// this thread hands on the one before (`f`: writing output, storing). Without that, reading
/// and writing would leave the cores idle between batches.
pub fn par_map_articles<T: Send>(
    reader: ArticleReader,
    jobs: Option<usize>,
    map: impl Fn(&Article) -> T + Sync,
    mut on_error: impl FnMut(SourceError),
    mut f: impl FnMut(Article, T) -> Result<()>,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Other(e.to_string()))?;
    std::thread::scope(|scope| {
        // One batch read ahead; the reader stops when this side stops receiving.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ReadItem>>(1);
        scope.spawn(move || {
            let mut items = Vec::with_capacity(BATCH);
            let mut articles = 0;
            for item in reader {
                articles += usize::from(item.is_ok());
                items.push(item);
                if articles >= BATCH {
                    if tx.send(std::mem::take(&mut items)).is_err() {
                        return;
                    }
                    articles = 0;
                }
            }
            let _ = tx.send(items);
        });
        let mut handed = |prev: Option<(Vec<Article>, Vec<T>)>| -> Result<()> {
            for (a, t) in prev.into_iter().flat_map(|(a, t)| a.into_iter().zip(t)) {
                f(a, t)?;
            }
            Ok(())
        };
        let mut prev: Option<(Vec<Article>, Vec<T>)> = None;
        for items in rx {
            let mut batch = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Ok(a) => batch.push(a),
                    Err(e) => on_error(e),
                }
            }
            let mut done: Vec<T> = Vec::new();
            let mut result = Ok(());
            pool.in_place_scope(|s| {
                s.spawn(|_| done = batch.par_iter().map(&map).collect());
                result = handed(prev.take());
            });
            result?;
            prev = Some((batch, done));
        }
        handed(prev)
    })
}

type ReadItem = std::result::Result<Article, SourceError>;

/// Runs `f` on articles in bounded batches, extraction in parallel, results in input order.
/// A graph too large for the store's one transaction per article is reported through
/// `on_error`, like a read error, and not handed on.
#[cfg(feature = "store")]
pub fn for_each_extracted(
    reader: ArticleReader,
    jobs: Option<usize>,
    on_error: impl FnMut(SourceError),
    mut f: impl FnMut(Extracted) -> Result<()>,
) -> Result<()> {
    // Read errors and oversized graphs are reported through the same `on_error`, each when met.
    let on_error = std::cell::RefCell::new(on_error);
    par_map_articles(
        reader,
        jobs,
        extract_one,
        |e| (on_error.borrow_mut())(e),
        |_, e| match crate::store::graph_too_large(&e.origin, e.quads.len()) {
            Some(err) => {
                (on_error.borrow_mut())(err);
                Ok(())
            }
            None => f(e),
        },
    )
}

/// Relation rows of the articles at `paths`, extracted in memory, in input order; and the
/// inputs that could not be read.
pub fn rows_of_paths(paths: &[std::path::PathBuf]) -> (Vec<RelRow>, Vec<SourceError>) {
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for a in ArticleReader::new(paths) {
        match a {
            Ok(a) => rows.extend(article_rows_of(&a).1),
            Err(e) => skipped.push(e),
        }
    }
    (rows, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_come_back_in_input_order_with_read_errors_reported() {
        let dir = tempfile::tempdir().unwrap();
        let n = BATCH + 3;
        for i in 0..n {
            let text = format!("# title: {i}\nМәтін {i}.\n");
            std::fs::write(dir.path().join(format!("{i:04}.txt")), text).unwrap();
        }
        let paths = vec![dir.path().to_path_buf(), dir.path().join("missing.txt")];
        let mut ids = Vec::new();
        let mut errors = 0;
        par_map_articles(
            ArticleReader::new(&paths),
            Some(2),
            |a| a.id.clone(),
            |_| errors += 1,
            |a, id| {
                assert_eq!(a.id, id);
                ids.push(id);
                Ok(())
            },
        )
        .unwrap();
        let want: Vec<String> = (0..n).map(|i| format!("{i:04}")).collect();
        assert_eq!(ids, want);
        assert_eq!(errors, 1);
    }
}
