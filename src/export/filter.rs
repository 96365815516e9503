//! Filters shared by `derek export` and `derek viz` (`--relation`, `--entity`, `--article`,
//! `--since`, `--until`), and the catalog of entities and articles they consult: aliases for
//! `--entity`, publication dates for relations that carry no date of their own.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::tables::{EntityRow, StatementRow};
use super::RelRow;
use crate::error::{Error, Result};
use crate::extract::RelKind;
use crate::source::{PartialDate, Published};

/// What the store says about an entity (actor, document or topic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityInfo {
    pub label: String,
    /// Class local name: Person, Organization, ..., Group, Document, Topic.
    pub class: String,
    pub aliases: BTreeSet<String>,
    pub roles: BTreeSet<String>,
    /// Wikidata id (`Q232`), or empty.
    pub wikidata: String,
}

/// What the store says about an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    /// `schema:datePublished` (`2019-03-14`, `2019-03` or `2019`), or empty.
    pub date: String,
    pub title: String,
    pub url: String,
}

/// How often an entity is mentioned in an article (a `dk:Mentions` node).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    pub entity: String,
    pub article: String,
    pub count: u64,
}

/// Entities by IRI, articles by id, and mention counts.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub entities: BTreeMap<String, EntityInfo>,
    pub articles: BTreeMap<String, ArticleInfo>,
    pub mentions: Vec<Mention>,
}

impl Catalog {
    fn article_date(&self, article: &str) -> Option<Published> {
        Published::parse(&self.articles.get(article)?.date)
    }
}

/// The fields a filter looks at, common to relation and statement rows.
pub trait Filterable {
    fn relation(&self) -> &str;
    fn subject(&self) -> &str;
    fn object(&self) -> &str;
    fn article(&self) -> &str;
    fn date(&self) -> &str;
}

macro_rules! filterable {
    ($t:ty) => {
        impl Filterable for $t {
            fn relation(&self) -> &str {
                &self.relation
            }
            fn subject(&self) -> &str {
                &self.subject
            }
            fn object(&self) -> &str {
                &self.object
            }
            fn article(&self) -> &str {
                &self.article
            }
            fn date(&self) -> &str {
                &self.date
            }
        }
    };
}
filterable!(RelRow);
filterable!(StatementRow);

/// Whether a row passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    Drop,
    /// Dropped because a date bound was given and the row has no date to compare.
    Undated,
}

/// The shared filters. Empty lists and absent bounds let everything through.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    relations: Vec<String>,
    /// Lower-cased.
    entities: Vec<String>,
    articles: Vec<String>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// Parses a date bound: `2019-03-14`, `2019-03` or `2019`. A partial date stands for its first
/// day as a lower bound and for its last day as an upper bound, so `--until 2019-03` keeps
/// the whole of March.
pub fn parse_bound(flag: &str, s: &str, upper: bool) -> Result<NaiveDate> {
    let bad = || {
        Error::Usage(format!(
            "{flag} {s:?}: expected a date as YYYY-MM-DD, YYYY-MM or YYYY"
        ))
    };
    let s = s.trim();
    let (first, last) = match s.parse::<PartialDate>() {
        Ok(d) if d.year.is_some() => span(d).ok_or_else(bad)?,
        _ => {
            let y = PartialDate::year_only(s).ok_or_else(bad)?;
            let first = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
            let last = NaiveDate::from_ymd_opt(y, 12, 31).ok_or_else(bad)?;
            (first, last)
        }
    };
    Ok(if upper { last } else { first })
}

/// The days a partial date with a year covers: one day, or the whole month.
fn span(d: PartialDate) -> Option<(NaiveDate, NaiveDate)> {
    let y = d.year?;
    match d.day {
        Some(day) => NaiveDate::from_ymd_opt(y, d.month, day).map(|x| (x, x)),
        None => {
            let first = NaiveDate::from_ymd_opt(y, d.month, 1)?;
            Some((first, last_of_month(first)))
        }
    }
}

