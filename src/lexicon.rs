//! The word lists and tables a language supplies to the extraction stages (for Kazakh,
//! `data/kk/lexicon/*.tsv`). The stages know what each list is for; the words are data.
//!
//! Every table is tab-separated UTF-8 with a header row; lines that start with `#` are
//! comments. Rows are read with `csv` into typed rows, so a bad row is an error that names
//! the file and the line.

use crate::text::Lower;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};

/// A trigger form from `verbs.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// Lowercase words.
    pub words: Vec<String>,
    pub class: String,
    pub relation: String,
    pub mode: String,
    /// The aspect of the ending a stem took (`verb_endings.tsv`); none for a form written out.
    pub aspect: Option<Aspect>,
}

/// The aspect of a verb ending (`verb_endings.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aspect {
    Past,
    Present,
    Perfect,
    Converb,
    Progressive,
    Narrative,
    Intent,
}

/// An actor from the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    pub label: String,
    pub etype: String,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    /// Role classes the actor holds (roles.tsv classes).
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoilerKind {
    Prefix,
    Line,
}

/// Small closed classes of words the stages test for (`words.tsv`), lowercase.
#[derive(Debug, Default)]
pub struct WordClasses {
    /// Postpositions, which end a noun phrase ("туралы", "бойынша").
    pub postpositions: Vec<String>,
    /// Quantifiers before a group noun ("бірқатар", "көптеген").
    pub quantifiers: Vec<String>,
    /// Words after a genitive group noun that stand for the group ("көбі", "бәрі").
    pub group_tails: Vec<String>,
    /// Collective nouns that name a group without a plural ("халық", "билік").
    pub collectives: Vec<String>,
    /// Place and institution nouns that, possessed, make a person's name before them the name
    /// of a place ("Сырым Датов алаңы").
    pub named_places: Vec<String>,
    /// Word starts that make a name before them the name of an institution ("атындағы").
    pub named_for: Vec<String>,
    /// Words after which a pronoun does not refer to an actor ("ол үшін" = "for that").
    pub not_after_pronoun: Vec<String>,
    /// Coordinating conjunctions ("және", "мен").
    pub conjunctions: Vec<String>,
    /// The reflexive "өз", which does not belong to an organization's name.
    pub reflexives: Vec<String>,
    /// Word starts of nouns for a body's session or meeting ("сесси", "отырыс").
    pub session_stems: Vec<String>,
    /// Demonstratives that refer back ("бұл").
    pub demonstratives: Vec<String>,
    /// Nouns for what someone said, after a demonstrative ("бұл пікірін").
    pub speech_nouns: Vec<String>,
    /// Word starts of the noun "year" after a number ("2012 жылғы").
    pub year_stems: Vec<String>,
    /// "Between": the parties of an agreement stand before it ("X мен Y арасында").
    pub between: Vec<String>,
    /// Words that are never part of a document's name before it ("онда", "сондай-ақ").
    pub not_in_titles: Vec<String>,
    /// Participles that make the nominative right before them their subject, the two
    /// qualifying the noun after them ("Тоқаев бастаған делегация").
    pub led_by: Vec<String>,
    /// Dictionary forms of nouns after a quoted name that make the name an organization's
    /// ("«Көктем» серіктестігі", "«Ақ жол» партиясы").
    pub quoted_org_heads: Vec<String>,
    /// Words between a quoted name and its organization noun that say what kind of body it
    /// is ("«Көктем» акционерлік қоғамы").
    pub org_kinds: Vec<String>,
    /// Places and gatherings one is invited to ("студияға", "жиынға шақырды"): with no act
    /// called for, "шақырды" is then an invitation, not a call.
    pub venues: Vec<String>,
    /// Documents (dictionary form) that their owner in the genitive issued ("Үкіметтің
    /// қаулысы", "Президенттің шешімі"): in a passive with no agent, the owner adopted them.
    pub issued_documents: Vec<String>,
    /// Postpositions that, after a noun possessed by a genitive, say on whose proposal or
    /// order the act was done ("X-тың ұсынысы бойынша").
    pub on_whose: Vec<String>,
    /// Words that join a name to the noun after it ("... деген резолюция": a resolution called
    /// ...): the name belongs to the document.
    pub name_joiners: Vec<String>,
    /// Postpositions that, after a participle, end a subordinate clause of time or purpose
    /// ("... деген соң,", "... талқылағаннан кейін"): its subject is not the main verb's.
    pub clause_ends: Vec<String>,
    /// Word starts of where one speaks ("брифингте", "сұхбатында", "парақшасында"): a
    /// locative of one opening a claim is where it was said, not part of it.
    pub speech_venues: Vec<String>,
    /// Group nouns of the general public ("тұрғын", "халық"): a warning to them is about a
    /// danger, not a reprimand.
    pub public: Vec<String>,
    /// The first words of according-to phrases that only a speaker can own ("айтуынша",
    /// "сөзінше"): the common noun in the genitive before them is an unnamed speaker
    /// ("Маманның айтуынша" = according to the expert).
    pub speaker_according: Vec<String>,
    /// Nouns (dictionary form) of a source no one is named for ("дереккөз"): not a speaker.
    pub unnamed_sources: Vec<String>,
    /// Auxiliary verbs after a converb ("кейіп отыр", "жазып жатыр"): never a noun that a
    /// participle or a noun of agent after them governs.
    pub auxiliaries: Vec<String>,
    /// Nouns (dictionary form) of what a body approves or adopts that are not documents
    /// ("кандидатура"): the object of an adoption as a document's head is, though the entity
    /// tagger's document list (which its weights were trained with) does not hold them.
    pub approved_nouns: Vec<String>,
    /// Adverbs that point to words said elsewhere ("осылай деді", "былай деді"): a claim never
    /// ends with one.
    pub so_adverbs: Vec<String>,
    /// Singular nouns (dictionary form) of a person that no other list has ("қария", "шебер"):
    /// the last word of a phrase that names a speaker ("– дейді көпті көрген қария").
    pub person_nouns: Vec<String>,
    /// The reflexive pronoun after a genitive ("Анардың өзі": Anar herself): the same actor.
    pub reflexive_selves: Vec<String>,
    /// Postpositions that never open a document's name ("Бұған дейін заңды ... қабылдаған"),
    /// though one may stand inside it ("ахуал тұрақталғанға дейін ... ұзарту туралы шешім").
    pub not_title_starts: Vec<String>,
    /// Nouns (dictionary form) that stand for the body last named, whatever its kind
    /// ("ведомство": the agency, "мекеме": the institution).
    pub body_nouns: Vec<String>,
    /// The postposition "against" inside a body's name, after the dative of what the body
    /// fights ("сыбайлас жемқорлыққа қарсы іс-қимыл департаменті").
    pub against: Vec<String>,
    /// Documents that whoever names them as a sentence's subject made ("Министрлік мәлімдеме
    /// жасады"): a passive in their words ("Мәлімдемеде ... айтылған") is that actor's.
    pub made_documents: Vec<String>,
}

