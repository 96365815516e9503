//! Scoring against gold annotations. The matching is the reference scorer's
//! (`shared/tools/score.py`), rule for rule, so both report the same figures on the same data:
//! relation family equal; subject matches one `|` alternative tolerating case suffixes; object
//! matches one alternative (for speech, claim token-F1 >= 0.6); predictions deduplicated by
//! (article, family, subject label, object label); greedy one-to-one matching in gold order.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::export::RelRow;

/// Relation name -> family, as the reference scorer has it.
pub fn family(rel: &str) -> Option<&'static str> {
    Some(match rel {
        "said" | "wrote" | "stated" | "announced" => "speech",
        "adopted" | "approved" | "passed" => "adopted",
        "calledOn" | "urged" => "calledOn",
        "criticized" => "criticized",
        "signed" => "signed",
        _ => return None,
    })
}

pub const FAMILIES: [&str; 5] = ["adopted", "calledOn", "criticized", "signed", "speech"];

pub fn norm(s: &str) -> String {
    let s: String = s.nfc().collect::<String>().to_lowercase();
    let s: String = s
        .chars()
        .map(|c| {
            if "«»“”„\"'’‘`.,:;!?()[]—–-".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn toks(s: &str) -> Vec<String> {
    norm(s).split_whitespace().map(str::to_string).collect()
}

pub fn tok_f1(a: &str, b: &str) -> f64 {
    let (ta, tb) = (toks(a), toks(b));
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let mut ca: HashMap<&str, usize> = HashMap::new();
    for t in &ta {
        *ca.entry(t).or_default() += 1;
    }
    let mut cb: HashMap<&str, usize> = HashMap::new();
    for t in &tb {
        *cb.entry(t).or_default() += 1;
    }
    let common: usize = ca
        .iter()
        .map(|(k, n)| (*n).min(*cb.get(k).unwrap_or(&0)))
        .sum();
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / ta.len() as f64;
    let r = common as f64 / tb.len() as f64;
    2.0 * p * r / (p + r)
}

fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn tmatch(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    let (lx, ly) = (x.chars().count(), y.chars().count());
    let k = lx.min(ly);
    k >= 4
        && (x.starts_with(&prefix(y, 4.max(ly.saturating_sub(4))))
            || y.starts_with(&prefix(x, 4.max(lx.saturating_sub(4)))))
}

/// Entity match tolerant to Kazakh case suffixes.
pub fn stem_match(a: &str, b: &str) -> bool {
    let (ta, tb) = (toks(a), toks(b));
    if ta.is_empty() || tb.is_empty() {
        return false;
    }
    if ta == tb {
        return true;
    }
    let (short, long) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    short.iter().all(|s| long.iter().any(|l| tmatch(s, l)))
        && short.len() >= 1.max(long.len().saturating_sub(2))
}

pub fn alt_match(pred: &str, alts: &str, speech: bool) -> bool {
    alts.split('|').any(|alt| {
        if speech {
            tok_f1(pred, alt) >= 0.6
        } else {
            stem_match(pred, alt)
        }
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct GoldRow {
    pub article: String,
    pub family: String,
    pub relation: String,
    pub line: String,
    pub subject: String,
    pub object: String,
    pub date: String,
    pub place: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PredRow {
    pub article: String,
    pub family: String,
    pub relation: String,
    pub line: usize,
    pub subject: String,
    pub object: String,
}

/// Gold files: a directory's `*.gold.tsv` and `gold.tsv`, or the given files. A file named
/// `ARTICLE.gold.tsv` scores that article; any other name scores every article (`*`), or the
/// one `$GOLD_ARTICLE` names.
pub fn load_gold(paths: &[PathBuf]) -> Result<(Vec<GoldRow>, Option<BTreeSet<String>>)> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut names: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let n = f
                        .file_name()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    n.ends_with(".gold.tsv") || n == "gold.tsv"
                })
                .collect();
            names.sort();
            files.extend(names);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(Error::Usage(format!(
                "gold file {} does not exist",
                p.display()
            )));
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(
            "no gold files found (*.gold.tsv or gold.tsv)".into(),
        ));
    }
    let mut gold = Vec::new();
    let mut named: BTreeSet<String> = BTreeSet::new();
    let mut star = false;
    for f in &files {
        let base = f
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let art = match base.strip_suffix(".gold.tsv") {
            Some(a) => {
                named.insert(a.to_string());
                a.to_string()
            }
            None => std::env::var("GOLD_ARTICLE").unwrap_or_else(|_| "*".into()),
        };
        if art == "*" {
            star = true;
        } else {
            named.insert(art.clone());
        }
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .flexible(true)
            .from_path(f)
            .map_err(|e| Error::Data {
                file: f.display().to_string(),
                line: 0,
                message: e.to_string(),
            })?;
        let headers = rdr
            .headers()
            .map_err(|e| Error::Data {
                file: f.display().to_string(),
                line: 1,
                message: e.to_string(),
            })?
            .clone();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let (Some(ci_rel), Some(ci_s), Some(ci_o)) =
            (col("relation"), col("subject"), col("object"))
        else {
            return Err(Error::Data {
                file: f.display().to_string(),
                line: 1,
                message: "header must have relation, subject and object columns".into(),
            });
        };
        let (ci_line, ci_date, ci_place) = (col("line"), col("date"), col("place"));
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| Error::Data {
                file: f.display().to_string(),
                line: i + 2,
                message: e.to_string(),
            })?;
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
            let rel = get(Some(ci_rel)).trim().to_string();
            if let Some(fam) = family(&rel) {
                gold.push(GoldRow {
                    article: art.clone(),
                    family: fam.to_string(),
                    relation: rel,
                    line: get(ci_line),
                    subject: get(Some(ci_s)),
                    object: get(Some(ci_o)),
                    date: get(ci_date),
                    place: get(ci_place),
                });
            }
        }
    }
    Ok((gold, if star { None } else { Some(named) }))
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Prf {
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            0.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            p,
            r,
            f1,
            tp,
            fp,
            fn_,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Per family, and "all".
    pub families: BTreeMap<String, Prf>,
    /// Per article (named gold files only), per family and "all".
    pub articles: BTreeMap<String, BTreeMap<String, Prf>>,
    pub false_negatives: Vec<GoldRow>,
    pub false_positives: Vec<PredRow>,
    /// Matched pairs: (gold, prediction).
    pub matches: Vec<(GoldRow, PredRow)>,
}

/// Scores predicted relation rows against gold rows.
pub fn score(rows: &[RelRow], gold: &[GoldRow], articles: Option<&BTreeSet<String>>) -> Report {
    let mut preds: Vec<PredRow> = Vec::new();
    let mut seen: HashSet<(String, String, String, String)> = HashSet::new();
    for r in rows {
        let Some(fam) = family(r.relation.trim()) else {
            continue;
        };
        if let Some(a) = articles {
            if !a.is_empty() && !a.contains(&r.article) {
                continue;
            }
        }
        let key = (
            r.article.clone(),
            fam.to_string(),
            norm(&r.subject_label),
            norm(&r.object_label),
        );
        if !seen.insert(key) {
            continue;
        }
        preds.push(PredRow {
            article: r.article.clone(),
            family: fam.to_string(),
            relation: r.relation.clone(),
            line: r.line,
            subject: r.subject_label.clone(),
            object: r.object_label.clone(),
        });
    }
    let mut used = vec![false; preds.len()];
    let mut counts: BTreeMap<(String, String), (usize, usize, usize)> = BTreeMap::new();
    let mut fns = Vec::new();
    let mut matches = Vec::new();
    for g in gold {
        let hit = preds.iter().enumerate().position(|(i, p)| {
            !used[i]
                && (g.article == "*" || p.article == g.article)
                && p.family == g.family
                && alt_match(&p.subject, &g.subject, false)
                && alt_match(&p.object, &g.object, g.family == "speech")
        });
        let art = if g.article == "*" {
            "*".to_string()
        } else {
            g.article.clone()
        };
        match hit {
            Some(i) => {
                used[i] = true;
                counts.entry((art, g.family.clone())).or_default().0 += 1;
                matches.push((g.clone(), preds[i].clone()));
            }
            None => {
                counts.entry((art, g.family.clone())).or_default().2 += 1;
                fns.push(g.clone());
            }
        }
    }
    let star = gold.iter().any(|g| g.article == "*");
    let mut fps = Vec::new();
    for (i, p) in preds.iter().enumerate() {
        if !used[i] {
            let art = if star {
                "*".to_string()
            } else {
                p.article.clone()
            };
            counts.entry((art, p.family.clone())).or_default().1 += 1;
            fps.push(p.clone());
        }
    }
    let mut fam_tot: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut art_tot: BTreeMap<String, BTreeMap<String, (usize, usize, usize)>> = BTreeMap::new();
    for ((art, fam), (tp, fp, fn_)) in &counts {
        for key in [fam.as_str(), "all"] {
            let e = fam_tot.entry(key.to_string()).or_default();
            e.0 += tp;
            e.1 += fp;
            e.2 += fn_;
            let a = art_tot
                .entry(art.clone())
                .or_default()
                .entry(key.to_string())
                .or_default();
            a.0 += tp;
            a.1 += fp;
            a.2 += fn_;
        }
    }
    let mut families: BTreeMap<String, Prf> = FAMILIES
        .iter()
        .map(|f| {
            let (tp, fp, fn_) = fam_tot.get(*f).copied().unwrap_or_default();
            (f.to_string(), Prf::new(tp, fp, fn_))
        })
        .collect();
    let (tp, fp, fn_) = fam_tot.get("all").copied().unwrap_or_default();
    families.insert("all".into(), Prf::new(tp, fp, fn_));
    let articles = art_tot
        .into_iter()
        .map(|(a, m)| {
            (
                a,
                m.into_iter()
                    .map(|(f, (tp, fp, fn_))| (f, Prf::new(tp, fp, fn_)))
                    .collect(),
            )
        })
        .collect();
    Report {
        families,
        articles,
        false_negatives: fns,
        false_positives: fps,
        matches,
    }
}

/// The reference scorer's table: one line per family, then "all".
pub fn format_families(r: &Report) -> String {
    let mut s = String::new();
    let mut keys: Vec<&String> = r.families.keys().filter(|k| *k != "all").collect();
    keys.sort();
    keys.push(r.families.keys().find(|k| *k == "all").unwrap_or(keys[0]));
    for k in keys {
        let v = r.families[k];
        s.push_str(&format!(
            "{:11} P={:.3} R={:.3} F1={:.3} (tp={} fp={} fn={})\n",
            k, v.p, v.r, v.f1, v.tp, v.fp, v.fn_
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_match_tolerates_case_suffixes() {
        assert!(stem_match("Вольф Клинцтің", "Вольф Клинц"));
        assert!(stem_match("Еуропарламенттің", "Еуропарламент"));
        assert!(!stem_match(
            "Қазақстандағы адам құқықтары мәселесі туралы резолюция",
            "резолюция"
        ));
        assert!(stem_match("жаңа регламенті", "жаңа регламент"));
    }

    #[test]
    fn token_f1_ignores_punctuation_and_case() {
        assert!((tok_f1("«Бір, екі.»", "бір екі") - 1.0).abs() < 1e-9);
        assert_eq!(tok_f1("", "a"), 0.0);
    }
}
