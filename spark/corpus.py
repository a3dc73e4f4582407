"""A deterministic JSON Lines corpus of translated news copy, for the pipe-stage tests.

Each line is one record `{"id": N, ..., "text": "..."}` with `id` counting from 0 in file
order, so the order of any output can be checked from the ids alone. About half the texts carry
the quotation artifacts mtscrub repairs (a stray opening mark inside a quotation, an attribution
split from its quotation, a closing mark written backwards, a quotation left open); the rest are
clean copy with apostrophes, primes and house-style straight quotes that must come back
untouched. Records vary in how they are written (key order, spacing, `\\u` escapes, nested
objects, a `title` that is not checked), because untouched records must come back byte for byte
however they were written. One line is not JSON and one is empty: both pass through as they are.

    python3 corpus.py --records 4000 --out corpus.jsonl
    python3 corpus.py --bytes 1000000000 --out big.jsonl
"""

import argparse
import json
import random
import sys

SPEAKERS = [
    ("President Yoon Suk Yeol", "he"),
    ("Foreign Minister Cho Tae-yul", "he"),
    ("U.S. Secretary of Defense Lloyd Austin", "he"),
    ("Kim Jong-gyu, North Korea’s vice-minister for Russian affairs,", "he"),
    ("Bank of Japan Governor Kazuo Ueda", "he"),
    ("Ukrainian President Volodymyr Zelensky", "he"),
    ("Russian Foreign Ministry spokeswoman Maria Zakharova", "she"),
    ("Unification Minister Kim Yung-ho", "he"),
    ("Seoul Mayor Oh Se-hoon", "he"),
    ("Democratic Party leader Lee Jae-myung", "he"),
    ("Japanese Prime Minister Shigeru Ishiba", "he"),
    ("a senior official at the Ministry of Economy and Finance", "she"),
]

SETTINGS = [
    "At a press conference in {city} on the {day},",
    "In an interview with {outlet} on the {day},",
    "Speaking to reporters in {city} on the {day} (local time),",
    "On the {day},",
    "Meanwhile,",
]

CITIES = ["Seoul", "Kazan", "Rome", "Tokyo", "Washington", "Brussels", "Pyongyang", "Busan"]
OUTLETS = ["Rossiya 1", "Yonhap News Agency", "NHK", "Reuters", "the Financial Times"]

OPENINGS = [
    "Satellite photos are serious, and if the photos exist",
    "If the report turns out to be true",
    "We have watched the situation for weeks, and if troops are moving",
    "The numbers were worse than expected, and if they hold",
    "Talks went on late into the night, and if no agreement is reached",
]

CONTINUATIONS = [
    "There is no doubt that it reflects this",
    "There is no doubt that Pyongyang is watching",
    "We will decide when the time comes",
    "Rates will rise only gradually",
    "We are discussing this issue with our partners",
]

STATEMENTS = [
    "There is evidence that troops are in Russia",
    "The alliance is stronger than ever",
    "We will take care of it",
    "Inflation is easing faster than we thought",
    "I do not feel the need to confirm it separately",
    "Our position has not changed",
]

CONDITIONS = [
    "If North Korea intends to participate in the war, it is a very serious problem",
    "If such a thing were to happen, it would breach international law",
    "If prices keep rising, households will feel it first",
    "If the vote is delayed again, the budget will not pass this year",
]

CLEAN = [
    "{setting} {speaker} said, “{statement}.”",
    "{speaker} told reporters that the ministry’s plan, drafted in the ’90s, was “{word},” and "
    "declined to comment further.",
    "“{statement},” {speaker} said. “We will keep talking.”",
    "{setting} {speaker} met counterparts for two hours; officials described the talks as "
    "“{word}.”",
    "The 6'2\" striker's \"{word}\" season ended early, the club said on the {day}.",
    "{speaker} said the agency’s figures for the 1990s were revised, and that the revision was "
    "“{word}.”",
]

WORDS = ["constructive", "historic", "premature", "candid", "not a template", "serious"]


