//! Synthetic Kazakh news for benchmarks and scale tests (`derek gen`): articles assembled from
//! our own sentence templates in `data/kk/gen/templates.toml`, with quotes over lines, speakers
//! named by title and pronoun, decisions, calls, criticism, dates and page furniture. The same
//! seed gives the same corpus.

use serde::Deserialize;

use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
struct Templates {
    surname_stems: Vec<String>,
    surname_endings_m: Vec<String>,
    surname_endings_f: Vec<String>,
    given_m: Vec<String>,
    given_f: Vec<String>,
    titles: Vec<String>,
    orgs: Vec<String>,
    bodies: Vec<String>,
    groups_acc: Vec<String>,
    goals: Vec<String>,
    targets_acc: Vec<String>,
    docs_acc: Vec<String>,
    docs_dat: Vec<String>,
    places_loc: Vec<String>,
    outlets: Vec<String>,
    months: Vec<String>,
    claim_subjects: Vec<String>,
    claim_predicates: Vec<String>,
    claim_extras: Vec<String>,
    content_clauses: Vec<String>,
    narrative: Vec<String>,
    boilerplate: Vec<String>,
    headline: Vec<String>,
    lead: Vec<String>,
    speech: Vec<String>,
    events: Vec<String>,
}

const TEMPLATES: &str = include_str!("../../../data/kk/gen/templates.toml");

/// SplitMix64: small, fast, and the same sequence on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        v.get(self.below(v.len())).map(String::as_str).unwrap_or("")
    }
}

fn is_back(s: &str) -> bool {
    for c in s.chars().rev() {
        match c {
            'а' | 'о' | 'ұ' | 'ы' | 'у' | 'я' | 'ё' => return true,
            'ә' | 'ө' | 'ү' | 'і' | 'е' | 'и' | 'э' | 'ю' => return false,
            _ => {}
        }
    }
    true
}

/// The genitive of a noun or name (enough for the generator's vocabulary).
pub fn genitive(w: &str) -> String {
    let last = w.chars().last().unwrap_or('а');
    let back = is_back(w);
    let suffix = if "аоұыуяәөүіеиэю".contains(last) {
        if back {
            "ның"
        } else {
            "нің"
        }
    } else if "мнңжзлрй".contains(last) {
        if back {
            "дың"
        } else {
            "дің"
        }
    } else if back {
        "тың"
    } else {
        "тің"
    };
    format!("{w}{suffix}")
}

struct Person {
    title: String,
    name: String,
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The corpus generator.
pub struct Generator {
    t: Templates,
    rng: Rng,
}

/// One generated article.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GenArticle {
    pub id: String,
    pub date: String,
    pub text: String,
}

impl Generator {
    pub fn new(seed: u64) -> Result<Generator> {
        let t: Templates = toml::from_str(TEMPLATES).map_err(|e| Error::Data {
            file: "data/kk/gen/templates.toml".into(),
            line: e
                .span()
                .map(|s| TEMPLATES[..s.start].lines().count().max(1))
                .unwrap_or(0),
            message: e.message().to_string(),
        })?;
        Ok(Generator {
            t,
            rng: Rng::new(seed),
        })
    }

    fn person(&mut self) -> Person {
        let female = self.rng.below(3) == 0;
        let (given, endings) = if female {
            (&self.t.given_f, &self.t.surname_endings_f)
        } else {
            (&self.t.given_m, &self.t.surname_endings_m)
        };
        let name = format!(
            "{} {}{}",
            self.rng.pick(given),
            self.rng.pick(&self.t.surname_stems),
            self.rng.pick(endings)
        );
        Person {
            title: self.rng.pick(&self.t.titles).to_string(),
            name,
        }
    }

