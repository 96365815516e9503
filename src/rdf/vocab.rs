//! Every IRI derek writes, in one place. `ontology/derek.ttl` declares the `dk:` terms; a test
//! checks that every predicate and class the builder emits is declared there.

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
pub const WD: &str = "http://www.wikidata.org/entity/";

/// Local names in `dk:` (joined with [`DK`] by [`dk()`]).
pub mod dk {
    // classes
    pub const STATEMENT: &str = "Statement";
    pub const CLAIM: &str = "Claim";
    pub const DOCUMENT: &str = "Document";
    pub const TOPIC: &str = "Topic";
    pub const GROUP: &str = "Group";
    pub const MENTIONS: &str = "Mentions";
    pub const DIRECT_QUOTE: &str = "DirectQuote";
    pub const INDIRECT_SPEECH: &str = "IndirectSpeech";
    pub const WRITTEN_STATEMENT: &str = "WrittenStatement";
    // statement properties
    pub const SUBJECT: &str = "subject";
    pub const RELATION: &str = "relation";
    pub const OBJECT: &str = "object";
    pub const MODE: &str = "mode";
    pub const DATE: &str = "date";
    pub const PLACE: &str = "place";
    pub const LINE: &str = "line";
    pub const RULE: &str = "rule";
    pub const CONFIDENCE: &str = "confidence";
    pub const ARTICLE: &str = "article";
    // claims, actors, mentions
    pub const TEXT: &str = "text";
    pub const WIKIDATA: &str = "wikidata";
    pub const ROLE: &str = "role";
    pub const ENTITY: &str = "entity";
    pub const COUNT: &str = "count";
}

pub fn dk(local: &str) -> String {
    format!("{DK}{local}")
}

pub fn schema(local: &str) -> String {
    format!("{SCHEMA}{local}")
}

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const PROV_WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
pub const NIF_BEGIN: &str =
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex";
pub const NIF_END: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex";
pub const NIF_ANCHOR: &str =
    "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf";
pub const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
pub const XSD_G_MONTH_DAY: &str = "http://www.w3.org/2001/XMLSchema#gMonthDay";
pub const XSD_G_YEAR_MONTH: &str = "http://www.w3.org/2001/XMLSchema#gYearMonth";
pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
pub const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";

/// schema.org class for an entity type.
pub fn entity_class(t: crate::extract::EntityType) -> String {
    use crate::extract::EntityType as T;
    match t {
        T::Person => schema("Person"),
        T::Organization => schema("Organization"),
        T::Country => schema("Country"),
        T::Place => schema("Place"),
        T::Outlet => schema("NewsMediaOrganization"),
        T::Group => dk(dk::GROUP),
    }
}

/// The `dk:` individual for a speech mode.
pub fn mode_iri(m: crate::extract::Mode) -> String {
    use crate::extract::Mode;
    dk(match m {
        Mode::Direct => dk::DIRECT_QUOTE,
        Mode::Indirect => dk::INDIRECT_SPEECH,
        Mode::Written => dk::WRITTEN_STATEMENT,
    })
}
