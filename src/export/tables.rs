//! The exported tables and their columns. Each table's columns are declared once, with a
//! datatype and a meaning, so the CSV header, the CSVW metadata (`csvw.rs`) and the `--help`
//! text cannot drift apart.

use serde::Serialize;

use super::csv::Table;
use super::{RelRow, REL_COLUMNS};

/// A column of an exported table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The CSV header cell and the JSON Lines key.
    pub name: &'static str,
    pub datatype: Datatype,
    /// Never empty.
    pub required: bool,
    /// The cell holds a list, its items joined by this string (CSVW `separator`).
    pub separator: Option<&'static str>,
    /// A URI template that turns the cell into an IRI (CSVW `valueUrl`), e.g. Wikidata ids.
    pub value_url: Option<&'static str>,
    pub description: &'static str,
}

/// Column datatypes, named as CSVW (XML Schema) names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datatype {
    String,
    /// A string that matches this regular expression as a whole.
    Pattern(&'static str),
    AnyUri,
    NonNegativeInteger,
    PositiveInteger,
    /// A decimal from 0 to 1.
    Confidence,
    Date,
}

const fn col(name: &'static str, datatype: Datatype, description: &'static str) -> Column {
    Column {
        name,
        datatype,
        required: false,
        separator: None,
        value_url: None,
        description,
    }
}

const fn req(name: &'static str, datatype: Datatype, description: &'static str) -> Column {
    Column {
        name,
        datatype,
        required: true,
        separator: None,
        value_url: None,
        description,
    }
}

/// The relation local names (checked against `RelKind::ALL` by a test).
pub const RELATION_PATTERN: &str =
    "said|wrote|stated|reported|adopted|approved|signed|calledOn|criticized";
/// `2019-03-14`, `--03-14` (year unknown) or `2019-03` (day unknown).
pub const DATE_PATTERN: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}|--[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}";
/// A publication date: `2019-03-14`, `2019-03` or `2019`.
pub const PUBLISHED_PATTERN: &str = "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}|[0-9]{4}";
/// Entity and object types: schema.org or dk: class local names.
pub const TYPE_PATTERN: &str =
    "Person|Organization|Country|Place|NewsMediaOrganization|Group|Document|Topic|Claim";
pub const MODE_PATTERN: &str = "DirectQuote|IndirectSpeech|WrittenStatement";

/// The relations table: a contract (README); names and order never change.
pub const RELATION_COLUMNS: [Column; 12] = [
    req("article", Datatype::String, "Article id (file stem, or the JSON Lines id)."),
    req("line", Datatype::PositiveInteger, "1-based line of the article body (after front matter) where the evidence starts."),
    req("relation", Datatype::Pattern(RELATION_PATTERN), "The relation, a dk: property local name."),
    req("subject", Datatype::AnyUri, "IRI of the actor."),
    col("subject_label", Datatype::String, "The actor's canonical nominative name."),
    req("object", Datatype::AnyUri, "IRI of the claim, document, topic or actor."),
    col("object_label", Datatype::String, "For speech, the claim as written (no quote marks, lines joined); otherwise the object's label."),
    col("date", Datatype::Pattern(DATE_PATTERN), "When it happened, ISO 8601: 2019-03-14, --03-14 when the year is unknown, 2019-03 when the day is."),
    col("place", Datatype::String, "Where it happened (a label)."),
    req("start", Datatype::NonNegativeInteger, "Character offset (Unicode scalar values) where the evidence sentence starts in the article body."),
    req("end", Datatype::NonNegativeInteger, "Character offset where the evidence sentence ends (exclusive)."),
    req("confidence", Datatype::Confidence, "How sure the extraction rule is, 0 to 1."),
];

/// The statements table: the relations columns (same names, same meaning) and then the rest
/// of each n-ary `dk:Statement`.
pub const STATEMENT_COLUMNS: [Column; 22] = [
    req("statement", Datatype::AnyUri, "IRI of the dk:Statement."),
    RELATION_COLUMNS[0],
    RELATION_COLUMNS[1],
    RELATION_COLUMNS[2],
    RELATION_COLUMNS[3],
    RELATION_COLUMNS[4],
    RELATION_COLUMNS[5],
    RELATION_COLUMNS[6],
    RELATION_COLUMNS[7],
    RELATION_COLUMNS[8],
    RELATION_COLUMNS[9],
    RELATION_COLUMNS[10],
    RELATION_COLUMNS[11],
    col(
        "mode",
        Datatype::Pattern(MODE_PATTERN),
        "For speech: DirectQuote, IndirectSpeech or WrittenStatement.",
    ),
    col(
        "subject_type",
        Datatype::Pattern(TYPE_PATTERN),
        "The actor's class (schema.org or dk: local name).",
    ),
    req(
        "object_type",
        Datatype::Pattern(TYPE_PATTERN),
        "The object's class: Claim for speech, Document, Topic, or an actor class.",
    ),
    col("place_iri", Datatype::AnyUri, "IRI of the place."),
    col(
        "article_date",
        Datatype::Pattern(PUBLISHED_PATTERN),
        "The article's publication date, as precise as its source: 2019-03-14, 2019-03 or 2019.",
    ),
    col(
        "rule",
        Datatype::String,
        "The extraction rule that made the statement (data/<lang>/rules).",
    ),
    col(
        "claim_start",
        Datatype::NonNegativeInteger,
        "For speech: character offset where the claim starts in the article body.",
    ),
    col(
        "claim_end",
        Datatype::NonNegativeInteger,
        "For speech: character offset where the claim ends (exclusive).",
    ),
    col(
        "evidence",
        Datatype::String,
        "The evidence sentence as it stands in the article (characters start to end).",
    ),
];

