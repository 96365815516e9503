//! A client of another SPARQL server (Oxigraph, Fuseki, Virtuoso, ...): a SPARQL Protocol ASK
//! to check that one is there, and the Graph Store HTTP Protocol's PUT to replace one named
//! graph with the store's copy. `derek push` is this, once per article graph.

use std::io::Read;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode};

use crate::error::{Error, Result};
use crate::store::DerekStore;

/// A server to send graphs to.
pub struct Remote {
    agent: ureq::Agent,
    /// The SPARQL query endpoint.
    pub endpoint: String,
    /// The Graph Store Protocol URL.
    pub graph_store: String,
}

/// Why a request failed, in words that say what to check.
fn describe(url: &str, e: &ureq::Error) -> String {
    match e {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
            format!(
                "cannot connect to {url}: {e}; is the server running, and is the address right?"
            )
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("cannot connect to {url}: connection refused; is the server running, and is the port right?")
        }
        ureq::Error::Timeout(_) => {
            format!("{url} did not answer in time ({e}); raise --timeout or check the server")
        }
        _ => format!("request to {url} failed: {e}"),
    }
}

/// The first part of an error body, on one line.
fn snippet(body: &str) -> String {
    let one: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 300 {
        format!("{}…", one.chars().take(300).collect::<String>())
    } else {
        one
    }
}

fn read_body(resp: &mut ureq::http::Response<ureq::Body>) -> String {
    let mut s = String::new();
    let _ = resp
        .body_mut()
        .as_reader()
        .take(64 * 1024)
        .read_to_string(&mut s);
    s
}

fn check_url(url: &str, flag: &str) -> Result<()> {
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} {url:?}: expected an http:// or https:// URL"
        )))
    }
}

impl Remote {
    /// A client of the server at `endpoint` (its SPARQL query endpoint) whose Graph Store
    /// Protocol URL is `graph_store` (default: the endpoint), waiting `timeout` for each request.
    pub fn new(endpoint: &str, graph_store: Option<&str>, timeout: Duration) -> Result<Remote> {
        check_url(endpoint, "--endpoint")?;
        let graph_store = graph_store.unwrap_or(endpoint);
        check_url(graph_store, "--graph-store")?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            .build()
            .into();
        Ok(Remote {
            agent,
            endpoint: endpoint.to_string(),
            graph_store: graph_store.to_string(),
        })
    }

    /// Is a SPARQL server there? A clear answer before any graph is sent.
    pub fn check(&self) -> Result<()> {
        let mut resp = self
            .agent
            .get(&self.endpoint)
            .query("query", "ASK {}")
            .header("Accept", "application/sparql-results+json")
            .call()
            .map_err(|e| Error::Other(describe(&self.endpoint, &e)))?;
        if !resp.status().is_success() {
            let body = read_body(&mut resp);
            return Err(Error::Other(format!(
                "{} answered {} to a SPARQL ASK; is it the server's SPARQL query endpoint? {}",
                self.endpoint,
                resp.status(),
                snippet(&body)
            )));
        }
        Ok(())
    }

    /// Replaces the graph `graph` on the server with `ntriples` (PUT GRAPH-STORE?graph=IRI).
    /// `done` is how many graphs were stored before, for the message of a failure.
    pub fn put_graph(&self, graph: &str, ntriples: &[u8], done: usize, total: usize) -> Result<()> {
        let gsp = &self.graph_store;
        let mut resp = self
            .agent
            .put(gsp)
            .query("graph", graph)
            .header("Content-Type", "application/n-triples")
            .send(ntriples)
            .map_err(|e| {
                Error::Other(format!(
                    "{} ({done} of {total} graphs stored before)",
                    describe(gsp, &e)
                ))
            })?;
        if !resp.status().is_success() {
            let text = read_body(&mut resp);
            return Err(Error::Other(format!(
                "{gsp} answered {} to PUT of graph <{graph}>: {} ({done} of {total} graphs stored before; is --graph-store the server's Graph Store Protocol URL?)",
                resp.status(),
                snippet(&text)
            )));
        }
        Ok(())
    }
}

/// The triples of one named graph of the store as N-Triples, and how many there are.
pub fn graph_ntriples(store: &DerekStore, graph: &str) -> Result<(Vec<u8>, usize)> {
    let name = NamedNode::new(graph).map_err(|e| store.err(e))?;
    let mut ser = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    let mut n = 0usize;
    for q in store.store.quads_for_pattern(
        None,
        None,
        None,
        Some(GraphNameRef::NamedNode(name.as_ref())),
    ) {
        let q = q.map_err(|e| store.err(e))?;
        ser.serialize_triple(q.as_ref())
            .map_err(|e| Error::Other(e.to_string()))?;
        n += 1;
    }
    let body = ser.finish().map_err(|e| Error::Other(e.to_string()))?;
    Ok((body, n))
}
