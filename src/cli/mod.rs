//! The command line: one verb per module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::Error;

pub mod build;
pub mod dump;
pub mod eval;
pub mod eval_ner;
pub mod explain;
pub mod export;
pub mod extract;
pub mod gen;
pub mod load;
pub mod push;
pub mod query;
pub mod serve;
pub mod train_ner;
pub mod viz;

const ABOUT: &str = "Turn Kazakh news articles into a knowledge graph: who said what, who adopted \
which decision, who called on or criticized whom, when and where.";

const AFTER: &str = "Typical session:
  derek build data/articles            extract and store (./derek-store)
  derek export relations -o rel.csv    the relations as CSV
  derek query --name who-said-what     a shipped query (derek query --list)
  derek viz --format svg -o graph.svg  a picture of the graph
  derek eval --gold gold.tsv           precision and recall against annotations

Exit codes: 0 all good; 1 some inputs were skipped (listed on stderr); 2 usage or fatal error.";

#[derive(Parser, Debug)]
#[command(name = "derek", version, about = ABOUT, after_help = AFTER, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Extract relations from articles and load them into the store (one named graph per article).
    Build(build::BuildArgs),
    /// Extract relations and print RDF or JSON; no store (a filter for pipelines and clusters).
    Extract(extract::ExtractArgs),
    /// Run a SPARQL query (text, file, or a shipped named query) over the store.
    Query(query::QueryArgs),
    /// Write relations, entities or statements as CSV, TSV or JSON Lines.
    Export(export::ExportArgs),
    /// Draw the graph: DOT, SVG, GraphML or an interactive HTML page.
    Viz(viz::VizArgs),
    /// Precision, recall and F1 of extracted relations against gold annotations.
    Eval(eval::EvalArgs),
    /// Show, for articles, which rule made each relation (and, with --gold, what was missed).
    Explain(explain::ExplainArgs),
    /// Answer SPARQL 1.1 Protocol queries over HTTP (read-only), with a query page.
    Serve(serve::ServeArgs),
    /// Send each article's graph to a SPARQL server (Graph Store Protocol PUT per graph).
    Push(push::PushArgs),
    /// Bulk-load N-Quads (e.g. `derek extract` output from a cluster) into the store.
    Load(load::LoadArgs),
    /// Write a synthetic Kazakh news corpus (for benchmarks and scale tests).
    Gen(gen::GenArgs),
    /// Train the entity tagger's weights on KazNERD (held-out scores printed).
    TrainNer(train_ner::TrainNerArgs),
    /// Score the entity tagger on KazNERD's test split (exact-match P/R/F1 per class).
    EvalNer(eval_ner::EvalNerArgs),
    /// Write the store's article graphs as N-Quads or TriG (a backup, or another store's input).
    Dump(dump::DumpArgs),
    /// One query process of `derek serve` (started by it).
    #[command(hide = true, name = "serve-worker")]
    ServeWorker(serve::WorkerArgs),
}

/// `--store DIR`, shared by every verb that reads or writes a store.
#[derive(Args, Debug, Clone)]
pub struct StoreArg {
    /// Store directory.
    #[arg(long, env = "DEREK_STORE", default_value = crate::store::DEFAULT_STORE, value_name = "DIR")]
    pub store: PathBuf,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // A panic is a bug, but the exit code must still mean something: 2, with a line that says
    // so after the panic message (the store is left as its last transaction left it).
    let r = std::panic::catch_unwind(move || match cli.cmd {
        Cmd::Build(a) => build::run(a),
        Cmd::Extract(a) => extract::run(a),
        Cmd::Query(a) => query::run(a),
        Cmd::Export(a) => export::run(a),
        Cmd::Viz(a) => viz::run(a),
        Cmd::Eval(a) => eval::run(a),
        Cmd::Explain(a) => explain::run(a),
        Cmd::Serve(a) => serve::run(a),
        Cmd::Push(a) => push::run(a),
        Cmd::Load(a) => load::run(a),
        Cmd::Gen(a) => gen::run(a),
        Cmd::TrainNer(a) => train_ner::run(a),
        Cmd::EvalNer(a) => eval_ner::run(a),
        Cmd::Dump(a) => dump::run(a),
        Cmd::ServeWorker(a) => serve::run_serve_worker(a),
    });
    match r {
        Ok(Ok(code)) => code,
        // A closed output (`derek ... | head`): the reader wanted no more; nothing to report.
        Ok(Err(Error::BrokenPipe)) => 0,
        Ok(Err(e)) => {
            report(&e);
            e.exit_code()
        }
        Err(_) => {
            eprintln!(
                "derek: internal error (a bug; please report it with the input that caused it)"
            );
            2
        }
    }
}

pub fn report(e: &Error) {
    eprintln!("derek: error: {e}");
}

/// Opens the output: a file (written next to the target and renamed into place when complete,
/// so a failed run never leaves half a file) or standard output.
pub struct Output {
    inner: OutputInner,
}

enum OutputInner {
    Stdout(std::io::Stdout),
    File {
        tmp: tempfile::NamedTempFile,
        path: PathBuf,
    },
    /// A device or a pipe that exists already ("-o /dev/null", a named pipe): written in
    /// place; renaming over it would replace the device with a file.
    Special {
        file: std::fs::File,
        path: PathBuf,
    },
}

impl Output {
    pub fn open(path: Option<&PathBuf>) -> Result<Output, Error> {
        let inner = match path {
            None => OutputInner::Stdout(std::io::stdout()),
            Some(p) if p.as_os_str() == "-" => OutputInner::Stdout(std::io::stdout()),
            Some(p) if std::fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .map_err(|e| Error::io(p, e))?;
                OutputInner::Special {
                    file,
                    path: p.clone(),
                }
            }
            Some(p) => {
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map(PathBuf::from)
                    .unwrap_or_else(|| PathBuf::from("."));
                let tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| Error::io(&dir, e))?;
                OutputInner::File {
                    tmp,
                    path: p.clone(),
                }
            }
        };
        Ok(Output { inner })
    }

    pub fn path(&self) -> Option<&PathBuf> {
        match &self.inner {
            OutputInner::File { path, .. } | OutputInner::Special { path, .. } => Some(path),
            OutputInner::Stdout(_) => None,
        }
    }

    /// Renames the finished file into place.
    pub fn finish(self) -> Result<(), Error> {
        match self.inner {
            OutputInner::Stdout(mut s) => {
                use std::io::Write;
                s.flush().map_err(io_out)
            }
            OutputInner::Special { mut file, path } => {
                use std::io::Write;
                file.flush().map_err(|e| Error::io(&path, e))
            }
            OutputInner::File { tmp, path } => {
                // A temporary file is private (0600); what we write is for others to read too:
                // keep the mode of the file replaced, else the usual 0644.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let perm = std::fs::metadata(&path)
                        .map(|m| m.permissions())
                        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
                    tmp.as_file()
                        .set_permissions(perm)
                        .map_err(|e| Error::io(&path, e))?;
                }
                tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
                Ok(())
            }
        }
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            OutputInner::Stdout(s) => s.write(buf),
            OutputInner::File { tmp, .. } => tmp.write(buf),
            OutputInner::Special { file, .. } => file.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            OutputInner::Stdout(s) => s.flush(),
            OutputInner::File { tmp, .. } => tmp.flush(),
            OutputInner::Special { file, .. } => file.flush(),
        }
    }
}

pub use crate::error::io_out;