/// The entities table: every actor, document and topic.
pub const ENTITY_COLUMNS: [Column; 9] = [
    req("entity", Datatype::AnyUri, "IRI of the entity."),
    col("label", Datatype::String, "Canonical name (nominative)."),
    req("type", Datatype::Pattern(TYPE_PATTERN), "Class: Person, Organization, Country, Place, NewsMediaOrganization, Group (schema.org or dk: local names), Document or Topic."),
    Column {
        separator: Some("|"),
        ..col("aliases", Datatype::String, "Other names (skos:altLabel), separated by |.")
    },
    Column {
        separator: Some("|"),
        ..col("roles", Datatype::String, "Roles and titles given in the articles (dk:role), separated by |.")
    },
    Column {
        value_url: Some("http://www.wikidata.org/entity/{wikidata}"),
        ..col("wikidata", Datatype::Pattern("Q[0-9]+"), "Wikidata id.")
    },
    col("mentions", Datatype::NonNegativeInteger, "How often the actor is mentioned, summed over the (selected) articles; empty for documents and topics, whose mentions are not counted."),
    req("articles", Datatype::NonNegativeInteger, "In how many (selected) articles the entity is mentioned or takes part in a relation."),
    req("relations", Datatype::NonNegativeInteger, "In how many (selected) relations the entity is the subject or the object."),
];

/// One row of the statements table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct StatementRow {
    pub statement: String,
    pub article: String,
    pub line: usize,
    pub relation: String,
    pub subject: String,
    pub subject_label: String,
    pub object: String,
    pub object_label: String,
    pub date: String,
    pub place: String,
    pub start: usize,
    pub end: usize,
    #[serde(serialize_with = "super::number_text::serialize")]
    pub confidence: String,
    pub mode: String,
    pub subject_type: String,
    pub object_type: String,
    pub place_iri: String,
    pub article_date: String,
    pub rule: String,
    pub claim_start: Option<usize>,
    pub claim_end: Option<usize>,
    pub evidence: String,
}

impl StatementRow {
    /// The relations-table row of this statement (the same values, fewer columns).
    pub fn to_relation(&self) -> RelRow {
        RelRow {
            article: self.article.clone(),
            line: self.line,
            relation: self.relation.clone(),
            subject: self.subject.clone(),
            subject_label: self.subject_label.clone(),
            object: self.object.clone(),
            object_label: self.object_label.clone(),
            date: self.date.clone(),
            place: self.place.clone(),
            start: self.start,
            end: self.end,
            confidence: self.confidence.clone(),
        }
    }

    /// Where the claim lies in the evidence sentence, in characters: `(from, to)`. None when
    /// the statement has no claim or the claim is not inside the sentence.
    pub fn quote_in_evidence(&self) -> Option<(usize, usize)> {
        let (cs, ce) = (self.claim_start?, self.claim_end?);
        let len = self.evidence.chars().count();
        if len == self.end.saturating_sub(self.start)
            && cs >= self.start
            && ce <= self.end
            && cs < ce
        {
            return Some((cs - self.start, ce - self.start));
        }
        // The sentence is not the exact span (should not happen): look for the claim's text.
        let at = self.evidence.find(&self.object_label)?;
        let from = self.evidence[..at].chars().count();
        Some((from, from + self.object_label.chars().count()))
    }
}

/// One row of the entities table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityRow {
    pub entity: String,
    pub label: String,
    #[serde(rename = "type")]
    pub class: String,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub wikidata: String,
    pub mentions: Option<u64>,
    pub articles: usize,
    pub relations: usize,
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

