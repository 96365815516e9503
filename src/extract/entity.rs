//! Actor mentions: names from the gazetteer, persons (given name + surname, initials +
//! surname, a surname seen before, titles in front), organizations (a head noun such as
//! "министрлігі" with the words of its name in front), groups ("облыс тұрғындары"), places,
//! roles without a name ("әкім", "Мәжіліс Төрағасы") resolved to the person who holds them, and
//! pronouns (resolved later, by the rules, which know who spoke last).

use std::collections::HashMap;

use super::{Doc, Entity, EntityType, Extractor, Layer, Mention, MentionKind};
use crate::lexicon::Lexicon;
use crate::text::morph::{Case, Morph};
use crate::text::TokKind;

/// The article's actors, deduplicated by type and label.
#[derive(Debug, Default)]
pub struct EntityTable {
    ents: Vec<Entity>,
    by_key: HashMap<(EntityType, String), usize>,
    /// Lowercase last word of persons with a full name -> the latest such person.
    surnames: HashMap<String, usize>,
}

impl EntityTable {
    pub fn intern(&mut self, label: &str, etype: EntityType, wikidata: Option<&str>) -> usize {
        let key = (etype, label.to_lowercase());
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.ents.len();
        if etype == EntityType::Person && label.split_whitespace().count() >= 2 {
            if let Some(last) = label.split_whitespace().last() {
                self.surnames.insert(last.to_lowercase(), i);
            }
        }
        self.ents.push(Entity {
            label: label.to_string(),
            etype,
            wikidata: wikidata.map(str::to_string),
            aliases: Default::default(),
            roles: Default::default(),
            mentions: 0,
        });
        self.by_key.insert(key, i);
        i
    }
    pub fn get(&self, i: usize) -> &Entity {
        &self.ents[i]
    }
    pub fn get_mut(&mut self, i: usize) -> &mut Entity {
        &mut self.ents[i]
    }
    pub fn len(&self) -> usize {
        self.ents.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ents.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Entity)> {
        self.ents.iter().enumerate()
    }
    pub fn into_entities(self) -> Vec<Entity> {
        self.ents
    }
    /// Replaces the entity list (after merging); keys are rebuilt.
    pub fn replace(&mut self, ents: Vec<Entity>) {
        self.by_key = ents
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.etype, e.label.to_lowercase()), i))
            .collect();
        self.surnames = ents
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.etype == EntityType::Person && e.label.split_whitespace().count() >= 2
            })
            .filter_map(|(i, e)| {
                e.label
                    .split_whitespace()
                    .last()
                    .map(|l| (l.to_lowercase(), i))
            })
            .collect();
        self.ents = ents;
    }

    /// The person whose full name ends with this (lowercase) surname, if one is known.
    pub fn by_surname(&self, surname_lower: &str) -> Option<usize> {
        self.surnames.get(surname_lower).copied()
    }
}

/// Candidate dictionary forms of a noun, most literal first: the word, each analysis's
/// case-stripped form and bare stem, those forms without a third-person possessive and a
/// plural ending, and each with the consonant change before a possessive undone
/// ("министрлігі" -> "министрлік", "тұрғындарына" -> "тұрғын").
pub fn noun_bases(morph: &Morph, word: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![word.to_lowercase()];
    let push = |s: String, out: &mut Vec<String>| {
        if !s.is_empty() && !out.contains(&s) {
            if let Some(alt) = undo_voicing(&s) {
                out.push(s);
                if !out.contains(&alt) {
                    out.push(alt);
                }
            } else {
                out.push(s);
            }
        }
    };
    for a in morph.analyze(word) {
        let nom = a.nominative.to_lowercase();
        push(a.stem.to_lowercase(), &mut out);
        let mut cur = nom.clone();
        push(nom, &mut out);
        for poss in ["сы", "сі", "ы", "і"] {
            if let Some(b) = cur.strip_suffix(poss) {
                if b.chars().count() >= 3 {
                    cur = b.to_string();
                    push(cur.clone(), &mut out);
                    break;
                }
            }
        }
        for pl in ["лар", "лер", "дар", "дер", "тар", "тер"] {
            if let Some(b) = cur.strip_suffix(pl) {
                if b.chars().count() >= 3 {
                    push(b.to_string(), &mut out);
                    break;
                }
            }
        }
    }
    out
}

/// Kazakh voices a final к/қ/п before a vowel suffix: "одақ" + ы = "одағы". Undo it on a stem.
fn undo_voicing(stem: &str) -> Option<String> {
    let last = stem.chars().last()?;
    let base = &stem[..stem.len() - last.len_utf8()];
    let orig = match last {
        'г' => 'к',
        'ғ' => 'қ',
        'б' => 'п',
        _ => return None,
    };
    Some(format!("{base}{orig}"))
}

