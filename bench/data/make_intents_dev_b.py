#!/usr/bin/env python3
"""Builds bench/data/intents-dev-b.csv (id,text,language,intents) from its labels and ../shared/data.

The second half of the intent development set is drawn from data sets whose licences do not let
their text be kept in this repository (SemEval-2014: research-only; the Chinese review sets: no
licence at all; GermEval 2017: CC BY-NC). So the repository keeps only our labels and a pointer to
each text (intents-dev-b.labels.csv: source, key, sha1 of the text), and this script puts the texts
back from a local copy of the data. The output is git-ignored; do not commit it.

    python3 bench/data/make_intents_dev_b.py [--data ../shared/data] [--out bench/data/intents-dev-b.csv]

Keys: SemEval = the sentence's id attribute; GermEval = line number in dev_v1.4.tsv (from 1);
Chinese sets = data row number after the header (from 1). Texts are taken verbatim (a leading BOM
removed). Every text is checked against the stored sha1, so a different copy of the data fails loudly.
Standard library only.
"""

import argparse
import csv
import hashlib
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
INTENTS = (
    "complaint praise question suggestion churn_threat legal_threat "
    "safety_issue public_threat refund_request"
).split()


def semeval(path):
    return {s.get("id"): s.find("text").text for s in ET.parse(path).getroot().iter("sentence")}


def germeval(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                out[str(number)] = parts[1]
    return out


def review_csv(column):
    def read(path):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            next(rows)
            return {str(number): row[column] for number, row in enumerate(rows, 1)}

    return read


SOURCES = {
    "semeval2014-restaurants": ("semeval2014-absa/Restaurants_Train_v2.xml", semeval),
    "semeval2014-laptops": ("semeval2014-absa/Laptop_Train_v2.xml", semeval),
    "germeval2017-dev": ("germeval2017/dev_v1.4.tsv", germeval),
    "chnsenticorp-htl": ("chinese-reviews/ChnSentiCorp_htl_all.csv", review_csv(1)),
    "online-shopping-10-cats": ("chinese-reviews/online_shopping_10_cats.train.csv", review_csv(2)),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.path.join(os.path.dirname(REPO), "shared", "data"))
    parser.add_argument("--labels", default=os.path.join(HERE, "intents-dev-b.labels.csv"))
    parser.add_argument("--out", default=os.path.join(HERE, "intents-dev-b.csv"))
    args = parser.parse_args()

    with open(args.labels, encoding="utf-8", newline="") as fh:
        labels = list(csv.DictReader(fh))

    loaded = {}
    problems = []
    out = []
    seen_ids, seen_texts = set(), {}
    for row in labels:
        source = row["source"]
        if source not in SOURCES:
            problems.append(f"{row['id']}: unknown source {source!r}")
            continue
        if source not in loaded:
            relative, reader = SOURCES[source]
            path = os.path.join(args.data, relative)
            if not os.path.exists(path):
                sys.exit(f"missing data file {path} (pass --data DIR, the folder of ../shared/data)")
            loaded[source] = reader(path)
        text = loaded[source].get(row["key"])
        if text is None:
            problems.append(f"{row['id']}: {source} has no key {row['key']}")
            continue
        text = text.lstrip("\ufeff")
        if hashlib.sha1(text.encode("utf-8")).hexdigest()[:12] != row["text_sha1"]:
            problems.append(f"{row['id']}: text of {source} {row['key']} differs from the labelled one")
            continue
        intents = [i for i in row["intents"].split(";") if i]
        unknown = [i for i in intents if i not in INTENTS]
        if unknown:
            problems.append(f"{row['id']}: unknown intent(s) {unknown}")
        if row["id"] in seen_ids or not row["id"].startswith("b-"):
            problems.append(f"{row['id']}: repeated id or not prefixed b-")
        if text.strip() in seen_texts:
            problems.append(f"{row['id']}: same text as {seen_texts[text.strip()]}")
        seen_ids.add(row["id"])
        seen_texts[text.strip()] = row["id"]
        out.append([row["id"], text, row["language"], ";".join(intents)])
    if problems:
        sys.exit("\n".join(problems))

    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "text", "language", "intents"])
        writer.writerows(out)

    # Read it back: same header, same rows, nothing lost to quoting.
    with open(args.out, encoding="utf-8", newline="") as fh:
        back = list(csv.reader(fh))
    if back[0] != ["id", "text", "language", "intents"] or back[1:] != out:
        sys.exit(f"{args.out} does not read back as written")
    print(f"wrote {len(out)} items to {os.path.relpath(args.out)}")


if __name__ == "__main__":
    main()
