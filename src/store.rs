//! The on-disk store: Oxigraph over RocksDB, one named graph per article. Re-adding an article
//! replaces its graph in one transaction, so a reader or a crash sees the old graph or the
//! new one, never half of it.
//!
//! The default graph is kept as the set union of the article graphs: every triple of any
//! article graph, once. Queries read it as their default graph, so a triple that several
//! articles state (an actor's label and type, a relation between two actors reported twice)
//! counts once, as SPARQL's set semantics say. Oxigraph's own "union of the named graphs"
//! (`set_default_graph_as_union`) answers as a bag in 0.5: a triple in N graphs matches N
//! times, which makes `COUNT`, `SUM` and joins over labels wrong. The article graphs stay
//! self-contained (each repeats the descriptions of its actors), so an article can be replaced,
//! pushed or exported alone; the copy costs the default graph's three indexes (the named
//! graphs have six).
//!
//! One named graph is the store's own, not an article's: the archive graph (`crate::archive`),
//! the name index that part-of-a-name searches read. It is changed in the same transaction as
//! the article graph whose names change it, it is never copied into the default graph, and
//! [`DerekStore::graphs`] (what exports, pushes and dumps go through) leaves it out.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, TripleRef,
};
use oxigraph::store::{StorageError, Store};

use crate::archive;
use crate::error::{Error, Result};

/// Where the store lives unless `--store` or `$DEREK_STORE` says otherwise.
pub const DEFAULT_STORE: &str = "derek-store";

/// The most quads one article's graph may have. Replacing a graph is one RocksDB transaction,
/// held in memory until it commits (about 2.5 KB per quad written and 1.5 KB per quad
/// removed), so this keeps a build under about 1 GB whatever the input. A news article has a
/// few hundred (the seed article 354); 250,000 takes some 13,000 relations.
pub const MAX_GRAPH_QUADS: usize = 250_000;

/// A file in the store directory that says the default graph may still hold triples of graphs
/// that a load replaced; the next writer to open the store removes them (see
/// [`DerekStore::reconcile_default_graph`]).
const RECONCILE_MARK: &str = "derek-default-graph-pending";

/// A file in the store directory that says the archive graph may not match the article graphs
/// (a load was stopped before it brought the archive graph up to date); the next writer to
/// open the store recomputes it.
const ARCHIVE_MARK: &str = "derek-archive-pending";

/// Whether a graph is the store's own archive graph.
fn is_archive(g: NamedNodeRef<'_>) -> bool {
    g.as_str() == crate::rdf::mint::archive_graph()
}

/// The default-graph copy of a quad.
fn in_default(q: QuadRef<'_>) -> Quad {
    Quad::new(
        q.subject.into_owned(),
        q.predicate.into_owned(),
        q.object.into_owned(),
        GraphName::DefaultGraph,
    )
}

/// Why an article's graph is too large to store, if it is (see [`MAX_GRAPH_QUADS`]).
pub fn graph_too_large(origin: &str, quads: usize) -> Option<crate::source::SourceError> {
    (quads > MAX_GRAPH_QUADS).then(|| crate::source::SourceError {
        path: origin.to_string(),
        line: None,
        byte: None,
        message: format!(
            "its graph would have {quads} quads, more than the {MAX_GRAPH_QUADS} one article may \
             have (it is written in one transaction, in memory); split it into articles"
        ),
    })
}

pub struct DerekStore {
    pub store: Store,
    pub path: PathBuf,
    pub read_only: bool,
}

/// Whether RocksDB refused to open because another process (or this one) holds the store. Its
/// messages name the store's `LOCK` file: `IO error: While lock file: DIR/LOCK: Resource
/// temporarily unavailable` from another process, `IO error: lock hold by current process, ...
/// DIR/LOCK: No locks available` from the same one.
fn is_lock_error(msg: &str) -> bool {
    msg.contains("/LOCK:") && (msg.contains("While lock file") || msg.contains("lock hold by"))
}

fn map_err(path: &Path, e: StorageError) -> Error {
    let msg = e.to_string();
    if is_lock_error(&msg) {
        Error::Locked {
            path: path.to_path_buf(),
        }
    } else {
        Error::Store {
            path: path.to_path_buf(),
            message: msg,
        }
    }
}

