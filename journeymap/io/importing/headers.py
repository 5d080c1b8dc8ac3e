"""The header block of a sheet: one row in most files, more in survey
platform exports.

* Qualtrics: column ids (Q1, Q1_NPS_GROUP, RecordedDate), then the question
  text, then a row of ImportId JSON ({"ImportId":"QID1"}); the legacy export
  has the first two only.
* SurveyMonkey: the question in the first row, written once over its options
  (a merged cell in .xlsx, blanks in .csv), and "Response", "Open-Ended
  Response" or the option (a matrix row) in the second.
* Google Forms: one row; a grid question is "Question [Row]".

Each column ends up with the text of its first header row, its question and
its option, so matching can look at all three.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .cells import cell_text, normalize

_GRID = re.compile(r"^(?P<question>.+?)\s*\[(?P<option>[^\[\]]+)\]\s*$")
_SUBHEADER_WORDS = {normalize(w) for w in ("Response", "Open-Ended Response", "Other (please specify)")}


@dataclass(frozen=True)
class Column:
    index: int
    header: str        # the first header row's text
    question: str = ""  # the question it belongs to (text row, merged banner, "Question [Row]")
    option: str = ""    # the part of the question it answers (matrix row, grid row)

    @property
    def label(self) -> str:
        """How the column is named in messages: its header, and the question when that says more."""
        parts = [self.header] if self.header else []
        shown = normalize(self.header)
        for extra in (self.question, self.option):
            if extra and normalize(extra) not in shown:
                parts.append(extra)
                shown += " " + normalize(extra)
        return " / ".join(parts)

    def texts(self) -> list[str]:
        return [t for t in (self.header, self.question, self.option) if t]


@dataclass
class HeaderBlock:
    header_row: int
    data_start: int
    columns: list[Column]
    platform: str = ""  # "Qualtrics", "SurveyMonkey", "Google Forms" or ""

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _is_import_id_row(row: list[Any]) -> bool:
    texts = [cell_text(v) for v in row if cell_text(v)]
    return bool(texts) and sum(t.startswith(('{"ImportId"', "{'ImportId'")) for t in texts) * 2 >= len(texts)


def is_subheader_row(row: list[Any]) -> bool:
    return any(normalize(cell_text(v)) in _SUBHEADER_WORDS for v in row)


def read_header_block(rows: list[list[Any]], header_row: int,
                      role_of: Callable[[str], str | None]) -> HeaderBlock:
    """`role_of(text)` names a column role or None; used to recognise the
    question-text row of a Qualtrics export (it repeats the roles above it)."""
    first = [cell_text(v) for v in rows[header_row]]
    width = max(len(first), max((len(r) for r in rows[header_row + 1: header_row + 4]), default=0))
    first += [""] * (width - len(first))

    def row_at(i: int) -> list[str]:
        if i >= len(rows):
            return [""] * width
        texts = [cell_text(v) for v in rows[i]]
        return texts + [""] * (width - len(texts))

    second = row_at(header_row + 1)
    if header_row + 2 < len(rows) and _is_import_id_row(rows[header_row + 2]):
        return HeaderBlock(header_row, header_row + 3, _with_questions(first, second), "Qualtrics")
    same_roles = sum(1 for a, b in zip(first, second, strict=True)
                     if a and b and role_of(a) and role_of(a) == role_of(b) and normalize(a) != normalize(b))
    if same_roles >= 2 and header_row + 1 < len(rows):
        return HeaderBlock(header_row, header_row + 2, _with_questions(first, second), "Qualtrics")
    if header_row + 1 < len(rows) and is_subheader_row(rows[header_row + 1]):
        return HeaderBlock(header_row, header_row + 2, _with_options(first, second), "SurveyMonkey")
    columns = []
    for i, text in enumerate(first):
        m = _GRID.match(text)
        if m:
            columns.append(Column(i, text, m.group("question").strip(), m.group("option").strip()))
        else:
            columns.append(Column(i, text))
    platform = "Google Forms" if first and normalize(first[0]) == "timestamp" else ""
    return HeaderBlock(header_row, header_row + 1, columns, platform)


def _with_questions(ids: list[str], texts: list[str]) -> list[Column]:
    """Qualtrics: a matrix row's text is "Question - Row" (the last " - ")."""
    columns = []
    for i, (header, text) in enumerate(zip(ids, texts, strict=True)):
        question, option = text, ""
        if " - " in text:
            question, option = (part.strip() for part in text.rsplit(" - ", 1))
            if normalize(option) in ("selected choice", "text"):
                option = ""
        columns.append(Column(i, header, question, option))
    return columns


def _with_options(questions: list[str], options: list[str]) -> list[Column]:
    """SurveyMonkey: a question written once over all its options."""
    columns, current = [], ""
    for i, (question, option) in enumerate(zip(questions, options, strict=True)):
        if question:
            current = question
        elif not option:
            current = ""
        q = question or current
        opt = "" if normalize(option) == "response" else option
        columns.append(Column(i, f"{q} - {opt}" if opt else q, q, opt))
    return columns
