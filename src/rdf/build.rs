//! The quads of one article, all in the article's named graph: the article, its actors, one
//! direct triple per relation (`<actor> dk:said <claim>`) and beside it an n-ary statement with
//! mode, date, place, evidence, rule and confidence.
//!
//! One walk over the annotations ([`each_article_quad`]) hands each quad, borrowed, to a sink:
//! [`article_quads`] keeps them as owned quads (for the store), [`write_article_nquads`] writes
//! them straight out as N-Quads (for `derek extract`), with no owned terms in between.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::{Literal, LiteralRef, NamedNode, NamedNodeRef, Quad, QuadRef, TermRef};
use rustc_hash::FxHashSet;

use super::mint;
use super::nquads;
use super::vocab::{self, dk, nif, prov, rdf, rdfs, schema, skos, xsd};
use crate::extract::{Annotations, Object};
use crate::source::{Article, PartialDate, Published};

struct Out<'g, F> {
    g: NamedNodeRef<'g>,
    sink: F,
    /// Scratch for integers written as literals.
    num: String,
}

fn nn(iri: &str) -> NamedNode {
    // Every IRI here comes from `mint` or `vocab`, which only make valid IRIs (their tests and
    // the fuzz targets check it); parsing each again would cost a tenth of extraction time.
    debug_assert!(NamedNode::new(iri).is_ok(), "invalid IRI {iri:?}");
    NamedNode::new_unchecked(iri)
}

impl<F: FnMut(QuadRef<'_>)> Out<'_, F> {
    fn add<'a>(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<TermRef<'a>>) {
        (self.sink)(QuadRef::new(s.as_ref(), p, o.into(), self.g));
    }
    fn kk(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, text: &str) {
        self.add(
            s,
            p,
            LiteralRef::new_language_tagged_literal_unchecked(text, "kk"),
        );
    }
    fn int(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, n: usize) {
        use std::fmt::Write;
        let mut num = std::mem::take(&mut self.num);
        num.clear();
        let _ = write!(num, "{n}");
        self.add(s, p, LiteralRef::new_typed_literal(&num, xsd::INTEGER));
        self.num = num;
    }
    fn plain(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, val: &str) {
        self.add(s, p, LiteralRef::new_simple_literal(val));
    }
}

/// A relation's date in the XSD type of its precision: `xsd:date`, `xsd:gMonthDay` (no year),
/// `xsd:gYearMonth` (no day) or `xsd:gMonth`; the text is the type's canonical form.
pub fn date_literal(d: &PartialDate) -> Literal {
    let dt = match (d.year, d.day) {
        (Some(_), Some(_)) => xsd::DATE,
        (None, Some(_)) => xsd::G_MONTH_DAY,
        (Some(_), None) => xsd::G_YEAR_MONTH,
        (None, None) => xsd::G_MONTH,
    };
    Literal::new_typed_literal(d.to_string(), dt)
}

/// A publication date: `xsd:date`, or `xsd:gYearMonth` / `xsd:gYear` when the source gives
/// only the month or the year.
pub fn published_literal(p: &Published) -> Literal {
    let dt = match p {
        Published::Day(_) => xsd::DATE,
        Published::Month { .. } => xsd::G_YEAR_MONTH,
        Published::Year(_) => xsd::G_YEAR,
    };
    Literal::new_typed_literal(p.to_string(), dt)
}

/// A confidence (0..1, two decimals) in the canonical form of `xsd:decimal`: no trailing
/// zeros, no trailing point (`0.9`, `0.81`, `1`), which is how a store (Oxigraph, Jena) gives it
/// back; so a statement extracted here and the same statement read from a store are one triple.
pub fn decimal_text(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    match s {
        "" | "-0" => "0".to_string(),
        s => s.to_string(),
    }
}

/// Builds every quad of `article`. Deterministic: the same input gives the same quads in the
/// same order, each once.
pub fn article_quads(article: &Article, ann: &Annotations) -> Vec<Quad> {
    let mut quads = Vec::with_capacity(32 + ann.relations.len() * 20);
    each_article_quad(article, ann, |q| quads.push(q.into_owned()));
    quads
}

/// Appends the N-Quads of `article` to `out`: the bytes that serializing [`article_quads`]
/// gives, written without building them.
pub fn write_article_nquads(article: &Article, ann: &Annotations, out: &mut Vec<u8>) {
    each_article_quad(article, ann, |q| nquads::write_quad(out, q));
}

