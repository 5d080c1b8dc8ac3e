"""Text tables (CSV, TSV, Excel's "Unicode text") in whatever encoding,
delimiter and line ending the program that wrote them chose."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from .safety import ImportError_

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Far beyond any real answer, small enough that a hostile field cannot
# exhaust memory before it is refused.
FIELD_LIMIT = 10 * 1024 * 1024
ENCODING_NAMES = {"utf_8": "UTF-8", "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16",
                  "utf-32": "UTF-32", "cp1252": "Windows-1252", "shift_jis": "Shift-JIS", "cp932": "Shift-JIS",
                  "ascii": "ASCII"}


_LATIN_SINGLE_BYTE = {"cp1250", "cp1252", "cp1257", "cp775", "cp850", "cp858", "cp437", "latin_1", "iso8859_1",
                      "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
                      "iso8859_15", "iso8859_16", "mac_latin2", "mac_roman", "mac_iceland", "hp_roman8", "cp1254"}


@dataclass
class TextTable:
    rows: list[list[str]]
    encoding: str
    delimiter: str


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name): a BOM wins, then strict UTF-8, then a
    maintained detector (charset-normalizer); undecodable bytes are refused."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ImportError_(f"{name}: not valid {ENCODING_NAMES.get(encoding, encoding)} text "
                                   f"at byte {exc.start}") from None
    if b"\x00" in raw[:4096] and len(raw) >= 2:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        even, odd = raw[:4096:2].count(0), raw[1:4096:2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return raw.decode(encoding), "utf-16"
        except UnicodeDecodeError:
            raise ImportError_(f"{name}: binary data, not a text table") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(raw[:1_000_000]).best()
    if best is not None:
        encoding = best.encoding
        # On a short table the detector cannot tell Western from Central
        # European and picks cp1250 ("Crème" would read "Crčme"). Excel on
        # Western Windows writes cp1252, by far the commonest of these, so a
        # Latin guess yields to cp1252 whenever the bytes are valid cp1252.
        if encoding.replace("-", "_").lower() in _LATIN_SINGLE_BYTE:
            try:
                return raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                pass
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise ImportError_(f"{name}: the text encoding cannot be recognised; save it as CSV UTF-8")


def read_text_table(raw: bytes, name: str, max_rows: int) -> TextTable:
    # Counted on the bytes, before decoding builds the text several times larger.
    if raw.count(b"\n") > max_rows + 1 or (b"\n" not in raw[:1_000_000] and raw.count(b"\r") > max_rows + 1):
        raise ImportError_(f"{name}: more than {max_rows:,} rows; split the file")
    text, encoding = decode(raw, name)
    sample = text[:20000]
    found = delimiter(sample)
    csv.field_size_limit(FIELD_LIMIT)
    # newline="" keeps quoted line breaks inside a field and splits records
    # on CR, LF or CRLF alike (classic Mac Excel writes CR only).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=found)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > max_rows:
                raise ImportError_(f"{name}: more than {max_rows:,} rows; split the file")
    except csv.Error as exc:
        raise ImportError_(f"{name}, row {reader.line_num}: {str(exc)[:120]}") from None
    return TextTable(rows, ENCODING_NAMES.get(encoding.lower(), encoding), found)


def delimiter(sample: str) -> str:
    """The delimiter that splits the first records into the most consistent
    number of columns, quotes respected (a csv.Sniffer guess is thrown off by
    commas inside quoted JSON, as in a Qualtrics export)."""
    # Drop the last, probably cut, record of the sample.
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    sample = sample[:cut] if cut > 0 else sample
    best, best_score = ",", (0, 0)
    for d in (",", ";", "\t", "|"):
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d) if any(r)][:50]
        except csv.Error:
            continue
        widths = [len(r) for r in rows]
        if not widths or max(widths) < 2:
            continue
        modal = max(set(widths), key=widths.count)
        score = (widths.count(modal) * (modal > 1), modal)
        if score > best_score:
            best, best_score = d, score
    return best
