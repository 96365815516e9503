//! `derek gen`: a synthetic Kazakh news corpus for benchmarks and scale tests.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{io_out, Output};
use crate::error::{Error, Result};
use crate::lang::kk::gen::Generator;

#[derive(Args, Debug)]
#[command(
    after_help = "Writes JSON Lines ({\"id\", \"date\", \"text\"} per line) to -o FILE or standard output,
or one .txt file per article (with a `# date:` header) into --dir DIR. The same --seed gives the
same corpus. The sentences come from data/kk/gen/templates.toml."
)]
pub struct GenArgs {
    /// How many articles.
    #[arg(long, short = 'n', default_value_t = 1000)]
    pub articles: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write one .txt file per article into this directory instead of JSON Lines.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub dir: Option<PathBuf>,
    /// Write JSON Lines to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: GenArgs) -> Result<i32> {
    let mut g = Generator::new(args.seed)?;
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for i in 0..args.articles {
            let a = g.article(i);
            let p = dir.join(format!("{}.txt", a.id));
            std::fs::write(&p, format!("# date: {}\n{}", a.date, a.text))
                .map_err(|e| Error::io(&p, e))?;
        }
        return Ok(0);
    }
    let mut out = std::io::BufWriter::new(Output::open(args.output.as_ref())?);
    for i in 0..args.articles {
        let a = g.article(i);
        serde_json::to_writer(&mut out, &a).map_err(|e| Error::Other(e.to_string()))?;
        out.write_all(b"\n").map_err(io_out)?;
    }
    let out = out.into_inner().map_err(|e| io_out(e.into_error()))?;
    out.finish()?;
    Ok(0)
}
