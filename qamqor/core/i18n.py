"""Translation catalogues without GNU gettext.

`make install` compiles the .po files to .mo with Babel, so serving Qamqor needs no system
package. The translation test uses `extract_messages` to check that every message in the code
and templates is in the catalogues. Developers refresh the .po files with `make messages`
(Django's makemessages, which does need gettext).

Usage: python -m qamqor.core.i18n compile
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"

# The keywords Django's makemessages gives xgettext, in Babel's notation.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

MessageKey = tuple[str | None, str]


def po_files(locale_dir: Path = LOCALE_DIR) -> Iterator[Path]:
    yield from sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write a .mo next to every .po; fuzzy entries are left out, as msgfmt does."""
    written = []
    for po_path in po_files(locale_dir):
        catalog = read_catalog(po_path)
        mo_path = po_path.with_suffix(".mo")
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        if not mo_path.exists() or mo_path.read_bytes() != buffer.getvalue():
            mo_path.write_bytes(buffer.getvalue())
            written.append(mo_path)
    return written


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _keys_from_python(source: str) -> Iterator[MessageKey]:
    for _lineno, function, messages, _comments in extract_python(
        io.BytesIO(source.encode("utf-8")), KEYWORDS.keys(), [], {"encoding": "utf-8"}
    ):
        spec = KEYWORDS[function]
        values = messages if isinstance(messages, tuple) else (messages,)
        context = None
        if isinstance(spec, tuple) and isinstance(spec[0], tuple):
            context, values = values[0], values[1:]
        if values and isinstance(values[0], str):
            yield context, values[0]


def extract_messages(paths: Iterable[Path]) -> set[MessageKey]:
    """The (context, msgid) of every translatable message in these Python files and templates."""
    from django.utils.translation.template import templatize

    keys: set[MessageKey] = set()
    for path in paths:
        source = path.read_text(encoding="utf-8")
        if path.suffix in {".html", ".txt"}:
            # templatize keeps the template's layout; Python's tokenizer would read its
            # indentation as code blocks, so each line starts at column 0.
            source = templatize(source, origin=str(path))
            source = "\n".join(line.lstrip() for line in source.splitlines())
        keys.update(_keys_from_python(source))
    return keys


def catalog_keys(catalog: Catalog) -> set[MessageKey]:
    return {(message.context, _singular(message.id)) for message in catalog if message.id}


def main(argv: list[str]) -> int:
    if argv != ["compile"]:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    compile_catalogs()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
