"""A synthetic Kazakh news corpus for the scale-out recipe's test: N articles as JSON Lines.

The sentences are templates written for this project (quotes with "– деді X.", "X-тың
айтуынша, ...", decisions adopted, calls and criticism), filled with varied names, roles and
claims, so that derek finds relations of every family. The same --seed gives the same corpus.

    python3 scripts/spark/gen_corpus.py -n 1000 -o corpus.jsonl
"""

import argparse
import json
import random
import sys

MALE = ["Асқар", "Ерлан", "Нұрлан", "Серік", "Бақыт", "Арман", "Болат", "Данияр", "Ержан",
        "Берік", "Дәурен", "Жомарт", "Ғалым", "Мағжан", "Әлихан"]
FEMALE = ["Айгүл", "Гүлнар", "Дана", "Жанна", "Жанар", "Ақмарал", "Гүлмира", "Аружан"]
# Surname stems: -ов for men, -ова for women.
SURNAMES = ["Жұмабек", "Сейіт", "Омар", "Тұрсын", "Қасым", "Ержан", "Бекен", "Сәрсен",
            "Нұрлыбек", "Досжан", "Әбен", "Сағындық", "Мұрат", "Тоқтар", "Ахмет"]
ROLES = ["Аудан әкімі", "Облыс әкімі", "Қала әкімі", "Депутат", "Министр", "Ауыл әкімі"]
CLAIMS = [
    "Жаңа мектеп қыркүйекте ашылады",
    "Жол жөндеу жұмыстары күзге дейін аяқталады",
    "Ауыл шаруашылығына қосымша қолдау көрсетіледі",
    "Тарифтер биыл өзгермейді",
    "Ауруханаға жаңа құрылғылар келеді",
    "Жастарға арналған спорт кешені салынады",
    "Су құбыры келесі жылы тартылады",
    "Көпір жазда пайдалануға беріледі",
    "Қалада жаңа саябақ ашылады",
    "Бағдарлама барлық аудандарды қамтиды",
    "Жылу маусымы уақытылы басталады",
    "Автобус бағыттары көбейеді",
]
COUNCILS = ["Қалалық мәслихат", "Аудандық мәслихат", "Облыстық мәслихат"]
CALLS = ["сабыр сақтауға", "сайлауға белсенді қатысуға", "су үнемдеуге", "жол ережесін сақтауға"]
TARGETS = ["Үкіметті", "министрлікті", "әкімдікті"]
MONTHS = ["қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда", "шілдеде",
          "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"]
PLACES = ["Астанада", "Алматыда", "Шымкентте", "Қарағандыда", "Ақтөбеде", "Павлодарда"]


def person(rng):
    if rng.random() < 0.35:
        return rng.choice(FEMALE), rng.choice(SURNAMES) + "ова"
    return rng.choice(MALE), rng.choice(SURNAMES) + "ов"


def genitive(surname):
    """The genitive of an -ов / -ова surname (Омаровтың, Омарованың)."""
    return surname + ("ның" if surname.endswith("а") else "тың")


def article(i, rng):
    lines = []
    year = 2020 + i % 6
    for _ in range(rng.randint(3, 6)):
        given, surname = person(rng)
        role = rng.choice(ROLES)
        claim = rng.choice(CLAIMS)
        kind = rng.randrange(6)
        if kind == 0:
            lines.append(f"«{claim}», – деді {role.lower() if role != 'Депутат' else 'депутат'} {given} {surname}.")
        elif kind == 1:
            lines.append(f"{role} {given} {genitive(surname)} айтуынша, {claim[0].lower() + claim[1:]}.")
        elif kind == 2:
            lines.append(f"{rng.choice(COUNCILS)} {year} жылға арналған бюджетті бекітті.")
        elif kind == 3:
            lines.append(f"{role} {given} {surname} тұрғындарды {rng.choice(CALLS)} шақырды.")
        elif kind == 4:
            lines.append(f"Депутат {given} {surname} {rng.choice(TARGETS)} сынады.")
        else:
            lines.append(f"{rng.choice(MONTHS).capitalize()} {rng.choice(PLACES)} жиын өтті. "
                         f"«{claim}», – деді {given} {surname}.")
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return {
        "id": f"gen-{i:06d}",
        "date": f"{year}-{month:02d}-{day:02d}",
        "title": f"Жаңалық {i}",
        "text": "\n".join(lines) + "\n",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    with out:
        for i in range(args.articles):
            out.write(json.dumps(article(i, rng), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