/// The process that holds the store's write lock, if another one does. RocksDB locks
/// `DIR/LOCK` with `fcntl` for as long as a writer has the store open (the kernel drops the lock
/// when the process dies, even by SIGKILL); Linux lists such locks in `/proc/locks` by device and
/// inode. Elsewhere this answers `None`: readers then open the store as they find it.
pub fn writer_pid(path: &Path) -> Option<u32> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path.join("LOCK")).ok()?;
        let dev = meta.dev();
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
        let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        let me = std::process::id();
        locks.lines().find_map(|line| {
            // "1: POSIX  ADVISORY  WRITE 28434 fe:00:10112549 0 EOF"; waiters have "->".
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 6 || f[1] != "POSIX" || f[3] != "WRITE" {
                return None;
            }
            let pid: u32 = f[4].parse().ok()?;
            let mut id = f[5].split(':');
            let maj = u64::from_str_radix(id.next()?, 16).ok()?;
            let min = u64::from_str_radix(id.next()?, 16).ok()?;
            let ino: u64 = id.next()?.parse().ok()?;
            (ino == meta.ino() && maj == major && min == minor && pid != me).then_some(pid)
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        None
    }
}

/// A store directory must be new, empty, or a store already (RocksDB's `CURRENT` file): a
/// mistyped `--store` that names a directory of articles or documents must not fill it with
/// database files.
fn refuse_foreign_dir(path: &Path) -> Result<()> {
    if path.exists() && !path.is_dir() {
        return Err(Error::Store {
            path: path.to_path_buf(),
            message: "not a directory; --store names a directory".into(),
        });
    }
    let Ok(mut entries) = std::fs::read_dir(path) else {
        return Ok(()); // absent (created next) or unreadable (opening says why)
    };
    if entries.next().is_some() && !path.join("CURRENT").exists() {
        return Err(Error::Store {
            path: path.to_path_buf(),
            message: "a directory that holds other files, not a store; choose a new or empty \
                      directory for --store"
                .into(),
        });
    }
    Ok(())
}

impl DerekStore {
    /// Opens (creating if needed) a store for writing. Fails clearly if another process holds it.
    pub fn open(path: &Path) -> Result<DerekStore> {
        refuse_foreign_dir(path)?;
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let store = Store::open(path).map_err(|e| map_err(path, e))?;
        let s = DerekStore {
            store,
            path: path.to_path_buf(),
            read_only: false,
        };
        s.bring_default_graph_up_to_date()?;
        s.bring_archive_up_to_date()?;
        Ok(s)
    }

