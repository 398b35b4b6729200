"""Client details in typed text: find what identifies a person and put a marker in its place.

Pure functions, no Telegram and no SQL. Everything a person types that the bot keeps
(questions, missed questions and their word, introduction texts, feedback remarks) goes
through `scrub` first. It errs on the side of removing: a phone number that is really an
order number costs a word, a kept phone number costs a client's privacy. It leaves what a
question needs: area names, street names without a number, dates of meetings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

PHONE, EMAIL, ADDRESS, POSTCODE, BSN, BIRTH_DATE, NAME = (
    "[telefoon]",
    "[e-mail]",
    "[adres]",
    "[postcode]",
    "[bsn]",
    "[geboortedatum]",
    "[naam]",
)
MARKERS = (PHONE, EMAIL, ADDRESS, POSTCODE, BSN, BIRTH_DATE, NAME)
# A birth year this many years before now or longer ago makes a full date a birth date.
BIRTH_YEARS_AGO = 16


@dataclass(frozen=True)
class Scrubbed:
    """The cleaned text and the markers put in (empty when nothing was found)."""

    text: str
    found: frozenset[str]

    @property
    def changed(self) -> bool:
        """Whether anything was removed."""
        return bool(self.found)


# ---- e-mail -------------------------------------------------------------------------------
# The characters an address's local part may hold (RFC 5322's atext and the dot).
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(rf"(?<!{_LOCAL}){_LOCAL}++@[\w-]++(?:\.[\w-]++)+", re.UNICODE)
_AT = r"(?:\s*[\[({<]\s*(?:at|apenstaartje|@)\s*[\])}>]\s*|\s+(?:at|apenstaartje)\s+)"
_DOT = r"(?:\s*[\[({<]\s*(?:dot|punt|\.)\s*[\])}>]\s*|\s+(?:dot|punt)\s+|\.)"
_EMAIL_SPELLED = re.compile(
    rf"(?<![\w.+-])[\w.+-]++{_AT}[\w-]++(?:{_DOT}[\w-]++)*?{_DOT}"
    r"(?:nl|com|org|net|eu|be|de|info|amsterdam|nu|frl|uk|fr|es|it|io|me)\b",
    re.IGNORECASE,
)

# ---- dates --------------------------------------------------------------------------------
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
    "|january|february|march|may|june|july|august|october"
)
_NUMERIC_DATE = r"\d{1,2}\s?[-/.]\s?\d{1,2}\s?[-/.]\s?(?:\d{4}|'?\d{2})"
_WORD_DATE = rf"\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})\.?(?:\s+(?:\d{{4}}|'\d{{2}}))?"
_ISO_DATE = r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}"
_ANY_DATE = rf"(?:{_ISO_DATE}|{_NUMERIC_DATE}|{_WORD_DATE})"
_BIRTH_CUE = (
    r"(?:geboren|geb\.?|geboortedatum|geb\.?\s?datum|geboortedag|°|"
    r"date of birth|birth ?date|d\.?o\.?b\.?|born)"
)
_BIRTH_WITH_CUE = re.compile(
    rf"(?P<cue>(?<!\w){_BIRTH_CUE})(?P<link>\s*(?::|op|on|in|de)?\s*)(?P<date>{_ANY_DATE})(?!\d)",
    re.IGNORECASE,
)
_FULL_DATE = re.compile(
    rf"(?<![\d/.-])(?:{_ISO_DATE}|\d{{1,2}}\s?[-/.]\s?\d{{1,2}}\s?[-/.]\s?\d{{4}}|"
    rf"\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})\.?\s+\d{{4}})(?![\d/.-]*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")

# ---- phone numbers (digits and spelled-out digits) -----------------------------------------
_DIGIT_WORDS = {
    "nul": "0",
    "zero": "0",
    "een": "1",
    "één": "1",
    "one": "1",
    "twee": "2",
    "two": "2",
    "drie": "3",
    "three": "3",
    "vier": "4",
    "four": "4",
    "vijf": "5",
    "five": "5",
    "zes": "6",
    "six": "6",
    "zeven": "7",
    "seven": "7",
    "acht": "8",
    "eight": "8",
    "negen": "9",
    "nine": "9",
}
_WORDS = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
_PHONE_TOKEN = rf"(?:\(\d{{1,4}}\)|\+?\d++(?![:\d])|\b(?:{_WORDS})\b)"
_PHONE_RUN = re.compile(
    rf"(?<![\w+]){_PHONE_TOKEN}(?:[\s./-]{{0,3}}{_PHONE_TOKEN})*", re.IGNORECASE
)
_TOKEN = re.compile(_PHONE_TOKEN, re.IGNORECASE)
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")

# ---- BSN, postcode, address ----------------------------------------------------------------
_BSN_CUE = re.compile(
    r"(?P<cue>\b(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)\b\s*(?:nummer|nr\.?)?\s*:?\s*)"
    r"(?P<number>\d[\d .-]{6,12}\d)",
    re.IGNORECASE,
)
_NINE_DIGITS = re.compile(r"(?<![\d.-])(?:\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]?\d{3}[ .-]?\d{3})(?![\d])")
_HOUSE_NUMBER = (
    r"(?:(?:nr\.?|nummer|no\.?|huisnummer)\s*)?\d{1,5}"
    r"(?:-\s?\d{1,3}(?:hg|h)?\b|\s?-?\s?(?:hs|huis|bis|[IV]{1,3}|[a-zA-Z])\b)?"
)
_POSTCODE = re.compile(
    rf"\b[1-9]\d{{3}}(?:\s?[A-Z]{{2}}|[a-z]{{2}})\b(?:[\s,]{{1,3}}{_HOUSE_NUMBER})?"
)
# Street words: these endings in any case; the weaker ones only in a capitalised name.
_STREET_STRONG = (
    "straat",
    "laan",
    "gracht",
    "kade",
    "dijk",
    "singel",
    "dreef",
    "steeg",
    "plantsoen",
    "burgwal",
    "boulevard",
    "plein",
)
_STREET_WEAK = (
    "hof",
    "weg",
    "pad",
    "park",
    "markt",
    "wal",
    "baan",
    "allee",
    "erf",
    "veld",
    "haven",
    "pier",
    "dam",
)
_UPPER = "[A-ZÀ-ÖØ-ÞŞĞİŁŒŠŽ]"
_PARTICLE = r"(?:van|de|der|den|het|'t|ter|ten|sint|st\.|1e|2e|3e|eerste|tweede|derde)"
_STREET = re.compile(
    rf"(?:(?:\b(?i:{_PARTICLE})|\b{_UPPER}[\w'-]*+)\s+){{0,4}}"
    rf"\b(?P<street>[^\W\d_][\w'-]*+),?\s+(?P<number>{_HOUSE_NUMBER})(?![\d:])",
    re.UNICODE,
)

# ---- names after a word that announces one ------------------------------------------------
_TITLE_CUES = r"mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de heer|mr\.?|mrs\.?|ms\.?|miss|mister"
_PERSON_CUES = (
    r"cli[eë]nte?|klant|pati[eë]nte?|bewoonster|bewoner|deelnemer|deelneemster|"
    r"buurman|buurvrouw|neighbou?r|buren|"
    r"zoon|dochter|moeder|vader|oma|opa|tante|oom|broer|zus|partner|"
    r"son|daughter|mother|father"
)
_NAME_PARTICLE = (
    r"(?:van|de|der|den|du|da|di|le|la|el|al|ter|ten|von|bin|ben|ibn|abu|'t|v\.d\.|v/d|vd)"
)
_NAME_WORD = rf"(?:{_UPPER}\.(?:{_UPPER}\.)*|{_UPPER}[\w'\u2019-]*+)"
_NAME = rf"(?:{_NAME_WORD}|(?i:{_NAME_PARTICLE}))(?:\s+(?:{_NAME_WORD}|(?i:{_NAME_PARTICLE})))*"
_NAME_AFTER_TITLE = re.compile(
    rf"(?P<cue>\b(?i:{_TITLE_CUES})(?=[\s:,]))(?P<link>[:,]?\s+)(?P<name>{_NAME})", re.UNICODE
)
_NAME_AFTER_PERSON = re.compile(
    rf"(?P<cue>\b(?i:{_PERSON_CUES})\b)(?P<link>[:,]?\s+)(?P<name>{_NAME_WORD}"
    rf"(?:\s+(?:{_NAME_WORD}|(?i:{_NAME_PARTICLE})))*)",
    re.UNICODE,
)
_TRAILING_PARTICLES = re.compile(rf"(?:\s+(?i:{_NAME_PARTICLE}))+$")
# Capitalised words after a cue that are not names (sentence starts, areas' usual words).
_NOT_NAMES = frozenset(
    {
        "Ik",
        "I",
        "Hij",
        "Zij",
        "Ze",
        "He",
        "She",
        "In",
        "Uit",
        "Van",
        "De",
        "Het",
        "Een",
        "En",
        "Maar",
        "Die",
        "Dat",
        "Is",
        "Heeft",
        "Wil",
        "Zoekt",
        "The",
        "A",
        "An",
        "And",
        "From",
        "Who",
        "Has",
        "Wants",
    }
)

# A "name" ending in one of these is an area ("bewoner Indische Buurt"), not a person.
_AREA_WORDS = frozenset(
    {"buurt", "wijk", "dorp", "oost", "west", "noord", "zuid", "centrum", "eiland", "eilanden"}
    | {"kwartier", "park", "plein", "stad", "stadsdeel", "gebied", "polder", "haven"}
)

_SPACES_BEFORE_PUNCT = re.compile(r"\s++([,.;:!?)])")


def _digits(token: str) -> str:
    word = _DIGIT_WORDS.get(token.casefold())
    if word is not None:
        return word
    return "".join(c for c in token if c.isdigit())


def is_phone_number(digits: str, international: bool) -> bool:
    """Whether these digits (with `+` or `00` before them when `international`) are a phone
    number: a Dutch one of ten digits with its leading zero, or an international one."""
    if international or digits.startswith("00"):
        rest = digits[2:] if digits.startswith("00") else digits
        if rest.startswith("31"):
            national = rest[2:]
            national = national.removeprefix("0")
            return len(national) == 9
        return 8 <= len(rest) <= 15
    if not digits.startswith("0"):
        return False
    if digits.startswith(_SERVICE_PREFIXES):
        return 8 <= len(digits) <= 11
    return len(digits) == 10


def is_bsn(digits: str) -> bool:
    """The eleven test (elfproef) of a Dutch citizen service number of 8 or 9 digits."""
    if not digits.isdigit() or len(digits) not in {8, 9} or set(digits) == {"0"}:
        return False
    digits = digits.zfill(9)
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _phone_spans(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for run in _PHONE_RUN.finditer(text):
        tokens = [
            (m.start() + run.start(), m.end() + run.start(), m.group())
            for m in _TOKEN.finditer(run.group())
        ]
        i = 0
        while i < len(tokens):
            found = _phone_from(tokens, i)
            if found is None:
                i += 1
                continue
            start, end = tokens[i][0], tokens[found][1]
            if not any(start < p_end and p_start < end for p_start, p_end in protected):
                spans.append((start, end))
            i = found + 1
    return spans


def _phone_from(tokens: list[tuple[int, int, str]], first: int) -> int | None:
    """The index of the last token of a phone number starting at `first`, or None."""
    international = tokens[first][2].startswith("+")
    digits, last = "", None
    for index in range(first, len(tokens)):
        digits += _digits(tokens[index][2])
        if len(digits) > 16:
            break
        if is_phone_number(digits, international):
            last = index
    return last


def is_street_name(word: str) -> bool:
    """Whether a word ends like a street ("Javastraat", "Sumatraplantsoen", "Zeeburgerdijk");
    the weaker endings ("-weg", "-hof") count only in a capitalised compound."""
    folded = word.casefold()
    if any(folded.endswith(end) and len(folded) > len(end) for end in _STREET_STRONG):
        return True
    return word[:1].isupper() and any(
        folded.endswith(end) and len(folded) > len(end) for end in _STREET_WEAK
    )


def _replace_spans(text: str, spans: list[tuple[int, int]], marker: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + marker + text[end:]
    return text


def _is_birth_date(date_text: str, this_year: int) -> bool:
    year = _YEAR.search(date_text)
    return year is not None and int(year.group()) <= this_year - BIRTH_YEARS_AGO


_PARTICLES = re.compile(rf"(?i:{_NAME_PARTICLE})")


@lru_cache(maxsize=4)
def _area_pattern(areas: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for every area name (longest first), matched as whole words in any case."""
    names = sorted((name for name in areas if name.strip()), key=len, reverse=True)
    if not names:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, names))})(?!\w)", re.IGNORECASE)


