"""Name keys that match across scripts and common spelling variants.

Kazakh and Russian names are written in Cyrillic or Latin, and spellings vary: Нұрлан, Нурлан
and Nurlan; Ерлан and Yerlan; Дмитрий and Dmitriy. `name_tokens` turns a name into
lowercase Latin "skeletons" that coincide for such variants: Kazakh letters fold to their
Russian neighbours, Cyrillic is transliterated, diacritics are dropped, the digraphs that
transliteration systems disagree on are unified, and doubled letters collapse.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "c", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "u", "я": "a",
}  # fmt: skip

# Latin spellings of the same sounds, longest first.
_LATIN = [
    ("shch", "sh"), ("zh", "j"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("dj", "j"),
    ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"), ("ye", "e"), ("yo", "o"),
    ("ş", "sh"), ("ç", "ch"), ("ı", "i"), ("q", "k"), ("w", "v"), ("x", "ks"), ("y", "i"),
]  # fmt: skip

_SEPARATORS = re.compile(r"[\s\-‐–—'’`.,]+")
_REPEATS = re.compile(r"(.)\1+")


def _skeleton(word: str) -> str:
    word = "".join(_CYRILLIC.get(letter, letter) for letter in word.lower())
    word = _REPEATS.sub(r"\1", word)  # Iuliia and Юлия: fold "ii" before "ia"
    for spelling, sound in _LATIN:
        word = word.replace(spelling, sound)
    word = unicodedata.normalize("NFKD", word)
    word = "".join(letter for letter in word if "a" <= letter <= "z")
    return _REPEATS.sub(r"\1", word)


def name_tokens(*names: str) -> list[str]:
    """The distinct skeletons of every word in `names`, in order."""
    tokens: list[str] = []
    for name in names:
        for word in _SEPARATORS.split(name or ""):
            token = _skeleton(word)
            if token and token not in tokens:
                tokens.append(token)
    return tokens