/// Hands every quad of `article` to `sink`, in [`article_quads`]' order.
pub fn each_article_quad(article: &Article, ann: &Annotations, sink: impl FnMut(QuadRef<'_>)) {
    let id = &article.id;
    let a = nn(&mint::article(id));
    let g = nn(&mint::graph(id));
    let mut o = Out {
        g: g.as_ref(),
        sink,
        num: String::new(),
    };
    o.add(&a, rdf::TYPE, schema::NEWS_ARTICLE);
    o.plain(&a, schema::IDENTIFIER, id);
    o.plain(&a, schema::IN_LANGUAGE, &ann.lang);
    if let Some(p) = article.meta.published() {
        o.add(&a, schema::DATE_PUBLISHED, &published_literal(&p));
    }
    if let Some(u) = &article.meta.url {
        match NamedNode::new(u.as_str()) {
            Ok(n) => o.add(&a, schema::URL, &n),
            Err(_) => o.plain(&a, schema::URL, u),
        }
    }
    if let Some(t) = &article.meta.title {
        o.kk(&a, schema::HEADLINE, t);
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
        o.add(iri, rdf::TYPE, vocab::entity_class(e.etype));
        o.kk(iri, rdfs::LABEL, &e.label);
        for al in &e.aliases {
            if al != &e.label {
                o.kk(iri, skos::ALT_LABEL, al);
            }
        }
        if let Some(q) = &e.wikidata {
            o.add(iri, dk::WIKIDATA, &nn(&format!("{}{q}", vocab::WD)));
        }
        let roles: BTreeSet<&str> = e
            .roles
            .iter()
            .map(|(_, p)| p.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        for p in roles {
            o.kk(iri, dk::ROLE, p);
        }
        if e.mentions > 0 {
            let m = nn(&mint::mentions(id, iri.as_str()));
            o.add(&m, rdf::TYPE, dk::MENTIONS);
            o.add(&m, dk::ENTITY, iri);
            o.add(&m, dk::ARTICLE, &a);
            o.int(&m, dk::COUNT, e.mentions);
        }
    }

    let mut counters: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    // Claims, documents and topics described once; each direct triple once.
    let mut described: FxHashSet<String> = FxHashSet::default();
    let mut direct: FxHashSet<(usize, usize, String)> = FxHashSet::default();
    for r in &ann.relations {
        let rel = r.kind.as_str();
        let rel_node = vocab::relation(r.kind);
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
                    o.add(&obj, rdf::TYPE, dk::CLAIM);
                    o.kk(&obj, dk::TEXT, text);
                    o.int(&obj, nif::BEGIN_INDEX, span.start);
                    o.int(&obj, nif::END_INDEX, span.end);
                    o.add(&obj, prov::WAS_DERIVED_FROM, &a);
                }
                Object::Document { label } => {
                    o.add(&obj, rdf::TYPE, dk::DOCUMENT);
                    o.kk(&obj, rdfs::LABEL, label);
                }
                Object::Topic { label } => {
                    o.add(&obj, rdf::TYPE, dk::TOPIC);
                    o.kk(&obj, rdfs::LABEL, label);
                }
                Object::Entity(_) => {}
            }
        }
        let kind_ix = r.kind as usize;
        if direct.insert((r.subject, kind_ix, obj.as_str().to_string())) {
            o.add(subj, rel_node, &obj);
        }

        let n = counters.entry((r.evidence.start, rel)).or_insert(0);
        let st = nn(&mint::statement(id, r.evidence.start, rel, *n));
        *n += 1;
        o.add(&st, rdf::TYPE, dk::STATEMENT);
        o.add(&st, dk::SUBJECT, subj);
        o.add(&st, dk::RELATION, rel_node);
        o.add(&st, dk::OBJECT, &obj);
        if let Some(m) = r.mode {
            o.add(&st, dk::MODE, vocab::mode(m));
        }
        if let Some(d) = &r.date {
            o.add(&st, dk::DATE, &date_literal(d));
        }
        if let Some(p) = r.place {
            o.add(&st, dk::PLACE, &iris[p]);
        }
        o.add(&st, dk::ARTICLE, &a);
        o.add(&st, prov::WAS_DERIVED_FROM, &a);
        o.int(&st, dk::LINE, r.line);
        o.int(&st, nif::BEGIN_INDEX, r.evidence.start);
        o.int(&st, nif::END_INDEX, r.evidence.end);
        o.kk(&st, nif::ANCHOR_OF, &r.evidence_text);
        o.plain(&st, dk::RULE, &r.rule);
        let confidence = decimal_text(f64::from(r.confidence));
        o.add(
            &st,
            dk::CONFIDENCE,
            LiteralRef::new_typed_literal(&confidence, xsd::DECIMAL),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_dates_are_written_in_canonical_form() {
        let cases = [
            (0.9, "0.9"),
            (0.81, "0.81"),
            (1.0, "1"),
            (0.0, "0"),
            (0.5, "0.5"),
        ];
        for (x, want) in cases {
            assert_eq!(decimal_text(x), want);
        }
        let month = published_literal(&Published::parse("2019-03").unwrap());
        assert_eq!(
            (month.value(), month.datatype()),
            ("2019-03", xsd::G_YEAR_MONTH)
        );
        let year = published_literal(&Published::parse("2019").unwrap());
        assert_eq!((year.value(), year.datatype()), ("2019", xsd::G_YEAR));
        let only_month = date_literal(&"--03".parse().unwrap());
        assert_eq!(only_month.datatype(), xsd::G_MONTH);
    }
}