const SURNAME_ENDINGS: &[&str] = &[
    "ов",
    "ев",
    "ёв",
    "ова",
    "ева",
    "ин",
    "ина",
    "ұлы",
    "улы",
    "қызы",
    "кызы",
    "енко",
    "ский",
    "цкий",
    "ская",
    "цкая",
    "ич",
    "ык",
    "бай",
    "баев",
    "баева",
];
const PATRONYMIC_ENDINGS: &[&str] = &["ұлы", "улы", "қызы", "кызы", "ович", "евич", "овна", "евна"];
const QUANTIFIERS: &[&str] = &[
    "бірқатар",
    "кейбір",
    "бірнеше",
    "көптеген",
    "барлық",
    "барша",
    "көп",
    "жиырмаға",
    "жүздеген",
];
const GROUP_TAILS: &[&str] = &["көбі", "бәрі", "барлығы", "көпшілігі"];
/// After a name, these make it the name of a place or institution ("Сырым Датов алаңы").
const NAMED_AFTER: &[&str] = &[
    "алаң",
    "көше",
    "даңғыл",
    "атындағы",
    "мектеп",
    "университет",
    "ескерткіш",
    "саябақ",
    "су",
    "ауыл",
    "кеңтар",
    "шағын",
    "стадион",
    "театр",
    "мешіт",
    "гимназия",
    "институт",
    "колледж",
    "қор",
];
/// After these, `ол` does not refer to an actor ("ол үшін" = "for that").
const NOT_AFTER_PRONOUN: &[&str] = &[
    "үшін",
    "туралы",
    "бойынша",
    "арқылы",
    "сияқты",
    "кезде",
    "себепті",
    "жағдайда",
    "сайын",
    "жерде",
];

#[derive(Debug, Clone)]
enum CandKind {
    Gaz(usize),
    Person { surname_only: bool },
    Org,
    Group,
    Place,
    Role { class: Option<String>, head: String },
    OrgRole { head: String },
    Pronoun { plural: bool },
}

#[derive(Debug, Clone)]
struct Cand {
    t0: usize,
    t1: usize,
    kind: CandKind,
    label: String,
    /// A role phrase before a person's name, with its class.
    role: Option<(Option<String>, String)>,
    /// Overrides the case taken from the last token.
    case: Option<Case>,
}

impl Cand {
    fn prio(&self) -> u8 {
        match self.kind {
            CandKind::Person { .. } => 0,
            CandKind::Gaz(_) => 1,
            CandKind::Org => 2,
            CandKind::Group => 3,
            CandKind::Place => 4,
            CandKind::Role { .. } => 5,
            CandKind::OrgRole { .. } => 6,
            CandKind::Pronoun { .. } => 7,
        }
    }
}

/// Token view for one sentence.
struct Ctx<'d, 'a> {
    doc: &'d Doc<'a>,
    lex: &'a Lexicon,
    t0: usize,
    t1: usize,
}

impl Ctx<'_, '_> {
    fn word(&self, t: usize) -> bool {
        t >= self.t0
            && t < self.t1
            && self.doc.toks[t].kind != TokKind::Punct
            && self.doc.in_quote[t].is_none()
    }
    fn text(&self, t: usize) -> &str {
        self.doc.tok_text(t)
    }
    fn lower(&self, t: usize) -> &str {
        &self.doc.words[t].lower
    }
    /// Lowercase case-stripped form (see `nominative`).
    fn nominative_lower(&self, t: usize) -> String {
        let w = self.text(t);
        if let Some((head, tail)) = w.rsplit_once('-') {
            if head.chars().all(|c| c.is_uppercase() || c.is_numeric()) && !tail.is_empty() {
                return head.to_lowercase();
            }
        }
        self.doc.words[t].nominative_lower.clone()
    }
    fn cap(&self, t: usize) -> bool {
        self.word(t) && self.text(t).chars().next().is_some_and(char::is_uppercase)
    }
    fn punct(&self, t: usize) -> Option<char> {
        if t >= self.t0 && t < self.t1 && self.doc.toks[t].kind == TokKind::Punct {
            self.text(t).chars().next()
        } else {
            None
        }
    }
    fn nominative(&self, t: usize) -> String {
        let w = self.text(t);
        // "ЕҚЫҰ-ның": a hyphen before a case ending of an acronym or number.
        if let Some((head, tail)) = w.rsplit_once('-') {
            if head.chars().all(|c| c.is_uppercase() || c.is_numeric()) && !tail.is_empty() {
                return head.to_string();
            }
        }
        self.doc.words[t].nominative.clone()
    }
    fn case(&self, t: usize) -> Case {
        self.doc.case_of(t)
    }
    fn is_genitive(&self, t: usize) -> bool {
        self.word(t) && self.case(t) == Case::Gen
    }
    fn is_plural_or_poss(&self, t: usize) -> bool {
        let a = &self.doc.words[t];
        a.plural || a.possessive
    }
}

/// Case of a bare suffix written after a hyphen (acronyms and numbers: "ЕҚЫҰ-ның", "30-ға").
pub fn suffix_case(tail: &str) -> Case {
    let t = tail.to_lowercase();
    let is = |xs: &[&str]| xs.contains(&t.as_str());
    if is(&["ның", "нің", "дың", "дің", "тың", "тің"]) {
        Case::Gen
    } else if is(&["ға", "ге", "қа", "ке", "на", "не"]) {
        Case::Dat
    } else if is(&["ны", "ні", "ды", "ді", "ты", "ті"]) {
        Case::Acc
    } else if is(&["да", "де", "та", "те", "нда", "нде"]) {
        Case::Loc
    } else if is(&["дан", "ден", "тан", "тен", "нан", "нен"]) {
        Case::Abl
    } else if is(&["мен", "бен", "пен"]) {
        Case::Ins
    } else {
        Case::Nom
    }
}

fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Stage 2: mentions and the entity table.
pub struct EntityRecognizer;

impl Extractor for EntityRecognizer {
    fn name(&self) -> &'static str {
        "entities"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        self.recognize(doc);
        resolve_roles_forward(doc);
    }
}

/// A role named before the person who holds it ("Сенат спикерінің атап өтуінше ..., – деді
/// Сенат төрағасы Мәулен Әшімбаев"): the next person with that role.
fn resolve_roles_forward(doc: &mut Doc<'_>) {
    for i in 0..doc.mentions.len() {
        let MentionKind::Role { class, head } = &doc.mentions[i].kind else {
            continue;
        };
        if doc.mentions[i].entity.is_some() || doc.mentions[i].etype != Some(EntityType::Person) {
            continue;
        }
        let (class, head) = (class.clone(), head.clone());
        let mut tested = std::collections::HashSet::new();
        let found = doc.mentions[i + 1..]
            .iter()
            .take(ROLE_REACH)
            .filter_map(|m| m.entity)
            .find(|&e| {
                tested.insert(e) && {
                    let e = doc.entities.get(e);
                    e.etype == EntityType::Person && role_matches(e, class.as_deref(), &head)
                }
            });
        if let Some(e) = found {
            doc.mentions[i].entity = Some(e);
            doc.entities.get_mut(e).mentions += 1;
            let si = doc.mentions[i].sentence;
            if doc.sent_subject[si].is_none() && doc.mentions[i].case == Case::Nom {
                doc.sent_subject[si] = Some(e);
            }
        }
    }
}

/// Whether a person holds a role of this class, or one whose title ends with the same head.
fn role_matches(e: &Entity, class: Option<&str>, head: &str) -> bool {
    e.roles.iter().any(|(rc, phrase)| {
        class.is_some_and(|c| c == rc)
            || phrase
                .split_whitespace()
                .last()
                .is_some_and(|w| w.to_lowercase().starts_with(head))
    })
}

impl EntityRecognizer {
    fn recognize(&self, doc: &mut Doc<'_>) {
        let n = doc.seg.sentences.len();
        doc.sent_mentions = Vec::with_capacity(n);
        doc.sent_subject = vec![None; n];
        for si in 0..n {
            let start = doc.mentions.len();
            if !doc.boiler[si] {
                let s = doc.seg.sentences[si];
                let cands = {
                    let ctx = Ctx {
                        doc,
                        lex: doc.lex,
                        t0: s.t0,
                        t1: s.t1,
                    };
                    candidates(&ctx)
                };
                let picked = pick(cands);
                for c in picked {
                    let m = make_mention(doc, si, c);
                    doc.mentions.push(m);
                }
            }
            doc.sent_mentions.push(start..doc.mentions.len());
            doc.sent_subject[si] = doc.mentions[start..]
                .iter()
                .find(|m| {
                    m.case == Case::Nom
                        && m.entity.is_some()
                        && m.etype
                            .is_some_and(|t| t.is_agent() && t != EntityType::Outlet)
                        && doc.in_quote[m.t0].is_none()
                })
                .and_then(|m| m.entity);
        }
    }
}

fn candidates(ctx: &Ctx<'_, '_>) -> Vec<Cand> {
    let mut out = Vec::new();
    gazetteer_cands(ctx, &mut out);
    let gaz: Vec<(usize, usize)> = out.iter().map(|c| (c.t0, c.t1)).collect();
    let gaz_not_person: Vec<(usize, usize)> = out
        .iter()
        .filter(|c| matches!(c.kind, CandKind::Gaz(gi) if ctx.lex.gazetteer[gi].etype != "person"))
        .map(|c| (c.t0, c.t1))
        .collect();
    let before_person = out.len();
    person_cands(ctx, &mut out);
    let persons: Vec<(usize, usize)> = out[before_person..].iter().map(|c| (c.t0, c.t1)).collect();
    let before_org = out.len();
    org_cands(ctx, &gaz, &persons, &mut out);
    let names: Vec<(usize, usize)> = gaz_not_person
        .iter()
        .copied()
        .chain(
            out[before_org..]
                .iter()
                .filter(|c| matches!(c.kind, CandKind::Org))
                .map(|c| (c.t0, c.t1)),
        )
        .collect();
    group_cands(ctx, &names, &persons, &mut out);
    place_cands(ctx, &mut out);
    role_cands(ctx, &mut out);
    pronoun_cands(ctx, &mut out);
    out
}

/// Longest first, then by priority; overlapping candidates lose.
fn pick(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (b.t1 - b.t0)
            .cmp(&(a.t1 - a.t0))
            .then(a.prio().cmp(&b.prio()))
            .then(a.t0.cmp(&b.t0))
    });
    // Picked ranges by start. They never overlap, so of those starting before `c` ends, the last
    // one reaches furthest: the only one to test (a long sentence has many candidates).
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut picked: Vec<Cand> = Vec::new();
    for c in cands {
        let free = taken
            .range(..c.t1)
            .next_back()
            .is_none_or(|(_, &end)| end <= c.t0);
        if free {
            if c.t0 < c.t1 {
                taken.insert(c.t0, c.t1);
            }
            picked.push(c);
        }
    }
    picked.sort_by_key(|c| c.t0);
    picked
}