    fn claim(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(&self.t.claim_subjects),
            self.rng.pick(&self.t.claim_predicates)
        )
    }

    fn fill(&mut self, tpl: &str, speaker: &Person, sentence_start: bool) -> String {
        let claim = self.claim();
        let claim2 = self.rng.pick(&self.t.claim_extras).to_string();
        let org = self.rng.pick(&self.t.orgs).to_string();
        let body = self.rng.pick(&self.t.bodies).to_string();
        let day = 1 + self.rng.below(28);
        let date = format!("{day} {}", self.rng.pick(&self.t.months));
        let person = format!("{} {}", speaker.title, speaker.name);
        let surname_gen = genitive(&speaker.name);
        let person_gen = format!("{} {}", speaker.title, surname_gen);
        let mut s = tpl.to_string();
        let subs: Vec<(&str, String)> = vec![
            ("{person_gen}", person_gen),
            ("{person}", person),
            ("{name_gen}", surname_gen),
            ("{name}", speaker.name.clone()),
            ("{pron_gen}", "Оның".to_string()),
            ("{pron}", "ол".to_string()),
            ("{org_gen}", genitive(&org)),
            ("{org}", org),
            ("{body}", body),
            ("{group_acc}", self.rng.pick(&self.t.groups_acc).to_string()),
            ("{goal}", self.rng.pick(&self.t.goals).to_string()),
            (
                "{target_acc}",
                self.rng.pick(&self.t.targets_acc).to_string(),
            ),
            ("{doc_acc}", self.rng.pick(&self.t.docs_acc).to_string()),
            ("{doc_dat}", self.rng.pick(&self.t.docs_dat).to_string()),
            ("{claim_lc}", lower_first(&claim)),
            ("{claim2}", claim2),
            ("{claim}", claim),
            (
                "{content}",
                self.rng.pick(&self.t.content_clauses).to_string(),
            ),
            ("{date}", date),
            ("{place_loc}", self.rng.pick(&self.t.places_loc).to_string()),
            ("{outlet}", self.rng.pick(&self.t.outlets).to_string()),
        ];
        for (k, v) in subs {
            if s.contains(k) {
                s = s.replace(k, &v);
            }
        }
        if sentence_start {
            crate::text::capitalize_first(&s)
        } else {
            s
        }
    }

    /// The next article.
    pub fn article(&mut self, n: usize) -> GenArticle {
        let people: Vec<Person> = (0..2 + self.rng.below(3)).map(|_| self.person()).collect();
        let mut lines = Vec::new();
        let first = &people[0];
        let h = self.rng.pick(&self.t.headline).to_string();
        lines.push(self.fill(&h, first, true));
        let l = self.rng.pick(&self.t.lead).to_string();
        lines.push(self.fill(&l, first, true));
        let n_sent = 8 + self.rng.below(10);
        let mut speaker = 0usize;
        for _ in 0..n_sent {
            let roll = self.rng.below(100);
            let line = if roll < 55 {
                if self.rng.below(3) == 0 {
                    speaker = self.rng.below(people.len());
                }
                let tpl = self.rng.pick(&self.t.speech).to_string();
                self.fill(&tpl, &people[speaker], true)
            } else if roll < 75 {
                let tpl = self.rng.pick(&self.t.events).to_string();
                let p = self.rng.below(people.len());
                self.fill(&tpl, &people[p], true)
            } else if roll < 93 {
                self.rng.pick(&self.t.narrative).to_string()
            } else {
                self.rng.pick(&self.t.boilerplate).to_string()
            };
            lines.push(line);
        }
        let month = 1 + self.rng.below(12);
        let day = 1 + self.rng.below(28);
        GenArticle {
            id: format!("gen-{n:07}"),
            date: format!("2025-{month:02}-{day:02}"),
            text: lines.join("\n") + "\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genitive_follows_harmony_and_the_last_sound() {
        assert_eq!(genitive("Ерлан Ахметов"), "Ерлан Ахметовтың");
        assert_eq!(genitive("Айгүл Серікова"), "Айгүл Серікованың");
        assert_eq!(genitive("Мәжіліс"), "Мәжілістің");
        assert_eq!(genitive("Әділет министрлігі"), "Әділет министрлігінің");
    }

    #[test]
    fn same_seed_same_corpus() {
        let mut a = Generator::new(7).unwrap();
        let mut b = Generator::new(7).unwrap();
        for i in 0..20 {
            assert_eq!(a.article(i).text, b.article(i).text);
        }
    }
}
