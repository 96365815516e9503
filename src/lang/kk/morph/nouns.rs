//! What the extraction stages ask of Kazakh nouns beyond one analysis: the case of a bare
//! ending after a hyphen, and the dictionary forms a word list is looked up with.

use super::table::lower_chars;
use super::*;
use crate::text::Lower;

impl Morph {
    /// The case of a case ending written on its own after a hyphen ("ЕҚЫҰ-ның", "30-ға"), from
    /// the case rows of the suffix table. One-letter endings (the dative -а/-е after a
    /// possessive, the accusative -н) are not read so: after a hyphen they are something else.
    pub fn hyphen_case(&self, ending: &str) -> Case {
        let e = lower_chars(ending);
        if e.len() < 2 {
            return Case::Nom;
        }
        self.suffixes
            .iter()
            .find(|s| s.form == e && s.kind.case().is_some())
            .and_then(|s| s.kind.case())
            .unwrap_or(Case::Nom)
    }

    /// Candidate dictionary forms of a noun, most literal first: the word, each analysis's
    /// case-stripped form and bare stem, those forms without a third-person possessive and a
    /// plural ending, and each with the consonant change before a possessive undone
    /// ("министрлігі" -> "министрлік", "тұрғындарына" -> "тұрғын").
    pub fn bases(&self, word: &str) -> Vec<String> {
        let mut out: Vec<String> = vec![word.lower()];
        let push = |s: String, out: &mut Vec<String>| {
            if !s.is_empty() && !out.contains(&s) {
                if let Some(alt) = self.undo_voicing(&s) {
                    out.push(s);
                    if !out.contains(&alt) {
                        out.push(alt);
                    }
                } else {
                    out.push(s);
                }
            }
        };
        for a in self.analyze(word) {
            let nom = a.nominative.lower();
            push(a.stem.lower(), &mut out);
            let mut cur = nom.clone();
            push(nom, &mut out);
            for poss in self.forms_of(Kind::Poss3) {
                if let Some(b) = cur.strip_suffix(poss.as_str()) {
                    if b.chars().count() >= 3 {
                        cur = b.to_string();
                        push(cur.clone(), &mut out);
                        break;
                    }
                }
            }
            for pl in self.forms_of(Kind::Plural) {
                if let Some(b) = cur.strip_suffix(pl.as_str()) {
                    if b.chars().count() >= 3 {
                        push(b.to_string(), &mut out);
                        break;
                    }
                }
            }
        }
        out
    }
}

impl Morph {
    /// The suffix forms of one morpheme kind, in table order.
    fn forms_of(&self, kind: Kind) -> impl Iterator<Item = String> + '_ {
        self.suffixes
            .iter()
            .filter(move |s| s.kind == kind)
            .map(|s| s.form.iter().collect())
    }

    /// Kazakh voices a final к/қ/п before a vowel suffix: "одақ" + ы = "одағы". Undo it on a
    /// stem, with the table's voicing rows, whatever the stem's vowels.
    fn undo_voicing(&self, stem: &str) -> Option<String> {
        let last = stem.chars().last()?;
        let base = &stem[..stem.len() - last.len_utf8()];
        let &(_, orig, _) = self.voicing.iter().find(|(seen, _, _)| *seen == last)?;
        Some(format!("{base}{orig}"))
    }
}

impl Morphology for Morph {
    fn analyze(&self, word: &str) -> Vec<Analysis> {
        Morph::analyze(self, word)
    }
    fn best(&self, word: &str) -> Analysis {
        Morph::best(self, word)
    }
    fn suffix_case(&self, ending: &str) -> Case {
        self.hyphen_case(ending)
    }
    fn noun_bases(&self, word: &str) -> Vec<String> {
        self.bases(word)
    }
}