fn last_of_month(first: NaiveDate) -> NaiveDate {
    let (y, m) = if first.month() == 12 {
        (first.year() + 1, 1)
    } else {
        (first.year(), first.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

/// The days a row's date covers: its own date (`2019-03-14`; `2019-03` covers the month;
/// `--03-14` takes the article's year), else its article's publication date (a day, or the
/// whole month or year when only those are known); None when neither is known, and for a date
/// without a year in an article without a date.
pub fn date_range(date: &str, article_date: Option<Published>) -> Option<(NaiveDate, NaiveDate)> {
    if date.is_empty() {
        return article_date?.span();
    }
    let mut d: PartialDate = date.parse().ok()?;
    if d.year.is_none() {
        d.year = Some(article_date?.year());
    }
    span(d)
}

impl Filter {
    /// Checks the values: unknown relations, dates that do not parse, an empty range.
    pub fn new(
        relations: &[String],
        entities: &[String],
        articles: &[String],
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<Filter> {
        for r in relations {
            if RelKind::parse(r).is_none() {
                return Err(Error::Usage(format!(
                    "unknown relation {r:?}; known: {}",
                    RelKind::ALL.map(|k| k.as_str()).join(", ")
                )));
            }
        }
        let since = since
            .map(|s| parse_bound("--since", s, false))
            .transpose()?;
        let until = until.map(|s| parse_bound("--until", s, true)).transpose()?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(Error::Usage(format!(
                    "--since {a} is after --until {b}: nothing can match"
                )));
            }
        }
        Ok(Filter {
            relations: relations.to_vec(),
            entities: entities
                .iter()
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
            articles: articles.to_vec(),
            since,
            until,
        })
    }

    pub fn has_dates(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    pub fn has_entities(&self) -> bool {
        !self.entities.is_empty()
    }

    /// The article ids given with `--article` (empty: all).
    pub fn articles(&self) -> &[String] {
        &self.articles
    }

    /// Whether `--entity` selects this entity: its IRI equals a given text, or its label or an
    /// alias contains one (letter case ignored). Claims never match: their text is not a name.
    pub fn entity_matches(&self, iri: &str, cat: &Catalog) -> bool {
        if self.entities.is_empty() {
            return true;
        }
        let iri_l = iri.to_lowercase();
        let info = cat.entities.get(iri);
        self.entities.iter().any(|needle| {
            iri_l == *needle
                || info.is_some_and(|e| {
                    e.label.to_lowercase().contains(needle)
                        || e.aliases.iter().any(|a| a.to_lowercase().contains(needle))
                })
        })
    }

    /// Everything but `--entity`: relation, article and dates.
    fn keep_ignoring_entity<R: Filterable>(&self, r: &R, cat: &Catalog) -> Verdict {
        if !self.relations.is_empty() && !self.relations.iter().any(|x| x == r.relation()) {
            return Verdict::Drop;
        }
        if !self.articles.is_empty() && !self.articles.iter().any(|a| a == r.article()) {
            return Verdict::Drop;
        }
        if self.has_dates() {
            let Some((from, to)) = date_range(r.date(), cat.article_date(r.article())) else {
                return Verdict::Undated;
            };
            if self.since.is_some_and(|s| to < s) || self.until.is_some_and(|u| from > u) {
                return Verdict::Drop;
            }
        }
        Verdict::Keep
    }

    /// Whether a relation or statement row passes every filter.
    pub fn verdict<R: Filterable>(&self, r: &R, cat: &Catalog) -> Verdict {
        match self.keep_ignoring_entity(r, cat) {
            Verdict::Keep => {}
            other => return other,
        }
        if self.entity_matches(r.subject(), cat)
            || (self.has_entities() && self.entity_matches(r.object(), cat))
        {
            Verdict::Keep
        } else {
            Verdict::Drop
        }
    }

    /// The rows that pass, and how many were dropped for want of a date.
    pub fn apply<R: Filterable + Clone>(&self, rows: &[R], cat: &Catalog) -> (Vec<R>, usize) {
        let mut undated = 0;
        let mut out = Vec::new();
        for r in rows {
            match self.verdict(r, cat) {
                Verdict::Keep => out.push(r.clone()),
                Verdict::Undated => undated += 1,
                Verdict::Drop => {}
            }
        }
        (out, undated)
    }

    /// The entities table. `--entity` matches the entity itself; `--article` keeps the
    /// entities mentioned in, or taking part in a relation of, those articles (and counts only
    /// there); `--relation`, `--since` and `--until` keep the entities that take part (as
    /// subject, object or place) in a relation that passes them. Sorted by IRI.
    pub fn entities(&self, statements: &[StatementRow], cat: &Catalog) -> Vec<EntityRow> {
        let kept: Vec<&StatementRow> = statements
            .iter()
            .filter(|s| self.keep_ignoring_entity(*s, cat) == Verdict::Keep)
            .collect();
        let in_articles =
            |a: &str| self.articles.is_empty() || self.articles.iter().any(|x| x == a);
        let mut relations: BTreeMap<&str, usize> = BTreeMap::new();
        let mut present: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for s in &kept {
            *relations.entry(&s.subject).or_default() += 1;
            if s.object != s.subject {
                *relations.entry(&s.object).or_default() += 1;
            }
            for e in [&s.subject, &s.object, &s.place_iri] {
                if !e.is_empty() {
                    present.entry(e).or_default().insert(&s.article);
                }
            }
        }
        let mut mentions: BTreeMap<&str, u64> = BTreeMap::new();
        let mut mentioned_in: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for m in &cat.mentions {
            if in_articles(&m.article) {
                *mentions.entry(&m.entity).or_default() += m.count;
                mentioned_in
                    .entry(&m.entity)
                    .or_default()
                    .insert(&m.article);
            }
        }
        let statement_filters = !self.relations.is_empty() || self.has_dates();
        let mut out = Vec::new();
        for (iri, e) in &cat.entities {
            if !self.entity_matches(iri, cat) {
                continue;
            }
            let in_kept = present.contains_key(iri.as_str());
            let mentioned = mentioned_in.contains_key(iri.as_str());
            if statement_filters && !in_kept {
                continue;
            }
            if !self.articles.is_empty() && !in_kept && !mentioned {
                continue;
            }
            let mut arts: BTreeSet<&str> = present.get(iri.as_str()).cloned().unwrap_or_default();
            if !statement_filters {
                if let Some(m) = mentioned_in.get(iri.as_str()) {
                    arts.extend(m.iter().copied());
                }
            }
            let counted = !matches!(e.class.as_str(), "Document" | "Topic");
            out.push(EntityRow {
                entity: iri.clone(),
                label: e.label.clone(),
                class: e.class.clone(),
                aliases: e.aliases.iter().cloned().collect(),
                roles: e.roles.iter().cloned().collect(),
                wikidata: e.wikidata.clone(),
                mentions: counted.then(|| mentions.get(iri.as_str()).copied().unwrap_or(0)),
                articles: arts.len(),
                relations: relations.get(iri.as_str()).copied().unwrap_or(0),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn row(rel: &str, subj: &str, obj: &str, article: &str, date: &str) -> RelRow {
        RelRow {
            article: article.into(),
            line: 1,
            relation: rel.into(),
            subject: subj.into(),
            subject_label: String::new(),
            object: obj.into(),
            object_label: String::new(),
            date: date.into(),
            place: String::new(),
            start: 0,
            end: 1,
            confidence: "0.90".into(),
        }
    }

    fn catalog() -> Catalog {
        let mut c = Catalog::default();
        c.entities.insert(
            "id:eu".into(),
            EntityInfo {
                label: "Еуропа одағы".into(),
                class: "Organization".into(),
                aliases: ["ЕО".to_string()].into(),
                ..Default::default()
            },
        );
        c.entities.insert(
            "id:kz".into(),
            EntityInfo {
                label: "Қазақстан".into(),
                class: "Country".into(),
                ..Default::default()
            },
        );
        c.articles.insert(
            "a1".into(),
            ArticleInfo {
                date: "2019-04-02".into(),
                ..Default::default()
            },
        );
        c.articles.insert("a2".into(), ArticleInfo::default());
        c
    }

    #[test]
    fn bounds_parse_and_partial_dates_cover_their_span() {
        assert_eq!(
            parse_bound("--since", "2019", false).unwrap(),
            d("2019-01-01")
        );
        assert_eq!(
            parse_bound("--until", "2019", true).unwrap(),
            d("2019-12-31")
        );
        assert_eq!(
            parse_bound("--until", "2020-02", true).unwrap(),
            d("2020-02-29")
        );
        assert_eq!(
            parse_bound("--until", "2019-12", true).unwrap(),
            d("2019-12-31")
        );
        for bad in ["14.03.2019", "2019-3", "yesterday", "2019-13"] {
            assert!(parse_bound("--since", bad, false).is_err(), "{bad}");
        }
        assert_eq!(
            date_range("2019-03", None),
            Some((d("2019-03-01"), d("2019-03-31")))
        );
        assert_eq!(date_range("--03-14", None), None);
        assert_eq!(
            date_range("--03-14", Published::parse("2019-04-02")),
            Some((d("2019-03-14"), d("2019-03-14")))
        );
        assert_eq!(
            date_range("", Published::parse("2019-04-02")),
            Some((d("2019-04-02"), d("2019-04-02")))
        );
        // An article dated by its month or year only: the relation takes the whole span, and
        // a year-less date its year.
        assert_eq!(
            date_range("", Published::parse("2019-03")),
            Some((d("2019-03-01"), d("2019-03-31")))
        );
        assert_eq!(
            date_range("", Published::parse("2019")),
            Some((d("2019-01-01"), d("2019-12-31")))
        );
        assert_eq!(
            date_range("--03-14", Published::parse("2019")),
            Some((d("2019-03-14"), d("2019-03-14")))
        );
    }

    #[test]
    fn rows_without_any_date_are_dropped_and_counted_when_dates_are_given() {
        let c = catalog();
        let rows = vec![
            row("said", "id:eu", "id:c1", "a1", "2019-03-14"),
            row("said", "id:eu", "id:c2", "a1", ""), // the article's date: 2019-04-02
            row("said", "id:eu", "id:c3", "a2", ""), // no date at all
            row("said", "id:eu", "id:c4", "a2", "--03-20"), // no year to place it
        ];
        let f = Filter::new(&[], &[], &[], Some("2019-03-01"), Some("2019-03-31")).unwrap();
        let (kept, undated) = f.apply(&rows, &c);
        assert_eq!(kept, vec![rows[0].clone()]);
        assert_eq!(undated, 2);
        let f = Filter::new(&[], &[], &[], Some("2019-04"), None).unwrap();
        assert_eq!(f.apply(&rows, &c).0, vec![rows[1].clone()]);
        let (all, undated) = Filter::default().apply(&rows, &c);
        assert_eq!((all.len(), undated), (4, 0));
    }

    #[test]
    fn entity_matches_labels_aliases_and_iris_but_not_claims() {
        let c = catalog();
        let rows = vec![
            row("calledOn", "id:kz", "id:eu", "a1", ""),
            row("said", "id:kz", "id:claim", "a1", ""),
        ];
        for needle in ["ео", "одағы", "id:eu"] {
            let f = Filter::new(&[], &[needle.to_string()], &[], None, None).unwrap();
            assert_eq!(f.apply(&rows, &c).0, vec![rows[0].clone()], "{needle}");
        }
        let f = Filter::new(&[], &["claim".to_string()], &[], None, None).unwrap();
        assert!(f.apply(&rows, &c).0.is_empty());
    }

    #[test]
    fn bad_filters_are_usage_errors() {
        assert!(Filter::new(&["kissed".into()], &[], &[], None, None).is_err());
        assert!(Filter::new(&[], &[], &[], Some("2020"), Some("2019")).is_err());
        assert!(Filter::new(&["said".into()], &[], &[], Some("2019"), Some("2019")).is_ok());
    }

    #[test]
    fn relation_and_article_filters() {
        let c = catalog();
        let rows = vec![
            row("calledOn", "id:kz", "id:eu", "a1", ""),
            row("said", "id:kz", "id:claim", "a2", ""),
        ];
        let f = Filter::new(&["said".into()], &[], &[], None, None).unwrap();
        assert_eq!(f.apply(&rows, &c).0, vec![rows[1].clone()]);
        let f = Filter::new(&[], &[], &["a1".into()], None, None).unwrap();
        assert_eq!(f.apply(&rows, &c).0, vec![rows[0].clone()]);
    }
}
