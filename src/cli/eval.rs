//! `derek eval`: precision, recall and F1 against gold relation files.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{io_out, StoreArg};
use crate::batch::rows_of_paths;
use crate::error::Result;
use crate::eval::{format_families, load_gold, score, Report};
use crate::export::rows_from_store;
use crate::store::DerekStore;

#[derive(Args, Debug)]
#[command(
    after_help = "Gold files are TSV with header line, relation, subject, object, date, place, note;
| separates acceptable alternatives. A file ARTICLE.gold.tsv scores the article with that id; any
other name (gold.tsv) scores every article. The matching is that of shared/tools/score.py.

Without PATHS, the relations come from the store; with PATHS, the articles are extracted in memory."
)]
pub struct EvalArgs {
    /// Gold file or directory of *.gold.tsv (repeatable).
    #[arg(long, required = true, value_name = "FILE_OR_DIR")]
    pub gold: Vec<PathBuf>,
    /// Articles to extract and score instead of reading the store.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// List every missed gold relation (FN) and every extra prediction (FP).
    #[arg(long)]
    pub errors: bool,
    /// Print figures per article too.
    #[arg(long)]
    pub per_article: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn print_report(
    r: &Report,
    errors: bool,
    per_article: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if per_article {
        writeln!(
            out,
            "{:44} {:>6} {:>6} {:>6}  speech P   tp fp fn",
            "article", "P", "R", "F1"
        )
        .map_err(io_out)?;
        for (a, fams) in &r.articles {
            let all = fams.get("all").copied().unwrap_or_default();
            let sp = fams.get("speech").copied().unwrap_or_default();
            writeln!(
                out,
                "{:44} {:>6.3} {:>6.3} {:>6.3}  {:>8} {:>4} {:>2} {:>2}",
                a,
                all.p,
                all.r,
                all.f1,
                if sp.tp + sp.fp > 0 {
                    format!("{:.3}", sp.p)
                } else {
                    "-".into()
                },
                all.tp,
                all.fp,
                all.fn_
            )
            .map_err(io_out)?;
        }
        writeln!(out).map_err(io_out)?;
    }
    if errors {
        for g in &r.false_negatives {
            writeln!(
                out,
                "FN\t{}\t{}\t{}\t{}\t{}",
                g.article,
                g.line,
                g.relation,
                g.subject.chars().take(40).collect::<String>(),
                g.object.chars().take(80).collect::<String>()
            )
            .map_err(io_out)?;
        }
        for p in &r.false_positives {
            writeln!(
                out,
                "FP\t{}\t{}\t{}\t{}\t{}",
                p.article,
                p.line,
                p.relation,
                p.subject.chars().take(40).collect::<String>(),
                p.object.chars().take(80).collect::<String>()
            )
            .map_err(io_out)?;
        }
        writeln!(out).map_err(io_out)?;
    }
    write!(out, "{}", format_families(r)).map_err(io_out)?;
    Ok(())
}

pub fn run(args: EvalArgs) -> Result<i32> {
    let (gold, articles) = load_gold(&args.gold)?;
    let (rows, skipped) = if args.paths.is_empty() {
        let store = DerekStore::open_read_only(&args.store.store)?;
        (rows_from_store(&store)?, 0)
    } else {
        let (rows, skipped) = rows_of_paths(&args.paths);
        for e in &skipped {
            eprintln!("derek: skipped {e}");
        }
        (rows, skipped.len())
    };
    let report = score(&rows, &gold, articles.as_ref());
    let mut out = std::io::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report.families)
            .map_err(|e| crate::Error::Other(e.to_string()))?;
        writeln!(out).map_err(io_out)?;
    } else {
        print_report(&report, args.errors, args.per_article, &mut out)?;
    }
    Ok(if skipped > 0 { 1 } else { 0 })
}
