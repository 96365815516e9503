//! Relation rows read back from the store. The queries use the prefixes that the query layer
//! predeclares (`crate::rdf::vocab::PREFIXES`).

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use super::filter::{ArticleInfo, Catalog, EntityInfo, Mention};
use super::tables::StatementRow;
use super::{sort_rows, RelRow};
use crate::error::{Error, Result};
use crate::query::evaluate;
use crate::store::DerekStore;

const REL_QUERY: &str = r#"
SELECT ?article ?line ?rel ?s ?slabel ?o ?olabel ?otext ?date ?plabel ?start ?end ?conf WHERE {
  GRAPH ?g {
    ?st a dk:Statement ; dk:article ?a ; dk:line ?line ; dk:relation ?rel ;
        dk:subject ?s ; dk:object ?o ; nif:beginIndex ?start ; nif:endIndex ?end ;
        dk:confidence ?conf .
    ?a schema:identifier ?article .
    OPTIONAL { ?s rdfs:label ?slabel }
    OPTIONAL { ?o rdfs:label ?olabel }
    OPTIONAL { ?o dk:text ?otext }
    OPTIONAL { ?st dk:date ?date }
    OPTIONAL { ?st dk:place ?p . ?p rdfs:label ?plabel }
  }
}"#;

fn lit(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn iri(t: Option<&Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        other => lit(other),
    }
}

/// Rows from the store, sorted by article, line, offset.
pub fn rows_from_store(store: &DerekStore) -> Result<Vec<RelRow>> {
    let QueryResults::Solutions(sols) = evaluate(&store.store, REL_QUERY)? else {
        return Err(Error::Other(
            "relations query did not return solutions".into(),
        ));
    };
    let dk = crate::rdf::vocab::DK;
    let mut rows = Vec::new();
    for s in sols {
        let s = s.map_err(|e| Error::Query(e.to_string()))?;
        let rel = iri(s.get("rel"));
        let olabel = {
            let t = lit(s.get("otext"));
            if t.is_empty() {
                lit(s.get("olabel"))
            } else {
                t
            }
        };
        rows.push(RelRow {
            article: lit(s.get("article")),
            line: lit(s.get("line")).parse().unwrap_or(0),
            relation: rel.strip_prefix(dk).unwrap_or(&rel).to_string(),
            subject: iri(s.get("s")),
            subject_label: lit(s.get("slabel")),
            object: iri(s.get("o")),
            object_label: olabel,
            date: lit(s.get("date")),
            place: lit(s.get("plabel")),
            start: lit(s.get("start")).parse().unwrap_or(0),
            end: lit(s.get("end")).parse().unwrap_or(0),
            confidence: lit(s.get("conf")),
        });
    }
    sort_rows(&mut rows);
    rows.dedup();
    Ok(rows)
}

const STATEMENT_QUERY: &str = r#"
SELECT ?st ?article ?line ?rel ?s ?slabel ?o ?olabel ?otext ?cs ?ce ?date ?p ?plabel ?start ?end
       ?conf ?mode ?rule ?anchor WHERE {
  GRAPH ?g {
    ?st a dk:Statement ; dk:article ?a ; dk:line ?line ; dk:relation ?rel ;
        dk:subject ?s ; dk:object ?o ; nif:beginIndex ?start ; nif:endIndex ?end ;
        dk:confidence ?conf .
    ?a schema:identifier ?article .
    OPTIONAL { ?s rdfs:label ?slabel }
    OPTIONAL { ?o rdfs:label ?olabel }
    OPTIONAL { ?o dk:text ?otext . OPTIONAL { ?o nif:beginIndex ?cs ; nif:endIndex ?ce } }
    OPTIONAL { ?st dk:date ?date }
    OPTIONAL { ?st dk:place ?p . OPTIONAL { ?p rdfs:label ?plabel } }
    OPTIONAL { ?st dk:mode ?mode }
    OPTIONAL { ?st dk:rule ?rule }
    OPTIONAL { ?st nif:anchorOf ?anchor }
  }
}"#;

const ENTITY_QUERY: &str = r#"
SELECT ?e ?type ?label ?wd WHERE {
  VALUES ?type { schema:Person schema:Organization schema:Country schema:Place
                 schema:NewsMediaOrganization dk:Group dk:Document dk:Topic }
  ?e a ?type ; rdfs:label ?label .
  OPTIONAL { ?e dk:wikidata ?wd }
}"#;

const ENTITY_EXTRA_QUERY: &str = r#"
SELECT ?e ?k ?v WHERE {
  { ?e skos:altLabel ?v BIND("alias" AS ?k) } UNION { ?e dk:role ?v BIND("role" AS ?k) }
}"#;

const ARTICLE_QUERY: &str = r#"
SELECT ?id ?date ?title ?url WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:datePublished ?date }
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:url ?url }
}"#;

const MENTION_QUERY: &str = r#"
SELECT DISTINCT ?m ?e ?id ?count WHERE {
  ?m a dk:Mentions ; dk:entity ?e ; dk:article ?a ; dk:count ?count .
  ?a schema:identifier ?id .
}"#;