/// Word endings the stages test for (`endings.tsv`), lowercase.
#[derive(Debug, Default)]
pub struct Endings {
    /// Surname endings ("-ов", "-ұлы").
    pub surname: Vec<String>,
    /// Patronymic endings ("-ұлы", "-ович").
    pub patronymic: Vec<String>,
    /// Attributive locative endings, which make a word qualify the noun after it ("-дағы").
    pub attributive: Vec<String>,
    /// Adjective endings that make a place name qualify a noun ("-ғы", "-гі").
    pub adjectival: Vec<String>,
    /// Web address endings that mark a news outlet (".kz").
    pub web_domains: Vec<String>,
    /// Endings of nouns of agent ("-шы", "-кер"): their plural names a group of people.
    pub agent: Vec<String>,
    /// Endings of relational adjectives ("мемлекеттік", "санитариялық"), which may stand in a
    /// title before its head ("бас мемлекеттік санитариялық дәрігері").
    pub adjective: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub verbs: Vec<VerbForm>,
    /// A trigger's words joined by one space -> its verb indices, in file order.
    pub verb_phrases: HashMap<String, Vec<usize>>,
    /// First word of a trigger -> the most words a trigger starting with it has.
    pub verb_first: HashMap<String, usize>,
    /// Role phrase (lowercase words joined by one space) -> class.
    pub roles: HashMap<String, String>,
    /// Last words of role phrases (dictionary form).
    pub role_heads: HashSet<String>,
    /// Role classes that name one office (roles.tsv, office = yes).
    pub office_classes: Vec<String>,
    /// Role classes whose word may stand for a person whatever their title ("дипломат" for a
    /// ministry's spokesman; roles.tsv, office = any).
    pub any_title_classes: Vec<String>,
    /// Organization head nouns (dictionary form).
    pub org_heads: HashSet<String>,
    /// Heads that need a possessive ending to end a name ("орталығы", not "орталық").
    pub org_heads_not_bare: HashSet<String>,
    /// Legal-form words written after a company name (ЖШС, LLP).
    pub org_suffixes: HashSet<String>,
    /// Group nouns (dictionary form) -> class.
    pub groups: HashMap<String, String>,
    /// Document head nouns (dictionary form); several words joined by one space.
    pub documents: HashSet<String>,
    pub months: HashMap<String, u32>,
    /// Relative day phrases (lowercase words) and their offset in days.
    pub relative_days: Vec<(Vec<String>, i64)>,
    /// Pronoun -> (plural?, case name: nom gen dat acc loc abl ins).
    pub pronouns: HashMap<String, (bool, String)>,
    /// Nouns for kinds of places (облыс, аудан, қала ...).
    pub place_types: HashSet<String>,
    /// Words that mark a news outlet ("тілшісі", "агенттігі").
    pub outlet_cues: HashSet<String>,
    /// Discourse connectives (lowercase words).
    pub discourse: Vec<Vec<String>>,
    pub boilerplate: Vec<(BoilerKind, String)>,
    pub given_names: HashSet<String>,
    /// Verb-form name (`content`, `converb`, ...) -> word endings.
    pub forms: HashMap<String, Vec<String>>,
    /// Form names in a fixed order: a word's forms are a bit set over it.
    pub form_names: Vec<String>,
    pub adverbs: Vec<Vec<String>>,
    pub org_modifiers: HashSet<String>,
    pub words: WordClasses,
    pub endings: Endings,
    pub gazetteer: Vec<GazEntry>,
    /// Dictionary forms of role, group, organization and document nouns: a word written exactly
    /// so is a bare nominative, whatever its ending looks like ("белсенді" is not "белсен" + -ді).
    pub dictionary: HashSet<String>,
    /// Lowercase label or alias -> entry.
    pub gaz_by_name: HashMap<String, usize>,
    /// Lowercase first word of a label or alias -> (lowercase words, entry), longest first.
    pub gaz_index: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// The file names a lexicon is read from (each in the language's lexicon directory).
pub const FILES: &[&str] = &[
    "verbs.tsv",
    "verb_endings.tsv",
    "roles.tsv",
    "org_heads.tsv",
    "groups.tsv",
    "documents.tsv",
    "months.tsv",
    "relative_days.tsv",
    "pronouns.tsv",
    "discourse.tsv",
    "boilerplate.tsv",
    "given_names.tsv",
    "gazetteer.tsv",
    "forms.tsv",
    "adverbs.tsv",
    "org_modifiers.tsv",
    "outlet_cues.tsv",
    "place_types.tsv",
    "words.tsv",
    "endings.tsv",
];

/// The rows of one table as `T`, each with its 1-based line number. Blank lines are skipped.
pub fn table<T: DeserializeOwned>(file: &str, text: &str) -> Result<Vec<(usize, T)>> {
    let bad = |line: usize, message: String| Error::Data {
        file: file.to_string(),
        line,
        message,
    };
    // Comments and blank lines are dropped here, keeping each kept line's number: csv's own
    // comment handling miscounts lines after the header. Quoting is off, so a record is a line.
    let mut numbers = Vec::new();
    let mut kept = String::with_capacity(text.len());
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        numbers.push(i + 1);
        kept.push_str(l);
        kept.push('\n');
    }
    let line_of = |record: usize| numbers.get(record).copied().unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(kept.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| bad(line_of(0), e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for (k, rec) in rdr.records().enumerate() {
        let line = line_of(k + 1);
        let mut rec = rec.map_err(|e| bad(line, deserialize_message(&e)))?;
        // A trailing note column left out reads as empty.
        while rec.len() < headers.len() && headers.get(rec.len()) == Some("note") {
            rec.push_field("");
        }
        if rec.get(0).is_none_or(str::is_empty) {
            return Err(bad(line, "the first column is empty".into()));
        }
        let row: T = rec
            .deserialize(Some(&headers))
            .map_err(|e| bad(line, deserialize_message(&e)))?;
        out.push((line, row));
    }
    Ok(out)
}

/// A deserialization error without csv's own position prefix (the caller adds the line).
fn deserialize_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => e.to_string(),
    }
}

