"""Full-text relevance over names and descriptions (matching/fulltext.py)."""

from __future__ import annotations

import math

from matching.fulltext import PART_WEIGHT, QueryWord, Term, TextIndex
from matching.offer import Offer
from matching.wordforms import WordForms

from .bundled import bundled_matcher, ids

FORMS = WordForms({"speelgoed": 4.5, "bank": 5.0, "voedsel": 4.2, "pakket": 4.3})


def build(*offers: tuple[str, str, str]) -> TextIndex:
    index = TextIndex(FORMS)
    for name, organisation, description in offers:
        index.add(name.split(), organisation.split(), description.split())
    index.finish()
    return index


def ask(index: TextIndex, question: str, max_df_share: float = 0.3) -> dict[int, float]:
    words = [QueryWord(w, tuple(index.terms(w))) for w in question.split()]
    return index.score(words, max_df_share=max_df_share).scores


def test_name_word_counts_more_than_description_word() -> None:
    index = build(
        ("kookclub", "", "samen eten in de buurt"),
        ("buurtkamer", "", "samen kookclub en eten"),
        ("taalcafe", "", "nederlands oefenen"),
    )
    scores = ask(index, "kookclub")
    assert set(scores) == {0, 1}
    assert scores[0] > scores[1]


def test_organisation_counts_between_name_and_description() -> None:
    index = build(
        ("huiswerk", "", "hulp"),
        ("inloop", "huiswerk", "hulp"),
        ("inloop", "", "huiswerk"),
        ("taalcafe", "", "oefenen"),
    )
    scores = ask(index, "huiswerk")
    assert scores[0] > scores[1] > scores[2]


def test_compound_parts_match() -> None:
    index = build(
        ("speelgoedbank", "", "tweedehands voor gezinnen"),
        ("kledingbank", "", "tweedehands kleding"),
        ("taalcafe", "", "gratis nederlands oefenen"),
    )
    assert "speelgoed" in index
    assert "speelgoedbank" in index
    scores = ask(index, "gratis speelgoed")
    assert set(scores) == {0, 2}
    # the part stands for the word at lower weight than the word itself
    whole = ask(index, "speelgoedbank")[0]
    part = ask(index, "speelgoed")[0]
    assert part < whole
    assert math.isclose(index.idf("speelgoed"), index.idf("speelgoedbank"))


def test_question_compound_found_by_its_parts() -> None:
    index = build(("pakket", "", "wekelijks voedsel"), ("taalcafe", "", "oefenen"))
    terms = index.terms("voedselpakket")
    assert [(t.stem, t.weight) for t in terms] == [
        ("voedselpakket", 1.0),
        ("voedsel", PART_WEIGHT),
        ("pakket", PART_WEIGHT),
    ]
    assert set(ask(index, "voedselpakket")) == {0}


def test_coverage_is_the_share_of_question_words_held() -> None:
    index = build(
        ("kookclub", "", "gratis eten"),
        ("kookclub", "", "lekker eten"),
        ("taalcafe", "", "oefenen"),
        ("inloop", "", "koffie"),
    )
    words = [QueryWord(w, tuple(index.terms(w))) for w in ["kookclub", "gratis"]]
    result = index.score(words)
    assert math.isclose(result.coverage[0], 1.0)
    assert 0 < result.coverage[1] < 1.0
    # the rarer word says more: "gratis" (one offer) outweighs "kookclub" (two)
    assert result.coverage[1] < 0.5
    assert result.matched(0) == ["kookclub", "gratis"]
    assert result.matched(1) == ["kookclub"]


def test_holds_df_idf() -> None:
    index = build(("kookclub", "", "eten"), ("eetcafe", "", "eten"), ("taalcafe", "", ""))
    assert index.size == 3
    assert index.df("eten") == 2
    assert index.df("kookclub") == 1
    assert index.df("onbekend") == 0
    assert index.holds("eten", 1)
    assert not index.holds("eten", 2)
    assert index.idf("kookclub") > index.idf("eten")
    assert index.idf("onbekend") > index.idf("kookclub")
    # function words are not indexed
    index2 = build(("de", "", "de buurt"))
    assert "de" not in index2


def test_common_stem_finds_nothing_alone_but_counts_for_others() -> None:
    offers = [("inloop", "", "buurt koffie") for _ in range(40)]
    offers.append(("kookclub", "", "buurt eten"))
    offers.append(("kookclub", "", "eten"))
    index = build(*offers)
    assert ask(index, "buurt") == {}
    # with a generous share the same word finds every offer that holds it
    assert len(ask(index, "buurt", max_df_share=1.0)) == 41
    both = ask(index, "kookclub buurt")
    assert set(both) == {40, 41}
    assert both[40] > both[41]


def test_description_read_only_up_to_a_limit() -> None:
    long_text = " ".join(["woord"] * 200) + " zwemmen"
    index = build(("bad", "", long_text), ("zwemclub", "", "zwemmen"))
    assert ask(index, "zwemmen").keys() == {1}


def test_correct_uses_offer_words() -> None:
    index = build(("speelgoedbank", "", "tweedehands"), ("taalcafe", "", ""))
    assert index.correct("speelgoedbnak") == "speelgoedbank"
    assert index.correct("taal") is None


