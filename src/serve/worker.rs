//! Queries run in worker processes, where they can always be stopped.
//!
//! Oxigraph's cancellation token is checked only where the evaluator reads the store: a join,
//! a sort or an aggregate over what it has read already runs on, and a cross join with ORDER BY
//! ran for minutes and grew the server by gigabytes after its timeout. So `derek serve` answers
//! HTTP in one process and evaluates each query in a worker: the same binary started as the
//! hidden `derek serve-worker`, which opens the store read-only, with its address space capped
//! (`setrlimit(RLIMIT_AS)` between fork and exec) and killed (SIGKILL) when a query runs past
//! its timeout plus [`GRACE`]. A killed worker takes all its memory with it; the next query
//! starts a new one. Idle workers are kept for the next queries (at most one per request
//! thread), so a worker's start (a read-only open of the store) is paid once, not per query.
//!
//! Between the two processes: a JSON line per request; back, a JSON line (status, content type,
//! note, body length) and the body.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::engine::{answer, Snapshots};
use super::{Config, Reply};
use crate::error::{Error, Result};

/// How long past its timeout a query's worker is left to answer (it tries to, at the timeout,
/// through the cancellation token) before it is killed.
pub const GRACE: Duration = Duration::from_millis(1000);

/// How long a new worker may take to open the store (a read-only open replays the writer's
/// log: seconds after a long build).
const START_LIMIT: Duration = Duration::from_secs(120);

/// A query, as the server hands it to a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub text: String,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    pub accept: Option<String>,
    /// The values of the `format`, `output` and `results` parameters, in order.
    pub formats: Vec<String>,
    /// The `limit` and `offset` parameters.
    #[serde(default)]
    pub page: crate::query::Page,
}

/// What precedes a reply's body.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    status: u16,
    content_type: String,
    note: String,
    len: usize,
}

/// A worker's first line: ready, or why it could not open the store.
#[derive(Debug, Serialize, Deserialize)]
enum Hello {
    Ready,
    Failed(String),
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// Set when the worker's standard error shows an allocation that failed.
    out_of_memory: Arc<AtomicBool>,
}

impl Worker {
    /// Sends one request and reads its reply.
    fn exchange(&mut self, req: &Request) -> std::io::Result<Reply> {
        let mut line = serde_json::to_vec(req)?;
        line.push(b'\n');
        self.stdin.write_all(&line)?;
        self.stdin.flush()?;
        let mut head = String::new();
        if self.stdout.read_line(&mut head)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let h: Header = serde_json::from_str(&head)?;
        let mut body = vec![0; h.len];
        self.stdout.read_exact(&mut body)?;
        Ok(Reply {
            status: h.status,
            content_type: h.content_type,
            body,
            note: h.note,
            allow: None,
        })
    }

    fn end(mut self) -> Option<std::process::ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

/// Kills a process unless told first that it is no longer needed. Joined before the process
/// is reaped, so its pid cannot have been reused.
struct Deadline {
    done: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    fired: Arc<AtomicBool>,
}

impl Deadline {
    fn start(pid: u32, after: Duration) -> Deadline {
        let (tx, rx) = mpsc::channel::<()>();
        let fired = Arc::new(AtomicBool::new(false));
        let f = Arc::clone(&fired);
        let thread = std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(after) {
                f.store(true, Ordering::SeqCst);
                if let Ok(pid) = libc::pid_t::try_from(pid) {
                    // SAFETY: kill(2) has no memory effects; the pid is our unreaped child.
                    unsafe {
                        libc::kill(pid, libc::SIGKILL);
                    }
                }
            }
        });
        Deadline {
            done: Some(tx),
            thread: Some(thread),
            fired,
        }
    }

    /// Stops the clock; returns whether it had already fired.
    fn stop(mut self) -> bool {
        drop(self.done.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.fired.load(Ordering::SeqCst)
    }
}

