//! `derek explain`: for each article, every relation with the rule that made it, and with
//! `--gold`, which gold relations were missed and which predictions are extra.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::io_out;
use crate::batch::article_rows_of;
use crate::error::Result;
use crate::eval::{load_gold, score};
use crate::source::ArticleReader;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Article files or directories.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Gold file or directory: marks each relation as matched or extra, and lists misses.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub gold: Vec<PathBuf>,
    /// Also show each sentence's actor mentions with their case, and each word's analysis.
    #[arg(long)]
    pub mentions: bool,
}

pub fn run(args: ExplainArgs) -> Result<i32> {
    let gold = if args.gold.is_empty() {
        None
    } else {
        Some(load_gold(&args.gold)?)
    };
    let mut out = std::io::stdout();
    let mut skipped = 0;
    for a in ArticleReader::new(&args.paths) {
        let a = match a {
            Ok(a) => a,
            Err(e) => {
                eprintln!("derek: skipped {e}");
                skipped += 1;
                continue;
            }
        };
        let (ann, rows) = article_rows_of(&a);
        if args.mentions {
            for line in crate::lang::debug_mentions(&a) {
                writeln!(out, "   {line}").map_err(io_out)?;
            }
        }
        writeln!(out, "== {} ({} relations)", a.id, ann.relations.len()).map_err(io_out)?;
        for n in &ann.notes {
            writeln!(out, "   note: {n}").map_err(io_out)?;
        }
        let report = gold.as_ref().map(|(g, arts)| {
            let g: Vec<_> = g
                .iter()
                .filter(|x| x.article == a.id || x.article == "*")
                .cloned()
                .collect();
            (score(&rows, &g, arts.as_ref()), g)
        });
        for r in &ann.relations {
            let mark =
                match &report {
                    None => "",
                    Some((rep, _)) => {
                        let label = ann.object_label(r);
                        let subj = ann.label_of(r.subject);
                        if rep.matches.iter().any(|(_, p)| {
                            p.line == r.line && p.object == label && p.subject == subj
                        }) {
                            "OK "
                        } else if crate::eval::family(r.kind.as_str()).is_some() {
                            "FP "
                        } else {
                            "   "
                        }
                    }
                };
            writeln!(
                out,
                "{mark}{:>3}  {:<11} {:<28} {}  [{} {:.2}]",
                r.line,
                r.kind.as_str(),
                ann.label_of(r.subject).chars().take(28).collect::<String>(),
                ann.object_label(r).chars().take(90).collect::<String>(),
                r.rule,
                r.confidence
            )
            .map_err(io_out)?;
        }
        if let Some((rep, _)) = &report {
            for g in &rep.false_negatives {
                writeln!(
                    out,
                    "FN {:>3}  {:<11} {:<28} {}",
                    g.line,
                    g.relation,
                    g.subject.chars().take(28).collect::<String>(),
                    g.object.chars().take(90).collect::<String>()
                )
                .map_err(io_out)?;
            }
        }
    }
    Ok(if skipped > 0 { 1 } else { 0 })
}
