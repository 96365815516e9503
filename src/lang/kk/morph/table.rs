//! Reading the suffix table (`data/kk/lexicon/suffixes.tsv`); errors name the line.

use super::*;

impl Morph {
    /// Parses a table (see the header of `data/kk/lexicon/suffixes.tsv` for the format).
    /// Errors name the line and the problem.
    pub fn from_tsv(text: &str) -> Result<Morph, String> {
        let rows: Vec<(usize, Vec<&str>)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| {
                let line = line.trim_end_matches('\r');
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') {
                    None
                } else {
                    Some((i + 1, line.split('\t').map(str::trim).collect()))
                }
            })
            .collect();

        let mut morph = Morph {
            letter_bits: vec![0; 256],
            vowel_bits: 0,
            back_bits: 0,
            front_bits: 0,
            fronting_bits: 0,
            suffixes: Vec::new(),
            by_last: vec![Vec::new(); 256],
            voicing: Vec::new(),
            syncope: Vec::new(),
            elisions: Vec::new(),
            neutral: Vec::new(),
            finals: Vec::new(),
            lexemes: WordSet::default(),
            endings: Vec::new(),
            invariants: WordSet::default(),
            params: Params::default(),
        };

        // Classes first, so that conditions may name classes defined further down.
        let mut class_names: Vec<String> = Vec::new();
        for (line, cols) in &rows {
            if cols[0] != "class" {
                continue;
            }
            let name = col(cols, 1, *line, "class name")?;
            let letters = col(cols, 2, *line, "class letters")?;
            if class_names.iter().any(|n| n == name) {
                return Err(format!("line {line}: class `{name}` defined twice"));
            }
            if class_names.len() >= 32 {
                return Err(format!("line {line}: more than 32 letter classes"));
            }
            let bit = 1u32 << class_names.len();
            class_names.push(name.to_string());
            for c in letters.chars() {
                let Some(i) = cyr_index(lower(c)) else {
                    return Err(format!(
                        "line {line}: class `{name}` has `{c}`, which is not a Cyrillic letter"
                    ));
                };
                morph.letter_bits[i] |= bit;
            }
            match name {
                "vowel" => morph.vowel_bits = bit,
                "back" => morph.back_bits = bit,
                "front" => morph.front_bits = bit,
                "fronting" => morph.fronting_bits = bit,
                _ => {}
            }
        }
        for required in ["vowel", "back", "front"] {
            if !class_names.iter().any(|n| n == required) {
                return Err(format!("the table defines no `{required}` class"));
            }
        }

        for (line, cols) in &rows {
            let line = *line;
            match cols[0] {
                "class" => {}
                "plural" | "poss" | "case" | "attr" | "epenthesis" => {
                    let suffix = parse_suffix(cols, line, &class_names)?;
                    let last = suffix.form.last().copied().and_then(cyr_index);
                    let Some(last) = last else {
                        return Err(format!("line {line}: suffix must end in a Cyrillic letter"));
                    };
                    let index = u16::try_from(morph.suffixes.len())
                        .map_err(|_| format!("line {line}: too many suffixes"))?;
                    morph.by_last[last].push(index);
                    morph.suffixes.push(suffix);
                }
                "voicing" => {
                    let to = single_letter(col(cols, 1, line, "dictionary letter")?, line)?;
                    let from = single_letter(col(cols, 2, line, "letter in the word")?, line)?;
                    let series = parse_series(col(cols, 3, line, "harmony")?, line)?;
                    morph.voicing.push((from, to, series));
                }
                "syncope" => {
                    let cluster: Vec<char> =
                        col(cols, 2, line, "cluster")?.chars().map(lower).collect();
                    let [a, b] = cluster[..] else {
                        return Err(format!("line {line}: a syncope cluster has two letters"));
                    };
                    morph.syncope.push([a, b]);
                }
                "elision" => morph.elisions.push(parse_elision(cols, line)?),
                "neutral" => morph
                    .neutral
                    .push(lower_chars(col(cols, 2, line, "ending")?)),
                "lexeme" => {
                    morph
                        .lexemes
                        .insert(lower_chars(col(cols, 2, line, "word")?));
                }
                "ending" => morph.endings.push(parse_ending(cols, line)?),
                "final" => morph.finals.push(parse_final(cols, line)?),
                "invariant" => {
                    morph
                        .invariants
                        .insert(lower_chars(col(cols, 2, line, "word")?));
                }
                "param" => {
                    let name = col(cols, 1, line, "parameter name")?;
                    let value = col(cols, 2, line, "parameter value")?;
                    morph.set_param(name, value, line)?;
                }
                other => return Err(format!("line {line}: unknown row kind `{other}`")),
            }
        }
        if morph.suffixes.is_empty() {
            return Err("the table defines no suffixes".to_string());
        }
        Ok(morph)
    }

    fn set_param(&mut self, name: &str, value: &str, line: usize) -> Result<(), String> {
        let bad = || format!("line {line}: parameter `{name}` has a bad value `{value}`");
        let p = &mut self.params;
        match name {
            "min_stem" => p.min_stem = value.parse().map_err(|_| bad())?,
            "min_open_stem" => p.min_open_stem = value.parse().map_err(|_| bad())?,
            "double_final_cost" => p.double_final_cost = parse_f32(value).ok_or_else(bad)?,
            "lexeme_cost" => p.lexeme_cost = parse_f32(value).ok_or_else(bad)?,
            _ => return Err(format!("line {line}: unknown parameter `{name}`")),
        }
        Ok(())
    }
}

fn col<'a>(cols: &[&'a str], i: usize, line: usize, what: &str) -> Result<&'a str, String> {
    match cols.get(i) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(format!("line {line}: missing {what} (column {})", i + 1)),
    }
}

