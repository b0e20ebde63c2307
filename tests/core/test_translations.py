"""Every message in the code and templates is translated into Kazakh and Russian, and none is
fuzzy. Run `make messages` after adding a string, then translate it in both catalogues."""

import re
from pathlib import Path

import pytest

from qamqor.core.i18n import LOCALE_DIR, PACKAGE_DIR, catalog_keys, extract_messages, read_catalog

LANGUAGES = ["kk", "ru"]


def _sources() -> list[Path]:
    python = [p for p in PACKAGE_DIR.rglob("*.py") if "migrations" not in p.parts]
    templates = list(PACKAGE_DIR.rglob("templates/**/*.html"))
    return python + templates


@pytest.fixture(scope="module")
def source_messages():
    return extract_messages(_sources())


def _catalog(language):
    path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing"
    return read_catalog(path)


def test_the_extractor_finds_messages_in_python_and_templates(source_messages):
    assert (None, "Hotline operator") in source_messages  # gettext_lazy in Python
    assert (None, "Skip to content") in source_messages  # {% translate %} in a template
    assert (None, "Welcome, %(name)s") in source_messages  # {% blocktranslate %}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_in_the_catalogue(language, source_messages):
    missing = sorted(
        message for _context, message in source_messages - catalog_keys(_catalog(language))
    )
    assert missing == [], f"not in {language}/django.po (run `make messages`)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_untranslated_or_fuzzy(language):
    catalog = _catalog(language)
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == [], f"untranslated in {language}"
    assert fuzzy == [], f"fuzzy in {language}"
    assert not catalog.fuzzy, f"the {language} catalogue header is marked fuzzy"


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    """A translation uses only the message's placeholders, and (unless plural) all of them."""
    for message in _catalog(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for string in strings:
            used = set(PLACEHOLDER.findall(string))
            assert used <= allowed, f"{language}: {ids[0]!r} has unknown placeholders"
            if len(ids) == 1:
                assert used == allowed, f"{language}: {ids[0]!r} loses a placeholder"
