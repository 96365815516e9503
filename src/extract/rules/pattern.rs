//! The pattern language of the rules (described in `data/kk/rules/README.md`): elements over
//! the units of a sentence, parsed once when the rules load.

use crate::extract::{EntityType, Mention, MentionKind};
use crate::lexicon::Lexicon;
use crate::text::morph::Case;
use crate::text::Lower;

/// What a pattern element captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cap {
    Subj,
    Claim,
    Obj,
    Verb,
    Addr,
}

pub(super) const N_CAPS: usize = 5;

impl Cap {
    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// A type an actor filter names: an entity type, a kind of mention, or any agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ActorTag {
    Type(EntityType),
    Pronoun,
    Role,
    /// Anything that can act: every type but a place, and mentions not yet typed.
    Agent,
}

impl ActorTag {
    fn parse(s: &str) -> Option<ActorTag> {
        Some(match s {
            "pronoun" => ActorTag::Pronoun,
            "role" => ActorTag::Role,
            "agent" => ActorTag::Agent,
            _ => ActorTag::Type(EntityType::parse(s)?),
        })
    }

    pub(super) fn holds_for(self, m: &Mention) -> bool {
        match self {
            ActorTag::Type(t) => m.etype == Some(t),
            ActorTag::Pronoun => matches!(m.kind, MentionKind::Pronoun { .. }),
            ActorTag::Role => matches!(m.kind, MentionKind::Role { .. }),
            ActorTag::Agent => m.etype.is_none_or(EntityType::is_agent),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct ActorFilter {
    pub(super) cases: Vec<Case>,
    pub(super) types: Vec<ActorTag>,
    pub(super) not_types: Vec<ActorTag>,
}

impl ActorFilter {
    pub(super) fn accepts(&self, m: &Mention) -> bool {
        let nominative_only = self.cases == [Case::Nom];
        (self.cases.is_empty() || self.cases.contains(&m.case))
            && !(nominative_only && m.embedded)
            && (self.types.is_empty() || self.types.iter().any(|t| t.holds_for(m)))
            && !self.not_types.iter().any(|t| t.holds_for(m))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Elem {
    Start,
    End,
    /// Lazy skip.
    Any,
    /// Greedy skip.
    AnyGreedy,
    /// Lazy skip over units that are not a nominative actor, a verb or a quote.
    Plain,
    Quote,
    Actor(ActorFilter),
    /// Verb classes (`verbs.tsv`).
    Verb(Vec<String>),
    /// A word, with the bit of a verb form (`forms.tsv`) it must have.
    Word(Option<usize>),
    /// One of these words (`"туралы|жөнінде"`), any letter case.
    Lit(Vec<String>),
    Punct(Vec<char>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct PElem {
    pub(super) elem: Elem,
    pub(super) cap: Option<Cap>,
    pub(super) optional: bool,
}

/// A pattern error: the index of the element (whitespace-separated) and what is wrong.
pub(super) type PatternError = (usize, String);

pub(super) fn parse_case(s: &str) -> Option<Case> {
    Some(match s {
        "nom" => Case::Nom,
        "gen" => Case::Gen,
        "dat" => Case::Dat,
        "acc" => Case::Acc,
        "loc" => Case::Loc,
        "abl" => Case::Abl,
        "ins" => Case::Ins,
        _ => return None,
    })
}

/// Parses a pattern; verb classes and word forms are checked against the lexicon.
pub(super) fn parse_pattern(src: &str, lex: &Lexicon) -> Result<Vec<PElem>, PatternError> {
    let mut out = Vec::new();
    for (index, raw) in src.split_whitespace().enumerate() {
        let bad = |m: String| (index, m);
        let mut tok = raw;
        let mut cap = None;
        if let Some((name, rest)) = tok.split_once(':') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()) {
                cap = Some(match name {
                    "subj" => Cap::Subj,
                    "claim" => Cap::Claim,
                    "obj" => Cap::Obj,
                    "verb" => Cap::Verb,
                    "addr" => Cap::Addr,
                    other => return Err(bad(format!("unknown capture {other:?} in {raw:?}"))),
                });
                tok = rest;
            }
        }
        let mut optional = false;
        if tok.len() > 1 && tok.ends_with('?') {
            optional = true;
            tok = &tok[..tok.len() - 1];
        }
        let elem = match tok {
            "^" => Elem::Start,
            "$" => Elem::End,
            "..." => Elem::Any,
            "~~~" => Elem::AnyGreedy,
            "_*" => Elem::Plain,
            "Q" => Elem::Quote,
            "W" => Elem::Word(None),
            "," => Elem::Punct(vec![',']),
            ":" => Elem::Punct(vec![':']),
            "–" | "-" => Elem::Punct(vec!['–', '-']),
            t if t.starts_with('"') && t.ends_with('"') && t.len() > 2 => Elem::Lit(
                t[1..t.len() - 1]
                    .lower()
                    .split('|')
                    .map(str::to_string)
                    .collect(),
            ),
            t if t.starts_with("V(") && t.ends_with(')') => {
                let classes: Vec<String> =
                    t[2..t.len() - 1].split('|').map(str::to_string).collect();
                for c in &classes {
                    if !lex.verbs.iter().any(|v| &v.class == c) {
                        return Err(bad(format!(
                            "verb class {c:?} is not in the lexicon's verbs.tsv"
                        )));
                    }
                }
                Elem::Verb(classes)
            }
            t if t.starts_with("W{") && t.ends_with('}') => {
                let f = &t[2..t.len() - 1];
                let Some(bit) = lex.form_bit(f) else {
                    return Err(bad(format!(
                        "unknown word form {f:?} (forms.tsv has: {})",
                        lex.form_names.join(", ")
                    )));
                };
                Elem::Word(Some(bit))
            }
            "A" => Elem::Actor(ActorFilter::default()),
            t if t.starts_with("A{") && t.ends_with('}') => {
                let mut f = ActorFilter::default();
                for part in t[2..t.len() - 1].split(',').map(str::trim) {
                    let (neg, name) = match part.strip_prefix('!') {
                        Some(n) => (true, n),
                        None => (false, part),
                    };
                    if let Some(c) = parse_case(name) {
                        if neg {
                            return Err(bad(format!("a case cannot be negated: {part:?}")));
                        }
                        f.cases.push(c);
                    } else if let Some(tag) = ActorTag::parse(name) {
                        if neg {
                            f.not_types.push(tag);
                        } else {
                            f.types.push(tag);
                        }
                    } else {
                        return Err(bad(format!("unknown actor filter {part:?}")));
                    }
                }
                Elem::Actor(f)
            }
            other => return Err(bad(format!("unknown pattern element {other:?}"))),
        };
        out.push(PElem {
            elem,
            cap,
            optional,
        });
    }
    if out.is_empty() {
        return Err((0, "empty pattern".into()));
    }
    Ok(out)
}

/// The pattern with its optional subject and addressee required, then dropped one by one.
pub(super) fn variants(pattern: &[PElem]) -> Vec<Vec<PElem>> {
    let opt: Vec<usize> = pattern
        .iter()
        .enumerate()
        .filter(|(_, p)| p.optional && matches!(p.cap, Some(Cap::Subj | Cap::Addr)))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    // Bit set = element dropped; fewer drops first.
    let mut masks: Vec<u32> = (0..(1u32 << opt.len())).collect();
    masks.sort_by_key(|m| m.count_ones());
    for m in masks {
        let v: Vec<PElem> = pattern
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match opt.iter().position(|&o| o == i) {
                Some(k) if m & (1 << k) != 0 => None,
                Some(_) => Some(PElem {
                    optional: false,
                    ..p.clone()
                }),
                None => Some(p.clone()),
            })
            .collect();
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_bad_ones_are_refused() {
        let lex = crate::lang::kk::lexicon();
        let p = parse_pattern("claim:Q ,? –? verb:V(say) subj:A{!outlet,nom}", lex).unwrap();
        assert_eq!(p.len(), 5);
        let v = variants(&parse_pattern("^ subj:A? ... V(say)", lex).unwrap());
        assert_eq!(v.len(), 2);
        assert!(!v[0][1].optional && v[1].len() == 3);
        assert!(p[1].optional);
        assert_eq!(p[0].cap, Some(Cap::Claim));
        assert_eq!(parse_pattern("Q A{nominative}", lex).unwrap_err().0, 1);
        assert_eq!(parse_pattern("W{future}", lex).unwrap_err().0, 0);
        assert!(parse_pattern("zz:Q", lex).is_err());
        assert!(parse_pattern("V(sing)", lex)
            .unwrap_err()
            .1
            .contains("sing"));
    }
}