pub fn lower_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(|w| w.lower()).collect()
}

#[derive(Debug, Deserialize)]
struct VerbRow {
    form: String,
    class: String,
    relation: String,
    #[serde(default)]
    mode: String,
}

#[derive(Debug, Deserialize)]
struct VerbEndingRow {
    ending: String,
    aspect: Aspect,
}

#[derive(Debug, Deserialize)]
struct RoleRow {
    phrase: String,
    class: String,
    #[serde(default)]
    office: String,
}

#[derive(Debug, Deserialize)]
struct OrgHeadRow {
    head: String,
    kind: String,
    #[serde(default)]
    bare: String,
}

#[derive(Debug, Deserialize)]
struct NounClassRow {
    noun: String,
    class: String,
}

#[derive(Debug, Deserialize)]
struct NounRow {
    noun: String,
}

#[derive(Debug, Deserialize)]
struct MonthRow {
    name: String,
    month: u32,
}

#[derive(Debug, Deserialize)]
struct OffsetRow {
    phrase: String,
    offset: i64,
}

#[derive(Debug, Deserialize)]
struct PronounRow {
    form: String,
    number: String,
    case: String,
}

#[derive(Debug, Deserialize)]
struct PhraseRow {
    phrase: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum BoilerRowKind {
    Prefix,
    Line,
}

#[derive(Debug, Deserialize)]
struct BoilerRow {
    kind: BoilerRowKind,
    text: String,
}

#[derive(Debug, Deserialize)]
struct NameRow {
    name: String,
}

#[derive(Debug, Deserialize)]
struct FormRow {
    form: String,
    ending: String,
}

#[derive(Debug, Deserialize)]
struct WordRow {
    word: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum GazType {
    Person,
    Organization,
    Country,
    Place,
    Outlet,
}

impl GazType {
    fn as_str(&self) -> &'static str {
        match self {
            GazType::Person => "person",
            GazType::Organization => "organization",
            GazType::Country => "country",
            GazType::Place => "place",
            GazType::Outlet => "outlet",
        }
    }
}

#[derive(Debug, Deserialize)]
struct GazRow {
    label: String,
    #[serde(rename = "type")]
    etype: GazType,
    #[serde(default)]
    aliases: String,
    #[serde(default)]
    wikidata: String,
    #[serde(default)]
    roles: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum WordClass {
    Postposition,
    Quantifier,
    GroupTail,
    Collective,
    NamedPlace,
    NamedFor,
    NotAfterPronoun,
    Conjunction,
    Reflexive,
    SessionStem,
    Demonstrative,
    SpeechNoun,
    YearStem,
    Between,
    NotInTitle,
    LedBy,
    QuotedOrgHead,
    OrgKind,
    Venue,
    IssuedDocument,
    OnWhose,
    NameJoiner,
    ClauseEnd,
    SpeechVenue,
    Public,
    SpeakerAccording,
    UnnamedSource,
    Auxiliary,
    ApprovedNoun,
    SoAdverb,
    PersonNoun,
    ReflexiveSelf,
    NotTitleStart,
    BodyNoun,
    Against,
    MadeDocument,
}

#[derive(Debug, Deserialize)]
struct ClassedWordRow {
    word: String,
    class: WordClass,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum EndingClass {
    Surname,
    Patronymic,
    Attributive,
    Adjectival,
    WebDomain,
    Agent,
    Adjective,
}

#[derive(Debug, Deserialize)]
struct EndingRow {
    ending: String,
    class: EndingClass,
}

impl Lexicon {
    /// Reads the tables of [`FILES`] through `get` (file name -> text); `dir` is the directory
    /// that errors name (`data/kk/lexicon`).
    pub fn parse(dir: &str, get: &dyn Fn(&str) -> Option<String>) -> Result<Lexicon> {
        let path = |name: &str| format!("{dir}/{name}");
        let load = |name: &str| {
            get(name).ok_or_else(|| Error::Data {
                file: path(name),
                line: 0,
                message: "missing".into(),
            })
        };
        fn rows<T: DeserializeOwned>(
            path: &dyn Fn(&str) -> String,
            load: &dyn Fn(&str) -> Result<String>,
            name: &str,
        ) -> Result<Vec<(usize, T)>> {
            table(&path(name), &load(name)?)
        }
        let mut lx = Lexicon::default();
        let endings: Vec<(String, Aspect)> =
            rows::<VerbEndingRow>(&path, &load, "verb_endings.tsv")?
                .into_iter()
                .map(|(_, r)| (r.ending.lower(), r.aspect))
                .collect();
        let mut seen: HashSet<(String, String)> = HashSet::default();
        for (_, r) in rows::<VerbRow>(&path, &load, "verbs.tsv")? {
            // "сына-": the stem with each ending; otherwise the form as written.
            let forms: Vec<(String, Option<Aspect>)> = match r.form.strip_suffix('-') {
                Some(stem) => endings
                    .iter()
                    .map(|(e, a)| (format!("{stem}{e}"), Some(*a)))
                    .collect(),
                None => vec![(r.form.clone(), None)],
            };
            for (form, aspect) in forms {
                let words = lower_words(&form);
                if words.is_empty() || !seen.insert((words.join(" "), r.class.clone())) {
                    continue;
                }
                lx.verbs.push(VerbForm {
                    words,
                    class: r.class.clone(),
                    relation: r.relation.clone(),
                    mode: r.mode.clone(),
                    aspect,
                });
            }
        }
        for (i, v) in lx.verbs.iter().enumerate() {
            lx.verb_phrases
                .entry(v.words.join(" "))
                .or_default()
                .push(i);
            let longest = lx.verb_first.entry(v.words[0].clone()).or_default();
            *longest = (*longest).max(v.words.len());
        }
        for (line, r) in rows::<RoleRow>(&path, &load, "roles.tsv")? {
            let words = lower_words(&r.phrase);
            if let Some(last) = words.last() {
                lx.role_heads.insert(last.clone());
            }
            match r.office.as_str() {
                "yes" if !lx.office_classes.contains(&r.class) => {
                    lx.office_classes.push(r.class.clone())
                }
                "any" if !lx.any_title_classes.contains(&r.class) => {
                    lx.any_title_classes.push(r.class.clone())
                }
                "yes" | "any" | "" | "no" => {}
                other => {
                    return Err(Error::Data {
                        file: path("roles.tsv"),
                        line,
                        message: format!("office must be yes, any, no or empty, not {other:?}"),
                    })
                }
            }
            lx.roles.insert(words.join(" "), r.class);
        }
        for (_, r) in rows::<OrgHeadRow>(&path, &load, "org_heads.tsv")? {
            let w = r.head.lower();
            if r.kind == "organization-suffix" {
                lx.org_suffixes.insert(w);
            } else {
                if r.bare == "no" {
                    lx.org_heads_not_bare.insert(w.clone());
                }
                lx.org_heads.insert(w);
            }
        }
        for (_, r) in rows::<NounClassRow>(&path, &load, "groups.tsv")? {
            lx.groups.insert(r.noun.lower(), r.class);
        }
        for (_, r) in rows::<NounRow>(&path, &load, "documents.tsv")? {
            lx.documents.insert(lower_words(&r.noun).join(" "));
        }
        for (_, r) in rows::<MonthRow>(&path, &load, "months.tsv")? {
            lx.months.insert(r.name.lower(), r.month);
        }
        for (_, r) in rows::<OffsetRow>(&path, &load, "relative_days.tsv")? {
            lx.relative_days.push((lower_words(&r.phrase), r.offset));
        }
        for (_, r) in rows::<PronounRow>(&path, &load, "pronouns.tsv")? {
            lx.pronouns
                .insert(r.form.lower(), (r.number == "pl", r.case));
        }
        for (_, r) in rows::<NounRow>(&path, &load, "place_types.tsv")? {
            lx.place_types.insert(r.noun.lower());
        }
        for (_, r) in rows::<WordRow>(&path, &load, "outlet_cues.tsv")? {
            lx.outlet_cues.insert(r.word.lower());
        }
        for (_, r) in rows::<PhraseRow>(&path, &load, "discourse.tsv")? {
            lx.discourse.push(lower_words(&r.phrase));
        }
        lx.discourse.sort_by_key(|d| std::cmp::Reverse(d.len()));
        for (_, r) in rows::<BoilerRow>(&path, &load, "boilerplate.tsv")? {
            let kind = match r.kind {
                BoilerRowKind::Prefix => BoilerKind::Prefix,
                BoilerRowKind::Line => BoilerKind::Line,
            };
            lx.boilerplate.push((kind, r.text.lower()));
        }
        for (_, r) in rows::<NameRow>(&path, &load, "given_names.tsv")? {
            lx.given_names.insert(r.name);
        }
        for (_, r) in rows::<FormRow>(&path, &load, "forms.tsv")? {
            lx.forms.entry(r.form).or_default().push(r.ending.lower());
        }
        lx.form_names = lx.forms.keys().cloned().collect();
        lx.form_names.sort();
        for (_, r) in rows::<PhraseRow>(&path, &load, "adverbs.tsv")? {
            lx.adverbs.push(lower_words(&r.phrase));
        }
        for (_, r) in rows::<WordRow>(&path, &load, "org_modifiers.tsv")? {
            lx.org_modifiers.insert(r.word.lower());
        }
        for (_, r) in rows::<ClassedWordRow>(&path, &load, "words.tsv")? {
            let w = &mut lx.words;
            let list = match r.class {
                WordClass::Postposition => &mut w.postpositions,
                WordClass::Quantifier => &mut w.quantifiers,
                WordClass::GroupTail => &mut w.group_tails,
                WordClass::Collective => &mut w.collectives,
                WordClass::NamedPlace => &mut w.named_places,
                WordClass::NamedFor => &mut w.named_for,
                WordClass::NotAfterPronoun => &mut w.not_after_pronoun,
                WordClass::Conjunction => &mut w.conjunctions,
                WordClass::Reflexive => &mut w.reflexives,
                WordClass::SessionStem => &mut w.session_stems,
                WordClass::Demonstrative => &mut w.demonstratives,
                WordClass::SpeechNoun => &mut w.speech_nouns,
                WordClass::YearStem => &mut w.year_stems,
                WordClass::Between => &mut w.between,
                WordClass::NotInTitle => &mut w.not_in_titles,
                WordClass::LedBy => &mut w.led_by,
                WordClass::QuotedOrgHead => &mut w.quoted_org_heads,
                WordClass::OrgKind => &mut w.org_kinds,
                WordClass::Venue => &mut w.venues,
                WordClass::IssuedDocument => &mut w.issued_documents,
                WordClass::OnWhose => &mut w.on_whose,
                WordClass::NameJoiner => &mut w.name_joiners,
                WordClass::ClauseEnd => &mut w.clause_ends,
                WordClass::SpeechVenue => &mut w.speech_venues,
                WordClass::Public => &mut w.public,
                WordClass::SpeakerAccording => &mut w.speaker_according,
                WordClass::UnnamedSource => &mut w.unnamed_sources,
                WordClass::Auxiliary => &mut w.auxiliaries,
                WordClass::ApprovedNoun => &mut w.approved_nouns,
                WordClass::SoAdverb => &mut w.so_adverbs,
                WordClass::PersonNoun => &mut w.person_nouns,
                WordClass::ReflexiveSelf => &mut w.reflexive_selves,
                WordClass::NotTitleStart => &mut w.not_title_starts,
                WordClass::BodyNoun => &mut w.body_nouns,
                WordClass::Against => &mut w.against,
                WordClass::MadeDocument => &mut w.made_documents,
            };
            list.push(r.word.lower());
        }
        for (_, r) in rows::<EndingRow>(&path, &load, "endings.tsv")? {
            let e = &mut lx.endings;
            let list = match r.class {
                EndingClass::Surname => &mut e.surname,
                EndingClass::Patronymic => &mut e.patronymic,
                EndingClass::Attributive => &mut e.attributive,
                EndingClass::Adjectival => &mut e.adjectival,
                EndingClass::WebDomain => &mut e.web_domains,
                EndingClass::Agent => &mut e.agent,
                EndingClass::Adjective => &mut e.adjective,
            };
            list.push(r.ending.lower());
        }
        for (line, r) in rows::<GazRow>(&path, &load, "gazetteer.tsv")? {
            let q = &r.wikidata;
            let valid = q.is_empty()
                || q.starts_with('Q') && q.len() > 1 && q[1..].chars().all(|d| d.is_ascii_digit());
            if !valid {
                return Err(Error::Data {
                    file: path("gazetteer.tsv"),
                    line,
                    message: format!("Wikidata id {q:?} is not Q followed by digits"),
                });
            }
            lx.gazetteer.push(GazEntry {
                label: r.label,
                etype: r.etype.as_str().to_string(),
                aliases: r
                    .aliases
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                wikidata: Some(r.wikidata).filter(|s| !s.is_empty()),
                roles: r
                    .roles
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            });
        }
        lx.dictionary = lx
            .role_heads
            .iter()
            .chain(lx.groups.keys())
            .chain(lx.org_heads.iter())
            .chain(lx.documents.iter().filter(|d| !d.contains(' ')))
            .cloned()
            .collect();
        for (i, g) in lx.gazetteer.iter().enumerate() {
            for name in std::iter::once(&g.label).chain(g.aliases.iter()) {
                lx.gaz_by_name.entry(name.lower()).or_insert(i);
                let words: Vec<String> = lower_words(&name.replace(['«', '»', '"'], " "));
                if let Some(first) = words.first() {
                    lx.gaz_index
                        .entry(first.clone())
                        .or_default()
                        .push((words, i));
                }
            }
        }
        for list in lx.gaz_index.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Ok(lx)
    }

