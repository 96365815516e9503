"""Queries derek serve with SPARQLWrapper as people use it: default settings, then each return
format it offers. Prints one JSON object: for each case, what came back (or the error).

Usage: python3 sparqlwrapper_check.py http://127.0.0.1:PORT/sparql
"""

import json
import sys
import warnings

from SPARQLWrapper import JSON, JSONLD, N3, RDFXML, TURTLE, XML, CSV, TSV, SPARQLWrapper

warnings.simplefilter("ignore")

PREFIX = "PREFIX dk: <https://w3id.org/derek/ont#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SELECT = PREFIX + "SELECT ?s ?l WHERE { ?st dk:subject ?s . ?s rdfs:label ?l } LIMIT 5"
ASK = PREFIX + "ASK { ?st a dk:Statement }"
CONSTRUCT = PREFIX + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?st dk:subject ?s . ?s rdfs:label ?l }"
DESCRIBE = PREFIX + "DESCRIBE ?s WHERE { ?st dk:subject ?s } LIMIT 1"


def run(endpoint, query, fmt=None):
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    if fmt is not None:
        sw.setReturnFormat(fmt)
    try:
        res = sw.query()
        kind = res.info().get("content-type", "")
        out = res.convert()
    except Exception as e:  # the point is to report what a user would see
        return {"error": f"{type(e).__name__}: {e}"}
    if hasattr(out, "__len__") and not isinstance(out, (bytes, str, dict)):
        size = len(out)  # an rdflib Graph: its triples
    elif isinstance(out, dict):
        size = len(out.get("results", {}).get("bindings", [])) if "results" in out else int(bool(out.get("boolean")))
    elif hasattr(out, "getElementsByTagName"):  # SPARQL XML results (a DOM)
        size = len(out.getElementsByTagName("result")) or len(out.getElementsByTagName("boolean"))
    else:
        size = len(out)
    return {"content_type": kind, "size": size}


def main():
    ep = sys.argv[1]
    cases = {
        "select default": run(ep, SELECT),
        "select json": run(ep, SELECT, JSON),
        "select csv": run(ep, SELECT, CSV),
        "select tsv": run(ep, SELECT, TSV),
        "ask default": run(ep, ASK),
        "ask json": run(ep, ASK, JSON),
        "construct default": run(ep, CONSTRUCT),
        "construct turtle": run(ep, CONSTRUCT, TURTLE),
        "construct n3": run(ep, CONSTRUCT, N3),
        "construct rdfxml": run(ep, CONSTRUCT, RDFXML),
        "construct xml": run(ep, CONSTRUCT, XML),
        "construct jsonld": run(ep, CONSTRUCT, JSONLD),
        "describe default": run(ep, DESCRIBE),
        "describe turtle": run(ep, DESCRIBE, TURTLE),
    }
    print(json.dumps(cases, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
