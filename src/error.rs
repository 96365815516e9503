//! Errors that reach the user. Each says where: the file and line of bad data, the store
//! directory that is locked, the query that does not parse.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}:{line}: {message}")]
    Data {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}:{column}: {message}")]
    DataAt {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{0}")]
    Source(#[from] crate::source::SourceError),
    #[error("the store at {path} is locked by another derek process (a build or a load); wait for it to finish")]
    Locked { path: PathBuf },
    #[error("the store at {path} is being written by another derek process (pid {pid}, a build or a load): read-only commands do not read it meanwhile, because RocksDB gives no consistent view of a store that another process is writing; run this again when that process has finished")]
    BeingWritten { path: PathBuf, pid: u32 },
    #[error("no store at {path}: run `derek build` first, or pass --store DIR")]
    NoStore { path: PathBuf },
    #[error("store {path}: {message}")]
    Store { path: PathBuf, message: String },
    #[error("SPARQL: {0}")]
    Query(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The reader of the output went away (`derek ... | head`): nothing more is wanted. The
    /// command line ends quietly with exit code 0 (see [`io_out`]).
    #[error("the output was closed by its reader")]
    BrokenPipe,
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Exit code: 2 for usage and fatal errors (see the README's exit-code table); 0 for a
    /// closed output, as a closed reader means nothing more is wanted.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::BrokenPipe => 0,
            _ => 2,
        }
    }
}

/// Maps a write error on the output: a closed pipe (`derek ... | head`) becomes
/// [`Error::BrokenPipe`], which stops the work and which the command line ends quietly on.
pub fn io_out(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Error::BrokenPipe
    } else {
        Error::io("<output>", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_output_is_a_quiet_error_with_exit_code_0() {
        let e = io_out(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(matches!(e, Error::BrokenPipe));
        assert_eq!(e.exit_code(), 0);
        let e = io_out(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert!(matches!(e, Error::Io { .. }));
        assert_eq!(e.exit_code(), 2);
    }
}
