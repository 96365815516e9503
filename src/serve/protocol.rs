//! The SPARQL 1.1 Protocol's request forms and content negotiation, kept apart from the server
//! so that they can be tested without sockets.

use super::Reply;
use oxigraph::io::RdfFormat;
use oxigraph::sparql::results::QueryResultsFormat;

use crate::query::ResultFormat;

/// What a request to the SPARQL endpoint asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum SparqlRequest {
    Query {
        text: String,
        default_graphs: Vec<String>,
        named_graphs: Vec<String>,
    },
    /// An update (refused: the server is read-only).
    Update,
    /// No query at all (a browser opening /sparql).
    None,
}

/// `k=v&k=v` pairs of `application/x-www-form-urlencoded` text (also a URL's query string),
/// decoded, in order (a key may repeat): `+` is a space, `%XX` a byte; malformed escapes are
/// kept as written, invalid UTF-8 is replaced.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes()).into_owned().collect()
}

fn media_type(h: &str) -> String {
    h.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Reads the query (or update) out of a request, per the protocol's three forms: GET with
/// `?query=`, POST of a form, POST of the query as the body.
pub fn sparql_request(
    method: &str,
    url_params: &[(String, String)],
    content_type: Option<&str>,
    body: &[u8],
) -> Result<SparqlRequest, Reply> {
    let (params, direct): (Vec<(String, String)>, Option<String>) = match method {
        "GET" | "HEAD" => (url_params.to_vec(), None),
        "POST" => {
            let ct = content_type.map(media_type).unwrap_or_default();
            let text = || {
                String::from_utf8(body.to_vec())
                    .map_err(|e| Reply::text(400, format!("the request body is not UTF-8: {e}")))
            };
            match ct.as_str() {
                "application/x-www-form-urlencoded" => {
                    let mut p = url_params.to_vec();
                    p.extend(parse_form(&text()?));
                    (p, None)
                }
                "application/sparql-query" => (url_params.to_vec(), Some(text()?)),
                "application/sparql-update" => return Ok(SparqlRequest::Update),
                "" => {
                    return Err(Reply::text(
                        415,
                        "a POST needs a Content-Type: application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=...)",
                    ))
                }
                other => {
                    return Err(Reply::text(
                        415,
                        format!("unsupported Content-Type {other:?}: send application/sparql-query or application/x-www-form-urlencoded"),
                    ))
                }
            }
        }
        other => {
            return Err(Reply {
                allow: Some("GET, POST"),
                ..Reply::text(
                    405,
                    format!("{other} is not a SPARQL Protocol method; use GET or POST"),
                )
            })
        }
    };
    if params.iter().any(|(k, _)| k == "update") {
        return Ok(SparqlRequest::Update);
    }
    let mut queries: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "query")
        .map(|(_, v)| v.clone())
        .collect();
    if let Some(d) = direct {
        queries.push(d);
    }
    let graphs = |key: &str| -> Vec<String> {
        params
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    match queries.len() {
        0 => Ok(SparqlRequest::None),
        1 => Ok(SparqlRequest::Query {
            text: queries.remove(0),
            default_graphs: graphs("default-graph-uri"),
            named_graphs: graphs("named-graph-uri"),
        }),
        n => Err(Reply::text(
            400,
            format!("{n} queries in one request; the protocol allows exactly one"),
        )),
    }
}

/// The shape of a query's result, which decides the formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Solutions,
    Boolean,
    Graph,
}

/// The chosen serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    pub format: ResultFormat,
    pub content_type: &'static str,
    /// A short name for the request log.
    pub label: &'static str,
}

/// Media types per result kind, in order of preference; the first is the default.
const JSON: ResultFormat = ResultFormat::Results(QueryResultsFormat::Json);
const XML: ResultFormat = ResultFormat::Results(QueryResultsFormat::Xml);
const CSV: ResultFormat = ResultFormat::Results(QueryResultsFormat::Csv);
const TSV: ResultFormat = ResultFormat::Results(QueryResultsFormat::Tsv);
const TTL: ResultFormat = ResultFormat::Graph(RdfFormat::Turtle);
const NT: ResultFormat = ResultFormat::Graph(RdfFormat::NTriples);

const RESULTS: &[(&str, ResultFormat, &str)] = &[
    ("application/sparql-results+json", JSON, "json"),
    ("application/json", JSON, "json"),
    ("application/sparql-results+xml", XML, "xml"),
    ("application/xml", XML, "xml"),
    ("text/xml", XML, "xml"),
    ("text/csv", CSV, "csv"),
    ("text/tab-separated-values", TSV, "tsv"),
];

