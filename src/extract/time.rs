//! Dates and places of relations. A date is read from the relation's own sentence, outside
//! the claim ("14 наурызда", "2012 жылғы 2 шілдеде", "кеше"), with the year from the article
//! date when the text gives none. A place is a place name in the locative ("Страсбургте"). A
//! relation without one takes it from its scene: another sentence of the same date that names
//! a place, a later "бұл пікірін Хмельницкийде айтты", or the same speaker's earlier words.

use crate::text::Lower;
use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::{Doc, EntityType, Extractor, Layer, Object, RelKind};
use crate::lexicon::{ends_with_any, is_one_of, starts_with_any};
use crate::source::PartialDate;
use crate::text::morph::Case;
use crate::text::TokKind;

/// Stage 4.
pub struct DatesPlaces;

impl Extractor for DatesPlaces {
    fn name(&self) -> &'static str {
        "dates-places"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Relations]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::DatesPlaces]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        let n = doc.seg.sentences.len();
        let article_date = doc.article.meta.date;
        let article_year = doc.article.meta.year;
        // Per sentence: first date and first place outside quotes.
        let mut sdate: Vec<Option<(PartialDate, usize)>> = vec![None; n];
        let mut splace: Vec<Option<(usize, usize)>> = vec![None; n];
        for si in 0..n {
            if doc.boiler[si] {
                continue;
            }
            let s = doc.seg.sentences[si];
            sdate[si] = dates_in(doc, s.t0, s.t1, article_date, article_year)
                .into_iter()
                .next();
            splace[si] = places_in(doc, si).into_iter().next();
        }
        for ri in 0..doc.relations.len() {
            let r = &doc.relations[ri];
            let si = r.sentence;
            let s = doc.seg.sentences[si];
            let claim = match &r.object {
                Object::Claim { span, .. } => Some(*span),
                _ => None,
            };
            let outside = |t: usize| {
                claim.is_none_or(|c| {
                    let o = doc.orig_start(t);
                    o < c.start || o >= c.end
                })
            };
            let date = if r.kind == RelKind::Reported {
                article_date.map(PartialDate::full)
            } else {
                dates_in(doc, s.t0, s.t1, article_date, article_year)
                    .into_iter()
                    .find(|(_, t)| outside(*t))
                    .map(|(d, _)| d)
            };
            let place = places_in(doc, si)
                .into_iter()
                .find(|(_, t)| outside(*t))
                .map(|(e, _)| e);
            let r = &mut doc.relations[ri];
            r.date = date;
            r.place = place;
        }
        // Scene: the same date elsewhere with a place.
        for ri in 0..doc.relations.len() {
            let r = &doc.relations[ri];
            if r.place.is_some() || r.kind == RelKind::Reported {
                continue;
            }
            let Some(d) = r.date else { continue };
            let found = (0..n).find_map(|j| match (sdate[j], splace[j]) {
                (Some((dj, _)), Some((p, _))) if dj.month == d.month && dj.day == d.day => Some(p),
                _ => None,
            });
            doc.relations[ri].place = found;
        }
        // "бұл пікірін PLACE-де айтты": a place for the speaker's statements nearby.
        for (si, sp) in splace.iter().enumerate() {
            let Some((p, _)) = *sp else { continue };
            let s = doc.seg.sentences[si];
            let refers_back = (s.t0..s.t1.saturating_sub(1)).any(|t| {
                is_one_of(&doc.words[t].lower, &doc.lex.words.demonstratives)
                    && is_one_of(&doc.words[t + 1].lower, &doc.lex.words.speech_nouns)
            });
            if !refers_back {
                continue;
            }
            let speaker = doc.sent_subject[si].or_else(|| super::rules::salient(doc, si, false));
            let Some(speaker) = speaker else { continue };
            // Relations come in sentence order: skip those more than three sentences back.
            let from = doc.relations.partition_point(|r| r.sentence + 3 < si);
            for r in doc.relations[from..].iter_mut() {
                if r.subject == speaker
                    && r.place.is_none()
                    && r.kind != RelKind::Reported
                    && r.sentence + 3 >= si
                {
                    r.place = Some(p);
                }
            }
        }
        // The same speaker's later words in the same article keep the place.
        // Per subject, (sentence, place) of its earlier placed claims, in order, so that a long
        // article does not rescan every earlier relation.
        let mut placed: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for r in doc.relations.iter_mut() {
            if r.place.is_none() && r.kind != RelKind::Reported && r.kind.has_claim() {
                r.place = placed.get(&r.subject).and_then(|v| {
                    v.iter()
                        .rev()
                        .find(|&&(s, _)| s < r.sentence)
                        .map(|&(_, p)| p)
                });
            }
            if let (Some(p), true) = (r.place, r.kind.has_claim()) {
                placed.entry(r.subject).or_default().push((r.sentence, p));
            }
        }
    }
}

