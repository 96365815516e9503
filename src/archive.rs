//! Structures kept for answers about the whole archive, in the store's own graph
//! ([`mint::archive_graph`]): beside the article graphs, never part of the default graph, and
//! kept exact by `crate::store` as article graphs are added, replaced or removed.
//!
//! The name index: one entry per name (the value of an `rdfs:label` or `skos:altLabel` that
//! some article graph holds), with the name lower-cased (`dk:key`) and the key's character
//! trigrams (`dk:gram`). A search for part of a name intersects the entries of its trigrams
//! (one index lookup each) and checks the keys of what is left, so `--param entity=...`
//! becomes a list of exact names, and the query an exact lookup, instead of a `CONTAINS`
//! filter over every label of every article graph.
//!
//! An entry exists exactly when the default graph (the union of the article graphs) holds a
//! triple `?s rdfs:label NAME` or `?s skos:altLabel NAME`.
//!
//! The summary: counts that whole-archive aggregates (top-speakers) read instead of every
//! statement. A `dk:Tally` counts the statements with one relation whose subject an article
//! names NAME (`rdfs:label`), on one date (or undated): totals, first and last dates are sums,
//! minima and maxima over a name's few tallies. A `dk:RelationSetTally` counts the articles in
//! which the subjects named NAME have exactly one set of relations, so that the articles with
//! any relation of a set (said, wrote or stated) are a sum too, each article once. Each article
//! graph adds its [`contribution`]; replacing or removing it takes its old contribution away,
//! in the same transaction.
//!
//! [`recompute`] derives the whole graph from the article graphs alone; the tests compare it
//! with what the store kept.

use std::collections::{BTreeSet, HashMap, HashSet};

use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef,
};
use oxigraph::store::{StorageError, Store};

use crate::error::{Error, Result};
use crate::rdf::mint;
use crate::rdf::vocab::{dk, rdf, rdfs, skos, xsd};

/// The version of what the archive graph holds; a store without this version's marker has its
/// archive graph recomputed when it is next opened for writing.
pub const FORMAT: i64 = 4;

/// The speech relations: top-speakers counts a name's statements with any of them, and the
/// articles with any, from one `dk:SpeechTally` each.
pub const SPEECH: [NamedNodeRef<'static>; 3] = [dk::SAID, dk::WROTE, dk::STATED];

/// The archive graph's IRI.
pub fn graph() -> NamedNode {
    NamedNode::new_unchecked(mint::archive_graph())
}

/// Whether a predicate gives names: `rdfs:label` and `skos:altLabel`.
pub fn is_name_predicate(p: NamedNodeRef<'_>) -> bool {
    p == rdfs::LABEL || p == skos::ALT_LABEL
}

/// The key a name is found by: lower-cased.
pub fn key(name: &str) -> String {
    name.to_lowercase()
}

/// The character trigrams of a key (none for a key shorter than three characters).
pub fn grams(key: &str) -> BTreeSet<String> {
    let chars: Vec<char> = key.chars().collect();
    chars.windows(3).map(|w| w.iter().collect()).collect()
}

/// The marker that says which [`FORMAT`] the archive graph is in.
pub fn marker() -> Quad {
    let g = graph();
    Quad::new(
        g.clone(),
        dk::FORMAT_VERSION,
        Literal::from(FORMAT),
        GraphNameRef::NamedNode(g.as_ref()),
    )
}

/// The quads of one name's index entry. Only literals are names (an IRI or blank node as a
/// label is not searched for by its text).
pub fn name_entry(name: TermRef<'_>) -> Vec<Quad> {
    let TermRef::Literal(l) = name else {
        return Vec::new();
    };
    let g = graph();
    let e = NamedNode::new_unchecked(mint::name_entry(name));
    let k = key(l.value());
    let q = |p: NamedNodeRef<'_>, o: Term| {
        Quad::new(e.clone(), p, o, GraphNameRef::NamedNode(g.as_ref()))
    };
    let mut out = vec![
        q(rdf::TYPE, dk::NAME.into()),
        q(dk::NAME_VALUE, name.into_owned()),
    ];
    for gram in grams(&k) {
        out.push(q(dk::GRAM, Literal::new_simple_literal(gram).into()));
    }
    out.push(q(dk::KEY, Literal::new_simple_literal(k).into()));
    out
}