const GRAPHS: &[(&str, ResultFormat, &str)] = &[
    ("text/turtle", TTL, "ttl"),
    ("application/n-triples", NT, "nt"),
    ("text/plain", NT, "nt"),
    ("application/rdf+xml", XML, "xml"),
    ("application/ld+json", JSON, "jsonld"),
    // The query page's graph view: the graph as the page's own JSON (nodes, edges).
    (PAGE_GRAPH, JSON, "page-graph"),
];

/// The media type of a graph as the query page's JSON ([`crate::export::html::PageGraph`]).
pub const PAGE_GRAPH: &str = "application/vnd.derek.page-graph+json";

fn content_type(format: ResultFormat, kind: ResultKind) -> &'static str {
    let graph = kind == ResultKind::Graph;
    match format {
        ResultFormat::Results(QueryResultsFormat::Json) if graph => "application/ld+json",
        ResultFormat::Results(QueryResultsFormat::Xml) if graph => "application/rdf+xml",
        ResultFormat::Results(f) => f.media_type(),
        ResultFormat::Graph(RdfFormat::Turtle) => "text/turtle; charset=utf-8",
        ResultFormat::Graph(f) => f.media_type(),
        ResultFormat::Table => "text/plain; charset=utf-8",
    }
}

/// `Accept` entries, best first (stable for equal weights); entries with q=0 are dropped.
pub fn parse_accept(h: &str) -> Vec<String> {
    let mut v: Vec<(String, f32, usize)> = Vec::new();
    for (i, part) in h.split(',').enumerate() {
        let mut it = part.split(';');
        let mt = it.next().unwrap_or("").trim().to_ascii_lowercase();
        if mt.is_empty() {
            continue;
        }
        let mut q = 1.0f32;
        for p in it {
            if let Some((k, val)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("q") {
                    q = val.trim().parse().unwrap_or(0.0);
                }
            }
        }
        if q > 0.0 {
            v.push((mt, q, i));
        }
    }
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    v.into_iter().map(|x| x.0).collect()
}

/// Chooses the serialization from `?format=` (json, xml, csv, tsv, ttl, nt), else from the
/// Accept header; without either, SPARQL JSON for results and Turtle for graphs. The error is
/// the 406 message, which lists what is available.
pub fn negotiate(
    accept: Option<&str>,
    format: Option<&str>,
    kind: ResultKind,
) -> Result<Negotiated, String> {
    let table = if kind == ResultKind::Graph {
        GRAPHS
    } else {
        RESULTS
    };
    let pick = |(mt, f, label): &(&'static str, ResultFormat, &'static str)| Negotiated {
        format: *f,
        content_type: if *mt == PAGE_GRAPH {
            PAGE_GRAPH
        } else {
            content_type(*f, kind)
        },
        label,
    };
    let what = if kind == ResultKind::Graph {
        "a graph (CONSTRUCT or DESCRIBE)"
    } else {
        "solutions (SELECT or ASK)"
    };
    let names = || {
        let mut l: Vec<&str> = table.iter().map(|t| t.2).collect();
        l.dedup();
        l.join(", ")
    };
    if let Some(f) = format.filter(|f| !f.is_empty()) {
        let f = f.to_ascii_lowercase();
        return table
            .iter()
            .find(|t| t.2 == f || t.0 == f)
            .map(pick)
            .ok_or_else(|| {
                format!(
                    "format={f} is not available for {what}; available: {}",
                    names()
                )
            });
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(pick(&table[0]));
    };
    for mt in parse_accept(accept) {
        if mt == "*/*" {
            return Ok(pick(&table[0]));
        }
        if let Some(major) = mt.strip_suffix("/*") {
            if let Some(t) = table.iter().find(|t| t.0.split('/').next() == Some(major)) {
                return Ok(pick(t));
            }
            continue;
        }
        if let Some(t) = table.iter().find(|t| t.0 == mt) {
            return Ok(pick(t));
        }
    }
    Err(format!(
        "none of the accepted media types ({accept}) is available for {what}; available: {}",
        table.iter().map(|t| t.0).collect::<Vec<_>>().join(", ")
    ))
}

