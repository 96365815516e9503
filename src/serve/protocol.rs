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
        /// derek's `limit` and `offset` parameters (not the protocol's): one page of the answer.
        page: crate::query::Page,
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
    let last = |key: &str| {
        params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    match queries.len() {
        0 => Ok(SparqlRequest::None),
        1 => Ok(SparqlRequest::Query {
            text: queries.remove(0),
            default_graphs: graphs("default-graph-uri"),
            named_graphs: graphs("named-graph-uri"),
            page: crate::query::Page::parse(last("limit"), last("offset"), "the parameter")
                .map_err(|e| Reply::text(400, e.to_string()))?,
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

/// The media type of a graph as the query page's JSON ([`crate::export::html::PageGraph`]).
pub const PAGE_GRAPH: &str = "application/vnd.derek.page-graph+json";

/// What the endpoint offers for solutions and booleans, by `?format=` name, in order of
/// preference: the first is the default, and `type/*` takes the first of that type. Any media
/// type that Oxigraph's parser names a results format is served too (`application/json`,
/// `text/xml`, ...).
const RESULTS: &[(&str, ResultFormat)] = &[
    ("json", ResultFormat::Results(QueryResultsFormat::Json)),
    ("xml", ResultFormat::Results(QueryResultsFormat::Xml)),
    ("csv", ResultFormat::Results(QueryResultsFormat::Csv)),
    ("tsv", ResultFormat::Results(QueryResultsFormat::Tsv)),
];

/// The same for graphs; any RDF syntax Oxigraph's parser names is served too (N-Quads, TriG,
/// N3, ...). The query page's graph view ([`PAGE_GRAPH`]) is asked for by its media type.
const GRAPHS: &[(&str, ResultFormat)] = &[
    ("ttl", ResultFormat::Graph(RdfFormat::Turtle)),
    ("nt", ResultFormat::Graph(RdfFormat::NTriples)),
    ("xml", ResultFormat::Graph(RdfFormat::RdfXml)),
    (
        "jsonld",
        ResultFormat::Graph(RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        }),
    ),
];

/// The `Content-Type` of a format; text is UTF-8.
fn content_type(format: ResultFormat) -> &'static str {
    match format {
        ResultFormat::Results(f) => f.media_type(),
        ResultFormat::Graph(RdfFormat::Turtle) => "text/turtle; charset=utf-8",
        ResultFormat::Graph(RdfFormat::N3) => "text/n3; charset=utf-8",
        ResultFormat::Graph(f) => f.media_type(),
        ResultFormat::Table => "text/plain; charset=utf-8",
    }
}

/// A short name of a format for the log: its `?format=` name, else its file extension.
fn label(format: ResultFormat, offers: &[(&'static str, ResultFormat)]) -> &'static str {
    if let Some((name, _)) = offers.iter().find(|(_, f)| *f == format) {
        return name;
    }
    match format {
        ResultFormat::Results(f) => f.file_extension(),
        ResultFormat::Graph(f) => f.file_extension(),
        ResultFormat::Table => "txt",
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

/// Other names clients use for formats in `?format=` / `?output=` (SPARQLWrapper's words among
/// them), for graphs and for solutions.
const GRAPH_WORDS: &[(&str, &str)] = &[
    ("turtle", "ttl"),
    ("ntriples", "nt"),
    ("n-triples", "nt"),
    ("rdf", "xml"),
    ("rdf+xml", "xml"),
    ("rdfxml", "xml"),
    ("json-ld", "jsonld"),
    ("json", "jsonld"),
];
const RESULT_WORDS: &[(&str, &str)] = &[("srj", "json"), ("srx", "xml")];

/// Chooses the serialization. `formats` are the values of the URL's `format`, `output` and
/// `results` parameters: the first that names a format available for this kind of result (by
/// name, an alias such as SPARQLWrapper's `turtle` or `rdf+xml`, or a media type) wins; the
/// others are hints that do not fit (SPARQLWrapper sends its default `xml` with every query)
/// and are passed over. Then the Accept header decides; without either, SPARQL JSON for results
/// and Turtle for graphs. Media types are read by Oxigraph's parsers
/// (`QueryResultsFormat::from_media_type`, `RdfFormat::from_media_type`). The error is the 406
/// message, which lists what is available.
pub fn negotiate(
    accept: Option<&str>,
    formats: &[String],
    kind: ResultKind,
) -> Result<Negotiated, String> {
    let offers = if kind == ResultKind::Graph {
        GRAPHS
    } else {
        RESULTS
    };
    let pick = |f: ResultFormat| Negotiated {
        format: f,
        content_type: content_type(f),
        label: label(f, offers),
    };
    let page = Negotiated {
        format: ResultFormat::Results(QueryResultsFormat::Json),
        content_type: PAGE_GRAPH,
        label: "page-graph",
    };
    let by_media_type = |mt: &str| -> Option<Negotiated> {
        if kind == ResultKind::Graph {
            if mt.eq_ignore_ascii_case(PAGE_GRAPH) {
                return Some(page);
            }
            RdfFormat::from_media_type(mt).map(|f| pick(ResultFormat::Graph(f)))
        } else {
            QueryResultsFormat::from_media_type(mt).map(|f| pick(ResultFormat::Results(f)))
        }
    };
    let what = if kind == ResultKind::Graph {
        "a graph (CONSTRUCT or DESCRIBE)"
    } else {
        "solutions (SELECT or ASK)"
    };
    let words = if kind == ResultKind::Graph {
        GRAPH_WORDS
    } else {
        RESULT_WORDS
    };
    for f in formats {
        let f = f.trim().to_ascii_lowercase();
        if f.is_empty() {
            continue;
        }
        let name = words
            .iter()
            .find(|(w, _)| *w == f)
            .map_or(f.as_str(), |(_, n)| n);
        let found = offers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, x)| pick(*x))
            .or_else(|| by_media_type(&f));
        if let Some(n) = found {
            return Ok(n);
        }
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(pick(offers[0].1));
    };
    for mt in parse_accept(accept) {
        if mt == "*/*" {
            return Ok(pick(offers[0].1));
        }
        if let Some(major) = mt.strip_suffix("/*") {
            let same_type = |f: &ResultFormat| content_type(*f).split('/').next() == Some(major);
            if let Some((_, f)) = offers.iter().find(|(_, f)| same_type(f)) {
                return Ok(pick(*f));
            }
            continue;
        }
        if let Some(n) = by_media_type(&mt) {
            return Ok(n);
        }
    }
    let mut available: Vec<&str> = offers.iter().map(|(_, f)| content_type(*f)).collect();
    if kind == ResultKind::Graph {
        available.push(PAGE_GRAPH);
    }
    Err(format!(
        "none of the accepted media types ({accept}) is available for {what}; available: {}",
        available.join(", ")
    ))
}

/// Whether the client asked for a page (a browser) rather than data.
pub fn prefers_html(accept: Option<&str>) -> bool {
    accept.is_some_and(|a| parse_accept(a).first().is_some_and(|m| m == "text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: ResultFormat = ResultFormat::Results(QueryResultsFormat::Json);
    const XML: ResultFormat = ResultFormat::Results(QueryResultsFormat::Xml);
    const TSV: ResultFormat = ResultFormat::Results(QueryResultsFormat::Tsv);
    const TTL: ResultFormat = ResultFormat::Graph(RdfFormat::Turtle);
    const NT: ResultFormat = ResultFormat::Graph(RdfFormat::NTriples);

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
        let paged = parse_form("query=ASK%7B%7D&limit=10&offset=20");
        match sparql_request("GET", &paged, None, b"") {
            Ok(SparqlRequest::Query { page, .. }) => assert_eq!(
                page,
                crate::query::Page {
                    offset: 20,
                    limit: Some(10)
                }
            ),
            other => panic!("{other:?}"),
        }
        let bad = parse_form("query=ASK%7B%7D&limit=ten");
        let e = sparql_request("GET", &bad, None, b"").unwrap_err();
        assert_eq!(e.status, 400);
        let two = parse_form("query=ASK%7B%7D&query=ASK%7B%7D");
        assert_eq!(
            sparql_request("GET", &two, None, b"").unwrap_err().status,
            400
        );
    }

    #[test]
    fn negotiation_follows_weights_wildcards_and_kind() {
        let f = |a: Option<&str>, k| negotiate(a, &[], k).map(|n| n.format);
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
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            negotiate(Some("text/csv"), &words(&["tsv"]), ResultKind::Solutions).map(|n| n.format),
            Ok(TSV)
        );
        // A word that does not fit the query form is passed over, not a 406.
        assert_eq!(
            negotiate(None, &words(&["ttl"]), ResultKind::Solutions).map(|n| n.format),
            Ok(JSON)
        );
        // What SPARQLWrapper sends: `format`, `output` and `results` with its word, and for
        // rdf+xml, json-ld and tsv the media type too.
        let sw =
            |w: &[&str], accept: &str, k| negotiate(Some(accept), &words(w), k).map(|n| n.format);
        assert_eq!(
            sw(
                &["xml", "xml", "xml"],
                "application/rdf+xml",
                ResultKind::Graph
            ),
            Ok(ResultFormat::Graph(RdfFormat::RdfXml))
        );
        assert_eq!(
            sw(
                &["turtle", "turtle", "turtle"],
                "application/turtle,text/turtle",
                ResultKind::Graph
            ),
            Ok(TTL)
        );
        assert_eq!(
            sw(
                &["rdf+xml", "application/rdf+xml"],
                "application/rdf+xml",
                ResultKind::Graph
            ),
            Ok(ResultFormat::Graph(RdfFormat::RdfXml))
        );
        assert!(matches!(
            sw(
                &["json-ld", "application/ld+json"],
                "application/ld+json",
                ResultKind::Graph
            ),
            Ok(ResultFormat::Graph(RdfFormat::JsonLd { .. }))
        ));
        assert_eq!(
            sw(
                &["xml"],
                "application/sparql-results+xml",
                ResultKind::Boolean
            ),
            Ok(XML)
        );
        assert_eq!(sw(&["nonsense"], "text/turtle", ResultKind::Graph), Ok(TTL));
        let page = negotiate(
            Some(&format!(
                "application/sparql-results+json, {PAGE_GRAPH};q=0.9"
            )),
            &[],
            ResultKind::Graph,
        )
        .unwrap();
        assert_eq!(page.content_type, PAGE_GRAPH);
        // Media types as Oxigraph's parsers read them, with the content type sent back.
        let n = |a: &str, k| negotiate(Some(a), &[], k).unwrap();
        assert_eq!(n("application/json", ResultKind::Solutions).format, JSON);
        assert_eq!(n("text/plain", ResultKind::Graph).format, NT);
        let nq = n("application/n-quads", ResultKind::Graph);
        assert_eq!(
            (nq.format, nq.content_type),
            (
                ResultFormat::Graph(RdfFormat::NQuads),
                "application/n-quads"
            )
        );
        assert_eq!(
            n("text/turtle", ResultKind::Graph).content_type,
            "text/turtle; charset=utf-8"
        );
        assert_eq!(
            n("text/csv", ResultKind::Boolean).content_type,
            "text/csv; charset=utf-8"
        );
        assert_eq!(n("application/ld+json", ResultKind::Graph).label, "jsonld");
        assert_eq!(
            negotiate(None, &words(&["application/rdf+xml"]), ResultKind::Graph).map(|n| n.format),
            Ok(ResultFormat::Graph(RdfFormat::RdfXml))
        );
        assert!(prefers_html(Some("text/html,application/xhtml+xml;q=0.9")));
        assert!(!prefers_html(Some("*/*")));
    }
}
