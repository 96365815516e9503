//! The IOB2 label scheme: `O`, and `B-C` / `I-C` for every class `C`. Label 0 is `O`; class `k`
//! has `B` = `1 + 2k` and `I` = `2 + 2k`. Decoding never produces an `I-C` that does not follow
//! `B-C` or `I-C`, and reading spans repairs one that does (it starts a span, as `seqeval` reads
//! it), so a span always has a first word.

/// A labelled stretch of a sentence: word indices, `end` exclusive, and the class index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub class: usize,
}

/// The classes of a model and the labels they make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    classes: Vec<String>,
}

/// Label 0: outside any span.
pub const O: u16 = 0;

impl Scheme {
    /// Most classes a scheme has: their labels and `O` fit the weights file's 64-bit masks.
    pub const MAX_CLASSES: usize = (super::MAX_LABELS - 1) / 2;

    /// A scheme over `classes`; classes past [`Scheme::MAX_CLASSES`] are left out.
    pub fn new<S: AsRef<str>>(classes: &[S]) -> Scheme {
        Scheme {
            classes: classes
                .iter()
                .take(Scheme::MAX_CLASSES)
                .map(|c| c.as_ref().to_string())
                .collect(),
        }
    }

    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    pub fn n_labels(&self) -> usize {
        1 + 2 * self.classes.len()
    }

    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    pub fn begin(class: usize) -> u16 {
        (1 + 2 * class) as u16
    }

    pub fn inside(class: usize) -> u16 {
        (2 + 2 * class) as u16
    }

    /// The class of a `B-` or `I-` label.
    pub fn class_of(label: u16) -> Option<usize> {
        (label != O).then(|| (label as usize - 1) / 2)
    }

    pub fn is_inside(label: u16) -> bool {
        label != O && label.is_multiple_of(2)
    }

    /// The label's name as written in CoNLL files ("O", "B-PERSON").
    pub fn label_name(&self, label: u16) -> String {
        match Scheme::class_of(label).and_then(|k| self.classes.get(k)) {
            None => "O".to_string(),
            Some(c) if Scheme::is_inside(label) => format!("I-{c}"),
            Some(c) => format!("B-{c}"),
        }
    }

    /// The label of a CoNLL tag; a class outside the scheme (or anything unreadable) is `O`.
    pub fn label_of(&self, tag: &str) -> u16 {
        let Some((bio, class)) = tag.split_once('-') else {
            return O;
        };
        match (bio, self.class_index(class)) {
            ("B", Some(k)) => Scheme::begin(k),
            ("I", Some(k)) => Scheme::inside(k),
            _ => O,
        }
    }

    /// Whether `to` may follow `from` (`None`: the start of the sentence).
    pub fn allowed(from: Option<u16>, to: u16) -> bool {
        if !Scheme::is_inside(to) {
            return true;
        }
        match from {
            Some(f) if f != O => Scheme::class_of(f) == Scheme::class_of(to),
            _ => false,
        }
    }

    /// Labels rewritten so that every `I-C` follows `B-C` or `I-C` (a stray one becomes `B-C`):
    /// the spans are those of [`Scheme::spans`].
    pub fn repair(labels: &mut [u16]) {
        let mut prev = None;
        for l in labels.iter_mut() {
            if !Scheme::allowed(prev, *l) {
                *l -= 1;
            }
            prev = Some(*l);
        }
    }

    /// The spans of a label sequence. A stray `I-C` starts a span of its own.
    pub fn spans(labels: &[u16]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut open: Option<Span> = None;
        for (i, &l) in labels.iter().enumerate() {
            let continues =
                Scheme::is_inside(l) && open.is_some_and(|s| Some(s.class) == Scheme::class_of(l));
            if continues {
                if let Some(s) = open.as_mut() {
                    s.end = i + 1;
                }
                continue;
            }
            out.extend(open.take());
            if let Some(class) = Scheme::class_of(l) {
                open = Some(Span {
                    start: i,
                    end: i + 1,
                    class,
                });
            }
        }
        out.extend(open);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme() -> Scheme {
        Scheme::new(&["PER", "ORG"])
    }

    fn labels(s: &Scheme, tags: &str) -> Vec<u16> {
        tags.split_whitespace().map(|t| s.label_of(t)).collect()
    }

    #[test]
    fn labels_round_trip_and_unknown_classes_are_o() {
        let many: Vec<String> = (0..40).map(|i| format!("C{i}")).collect();
        assert_eq!(Scheme::new(&many).n_labels(), 63);
        let s = scheme();
        assert_eq!(s.n_labels(), 5);
        for l in 0..5u16 {
            assert_eq!(s.label_of(&s.label_name(l)), l);
        }
        assert_eq!(s.label_of("B-DATE"), O);
        assert_eq!(s.label_of("junk"), O);
        assert_eq!(s.label_of("X-PER"), O);
    }

    #[test]
    fn spans_end_exclusive_and_split_at_a_new_b() {
        let s = scheme();
        let l = labels(&s, "B-PER I-PER O B-ORG B-ORG I-ORG");
        assert_eq!(
            Scheme::spans(&l),
            vec![
                Span {
                    start: 0,
                    end: 2,
                    class: 0
                },
                Span {
                    start: 3,
                    end: 4,
                    class: 1
                },
                Span {
                    start: 4,
                    end: 6,
                    class: 1
                },
            ]
        );
        assert!(Scheme::spans(&[]).is_empty());
    }

    #[test]
    fn a_stray_inside_label_starts_a_span_and_is_repaired() {
        let s = scheme();
        let mut l = labels(&s, "I-PER O I-ORG B-PER I-ORG I-ORG");
        let before = Scheme::spans(&l);
        assert_eq!(
            before,
            vec![
                Span {
                    start: 0,
                    end: 1,
                    class: 0
                },
                Span {
                    start: 2,
                    end: 3,
                    class: 1
                },
                Span {
                    start: 3,
                    end: 4,
                    class: 0
                },
                Span {
                    start: 4,
                    end: 6,
                    class: 1
                },
            ]
        );
        Scheme::repair(&mut l);
        assert_eq!(l, labels(&s, "B-PER O B-ORG B-PER B-ORG I-ORG"));
        assert_eq!(Scheme::spans(&l), before);
    }

    #[test]
    fn transitions() {
        let (b0, i0, i1) = (Scheme::begin(0), Scheme::inside(0), Scheme::inside(1));
        assert!(!Scheme::allowed(None, i0));
        assert!(!Scheme::allowed(Some(O), i0));
        assert!(Scheme::allowed(Some(b0), i0));
        assert!(Scheme::allowed(Some(i0), i0));
        assert!(!Scheme::allowed(Some(b0), i1));
        assert!(Scheme::allowed(Some(i1), b0));
        assert!(Scheme::allowed(None, O));
    }
}
