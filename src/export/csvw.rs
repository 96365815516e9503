//! W3C CSV on the Web metadata (<https://www.w3.org/TR/tabular-metadata/>) for an exported CSV
//! file: its columns, their datatypes and meanings, so that CSVW-aware tools (and people) load
//! it with types instead of guessing.
//!
//! The file is named after the CSV with `-metadata.json` appended (`rel.csv` ->
//! `rel.csv-metadata.json`): the first default location a CSVW processor looks at
//! (`{+url}-metadata.json`, tabular-data-model §5.3), so tools find it without being told.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::tables::{Column, Datatype, Described};

/// Where the metadata of `csv` goes: the same path with `-metadata.json` appended.
pub fn metadata_path(csv: &Path) -> PathBuf {
    let mut s = csv.as_os_str().to_os_string();
    s.push("-metadata.json");
    PathBuf::from(s)
}

fn datatype(d: Datatype) -> Value {
    match d {
        Datatype::String => json!("string"),
        Datatype::Pattern(re) => json!({ "base": "string", "format": format!("^({re})$") }),
        Datatype::AnyUri => json!("anyURI"),
        Datatype::NonNegativeInteger => json!("nonNegativeInteger"),
        Datatype::PositiveInteger => json!("positiveInteger"),
        Datatype::Confidence => json!({ "base": "decimal", "minimum": 0, "maximum": 1 }),
        Datatype::Date => json!("date"),
    }
}

fn column(c: &Column) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(c.name));
    m.insert("titles".into(), json!(c.name));
    m.insert("datatype".into(), datatype(c.datatype));
    if c.required {
        m.insert("required".into(), json!(true));
    }
    if let Some(sep) = c.separator {
        m.insert("separator".into(), json!(sep));
    }
    if let Some(u) = c.value_url {
        m.insert("valueUrl".into(), json!(u));
    }
    m.insert("dc:description".into(), json!(c.description));
    Value::Object(m)
}

/// The metadata document for a CSV of `T` rows written to a file named `csv_name` (the
/// metadata sits beside it, so `url` is the bare file name). `primary_key` names the column
/// that identifies a row, if any.
pub fn metadata<T: Described>(csv_name: &str, primary_key: Option<&str>) -> Value {
    let mut schema = Map::new();
    schema.insert(
        "columns".into(),
        Value::Array(T::columns().iter().map(column).collect()),
    );
    if let Some(k) = primary_key {
        schema.insert("primaryKey".into(), json!(k));
    }
    json!({
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": T::TITLE,
        "dialect": {
            "encoding": "utf-8",
            "header": true,
            "delimiter": ",",
            "quoteChar": "\"",
            "doubleQuote": true
        },
        "tableSchema": Value::Object(schema),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tables::{EntityRow, StatementRow};
    use crate::export::RelRow;

    #[test]
    fn the_metadata_file_is_named_after_the_csv() {
        assert_eq!(
            metadata_path(Path::new("out/rel.csv")),
            PathBuf::from("out/rel.csv-metadata.json")
        );
    }

    #[test]
    fn every_column_is_described_in_order() {
        let m = metadata::<StatementRow>("s.csv", Some("statement"));
        let cols = m["tableSchema"]["columns"].as_array().unwrap();
        let names: Vec<&str> = cols.iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            <StatementRow as crate::export::csv::Table>::header().to_vec()
        );
        assert_eq!(m["url"], "s.csv");
        assert_eq!(m["tableSchema"]["primaryKey"], "statement");
        let conf = cols.iter().find(|c| c["name"] == "confidence").unwrap();
        assert_eq!(conf["datatype"]["base"], "decimal");
        let rel = metadata::<RelRow>("r.csv", None);
        assert!(rel["tableSchema"].get("primaryKey").is_none());
        let ent = metadata::<EntityRow>("e.csv", Some("entity"));
        let aliases = &ent["tableSchema"]["columns"][3];
        assert_eq!(aliases["name"], "aliases");
        assert_eq!(aliases["separator"], "|");
    }

    #[test]
    fn patterns_are_valid_anchored_regular_expressions() {
        for cols in [
            StatementRow::columns(),
            EntityRow::columns(),
            RelRow::columns(),
        ] {
            for c in cols {
                if let Datatype::Pattern(p) = c.datatype {
                    let re = regex::Regex::new(&format!("^({p})$")).unwrap();
                    assert!(
                        !re.is_match(""),
                        "{}: the empty string is null, not a value",
                        c.name
                    );
                }
            }
        }
        let date =
            regex::Regex::new(&format!("^({})$", super::super::tables::DATE_PATTERN)).unwrap();
        for ok in ["2019-03-14", "--03-14", "2019-03"] {
            assert!(date.is_match(ok), "{ok}");
        }
        for bad in ["2019-03-14x", "14.03.2019", "2019"] {
            assert!(!date.is_match(bad), "{bad}");
        }
    }
}
