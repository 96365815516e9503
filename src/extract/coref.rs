//! Last stage: one entity per actor within the article. A surname alone, or after initials,
//! merges into the one full name that ends with it and starts with those initials
//! ("Әшімбаев", "М. Әшімбаев" -> "Мәулен Әшімбаев"), whichever came first.

use crate::text::Lower;
use std::collections::HashMap;

use super::{Doc, EntityType, Extractor, Layer, Object};

pub struct Canonicalizer;

impl Extractor for Canonicalizer {
    fn name(&self) -> &'static str {
        "coref"
    }
    fn needs(&self) -> &'static [Layer] {
        &[Layer::Mentions, Layer::Relations]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Canonical]
    }
    fn run(&self, doc: &mut Doc<'_>) {
        let ents: Vec<_> = doc.entities.iter().map(|(_, e)| e.clone()).collect();
        let mut target: HashMap<usize, usize> = HashMap::new();
        for (i, e) in ents.iter().enumerate() {
            if e.etype != EntityType::Person {
                continue;
            }
            // "Базарбек" or "Б. Базарбек": a surname, alone or after initials.
            let words: Vec<&str> = e.label.split_whitespace().collect();
            let Some((&surname, initials)) = words.split_last() else {
                continue;
            };
            let initials: Vec<char> = initials
                .iter()
                .flat_map(|w| w.split('.'))
                .filter(|p| !p.is_empty())
                .filter_map(|p| (p.chars().count() == 1).then(|| p.chars().next()).flatten())
                .collect();
            let only_initials = words.len() > 1
                && words[..words.len() - 1].iter().all(|w| {
                    w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 3
                });
            if words.len() > 1 && !only_initials {
                continue;
            }
            let sur = surname.lower();
            let full: Vec<usize> = ents
                .iter()
                .enumerate()
                .filter(|(j, f)| {
                    *j != i
                        && f.etype == EntityType::Person
                        && f.label.split_whitespace().count() >= 2
                        && f.label
                            .split_whitespace()
                            .last()
                            .is_some_and(|l| l.lower() == sur)
                        && !f.label.contains('.')
                        && initials
                            .iter()
                            .zip(f.label.split_whitespace())
                            .all(|(c, w)| {
                                w.chars()
                                    .next()
                                    .is_some_and(|f| f.to_lowercase().eq(c.to_lowercase()))
                            })
                })
                .map(|(j, _)| j)
                .collect();
            if full.len() == 1 {
                target.insert(i, full[0]);
            }
        }
        // A body named short ("Полиция департаменті") is the one body whose longer name ends
        // with those words ("Алматы полиция департаменті").
        for (i, e) in ents.iter().enumerate() {
            if e.etype != EntityType::Organization || target.contains_key(&i) {
                continue;
            }
            let short: Vec<String> = e.label.split_whitespace().map(str::to_lowercase).collect();
            let longer: Vec<usize> = ents
                .iter()
                .enumerate()
                .filter(|(j, f)| {
                    let words: Vec<String> =
                        f.label.split_whitespace().map(str::to_lowercase).collect();
                    *j != i
                        && f.etype == EntityType::Organization
                        && words.len() > short.len()
                        && words.ends_with(&short)
                })
                .map(|(j, _)| j)
                .collect();
            if longer.len() == 1 && !target.contains_key(&longer[0]) {
                target.insert(i, longer[0]);
            }
        }
        if target.is_empty() {
            return;
        }
        // Keep indices stable: merged entities stay, with no mentions, and nothing points to them.
        let mut ents = ents;
        for (&from, &to) in &target {
            let (label, roles, n) = {
                let f = &ents[from];
                (f.label.clone(), f.roles.clone(), f.mentions)
            };
            let t = &mut ents[to];
            t.aliases.insert(label);
            t.roles.extend(roles);
            t.mentions += n;
            ents[from].mentions = 0;
        }
        let map = |e: usize| *target.get(&e).unwrap_or(&e);
        for r in &mut doc.relations {
            r.subject = map(r.subject);
            if let Object::Entity(o) = &mut r.object {
                *o = map(*o);
            }
            r.place = r.place.map(map);
        }
        for m in &mut doc.mentions {
            m.entity = m.entity.map(map);
        }
        doc.entities.replace(ents);
    }
}