fn gazetteer_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let lex = ctx.lex;
    // Short quotes that are names: «Хабар 24», «Адырна».
    // Quotes are ordered by their opening mark: only those opening inside the sentence.
    let quotes = &ctx.doc.seg.quotes;
    let first = quotes.partition_point(|q| q.open < ctx.t0);
    for q in quotes[first..].iter().take_while(|q| q.open < ctx.t1) {
        if q.depth != 0 || q.close >= ctx.t1 || q.close - q.open > 6 {
            continue;
        }
        let inner: Vec<&str> = (q.open + 1..q.close).map(|t| ctx.lower(t)).collect();
        if inner.is_empty() {
            continue;
        }
        if let Some(list) = lex.gaz_index.get(inner[0]) {
            if let Some((_, gi)) = list
                .iter()
                .find(|(w, _)| w.iter().map(String::as_str).eq(inner.iter().copied()))
            {
                out.push(Cand {
                    t0: q.open,
                    t1: q.close + 1,
                    kind: CandKind::Gaz(*gi),
                    label: lex.gazetteer[*gi].label.clone(),
                    role: None,
                    case: None,
                });
            }
        }
    }
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let first = ctx.lower(t);
        let mut found = None;
        if let Some(list) = lex.gaz_index.get(first) {
            for (words, gi) in list {
                let len = words.len();
                if t + len > ctx.t1 || !(t..t + len).all(|k| ctx.word(k)) {
                    continue;
                }
                let ok = (1..len).all(|k| {
                    let w = ctx.lower(t + k);
                    if w == words[k] {
                        return true;
                    }
                    k == len - 1 && ctx.nominative_lower(t + k) == words[k]
                });
                if ok && len >= 1 {
                    found = Some((len, *gi));
                    break;
                }
            }
        }
        if found.is_none() {
            // An inflected one-word name: "Еуропарламенттің", "ЕҚЫҰ-ның".
            let nom = ctx.nominative_lower(t);
            if nom != first {
                if let Some(list) = lex.gaz_index.get(&nom) {
                    if let Some((_, gi)) = list.iter().find(|(w, _)| w.len() == 1) {
                        found = Some((1, *gi));
                    }
                }
            }
        }
        if let Some((len, gi)) = found {
            let text = ctx.text(t);
            let capitalized = text
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || text.contains('.')
                || len >= 2;
            if capitalized {
                out.push(Cand {
                    t0: t,
                    t1: t + len,
                    kind: CandKind::Gaz(gi),
                    label: lex.gazetteer[gi].label.clone(),
                    role: None,
                    case: None,
                });
            }
        }
    }
}

fn is_initial(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    ctx.cap(t) && ctx.text(t).chars().count() == 1 && ctx.punct(t + 1) == Some('.')
}

/// Whether a lowercase nominative ends like a surname (-ов, -ева, -ұлы, -ский ...).
fn looks_like_surname(nl: &str) -> bool {
    SURNAME_ENDINGS.iter().any(|e| nl.ends_with(e)) && nl.chars().count() >= 5
}

/// A surname-like word that is not a known place or body ("Украина" ends like "Нұрғалина").
fn surname_like(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    let nl = ctx.nominative_lower(t);
    let lex = ctx.lex;
    let other = lex.gaz_index.get(&nl).is_some_and(|l| {
        l.iter()
            .any(|(w, gi)| w.len() == 1 && lex.gazetteer[*gi].etype != "person")
    });
    looks_like_surname(&nl) && !other
}

fn known_surname(ctx: &Ctx<'_, '_>, nom_lower: &str) -> bool {
    ctx.doc.entities.by_surname(nom_lower).is_some()
}

/// Whether the word after a name makes it a place's or institution's name: "атындағы", or a
/// place noun with a possessive ending ("Сырым Датов алаңында"; but "алаңға шықты" is not).
fn named_after(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    if !ctx.word(t) {
        return false;
    }
    if ctx.lower(t).starts_with("атындағы") {
        return true;
    }
    let a = &ctx.doc.words[t];
    a.possessive && NAMED_AFTER.iter().any(|n| a.stem_lower == *n)
}

/// A name's first word that is not in the given-name list: a capitalized word right before a
/// surname-like word, or right after a title ("министрі Ажар Ғиният").
fn unknown_given_name(ctx: &Ctx<'_, '_>, t: usize) -> bool {
    if !ctx.cap(t) || !ctx.cap(t + 1) || ctx.text(t).chars().count() < 3 {
        return false;
    }
    let common = |k: usize| {
        ctx.lex
            .dictionary
            .contains(&ctx.doc.words[k].stem_lower.clone())
            || ctx.lex.dictionary.contains(ctx.lower(k))
            || ctx.lex.gaz_index.contains_key(ctx.lower(k))
    };
    if common(t + 1) || ctx.case(t) != Case::Nom {
        return false;
    }
    // "Азамат Нұрланов": a surname after it makes even a common noun a given name.
    if surname_like(ctx, t + 1) {
        return true;
    }
    t > ctx.t0 && role_head(ctx, t - 1).is_some() && !common(t)
}