    /// Whether a lowercase word has a verb form from `forms.tsv` (`content`, `converb`, ...): it
    /// ends with one of the form's endings and has a stem before it, or is the ending itself
    /// when that is a word ("екенін").
    /// Unknown form names never match; the rule loader rejects them.
    pub fn has_form(&self, word_lower: &str, form: &str) -> bool {
        let n = word_lower.chars().count();
        self.forms.get(form).is_some_and(|ends| {
            ends.iter().any(|e| {
                let k = e.chars().count();
                word_lower.ends_with(e.as_str()) && (n >= k + 2 || n == k && k >= 4)
            })
        })
    }

    /// The bit of a form name in `WordInfo::forms`.
    pub fn form_bit(&self, form: &str) -> Option<usize> {
        self.form_names.iter().position(|f| f == form)
    }

    /// The types of the gazetteer entries whose label or an alias is the one lowercase word
    /// `word` ("қазақстан" -> country; not the bodies whose longer names open with it).
    pub fn one_word_types<'a>(&'a self, word: &str) -> impl Iterator<Item = &'a str> + 'a {
        self.gaz_index
            .get(word)
            .into_iter()
            .flatten()
            .filter(|(w, _)| w.len() == 1)
            .map(|(_, gi)| self.gazetteer[*gi].etype.as_str())
    }

