//! The quads of one article, all in the article's named graph: the article, its actors, one
//! direct triple per relation (`<actor> dk:said <claim>`) and beside it an n-ary statement with
//! mode, date, place, evidence, rule and confidence.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::mint;
use super::vocab::{self, dk};
use crate::extract::{Annotations, Object};
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

impl Out {
    fn add(&mut self, s: &str, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(nn(s)),
            nn(p),
            o.into(),
            self.g.clone(),
        ));
    }
    fn iri(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, nn(o));
    }
    fn kk(&mut self, s: &str, p: &str, text: &str) {
        let lit = Literal::new_language_tagged_literal(text, "kk")
            .unwrap_or_else(|_| Literal::new_simple_literal(text));
        self.add(s, p, lit);
    }
    fn typed(&mut self, s: &str, p: &str, v: &str, dt: &str) {
        self.add(s, p, Literal::new_typed_literal(v, nn(dt)));
    }
    fn plain(&mut self, s: &str, p: &str, v: &str) {
        self.add(s, p, Literal::new_simple_literal(v));
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
/// same order.
pub fn article_quads(article: &Article, ann: &Annotations) -> Vec<Quad> {
    let id = &article.id;
    let a = mint::article(id);
    let mut o = Out {
        g: GraphName::NamedNode(nn(&mint::graph(id))),
        quads: Vec::new(),
    };
    o.iri(&a, vocab::RDF_TYPE, &vocab::schema("NewsArticle"));
    o.plain(&a, &vocab::schema("identifier"), id);
    o.plain(&a, &vocab::schema("inLanguage"), &ann.lang);
    if let Some(d) = article.meta.date {
        o.typed(
            &a,
            &vocab::schema("datePublished"),
            &d.format("%Y-%m-%d").to_string(),
            vocab::XSD_DATE,
        );
    }
    if let Some(u) = &article.meta.url {
        match NamedNode::new(u.as_str()) {
            Ok(n) => o.add(&a, &vocab::schema("url"), n),
            Err(_) => o.plain(&a, &vocab::schema("url"), u),
        }
    }
    if let Some(t) = &article.meta.title {
        o.kk(&a, &vocab::schema("headline"), t);
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
    let iris: Vec<String> = ann
        .entities
        .iter()
        .map(|e| mint::entity(id, e.etype, &e.label))
        .collect();
    let eiri = |i: usize| iris[i].clone();
    for &i in &used {
        let e = &ann.entities[i];
        let iri = eiri(i);
        o.iri(&iri, vocab::RDF_TYPE, &vocab::entity_class(e.etype));
        o.kk(&iri, vocab::RDFS_LABEL, &e.label);
        for al in &e.aliases {
            if al != &e.label {
                o.kk(&iri, vocab::SKOS_ALT_LABEL, al);
            }
        }
        if let Some(q) = &e.wikidata {
            o.iri(&iri, &vocab::dk(dk::WIKIDATA), &format!("{}{q}", vocab::WD));
        }
        let roles: BTreeSet<&str> = e
            .roles
            .iter()
            .map(|(_, p)| p.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        for p in roles {
            o.kk(&iri, &vocab::dk(dk::ROLE), p);
        }
        if e.mentions > 0 {
            let m = mint::mentions(id, &iri);
            o.iri(&m, vocab::RDF_TYPE, &vocab::dk(dk::MENTIONS));
            o.iri(&m, &vocab::dk(dk::ENTITY), &iri);
            o.iri(&m, &vocab::dk(dk::ARTICLE), &a);
            o.typed(
                &m,
                &vocab::dk(dk::COUNT),
                &e.mentions.to_string(),
                vocab::XSD_INTEGER,
            );
        }
    }

    let mut counters: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for r in &ann.relations {
        let rel = r.kind.as_str();
        let subj = eiri(r.subject);
        let (obj, obj_is_new) = match &r.object {
            Object::Claim { span, .. } => (mint::claim(id, span.start, span.end), true),
            Object::Entity(e) => (eiri(*e), false),
            Object::Document { label } => (mint::document(id, label), true),
            Object::Topic { label } => (mint::topic(id, label), true),
        };
        if obj_is_new {
            match &r.object {
                Object::Claim { text, span } => {
                    o.iri(&obj, vocab::RDF_TYPE, &vocab::dk(dk::CLAIM));
                    o.kk(&obj, &vocab::dk(dk::TEXT), text);
                    o.typed(
                        &obj,
                        vocab::NIF_BEGIN,
                        &span.start.to_string(),
                        vocab::XSD_INTEGER,
                    );
                    o.typed(
                        &obj,
                        vocab::NIF_END,
                        &span.end.to_string(),
                        vocab::XSD_INTEGER,
                    );
                    o.iri(&obj, vocab::PROV_WAS_DERIVED_FROM, &a);
                }
                Object::Document { label } => {
                    o.iri(&obj, vocab::RDF_TYPE, &vocab::dk(dk::DOCUMENT));
                    o.kk(&obj, vocab::RDFS_LABEL, label);
                }
                Object::Topic { label } => {
                    o.iri(&obj, vocab::RDF_TYPE, &vocab::dk(dk::TOPIC));
                    o.kk(&obj, vocab::RDFS_LABEL, label);
                }
                Object::Entity(_) => {}
            }
        }
        o.iri(&subj, &vocab::dk(rel), &obj);

        let n = counters.entry((r.evidence.start, rel)).or_insert(0);
        let st = mint::statement(id, r.evidence.start, rel, *n);
        *n += 1;
        o.iri(&st, vocab::RDF_TYPE, &vocab::dk(dk::STATEMENT));
        o.iri(&st, &vocab::dk(dk::SUBJECT), &subj);
        o.iri(&st, &vocab::dk(dk::RELATION), &vocab::dk(rel));
        o.iri(&st, &vocab::dk(dk::OBJECT), &obj);
        if let Some(m) = r.mode {
            o.iri(&st, &vocab::dk(dk::MODE), &vocab::mode_iri(m));
        }
        if let Some(d) = &r.date {
            o.add(&st, &vocab::dk(dk::DATE), date_literal(d));
        }
        if let Some(p) = r.place {
            o.iri(&st, &vocab::dk(dk::PLACE), &eiri(p));
        }
        o.iri(&st, &vocab::dk(dk::ARTICLE), &a);
        o.iri(&st, vocab::PROV_WAS_DERIVED_FROM, &a);
        o.typed(
            &st,
            &vocab::dk(dk::LINE),
            &r.line.to_string(),
            vocab::XSD_INTEGER,
        );
        o.typed(
            &st,
            vocab::NIF_BEGIN,
            &r.evidence.start.to_string(),
            vocab::XSD_INTEGER,
        );
        o.typed(
            &st,
            vocab::NIF_END,
            &r.evidence.end.to_string(),
            vocab::XSD_INTEGER,
        );
        o.kk(&st, vocab::NIF_ANCHOR, &r.evidence_text);
        o.plain(&st, &vocab::dk(dk::RULE), &r.rule);
        o.typed(
            &st,
            &vocab::dk(dk::CONFIDENCE),
            &format!("{:.2}", r.confidence),
            vocab::XSD_DECIMAL,
        );
    }
    // Duplicate quads (a claim cited twice) are harmless in a store but not in counts.
    let mut seen = std::collections::HashSet::new();
    o.quads.retain(|q| seen.insert(q.clone()));
    o.quads
}
