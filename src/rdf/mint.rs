//! The only place that makes resource IRIs. IRIs are deterministic: the same article gives the
//! same IRIs on every run and on every machine, so rebuilding is idempotent and shards
//! extracted apart merge without duplicates. Actors get one IRI across articles (type and
//! canonical label); claims, documents, topics, groups and statements are scoped to their article.

use crate::text::Lower;
use oxrdf::TermRef;

use super::vocab::{xsd, ID};
use crate::extract::EntityType;

/// Appends `c` percent-encoded: each byte of its UTF-8 as `%XX`.
fn escape(c: char, out: &mut String) {
    let mut buf = [0u8; 4];
    let bytes = c.encode_utf8(&mut buf).as_bytes();
    out.extend(percent_encoding::percent_encode(
        bytes,
        percent_encoding::NON_ALPHANUMERIC,
    ));
}

/// A readable IRI path segment: letters and digits of any script kept, spaces as `_`,
/// everything else percent-encoded (so the IRI is also valid for strict URI tools after
/// IRI-to-URI mapping).
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_us = false;
    for c in s.trim().chars() {
        if crate::text::tokenize::is_word_char(c) || c == '-' || c == '.' {
            out.push(c);
            last_us = false;
        } else if c.is_whitespace() || c == '_' {
            if !last_us {
                out.push('_');
                last_us = true;
            }
        } else {
            escape(c, &mut out);
            last_us = false;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// An article id as an IRI path segment, one to one: letters, digits, `-`, `.` and `_` kept,
/// everything else (spaces, `%`) percent-encoded, nothing trimmed or merged. [`slug`] reads
/// better but merges (`a b`, `a_b` and ` a  b` are all `a_b`), and two articles must never
/// share a graph: the second would silently replace the first.
pub fn id_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if crate::text::tokenize::is_word_char(c) || matches!(c, '-' | '.' | '_') {
            out.push(c);
        } else {
            escape(c, &mut out);
        }
    }
    // "." and ".." are path steps to IRI tools, and "" is no segment: give them forms no other
    // id has ('~' is otherwise always encoded).
    match out.as_str() {
        "" => "~".to_string(),
        "." | ".." => out.replace('.', "%2E"),
        _ => out,
    }
}

pub fn article(id: &str) -> String {
    format!("{ID}article/{}", id_segment(id))
}

/// The named graph that holds an article's quads: the article's own IRI.
pub fn graph(id: &str) -> String {
    article(id)
}

fn type_segment(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "person",
        EntityType::Organization => "org",
        EntityType::Country => "country",
        EntityType::Place => "place",
        EntityType::Outlet => "outlet",
        EntityType::Group => "group",
    }
}

/// An actor. Groups ("тұрғындар") are scoped to the article: the residents of one story are
/// not those of another.
pub fn entity(article_id: &str, t: EntityType, label: &str) -> String {
    let key = label.lower();
    match t {
        EntityType::Group => format!("{ID}group/{}/{}", id_segment(article_id), slug(&key)),
        _ => format!("{ID}{}/{}", type_segment(t), slug(&key)),
    }
}

pub fn claim(article_id: &str, start: usize, end: usize) -> String {
    format!("{ID}claim/{}/{start}-{end}", id_segment(article_id))
}

pub fn document(article_id: &str, label: &str) -> String {
    format!(
        "{ID}document/{}/{}",
        id_segment(article_id),
        slug(&label.lower())
    )
}

pub fn topic(article_id: &str, label: &str) -> String {
    format!(
        "{ID}topic/{}/{}",
        id_segment(article_id),
        slug(&label.lower())
    )
}

/// A statement: article, evidence start, relation, and a counter for several statements of
/// the same relation in one sentence.
pub fn statement(article_id: &str, start: usize, relation: &str, n: usize) -> String {
    format!(
        "{ID}statement/{}/{start}-{relation}-{n}",
        id_segment(article_id)
    )
}

pub fn mentions(article_id: &str, entity_iri: &str) -> String {
    let tail = entity_iri.strip_prefix(ID).unwrap_or(entity_iri);
    format!("{ID}mentions/{}/{}", id_segment(article_id), tail)
}

/// The store's own graph: the name index and the archive summary (`crate::archive`), beside
/// the article graphs and not part of the default graph.
pub fn archive_graph() -> String {
    format!("{ID}archive")
}

/// A name (an `rdfs:label` or `skos:altLabel` value) as two path segments, one to one:
/// `kk/Вольф_Клинц` for a language-tagged literal, `-/...` for a plain string, `~DATATYPE/...`
/// for another literal, `~~/...` for an IRI, `~_/...` for a blank node. (`id_segment` encodes
/// `~`, and a language tag is letters, digits and `-`, so the forms never meet.)
pub fn name_segment(name: TermRef<'_>) -> String {
    match name {
        TermRef::Literal(l) => match l.language() {
            Some(lang) => format!("{lang}/{}", id_segment(l.value())),
            None if l.datatype() == xsd::STRING => format!("-/{}", id_segment(l.value())),
            None => format!(
                "~{}/{}",
                id_segment(l.datatype().as_str()),
                id_segment(l.value())
            ),
        },
        TermRef::NamedNode(n) => format!("~~/{}", id_segment(n.as_str())),
        TermRef::BlankNode(b) => format!("~_/{}", id_segment(b.as_str())),
        #[allow(unreachable_patterns)]
        other => format!("~t/{}", id_segment(&other.to_string())),
    }
}