impl Table for StatementRow {
    fn header() -> &'static [&'static str] {
        const H: [&str; 22] = {
            let mut h = [""; 22];
            let mut i = 0;
            while i < 22 {
                h[i] = STATEMENT_COLUMNS[i].name;
                i += 1;
            }
            h
        };
        &H
    }
    fn fields(&self) -> Vec<String> {
        vec![
            self.statement.clone(),
            self.article.clone(),
            self.line.to_string(),
            self.relation.clone(),
            self.subject.clone(),
            self.subject_label.clone(),
            self.object.clone(),
            self.object_label.clone(),
            self.date.clone(),
            self.place.clone(),
            self.start.to_string(),
            self.end.to_string(),
            self.confidence.clone(),
            self.mode.clone(),
            self.subject_type.clone(),
            self.object_type.clone(),
            self.place_iri.clone(),
            self.article_date.clone(),
            self.rule.clone(),
            opt(&self.claim_start),
            opt(&self.claim_end),
            self.evidence.clone(),
        ]
    }
}

impl Table for EntityRow {
    fn header() -> &'static [&'static str] {
        const H: [&str; 9] = {
            let mut h = [""; 9];
            let mut i = 0;
            while i < 9 {
                h[i] = ENTITY_COLUMNS[i].name;
                i += 1;
            }
            h
        };
        &H
    }
    fn fields(&self) -> Vec<String> {
        vec![
            self.entity.clone(),
            self.label.clone(),
            self.class.clone(),
            self.aliases.join("|"),
            self.roles.join("|"),
            self.wikidata.clone(),
            opt(&self.mentions),
            self.articles.to_string(),
            self.relations.to_string(),
        ]
    }
}

/// The columns of a table type, for its CSVW metadata.
pub trait Described: Table {
    const TITLE: &'static str;
    fn columns() -> &'static [Column];
}

impl Described for RelRow {
    const TITLE: &'static str = "derek relations";
    fn columns() -> &'static [Column] {
        &RELATION_COLUMNS
    }
}

impl Described for StatementRow {
    const TITLE: &'static str = "derek statements";
    fn columns() -> &'static [Column] {
        &STATEMENT_COLUMNS
    }
}

impl Described for EntityRow {
    const TITLE: &'static str = "derek entities";
    fn columns() -> &'static [Column] {
        &ENTITY_COLUMNS
    }
}

/// Checks that the declared columns match the relations contract.
pub fn relation_columns_match_contract() -> bool {
    RELATION_COLUMNS
        .iter()
        .map(|c| c.name)
        .eq(REL_COLUMNS.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::RelKind;

    fn names(cols: &[Column]) -> Vec<&str> {
        cols.iter().map(|c| c.name).collect()
    }

    #[test]
    fn the_relations_columns_are_the_contract() {
        assert!(relation_columns_match_contract());
        assert_eq!(RelRow::header(), &REL_COLUMNS[..]);
    }

    #[test]
    fn headers_are_the_declared_columns_and_statements_extend_relations() {
        assert_eq!(StatementRow::header(), names(&STATEMENT_COLUMNS));
        assert_eq!(EntityRow::header(), names(&ENTITY_COLUMNS));
        assert_eq!(&StatementRow::header()[1..13], &REL_COLUMNS[..]);
    }

    #[test]
    fn the_relation_pattern_lists_every_relation() {
        let all: Vec<&str> = RelKind::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(RELATION_PATTERN, all.join("|"));
    }

    #[test]
    fn the_quote_is_found_in_the_evidence() {
        let evidence = "Ол «сөз бар» деді, бәрі.";
        assert_eq!(evidence.chars().count(), 24);
        let mut r = StatementRow {
            statement: String::new(),
            article: "a".into(),
            line: 1,
            relation: "said".into(),
            subject: String::new(),
            subject_label: String::new(),
            object: String::new(),
            object_label: "сөз бар".into(),
            date: String::new(),
            place: String::new(),
            start: 100,
            end: 124,
            confidence: "0.9".into(),
            mode: String::new(),
            subject_type: String::new(),
            object_type: "Claim".into(),
            place_iri: String::new(),
            article_date: String::new(),
            rule: String::new(),
            claim_start: Some(104),
            claim_end: Some(111),
            evidence: evidence.into(),
        };
        // Offsets into the article body, made relative to the sentence (in characters).
        assert_eq!(r.quote_in_evidence(), Some((4, 11)));
        let marked: String = evidence.chars().skip(4).take(7).collect();
        assert_eq!(marked, "сөз бар");
        // A claim outside the sentence is looked for by its text; not found, nothing marked.
        r.claim_start = Some(10);
        r.claim_end = Some(17);
        assert_eq!(r.quote_in_evidence(), Some((4, 11)));
        r.object_label = "басқа сөз".into();
        assert_eq!(r.quote_in_evidence(), None);
        r.claim_start = None;
        assert_eq!(r.quote_in_evidence(), None);
    }
}
