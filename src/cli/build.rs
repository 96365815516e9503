//! `derek build`: extract and store, one named graph per article, replaced atomically.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::StoreArg;
use crate::batch::{for_each_extracted, Extracted};
use crate::error::Result;
use crate::extract::RelKind;
use crate::rdf::mint;
use crate::source::{ArticleReader, SourceError};
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
    /// Write each article in its own transaction even into an empty store (readers then see
    /// articles as they arrive; the default for an empty store is Oxigraph's bulk loader, much
    /// faster, which makes everything visible at once at the end).
    #[arg(long)]
    pub transactional: bool,
    /// Memory for the bulk loader's batches, in MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub bulk_memory: usize,
}

/// Articles written between flushes of the store in transactional builds.
const FLUSH_EVERY: usize = 1000;

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

/// What a build did, for the summary.
#[derive(Default)]
struct Tally {
    articles: usize,
    by_kind: BTreeMap<RelKind, usize>,
    seen: HashMap<String, String>,
    notes: Vec<String>,
    written: usize,
    removed: usize,
}

impl Tally {
    /// Counts an extracted article and reports its warnings; returns whether its id was
    /// already seen in this run.
    fn count(&mut self, x: &Extracted, pb: &ProgressBar) -> bool {
        let dup = if let Some(prev) = self.seen.insert(x.id.clone(), x.origin.clone()) {
            pb.suspend(|| {
                eprintln!(
                    "derek: warning: article id {:?} from {} was also read from {prev}; the later one replaces it",
                    x.id, x.origin
                )
            });
            true
        } else {
            false
        };
        for w in &x.warnings {
            pb.suspend(|| eprintln!("derek: warning: {w}"));
        }
        for n in &x.notes {
            self.notes.push(format!("{}: {n}", x.origin));
        }
        for k in &x.relations {
            *self.by_kind.entry(*k).or_default() += 1;
        }
        self.articles += 1;
        self.written += x.quads.len();
        pb.inc(1);
        dup
    }
}

/// An empty store: extraction on all cores feeds Oxigraph's bulk loader through a bounded
/// channel; the loader sorts and writes RocksDB files and ingests them at the end, in one step
/// (a crash before that leaves the store as it was).
fn build_bulk(
    args: &BuildArgs,
    store: &DerekStore,
    pb: &ProgressBar,
    tally: &mut Tally,
) -> Result<Vec<SourceError>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Extracted>(64);
    let paths = args.paths.clone();
    let jobs = args.jobs;
    let producer = std::thread::spawn(move || {
        let mut skipped = Vec::new();
        let r = for_each_extracted(
            ArticleReader::new(&paths),
            jobs,
            |e| skipped.push(e),
            |x| {
                // The receiver is gone only when loading failed; that error is reported there.
                tx.send(x)
                    .map_err(|_| crate::Error::Other("loading stopped".into()))
            },
        );
        (r, skipped)
    });
    let mut last_of_dups: HashMap<String, Vec<oxigraph::model::Quad>> = HashMap::new();
    // The names the articles give and their sum of contributions to the summary, for the
    // archive graph once the loader has committed.
    let mut names = std::collections::HashSet::new();
    let mut summary = crate::archive::Counts::new();
    let mut loader = store
        .store
        .bulk_loader()
        .with_max_memory_size_in_megabytes(args.bulk_memory.max(16));
    if let Some(j) = args.jobs {
        loader = loader.with_num_threads(j.max(1));
    }
    // Each quad goes to its article's graph and to the default graph, the set union of them
    // all (the store's module says why).
    let quads = rx.iter().flat_map(|x| {
        if tally.count(&x, pb) {
            last_of_dups.insert(x.id.clone(), x.quads.clone());
        }
        names.extend(crate::archive::names_in(&x.quads));
        crate::archive::add(&mut summary, &crate::archive::contribution(&x.quads), 1);
        x.quads.into_iter().flat_map(|q| {
            let copy = oxigraph::model::Quad::new(
                q.subject.clone(),
                q.predicate.clone(),
                q.object.clone(),
                oxigraph::model::GraphName::DefaultGraph,
            );
            [q, copy]
        })
    });
    let loaded = loader
        .load_ok_quads::<oxigraph::store::StorageError, oxigraph::store::StorageError>(
            quads.map(Ok),
        );
    let (produced, skipped) = producer
        .join()
        .map_err(|_| crate::Error::Other("extraction thread panicked".into()))?;
    loaded.map_err(|e| store.err(e))?;
    produced?;
    store.begin_bulk()?;
    loader.commit().map_err(|e| store.err(e))?;
    // An id read twice was loaded twice, into one graph: put back only its last version, and
    // derive the summary from the store (the sum of the versions' contributions is not that of
    // the graph that holds them all).
    if last_of_dups.is_empty() {
        store.end_bulk(&names, &summary)?;
    } else {
        store.recompute_archive()?;
        store.end_bulk(&names, &crate::archive::Counts::new())?;
        for (id, quads) in last_of_dups {
            store.replace_graph(&mint::graph(&id), &quads)?;
        }
    }
    for e in &skipped {
        pb.suspend(|| eprintln!("derek: skipped {e}"));
    }
    Ok(skipped)
}