fn person_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let lex = ctx.lex;
    let mut t = ctx.t0;
    while t < ctx.t1 {
        if !ctx.cap(t) {
            t += 1;
            continue;
        }
        // Initials: "М. Әйтеновке", "М.Ж. Калелов".
        if is_initial(ctx, t) {
            let mut k = t;
            let mut initials = String::new();
            while is_initial(ctx, k) {
                initials.push_str(ctx.text(k));
                initials.push('.');
                k += 2;
            }
            if ctx.cap(k) && ctx.text(k).chars().count() >= 3 {
                let label = format!("{initials} {}", ctx.nominative(k));
                let (t0, role) = title_before(ctx, t);
                out.push(Cand {
                    t0,
                    t1: k + 1,
                    kind: CandKind::Person {
                        surname_only: false,
                    },
                    label,
                    role,
                    case: None,
                });
                t = k + 1;
                continue;
            }
        }
        let text = ctx.text(t);
        let given = lex.given_names.contains(text)
            && ctx.cap(t + 1)
            && ctx.text(t + 1).chars().count() >= 2;
        if given || unknown_given_name(ctx, t) {
            let mut k = t + 1;
            let mut label = format!("{text} {}", ctx.nominative(k));
            if ctx.cap(k + 1) {
                let nom = ctx.nominative(k + 1);
                if PATRONYMIC_ENDINGS
                    .iter()
                    .any(|e| nom.to_lowercase().ends_with(e))
                {
                    k += 1;
                    label.push(' ');
                    label.push_str(&nom);
                }
            }
            if named_after(ctx, k + 1) {
                t = k + 1;
                continue;
            }
            let (t0, role) = title_before(ctx, t);
            out.push(Cand {
                t0,
                t1: k + 1,
                kind: CandKind::Person {
                    surname_only: false,
                },
                label,
                role,
                case: None,
            });
            t = k + 1;
            continue;
        }
        // A surname alone: one seen before in this article, or one with a surname ending.
        let nom = ctx.nominative(t);
        let nl = nom.to_lowercase();
        let gaz_person = lex.gaz_index.get(&nl).and_then(|l| {
            l.iter()
                .find(|(w, gi)| w.len() == 1 && lex.gazetteer[*gi].etype == "person")
                .map(|(_, gi)| *gi)
        });
        if (known_surname(ctx, &nl) || surname_like(ctx, t) || gaz_person.is_some())
            && !named_after(ctx, t + 1)
        {
            let (t0, role) = title_before(ctx, t);
            out.push(Cand {
                t0,
                t1: t + 1,
                kind: CandKind::Person { surname_only: true },
                label: nom,
                role,
                case: None,
            });
        }
        t += 1;
    }
}

/// The role dictionary form of a word, if it is a role head ("әкімі" -> "әкім").
fn role_head(ctx: &Ctx<'_, '_>, t: usize) -> Option<String> {
    if !ctx.word(t) {
        return None;
    }
    ctx.doc.words[t].role_head.clone()
}

fn role_class(lex: &Lexicon, modifier: Option<&str>, head: &str) -> Option<String> {
    if let Some(m) = modifier {
        if let Some(c) = lex.roles.get(&format!("{m} {head}")) {
            return Some(c.clone());
        }
    }
    lex.roles.get(head).cloned()
}

/// A role phrase right before `t` ("Мәжіліс Төрағасы", "Петропавл қаласының әкімі"): the new
/// start token and (class, phrase).
fn title_before(ctx: &Ctx<'_, '_>, t: usize) -> (usize, Option<(Option<String>, String)>) {
    if t == 0 || t <= ctx.t0 {
        return (t, None);
    }
    let h = t - 1;
    let Some(head) = role_head(ctx, h) else {
        return (t, None);
    };
    if ctx.is_plural_or_poss(h) && ctx.doc.words[h].plural {
        return (t, None);
    }
    let mut start = h;
    let mut modifier: Option<String> = None;
    // Up to three words of the title before the head: capitalized words, genitives, known
    // organization words ("баспасөз", "сыртқы").
    for k in (h.saturating_sub(3)..h).rev() {
        if k < ctx.t0 || !ctx.word(k) {
            break;
        }
        let lower = ctx.lower(k);
        let phrase_known = k + 1 == h
            && ctx
                .lex
                .roles
                .contains_key(&format!("{} {head}", ctx.doc.words[k].stem_lower.clone()));
        // "Мәжіліс Төрағасы Президент X": the word before is a role of its own, not a modifier.
        if !phrase_known && role_head(ctx, k).is_some() && ctx.case(k) != Case::Gen {
            break;
        }
        // Another person's name ends here ("Асқар Сағындықов | Алматы қаласының әкімі Б. Нұрлыбеков").
        if surname_like(ctx, k) || ctx.lex.given_names.contains(ctx.text(k)) && ctx.cap(k + 1) {
            break;
        }
        let ok = ctx.cap(k)
            || ctx.is_genitive(k)
            || ctx.lex.org_modifiers.contains(lower)
            || (k + 1 == h
                && ctx
                    .lex
                    .roles
                    .contains_key(&format!("{} {head}", ctx.doc.words[k].stem_lower.clone())));
        if !ok || ctx.lex.pronouns.contains_key(lower) {
            break;
        }
        if modifier.is_none() {
            modifier = Some(ctx.doc.words[k].stem_lower.clone());
        }
        start = k;
    }
    let class = role_class(ctx.lex, modifier.as_deref(), &head);
    let phrase = ctx.doc.span_text(start, t).to_string();
    (start, Some((class, phrase)))
}

