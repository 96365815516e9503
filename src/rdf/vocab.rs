//! Every IRI derek writes, in one place, as constants (the way `oxrdf::vocab` keeps rdf:, rdfs:
//! and xsd:, which derek uses from there). `ontology/derek.ttl` declares the `dk:` terms; a
//! test checks that every predicate and class the builder emits is declared there.

use oxrdf::NamedNodeRef;

pub use oxrdf::vocab::{rdf, rdfs, xsd};

use crate::extract::{EntityType, Mode, RelKind};

/// derek's ontology namespace.
pub const DK: &str = "https://w3id.org/derek/ont#";
/// Namespace of derek's resources (articles, actors, statements).
pub const ID: &str = "https://w3id.org/derek/id/";
pub const SCHEMA: &str = "https://schema.org/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// Wikidata entities (`dk:wikidata` objects).
pub const WD: &str = "http://www.wikidata.org/entity/";

/// The prefixes predeclared to every SPARQL query (`derek query`, `derek serve`, the exports)
/// and written into Turtle and TriG output: the one list.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dk", DK),
    ("schema", SCHEMA),
    ("rdfs", RDFS),
    ("rdf", RDF),
    ("prov", PROV),
    ("nif", NIF),
    ("xsd", XSD),
    ("skos", SKOS),
    ("wd", WD),
];

/// Constants for the terms of one namespace: `NAME "local"` becomes
/// `pub const NAME: NamedNodeRef` for the namespace's IRI followed by `local`.
macro_rules! terms {
    ($ns:literal: $($(#[$doc:meta])* $name:ident $local:literal,)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($ns, $local));
        )*
        /// Every term above, for tests.
        #[cfg(test)]
        pub(crate) const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        /// The namespace, for tests.
        #[cfg(test)]
        pub(crate) const NAMESPACE: &str = $ns;
    };
}

/// derek's ontology (`ontology/derek.ttl`).
pub mod dk {
    use super::NamedNodeRef;
    terms! { "https://w3id.org/derek/ont#":
        // classes
        STATEMENT "Statement",
        CLAIM "Claim",
        DOCUMENT "Document",
        TOPIC "Topic",
        GROUP "Group",
        MENTIONS "Mentions",
        // speech modes (individuals)
        DIRECT_QUOTE "DirectQuote",
        INDIRECT_SPEECH "IndirectSpeech",
        WRITTEN_STATEMENT "WrittenStatement",
        // relations: the direct triples, and the values of dk:relation
        SAID "said",
        WROTE "wrote",
        STATED "stated",
        REPORTED "reported",
        ADOPTED "adopted",
        APPROVED "approved",
        SIGNED "signed",
        CALLED_ON "calledOn",
        CRITICIZED "criticized",
        // statement properties
        SUBJECT "subject",
        RELATION "relation",
        OBJECT "object",
        MODE "mode",
        DATE "date",
        PLACE "place",
        LINE "line",
        RULE "rule",
        CONFIDENCE "confidence",
        ARTICLE "article",
        // claims, actors, mentions
        TEXT "text",
        WIKIDATA "wikidata",
        ROLE "role",
        ENTITY "entity",
        COUNT "count",
        // the store's own graph of structures kept for whole-archive answers (`crate::archive`)
        NAME "Name",
        NAME_VALUE "nameValue",
        KEY "key",
        GRAM "gram",
        FORMAT_VERSION "formatVersion",
        TALLY "Tally",
        RELATION_SET_TALLY "RelationSetTally",
        TALLY_RELATION "tallyRelation",
        ON_DATE "onDate",
        STATEMENTS "statements",
        ARTICLES "articles",
        SPEECH_TALLY "SpeechTally",
    }
}

/// schema.org: articles and the classes of actors.
pub mod schema {
    use super::NamedNodeRef;
    terms! { "https://schema.org/":
        NEWS_ARTICLE "NewsArticle",
        IDENTIFIER "identifier",
        IN_LANGUAGE "inLanguage",
        DATE_PUBLISHED "datePublished",
        URL "url",
        HEADLINE "headline",
        PERSON "Person",
        ORGANIZATION "Organization",
        COUNTRY "Country",
        PLACE "Place",
        NEWS_MEDIA_ORGANIZATION "NewsMediaOrganization",
    }
}

/// SKOS: aliases.
pub mod skos {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/2004/02/skos/core#":
        ALT_LABEL "altLabel",
    }
}