/// A store with data: each article's graph replaced in its own transaction.
fn build_transactional(
    args: &BuildArgs,
    store: &DerekStore,
    pb: &ProgressBar,
    tally: &mut Tally,
) -> Result<Vec<SourceError>> {
    let mut skipped = Vec::new();
    for_each_extracted(
        ArticleReader::new(&args.paths),
        args.jobs,
        |e| {
            pb.suspend(|| eprintln!("derek: skipped {e}"));
            skipped.push(e);
        },
        |x| {
            tally.count(&x, pb);
            let graph = mint::graph(&x.id);
            tally.removed += store.graph_len(&graph)?;
            store.replace_graph(&graph, &x.quads)?;
            // Flushing now and then keeps RocksDB's write-ahead log short, which a reader
            // (derek serve) replays each time it opens a fresh snapshot.
            if tally.articles.is_multiple_of(FLUSH_EVERY) {
                store.flush()?;
            }
            Ok(())
        },
    )?;
    Ok(skipped)
}

pub fn run(args: BuildArgs) -> Result<i32> {
    let started = Instant::now();
    // A build that stores nothing (every input missing or skipped) leaves no new store behind.
    let existed = args.store.store.exists();
    let store = DerekStore::open(&args.store.store)?;
    let fresh = store.is_empty()? && !args.transactional;
    let pb = progress(args.quiet);
    let mut tally = Tally::default();
    let skipped = if fresh {
        build_bulk(&args, &store, &pb, &mut tally)?
    } else {
        build_transactional(&args, &store, &pb, &mut tally)?
    };
    store.flush()?;
    pb.finish_and_clear();
    let graphs = store.graphs()?.len();
    for n in &tally.notes {
        eprintln!("derek: note: {n}");
    }
    let total: usize = tally.by_kind.values().sum();
    let kinds: Vec<String> = tally
        .by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let n_articles = tally.articles;
    println!(
        "derek build: {n_articles} article{} read, {} skipped, in {:.2} s",
        if n_articles == 1 { "" } else { "s" },
        skipped.len(),
        started.elapsed().as_secs_f64()
    );
    if !existed && graphs == 0 {
        drop(store);
        std::fs::remove_dir_all(&args.store.store)
            .map_err(|e| crate::Error::io(&args.store.store, e))?;
        println!(
            "store {}: not created, nothing to store",
            args.store.store.display()
        );
    } else {
        println!(
            "store {}: {graphs} article graph{}; {} quads written ({:+}){}",
            args.store.store.display(),
            if graphs == 1 { "" } else { "s" },
            tally.written,
            tally.written as i64 - tally.removed as i64,
            if fresh { ", bulk loaded" } else { "" }
        );
    }
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
