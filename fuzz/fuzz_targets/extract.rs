//! The extractor on any text: no panic; every relation's evidence and claim offsets inside the
//! article body with start <= end, its line inside the body, its actors known; every IRI of
//! the article's quads valid (`oxrdf::NamedNode::new`), since the RDF builder makes them
//! without checking.

#![no_main]

use derek::batch::article_quads_of;
use derek::extract::Object;
use derek::source::Article;
use libfuzzer_sys::fuzz_target;
use oxrdf::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term};

fn valid(n: NamedNodeRef<'_>) {
    if let Err(e) = NamedNode::new(n.as_str()) {
        panic!("invalid IRI <{}>: {e}", n.as_str());
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article = Article::from_text("fuzz article", &text);
    let (ann, quads) = article_quads_of(&article);
    let chars = article.text.chars().count();
    // Lines as the normalizer counts them: \n, \r\n and a lone \r each end one.
    let lines = article
        .text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count();
    for r in &ann.relations {
        let ev = r.evidence;
        assert!(
            ev.start <= ev.end && ev.end <= chars,
            "evidence {ev:?} of {chars} chars"
        );
        if let Object::Claim { span, .. } = &r.object {
            assert!(
                span.start <= span.end && span.end <= chars,
                "claim {span:?}"
            );
        }
        if let Object::Entity(e) = r.object {
            assert!(e < ann.entities.len());
        }
        assert!(r.subject < ann.entities.len());
        assert!(r.place.is_none_or(|p| p < ann.entities.len()));
        assert!((1..=lines).contains(&r.line), "line {} of {lines}", r.line);
        assert!(
            (0.0..=1.0).contains(&r.confidence),
            "confidence {}",
            r.confidence
        );
    }
    for q in quads {
        if let NamedOrBlankNode::NamedNode(n) = &q.subject {
            valid(n.as_ref());
        }
        valid(q.predicate.as_ref());
        match &q.object {
            Term::NamedNode(n) => valid(n.as_ref()),
            Term::Literal(l) => valid(l.datatype()),
            #[allow(unreachable_patterns)]
            _ => {}
        }
        if let oxrdf::GraphName::NamedNode(g) = &q.graph_name {
            valid(g.as_ref());
        }
    }
});
