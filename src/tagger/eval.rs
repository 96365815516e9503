//! Exact-match span scores, as `seqeval` computes them: a predicted span counts only if a gold
//! span has the same first word, last word and class.

use std::collections::BTreeSet;
use std::fmt;

/// Counts and figures of one class (or of all, for the micro average).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassScore {
    pub class: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl ClassScore {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// Gold spans of the class.
    pub fn support(&self) -> usize {
        self.tp + self.fn_
    }
}

/// Scores of the classes asked for; spans of other classes are not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    pub classes: Vec<ClassScore>,
}

impl Scores {
    pub fn new<S: AsRef<str>>(classes: &[S]) -> Scores {
        Scores {
            classes: classes
                .iter()
                .map(|c| ClassScore {
                    class: c.as_ref().to_string(),
                    ..ClassScore::default()
                })
                .collect(),
        }
    }

    /// Adds one sentence: gold and predicted spans as (start, end, class name).
    pub fn add(&mut self, gold: &[(usize, usize, &str)], pred: &[(usize, usize, &str)]) {
        let g: BTreeSet<_> = gold.iter().collect();
        let p: BTreeSet<_> = pred.iter().collect();
        for c in &mut self.classes {
            let is = |s: &&&(usize, usize, &str)| s.2 == c.class;
            c.tp += g.iter().filter(is).filter(|s| p.contains(**s)).count();
            c.fn_ += g.iter().filter(is).filter(|s| !p.contains(**s)).count();
            c.fp += p.iter().filter(is).filter(|s| !g.contains(**s)).count();
        }
    }

    pub fn class(&self, name: &str) -> Option<&ClassScore> {
        self.classes.iter().find(|c| c.class == name)
    }

    /// The micro average over the classes.
    pub fn micro(&self) -> ClassScore {
        let mut m = ClassScore {
            class: "micro".into(),
            ..ClassScore::default()
        };
        for c in &self.classes {
            m.tp += c.tp;
            m.fp += c.fp;
            m.fn_ += c.fn_;
        }
        m
    }
}

impl fmt::Display for Scores {
    /// A table: class, precision, recall, F1, gold spans; the micro average last.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>9} {:>9} {:>9} {:>8}",
            "class", "precision", "recall", "f1", "support"
        )?;
        let micro = self.micro();
        for c in self.classes.iter().chain(std::iter::once(&micro)) {
            writeln!(
                f,
                "{:<14} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                c.class,
                c.precision(),
                c.recall(),
                c.f1(),
                c.support()
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let mut s = Scores::new(&["PER", "ORG"]);
        s.add(
            &[(0, 2, "PER"), (3, 4, "ORG"), (5, 6, "DATE")],
            &[(0, 2, "PER"), (3, 5, "ORG"), (7, 8, "PER")],
        );
        let per = s.class("PER").unwrap();
        assert_eq!((per.tp, per.fp, per.fn_), (1, 1, 0));
        let org = s.class("ORG").unwrap();
        assert_eq!((org.tp, org.fp, org.fn_), (0, 1, 1));
        let m = s.micro();
        assert_eq!((m.tp, m.fp, m.fn_), (1, 2, 1));
        assert!((m.f1() - 0.4).abs() < 1e-9);
        assert_eq!(ClassScore::default().f1(), 0.0);
        assert!(s.to_string().contains("micro"));
    }
}