def test_compound_found_by_the_shorter_compound_it_ends_in() -> None:
    forms = WordForms({"jeugd": 4.6, "sport": 4.8, "fonds": 4.4, "kinderen": 5.5})
    index = TextIndex(forms)
    for name, description in (
        ("jeugdsportfonds", "contributie betaald voor kinderen"),
        ("sportclub", "kinderen sporten in de buurt"),
        ("fondsenwerving", "geld voor de buurt"),
    ):
        index.add(name.split(), [], description.split())
    index.finish()
    scores = index.score([QueryWord("sportfonds", tuple(index.terms("sportfonds")))]).scores
    assert max(scores, key=scores.__getitem__) == 0
    # as the shorter compound, not only by its parts
    assert index.df(forms.stem("sportfonds")) == 1


def test_an_everyday_word_says_little_even_when_few_offers_hold_it() -> None:
    forms = WordForms({"hele": 5.8, "kapper": 3.9})
    index = TextIndex(forms)
    index.add(["kapper"], [], ["de", "hele", "dag", "open"])
    for n in range(40):
        index.add([f"inloop{n}"], [], ["koffie", "en", "thee"])
    index.finish()
    hele, kapper = (Term(forms.stem(w), 1.0, w) for w in ("hele", "kapper"))
    # one offer holds each, so their idf is the same; "hele" is everyday Dutch
    assert index.idf(hele.stem) == index.idf(kapper.stem)
    assert index.informative(hele) < index.informative(kapper)
    assert index.informative(kapper) == index.idf(kapper.stem)


def test_the_words_of_a_phrase_add_up() -> None:
    """One question word typed as a phrase ("alzheimer cafe"): an offer holding both words
    covers it whole, one holding only "cafe" covers half of it."""
    index = build(
        ("repair cafe", "", "samen spullen maken"),
        ("alzheimer cafe", "", "ontmoeting bij dementie"),
        ("inloop", "", "koffie"),
    )
    terms = tuple(
        Term(index.forms.stem(word), 0.5, word, part=f"typed/{n}")
        for n, word in enumerate(("alzheimer", "cafe"))
    )
    result = index.score([QueryWord("alzheimer cafe", terms)])
    assert result.coverage[1] == 1.0
    assert result.coverage[0] == 0.5
    assert result.scores[1] > result.scores[0]
    assert 2 not in result.scores


def test_coverage_is_that_of_the_closest_form_an_offer_holds() -> None:
    """A compound's part in the name may score more than the whole word in the description,
    yet the offer holds the word itself: it covers the word whole."""
    index = TextIndex(WordForms({"klusjes": 3.5, "dienst": 5.0}))
    long_description = [
        "wij",
        "doen",
        "voor",
        "u",
        "in",
        "de",
        "hele",
        "wijk",
        "elke",
        "week",
        "graag",
        "kleine",
        "karweitjes",
    ]
    index.add(["klusjesdienst"], [], long_description)
    index.add(["buurtkamer"], [], ["koffie"])
    index.finish()
    assert index.holds(index.forms.stem("dienst"), 0)
    word = QueryWord(
        "karweitjes",
        (
            Term(index.forms.stem("karweitjes"), 1.0, "karweitjes"),
            Term(index.forms.stem("dienst"), 0.7, "klusjesdienst"),
        ),
    )
    assert index.score([word]).coverage[0] == 1.0


def test_whole_forms_take_a_phrase_as_its_words_together() -> None:
    word = QueryWord(
        "pawn shop",
        (
            Term("pandjeshuis", 0.8, "pandjeshuis"),
            Term("stadsbank", 0.4, "stadsbank", part="phrase1/0"),
            Term("stad", 0.2, "stadsbank", part="phrase1/0"),
            Term("lening", 0.4, "lening", part="phrase1/1"),
            Term("shop", 0.5, "shop", part="typed/1"),
        ),
    )
    wholes = word.whole_forms(0.8)
    assert (word.terms[0],) in wholes
    assert (word.terms[1], word.terms[3]) in wholes
    assert all(word.terms[2] not in whole for whole in wholes)
    assert all(word.terms[4] not in whole for whole in wholes)  # half a phrase is not whole


def test_an_alzheimer_cafe_before_repair_cafes() -> None:
    """ "alzheimer cafee" (a lexicon phrase, with a typo) finds the café that holds both of
    its words before the cafés that hold one."""
    offers = [
        Offer(f"repair{n}", f"Repair Café {town}", "Samen kapotte spullen maken.", (), ())
        for n, town in enumerate(("Losser", "Rijssen", "Almelo"))
    ]
    offers.append(Offer("alz", "Alzheimer Café Oldenzaal", "Informatie en ontmoeting.", (), ()))
    matcher = bundled_matcher(offers)
    assert ids(matcher, "alzheimer cafee")[0] == "alz"


def test_the_parts_of_a_question_compound_add_up() -> None:
    """ "sollicitatiebrief": a text with "sollicitatie" and "brief" holds all of it, one
    with only "brief" half."""
    index = TextIndex(WordForms({"sollicitatie": 3.5, "brief": 4.5}))
    index.add(["snap", "de", "brief"], [], ["hulp", "bij", "een", "brief"])
    index.add(["werkcoach"], [], ["hulp", "bij", "je", "sollicitatie", "en", "brief"])
    index.finish()
    result = index.score([QueryWord("sollicitatiebrief", tuple(index.terms("sollicitatiebrief")))])
    assert result.coverage[1] == 1.0
    assert result.coverage[0] == PART_WEIGHT
