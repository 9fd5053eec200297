"""Write ``set.json``: the evaluation set of 30 seekers and 200 postings, with the judgements.

Run from the project root: ``uv run python -m gonghui.employment.matching.evaluation.build_set``.
The output is committed; rerunning with the same seed writes the same file.

How the right answers are written down (see README.md): each record is generated from a
role (the kind of work it really is: 电工, 叉车司机 ...). The judge gives a posting grade 2 for a
seeker when it is the seeker's own kind of work, 1 when it is a neighbouring kind the seeker
could do (an electrician in a machine-repair job), 0 otherwise; and 0 whatever the kind when
the posting breaks what the seeker or the employer stated (closed or expired, out of the wanted
places or farther than 30 km, pay below the seeker's minimum, age or education outside the
limits). The matcher sees none of the roles: it sees occupation codes, which a third of
seekers leave empty and a fifth of everyone fills in only to the medium category.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

from gonghui.employment.matching import scorer, synthetic
from gonghui.employment.matching.documents import PostingDoc, SeekerDoc

HERE = Path(__file__).resolve().parent
TODAY = datetime.date(2026, 6, 1)
SEED = 2026


def judge(seeker: SeekerDoc, role: str, posting: PostingDoc, posting_role: str) -> int:
    """The grade a placement officer would give, from the roles and the stated limits."""
    if not scorer.passes(seeker, posting, TODAY):
        return 0
    if posting_role == role:
        return 2
    if posting_role in synthetic.ROLE_BY_KEY[role].neighbours:
        return 1
    return 0


def posting_json(generated: synthetic.Generated) -> dict[str, Any]:
    doc = generated.doc
    assert isinstance(doc, PostingDoc)
    return {
        "id": doc.id, "role": generated.role, "title": doc.title, "employer": doc.employer,
        "occupation": doc.occupation, "region": doc.region, "lat": doc.lat, "lon": doc.lon,
        "pay_min": doc.pay_min, "pay_max": doc.pay_max, "education_min": doc.education_min,
        "age_min": doc.age_min, "age_max": doc.age_max, "skills": sorted(doc.skills),
        "certificates": sorted(doc.certificates), "text": doc.text,
        "valid_until": doc.valid_until.isoformat() if doc.valid_until else None,
        "published": doc.published,
    }  # fmt: skip


def seeker_json(generated: synthetic.Generated) -> dict[str, Any]:
    doc = generated.doc
    assert isinstance(doc, SeekerDoc)
    return {
        "id": doc.id, "role": generated.role, "occupations": list(doc.occupations),
        "regions": list(doc.regions), "lat": doc.lat, "lon": doc.lon,
        "expected_pay": doc.expected_pay, "education": doc.education, "age": doc.age,
        "skills": sorted(doc.skills), "certificates": sorted(doc.certificates),
        "text": doc.text, "hardship": doc.hardship,
    }  # fmt: skip


def build() -> dict[str, Any]:
    rng = random.Random(SEED)
    postings = [
        synthetic.make_posting(rng, i + 1, TODAY, role=synthetic.ROLES[i % len(synthetic.ROLES)])
        for i in range(200)
    ]
    seekers: list[synthetic.Generated] = []
    judgements: dict[str, dict[str, int]] = {}
    while len(seekers) < 30:
        generated = synthetic.make_seeker(rng, len(seekers) + 1)
        grades = {
            str(p.doc.id): grade
            for p in postings
            if (grade := judge(generated.doc, generated.role, p.doc, p.role))  # type: ignore[arg-type]
        }
        if sum(1 for g in grades.values() if g == 2) >= 2:  # something to find
            seekers.append(generated)
            judgements[str(generated.doc.id)] = grades
    return {
        "today": TODAY.isoformat(),
        "how": __doc__.split("How the right answers are written down", 1)[1].strip(),
        "postings": [posting_json(p) for p in postings],
        "seekers": [seeker_json(s) for s in seekers],
        "judgements": judgements,
    }


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    django.setup()
    (HERE / "set.json").write_text(
        json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print("written", HERE / "set.json")