    /// Opens an existing store for reading. Several readers may read at once, and a writer may
    /// start while they read; but a store that another process is writing is refused with
    /// [`Error::BeingWritten`]: RocksDB's read-only open of a live store is undefined behaviour
    /// (Oxigraph's documentation says so), and readers were seen to miss data or fail with
    /// "Column family not found" and "Inserts are only possible on read-write instances".
    pub fn open_read_only(path: &Path) -> Result<DerekStore> {
        if !path.join("CURRENT").exists() {
            return Err(Error::NoStore {
                path: path.to_path_buf(),
            });
        }
        let busy = |pid| Error::BeingWritten {
            path: path.to_path_buf(),
            pid,
        };
        if let Some(pid) = writer_pid(path) {
            return Err(busy(pid));
        }
        let store = match Store::open_read_only(path) {
            Ok(s) => s,
            // A writer that started meanwhile explains the failure better than RocksDB does.
            Err(e) => return Err(writer_pid(path).map_or_else(|| map_err(path, e), busy)),
        };
        // A writer that started while we opened may have changed files under us; one that
        // starts later finds us reading a view from before its writes, which is consistent.
        if let Some(pid) = writer_pid(path) {
            return Err(busy(pid));
        }
        let s = DerekStore {
            store,
            path: path.to_path_buf(),
            read_only: true,
        };
        if s.lacks_default_graph()? {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: format!(
                    "it was written by an earlier derek, which did not keep the default graph \
                     (the union of the article graphs) that queries read; open it once for \
                     writing to add it: `derek load --store {} /dev/null`",
                    path.display()
                ),
            });
        }
        if !archive::is_current(&s.store).map_err(|e| s.err(e))? && s.has_article_graphs()? {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: format!(
                    "it was written by an earlier derek, which did not keep the archive graph (the name \
                     index and summary) that queries read; open it once for writing to add it: \
                     `derek load --store {} /dev/null`",
                    path.display()
                ),
            });
        }
        Ok(s)
    }

    pub fn err(&self, e: impl std::fmt::Display) -> Error {
        Error::Store {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Replaces one named graph with `quads` atomically, and the default graph with it: the
    /// new triples are added there, and the old ones that no other named graph holds are
    /// removed, in the same transaction.
    ///
    /// The name index follows in the same transaction: entries for the names the graph brings,
    /// and away with those of its old names that no triple of the default graph gives any more.
    pub fn replace_graph(&self, graph: &str, quads: &[Quad]) -> Result<()> {
        let g = NamedNode::new(graph).map_err(|e| self.err(e))?;
        if is_archive(g.as_ref()) {
            return Err(self.err(format!(
                "<{graph}> is the store's own archive graph, not an article graph"
            )));
        }
        let new: HashSet<TripleRef<'_>> = quads.iter().map(|q| q.as_ref().into()).collect();
        let (gone, old) = self.triples_leaving(g.as_ref(), &new)?;
        let old_names = archive::names_in(&old);
        let mut delta = archive::contribution(quads);
        archive::add(&mut delta, &archive::contribution(&old), -1);
        let (summary_in, summary_out) = archive::summary_changes(&self.store, &delta)?;
        let new_names = archive::names_in(quads);
        let gone_set: HashSet<Quad> = gone.iter().cloned().collect();
        let mut entries_in = Vec::new();
        for name in &new_names {
            entries_in.extend(self.missing_entry(name.as_ref())?);
        }
        let mut entries_out = Vec::new();
        for name in old_names.difference(&new_names) {
            if !archive::default_graph_names(&self.store, name.as_ref(), &gone_set)
                .map_err(|e| self.err(e))?
            {
                entries_out.extend(archive::name_entry(name.as_ref()));
            }
        }
        let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(g.as_ref()).map_err(|e| self.err(e))?;
        tx.insert_named_graph(g.as_ref());
        for q in quads {
            tx.insert(q);
            tx.insert(&in_default(q.as_ref()));
        }
        for q in &gone {
            tx.remove(q);
        }
        for q in &entries_out {
            tx.remove(q);
        }
        for q in &entries_in {
            tx.insert(q);
        }
        for q in &summary_out {
            tx.remove(q);
        }
        for q in &summary_in {
            tx.insert(q);
        }
        tx.commit().map_err(|e| map_err(&self.path, e))
    }

    /// The index entry of `name`, if the store does not hold it yet.
    fn missing_entry(&self, name: oxigraph::model::TermRef<'_>) -> Result<Vec<Quad>> {
        let entry = archive::name_entry(name);
        // The entry's value quad is written with the rest of it, in one transaction.
        match entry.get(1) {
            Some(value) if !self.store.contains(value).map_err(|e| self.err(e))? => Ok(entry),
            _ => Ok(Vec::new()),
        }
    }

    /// Brings the name index up to date for `names` after a load: an entry for each that the
    /// default graph gives, none for the others.
    fn sync_names(&self, names: &HashSet<oxigraph::model::Term>) -> Result<()> {
        let none = HashSet::new();
        let mut ins = Vec::new();
        let mut del = Vec::new();
        for name in names {
            let held = archive::default_graph_names(&self.store, name.as_ref(), &none)
                .map_err(|e| self.err(e))?;
            if held {
                ins.extend(self.missing_entry(name.as_ref())?);
            } else {
                del.extend(archive::name_entry(name.as_ref()));
            }
        }
        self.apply(&ins, &del)
    }

    /// Inserts and removes quads in transactions of at most 10,000.
    fn apply(&self, ins: &[Quad], del: &[Quad]) -> Result<()> {
        for chunk in del.chunks(10_000) {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            for q in chunk {
                tx.remove(q);
            }
            tx.commit().map_err(|e| map_err(&self.path, e))?;
        }
        for chunk in ins.chunks(10_000) {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            for q in chunk {
                tx.insert(q);
            }
            tx.commit().map_err(|e| map_err(&self.path, e))?;
        }
        Ok(())
    }

    /// Recomputes the archive graph from the default graph when it is missing, from an older
    /// format, or marked as behind by a load that was stopped. Returns whether it did.
    fn bring_archive_up_to_date(&self) -> Result<bool> {
        let mark = self.path.join(ARCHIVE_MARK);
        if archive::is_current(&self.store).map_err(|e| self.err(e))? && !mark.exists() {
            return Ok(false);
        }
        self.recompute_archive()?;
        if mark.exists() {
            std::fs::remove_file(&mark).map_err(|e| Error::io(&mark, e))?;
        }
        Ok(true)
    }

    /// Makes the archive graph what the default graph gives (see [`archive::recompute`]),
    /// changing only what differs.
    pub fn recompute_archive(&self) -> Result<()> {
        let want = archive::recompute(&self.store).map_err(|e| self.err(e))?;
        let have = archive::kept(&self.store).map_err(|e| self.err(e))?;
        let ins: Vec<Quad> = want.difference(&have).cloned().collect();
        let del: Vec<Quad> = have.difference(&want).cloned().collect();
        self.apply(&ins, &del)?;
        self.flush()
    }

    /// Whether the store has a named graph other than the archive graph.
    fn has_article_graphs(&self) -> Result<bool> {
        for g in self.store.named_graphs() {
            match g.map_err(|e| self.err(e))? {
                NamedOrBlankNode::NamedNode(n) if is_archive(n.as_ref()) => {}
                _ => return Ok(true),
            }
        }
        Ok(false)
    }

    /// The default-graph quads to remove when graph `g` gets the triples `new`: its current
    /// triples that are not in `new` and that no other named graph holds; and its current quads.
    fn triples_leaving(
        &self,
        g: NamedNodeRef<'_>,
        new: &HashSet<TripleRef<'_>>,
    ) -> Result<(Vec<Quad>, Vec<Quad>)> {
        let mut gone = Vec::new();
        let mut old = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g)))
        {
            let q = q.map_err(|e| self.err(e))?;
            let t: TripleRef<'_> = q.as_ref().into();
            if !new.contains(&t) && !self.held_elsewhere(t, Some(g))? {
                gone.push(in_default(q.as_ref()));
            }
            old.push(q);
        }
        Ok((gone, old))
    }

    /// Whether a named graph other than `except` holds the triple.
    fn held_elsewhere(&self, t: TripleRef<'_>, except: Option<NamedNodeRef<'_>>) -> Result<bool> {
        for q in
            self.store
                .quads_for_pattern(Some(t.subject), Some(t.predicate), Some(t.object), None)
        {
            let q = q.map_err(|e| self.err(e))?;
            match q.graph_name {
                GraphName::DefaultGraph => {}
                GraphName::NamedNode(n) if except.is_some_and(|e| e == n.as_ref()) => {}
                GraphName::NamedNode(n) if is_archive(n.as_ref()) => {}
                _ => return Ok(true),
            }
        }
        Ok(false)
    }

    /// Whether the store has article graphs but no default graph: written by a derek from
    /// before the default graph was kept.
    fn lacks_default_graph(&self) -> Result<bool> {
        let default_empty = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .is_none();
        Ok(default_empty && self.has_article_graphs()?)
    }

    /// Adds the default graph to a store that lacks it, and finishes a reconciliation that a
    /// load left pending (it was stopped between its commit and its clean-up).
    fn bring_default_graph_up_to_date(&self) -> Result<()> {
        if self.lacks_default_graph()? {
            let mut loader = self.store.bulk_loader();
            let copies = self
                .store
                .iter()
                .filter(|q| {
                    !matches!(q, Ok(q) if q.graph_name.is_default_graph()
                        || matches!(&q.graph_name, GraphName::NamedNode(n) if is_archive(n.as_ref())))
                })
                .map(|q| q.map(|q| in_default(q.as_ref())));
            loader
                .load_ok_quads::<StorageError, StorageError>(copies)
                .map_err(|e| self.err(e))?;
            loader.commit().map_err(|e| self.err(e))?;
        }
        if self.path.join(RECONCILE_MARK).exists() {
            self.reconcile_default_graph()?;
        }
        Ok(())
    }

    /// Removes from the default graph the triples that no article graph holds any more (after
    /// a load replaced graphs), and then the mark that asked for it. Returns how many.
    pub fn reconcile_default_graph(&self) -> Result<usize> {
        let mut stale = Vec::new();
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        {
            let q = q.map_err(|e| self.err(e))?;
            if !self.held_elsewhere(q.as_ref().into(), None)? {
                stale.push(q);
            }
        }
        for chunk in stale.chunks(10_000) {
            let mut tx = self.store.start_transaction().map_err(|e| self.err(e))?;
            for q in chunk {
                tx.remove(q);
            }
            tx.commit().map_err(|e| map_err(&self.path, e))?;
        }
        self.flush()?;
        let mark = self.path.join(RECONCILE_MARK);
        if mark.exists() {
            std::fs::remove_file(&mark).map_err(|e| Error::io(&mark, e))?;
        }
        Ok(stale.len())
    }

    /// Quads in the default graph (each triple of the article graphs once).
    pub fn default_graph_len(&self) -> Result<usize> {
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .count())
    }

    pub fn contains_graph(&self, graph: &str) -> Result<bool> {
        let g = NamedNode::new(graph).map_err(|e| self.err(e))?;
        self.store
            .contains_named_graph(NamedNodeRef::from(&g))
            .map_err(|e| self.err(e))
    }

    /// Removes a named graph, and from the default graph its triples that no other graph holds.
    pub fn remove_graph(&self, graph: &str) -> Result<()> {
        self.replace_graph(graph, &[])?;
        let g = NamedNode::new(graph).map_err(|e| self.err(e))?;
        self.store
            .remove_named_graph(g.as_ref())
            .map_err(|e| self.err(e))
    }

    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| self.err(e))
    }

    /// Whether the store holds no article (the archive graph of an empty store does not count).
    pub fn is_empty(&self) -> Result<bool> {
        let default_empty = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .is_none();
        Ok(default_empty && !self.has_article_graphs()?)
    }

    /// Before a bulk load that writes article graphs past [`DerekStore::replace_graph`]: marks
    /// the archive graph as behind, so that a load stopped before [`DerekStore::end_bulk`] has
    /// it recomputed by the next writer.
    pub fn begin_bulk(&self) -> Result<()> {
        let mark = self.path.join(ARCHIVE_MARK);
        File::create(&mark)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&mark, e))
    }

    /// After a bulk load committed: brings the name index up to date for the names the loaded
    /// (and replaced) graphs gave, changes the summary by `delta` (the contributions of the
    /// loaded graphs less those of the graphs they replaced), and removes the mark.
    pub fn end_bulk(
        &self,
        names: &HashSet<oxigraph::model::Term>,
        delta: &archive::Counts,
    ) -> Result<()> {
        self.sync_names(names)?;
        let (ins, del) = archive::summary_changes(&self.store, delta)?;
        self.apply(&ins, &del)?;
        self.flush()?;
        let mark = self.path.join(ARCHIVE_MARK);
        if mark.exists() {
            std::fs::remove_file(&mark).map_err(|e| Error::io(&mark, e))?;
        }
        Ok(())
    }

    /// Quads in one named graph.
    pub fn graph_len(&self, graph: &str) -> Result<usize> {
        let g = NamedNode::new(graph).map_err(|e| self.err(e))?;
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            .count())
    }

    /// The IRIs of all article graphs (every named graph but the archive graph), sorted.
    pub fn graphs(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for g in self.store.named_graphs() {
            out.push(match g.map_err(|e| self.err(e))? {
                NamedOrBlankNode::NamedNode(n) if is_archive(n.as_ref()) => continue,
                NamedOrBlankNode::NamedNode(n) => n.into_string(),
                // derek names every graph; a blank one came from elsewhere (`derek load`).
                b => b.to_string(),
            });
        }
        out.sort();
        Ok(out)
    }

    /// Writes the article graphs (not the default graph, which is derived from them), graph by
    /// graph in IRI order.
    pub fn dump_article_graphs(&self, out: impl std::io::Write, format: RdfFormat) -> Result<()> {
        let mut ser = oxigraph::io::RdfSerializer::from_format(format);
        if format == RdfFormat::TriG {
            for (p, iri) in crate::rdf::vocab::PREFIXES {
                ser = ser.with_prefix(*p, *iri).map_err(|e| self.err(e))?;
            }
        }
        let mut w = ser.for_writer(out);
        for g in self.graphs()? {
            let g = NamedNode::new(g).map_err(|e| self.err(e))?;
            for q in self.store.quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(g.as_ref())),
            ) {
                let q = q.map_err(|e| self.err(e))?;
                w.serialize_quad(&q).map_err(crate::error::io_out)?;
            }
        }
        w.finish().map_err(crate::error::io_out)?;
        Ok(())
    }

    pub fn flush(&self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.store.flush().map_err(|e| self.err(e))
    }
}

