//! `$name` parameters in query text, bound to string literals.

use crate::error::{Error, Result};

/// Parses `name=value` bindings (the `--param` flags).
pub fn parse_params(params: &[String]) -> Result<Vec<(String, String)>> {
    params
        .iter()
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("--param {p:?}: expected NAME=VALUE")))?;
            let k = k.trim().trim_start_matches(['$', '?']);
            if k.is_empty() || !k.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(Error::Usage(format!(
                    "--param {p:?}: the name must be letters, digits or _"
                )));
            }
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

/// Binds `$name` parameters: each becomes a string literal of the value given (write
/// `$name@kk` for a Kazakh-tagged literal, which matches labels exactly and by index). A line
/// that uses a parameter not given is left out, so one query serves with and without a filter.
pub fn bind_params(text: &str, params: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut bound = String::with_capacity(line.len());
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        let mut missing = false;
        while i < chars.len() {
            let starts_param = chars[i] == '$'
                && i + 1 < chars.len()
                && (chars[i + 1].is_alphanumeric() || chars[i + 1] == '_');
            if !starts_param {
                bound.push(chars[i]);
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            match params.iter().find(|(k, _)| *k == name) {
                None => missing = true,
                Some((_, value)) => {
                    bound.push('"');
                    for c in value.chars() {
                        match c {
                            '"' => bound.push_str("\\\""),
                            '\\' => bound.push_str("\\\\"),
                            '\n' => bound.push_str("\\n"),
                            '\r' => bound.push_str("\\r"),
                            c => bound.push(c),
                        }
                    }
                    bound.push('"');
                }
            }
            i = j;
        }
        if !missing {
            out.push_str(&bound);
        }
    }
    out
}

/// Replaces each `$name` (the whole parameter name, not a longer one that starts with it) with
/// `sparql`, as it is: a list of terms for a `VALUES` block, which [`bind_params`] would quote.
pub fn bind_raw(text: &str, name: &str, sparql: &str) -> String {
    let pattern = format!("${name}");
    let mut out = String::with_capacity(text.len() + sparql.len());
    let mut rest = text;
    while let Some(i) = rest.find(&pattern) {
        let after = &rest[i + pattern.len()..];
        let longer = after
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..i]);
        out.push_str(if longer { &pattern } else { sparql });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_escaped_literals_and_unset_ones_drop_their_line() {
        let p = vec![("entity".to_string(), "Ол \"айтты\"\\".to_string())];
        assert_eq!(
            bind_params("A $entity@kk .\nB $other .\nC\n", &p),
            "A \"Ол \\\"айтты\\\"\\\\\"@kk .\nC\n"
        );
    }

    #[test]
    fn raw_bindings_replace_only_the_whole_name() {
        assert_eq!(
            bind_raw("{ $n } $n_x $n.", "n", "\"a\"@kk <b:c>"),
            "{ \"a\"@kk <b:c> } $n_x \"a\"@kk <b:c>."
        );
    }

    #[test]
    fn bad_bindings_are_usage_errors() {
        let ok = parse_params(&["$entity=a=b".to_string()]).unwrap();
        assert_eq!(ok, vec![("entity".to_string(), "a=b".to_string())]);
        for bad in ["entity", "=x", "a b=x"] {
            assert!(matches!(
                parse_params(&[bad.to_string()]),
                Err(Error::Usage(_))
            ));
        }
    }
}