fn month_of(doc: &Doc<'_>, t: usize) -> Option<u32> {
    if doc.toks[t].kind != TokKind::Word {
        return None;
    }
    let nom = doc.words[t].nominative.lower();
    doc.lex
        .months
        .iter()
        .find(|(name, _)| {
            doc.words[t].lower.starts_with(name.as_str()) && (nom.starts_with(name.as_str()))
        })
        .map(|(_, m)| *m)
}

fn number(doc: &Doc<'_>, t: usize) -> Option<u32> {
    if doc.toks.get(t)?.kind != TokKind::Number {
        return None;
    }
    let digits: String = doc
        .tok_text(t)
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

/// Dates in tokens `t0..t1` outside quotes, with the token where each starts.
pub fn dates_in(
    doc: &Doc<'_>,
    t0: usize,
    t1: usize,
    article: Option<NaiveDate>,
    year: Option<i32>,
) -> Vec<(PartialDate, usize)> {
    let mut out = Vec::new();
    let mut t = t0;
    while t < t1 {
        if doc.in_quote[t].is_some() {
            t += 1;
            continue;
        }
        // YEAR жылғы DAY MONTH
        if let Some(y) = number(doc, t) {
            if (1900..=2100).contains(&y)
                && t + 3 < t1
                && starts_with_any(&doc.words[t + 1].lower, &doc.lex.words.year_stems)
            {
                if let (Some(d), Some(m)) = (number(doc, t + 2), month_of(doc, t + 3)) {
                    if (1..=31).contains(&d) {
                        out.push((
                            PartialDate {
                                year: Some(y as i32),
                                month: m,
                                day: Some(d),
                            },
                            t,
                        ));
                        t += 4;
                        continue;
                    }
                }
            }
            if (1..=31).contains(&y) && t + 1 < t1 {
                if let Some(m) = month_of(doc, t + 1) {
                    let mut d = with_year(y, m, article);
                    if d.year.is_none() && article.is_none() {
                        d.year =
                            year.filter(|y| NaiveDate::from_ymd_opt(*y, m, y_day(d)).is_some());
                    }
                    out.push((d, t));
                    t += 2;
                    continue;
                }
            }
        }
        if doc.toks[t].kind == TokKind::Word {
            for (words, offset) in &doc.lex.relative_days {
                let len = words.len();
                if t + len <= t1 && (0..len).all(|k| doc.words[t + k].lower == words[k]) {
                    if let Some(a) = article {
                        let d = a + Duration::days(*offset);
                        out.push((PartialDate::full(d), t));
                    }
                }
            }
        }
        t += 1;
    }
    out
}

fn y_day(d: PartialDate) -> u32 {
    d.day.unwrap_or(1)
}

fn with_year(day: u32, month: u32, article: Option<NaiveDate>) -> PartialDate {
    let year = article.and_then(|a| {
        let y = a.year();
        let d = NaiveDate::from_ymd_opt(y, month, day)?;
        // A date well after publication belongs to the year before.
        Some(if d > a + Duration::days(31) { y - 1 } else { y })
    });
    let valid = NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some();
    PartialDate {
        year: year.filter(|_| valid),
        month,
        day: Some(day),
    }
}

/// Place entities named in the locative in sentence `si`, outside quotes.
fn places_in(doc: &Doc<'_>, si: usize) -> Vec<(usize, usize)> {
    doc.mentions[doc.sent_mentions[si].clone()]
        .iter()
        .filter(|m| m.case == Case::Loc && doc.in_quote[m.t0].is_none())
        .filter(|m| {
            // "Қазақстандағы" qualifies a noun; it is not where something happened.
            let last = doc.words[m.t1 - 1].lower.as_str();
            !ends_with_any(last, &doc.lex.endings.adjectival)
        })
        .filter_map(|m| {
            let e = m.entity?;
            matches!(
                doc.entities.get(e).etype,
                EntityType::Place | EntityType::Country
            )
            .then_some((e, m.t0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_after_publication_belongs_to_the_year_before() {
        let a = NaiveDate::from_ymd_opt(2020, 1, 5);
        assert_eq!(with_year(20, 12, a).to_string(), "2019-12-20");
        assert_eq!(with_year(3, 1, a).to_string(), "2020-01-03");
        assert_eq!(with_year(14, 3, None).to_string(), "--03-14");
        assert_eq!(with_year(31, 2, a).year, None);
    }
}
