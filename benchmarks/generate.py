"""Generate a large inquiry in the spec's format: every municipality, county board and a few agencies,
letters to all municipalities, each answered by every one of them.

    python benchmarks/generate.py OUT_DIR --replies 20000
"""

from __future__ import annotations

import argparse
import math
from datetime import date, timedelta
from pathlib import Path

from lokalservice.model import sweden

REPLIES_PER_LETTER = 290  # every municipality answers every letter


def generate(out: Path, replies: int) -> None:
    """Write the data folder at `out` with `replies` replies (about 300 organisations, replies/290 letters)."""
    out.mkdir(parents=True, exist_ok=True)
    municipalities = list(sweden.municipalities().values())
    counties = list(sweden.counties().values())
    ids = [f"k{m.code}" for m in municipalities]
    (out / "inquiry.yaml").write_text(
        "designation: Fi 2099:01\ntitle: Genererad utredning för prestandamätning\ndepartment: Finansdepartementet\n"
        "staff:\n  - id: utredare\n    name: Utredare\n    role: särskild utredare\n  - id: sekreterare\n    name: Sekreterare\n"
        "    email: sekreterare@example.se\n",
        encoding="utf-8",
    )
    orgs = ["organisations:"]
    for id_, m in zip(ids, municipalities):
        orgs += [
            f"  - id: {id_}",
            "    kind: municipality",
            f"    name: {m.name}",
            "    contacts:",
            f"      - name: Kontakt {m.code}",
            f"        email: kontakt{m.code}@example.se",
        ]
    for c in counties:
        orgs += [f"  - id: lst-{c.code}", "    kind: county_board", f"    name: Länsstyrelsen i {c.long_name}", f"    county: {c.name}"]
        orgs += ["    contacts:", f"      - name: Kontakt län {c.code}", f"        email: lan{c.code}@example.se"]
    for agency in ("Försäkringskassan", "Skatteverket", "Arbetsförmedlingen", "Polisen"):
        orgs += [f"  - id: {agency.lower().replace('ö', 'o').replace('ä', 'a')}", "    kind: agency", f"    name: {agency}"]
    (out / "organisations.yaml").write_text("\n".join(orgs) + "\n", encoding="utf-8")

    lists = ["lists:"]
    for c in counties:
        members = [id_ for id_, m in zip(ids, municipalities) if m.county == c]
        lists += [f"  - id: kommuner-{c.code}", f"    title: Kommunerna i {c.long_name}", f"    members: [{', '.join(members)}]"]
    lists += ["  - id: alla-kommuner", "    title: Alla kommuner", f"    include: [{', '.join(f'kommuner-{c.code}' for c in counties)}]"]
    lists += ["  - id: lansstyrelser", "    title: Länsstyrelserna", f"    members: [{', '.join(f'lst-{c.code}' for c in counties)}]"]
    (out / "lists.yaml").write_text("\n".join(lists) + "\n", encoding="utf-8")

    letter_count = math.ceil(replies / REPLIES_PER_LETTER)
    start = date(2009, 1, 5)
    letters = ["letters:"]
    for n in range(letter_count):
        sent = start + timedelta(days=7 * n)
        letters += [
            f"  - id: brev-{n}",
            f"    date: {sent}",
            f"    subject: Brev nummer {n}",
            "    from: [utredare, sekreterare]",
            "    to: [alla-kommuner]",
            "    cc: [lansstyrelser]",
            f"    reply_by: {sent + timedelta(days=60)}",
        ]
    (out / "letters.yaml").write_text("\n".join(letters) + "\n", encoding="utf-8")

    directives = ["directives:", "  - id: dir-1", "    designation: Dir. 2099:1", "    deadlines:"]
    for n in range(10):
        directives += [f"      - id: redovisning-{n}", f"        due: {start + timedelta(days=90 * n)}", f"        what: Redovisning {n}"]
    (out / "directives.yaml").write_text("\n".join(directives) + "\n", encoding="utf-8")

    with (out / "replies.yaml").open("w", encoding="utf-8") as handle:
        handle.write("replies:\n")
        for k in range(replies):
            n, i = divmod(k, REPLIES_PER_LETTER)
            received = start + timedelta(days=7 * n + 1 + i % 50)
            handle.write(
                f"  - letter: brev-{n}\n    from: {ids[i]}\n    received: {received}\n    publish: {'true' if i % 3 else 'false'}\n    dnr: Fi 2099:01/{k}\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--replies", type=int, default=20_000)
    args = parser.parse_args()
    generate(args.out, args.replies)


if __name__ == "__main__":
    main()
