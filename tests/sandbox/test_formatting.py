"""Parse modes give Telegram's plain text and entities, or its "can't parse entities" error."""

from __future__ import annotations

import pytest

from sandbox.errors import ApiError
from sandbox.formatting import parse_entities, utf16_len


def test_html_tags_become_entities_on_plain_text() -> None:
    text, entities = parse_entities(
        '<b>Koffie</b> &amp; <a href="https://example.org">thee</a> 🙂 <i>nu</i>', "HTML"
    )
    assert text == "Koffie & thee 🙂 nu"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 6},
        {"type": "text_link", "offset": 9, "length": 4, "url": "https://example.org"},
        # The emoji takes two UTF-16 code units, as Telegram counts offsets.
        {"type": "italic", "offset": 17, "length": 2},
    ]


def test_html_attribute_values_are_unescaped() -> None:
    _, entities = parse_entities('<a href="https://x.nl/?a=1&amp;b=2">x</a>', "HTML")
    assert entities[0]["url"] == "https://x.nl/?a=1&b=2"


def test_html_pre_with_language_and_spoiler() -> None:
    text, entities = parse_entities(
        '<pre><code class="language-python">x = 1</code></pre><tg-spoiler>!</tg-spoiler>', "html"
    )
    assert text == "x = 1!"
    assert entities == [
        {"type": "pre", "offset": 0, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 5, "length": 1},
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'expected "</i>", found "</b>"'),
        ("regel<br>regel", 'Unsupported start tag "br"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ],
)
def test_malformed_html_is_rejected(source: str, reason: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_entities(source, "HTML")
    assert caught.value.error_code == 400
    assert caught.value.description.startswith("Bad Request: can't parse entities: ")
    assert reason in caught.value.description


def test_markdown_v2_needs_escapes_like_telegram() -> None:
    text, entities = parse_entities(
        r"*Vet* en _schuin_ \(prijs: 2\.50\) [link](https://x.nl)", "MarkdownV2"
    )
    assert text == "Vet en schuin (prijs: 2.50) link"
    assert [e["type"] for e in entities] == ["bold", "italic", "text_link"]
    with pytest.raises(ApiError, match=r"Character '\.' is reserved"):
        parse_entities("Tot ziens.", "MarkdownV2")
    with pytest.raises(ApiError, match="Can't find end of Bold entity at byte offset 0"):
        parse_entities("*half", "MarkdownV2")


def test_markdown_v2_code_quote_and_underline() -> None:
    text, entities = parse_entities(">citaat\n>verder\n__onder__ `a.b`", "MarkdownV2")
    assert text == "citaat\nverder\nonder a.b"
    assert entities == [
        {"type": "blockquote", "offset": 0, "length": 13},
        {"type": "underline", "offset": 14, "length": 5},
        {"type": "code", "offset": 20, "length": 3},
    ]


def test_legacy_markdown_rejects_an_unclosed_underscore() -> None:
    assert parse_entities("*vet* [site](https://x.nl)", "Markdown") == (
        "vet site",
        [
            {"type": "bold", "offset": 0, "length": 3},
            {"type": "text_link", "offset": 4, "length": 4, "url": "https://x.nl"},
        ],
    )
    with pytest.raises(ApiError, match="Can't find end of the entity starting at byte offset 4"):
        parse_entities("zorg_netwerk", "Markdown")


def test_no_parse_mode_is_plain_text_and_unknown_modes_fail() -> None:
    assert parse_entities("<b>", None) == ("<b>", [])
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        parse_entities("x", "BBCode")
    assert utf16_len("a🙂") == 3
