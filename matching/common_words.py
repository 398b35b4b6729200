"""Everyday Dutch and English words, in folded form: never taken for a misspelt area name.

The stop words (matching/stopwords.py) glue a question together; these are the ordinary
nouns, verbs and adjectives people also type ("beste", "pizza", "school"). A word like
these that the map does not know is simply unknown: suggesting "Lizzy Ansinghbuurt" for it
would only confuse.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


COMMON_NL = _words(
    """
    beste best goed goede slecht mooi mooie lekker lekkere groot grote klein kleine nieuw
    nieuwe oud oude jong jonge lang lange kort korte snel gratis duur goedkoop open dicht
    eten drinken koffie thee pizza brood bier wijn water melk soep restaurant cafe kroeg
    winkel markt supermarkt school werk huis huizen kamer keuken tuin straat weg stad dorp
    land kerk moskee park strand bos zee auto fiets bus trein tram metro boot
    dokter arts ziekenhuis apotheek tandarts politie brandweer gemeente loket balie
    geld bank kaart brief post telefoon computer internet wifi website mail
    man vrouw kind kinderen baby moeder vader ouders oma opa vriend vriendin buren
    buurman buurvrouw familie gezin hond kat paard vogel dier dieren
    dag week maand jaar uur minuut avond nacht ochtend middag weekend maandag dinsdag
    woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli
    augustus september oktober november december
    ja nee oke prima top super mooi jammer sorry pardon welkom
    maken doen gaan komen zien kijken horen lezen schrijven spelen lopen wandelen
    fietsen zwemmen dansen zingen koken praten leren werken wonen slapen betalen kopen
    verkopen sturen bellen vragen zoeken vinden helpen
    film muziek boek boeken spel spelletjes sport voetbal feest vakantie weer regen zon
    nederland nederlands engels frans duits turks arabisch
    probleem problemen vraag antwoord idee ding dingen iets alles niets niks
    lente zomer herfst winter kerst kerstmis pasen ramadan suikerfeest offerfeest carnaval
    sinterklaas oud nieuw koningsdag vakantie
    """
)

COMMON_EN = _words(
    """
    best good better bad nice great new old young big small long short fast free cheap
    expensive open closed
    food eat drink coffee tea pizza bread beer wine water milk soup restaurant bar pub
    shop store market school work job house home room kitchen garden street road city
    town village country church mosque park beach forest sea car bike bicycle bus train
    tram boat doctor hospital pharmacy dentist police money bank card letter phone
    computer email website
    man woman child children kid kids baby mother father parents friend friends
    neighbour neighbor family dog cat horse bird animal animals
    day week month year hour minute evening night morning afternoon weekend monday
    tuesday wednesday thursday friday saturday sunday
    yes no okay ok fine cool sorry welcome please
    make do go come see look hear read write play walk swim dance sing cook talk learn
    live sleep pay buy sell send call ask
    movie film music book books game games sport football party holiday weather rain sun
    problem answer idea thing things stuff
    spring summer autumn fall winter christmas easter ramadan eid holidays
    """
)

COMMON_WORDS = COMMON_NL | COMMON_EN
