//! N-Quads written straight into a byte buffer: the same bytes as Oxigraph's serializer
//! (`<iri>`, `_:id`, literals quoted with the same escapes, ` .` and a newline), without going
//! through `fmt` one character at a time. `derek extract` spends a good part of its time here.

use oxrdf::{GraphNameRef, LiteralRef, NamedOrBlankNodeRef, QuadRef, TermRef};

/// Appends `q` as one N-Quads line.
pub fn write_quad(out: &mut Vec<u8>, q: QuadRef<'_>) {
    subject(out, q.subject);
    out.push(b' ');
    iri(out, q.predicate.as_str());
    out.push(b' ');
    term(out, q.object);
    match q.graph_name {
        GraphNameRef::NamedNode(n) => {
            out.push(b' ');
            iri(out, n.as_str());
        }
        GraphNameRef::BlankNode(b) => {
            out.extend_from_slice(b" _:");
            out.extend_from_slice(b.as_str().as_bytes());
        }
        GraphNameRef::DefaultGraph => {}
    }
    out.extend_from_slice(b" .\n");
}

fn iri(out: &mut Vec<u8>, iri: &str) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

fn subject(out: &mut Vec<u8>, s: NamedOrBlankNodeRef<'_>) {
    term(out, s.into());
}

fn term(out: &mut Vec<u8>, t: TermRef<'_>) {
    match t {
        TermRef::NamedNode(n) => iri(out, n.as_str()),
        TermRef::BlankNode(b) => {
            out.extend_from_slice(b"_:");
            out.extend_from_slice(b.as_str().as_bytes());
        }
        TermRef::Literal(l) => literal(out, l),
        #[allow(unreachable_patterns)]
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

fn literal(out: &mut Vec<u8>, l: LiteralRef<'_>) {
    quoted(out, l.value());
    if let Some(lang) = l.language() {
        out.push(b'@');
        out.extend_from_slice(lang.as_bytes());
    } else if l.datatype() != oxrdf::vocab::xsd::STRING {
        out.extend_from_slice(b"^^");
        iri(out, l.datatype().as_str());
    }
}

/// A string between double quotes, escaped as N-Triples requires and as Oxigraph writes it:
/// `\b \t \n \f \r \" \\` by name, other controls, DEL, U+FFFE and U+FFFF as `\uXXXX`; the
/// unescaped runs copied whole.
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let mut run = 0;
    for (i, c) in s.char_indices() {
        let esc: Option<&[u8]> = match c {
            '\u{8}' => Some(b"\\b"),
            '\t' => Some(b"\\t"),
            '\n' => Some(b"\\n"),
            '\u{C}' => Some(b"\\f"),
            '\r' => Some(b"\\r"),
            '"' => Some(b"\\\""),
            '\\' => Some(b"\\\\"),
            '\0'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}' => Some(b""),
            _ => None,
        };
        if let Some(esc) = esc {
            out.extend_from_slice(&s.as_bytes()[run..i]);
            if esc.is_empty() {
                out.extend_from_slice(format!("\\u{:04X}", u32::from(c)).as_bytes());
            } else {
                out.extend_from_slice(esc);
            }
            run = i + c.len_utf8();
        }
    }
    out.extend_from_slice(&s.as_bytes()[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{BlankNodeRef, LiteralRef, NamedNodeRef};

    /// What Oxigraph's N-Quads serializer writes for `q` (oxttl: `writeln!(w, "{} .", q)`).
    fn reference(q: QuadRef<'_>) -> Vec<u8> {
        format!("{q} .\n").into_bytes()
    }

    #[test]
    fn quads_are_written_as_oxigraphs_serializer_writes_them() {
        let s = NamedNodeRef::new_unchecked("https://example.org/s");
        let p = NamedNodeRef::new_unchecked("https://example.org/p");
        let g = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked("https://example.org/g"));
        let b = BlankNodeRef::new_unchecked("b0");
        let texts = [
            "",
            "Клинц: «Ресей — агрессор»",
            "two\nlines\r\tand \"quotes\" \\ back",
            "\u{0}\u{1F}\u{7F}\u{8}\u{C}\u{FFFE}\u{FFFF}x",
            "end\\",
        ];
        let mut objects: Vec<TermRef<'_>> = vec![s.into(), b.into()];
        for t in &texts {
            objects.push(LiteralRef::new_simple_literal(t).into());
            objects.push(LiteralRef::new_language_tagged_literal_unchecked(t, "kk").into());
            objects.push(LiteralRef::new_typed_literal(t, oxrdf::vocab::xsd::DECIMAL).into());
        }
        for o in objects {
            for graph in [g, GraphNameRef::DefaultGraph, GraphNameRef::BlankNode(b)] {
                for subj in [NamedOrBlankNodeRef::from(s), NamedOrBlankNodeRef::from(b)] {
                    let q = QuadRef::new(subj, p, o, graph);
                    let mut mine = Vec::new();
                    write_quad(&mut mine, q);
                    assert_eq!(
                        String::from_utf8(mine).unwrap(),
                        String::from_utf8(reference(q)).unwrap()
                    );
                }
            }
        }
    }
}