/// An entry of the name index: one name as the articles write it.
pub fn name_entry(name: TermRef<'_>) -> String {
    format!("{ID}name/{}", name_segment(name))
}

/// The archive summary's count of the statements with `relation` whose subject an article
/// names `name`, on `date` (`None`: undated).
pub fn tally(name: TermRef<'_>, relation: &str, date: Option<TermRef<'_>>) -> String {
    format!(
        "{ID}tally/{}/{}/{}",
        name_segment(name),
        id_segment(relation),
        date.map_or_else(|| "none".to_string(), name_segment)
    )
}

/// The archive summary's counts of the speech statements whose subject an article names
/// `name`, and of the articles with any.
pub fn speech_tally(name: TermRef<'_>) -> String {
    format!("{ID}speech/{}", name_segment(name))
}

/// The archive summary's count of the articles in which the subjects named `name` have
/// exactly the relations `relations` (sorted, each once).
pub fn relation_set_tally(name: TermRef<'_>, relations: &[&str]) -> String {
    let rels: Vec<String> = relations.iter().map(|r| id_segment(r)).collect();
    format!("{ID}relations/{}/{}", name_segment(name), rels.join("+"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::NamedNode;

    #[test]
    fn slugs_keep_letters_and_encode_the_rest() {
        assert_eq!(slug("Вольф Клинц"), "Вольф_Клинц");
        assert_eq!(slug("«ГРК МЛД» ЖШС"), "%C2%ABГРК_МЛД%C2%BB_ЖШС");
        assert_eq!(slug(""), "_");
    }

    #[test]
    fn distinct_article_ids_never_share_a_graph() {
        let ids = [
            "a b", "a_b", " a b", "a  b", "a%20b", "a\tb", ".", "..", "", "~", "%2E",
        ];
        let graphs: std::collections::BTreeSet<String> = ids.iter().map(|i| graph(i)).collect();
        assert_eq!(graphs.len(), ids.len(), "{graphs:?}");
        assert_eq!(
            graph("azattyq-mfa_2019.03"),
            format!("{ID}article/azattyq-mfa_2019.03")
        );
        for g in graphs {
            NamedNode::new(g).unwrap();
        }
    }

    #[test]
    fn minted_iris_are_valid() {
        for s in ["a b", "?#/<>\"{}|\\^`", "Қазақстан", " ", "%41", "\u{0}x"] {
            NamedNode::new(entity("a/b c", EntityType::Person, s)).unwrap();
            NamedNode::new(article(s)).unwrap();
            NamedNode::new(document(s, s)).unwrap();
        }
    }

    #[test]
    fn archive_iris_are_valid_and_one_to_one() {
        use oxrdf::{BlankNode, Literal, Term};
        let names: Vec<Term> = vec![
            Literal::new_language_tagged_literal_unchecked("Вольф Клинц", "kk").into(),
            Literal::new_language_tagged_literal_unchecked("Вольф Клинц", "ru").into(),
            Literal::new_simple_literal("Вольф Клинц").into(),
            Literal::new_simple_literal("Вольф_Клинц").into(),
            Literal::new_simple_literal("a/b").into(),
            Literal::new_simple_literal("").into(),
            Literal::new_simple_literal("~").into(),
            Literal::new_typed_literal("5", oxrdf::vocab::xsd::INTEGER).into(),
            NamedNode::new_unchecked("http://example.com/a").into(),
            BlankNode::new_unchecked("b1").into(),
        ];
        let mut all = std::collections::BTreeSet::new();
        for n in &names {
            let e = name_entry(n.as_ref());
            NamedNode::new(e.as_str()).unwrap();
            assert!(all.insert(e.clone()), "minted twice: {e}");
            for rel in ["https://w3id.org/derek/ont#said", "http://e/said"] {
                for date in [None, Some(names[7].as_ref()), Some(names[2].as_ref())] {
                    let t = tally(n.as_ref(), rel, date);
                    NamedNode::new(t.as_str()).unwrap();
                    assert!(all.insert(t.clone()), "minted twice: {t}");
                }
                let r = relation_set_tally(n.as_ref(), &[rel]);
                assert!(all.insert(r.clone()), "minted twice: {r}");
            }
            let both = relation_set_tally(n.as_ref(), &["http://e/a", "http://e/b"]);
            assert!(all.insert(both.clone()), "minted twice: {both}");
        }
        assert_eq!(
            name_entry(names[0].as_ref()),
            format!("{ID}name/kk/Вольф%20Клинц")
        );
        assert!(!all.contains(&archive_graph()));
    }

    #[test]
    fn same_actor_same_iri_across_articles_but_groups_are_scoped() {
        assert_eq!(
            entity("a", EntityType::Person, "Вольф Клинц"),
            entity("b", EntityType::Person, "вольф клинц")
        );
        assert_ne!(
            entity("a", EntityType::Group, "тұрғындар"),
            entity("b", EntityType::Group, "тұрғындар")
        );
    }
}
