//! The extraction output of the development corpus and the demo article, pinned per article:
//! `derek extract --format nq` must give the same bytes as when the digests were made. A change
//! that is meant to change extraction re-blesses them (`BLESS=1 cargo test --test
//! extract_output`), and the diff of tests/golden/extract-digests.tsv shows which articles
//! changed; a change that is not (a refactoring, a faster path) must leave them as they are.

mod common;

use std::collections::BTreeMap;

use common::*;

/// 64-bit FNV-1a: a stable digest with no dependency (this is a change detector, not a
/// security boundary).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The graph IRI of an N-Quads line (its last IRI before the final " .").
fn graph_of(line: &str) -> &str {
    let body = line.trim_end().trim_end_matches('.').trim_end();
    match body.rfind(" <") {
        Some(i) if body.ends_with('>') => &body[i + 1..],
        _ => "",
    }
}

#[test]
fn extraction_output_matches_the_pinned_digests() {
    let out = derek(std::path::Path::new("unused-store"))
        .args(["extract", "--format", "nq", "--jobs", "1"])
        .arg(shared("corpus/kk"))
        .arg(repo("data/articles"))
        .output()
        .unwrap();
    let nq = ok_stdout(&out);
    // Per graph: number of quads and digest of its lines, in output order.
    let mut graphs: BTreeMap<String, (usize, Vec<u8>)> = BTreeMap::new();
    for line in nq.lines() {
        let g = graphs.entry(graph_of(line).to_string()).or_default();
        g.0 += 1;
        g.1.extend_from_slice(line.as_bytes());
        g.1.push(b'\n');
    }
    assert!(graphs.len() >= 90, "{} graphs", graphs.len());
    let mut table = String::from("graph\tquads\tfnv1a64\n");
    for (g, (n, bytes)) in &graphs {
        table.push_str(&format!("{g}\t{n}\t{:016x}\n", fnv1a(bytes)));
    }
    table.push_str(&format!(
        "all\t{}\t{:016x}\n",
        nq.lines().count(),
        fnv1a(nq.as_bytes())
    ));
    golden("extract-digests.tsv", &table);
}