/// The names that quads give (objects of name predicates that are literals).
pub fn names_in<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> HashSet<Term> {
    quads
        .into_iter()
        .filter(|q| is_name_predicate(q.predicate.as_ref()) && q.object.is_literal())
        .map(|q| q.object.clone())
        .collect()
}

/// Whether the default graph holds a triple that gives `name`, other than those in `except`.
pub fn default_graph_names(
    store: &Store,
    name: TermRef<'_>,
    except: &HashSet<Quad>,
) -> Result<bool, StorageError> {
    for p in [rdfs::LABEL, skos::ALT_LABEL] {
        for q in
            store.quads_for_pattern(None, Some(p), Some(name), Some(GraphNameRef::DefaultGraph))
        {
            if !except.contains(&q?) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The quads of the archive graph as the store holds them.
pub fn kept(store: &Store) -> Result<HashSet<Quad>, StorageError> {
    let g = graph();
    store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
        .collect()
}

/// The archive graph as derived from the article graphs alone (the name index from the
/// default graph, their union; the summary from each article graph).
pub fn recompute(store: &Store) -> Result<HashSet<Quad>, StorageError> {
    let mut out = recompute_names(store)?;
    let g = graph();
    let mut counts = Counts::new();
    for name in store.named_graphs() {
        let name = name?;
        if matches!(&name, NamedOrBlankNode::NamedNode(n) if *n == g) {
            continue;
        }
        let quads: Vec<Quad> = store
            .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
            .collect::<Result<_, _>>()?;
        add(&mut counts, &contribution(&quads), 1);
    }
    for (key, n) in counts {
        if n > 0 {
            out.extend(key.quads(n));
        }
    }
    Ok(out)
}

fn recompute_names(store: &Store) -> Result<HashSet<Quad>, StorageError> {
    let mut out = HashSet::new();
    out.insert(marker());
    let mut names = HashSet::new();
    for p in [rdfs::LABEL, skos::ALT_LABEL] {
        for q in store.quads_for_pattern(None, Some(p), None, Some(GraphNameRef::DefaultGraph)) {
            let q = q?;
            if q.object.is_literal() && names.insert(q.object.clone()) {
                out.extend(name_entry(q.object.as_ref()));
            }
        }
    }
    Ok(out)
}

/// Whether the store holds the archive graph in this [`FORMAT`].
pub fn is_current(store: &Store) -> Result<bool, StorageError> {
    store.contains(&marker())
}

/// The exact names (values of `rdfs:label` or `skos:altLabel`) whose lower-cased text contains
/// `fragment` lower-cased, sorted. An empty fragment matches every name.
pub fn names_containing(store: &Store, fragment: &str) -> Result<Vec<Term>, StorageError> {
    let g = graph();
    let in_archive = Some(GraphNameRef::NamedNode(g.as_ref()));
    let want = key(fragment);
    let grams = grams(&want);
    // The entries that have every trigram of the fragment: the rarest trigram's entries,
    // narrowed by the others.
    let candidates: Vec<NamedOrBlankNode> = if grams.is_empty() {
        store
            .quads_for_pattern(None, Some(dk::KEY), None, in_archive)
            .map(|q| q.map(|q| q.subject))
            .collect::<Result<_, _>>()?
    } else {
        let mut sets: Vec<HashSet<NamedOrBlankNode>> = Vec::new();
        for gram in &grams {
            let lit = Literal::new_simple_literal(gram.as_str());
            let set = store
                .quads_for_pattern(None, Some(dk::GRAM), Some(lit.as_ref().into()), in_archive)
                .map(|q| q.map(|q| q.subject))
                .collect::<Result<HashSet<_>, _>>()?;
            if set.is_empty() {
                return Ok(Vec::new());
            }
            sets.push(set);
        }
        sets.sort_by_key(HashSet::len);
        let (first, rest) = sets.split_first().expect("a fragment with trigrams");
        first
            .iter()
            .filter(|e| rest.iter().all(|s| s.contains(*e)))
            .cloned()
            .collect()
    };
    let mut out = HashSet::new();
    for e in candidates {
        let mut matches = false;
        for q in store.quads_for_pattern(Some(e.as_ref()), Some(dk::KEY), None, in_archive) {
            if let Term::Literal(k) = q?.object {
                matches |= k.value().contains(want.as_str());
            }
        }
        if !matches {
            continue;
        }
        for q in store.quads_for_pattern(Some(e.as_ref()), Some(dk::NAME_VALUE), None, in_archive) {
            out.insert(q?.object);
        }
    }
    let mut out: Vec<Term> = out.into_iter().collect();
    out.sort_by_cached_key(Term::to_string);
    Ok(out)
}

/// A count of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// Statements with `relation` whose subject is named `name`, on `date` (`None`: undated).
    Tally {
        name: Term,
        relation: NamedNode,
        date: Option<Term>,
    },
    /// Articles in which the subjects named `name` have exactly `relations` (sorted).
    Relations {
        name: Term,
        relations: Vec<NamedNode>,
    },
    /// Statements with a [`SPEECH`] relation whose subject is named `name` (`articles`: false),
    /// or articles with any (true).
    Speech { name: Term, articles: bool },
}

/// Counts by key.
pub type Counts = HashMap<Key, i64>;

/// Adds `factor` times `b` to `a`.
pub fn add(a: &mut Counts, b: &Counts, factor: i64) {
    for (k, n) in b {
        *a.entry(k.clone()).or_insert(0) += factor * n;
    }
}

impl Key {
    fn node(&self) -> NamedNode {
        NamedNode::new_unchecked(match self {
            Key::Tally {
                name,
                relation,
                date,
            } => mint::tally(
                name.as_ref(),
                relation.as_str(),
                date.as_ref().map(Term::as_ref),
            ),
            Key::Relations { name, relations } => {
                let rels: Vec<&str> = relations.iter().map(NamedNode::as_str).collect();
                mint::relation_set_tally(name.as_ref(), &rels)
            }
            // Both counts on one node: a name has speech statements exactly when it has
            // articles with them, so the two counts come and go together.
            Key::Speech { name, .. } => mint::speech_tally(name.as_ref()),
        })
    }

    fn count_predicate(&self) -> NamedNodeRef<'static> {
        match self {
            Key::Tally { .. }
            | Key::Speech {
                articles: false, ..
            } => dk::STATEMENTS,
            Key::Relations { .. } | Key::Speech { articles: true, .. } => dk::ARTICLES,
        }
    }

    fn count_quad(&self, n: i64) -> Quad {
        let g = graph();
        Quad::new(
            self.node(),
            self.count_predicate(),
            Literal::from(n),
            GraphNameRef::NamedNode(g.as_ref()),
        )
    }

    /// The quads of this count's node with the count `n`.
    pub fn quads(&self, n: i64) -> Vec<Quad> {
        let g = graph();
        let node = self.node();
        let q = |p: NamedNodeRef<'_>, o: Term| {
            Quad::new(node.clone(), p, o, GraphNameRef::NamedNode(g.as_ref()))
        };
        let mut out = vec![self.count_quad(n)];
        match self {
            Key::Tally {
                name,
                relation,
                date,
            } => {
                out.push(q(rdf::TYPE, dk::TALLY.into()));
                out.push(q(dk::NAME_VALUE, name.clone()));
                out.push(q(dk::TALLY_RELATION, relation.clone().into()));
                if let Some(d) = date {
                    out.push(q(dk::ON_DATE, d.clone()));
                }
            }
            Key::Relations { name, relations } => {
                out.push(q(rdf::TYPE, dk::RELATION_SET_TALLY.into()));
                out.push(q(dk::NAME_VALUE, name.clone()));
                for r in relations {
                    out.push(q(dk::TALLY_RELATION, r.clone().into()));
                }
            }
            Key::Speech { name, .. } => {
                out.push(q(rdf::TYPE, dk::SPEECH_TALLY.into()));
                out.push(q(dk::NAME_VALUE, name.clone()));
            }
        }
        out
    }
}

