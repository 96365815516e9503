//! The quads of one article, all in the article's named graph: the article, its actors, one
//! direct triple per relation (`<actor> dk:said <claim>`) and beside it an n-ary statement with
//! mode, date, place, evidence, rule and confidence.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::mint;
use rustc_hash::FxHashSet;

use super::vocab::{self, dk};
use crate::extract::{Annotations, Object, RelKind};
use crate::source::{Article, PartialDate};

struct Out {
    g: GraphName,
    quads: Vec<Quad>,
}

fn nn(iri: &str) -> NamedNode {
    // Every IRI here comes from `mint` or `vocab`, which only make valid IRIs (their tests and
    // the fuzz targets check it); parsing each again would cost a tenth of extraction time.
    debug_assert!(NamedNode::new(iri).is_ok(), "invalid IRI {iri:?}");
    NamedNode::new_unchecked(iri)
}

/// The vocabulary as ready-made nodes, built once: formatting each predicate for each triple
/// was a large part of building quads.
struct V {
    rdf_type: NamedNode,
    label: NamedNode,
    alt_label: NamedNode,
    derived: NamedNode,
    begin: NamedNode,
    end: NamedNode,
    anchor: NamedNode,
    xsd_int: NamedNode,
    xsd_decimal: NamedNode,
    xsd_date: NamedNode,
    news_article: NamedNode,
    identifier: NamedNode,
    in_language: NamedNode,
    date_published: NamedNode,
    url: NamedNode,
    headline: NamedNode,
    wikidata: NamedNode,
    role: NamedNode,
    mentions: NamedNode,
    entity: NamedNode,
    article: NamedNode,
    count: NamedNode,
    claim: NamedNode,
    text: NamedNode,
    document: NamedNode,
    topic: NamedNode,
    statement: NamedNode,
    subject: NamedNode,
    relation: NamedNode,
    object: NamedNode,
    mode: NamedNode,
    date: NamedNode,
    place: NamedNode,
    line: NamedNode,
    rule: NamedNode,
    confidence: NamedNode,
    /// dk:said ... dk:criticized, indexed like `RelKind::ALL`.
    rels: Vec<NamedNode>,
}

fn v() -> &'static V {
    static VOCAB: std::sync::OnceLock<V> = std::sync::OnceLock::new();
    VOCAB.get_or_init(|| {
        let d = |l: &str| nn(&vocab::dk(l));
        let s = |l: &str| nn(&vocab::schema(l));
        V {
            rdf_type: nn(vocab::RDF_TYPE),
            label: nn(vocab::RDFS_LABEL),
            alt_label: nn(vocab::SKOS_ALT_LABEL),
            derived: nn(vocab::PROV_WAS_DERIVED_FROM),
            begin: nn(vocab::NIF_BEGIN),
            end: nn(vocab::NIF_END),
            anchor: nn(vocab::NIF_ANCHOR),
            xsd_int: nn(vocab::XSD_INTEGER),
            xsd_decimal: nn(vocab::XSD_DECIMAL),
            xsd_date: nn(vocab::XSD_DATE),
            news_article: s("NewsArticle"),
            identifier: s("identifier"),
            in_language: s("inLanguage"),
            date_published: s("datePublished"),
            url: s("url"),
            headline: s("headline"),
            wikidata: d(dk::WIKIDATA),
            role: d(dk::ROLE),
            mentions: d(dk::MENTIONS),
            entity: d(dk::ENTITY),
            article: d(dk::ARTICLE),
            count: d(dk::COUNT),
            claim: d(dk::CLAIM),
            text: d(dk::TEXT),
            document: d(dk::DOCUMENT),
            topic: d(dk::TOPIC),
            statement: d(dk::STATEMENT),
            subject: d(dk::SUBJECT),
            relation: d(dk::RELATION),
            object: d(dk::OBJECT),
            mode: d(dk::MODE),
            date: d(dk::DATE),
            place: d(dk::PLACE),
            line: d(dk::LINE),
            rule: d(dk::RULE),
            confidence: d(dk::CONFIDENCE),
            rels: RelKind::ALL.iter().map(|r| d(r.as_str())).collect(),
        }
    })
}

impl Out {
    fn add(&mut self, s: &NamedNode, p: &NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p.clone(),
            o.into(),
            self.g.clone(),
        ));
    }
    fn kk(&mut self, s: &NamedNode, p: &NamedNode, text: &str) {
        let lit = Literal::new_language_tagged_literal_unchecked(text, "kk");
        self.add(s, p, lit);
    }
    fn int(&mut self, s: &NamedNode, p: &NamedNode, n: usize) {
        self.add(
            s,
            p,
            Literal::new_typed_literal(n.to_string(), v().xsd_int.clone()),
        );
    }
    fn plain(&mut self, s: &NamedNode, p: &NamedNode, val: &str) {
        self.add(s, p, Literal::new_simple_literal(val));
    }
}

pub fn date_literal(d: &PartialDate) -> Literal {
    let dt = match (d.year, d.day) {
        (Some(_), Some(_)) => vocab::XSD_DATE,
        (None, Some(_)) => vocab::XSD_G_MONTH_DAY,
        _ => vocab::XSD_G_YEAR_MONTH,
    };
    Literal::new_typed_literal(d.to_string(), nn(dt))
}

