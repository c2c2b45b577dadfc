"""Growth of free-text detection time on adversarial notes, to find superlinear inputs.

Usage: python benchmarks/worst_case.py [--sizes 25000,50000,100000,200000] [--big 1000000]
       [--big-shapes 4] [--timeout 30] [--slow 2.0] [--python] [--shapes "NAME|NAME"] [--list]

Each shape is a function that builds a note of a given length from a repeated unit or a
random run ("RN " repeated, a line of capitals, digits between separators). For every shape
a child process calls ``FreeTextMasker.find`` once on each size in turn and prints the
seconds. The report gives, per shape, the time at each size, the worst seconds per 10,000
characters and the largest time ratio between two sizes that differ by a factor of two
(2.0 is linear, 4.0 quadratic). Ratios of runs under 5 ms are left out, because the clock
and the cache are noisier than the work there.

Runtime is bounded: a shape stops growing once one size took ``--slow`` seconds, and the child
is killed after ``--timeout`` seconds (the report then marks the shape "timeout"). After
the sweep, the ``--big-shapes`` shapes with the highest seconds per 10,000 characters run once
more at ``--big`` characters.

``--python`` blocks the C extensions (``phigate.masking._*``) in the child, so the pure-Python
fallbacks run. Times are wall time on whatever else the machine runs, so compare ratios more
than absolute numbers, and rerun a shape alone (``--shapes``) before trusting an outlier.
"""

from __future__ import annotations

import argparse
import importlib.abc
import itertools
import json
import math
import random
import string
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

SIZES = (25_000, 50_000, 100_000, 200_000)
KEY = b"phigate-worst-case-benchmark-key-0123456789"
MIN_RATIO_SECONDS = 0.005

Builder = Callable[[int], str]