/// Whether the client asked for a page (a browser) rather than data.
pub fn prefers_html(accept: Option<&str>) -> bool {
    accept.is_some_and(|a| parse_accept(a).first().is_some_and(|m| m == "text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding_handles_plus_escapes_and_bad_escapes() {
        let one = |s: &str| parse_form(&format!("k={s}")).remove(0).1;
        assert_eq!(one("a+b%20c%D2%9B"), "a b cқ");
        assert_eq!(one("100%"), "100%");
        assert_eq!(one("%zz%4"), "%zz%4");
        let p = parse_form("query=SELECT+*&default-graph-uri=a&default-graph-uri=b&flag");
        assert_eq!(p.len(), 4);
        assert_eq!(p[0], ("query".into(), "SELECT *".into()));
        assert_eq!(p[3], ("flag".into(), "".into()));
    }

    #[test]
    fn the_three_protocol_forms_and_updates() {
        let q = |r: Result<SparqlRequest, Reply>| match r {
            Ok(SparqlRequest::Query { text, .. }) => text,
            Ok(other) => panic!("{other:?}"),
            Err(r) => panic!("{} {}", r.status, r.note),
        };
        let url = parse_form("query=ASK%7B%7D");
        assert_eq!(q(sparql_request("GET", &url, None, b"")), "ASK{}");
        assert_eq!(
            q(sparql_request(
                "POST",
                &[],
                Some("application/x-www-form-urlencoded"),
                b"query=ASK+%7B%7D"
            )),
            "ASK {}"
        );
        assert_eq!(
            q(sparql_request(
                "POST",
                &[],
                Some("application/sparql-query; charset=utf-8"),
                b"ASK {}"
            )),
            "ASK {}"
        );
        assert_eq!(
            sparql_request("POST", &[], Some("application/sparql-update"), b"CLEAR ALL"),
            Ok(SparqlRequest::Update)
        );
        assert_eq!(
            sparql_request(
                "POST",
                &[],
                Some("application/x-www-form-urlencoded"),
                b"update=CLEAR+ALL"
            ),
            Ok(SparqlRequest::Update)
        );
        assert_eq!(
            sparql_request("GET", &[], None, b""),
            Ok(SparqlRequest::None)
        );
        assert_eq!(
            sparql_request("POST", &[], Some("text/plain"), b"x")
                .unwrap_err()
                .status,
            415
        );
        assert_eq!(
            sparql_request("DELETE", &[], None, b"").unwrap_err().status,
            405
        );
        let two = parse_form("query=ASK%7B%7D&query=ASK%7B%7D");
        assert_eq!(
            sparql_request("GET", &two, None, b"").unwrap_err().status,
            400
        );
    }

    #[test]
    fn negotiation_follows_weights_wildcards_and_kind() {
        let f = |a: Option<&str>, k| negotiate(a, None, k).map(|n| n.format);
        assert_eq!(f(None, ResultKind::Solutions), Ok(JSON));
        assert_eq!(f(None, ResultKind::Graph), Ok(TTL));
        assert_eq!(
            f(
                Some("text/csv;q=0.5, text/tab-separated-values"),
                ResultKind::Solutions
            ),
            Ok(TSV)
        );
        assert_eq!(
            f(Some("application/sparql-results+xml"), ResultKind::Boolean),
            Ok(XML)
        );
        assert_eq!(f(Some("text/html, */*;q=0.1"), ResultKind::Graph), Ok(TTL));
        assert_eq!(f(Some("application/*"), ResultKind::Graph), Ok(NT));
        assert_eq!(f(Some("application/n-triples"), ResultKind::Graph), Ok(NT));
        assert!(f(Some("text/csv"), ResultKind::Graph)
            .unwrap_err()
            .contains("text/turtle"));
        assert!(f(Some("image/png"), ResultKind::Solutions).is_err());
        assert_eq!(
            negotiate(Some("text/csv"), Some("tsv"), ResultKind::Solutions).map(|n| n.format),
            Ok(TSV)
        );
        assert!(negotiate(None, Some("ttl"), ResultKind::Solutions).is_err());
        let page = negotiate(
            Some(&format!(
                "application/sparql-results+json, {PAGE_GRAPH};q=0.9"
            )),
            None,
            ResultKind::Graph,
        )
        .unwrap();
        assert_eq!(page.content_type, PAGE_GRAPH);
        assert!(prefers_html(Some("text/html,application/xhtml+xml;q=0.9")));
        assert!(!prefers_html(Some("*/*")));
    }
}