def _day(rng):
    """A day of the month as a dateline gives it: "the 21st", "the 24th"."""
    day = rng.randint(10, 28)
    suffix = {21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    return f"{day}{suffix}"


def _fill(rng, template):
    speaker, pronoun = rng.choice(SPEAKERS)
    setting = rng.choice(SETTINGS).format(
        city=rng.choice(CITIES), outlet=rng.choice(OUTLETS), day=_day(rng)
    )
    return template.format(
        setting=setting,
        speaker=speaker,
        pronoun=pronoun,
        statement=rng.choice(STATEMENTS),
        word=rng.choice(WORDS),
        day=_day(rng),
    ), pronoun


def stray_opener(rng):
    """`…it means something. “There is no doubt,” he said.`: a quotation reopened inside itself."""
    lead, pronoun = _fill(rng, "{setting} {speaker} said,")
    return (
        f"{lead} “{rng.choice(OPENINGS)}, it means something. "
        f"“{rng.choice(CONTINUATIONS)},” {pronoun} said."
    )


def attribution_fragment(rng):
    """`…a serious problem.” “He said.`: the attribution split off and quoted on its own."""
    lead, pronoun = _fill(rng, "{setting} {speaker} said, “{statement},” and added,")
    verb = rng.choice(["said", "said", "added"])
    return f"{lead} “{rng.choice(CONDITIONS)}.” “{pronoun.capitalize()} {verb}."


def wrong_direction(rng):
    lead, _ = _fill(rng, "{setting} {speaker} said: ”{statement}.”")
    return lead


def unclosed(rng):
    lead, _ = _fill(rng, "{setting} {speaker} said, “{statement}.")
    return lead


def clean(rng):
    return _fill(rng, rng.choice(CLEAN))[0]


KINDS = [
    (stray_opener, 20),
    (attribution_fragment, 20),
    (wrong_direction, 4),
    (unclosed, 4),
    (clean, 52),
]


def text_for(rng):
    """One story text: usually a paragraph, sometimes two (a `\\n\\n` inside the string)."""
    pick = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    text = pick(rng)
    if rng.random() < 0.15:
        second = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
        text = text + "\n\n" + second(rng)
    return text


def record_line(i, rng):
    """Record `i` as one line of JSON, written in one of several styles."""
    text = text_for(rng)
    style = rng.random()
    source = rng.choice(["donga", "yonhap", "kyodo", "xinhua"])
    if style < 0.05:
        # A title with an artifact: not a --field, so it must come back as it is.
        record = {"id": i, "source": source, "title": "“It means something. “Really,” he said.",
                  "text": text}
    elif style < 0.10:
        record = {"id": i, "meta": {"desk": "world", "tags": ["nk", "ru"], "score": 0.5},
                  "text": text, "lang": "en"}
    elif style < 0.12:
        # No `text` field, or one that is not a string: nothing to check.
        record = {"id": i, "source": source, "body": {"text": text}}
    elif style < 0.13:
        record = {"id": i, "source": source, "text": None}
    elif style < 0.14:
        # Characters some line readers take for line breaks, inside a string.
        record = {"id": i, "source": source, "text": text + " \u2028Next\u0085line."}
    else:
        record = {"id": i, "source": source, "date": f"2024-10-{rng.randint(10, 28)}",
                  "text": text}
    how = rng.random()
    if how < 0.10:
        return json.dumps(record, ensure_ascii=True)
    if how < 0.25:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(record, ensure_ascii=False)


POOL = 20000


def lines(records=None, max_bytes=None, seed=9, malformed_every=0):
    """The corpus, line by line (no newline): `records` lines, or lines until `max_bytes`.

    Line 1000 is malformed and line 1001 blank; `malformed_every` adds a malformed line every
    that many lines. Such a line takes the place of a record but keeps its `id` in the count, so
    ids stay increasing, and a malformed line still starts `{"id": N,`. Past the first `POOL`
    records, the texts repeat under new ids, which keeps a gigabyte quick to write.
    """
    rng = random.Random(seed)
    pool = []
    size = 0
    i = 0
    while (records is None or i < records) and (max_bytes is None or size < max_bytes):
        if i == 1000 or (malformed_every and i % malformed_every == malformed_every - 1):
            line = '{"id": %d, "text": "“Unterminated, he said.}' % i
        elif i == 1001:
            line = ""
        elif len(pool) < POOL:
            line = record_line(i, rng)
            pool.append(line.split(",", 1)[1])
        else:
            # Every record starts `{"id": N,` or `{"id":N,`: the rest is reused.
            line = '{"id": %d,%s' % (i, pool[i % POOL])
        size += len(line.encode("utf-8")) + 1
        yield line
        i += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, help="this many lines")
    parser.add_argument("--bytes", type=int, dest="max_bytes", help="lines up to this size")
    parser.add_argument("--malformed-every", type=int, default=0, metavar="N",
                        help="also a malformed line every N lines")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.records is None and args.max_bytes is None:
        parser.error("give --records or --bytes")
    count = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for line in lines(args.records, args.max_bytes, malformed_every=args.malformed_every):
            out.write(line + "\n")
            count += 1
    print(f"{args.out}: {count} lines", file=sys.stderr)


if __name__ == "__main__":
    main()