/// Runs a SELECT and returns its solutions.
fn select(store: &DerekStore, q: &str) -> Result<Vec<oxigraph::sparql::QuerySolution>> {
    let QueryResults::Solutions(sols) = evaluate(&store.store, q)? else {
        return Err(Error::Other(
            "a SELECT query did not return solutions".into(),
        ));
    };
    sols.map(|s| s.map_err(|e| Error::Query(e.to_string())))
        .collect()
}

/// The local name of a schema.org or dk: class IRI (`https://schema.org/Person` -> `Person`).
fn local_name(iri: &str) -> String {
    iri.rsplit(['/', '#']).next().unwrap_or(iri).to_string()
}

/// Entities, articles and mention counts from the store.
pub fn catalog_from_store(store: &DerekStore) -> Result<Catalog> {
    let mut cat = Catalog::default();
    for s in select(store, ENTITY_QUERY)? {
        let iri = iri(s.get("e"));
        let e = cat.entities.entry(iri).or_insert_with(|| EntityInfo {
            label: lit(s.get("label")),
            class: local_name(&iri_of(s.get("type"))),
            ..Default::default()
        });
        let wd = iri_of(s.get("wd"));
        if let Some(q) = wd.strip_prefix(crate::rdf::vocab::WD) {
            // Several ids would be a gazetteer error; keep the smallest, for determinism.
            if e.wikidata.is_empty() || q < e.wikidata.as_str() {
                e.wikidata = q.to_string();
            }
        }
    }
    for s in select(store, ENTITY_EXTRA_QUERY)? {
        if let Some(e) = cat.entities.get_mut(&iri(s.get("e"))) {
            let v = lit(s.get("v"));
            match lit(s.get("k")).as_str() {
                "alias" => e.aliases.insert(v),
                _ => e.roles.insert(v),
            };
        }
    }
    for e in cat.entities.values_mut() {
        let label = e.label.clone();
        e.aliases.remove(&label);
    }
    for s in select(store, ARTICLE_QUERY)? {
        cat.articles.insert(
            lit(s.get("id")),
            ArticleInfo {
                date: lit(s.get("date")),
                title: lit(s.get("title")),
                url: lit(s.get("url")),
            },
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for s in select(store, MENTION_QUERY)? {
        if !seen.insert(iri(s.get("m"))) {
            continue;
        }
        cat.mentions.push(Mention {
            entity: iri(s.get("e")),
            article: lit(s.get("id")),
            count: lit(s.get("count")).parse().unwrap_or(0),
        });
    }
    cat.mentions.sort();
    Ok(cat)
}

/// Every `dk:Statement` with all it records, sorted like the relations (article, line,
/// offset, relation, subject, object), one row per statement.
pub fn statements_from_store(store: &DerekStore, cat: &Catalog) -> Result<Vec<StatementRow>> {
    let dk = crate::rdf::vocab::DK;
    let mut by_iri: std::collections::BTreeMap<String, StatementRow> =
        std::collections::BTreeMap::new();
    for s in select(store, STATEMENT_QUERY)? {
        let rel = iri(s.get("rel"));
        let otext = lit(s.get("otext"));
        let is_claim = s.get("otext").is_some();
        let subject = iri(s.get("s"));
        let object = iri(s.get("o"));
        let class_of = |e: &str| {
            cat.entities
                .get(e)
                .map(|i| i.class.clone())
                .unwrap_or_default()
        };
        let article = lit(s.get("article"));
        let num = |v: &str| lit(s.get(v)).parse::<usize>().ok();
        let row = StatementRow {
            statement: iri(s.get("st")),
            line: num("line").unwrap_or(0),
            relation: rel.strip_prefix(dk).unwrap_or(&rel).to_string(),
            subject_label: lit(s.get("slabel")),
            object_label: if is_claim {
                otext
            } else {
                lit(s.get("olabel"))
            },
            date: lit(s.get("date")),
            place: lit(s.get("plabel")),
            start: num("start").unwrap_or(0),
            end: num("end").unwrap_or(0),
            confidence: lit(s.get("conf")),
            mode: local_name(&iri_of(s.get("mode"))),
            subject_type: class_of(&subject),
            object_type: if is_claim {
                "Claim".to_string()
            } else {
                class_of(&object)
            },
            place_iri: iri_of(s.get("p")),
            article_date: cat
                .articles
                .get(&article)
                .map(|a| a.date.clone())
                .unwrap_or_default(),
            rule: lit(s.get("rule")),
            claim_start: num("cs"),
            claim_end: num("ce"),
            evidence: lit(s.get("anchor")),
            article,
            subject,
            object,
        };
        // A statement matched twice (two labels, say) keeps its smallest row: deterministic.
        match by_iri.get(&row.statement) {
            Some(old) if old <= &row => {}
            _ => {
                by_iri.insert(row.statement.clone(), row);
            }
        }
    }
    let mut rows: Vec<StatementRow> = by_iri.into_values().collect();
    rows.sort_by(|a, b| {
        (
            &a.article,
            a.line,
            a.start,
            &a.relation,
            &a.subject,
            &a.object,
            &a.statement,
        )
            .cmp(&(
                &b.article,
                b.line,
                b.start,
                &b.relation,
                &b.subject,
                &b.object,
                &b.statement,
            ))
    });
    Ok(rows)
}

/// The IRI of a term, or "" when unbound or not an IRI.
fn iri_of(t: Option<&Term>) -> String {
    match t {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        _ => String::new(),
    }
}
