//! Helpers for the tests that run servers and outside tools: a child process that is killed
//! when the test ends (also when it fails), free ports, waiting for a port, HTTP without
//! status errors, and checks that fail with an install hint when a tool is missing.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A child process killed and reaped on drop.
pub struct ChildGuard {
    pub child: Child,
    pub name: String,
}

impl ChildGuard {
    /// Starts `cmd`; the guard ends it when dropped.
    pub fn spawn(name: &str, cmd: &mut Command) -> ChildGuard {
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        ChildGuard {
            child,
            name: name.to_string(),
        }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the process to end within `limit`; None if it did not.
    pub fn wait_for(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        // SIGKILL to the child itself, then reap it. (No process-group kill: procps-ng 4.0.2's
        // `kill -SIG -PGID` signals every process, kill(-1); helpers such as PySpark's JVM end
        // on their own when their parent's pipe closes.)
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Waits until something accepts connections on the port.
pub fn wait_for_port(port: u16, limit: Duration, guard: &mut ChildGuard, log: &Path) {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if !guard.running() {
            panic!(
                "{} exited before listening on port {port}; its output:\n{}",
                guard.name,
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "{} did not listen on port {port} within {limit:?}; its output:\n{}",
        guard.name,
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// Reads the child's standard output in the background; returns the first line (within
/// `limit`) and keeps draining the rest so the child never blocks on a full pipe.
pub fn first_line(guard: &mut ChildGuard, limit: Duration) -> String {
    let out = guard.child.stdout.take().expect("stdout piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(out);
        let mut line = String::new();
        let _ = r.read_line(&mut line);
        let _ = tx.send(line);
        let mut sink = Vec::new();
        let _ = r.read_to_end(&mut sink);
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{} printed nothing within {limit:?}", guard.name))
}

/// An HTTP agent that returns error statuses as responses, with a generous timeout.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Status, Content-Type and body of a response.
pub fn parts(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String, String) {
    let mut r = r.expect("HTTP request");
    let ct = r
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r.body_mut().read_to_string().expect("response body");
    (r.status().as_u16(), ct, body)
}

/// Encodes a URL query component (`application/x-www-form-urlencoded`).
pub fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Fails (never skips) when a command is missing, saying how to install it.
pub fn require(cmd: &str, args: &[&str], install: &str) {
    let ok = Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{cmd} {}` did not run: this test needs it; {install} (.ci/run does)",
        args.join(" ")
    );
}