/// What [`DerekStore::load_nquads`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Quads read.
    pub quads: u64,
    /// Named graphs in the input.
    pub graphs: usize,
    /// Of those, graphs the store held before, now replaced.
    pub replaced: usize,
}

impl DerekStore {
    /// Bulk-loads N-Quads files (`-` is standard input) with Oxigraph's bulk loader on `jobs`
    /// threads (all cores by default). Graphs of the input that the store already holds are
    /// replaced, as `derek build` replaces them, so loading the same files again leaves the
    /// same quads. Nothing is stored unless every input parses: the error names the file and
    /// line. `on_progress` hears the number of quads loaded now and then.
    pub fn load_nquads(
        &self,
        files: &[PathBuf],
        jobs: Option<usize>,
        on_progress: Option<impl Fn(u64) + Send + Sync + 'static>,
    ) -> Result<Loaded> {
        let had_graphs: HashSet<String> = self.graphs()?.into_iter().collect();
        let mut loader = self.store.bulk_loader();
        if let Some(j) = jobs {
            loader = loader.with_num_threads(j.max(1));
        }
        if let Some(p) = on_progress {
            loader = loader.on_progress(p);
        }
        // Graphs of the input that the store already holds: removed just before the commit,
        // so the loaded quads replace them and a failed load changes nothing.
        let mut replace: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut loaded = Loaded::default();
        // The names the loaded quads give, for the name index.
        let mut names: HashSet<oxigraph::model::Term> = HashSet::new();
        let archive_graph = archive::graph();
        for f in files {
            let shown = if f.as_os_str() == "-" {
                "<stdin>".to_string()
            } else {
                f.display().to_string()
            };
            let mut failure: Option<Error> = None;
            let input: Box<dyn Read> = if f.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(BufReader::new(File::open(f).map_err(|e| Error::io(f, e))?))
            };
            let format = load_format(f)?;
            let parser = RdfParser::from_format(format).for_reader(input);
            let iter = parser.map_while(|r| match r {
                Ok(q) => Some(q),
                Err(e) => {
                    failure = Some(Error::Other(format!(
                        "{shown}: {e} (read as {}{}); nothing was stored",
                        format.name(),
                        if format == RdfFormat::NQuads {
                            ": derek load reads N-Quads, and TriG from files named *.trig"
                        } else {
                            ""
                        }
                    )));
                    None
                }
            });
            let mut in_default_graph: Option<Quad> = None;
            let mut in_archive_graph: Option<Quad> = None;
            let iter = iter
                .map_while(|q: Quad| {
                    if q.graph_name.is_default_graph() {
                        in_default_graph = Some(q);
                        return None;
                    }
                    if matches!(&q.graph_name, GraphName::NamedNode(g) if *g == archive_graph) {
                        in_archive_graph = Some(q);
                        return None;
                    }
                    if archive::is_name_predicate(q.predicate.as_ref()) && q.object.is_literal() {
                        names.insert(q.object.clone());
                    }
                    loaded.quads += 1;
                    if let GraphName::NamedNode(g) = &q.graph_name {
                        if !seen.contains(g.as_str()) {
                            seen.insert(g.as_str().to_string());
                            if had_graphs.contains(g.as_str()) {
                                replace.push(g.as_str().to_string());
                            }
                        }
                    }
                    Some(q)
                })
                .flat_map(|q| {
                    let copy = in_default(q.as_ref());
                    [q, copy]
                });
            loader
                .load_quads(iter)
                .map_err(|e| self.err(format!("loading {shown}: {e}")))?;
            if let Some(e) = failure {
                // Dropping the loader removes its temporary files; the store is untouched.
                return Err(e);
            }
            if let Some(q) = in_default_graph {
                return Err(Error::Other(format!(
                    "{shown}: the quad `{q}` is in the default graph; derek keeps the default \
                     graph itself, as the union of the article graphs, so loaded quads must be in \
                     named graphs (as `derek extract --format nq` writes them); nothing was stored"
                )));
            }
            if let Some(q) = in_archive_graph {
                return Err(Error::Other(format!(
                    "{shown}: the quad `{q}` is in derek's own archive graph, which the store \
                     keeps itself from the article graphs; nothing was stored"
                )));
            }
        }
        // Replaced graphs are removed just before the commit, so that the loaded quads replace
        // them and a failed load changes nothing. Their triples that no graph holds any more
        // leave the default graph afterwards; the mark makes the next writer finish that if
        // this process is stopped first.
        if !replace.is_empty() {
            let mark = self.path.join(RECONCILE_MARK);
            File::create(&mark)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io(&mark, e))?;
        }
        // The name index is brought up to date after the commit; until then the mark says so.
        self.begin_bulk()?;
        let mut delta = archive::Counts::new();
        for g in &replace {
            let g = NamedNode::new(g.as_str()).map_err(|e| self.err(e))?;
            let old: Vec<Quad> = self
                .store
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| self.err(e))?;
            names.extend(archive::names_in(&old));
            archive::add(&mut delta, &archive::contribution(&old), -1);
            self.store
                .remove_named_graph(g.as_ref())
                .map_err(|e| self.err(e))?;
        }
        loader.commit().map_err(|e| self.err(e))?;
        if !replace.is_empty() {
            self.reconcile_default_graph()?;
        }
        // The loaded graphs' contributions, read back graph by graph.
        for g in &seen {
            let g = NamedNode::new(g.as_str()).map_err(|e| self.err(e))?;
            let new: Vec<Quad> = self
                .store
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| self.err(e))?;
            archive::add(&mut delta, &archive::contribution(&new), 1);
        }
        self.end_bulk(&names, &delta)?;
        loaded.graphs = seen.len();
        loaded.replaced = replace.len();
        Ok(loaded)
    }
}

