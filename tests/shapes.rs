//! derek's output conforms to its SHACL shapes (`ontology/shapes.ttl`), checked by a real SHACL
//! processor (pySHACL) with the ontology's class hierarchy mixed in; and the shapes do catch
//! what they describe.

mod common;
mod net;

use std::path::Path;
use std::process::Command;

use common::*;
use net::require;
use serde_json::Value;

fn shacl(data: &Path, ontology: &Path) -> Value {
    require(
        "python3",
        &["-c", "import pyshacl"],
        "pip install -r tests/python/requirements.txt",
    );
    let out = Command::new("python3")
        .arg(repo("tests/python/shacl_check.py"))
        .arg(data)
        .arg(repo("ontology/shapes.ttl"))
        .arg(ontology)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The store's default graph (every article's triples, once) as N-Triples.
fn default_graph(store: &Path, dir: &Path) -> std::path::PathBuf {
    let out = derek(store)
        .args(["query", "--format", "nt", "CONSTRUCT WHERE { ?s ?p ?o }"])
        .output()
        .unwrap();
    let path = dir.join("all.nt");
    std::fs::write(&path, ok_stdout(&out)).unwrap();
    path
}

#[test]
fn the_corpus_output_conforms_to_the_shapes() {
    let (tmp, store) = corpus_store();
    let data = default_graph(&store, tmp.path());
    let r = shacl(&data, &repo("ontology/derek.ttl"));
    assert_eq!(r["conforms"], true, "{r:#}");
    assert!(r["statements"].as_u64().unwrap() > 200, "{r}");

    // Issue 13: a dk:place that is a country broke a shape that expects a place, because the
    // ontology did not say that a country is a place. Without that triple, it breaks again.
    let onto = std::fs::read_to_string(repo("ontology/derek.ttl")).unwrap();
    let cut = onto.replace(
        "rdfs:isDefinedBy <https://schema.org/> ;\n    rdfs:subClassOf schema:Place .",
        "rdfs:isDefinedBy <https://schema.org/> .",
    );
    assert_ne!(
        cut, onto,
        "the ontology no longer says schema:Country ⊑ schema:Place"
    );
    let without = tmp.path().join("without-country-place.ttl");
    std::fs::write(&without, cut).unwrap();
    let r = shacl(&data, &without);
    assert_eq!(r["conforms"], false, "{r:#}");
    assert!(
        r["paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "https://w3id.org/derek/ont#place"),
        "{r:#}"
    );
}

#[test]
fn the_shapes_catch_broken_statements_actors_and_articles() {
    let (tmp, store) = demo_store();
    let data = default_graph(&store, tmp.path());
    let nt = std::fs::read_to_string(&data).unwrap();
    let dk = "https://w3id.org/derek/ont#";
    let st = nt
        .lines()
        .find(|l| l.contains(&format!("<{dk}confidence>")))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let broken: String = nt
        .lines()
        // A statement without a subject.
        .filter(|l| !(l.starts_with(&st) && l.contains(&format!("<{dk}subject>"))))
        .chain([
            // A confidence out of range, a second one, a date of the wrong type.
            format!(
                "{st} <{dk}confidence> \"1.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> ."
            )
            .as_str(),
            format!("{st} <{dk}date> \"14 March\" .").as_str(),
            // An actor without a label, an article without an id.
            "<https://w3id.org/derek/id/person/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .",
            "<https://w3id.org/derek/id/article/y> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> .",
            // An actor with a claim's text.
            "<https://w3id.org/derek/id/person/x> <https://w3id.org/derek/ont#text> \"y\"@kk .",
        ])
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&data, broken).unwrap();
    let r = shacl(&data, &repo("ontology/derek.ttl"));
    assert_eq!(r["conforms"], false);
    let paths: Vec<String> = r["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect();
    for want in [
        format!("{dk}subject"),
        format!("{dk}confidence"),
        format!("{dk}date"),
        format!("{dk}text"),
        "http://www.w3.org/2000/01/rdf-schema#label".to_string(),
        "https://schema.org/identifier".to_string(),
    ] {
        assert!(paths.contains(&want), "no violation on {want}: {r:#}");
    }
}
