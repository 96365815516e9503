//! Tokens over normalized text. Every token carries byte offsets (for slicing) and char offsets
//! (for reporting), its 0-based line, and whether a line break or a space came before it.

use crate::text::Lower;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters, possibly with digits, inner hyphens (`Қасым-Жомарт`, `ЕҚЫҰ-ның`) or inner dots
    /// of a web name (`BAQ.KZ`, `informburo.kz`).
    Word,
    /// Digits, possibly with inner `,` `.` `:` `-` and a hyphenated suffix (`65-тен`, `27-28`).
    Number,
    /// One punctuation or symbol character.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    /// Byte range in the normalized text.
    pub b0: usize,
    pub b1: usize,
    /// Char range in the normalized text.
    pub c0: usize,
    pub c1: usize,
    /// 0-based line of the first char.
    pub line: usize,
    /// A line break lies between the previous token and this one.
    pub nl_before: bool,
    /// Two or more line breaks (a blank line) lie before this token.
    pub para_before: bool,
    /// Whitespace lies between the previous token and this one (or it is the first token).
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.b0..self.b1]
    }
}

/// Letters and digits. Cyrillic and ASCII are answered without the general Unicode tables,
/// which are slow and sit on the hottest path of extraction.
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// Splits normalized text into tokens. Streams over the text: memory is the token list only.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut toks = Vec::with_capacity(text.len() / 8);
    let at = |b: usize| text[b..].chars().next();
    let mut b = 0usize; // byte position
    let mut ci = 0usize; // char position
    let mut line = 0usize;
    let mut nls = 0usize;
    let mut space = true;
    while let Some(c) = at(b) {
        if c == '\n' {
            line += 1;
            nls += 1;
            space = true;
            b += 1;
            ci += 1;
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = true;
            b += c.len_utf8();
            ci += 1;
            continue;
        }
        let (b0, c0) = (b, ci);
        let kind;
        b += c.len_utf8();
        ci += 1;
        if is_word_char(c) {
            let numeric_start = c.is_ascii_digit() || !c.is_ascii() && c.is_numeric();
            let mut prev = c;
            // Length in chars of the current alphanumeric segment (for web names).
            let mut seg = 1usize;
            while let Some(d) = at(b) {
                if is_word_char(d) {
                    b += d.len_utf8();
                    ci += 1;
                    seg += 1;
                    prev = d;
                    continue;
                }
                let nb = b + d.len_utf8();
                let next = at(nb);
                let join = match (d, next) {
                    // Inner hyphen or apostrophe between word characters.
                    ('-' | '\'', Some(nx)) => is_word_char(nx),
                    // 18,5  1.8  17:00 inside numbers.
                    ('.' | ',' | ':', Some(nx)) if prev.is_numeric() && nx.is_numeric() => true,
                    // A web name: two or more letters '.' two or more letters (BAQ.KZ, El.kz).
                    ('.', Some(nx)) if !numeric_start && nx.is_alphabetic() && seg >= 2 => {
                        text[nb..]
                            .chars()
                            .take_while(|ch| ch.is_alphanumeric())
                            .count()
                            >= 2
                    }
                    _ => false,
                };
                if !join {
                    break;
                }
                b = nb;
                ci += 1;
                seg = 0;
                prev = d;
            }
            kind = if numeric_start {
                TokKind::Number
            } else {
                TokKind::Word
            };
        } else {
            kind = TokKind::Punct;
        }
        toks.push(Token {
            kind,
            b0,
            b1: b,
            c0,
            c1: ci,
            line,
            nl_before: nls > 0,
            para_before: nls > 1,
            space_before: space,
        });
        nls = 0;
        space = false;
    }
    toks
}

/// Drops the hesitations and false starts that transcribed speech puts in parentheses, so that
/// they do not stand between a subject and its verb: a parenthesized lowercase word of one
/// letter repeated ("(ыы)", "(ээ)", "(і)"), of at most three letters ("(бы)"), or that the next
/// word begins with ("(вал) валюта", "(сақта) сақтауға"). The text keeps them; claims quote it
/// as written.
pub fn drop_hesitations(toks: &mut Vec<Token>, text: &str) {
    let is = |t: &Token, c: &str| t.kind == TokKind::Punct && t.text(text) == c;
    let hesitation = |i: usize| -> bool {
        let (Some(open), Some(w), Some(close)) = (toks.get(i), toks.get(i + 1), toks.get(i + 2))
        else {
            return false;
        };
        if !is(open, "(") || !is(close, ")") || w.kind != TokKind::Word {
            return false;
        }
        let word = w.text(text);
        if word.chars().any(|c| !c.is_lowercase()) {
            return false;
        }
        let first = word.chars().next();
        let n = word.chars().count();
        let next = toks
            .get(i + 3)
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| t.text(text).lower());
        n <= 3
            || word.chars().all(|c| Some(c) == first)
            || next.is_some_and(|x| x.len() > word.len() && x.starts_with(word))
    };
    if !toks.iter().any(|t| is(t, "(")) {
        return;
    }
    let mut keep = Vec::with_capacity(toks.len());
    let mut i = 0;
    // A line break before a dropped hesitation goes to the token after it.
    let (mut nl, mut para) = (false, false);
    while i < toks.len() {
        if hesitation(i) {
            nl |= toks[i].nl_before;
            para |= toks[i].para_before;
            i += 3;
            continue;
        }
        let mut t = toks[i];
        t.nl_before |= nl;
        t.para_before |= para;
        (nl, para) = (false, false);
        keep.push(t);
        i += 1;
    }
    *toks = keep;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hesitations_in_parentheses_are_dropped() {
        let s = "Халықаралық (вал) валюта (ыы) қоры (і) (ТМД) (шамамен) деді.";
        let mut t = tokenize(s);
        drop_hesitations(&mut t, s);
        let w: Vec<&str> = t.iter().map(|t| t.text(s)).collect();
        assert_eq!(
            w,
            [
                "Халықаралық",
                "валюта",
                "қоры",
                "(",
                "ТМД",
                ")",
                "(",
                "шамамен",
                ")",
                "деді",
                "."
            ]
        );
        let s = "Бірінші жол.\n(ыы) Екінші жол.";
        let mut t = tokenize(s);
        drop_hesitations(&mut t, s);
        assert_eq!(t[3].text(s), "Екінші");
        assert!(t[3].nl_before, "the line break stays");
    }

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn hyphens_web_names_and_numbers_stay_whole() {
        assert_eq!(
            words("Қасым-Жомарт BAQ.KZ тілшісі 18,5 ЕҚЫҰ-ның 65-тен."),
            [
                "Қасым-Жомарт",
                "BAQ.KZ",
                "тілшісі",
                "18,5",
                "ЕҚЫҰ-ның",
                "65-тен",
                "."
            ]
        );
    }

    #[test]
    fn initials_split_and_dash_is_a_token() {
        assert_eq!(
            words("М.Ж. Калелов – деді"),
            ["М", ".", "Ж", ".", "Калелов", "–", "деді"]
        );
    }

    #[test]
    fn lines_are_counted() {
        let s = "а\nб\n\nв";
        let t = tokenize(s);
        assert_eq!(t.iter().map(|t| t.line).collect::<Vec<_>>(), [0, 1, 3]);
        assert!(t[1].nl_before && !t[1].para_before);
        assert!(t[2].para_before);
    }
}
