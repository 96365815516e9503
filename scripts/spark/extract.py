"""The map step of derek's scale-out recipe, on Apache Spark.

Reads articles as JSON Lines (one {"id", "text", "date", ...} object per line; a file, a
directory or a glob, on any file system Spark reads), pipes each partition through
`derek extract --stdin-format jsonl -`, and writes the N-Quads as part files of OUTPUT. Each
article's quads sit in the article's own named graph with IRIs that depend only on the
article, so the parts load into one store (`derek load OUTPUT`, or a triple store's bulk
loader) without duplicates, whichever executor extracted them.

    python3 scripts/spark/extract.py --master 'local[2]' corpus.jsonl quads/
    spark-submit --master yarn --files target/release/derek \
        scripts/spark/extract.py --derek ./derek hdfs:///news/*.jsonl hdfs:///news-quads/

derek must be runnable on every executor: installed at the same path on each node, or shipped
with --files where the cluster manager (YARN, Kubernetes) puts it in each container's working
directory (then --derek ./derek).
"""

import argparse
import os
import shlex
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSON Lines articles (file, directory or glob)")
    ap.add_argument("output", help="directory for the N-Quads part files (must not exist)")
    ap.add_argument("--derek", default="derek", help="the derek binary on the executors")
    ap.add_argument("--partitions", type=int, default=0,
                    help="minimum input partitions (default: Spark's default parallelism)")
    ap.add_argument("--master", default=None,
                    help="Spark master, e.g. local[2]; leave unset under spark-submit")
    args = ap.parse_args()

    # Python workers (which run RDD.pipe) use this interpreter unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("derek-extract")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    started = time.time()
    parts = args.partitions or sc.defaultParallelism
    articles = sc.textFile(args.input, minPartitions=parts)
    command = f"{shlex.quote(args.derek)} extract --format nq --stdin-format jsonl -"
    # checkCode: a derek that fails (or skips a malformed line, exit 1) fails the task, and
    # Spark reports it, rather than a silently smaller graph.
    quads = articles.pipe(command, checkCode=True)
    quads.saveAsTextFile(args.output)
    print(
        f"derek spark: {articles.getNumPartitions()} partitions of {args.input} -> {args.output} "
        f"in {time.time() - started:.1f} s",
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