/// The syntax of a file to load: TriG for `*.trig`, N-Quads otherwise (`*.nq`, Spark's part
/// files, standard input). Syntaxes without graphs are refused: their triples would belong to
/// no article.
fn load_format(f: &Path) -> Result<RdfFormat> {
    let ext = f
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match RdfFormat::from_extension(&ext) {
        Some(RdfFormat::TriG) => Ok(RdfFormat::TriG),
        Some(f2) if !f2.supports_datasets() => Err(Error::Usage(format!(
            "{}: a {} file has no named graphs; derek load reads N-Quads or TriG, whose quads name \
             their article graph (as `derek extract --format nq|trig` writes them)",
            f.display(),
            f2.name()
        ))),
        _ => Ok(RdfFormat::NQuads),
    }
}

/// The N-Quads files to load, in order: files as given, directories listed (sorted; files whose
/// names start with `.` or `_` skipped, as Spark's `_SUCCESS`), `-` for standard input.
pub fn nquads_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_in_the_same_process_is_told_the_store_is_locked() {
        let d = tempfile::tempdir().unwrap();
        let _first = DerekStore::open(d.path()).unwrap();
        let Err(e) = DerekStore::open(d.path()) else {
            panic!("second writer opened the store")
        };
        assert!(matches!(e, Error::Locked { .. }), "{e}");
        assert!(e.to_string().contains("locked by another derek"), "{e}");
        // This process's own lock is not another writer's.
        assert_eq!(writer_pid(d.path()), None);
        DerekStore::open_read_only(d.path()).unwrap();
    }

    #[test]
    fn lock_messages_of_rocksdb_are_recognized() {
        assert!(is_lock_error(
            "IO error: While lock file: /tmp/s/LOCK: Resource temporarily unavailable"
        ));
        assert!(!is_lock_error(
            "Corruption: block checksum mismatch in /tmp/LOCKS/000012.sst"
        ));
    }

    #[test]
    fn a_directory_of_other_files_is_not_made_a_store() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("article.txt"), "Мәтін").unwrap();
        let Err(e) = DerekStore::open(d.path()) else {
            panic!("opened a foreign directory as a store")
        };
        assert!(e.to_string().contains("not a store"), "{e}");
        assert!(!d.path().join("CURRENT").exists());
    }
}