/// `gaz`: spans of gazetteer names. A name is not extended over a word that is itself a
/// separate name ("Астана | Еуропа одағы").
fn org_cands(
    ctx: &Ctx<'_, '_>,
    gaz: &[(usize, usize)],
    persons: &[(usize, usize)],
    out: &mut Vec<Cand>,
) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let suffix = ctx.lex.org_suffixes.contains(ctx.lower(t));
        let head = if suffix {
            None
        } else {
            ctx.doc.words[t].org_head.clone()
        };
        if head.is_none() && !suffix {
            continue;
        }
        // "орталығындағы": an attributive locative qualifies a noun; it does not name a body.
        if ["дағы", "дегі", "тағы", "тегі"]
            .iter()
            .any(|e| ctx.lower(t).ends_with(e))
        {
            continue;
        }
        // Legal form after a quoted name: «ГРК МЛД» ЖШС.
        if suffix {
            if t > ctx.t0 && ctx.punct(t - 1).is_some_and(|c| c == '»' || c == '"') {
                if let Some(q) = ctx
                    .doc
                    .seg
                    .quotes
                    .iter()
                    .find(|q| q.close == t - 1 && q.open >= ctx.t0)
                {
                    out.push(Cand {
                        t0: q.open,
                        t1: t + 1,
                        kind: CandKind::Org,
                        label: ctx.doc.span_text(q.open, t + 1).to_string(),
                        role: None,
                        case: None,
                    });
                }
            }
            continue;
        }
        if let Some(h) = &head {
            if ctx.lex.org_heads_not_bare.contains(h) && !ctx.doc.words[t].possessive {
                continue;
            }
        }
        let mut start = t;
        let mut gen_count = 0;
        let mut k = t;
        while k > ctx.t0 {
            let p = k - 1;
            if !ctx.word(p) {
                break;
            }
            let lower = ctx.lower(p);
            if ctx.lex.pronouns.contains_key(lower)
                || lower == "өз"
                || lower == "мен"
                || lower == "және"
            {
                break;
            }
            let separate_name =
                gaz.contains(&(start, t + 1)) && gaz.iter().any(|&(_, b)| b == p + 1);
            let in_person = persons.iter().any(|&(a, b)| a <= p && p < b);
            if separate_name || in_person {
                break;
            }
            let common_noun = ctx.doc.words[p].common;
            let ok = if ctx.cap(p) && !common_noun {
                matches!(ctx.case(p), Case::Nom | Case::Gen)
                    || ctx.text(p).chars().all(|c| c.is_uppercase())
            } else if ctx.lex.org_modifiers.contains(lower) {
                true
            } else if ctx.is_genitive(p) && gen_count < 2 {
                // Genitive place or body: "Марқакөл ауданының", "облыс әкімдігінің".
                let place_like = ctx.doc.words[p].place_type
                    || ctx.doc.words[p].org_head.is_some()
                    || (p > ctx.t0 && ctx.cap(p - 1));
                if place_like {
                    gen_count += 1;
                }
                place_like
            } else {
                false
            };
            if !ok {
                break;
            }
            start = p;
            k = p;
        }
        if start == t {
            // A bare head with no name words: "министрлік" refers back (a role), not a name.
            let nom = ctx.nominative(t);
            let a = &ctx.doc.words[t];
            let bare_or_named = !a.possessive || ctx.cap(t);
            if !a.plural && bare_or_named {
                out.push(Cand {
                    t0: t,
                    t1: t + 1,
                    kind: CandKind::OrgRole {
                        head: head.unwrap_or_default(),
                    },
                    label: nom,
                    role: None,
                    case: None,
                });
            }
            continue;
        }
        let mut label = String::new();
        if start < t {
            label.push_str(ctx.doc.span_text(start, t));
            label.push(' ');
        }
        label.push_str(&ctx.nominative(t));
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Org,
            label,
            role: None,
            case: None,
        });
    }
}

