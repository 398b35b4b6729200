"""Characters that change how text reads without being seen: bidi controls and zero-width
characters (U+202E turns "Koffie" into "eiffoK", U+200B hides inside a name).

Typed text for cards (names, descriptions, titles, places, messages) is stripped of them in
the bot; `import-map` refuses a row holding them, naming the field and the characters.
The zero-width joiner (U+200D) stays: emoji sequences need it and it reorders nothing.
"""

from __future__ import annotations

import re

INVISIBLE = frozenset(
    {
        "\u00ad",  # soft hyphen
        "\u061c",  # Arabic letter mark
        "\u180e",  # Mongolian vowel separator
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        *(chr(code) for code in range(0x202A, 0x202F)),  # embeddings and overrides
        *(chr(code) for code in range(0x2060, 0x2065)),  # word joiner, invisible operators
        *(chr(code) for code in range(0x2066, 0x206A)),  # isolates
        *(chr(code) for code in range(0x206A, 0x2070)),  # deprecated format characters
        "\ufeff",  # zero-width no-break space (a BOM inside text)
        "\ufff9",
        "\ufffa",
        "\ufffb",  # interlinear annotations
    }
)
_TABLE = dict.fromkeys(map(ord, INVISIBLE))
_ANY = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def visible(text: str) -> str:
    """The text without bidi controls and zero-width characters."""
    return text.translate(_TABLE)


def invisible_in(text: str) -> list[str]:
    """The invisible characters in the text, as `U+202E`, each once, in order."""
    found: list[str] = []
    if _ANY.search(text) is None:  # the common case, decided in C
        return found
    for char in text:
        code = f"U+{ord(char):04X}"
        if char in INVISIBLE and code not in found:
            found.append(code)
    return found