/// PROV: where a claim or statement comes from.
pub mod prov {
    use super::NamedNodeRef;
    terms! { "http://www.w3.org/ns/prov#":
        WAS_DERIVED_FROM "wasDerivedFrom",
    }
}

/// NIF: evidence offsets and text.
pub mod nif {
    use super::NamedNodeRef;
    terms! { "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#":
        BEGIN_INDEX "beginIndex",
        END_INDEX "endIndex",
        ANCHOR_OF "anchorOf",
    }
}

/// The `dk:` property of a relation (`dk:said`, ...).
pub fn relation(kind: RelKind) -> NamedNodeRef<'static> {
    match kind {
        RelKind::Said => dk::SAID,
        RelKind::Wrote => dk::WROTE,
        RelKind::Stated => dk::STATED,
        RelKind::Reported => dk::REPORTED,
        RelKind::Adopted => dk::ADOPTED,
        RelKind::Approved => dk::APPROVED,
        RelKind::Signed => dk::SIGNED,
        RelKind::CalledOn => dk::CALLED_ON,
        RelKind::Criticized => dk::CRITICIZED,
    }
}

/// The class of an entity type: schema.org's where there is one.
pub fn entity_class(t: EntityType) -> NamedNodeRef<'static> {
    match t {
        EntityType::Person => schema::PERSON,
        EntityType::Organization => schema::ORGANIZATION,
        EntityType::Country => schema::COUNTRY,
        EntityType::Place => schema::PLACE,
        EntityType::Outlet => schema::NEWS_MEDIA_ORGANIZATION,
        EntityType::Group => dk::GROUP,
    }
}

/// The `dk:` individual for a speech mode.
pub fn mode(m: Mode) -> NamedNodeRef<'static> {
    match m {
        Mode::Direct => dk::DIRECT_QUOTE,
        Mode::Indirect => dk::INDIRECT_SPEECH,
        Mode::Written => dk::WRITTEN_STATEMENT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_a_valid_iri_in_its_namespace() {
        for (ns, all) in [
            (DK, (dk::NAMESPACE, dk::ALL)),
            (SCHEMA, (schema::NAMESPACE, schema::ALL)),
            (SKOS, (skos::NAMESPACE, skos::ALL)),
            (PROV, (prov::NAMESPACE, prov::ALL)),
            (NIF, (nif::NAMESPACE, nif::ALL)),
        ] {
            assert_eq!(ns, all.0);
            for t in all.1 {
                oxrdf::NamedNode::new(t.as_str()).unwrap();
                let local = t.as_str().strip_prefix(ns).unwrap();
                assert!(!local.is_empty() && !local.contains(['/', '#']), "{t}");
            }
        }
        for (p, ns) in PREFIXES {
            oxrdf::NamedNode::new(*ns).unwrap_or_else(|e| panic!("{p}: {e}"));
        }
        assert_eq!(rdf::TYPE.as_str(), format!("{RDF}type"));
        assert_eq!(rdfs::LABEL.as_str(), format!("{RDFS}label"));
        assert_eq!(xsd::DATE.as_str(), format!("{XSD}date"));
    }

    #[test]
    fn each_relation_is_its_own_dk_term() {
        for k in RelKind::ALL {
            assert_eq!(relation(k).as_str(), format!("{DK}{}", k.as_str()));
        }
    }
}