/// `names`: spans of gazetteer names and organizations, which a group may take as its
/// modifier ("Еуропарламент депутаттары", "Қазақстан билігі").
fn group_cands(
    ctx: &Ctx<'_, '_>,
    names: &[(usize, usize)],
    persons: &[(usize, usize)],
    out: &mut Vec<Cand>,
) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) || ctx.cap(t) && t > ctx.t0 {
            continue;
        }
        let Some(noun) = ctx.doc.words[t].group.clone() else {
            continue;
        };
        let a = ctx.doc.words[t].clone();
        let collective = matches!(noun.as_str(), "халық" | "жұртшылық" | "билік" | "жастар");
        let mut start = t;
        let mut has_quant = false;
        // Modifiers: a body or place before ("Еуропарламент депутаттары", "облыс тұрғындары").
        if t > ctx.t0 && ctx.word(t - 1) {
            let p = t - 1;
            let lower = ctx.lower(p);
            let place_type = ctx.doc.words[p].place_type;
            let name_before = names
                .iter()
                .filter(|&&(_, b)| b == t)
                .map(|&(a, _)| a)
                .min()
                .filter(|_| matches!(ctx.case(p), Case::Nom | Case::Gen));
            if QUANTIFIERS.contains(&lower) {
                start = p;
                has_quant = true;
            } else if let Some(a) = name_before {
                start = a;
            } else if a.possessive
                && !a.plural
                && ctx.case(p) == Case::Nom
                && !ctx.doc.words[p].possessive
                && !ctx.lex.pronouns.contains_key(lower)
                && (p == ctx.t0 || !ctx.cap(p))
                && !QUANTIFIERS.contains(&lower)
            {
                start = p;
            } else if place_type {
                start = p;
                // Coordinated names before a place noun: "Атырау, Қостанай және Батыс Қазақстан облыстарының".
                let mut k = p;
                while k > ctx.t0 {
                    let q = k - 1;
                    if persons.iter().any(|&(a, b)| a <= q && q < b) {
                        break;
                    }
                    if ctx.cap(q)
                        || ctx.punct(q) == Some(',')
                        || matches!(ctx.lower(q), "және" | "мен") && ctx.word(q)
                    {
                        k = q;
                        if ctx.cap(q) {
                            start = q;
                        }
                    } else {
                        break;
                    }
                }
            } else if ctx.doc.words[p].org_head.clone().is_some() {
                start = p;
            }
            if start < t && start > ctx.t0 && QUANTIFIERS.contains(&ctx.lower(start - 1)) {
                start -= 1;
                has_quant = true;
            }
        }
        // A role noun names a group only in the plural ("депутаттар"); "Мәжіліс депутаты" is a role.
        let is_role = ctx.doc.words[t].role_head.clone().is_some();
        let group_form = if is_role {
            a.plural || has_quant
        } else {
            a.plural || a.possessive || collective || has_quant
        };
        if !group_form {
            continue;
        }
        let mut end = t + 1;
        let mut case = None;
        if ctx.case(t) == Case::Gen && ctx.word(t + 1) && GROUP_TAILS.contains(&ctx.lower(t + 1)) {
            end = t + 2;
            case = Some(ctx.case(t + 1));
        }
        let mut label = String::new();
        if start < t {
            label.push_str(ctx.doc.span_text(start, t));
            label.push(' ');
        }
        if end == t + 2 {
            label.push_str(ctx.doc.span_text(t, end));
        } else {
            label.push_str(&ctx.nominative(t));
        }
        if start == t {
            label = label.to_lowercase();
        }
        out.push(Cand {
            t0: start,
            t1: end,
            kind: CandKind::Group,
            label,
            role: None,
            case,
        });
    }
}

fn place_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    // "Шығыс Қазақстан облысында" -> Шығыс Қазақстан облысы.
    for t in ctx.t0 + 1..ctx.t1 {
        if !ctx.word(t) || !ctx.cap(t - 1) {
            continue;
        }
        let w = &ctx.doc.words[t];
        // The place noun with its possessive ending: "Қазақстан облысы", not "... облыс".
        if !(w.place_type && w.possessive && !w.plural) {
            continue;
        }
        let nom = w.nominative.clone();
        let mut start = t - 1;
        if start > ctx.t0 && ctx.cap(start - 1) {
            start -= 1;
        }
        let label = format!("{} {}", ctx.doc.span_text(start, t), nom);
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Place,
            label,
            role: None,
            case: None,
        });
    }
}

fn role_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        let Some(head) = role_head(ctx, t) else {
            continue;
        };
        if ctx.doc.words[t].plural {
            continue;
        }
        let mut start = t;
        let mut modifier = None;
        if t > ctx.t0 && ctx.word(t - 1) {
            let m = ctx.doc.words[t - 1].stem_lower.clone();
            let known_phrase = ctx.lex.roles.contains_key(&format!("{m} {head}"));
            let cap_modifier = ctx.cap(t - 1)
                && matches!(ctx.case(t - 1), Case::Nom | Case::Gen)
                && !ctx.lex.pronouns.contains_key(ctx.lower(t - 1));
            if known_phrase || cap_modifier {
                start = t - 1;
                modifier = Some(m);
            }
        }
        let class = role_class(ctx.lex, modifier.as_deref(), &head);
        out.push(Cand {
            t0: start,
            t1: t + 1,
            kind: CandKind::Role { class, head },
            label: ctx.doc.span_text(start, t + 1).to_string(),
            role: None,
            case: None,
        });
    }
}

fn pronoun_cands(ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    for t in ctx.t0..ctx.t1 {
        if !ctx.word(t) {
            continue;
        }
        let Some((plural, case)) = ctx.lex.pronouns.get(ctx.lower(t)) else {
            continue;
        };
        let plural = *plural;
        let case = crate::extract::rules::parse_case(case);
        let next_blocks = ctx.word(t + 1) && NOT_AFTER_PRONOUN.contains(&ctx.lower(t + 1))
            || ctx.punct(t + 1) == Some('–');
        if next_blocks {
            continue;
        }
        out.push(Cand {
            t0: t,
            t1: t + 1,
            kind: CandKind::Pronoun { plural },
            label: ctx.text(t).to_string(),
            role: None,
            case,
        });
    }
}

fn gaz_type(s: &str) -> EntityType {
    EntityType::parse(s).unwrap_or(EntityType::Organization)
}