def _names(match: re.Match[str], areas: list[tuple[int, int]]) -> str:
    start = match.start("name")
    if any(a_start <= start < a_end for a_start, a_end in areas):
        return match.group()  # "een bewoner Bos en Lommer": an area, not a person
    name = _TRAILING_PARTICLES.sub("", match.group("name"))
    first = name.split()[0] if name.split() else ""
    if _PARTICLES.fullmatch(first) and _NAME_AFTER_TITLE.match(match.group()):
        first = ""  # "mevrouw De Vries": a surname's particle, not a sentence word
    last = name.split()[-1].casefold() if name.split() else ""
    if not name or first in _NOT_NAMES or last.endswith(tuple(_AREA_WORDS)):
        return match.group()
    rest = match.group("name")[len(name) :]
    return match.group("cue") + match.group("link") + NAME + rest


def _sub(
    pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]
) -> tuple[str, bool]:
    changed = False

    def wrapped(match: re.Match[str]) -> str:
        nonlocal changed
        new = replace(match)
        changed = changed or new != match.group()
        return new

    return pattern.sub(wrapped, text), changed


def scrub(text: str, this_year: int, areas: frozenset[str] = frozenset()) -> Scrubbed:
    """Replace phone numbers, e-mail addresses, addresses, postcodes, BSNs, birth dates and
    names after words like "cliënt" or "mevrouw" with markers; `areas` are names of places
    that are never taken for a person's name."""
    found: set[str] = set()

    def step(
        pattern: re.Pattern[str], marker: str, replace: Callable[[re.Match[str]], str]
    ) -> None:
        nonlocal text
        text, changed = _sub(pattern, text, replace)
        if changed:
            found.add(marker)

    step(_EMAIL, EMAIL, lambda m: EMAIL)
    step(_EMAIL_SPELLED, EMAIL, lambda m: EMAIL)
    step(
        _BIRTH_WITH_CUE,
        BIRTH_DATE,
        lambda m: m.group("cue") + m.group("link") + BIRTH_DATE,
    )
    step(
        _FULL_DATE,
        BIRTH_DATE,
        lambda m: BIRTH_DATE if _is_birth_date(m.group(), this_year) else m.group(),
    )
    step(
        _BSN_CUE,
        BSN,
        lambda m: m.group("cue") + BSN if len(_digits(m.group("number"))) in {8, 9} else m.group(),
    )
    protected = [m.span() for m in _FULL_DATE.finditer(text)]
    phones = _phone_spans(text, protected)
    if phones:
        text = _replace_spans(text, phones, PHONE)
        found.add(PHONE)
    step(_NINE_DIGITS, BSN, lambda m: BSN if is_bsn(_digits(m.group())) else m.group())
    step(_POSTCODE, POSTCODE, lambda m: POSTCODE)
    step(
        _STREET,
        ADDRESS,
        lambda m: ADDRESS if is_street_name(m.group("street")) else m.group(),
    )
    area_pattern = _area_pattern(areas)
    for pattern in (_NAME_AFTER_TITLE, _NAME_AFTER_PERSON):
        spans = [m.span() for m in area_pattern.finditer(text)] if area_pattern else []
        step(pattern, NAME, partial(_names, areas=spans))
    if found:
        text = _SPACES_BEFORE_PUNCT.sub(r"\1", text)
    return Scrubbed(text, frozenset(found))
