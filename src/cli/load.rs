//! `derek load`: N-Quads into the store with Oxigraph's bulk loader, the reduce step after a
//! cluster ran `derek extract` over shards. Graphs the store already holds are replaced, as
//! `derek build` replaces them, so loading the same shards again leaves the same quads.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

use super::StoreArg;
use crate::error::{Error, Result};
use crate::store::DerekStore;

#[derive(Args, Debug)]
#[command(
    after_help = "Inputs: N-Quads files (as `derek extract --format nq` writes), directories (every
file in them whose name does not start with `.` or `_`, as Spark's part-NNNNN files), or - for
standard input. Nothing is stored unless every input parses: an error names the file and line.

Example (the scale-out recipe in the README):
  spark-submit scripts/spark/extract.py corpus.jsonl quads/ && derek load quads/"
)]
pub struct LoadArgs {
    /// N-Quads files or directories of them; - reads standard input.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Threads the bulk loader uses (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Print only errors and the summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The files to read, in order: directories are listed (sorted), hidden and `_` files skipped.
fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(p.clone());
            continue;
        }
        let m = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if m.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let name = f.file_name().map(|n| n.to_string_lossy().into_owned());
                    f.is_file() && name.is_some_and(|n| !n.starts_with('.') && !n.starts_with('_'))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no files to load in this directory",
                    p.display()
                )));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn open(p: &Path) -> Result<Box<dyn Read>> {
    if p.as_os_str() == "-" {
        Ok(Box::new(std::io::stdin().lock()))
    } else {
        Ok(Box::new(BufReader::new(
            File::open(p).map_err(|e| Error::io(p, e))?,
        )))
    }
}

pub fn run(args: LoadArgs) -> Result<i32> {
    let started = Instant::now();
    let files = inputs(&args.paths)?;
    let store = DerekStore::open(&args.store.store)?;
    let before = store.len()?;
    let had_graphs: HashSet<String> = store.graphs()?.into_iter().collect();
    let mut loader = store.store.bulk_loader();
    if let Some(j) = args.jobs {
        loader = loader.with_num_threads(j.max(1));
    }
    if !args.quiet {
        loader = loader.on_progress(|n| eprintln!("derek load: {n} quads so far"));
    }
    // Graphs of the input that the store already holds: removed just before the commit, so the
    // loaded quads replace them and a failed load changes nothing.
    let mut replace: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut quads = 0u64;
    let mut default_graph = 0u64;
    for f in &files {
        let shown = if f.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            f.display().to_string()
        };
        let mut failure: Option<Error> = None;
        let parser = RdfParser::from_format(RdfFormat::NQuads).for_reader(open(f)?);
        let iter = parser.map_while(|r| match r {
            Ok(q) => Some(q),
            Err(e) => {
                failure = Some(Error::Other(format!("{shown}: {e}; nothing was stored")));
                None
            }
        });
        let iter = iter.inspect(|q: &Quad| {
            quads += 1;
            match &q.graph_name {
                GraphName::NamedNode(g) => {
                    if !seen.contains(g.as_str()) {
                        seen.insert(g.as_str().to_string());
                        if had_graphs.contains(g.as_str()) {
                            replace.push(g.as_str().to_string());
                        }
                    }
                }
                _ => default_graph += 1,
            }
        });
        loader
            .load_quads(iter)
            .map_err(|e| store.err(format!("loading {shown}: {e}")))?;
        if let Some(e) = failure {
            // Dropping the loader removes its temporary files; the store is untouched.
            return Err(e);
        }
    }
    for g in &replace {
        let name = NamedNode::new(g.as_str()).map_err(|e| store.err(e))?;
        store
            .store
            .remove_named_graph(name.as_ref())
            .map_err(|e| store.err(e))?;
    }
    loader.commit().map_err(|e| store.err(e))?;
    store.flush()?;
    let after = store.len()?;
    if default_graph > 0 {
        eprintln!(
            "derek load: warning: {default_graph} quads were in the default graph, not in an article graph (they are kept, but `derek build` output never has any)"
        );
    }
    println!(
        "derek load: {} file{}, {quads} quads read, {} article graphs ({} replaced), in {:.2} s",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        seen.len(),
        replace.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "store {}: {} article graphs, {after} quads ({:+})",
        args.store.store.display(),
        store.graphs()?.len(),
        after as i64 - before as i64
    );
    Ok(0)
}