/// How many mentions back (or ahead) a role without a name looks for its holder: far more than
/// a news article needs, and it keeps a huge input from costing mentions × mentions.
const ROLE_REACH: usize = 1000;

/// Most recent earlier mention (within [`ROLE_REACH`]) whose entity satisfies `pred`; each
/// entity is tested once.
fn recent(doc: &Doc<'_>, pred: impl Fn(&Entity) -> bool) -> Option<usize> {
    let mut tested = std::collections::HashSet::new();
    doc.mentions
        .iter()
        .rev()
        .take(ROLE_REACH)
        .filter_map(|m| m.entity)
        .find(|&e| tested.insert(e) && pred(doc.entities.get(e)))
}

fn make_mention(doc: &mut Doc<'_>, si: usize, c: Cand) -> Mention {
    let lex = doc.lex;
    let last = c.t1 - 1;
    let case = c.case.unwrap_or_else(|| {
        if doc.toks[last].kind == TokKind::Punct {
            return Case::Nom;
        }
        doc.case_of(last)
    });
    let mut kind = MentionKind::Named;
    let (entity, etype) = match &c.kind {
        CandKind::Gaz(gi) => {
            let g = &lex.gazetteer[*gi];
            let et = gaz_type(&g.etype);
            let e = doc.entities.intern(&g.label, et, g.wikidata.as_deref());
            for a in &g.aliases {
                doc.entities.get_mut(e).aliases.insert(a.clone());
            }
            (Some(e), Some(et))
        }
        CandKind::Person { surname_only } => {
            let nl = c.label.to_lowercase();
            let mut target = None;
            if *surname_only {
                target = doc
                    .entities
                    .iter()
                    .filter(|(_, e)| e.etype == EntityType::Person)
                    .filter(|(_, e)| {
                        e.label.split_whitespace().count() >= 2
                            && e.label
                                .split_whitespace()
                                .last()
                                .is_some_and(|s| s.to_lowercase() == nl)
                            || e.aliases.iter().any(|a| a.to_lowercase() == nl)
                    })
                    .map(|(i, _)| i)
                    .last();
                if target.is_none() {
                    if let Some((_, gi)) = lex.gaz_index.get(&nl).and_then(|l| {
                        l.iter()
                            .find(|(w, gi)| w.len() == 1 && lex.gazetteer[*gi].etype == "person")
                    }) {
                        let g = &lex.gazetteer[*gi];
                        let e = doc.entities.intern(
                            &g.label,
                            EntityType::Person,
                            g.wikidata.as_deref(),
                        );
                        for a in &g.aliases {
                            doc.entities.get_mut(e).aliases.insert(a.clone());
                        }
                        target = Some(e);
                    }
                }
            }
            let e =
                target.unwrap_or_else(|| doc.entities.intern(&c.label, EntityType::Person, None));
            if let Some((class, phrase)) = &c.role {
                doc.entities
                    .get_mut(e)
                    .roles
                    .insert((class.clone().unwrap_or_default(), phrase.clone()));
            }
            (Some(e), Some(EntityType::Person))
        }
        CandKind::Org => {
            let gaz = lex
                .gaz_by_name
                .get(&c.label.to_lowercase())
                .map(|&gi| (gi, &lex.gazetteer[gi]));
            let e = match gaz {
                Some((_, g)) => {
                    doc.entities
                        .intern(&g.label, gaz_type(&g.etype), g.wikidata.as_deref())
                }
                None => {
                    doc.entities
                        .intern(&capitalize_first(&c.label), EntityType::Organization, None)
                }
            };
            if gaz.is_some() {
                doc.entities
                    .get_mut(e)
                    .aliases
                    .insert(capitalize_first(&c.label));
            }
            let et = doc.entities.get(e).etype;
            (Some(e), Some(et))
        }
        CandKind::Group => {
            let e = doc.entities.intern(&c.label, EntityType::Group, None);
            (Some(e), Some(EntityType::Group))
        }
        CandKind::Place => {
            let e = doc.entities.intern(&c.label, EntityType::Place, None);
            (Some(e), Some(EntityType::Place))
        }
        CandKind::Role { class, head } => {
            kind = MentionKind::Role {
                class: class.clone(),
                head: head.clone(),
            };
            let found = recent(doc, |e| {
                e.etype == EntityType::Person && role_matches(e, class.as_deref(), head)
            });
            (found, Some(EntityType::Person))
        }
        CandKind::OrgRole { head } => {
            kind = MentionKind::Role {
                class: None,
                head: head.clone(),
            };
            let stem: String = head
                .chars()
                .take(head.chars().count().saturating_sub(1).max(4))
                .collect();
            let found = recent(doc, |e| {
                matches!(e.etype, EntityType::Organization)
                    && e.label.split_whitespace().count() >= 2
                    && e.label
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| w.to_lowercase().starts_with(&stem))
            });
            (found, Some(EntityType::Organization))
        }
        CandKind::Pronoun { plural } => {
            kind = MentionKind::Pronoun { plural: *plural };
            (None, None)
        }
    };
    if let Some(e) = entity {
        doc.entities.get_mut(e).mentions += 1;
    }
    Mention {
        t0: c.t0,
        t1: c.t1,
        sentence: si,
        kind,
        case,
        entity,
        etype,
    }
}