def repeat(unit: str) -> Builder:
    """Return a builder of ``unit`` repeated and cut to the size."""

    def build(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return build


def prefix_then(head: Callable[[int], str], tail: str) -> Builder:
    """Return a builder of ``head(size // 2)`` followed by ``tail`` repeated to the size."""

    def build(size: int) -> str:
        first = head(size // 2)
        return first + repeat(tail)(size - len(first))

    return build


def random_words(capitalize: Callable[[str], str], separator: str, seed: int) -> Builder:
    """Return a builder of random 4 to 9 letter words, changed by ``capitalize``."""

    def build(size: int) -> str:
        generator = random.Random(seed)
        parts: list[str] = []
        length = 0
        while length < size:
            word = "".join(
                generator.choice(string.ascii_lowercase) for _ in range(generator.randint(4, 9))
            )
            parts.append(capitalize(word))
            length += len(word) + len(separator)
        return separator.join(parts)[:size]

    return build


def roster(size: int) -> str:
    """Return one line of capital names with credentials: "JOHN SMITH RN, ANN LEE MD, ..."."""
    generator = random.Random(11)
    credentials = ("RN", "MD", "NP", "PA-C", "DO", "LPN", "PT")
    parts: list[str] = []
    length = 0
    while length < size:
        first = "".join(
            generator.choice(string.ascii_uppercase) for _ in range(generator.randint(3, 7))
        )
        last = "".join(
            generator.choice(string.ascii_uppercase) for _ in range(generator.randint(4, 8))
        )
        part = f"{first} {last} {generator.choice(credentials)}, "
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


def generated_notes(size: int, *, capitals: bool, flat: bool) -> str:
    """Return generated notes joined to the size, in capitals or on one line if asked."""
    # phigate is imported inside functions, after --python has blocked the C extensions.
    from phigate.evals.detection.corpus import generated_set  # noqa: PLC0415

    notes = [note.text for note in generated_set(40, 200, 4242).notes]
    text = "\n\n".join(notes)
    while len(text) < size:
        text = text + "\n\n" + text
    text = text[:size]
    if capitals:
        text = text.upper()
    if flat:
        text = text.replace("\n", " ")
    return text


def credential_shapes() -> dict[str, Builder]:
    """Return a shape for each credential alone, after an initial and after a comma."""
    from phigate.masking.cues import _CREDENTIAL_ALTERNATIVES  # noqa: PLC0415

    shapes: dict[str, Builder] = {}
    for credential in _CREDENTIAL_ALTERNATIVES:
        shapes[f"{credential} "] = repeat(f"{credential} ")
    for credential in ("RN", "MD", "PT", "DO", "MA", "PhD", "M.D."):
        shapes[f"A {credential} "] = repeat(f"A {credential} ")
        shapes[f"{credential}, "] = repeat(f"{credential}, ")
        shapes[f"Ab Cd, {credential} "] = repeat(f"Ab Cd, {credential} ")
        shapes[f"AB CD ({credential}) "] = repeat(f"AB CD ({credential}) ")
    return shapes


def title_shapes() -> dict[str, Builder]:
    """Return a shape for each title, alone and before a capital word or a lower-case one."""
    titles = [
        "Dr.",
        "Dr",
        "Drs.",
        "Mrs.",
        "Mr.",
        "Ms.",
        "Mx.",
        "Prof.",
        "Miss",
        "Doctor",
        "DR.",
        "MRS.",
        "MR.",
        "MS.",
        "MX.",
        "PROF.",
        "Rev.",
        "Fr.",
        "Sr.",
        "Capt.",
        "Sgt.",
        "Lt.",
        "Det.",
        "Officer",
        "Chaplain",
        "Pastor",
        "Rabbi",
        "Imam",
        "dr.",
        "mrs.",
        "mr.",
        "ms.",
        "dr",
        "DR",
        "MRS",
    ]
    shapes: dict[str, Builder] = {}
    for title in titles:
        shapes[f"{title} "] = repeat(f"{title} ")
    for title in ("Dr.", "Mrs.", "DR.", "dr", "Lt."):
        shapes[f"{title} Smith "] = repeat(f"{title} Smith ")
        shapes[f"{title} smith "] = repeat(f"{title} smith ")
        shapes[f"{title}\\n"] = repeat(f"{title}\n")
    shapes["Dr.Dr."] = repeat("Dr.")
    shapes["16 Fr. "] = repeat("16 Fr. ")
    return shapes


def relation_shapes() -> dict[str, Builder]:
    """Return a shape for each relation word, alone, with a name and in a chain."""
    from phigate.masking.cues import _RELATION_WORDS  # noqa: PLC0415

    shapes: dict[str, Builder] = {}
    for word in _RELATION_WORDS.split():
        shapes[f"{word} "] = repeat(f"{word} ")
    shapes["wife MARY "] = repeat("wife MARY ")
    shapes["daughter India "] = repeat("daughter India ")
    shapes["son frank lopez "] = repeat("son frank lopez ")
    shapes["mother's "] = repeat("mother's ")
    return shapes


def number_shapes() -> dict[str, Builder]:
    """Return digits with every separator, numbers, dates, phone and id shapes."""
    shapes: dict[str, Builder] = {}
    for separator in "-/. ,:;_()#+\t\n'\"":
        label = separator.replace("\t", "\\t").replace("\n", "\\n")
        shapes[f"1{label}"] = repeat(f"1{separator}")
        shapes[f"12{label}"] = repeat(f"12{separator}")
        shapes[f"123{label}"] = repeat(f"123{separator}")
    shapes["digits"] = lambda size: "1" * size
    shapes["12/12/"] = repeat("12/12/")
    shapes["12/12/2020 "] = repeat("12/12/2020 ")
    shapes["2020-01-01"] = repeat("2020-01-01")
    shapes["2020-01-"] = repeat("2020-01-")
    shapes["Jan 1, 2020 "] = repeat("Jan 1, 2020 ")
    shapes["March "] = repeat("March ")
    shapes["March 3 "] = repeat("March 3 ")
    shapes["3rd of March "] = repeat("3rd of March ")
    shapes["(555) "] = repeat("(555) ")
    shapes["555-"] = repeat("555-")
    shapes["617-555-0123 "] = repeat("617-555-0123 ")
    shapes["+1 "] = repeat("+1 ")
    shapes["MRN "] = repeat("MRN ")
    shapes["MRN: 1 "] = repeat("MRN: 1 ")
    shapes["MRN: "] = repeat("MRN: ")
    shapes["#1 "] = repeat("#1 ")
    shapes["age 5 "] = repeat("age 5 ")
    shapes["95 yo "] = repeat("95 yo ")
    shapes["123 Main St "] = repeat("123 Main St ")
    shapes["SSN 1-"] = repeat("SSN 1-")
    shapes["five "] = repeat("five ")
    shapes["ninety "] = repeat("ninety ")
    shapes["42.36, -71.05 "] = repeat("42.36, -71.05 ")
    shapes["0.0.0.0."] = repeat("0.0.0.0.")
    return shapes


def address_shapes() -> dict[str, Builder]:
    """Return e-mail, web address and domain shapes."""
    return {
        "a@": repeat("a@"),
        "a@a.": repeat("a@a."),
        "@a.": repeat("@a."),
        "a.@": repeat("a.@"),
        "a.": repeat("a."),
        "a.com": repeat("a.com"),
        ".com": repeat(".com"),
        "a.b.c.com ": repeat("a.b.c.com "),
        "http://": repeat("http://"),
        "http://a": lambda size: "http://" + "a" * (size - 7),
        "https://a.com/": repeat("https://a.com/"),
        "www.": repeat("www."),
        "a at b dot ": repeat("a at b dot "),
        "a dot ": repeat("a dot "),
        "long local part@": prefix_then(repeat("a."), "@b "),
        "long label.com": prefix_then(lambda size: "a" * size, ".com"),
        "@@": lambda size: "@" * size,
        "..": lambda size: "." * size,
        "a-.": repeat("a-."),
    }


def run_shapes() -> dict[str, Builder]:
    """Return runs of one character, long tokens and mixed case."""
    return {
        "a": lambda size: "a" * size,
        "A": lambda size: "A" * size,
        "space": lambda size: " " * size,
        "newline": lambda size: "\n" * size,
        "\\r\\n": repeat("\r\n"),
        "tab": lambda size: "\t" * size,
        "#": lambda size: "#" * size,
        "-": lambda size: "-" * size,
        "(": lambda size: "(" * size,
        "'": lambda size: "'" * size,
        "aA": repeat("aA"),
        "Aa": repeat("Aa"),
        "aA ": repeat("aA "),
        "A.": repeat("A."),
        "A. ": repeat("A. "),
        "A-": repeat("A-"),
        "A-\\n": repeat("A-\n"),
        "O'": repeat("O'"),
        "McA": repeat("McA"),
        "Qwx-": repeat("Qwx-"),
        "Ab's ": repeat("Ab's "),
        "Smith ": repeat("Smith "),
        "Smith, ": repeat("Smith, "),
        "SMITH ": repeat("SMITH "),
        "QWERTY ASDF ": repeat("QWERTY ASDF "),
        "Pt QWERTY ": repeat("Pt QWERTY "),
        "Abc-\\ndef ": repeat("Abc-\ndef "),
        "e-acute": lambda size: "\u00e9" * size,
        "\u00c9a ": repeat("\u00c9a "),
        "1\u200b": repeat("1\u200b"),
        "1\u00a0": repeat("1\u00a0"),
        "random caps words": random_words(str.capitalize, " ", 7),
        "random CAPS words": random_words(str.upper, " ", 7),
        "random caps lines": random_words(str.upper, "\n", 7),
        "random lower words": random_words(str.lower, " ", 7),
        "caps roster": roster,
        "HOSPITAL ": repeat("HOSPITAL "),
        "VALLEY HOSPITAL, ": repeat("VALLEY HOSPITAL, "),
        "Valley Hospital, ": repeat("Valley Hospital, "),
        "MEDICAL CENTER\\n": repeat("MEDICAL CENTER\n"),
        "random CAPS hospitals": random_words(lambda word: word.upper() + " HOSPITAL", " ", 5),
        "random caps names": random_words(lambda word: "Dr. " + word.capitalize(), " ", 3),
        "random hyphen names": random_words(
            lambda word: "Dr. " + word[:2].capitalize() + "-" + word[2:].capitalize(), " ", 9
        ),
        "random names, RN": random_words(lambda word: word.capitalize() + " Lee, RN", " ", 13),
        "notes": lambda size: generated_notes(size, capitals=False, flat=False),
        "notes in capitals": lambda size: generated_notes(size, capitals=True, flat=False),
        "notes flat": lambda size: generated_notes(size, capitals=False, flat=True),
        "notes flat capitals": lambda size: generated_notes(size, capitals=True, flat=True),
    }


def with_accent(build: Builder) -> Builder:
    """Return a builder of ``build``'s note ending in "é", so the C loops leave it to Python."""

    def build_with_accent(size: int) -> str:
        return build(size - 1) + "\u00e9"

    return build_with_accent


def accent_shapes() -> dict[str, Builder]:
    """Return dense cue shapes in a note that is not ASCII."""
    return {
        f"{name} + \u00e9": with_accent(build)
        for name, build in {
            "RN ": repeat("RN "),
            "MD ": repeat("MD "),
            "A RN ": repeat("A RN "),
            "MA, ": repeat("MA, "),
            "Dr. ": repeat("Dr. "),
            "Dr. Smith ": repeat("Dr. Smith "),
            "SMITH ": repeat("SMITH "),
            "caps roster": roster,
            "random caps names": random_words(lambda word: "Dr. " + word.capitalize(), " ", 3),
        }.items()
    }


def all_shapes() -> dict[str, Builder]:
    shapes: dict[str, Builder] = {}
    for group in (
        credential_shapes,
        title_shapes,
        relation_shapes,
        number_shapes,
        address_shapes,
        run_shapes,
        accent_shapes,
    ):
        shapes.update(group())
    return shapes


class _ExtensionBlocker(importlib.abc.MetaPathFinder):
    """Fail the import of every C extension of ``phigate.masking``, so the fallbacks run."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.startswith("phigate.masking._"):
            raise ModuleNotFoundError(f"{fullname} is blocked by --python", name=fullname)


def child(shape: str, sizes: Sequence[int], slow: float, python_only: bool) -> None:
    """Time ``find`` on ``shape`` at each size and print one JSON line per size."""
    if python_only:
        sys.meta_path.insert(0, _ExtensionBlocker())
    from phigate.masking import FreeTextMasker, Masker  # noqa: PLC0415

    masker = FreeTextMasker(Masker(KEY))
    masker.find("warm up: Dr. Smith saw Ann Lee, RN, on 3/4/2020, 617-555-0123, a@b.com")
    build = all_shapes()[shape]
    for size in sizes:
        text = build(size)
        started = time.perf_counter()
        spans = masker.find(text)
        seconds = time.perf_counter() - started
        print(json.dumps({"chars": len(text), "seconds": seconds, "spans": len(spans)}), flush=True)
        if seconds >= slow:
            break


def measure(
    shape: str, sizes: Sequence[int], timeout: float, slow: float, python_only: bool
) -> tuple[list[dict[str, Any]], bool]:
    """Run one shape in a child process; return its rows and whether it timed out."""
    command = [sys.executable, __file__, "--child", shape, "--sizes", ",".join(map(str, sizes))]
    command += ["--slow", str(slow)]
    if python_only:
        command.append("--python")
    timed_out = False
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
        output = result.stdout
        if result.returncode != 0:
            print(f"{shape!r}: child failed: {result.stderr.strip()[-500:]}", file=sys.stderr)
    except subprocess.TimeoutExpired as expired:
        timed_out = True
        raw = expired.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return rows, timed_out


def doubling_ratio(rows: Sequence[dict[str, Any]]) -> float | None:
    """Return the largest time growth between sizes, scaled to a doubling of the size."""
    worst: float | None = None
    for first, second in itertools.pairwise(rows):
        if first["seconds"] < MIN_RATIO_SECONDS:
            continue
        size_ratio = second["chars"] / first["chars"]
        time_ratio = second["seconds"] / first["seconds"]
        per_doubling = 2 ** (math.log(time_ratio) / math.log(size_ratio))
        worst = per_doubling if worst is None else max(worst, per_doubling)
    return worst


def per_10k(rows: Sequence[dict[str, Any]]) -> float:
    return max((row["seconds"] / row["chars"] * 10_000 for row in rows), default=0.0)


def report_line(shape: str, rows: Sequence[dict[str, Any]], timed_out: bool) -> str:
    times = " ".join(f"{row['chars'] // 1000}k:{row['seconds']:.3f}" for row in rows)
    ratio = doubling_ratio(rows)
    ratio_text = "-" if ratio is None else f"{ratio:.2f}"
    flag = " timeout" if timed_out else ""
    return f"{shape!r:32} {per_10k(rows):8.4f} {ratio_text:>6}  {times}{flag}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="sizes in characters")
    parser.add_argument("--big", type=int, default=1_000_000, help="size for the worst shapes")
    parser.add_argument("--big-shapes", type=int, default=4, help="how many shapes run at --big")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per shape")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds that stop a shape")
    parser.add_argument("--python", action="store_true", help="block the C extensions")
    parser.add_argument("--shapes", default="", help="shape names separated by | (default all)")
    parser.add_argument("--list", action="store_true", help="print the shape names and exit")
    parser.add_argument("--json", default="", help="also write the rows to this file")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]
    if arguments.child:
        child(arguments.child, sizes, arguments.slow, arguments.python)
        return
    shapes = all_shapes()
    if arguments.list:
        print("\n".join(repr(name) for name in shapes))
        return
    names = list(shapes)
    if arguments.shapes:
        names = [name for name in arguments.shapes.split("|") if name]
        unknown = [name for name in names if name not in shapes]
        if unknown:
            parser.error(f"unknown shapes: {unknown}; --list prints the names")
    engine = "Python fallbacks" if arguments.python else "C extensions where built"
    print(f"find() on {len(names)} shapes, sizes {sizes}, {engine}")
    print(f"{'shape':32} {'s/10k':>8} {'x2':>6}  size:seconds")
    results: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        rows, timed_out = measure(name, sizes, arguments.timeout, arguments.slow, arguments.python)
        results[name] = rows
        print(report_line(name, rows, timed_out), flush=True)
    worst = sorted(names, key=lambda name: -per_10k(results[name]))[: arguments.big_shapes]
    if worst and arguments.big:
        print(f"\nthe {len(worst)} slowest shapes at {arguments.big} characters")
        for name in worst:
            rows, timed_out = measure(
                name, [arguments.big], arguments.timeout, arguments.slow, arguments.python
            )
            results[f"{name} @big"] = rows
            print(report_line(name, rows, timed_out), flush=True)
    if arguments.json:
        with open(arguments.json, "w", encoding="utf-8") as file:
            json.dump(results, file)


if __name__ == "__main__":
    main()
