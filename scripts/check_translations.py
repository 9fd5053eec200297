"""Fail when the Chinese catalogue has an untranslated or fuzzy entry, or when the compiled
catalogue (.mo) is older than its source (.po). Pure Python: CI machines need no gettext."""

from __future__ import annotations

import ast
import gettext
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "gonghui" / "locale" / "zh_Hans" / "LC_MESSAGES"


def _unquote(line: str) -> str:
    # PO strings use C escapes, which a Python string literal reads the same way.
    value = ast.literal_eval(line[line.index('"') :])
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> tuple[dict[str, str], list[str]]:
    entries: dict[str, str] = {}
    fuzzy: list[str] = []
    msgid = msgstr = None
    current = None
    is_fuzzy = False
    plural = False

    def flush() -> None:
        nonlocal msgid, msgstr, is_fuzzy, plural
        if msgid:
            entries[msgid] = msgstr or ""
            if is_fuzzy:
                fuzzy.append(msgid)
        msgid = msgstr = None
        is_fuzzy = plural = False

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            current = None
        elif line.startswith("#,") and "fuzzy" in line:
            is_fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt"):
            current = "ctxt"
        elif line.startswith("msgid_plural"):
            plural = True
            current = "plural"
        elif line.startswith("msgid"):
            msgid, current = _unquote(line), "id"
        elif line.startswith("msgstr[0]") or (line.startswith("msgstr") and not plural):
            msgstr, current = _unquote(line), "str"
        elif line.startswith("msgstr["):
            current = "other"
        elif line.startswith('"'):
            if current == "id":
                msgid = (msgid or "") + _unquote(line)
            elif current == "str":
                msgstr = (msgstr or "") + _unquote(line)
    return entries, fuzzy


def main() -> int:
    po, mo = LOCALE / "django.po", LOCALE / "django.mo"
    if not po.exists() or not mo.exists():
        print(f"missing catalogue: {po} / {mo}")
        return 1
    entries, fuzzy = parse_po(po)
    untranslated = sorted(k for k, v in entries.items() if not v)
    compiled = gettext.GNUTranslations(mo.open("rb"))
    stale = sorted(
        k for k, v in entries.items() if v and k not in fuzzy and compiled.gettext(k) != v
    )
    for label, items in (("untranslated", untranslated), ("fuzzy", fuzzy), ("not compiled", stale)):
        for item in items:
            print(f"{label}: {item!r}")
    if untranslated or fuzzy or stale:
        print("Translate gonghui/locale/zh_Hans/LC_MESSAGES/django.po, then run compilemessages.")
        return 1
    print(f"{len(entries)} messages translated and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