/// Builds every quad of `article`. Deterministic: the same input gives the same quads in the
/// same order, each once.
pub fn article_quads(article: &Article, ann: &Annotations) -> Vec<Quad> {
    let v = v();
    let id = &article.id;
    let a = nn(&mint::article(id));
    let mut o = Out {
        g: GraphName::NamedNode(nn(&mint::graph(id))),
        quads: Vec::with_capacity(32 + ann.relations.len() * 20),
    };
    o.add(&a, &v.rdf_type, v.news_article.clone());
    o.plain(&a, &v.identifier, id);
    o.plain(&a, &v.in_language, &ann.lang);
    if let Some(d) = article.meta.date {
        o.add(
            &a,
            &v.date_published,
            Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), v.xsd_date.clone()),
        );
    }
    if let Some(u) = &article.meta.url {
        match NamedNode::new(u.as_str()) {
            Ok(n) => o.add(&a, &v.url, n),
            Err(_) => o.plain(&a, &v.url, u),
        }
    }
    if let Some(t) = &article.meta.title {
        o.kk(&a, &v.headline, t);
    }

    // Actors: those mentioned or related.
    let mut used: BTreeSet<usize> = ann
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.mentions > 0)
        .map(|(i, _)| i)
        .collect();
    for r in &ann.relations {
        used.insert(r.subject);
        if let Object::Entity(e) = r.object {
            used.insert(e);
        }
        if let Some(p) = r.place {
            used.insert(p);
        }
    }
    let iris: Vec<NamedNode> = ann
        .entities
        .iter()
        .map(|e| nn(&mint::entity(id, e.etype, &e.label)))
        .collect();
    for &i in &used {
        let e = &ann.entities[i];
        let iri = &iris[i];
        o.add(iri, &v.rdf_type, nn(&vocab::entity_class(e.etype)));
        o.kk(iri, &v.label, &e.label);
        for al in &e.aliases {
            if al != &e.label {
                o.kk(iri, &v.alt_label, al);
            }
        }
        if let Some(q) = &e.wikidata {
            o.add(iri, &v.wikidata, nn(&format!("{}{q}", vocab::WD)));
        }
        let roles: BTreeSet<&str> = e
            .roles
            .iter()
            .map(|(_, p)| p.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        for p in roles {
            o.kk(iri, &v.role, p);
        }
        if e.mentions > 0 {
            let m = nn(&mint::mentions(id, iri.as_str()));
            o.add(&m, &v.rdf_type, v.mentions.clone());
            o.add(&m, &v.entity, iri.clone());
            o.add(&m, &v.article, a.clone());
            o.int(&m, &v.count, e.mentions);
        }
    }

    let mut counters: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    // Claims, documents and topics described once; each direct triple once.
    let mut described: FxHashSet<String> = FxHashSet::default();
    let mut direct: FxHashSet<(usize, usize, String)> = FxHashSet::default();
    for r in &ann.relations {
        let rel = r.kind.as_str();
        let rel_node = &v.rels[RelKind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0)];
        let subj = &iris[r.subject];
        let obj = match &r.object {
            Object::Claim { span, .. } => nn(&mint::claim(id, span.start, span.end)),
            Object::Entity(e) => iris[*e].clone(),
            Object::Document { label } => nn(&mint::document(id, label)),
            Object::Topic { label } => nn(&mint::topic(id, label)),
        };
        if !matches!(r.object, Object::Entity(_)) && described.insert(obj.as_str().to_string()) {
            match &r.object {
                Object::Claim { text, span } => {
                    o.add(&obj, &v.rdf_type, v.claim.clone());
                    o.kk(&obj, &v.text, text);
                    o.int(&obj, &v.begin, span.start);
                    o.int(&obj, &v.end, span.end);
                    o.add(&obj, &v.derived, a.clone());
                }
                Object::Document { label } => {
                    o.add(&obj, &v.rdf_type, v.document.clone());
                    o.kk(&obj, &v.label, label);
                }
                Object::Topic { label } => {
                    o.add(&obj, &v.rdf_type, v.topic.clone());
                    o.kk(&obj, &v.label, label);
                }
                Object::Entity(_) => {}
            }
        }
        let kind_ix = r.kind as usize;
        if direct.insert((r.subject, kind_ix, obj.as_str().to_string())) {
            o.add(subj, rel_node, obj.clone());
        }

        let n = counters.entry((r.evidence.start, rel)).or_insert(0);
        let st = nn(&mint::statement(id, r.evidence.start, rel, *n));
        *n += 1;
        o.add(&st, &v.rdf_type, v.statement.clone());
        o.add(&st, &v.subject, subj.clone());
        o.add(&st, &v.relation, rel_node.clone());
        o.add(&st, &v.object, obj);
        if let Some(m) = r.mode {
            o.add(&st, &v.mode, nn(&vocab::mode_iri(m)));
        }
        if let Some(d) = &r.date {
            o.add(&st, &v.date, date_literal(d));
        }
        if let Some(p) = r.place {
            o.add(&st, &v.place, iris[p].clone());
        }
        o.add(&st, &v.article, a.clone());
        o.add(&st, &v.derived, a.clone());
        o.int(&st, &v.line, r.line);
        o.int(&st, &v.begin, r.evidence.start);
        o.int(&st, &v.end, r.evidence.end);
        o.kk(&st, &v.anchor, &r.evidence_text);
        o.plain(&st, &v.rule, &r.rule);
        o.add(
            &st,
            &v.confidence,
            Literal::new_typed_literal(format!("{:.2}", r.confidence), v.xsd_decimal.clone()),
        );
    }
    o.quads
}
