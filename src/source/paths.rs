//! Which files a list of paths names: directories are walked (walkdir), and what cannot be an
//! article is reported.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{err, SourceError};

/// Whether a file in a directory walk is an article: `.txt`, `.md`, `.markdown`, `.jsonl`,
/// `.ndjson`. Gold files, hidden files and a directory's README/LICENSE/GUIDELINES are not.
pub fn is_article_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with(".gold.tsv") {
        return false;
    }
    // A directory's own documentation is not an article (given by name, it is read).
    let upper = name.to_uppercase();
    if [
        "README",
        "LICENSE",
        "GUIDELINES",
        "CHANGELOG",
        "CONTRIBUTING",
        "NOTICE",
    ]
    .iter()
    .any(|d| upper.starts_with(d))
    {
        return false;
    }
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("txt" | "md" | "markdown" | "jsonl" | "ndjson")
    )
}

/// Lists article files under the given paths (directories recursively, sorted; `-` is stdin).
/// Missing paths, unreadable directories and entries that cannot be articles (dangling links,
/// pipes, sockets, devices, directory loops) are reported in the second list.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
            continue;
        }
        let shown = p.display().to_string();
        match fs::metadata(p) {
            Err(e) => errors.push(err(&shown, None, None, not_found_message(p, &e))),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            // A file named on the command line is read whatever it is: a named pipe or
            // `<(command)` is a way to stream an article in.
            Ok(_) => files.push(p.clone()),
        }
    }
    (files, errors)
}

fn not_found_message(p: &Path, e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::NotFound
        && fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
    {
        "dangling symbolic link (its target does not exist)".to_string()
    } else {
        e.to_string()
    }
}

/// What kind of special file this is, for messages.
fn special_kind(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    let _ = ft;
    "not a regular file"
}

/// Lists the article files under `dir`, depth first in name order. Symbolic links are
/// followed; walkdir reports one that leads back into a directory being read, which would
/// otherwise repeat its articles without end.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<SourceError>) {
    let entries = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(true)
        .sort_by_file_name();
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if !is_article_file(e.path()) => {}
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            // Reading a pipe would wait for a writer that may never come.
            Ok(e) => errors.push(err(
                &e.path().display().to_string(),
                None,
                None,
                format!("{}, not a file; not read", special_kind(&e.file_type())),
            )),
            Err(e) => {
                let Some(p) = e.path() else { continue };
                let shown = p.display().to_string();
                let message = if e.loop_ancestor().is_some() {
                    "directory loop (a symbolic link back to a directory being read); not read again"
                        .to_string()
                } else if fs::metadata(p).is_ok_and(|m| m.is_dir()) {
                    match e.io_error() {
                        Some(io) => format!("cannot read directory: {io}"),
                        None => format!("cannot read directory: {e}"),
                    }
                } else if !is_article_file(p) {
                    continue;
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read: {}", not_found_message(p, io)),
                        None => format!("cannot read: {e}"),
                    }
                };
                errors.push(err(&shown, None, None, message));
            }
        }
    }
}
