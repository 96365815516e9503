"""Opens a GraphML file with networkx and prints what it holds, as one JSON object.

Usage: graphml_summary.py FILE.graphml

{"nodes": N, "edges": M, "multigraph": bool, "relations": {relation: count},
 "statements": [statement IRIs of the edges, sorted], "node_iris": [sorted],
 "labels": {iri: label}, "missing": {attribute: how many edges or nodes lack it}}

tests/exports.rs compares it with what the store holds (SPARQL counts).
"""

import collections
import json
import sys

try:
    import networkx as nx
except ImportError:  # the Rust test checks this first; this is for a person running it by hand
    sys.exit("graphml_summary.py: networkx is missing: pip install -r tests/python/requirements.txt")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: graphml_summary.py FILE.graphml")
    g = nx.read_graphml(sys.argv[1])
    relations = collections.Counter()
    statements = []
    missing = collections.Counter()
    for _u, _v, data in g.edges(data=True):
        relations[data.get("relation", "")] += 1
        statements.append(data.get("statement", ""))
        for attr in ("relation", "label", "statement", "article", "line", "start", "end",
                     "confidence", "evidence"):
            if attr not in data:
                missing[attr] += 1
        if not isinstance(data.get("line"), int) or not isinstance(data.get("confidence"), float):
            missing["typed line/confidence"] += 1
    labels = {}
    for _n, data in g.nodes(data=True):
        labels[data.get("iri", "")] = data.get("label", "")
        for attr in ("iri", "label", "kind"):
            if attr not in data:
                missing["node " + attr] += 1
    print(json.dumps({
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "multigraph": g.is_multigraph(),
        "directed": g.is_directed(),
        "relations": dict(sorted(relations.items())),
        "statements": sorted(statements),
        "node_iris": sorted(labels),
        "labels": labels,
        "missing": dict(missing),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