/// The workers of a server.
pub struct Pool {
    exe: PathBuf,
    config: Config,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// Starts one worker, which checks that the store opens (a missing store, one that another
    /// process is writing, ... are reported here, before the server listens).
    pub fn new(config: &Config) -> Result<Pool> {
        let exe = std::env::current_exe().map_err(|e| {
            Error::Other(format!("cannot find the derek binary to run queries: {e}"))
        })?;
        let pool = Pool {
            exe,
            config: config.clone(),
            idle: Mutex::new(Vec::new()),
        };
        let first = pool.spawn().map_err(Error::Other)?;
        pool.lock().push(first);
        Ok(pool)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Worker>> {
        match self.idle.lock() {
            Ok(v) => v,
            Err(p) => p.into_inner(),
        }
    }

    fn spawn(&self) -> std::result::Result<Worker, String> {
        let c = &self.config;
        let mut cmd = Command::new(&self.exe);
        cmd.arg("serve-worker")
            .arg("--store")
            .arg(&c.store)
            .arg("--timeout")
            .arg(c.timeout.as_secs_f64().to_string())
            .arg("--max-results")
            .arg(c.max_results.to_string())
            .arg("--refresh")
            .arg(c.refresh.as_secs_f64().to_string())
            // Fewer malloc arenas: less address space reserved, so the cap is about the query.
            .env("MALLOC_ARENA_MAX", "2")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let cap = c.max_memory;
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: between fork and exec only async-signal-safe calls (setrlimit, prctl),
            // no allocation.
            unsafe {
                cmd.pre_exec(move || {
                    if let Some(bytes) = cap {
                        let bytes = libc::rlim_t::try_from(bytes).unwrap_or(libc::RLIM_INFINITY);
                        let lim = libc::rlimit {
                            rlim_cur: bytes,
                            rlim_max: bytes,
                        };
                        if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                            return Err(std::io::Error::last_os_error());
                        }
                    }
                    // A worker never outlives the server, even one killed with SIGKILL.
                    #[cfg(target_os = "linux")]
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("cannot start a query worker ({}): {e}", self.exe.display()))?;
        let out_of_memory = Arc::new(AtomicBool::new(false));
        if let Some(err) = child.stderr.take() {
            let oom = Arc::clone(&out_of_memory);
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines() {
                    let Ok(line) = line else { break };
                    if line.contains("memory allocation of")
                        || line.contains("bad_alloc")
                        || line.contains("Cannot allocate memory")
                    {
                        oom.store(true, Ordering::SeqCst);
                    }
                    // What follows a failed allocation is the abort's noise; the reply says it.
                    if !oom.load(Ordering::SeqCst) {
                        eprintln!("{line}");
                    }
                }
            });
        }
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("a query worker has no pipes".into());
        };
        let mut w = Worker {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            out_of_memory,
        };
        let deadline = Deadline::start(w.child.id(), START_LIMIT);
        let mut hello = String::new();
        let read = w.stdout.read_line(&mut hello);
        let fired = deadline.stop();
        match serde_json::from_str::<Hello>(&hello) {
            Ok(Hello::Ready) if read.is_ok() && !fired => Ok(w),
            Ok(Hello::Failed(msg)) => {
                w.end();
                Err(msg)
            }
            _ => {
                let status = w.end();
                Err(format!(
                    "a query worker did not start{}",
                    match status {
                        Some(s) if fired => format!(" within {START_LIMIT:?} ({s})"),
                        Some(s) => format!(" ({s})"),
                        None => String::new(),
                    }
                ))
            }
        }
    }

    /// Answers one query in a worker, within the timeout plus [`GRACE`] and the memory cap.
    pub fn query(&self, req: &Request) -> Reply {
        let popped = self.lock().pop();
        let mut w = match popped {
            Some(w) => w,
            None => match self.spawn() {
                Ok(w) => w,
                Err(msg) => return Reply::text(503, msg),
            },
        };
        let c = &self.config;
        let deadline = Deadline::start(w.child.id(), c.timeout + GRACE);
        let result = w.exchange(req);
        let killed = deadline.stop();
        match result {
            Ok(reply) => {
                // A worker that stopped a query keeps the memory it grew to (the allocator
                // holds on to it): a new one starts for the next query instead.
                if killed || reply.status == 503 {
                    w.end();
                } else {
                    self.lock().push(w);
                }
                reply
            }
            Err(e) => {
                let oom = w.out_of_memory.load(Ordering::SeqCst);
                let status = w.end();
                if killed {
                    super::engine::timeout_reply(c)
                } else if oom {
                    memory_reply(c)
                } else {
                    Reply::text(
                        500,
                        format!(
                            "the query's worker process ended{}: {e}",
                            status.map(|s| format!(" ({s})")).unwrap_or_default()
                        ),
                    )
                }
            }
        }
    }
}

/// The answer to a query that needed more memory than a worker may have.
pub fn memory_reply(c: &Config) -> Reply {
    Reply::text(
        503,
        format!(
            "query stopped: it needed more than {} MB, the memory a query may use (the server's --max-memory); narrow the query (a LIMIT, more specific patterns) or raise --max-memory",
            c.max_memory.unwrap_or(0) >> 20
        ),
    )
}

/// The worker's side: opens the store, says it is ready, then answers requests from standard
/// input until it closes.
pub fn run_worker(config: Config) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let say = |out: &mut std::io::StdoutLock<'_>, hello: &Hello| -> Result<()> {
        let mut line = serde_json::to_vec(hello).map_err(|e| Error::Other(e.to_string()))?;
        line.push(b'\n');
        out.write_all(&line).map_err(crate::error::io_out)?;
        out.flush().map_err(crate::error::io_out)
    };
    let snapshots = match Snapshots::open(&config.store, config.refresh) {
        Ok(s) => Arc::new(s),
        Err(e) => return say(&mut out, &Hello::Failed(e.to_string())),
    };
    let s = Arc::clone(&snapshots);
    std::thread::spawn(move || s.watch());
    say(&mut out, &Hello::Ready)?;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| Error::io("<stdin>", e))?;
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(req) => answer(&snapshots, &config, &req),
            Err(e) => Reply::text(500, format!("a malformed request reached the worker: {e}")),
        };
        let mut head = serde_json::to_vec(&Header {
            status: reply.status,
            content_type: reply.content_type.clone(),
            note: reply.note.clone(),
            len: reply.body.len(),
        })
        .map_err(|e| Error::Other(e.to_string()))?;
        head.push(b'\n');
        out.write_all(&head).map_err(crate::error::io_out)?;
        out.write_all(&reply.body).map_err(crate::error::io_out)?;
        out.flush().map_err(crate::error::io_out)?;
        drop(reply);
        // Give the memory of the query back to the system (glibc keeps freed memory otherwise).
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only releases free memory of the allocator.
        unsafe {
            libc::malloc_trim(0);
        }
    }
    Ok(())
}
