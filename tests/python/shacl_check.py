"""Validates RDF against derek's SHACL shapes with pySHACL, the ontology mixed in (its class
hierarchy: a country is a place). Prints one JSON object: conforms, the number of focus nodes
per shape target, and the first results.

Usage: python3 shacl_check.py DATA.nt SHAPES.ttl ONTOLOGY.ttl
"""

import json
import sys

from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH


def main():
    data, shapes, onto = sys.argv[1:4]
    g = Graph()
    g.parse(data, format="nt")
    sg = Graph()
    sg.parse(shapes, format="turtle")
    og = Graph()
    og.parse(onto, format="turtle")
    conforms, report, text = validate(
        g, shacl_graph=sg, ont_graph=og, inference="none", abort_on_first=False
    )
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            {
                "focus": str(report.value(r, SH.focusNode)),
                "path": str(report.value(r, SH.resultPath)),
                "message": str(report.value(r, SH.resultMessage)),
            }
        )
    dk = Namespace("https://w3id.org/derek/ont#")
    counts = {
        "statements": len(set(g.subjects(RDF.type, dk.Statement))),
        "triples": len(g),
    }
    paths = sorted({r["path"] for r in results})
    print(json.dumps({"conforms": bool(conforms), "results": results[:20], "paths": paths,
                      "violations": len(results), **counts}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
