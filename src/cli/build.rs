//! `derek build`: extract and store, one named graph per article, replaced atomically.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::StoreArg;
use crate::error::Result;
use crate::extract::{Pipeline, RelKind};
use crate::rdf::{article_quads, mint};
use crate::source::{Article, ArticleReader, SourceError};
use crate::store::DerekStore;

#[derive(Args, Debug)]
#[command(
    after_help = "Inputs: .txt and .md files (front matter as `# key: value` lines or a --- block \
with date, source/url, title, lang), .jsonl files (one {\"id\", \"text\", \"date\", ...} object per line), \
directories (read recursively), or - for standard input.

Building the same articles again replaces their graphs: the store ends with the same quads."
)]
pub struct BuildArgs {
    /// Article files or directories; - reads one article from standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Worker threads for extraction (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Print only errors and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Articles extracted in parallel per batch; bounds memory whatever the corpus size.
const BATCH: usize = 256;

pub struct Extracted {
    pub id: String,
    pub origin: String,
    pub quads: Vec<oxigraph::model::Quad>,
    pub relations: Vec<RelKind>,
    pub notes: Vec<String>,
    pub warnings: Vec<String>,
}

pub fn extract_one(a: &Article) -> Extracted {
    let ann = Pipeline::kazakh().extract(a);
    Extracted {
        id: a.id.clone(),
        origin: a.origin.clone(),
        quads: article_quads(a, &ann),
        relations: ann.relations.iter().map(|r| r.kind).collect(),
        notes: ann.notes,
        warnings: a.warnings.clone(),
    }
}

/// Runs `f` on articles in bounded batches, extraction in parallel, results in input order.
pub fn for_each_extracted(
    reader: ArticleReader,
    jobs: Option<usize>,
    mut on_error: impl FnMut(SourceError),
    mut f: impl FnMut(Extracted) -> Result<()>,
) -> Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| crate::Error::Other(e.to_string()))?;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let flush =
        |batch: &mut Vec<Article>, f: &mut dyn FnMut(Extracted) -> Result<()>| -> Result<()> {
            let done: Vec<Extracted> = pool.install(|| batch.par_iter().map(extract_one).collect());
            batch.clear();
            for e in done {
                f(e)?;
            }
            Ok(())
        };
    for item in reader {
        match item {
            Ok(a) => {
                batch.push(a);
                if batch.len() >= BATCH {
                    flush(&mut batch, &mut f)?;
                }
            }
            Err(e) => on_error(e),
        }
    }
    flush(&mut batch, &mut f)
}

pub fn progress(quiet: bool) -> ProgressBar {
    let pb = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    pb.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles  {per_sec}  {elapsed}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb
}

pub fn run(args: BuildArgs) -> Result<i32> {
    let started = Instant::now();
    let store = DerekStore::open(&args.store.store)?;
    let before = store.len()?;
    let reader = ArticleReader::new(&args.paths);
    let pb = progress(args.quiet);
    let mut skipped: Vec<SourceError> = Vec::new();
    let mut n_articles = 0usize;
    let mut by_kind: BTreeMap<RelKind, usize> = BTreeMap::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut notes: Vec<String> = Vec::new();
    for_each_extracted(
        reader,
        args.jobs,
        |e| {
            pb.suspend(|| eprintln!("derek: skipped {e}"));
            skipped.push(e);
        },
        |x| {
            if let Some(prev) = seen.insert(x.id.clone(), x.origin.clone()) {
                pb.suspend(|| {
                    eprintln!(
                        "derek: warning: article id {:?} from {} was also read from {prev}; the later one replaces it",
                        x.id, x.origin
                    )
                });
            }
            for w in &x.warnings {
                pb.suspend(|| eprintln!("derek: warning: {w}"));
            }
            for n in &x.notes {
                notes.push(format!("{}: {n}", x.origin));
            }
            store.replace_graph(&mint::graph(&x.id), &x.quads)?;
            for k in &x.relations {
                *by_kind.entry(*k).or_default() += 1;
            }
            n_articles += 1;
            pb.inc(1);
            Ok(())
        },
    )?;
    store.flush()?;
    pb.finish_and_clear();
    let after = store.len()?;
    let graphs = store.graphs()?.len();
    for n in &notes {
        eprintln!("derek: note: {n}");
    }
    let total: usize = by_kind.values().sum();
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "derek build: {n_articles} article{} read, {} skipped, in {:.2} s",
        if n_articles == 1 { "" } else { "s" },
        skipped.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "store {}: {graphs} article graph{}, {after} quads ({:+})",
        args.store.store.display(),
        if graphs == 1 { "" } else { "s" },
        after as i64 - before as i64
    );
    println!(
        "relations: {total}{}",
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    );
    if !skipped.is_empty() {
        eprintln!("derek: {} input(s) skipped:", skipped.len());
        for s in &skipped {
            eprintln!("  {s}");
        }
        return Ok(1);
    }
    Ok(0)
}