fn single_letter(s: &str, line: usize) -> Result<char, String> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(lower(c)),
        _ => Err(format!(
            "line {line}: expected a single letter, found `{s}`"
        )),
    }
}

pub(super) fn lower_chars(s: &str) -> Vec<char> {
    s.chars().map(lower).collect()
}

fn parse_f32(s: &str) -> Option<f32> {
    s.parse::<f32>().ok().filter(|v| v.is_finite())
}

fn parse_series(s: &str, line: usize) -> Result<u8, String> {
    match s {
        "back" => Ok(BACK),
        "front" => Ok(FRONT),
        "any" => Ok(BOTH),
        _ => Err(format!(
            "line {line}: harmony must be back, front or any, found `{s}`"
        )),
    }
}

fn parse_ending(cols: &[&str], line: usize) -> Result<Ending, String> {
    let min = col(cols, 1, line, "letters before the ending")?;
    let min_before = min.parse().map_err(|_| {
        format!("line {line}: the value of an ending row is a letter count, found `{min}`")
    })?;
    let letters = lower_chars(col(cols, 2, line, "ending")?);
    let not_after = match cols.get(4).copied().unwrap_or("") {
        "" | "-" | "*" => Vec::new(),
        v => match v.strip_prefix('!') {
            Some(l) if !l.is_empty() => lower_chars(l),
            _ => {
                return Err(format!(
                    "line {line}: the after column of an ending row is !LETTERS, found `{v}`"
                ))
            }
        },
    };
    Ok(Ending {
        letters,
        min_before,
        not_after,
    })
}

/// The morpheme kinds (bits) that a `final` or `elision` row's after column lists.
fn parse_before(cols: &[&str], line: usize, row: &str) -> Result<u32, String> {
    let mut before = 0;
    for term in col(cols, 4, line, "after")?.split(',').map(str::trim) {
        if term == "*" {
            before = u32::MAX;
            continue;
        }
        let kind = term
            .strip_prefix('@')
            .and_then(Kind::from_name)
            .ok_or_else(|| format!("line {line}: a {row} row's after column lists @MORPH terms or *, found `{term}`"))?;
        before |= kind.bit();
    }
    Ok(before)
}

fn parse_elision(cols: &[&str], line: usize) -> Result<Elision, String> {
    let letter = single_letter(col(cols, 1, line, "dropped letter")?, line)?;
    let ending = lower_chars(col(cols, 2, line, "stem ending")?);
    if ending.is_empty() {
        return Err(format!(
            "line {line}: an elision row needs the stem ending it follows"
        ));
    }
    let before = parse_before(cols, line, "elision")?;
    Ok(Elision {
        ending,
        letter,
        before,
    })
}

fn parse_final(cols: &[&str], line: usize) -> Result<Final, String> {
    let ending = lower_chars(col(cols, 2, line, "stem ending")?);
    let before = parse_before(cols, line, "final")?;
    let cost = col(cols, 5, line, "cost")?;
    let cost = parse_f32(cost).ok_or_else(|| format!("line {line}: bad cost `{cost}`"))?;
    Ok(Final {
        ending,
        before,
        cost,
    })
}

fn parse_suffix(cols: &[&str], line: usize, class_names: &[String]) -> Result<Suffix, String> {
    let kind_col = cols[0];
    let value = col(cols, 1, line, "value")?;
    let kind = match kind_col {
        "plural" => Kind::Plural,
        "attr" => Kind::Attr,
        "epenthesis" => Kind::Epenthesis,
        "poss" => match value {
            "1sg" => Kind::Poss1sg,
            "2sg" => Kind::Poss2sg,
            "3" => Kind::Poss3,
            "1pl" => Kind::Poss1pl,
            "2pl" => Kind::Poss2pl,
            _ => {
                return Err(format!(
                    "line {line}: possessive value must be 1sg, 2sg, 3, 1pl or 2pl, found `{value}`"
                ))
            }
        },
        _ => match Kind::from_name(value).filter(|k| k.case().is_some()) {
            Some(k) => k,
            None => {
                return Err(format!(
                    "line {line}: case must be gen, dat, acc, loc, abl or ins, found `{value}`"
                ))
            }
        },
    };
    let form = lower_chars(col(cols, 2, line, "suffix form")?);
    let series = parse_series(col(cols, 3, line, "harmony")?, line)?;
    let after = col(cols, 4, line, "after condition")?;
    let cost = match cols.get(5).copied().unwrap_or("") {
        "" | "-" => 0.0,
        v => parse_f32(v).ok_or_else(|| format!("line {line}: bad cost `{v}`"))?,
    };
    let mut suffix = Suffix {
        kind,
        form,
        series,
        classes: 0,
        ends: Vec::new(),
        need: 0,
        forbid: 0,
        cost,
    };
    for term in after.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if term == "*" || term == "-" {
            continue;
        }
        if let Some(m) = term.strip_prefix('@') {
            let k = Kind::from_name(m)
                .ok_or_else(|| format!("line {line}: unknown morpheme `{m}` in `{term}`"))?;
            suffix.need |= k.bit();
        } else if let Some(m) = term.strip_prefix('!') {
            let k = Kind::from_name(m)
                .ok_or_else(|| format!("line {line}: unknown morpheme `{m}` in `{term}`"))?;
            suffix.forbid |= k.bit();
        } else if let Some(e) = term.strip_prefix("end=") {
            if e.is_empty() {
                return Err(format!("line {line}: empty ending in `{term}`"));
            }
            suffix.ends.push(lower_chars(e));
        } else {
            let i = class_names
                .iter()
                .position(|n| n == term)
                .ok_or_else(|| format!("line {line}: unknown class `{term}` in after column"))?;
            suffix.classes |= 1 << i;
        }
    }
    Ok(suffix)
}