/// What one article graph adds to the summary: for each statement (`dk:relation` and
/// `dk:subject`), for each name (`rdfs:label`) its subject has in the graph, one to the tally
/// of that name, relation and date (the earliest, if a statement had several); and one article
/// to the relation set of each name. A quad given twice counts once (a graph is a set).
pub fn contribution<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> Counts {
    let mut relations: HashMap<&NamedOrBlankNode, BTreeSet<&NamedNode>> = HashMap::new();
    let mut subjects: HashMap<&NamedOrBlankNode, HashSet<&Term>> = HashMap::new();
    let mut dates: HashMap<&NamedOrBlankNode, &Term> = HashMap::new();
    let mut labels: HashMap<&Term, HashSet<&Term>> = HashMap::new();
    let mut as_terms: Vec<(&NamedOrBlankNode, &Term)> = Vec::new();
    for q in quads {
        let p = q.predicate.as_ref();
        if p == dk::RELATION {
            if let Term::NamedNode(r) = &q.object {
                relations.entry(&q.subject).or_default().insert(r);
            }
        } else if p == dk::SUBJECT {
            subjects.entry(&q.subject).or_default().insert(&q.object);
        } else if p == dk::DATE {
            let d = dates.entry(&q.subject).or_insert(&q.object);
            if q.object.to_string() < d.to_string() {
                *d = &q.object;
            }
        } else if p == rdfs::LABEL {
            as_terms.push((&q.subject, &q.object));
        }
    }
    // Labels by their subject as a term (a statement's dk:subject is an object).
    let subject_terms: Vec<(Term, &Term)> = as_terms
        .iter()
        .map(|(s, l)| (Term::from((*s).clone()), *l))
        .collect();
    for (s, l) in &subject_terms {
        labels.entry(s).or_default().insert(l);
    }
    let mut counts = Counts::new();
    let mut sets: HashMap<&Term, BTreeSet<&NamedNode>> = HashMap::new();
    for (st, rels) in &relations {
        let Some(subs) = subjects.get(st) else {
            continue;
        };
        let date = dates.get(st).map(|d| (*d).clone());
        for s in subs {
            for name in labels.get(s).into_iter().flatten() {
                for r in rels {
                    *counts
                        .entry(Key::Tally {
                            name: (*name).clone(),
                            relation: (*r).clone(),
                            date: date.clone(),
                        })
                        .or_insert(0) += 1;
                    sets.entry(name).or_default().insert(r);
                    if SPEECH.contains(&r.as_ref()) {
                        *counts
                            .entry(Key::Speech {
                                name: (*name).clone(),
                                articles: false,
                            })
                            .or_insert(0) += 1;
                    }
                }
            }
        }
    }
    for (name, rels) in sets {
        if rels.iter().any(|r| SPEECH.contains(&r.as_ref())) {
            *counts
                .entry(Key::Speech {
                    name: name.clone(),
                    articles: true,
                })
                .or_insert(0) += 1;
        }
        let key = Key::Relations {
            name: name.clone(),
            relations: rels.into_iter().cloned().collect(),
        };
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// The quads to insert and remove so that the summary changes by `delta`.
pub fn summary_changes(store: &Store, delta: &Counts) -> Result<(Vec<Quad>, Vec<Quad>)> {
    let g = graph();
    let (mut ins, mut del) = (Vec::new(), Vec::new());
    let store_err = |e: StorageError| Error::Other(format!("the archive summary: {e}"));
    for (key, d) in delta {
        if *d == 0 {
            continue;
        }
        let mut current = 0;
        for q in store.quads_for_pattern(
            Some(key.node().as_ref().into()),
            Some(key.count_predicate()),
            None,
            Some(GraphNameRef::NamedNode(g.as_ref())),
        ) {
            if let Term::Literal(l) = q.map_err(store_err)?.object {
                current = l.value().parse::<i64>().map_err(|e| {
                    Error::Other(format!(
                        "the archive summary: the count of <{}> is {:?}: {e}",
                        key.node().as_str(),
                        l.value()
                    ))
                })?;
            }
        }
        let new = current + d;
        if new < 0 {
            return Err(Error::Other(format!(
                "the archive summary is out of step with the article graphs: <{}> would count \
                 {new}; nothing was changed",
                key.node().as_str()
            )));
        }
        match (current, new) {
            (0, n) => ins.extend(key.quads(n)),
            (c, 0) => del.extend(key.quads(c)),
            (c, n) => {
                del.push(key.count_quad(c));
                ins.push(key.count_quad(n));
            }
        }
    }
    Ok((ins, del))
}

/// A list of names as SPARQL terms, for a `VALUES` block.
pub fn sparql_terms(names: &[Term]) -> String {
    names
        .iter()
        .map(|t| match t {
            // Literals print as `"v"@kk` or `"v"^^<dt>`; a plain string's datatype is implied.
            Term::Literal(l) if l.datatype() == xsd::STRING && l.language().is_none() => {
                Literal::new_simple_literal(l.value()).to_string()
            }
            t => t.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::GraphName;

    fn label(s: &str, name: &str) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(format!("http://e/{s}")),
            rdfs::LABEL,
            Literal::new_language_tagged_literal_unchecked(name, "kk"),
            GraphName::DefaultGraph,
        )
    }

    #[test]
    fn trigrams_of_short_and_long_keys() {
        assert!(grams("ab").is_empty());
        assert_eq!(grams("абвг").len(), 2);
        assert_eq!(grams("ааааа").len(), 1);
    }

    #[test]
    fn a_name_is_found_by_any_part_in_any_case_and_nothing_else_is() {
        let store = Store::new().unwrap();
        for q in [
            label("a", "Вольф Клинц"),
            label("b", "Еуропа одағы"),
            label("c", "ЕО"),
            label("d", "абвбвг"),
        ] {
            store.insert(&q).unwrap();
        }
        for q in recompute(&store).unwrap() {
            store.insert(&q).unwrap();
        }
        let find = |f: &str| -> Vec<String> {
            names_containing(&store, f)
                .unwrap()
                .iter()
                .map(|t| match t {
                    Term::Literal(l) => l.value().to_string(),
                    t => t.to_string(),
                })
                .collect()
        };
        assert_eq!(find("клинц"), ["Вольф Клинц"]);
        assert_eq!(find("ВОЛЬФ К"), ["Вольф Клинц"]);
        assert_eq!(find("еуро"), ["Еуропа одағы"]);
        assert_eq!(find("ео"), ["ЕО"]);
        assert_eq!(find("е").len(), 2);
        assert_eq!(find("").len(), 4);
        assert!(find("клинцс").is_empty());
        assert!(find("цкл").is_empty());
        // Both trigrams of "абвг" are in "абвбвг", but not in a row: the key check refuses it.
        assert!(find("абвг").is_empty());
        assert_eq!(find("бвбв"), ["абвбвг"]);
        assert_eq!(
            sparql_terms(&names_containing(&store, "клинц").unwrap()),
            "\"Вольф Клинц\"@kk"
        );
    }
}