    /// Whether a line is page furniture (see `boilerplate.tsv`).
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let line = line.trim();
        // Compare lowercase char by char: most lines differ at the first letter.
        let starts = |pat: &str| {
            let mut l = line.chars().flat_map(char::to_lowercase);
            pat.chars().all(|p| l.next() == Some(p))
        };
        self.boilerplate.iter().any(|(k, t)| match k {
            BoilerKind::Prefix => starts(t),
            BoilerKind::Line => {
                starts(t) && line.chars().flat_map(char::to_lowercase).count() == t.chars().count()
            }
        })
    }
}

/// Whether `word` ends with one of `endings`.
pub fn ends_with_any(word: &str, endings: &[String]) -> bool {
    endings.iter().any(|e| word.ends_with(e.as_str()))
}

/// Whether `word` starts with one of `starts`.
pub fn starts_with_any(word: &str, starts: &[String]) -> bool {
    starts.iter().any(|s| word.starts_with(s.as_str()))
}

/// Whether `word` is one of `words`.
pub fn is_one_of(word: &str, words: &[String]) -> bool {
    words.iter().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Two {
        h1: String,
        h2: String,
    }

    #[test]
    fn a_short_row_names_file_and_line() {
        let e = table::<Two>("x.tsv", "# c\nh1\th2\nonly\n").unwrap_err();
        assert!(e.to_string().starts_with("x.tsv:3:"), "{e}");
    }

    #[test]
    fn a_bad_value_names_file_line_and_value() {
        let e = table::<MonthRow>("m.tsv", "name\tmonth\nнаурыз\t3\nсәуір\tтөрт\n").unwrap_err();
        assert!(e.to_string().starts_with("m.tsv:3:"), "{e}");
        let e = table::<ClassedWordRow>("w.tsv", "word\tclass\nбұл\tdemonstrativ\n").unwrap_err();
        assert!(
            e.to_string().starts_with("w.tsv:2:") && e.to_string().contains("demonstrativ"),
            "{e}"
        );
    }

    #[test]
    fn comments_blank_lines_and_quotes_are_read_as_written() {
        let rows =
            table::<WordRow>("w.tsv", "# a \"comment\"\nword\n\n«Хабар»\n# more\n\"x\n").unwrap();
        let words: Vec<(usize, &str)> = rows.iter().map(|(l, r)| (*l, r.word.as_str())).collect();
        assert_eq!(words, [(4, "«Хабар»"), (6, "\"x")]);
    }
}
