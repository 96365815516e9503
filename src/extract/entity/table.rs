//! The article's actors, deduplicated by type and label.

use crate::text::Lower;
use std::collections::HashMap;

use crate::extract::{Entity, EntityType};

#[derive(Debug, Default)]
pub struct EntityTable {
    ents: Vec<Entity>,
    by_key: HashMap<(EntityType, String), usize>,
    /// Lowercase last word of persons with a full name -> the latest such person.
    surnames: HashMap<String, usize>,
}

impl EntityTable {
    pub fn intern(&mut self, label: &str, etype: EntityType, wikidata: Option<&str>) -> usize {
        let key = (etype, label.lower());
        if let Some(&i) = self.by_key.get(&key) {
            return i;
        }
        let i = self.ents.len();
        if etype == EntityType::Person && label.split_whitespace().count() >= 2 {
            if let Some(last) = label.split_whitespace().last() {
                self.surnames.insert(last.lower(), i);
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
            .map(|(i, e)| ((e.etype, e.label.lower()), i))
            .collect();
        self.surnames = ents
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.etype == EntityType::Person && e.label.split_whitespace().count() >= 2
            })
            .filter_map(|(i, e)| e.label.split_whitespace().last().map(|l| (l.lower(), i)))
            .collect();
        self.ents = ents;
    }

    /// Whether this (lowercase) word is a known person's surname, or the whole name of a person
    /// named by one word ("Нетаньяху").
    pub fn names_a_person(&self, word_lower: &str) -> bool {
        self.surnames.contains_key(word_lower)
            || self
                .by_key
                .contains_key(&(EntityType::Person, word_lower.to_string()))
    }

    /// The person whose full name ends with this (lowercase) surname, if one is known.
    pub fn by_surname(&self, surname_lower: &str) -> Option<usize> {
        self.surnames.get(surname_lower).copied()
    }
}
