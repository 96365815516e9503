"""Loads derek's CSV exports with a W3C CSV on the Web processor and round-trips their rows.

Usage: csvw_roundtrip.py DIR NAME...

For each NAME, DIR holds NAME.csv (with NAME.csv-metadata.json beside it, found the way a CSVW
processor finds metadata) and NAME.jsonl (the same rows as JSON Lines). The script checks that:
- the processor finds the metadata by itself and validates every cell against its datatype;
- every typed cell equals the JSON Lines value (integers are ints, decimals Decimals, dates
  dates, lists lists, IRIs the same IRI), and every typed column yields its Python type;
- the typed rows, written back by the processor and read again, are the same rows.
It prints one JSON line per table ({"table", "rows", "columns"}) and exits 1 on the first
problem, saying which table, row and column.
"""

import datetime
import decimal
import json
import os
import sys

try:
    from csvw import CSVW
except ImportError:  # the Rust test checks this first; this is for a person running it by hand
    sys.exit("csvw_roundtrip.py: the csvw package is missing: pip install -r tests/python/requirements.txt")

INTEGER_TYPES = {"integer", "nonNegativeInteger", "positiveInteger"}


def fail(msg):
    print("csvw_roundtrip.py: " + msg, file=sys.stderr)
    sys.exit(1)


def base_of(col):
    dt = col.datatype
    return getattr(dt, "base", None) if dt is not None else None


def iri_to_uri(iri):
    """The URI of an IRI (RFC 3987 §3.1): non-ASCII characters percent-encoded as UTF-8, the
    form in which the processor hands IRIs over."""
    return "".join(
        c if ord(c) < 128 else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in iri
    )


def typed_equal(value, expected, col):
    """Whether the processor's typed cell equals the JSON Lines value of the same cell."""
    base = base_of(col)
    if col.separator:
        return (value or []) == list(expected or [])
    if expected in ("", None):
        return value is None
    if base in INTEGER_TYPES:
        return type(value) is int and value == int(expected)
    if base == "decimal":
        return isinstance(value, decimal.Decimal) and value == decimal.Decimal(str(expected))
    if base == "date":
        # This processor gives dates as datetimes at midnight.
        if isinstance(value, datetime.datetime):
            value = value.date()
        return isinstance(value, datetime.date) and value.isoformat() == expected
    if base == "anyURI":
        return value.unsplit() == iri_to_uri(expected)
    return value == expected


def load(csv_path):
    """The table read and validated: every cell against its column's datatype."""
    try:
        c = CSVW(csv_path, validate=True)
        if not c.is_valid:
            fail(f"{csv_path}: not valid against its metadata: "
                 + "; ".join(str(w.message) for w in c.warnings))
    except ValueError as e:
        fail(f"{csv_path}: {e}")
    return c


def check(directory, name):
    csv_path = os.path.join(directory, name + ".csv")
    md_path = csv_path + "-metadata.json"
    if not os.path.exists(md_path):
        fail(f"{md_path}: missing")
    with open(md_path, encoding="utf-8") as f:
        metadata = json.load(f)
    declared = [c["name"] for c in metadata["tableSchema"]["columns"]]

    c = load(csv_path)
    if c.no_metadata:
        fail(f"{name}: the CSVW processor did not find {md_path}")
    table = c.tables[0]
    if table.common_props.get("dc:title") != metadata["dc:title"]:
        fail(f"{name}: the processor read other metadata than {md_path}")
    columns = table.tableSchema.columns
    if [col.name for col in columns] != declared:
        fail(f"{name}: columns {[col.name for col in columns]} != declared {declared}")
    rows = list(table.iterdicts())

    with open(os.path.join(directory, name + ".jsonl"), encoding="utf-8") as f:
        expected = [json.loads(line) for line in f if line.strip()]
    if len(rows) != len(expected):
        fail(f"{name}: {len(rows)} rows in the CSV, {len(expected)} in the JSON Lines")
    if not rows:
        fail(f"{name}: no rows to check")
    python_types = {}
    for i, (row, want) in enumerate(zip(rows, expected), start=1):
        if list(row.keys()) != declared:
            fail(f"{name} row {i}: keys {list(row.keys())}")
        for col in columns:
            v, w = row[col.name], want[col.name]
            if not typed_equal(v, w, col):
                fail(f"{name} row {i} column {col.name}: CSVW read {v!r}, JSON Lines has {w!r}")
            if v is not None:
                python_types.setdefault(col.name, set()).add(type(v).__name__)
    # Each typed column gave its Python type: the datatypes were applied, not just strings read.
    for col in columns:
        base = base_of(col)
        got = python_types.get(col.name, set())
        want_types = (
            {"list"} if col.separator else
            {"int"} if base in INTEGER_TYPES else
            {"Decimal"} if base == "decimal" else
            {"date", "datetime"} if base == "date" else
            {"URIReference"} if base == "anyURI" else
            {"str"}
        )
        if not got <= want_types:
            fail(f"{name} column {col.name}: values typed {got}, expected {want_types}")

    # Round trip: the processor writes the typed rows back; read again, they are the same rows.
    rt_name = name + ".roundtrip.csv"
    rt_path = os.path.join(directory, rt_name)
    table.write(rows, fname=rt_path)
    rt_metadata = dict(metadata, url=rt_name)
    with open(rt_path + "-metadata.json", "w", encoding="utf-8") as f:
        json.dump(rt_metadata, f, ensure_ascii=False)
    again = load(rt_path)
    rows_again = list(again.tables[0].iterdicts())
    if rows_again != rows:
        for i, (a, b) in enumerate(zip(rows, rows_again), start=1):
            if a != b:
                fail(f"{name} row {i} changed in the round trip: {dict(a)} -> {dict(b)}")
        fail(f"{name}: {len(rows)} rows before the round trip, {len(rows_again)} after")
    print(json.dumps({"table": name, "rows": len(rows), "columns": len(columns)}))


def main():
    if len(sys.argv) < 3:
        fail("usage: csvw_roundtrip.py DIR NAME...")
    for name in sys.argv[2:]:
        check(sys.argv[1], name)


if __name__ == "__main__":
    main()
