"""Dutch and English words that carry no topic in a question, in folded form."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Articles, pronouns, prepositions, conjunctions, question words and auxiliary verbs.
# They glue a question together ("wie doet iets tegen ... in de ...", "is there any ...
# for ... in ...") but never name a theme, an area or an offer on their own.
FUNCTION_WORDS_NL = _words(
    """
    de het een t n der den des d
    van in op aan met voor bij naar uit over onder tegen tot om door na te tussen zonder
    rond rondom via per binnen buiten langs sinds tijdens vanaf tot achter naast
    en of maar dus want omdat als dan toch ook nog al wel niet geen zo even eens
    dat die dit deze wie wat waar wanneer hoe waarom welke welk hoeveel waarmee waarvoor
    waarbij waarin waarop wats
    ik je jij u hij zij ze we wij jullie hun hen mijn mij me m jouw uw ons onze zijn haar
    zich zelf elkaar mn zn dr
    er hier daar daarvoor daarmee ergens
    is ben bent was waren wordt worden word werd kan kun kunt kunnen kon konden
    wil wilt willen wou moet moeten mag mogen zou zouden zal zullen heb hebt heeft
    hebben had hadden doe doet doen deed ga gaat gaan ging kom komt komen zit zitten
    iets iemand niets niemand alles iedereen elke ieder veel meer weinig minder
    andere ander anders sommige enkele
    """
)

FUNCTION_WORDS_EN = _words(
    """
    the a an of in on at to for with by from about against into onto near around
    and or but so because if than then as also too very just only not no yes
    that this these those who what where when how why which whom whose
    i me my mine we our ours us you your yours he him his she her hers they them their
    it its itself myself
    is are am was were be been being do does did done can could would should will
    shall may might must have has had having get got there here
    any some anything something someone anyone somebody anybody nothing everything
    all more most less other others each every
    s t d im id ive youre theyre theres whats wheres whos dont doesnt cant isnt
    arent wont
    """
)

# Words people add to a request that say "I am asking for something" rather than what.
# Kept apart from the function words because they may still appear inside names
# ("Huis van de Wijk", "Buurthulp Oost").
FILLER_WORDS_NL = _words(
    """
    hulp help helpen hulpje zoek zoeken zoekt gezocht vinden vind vindt nodig
    graag alstublieft alsjeblieft aub svp bedankt dank dankjewel hallo hoi hey hee
    goedemorgen goedemiddag goedenavond beste
    mensen persoon personen aanbod activiteit activiteiten initiatief initiatieven
    organisatie organisaties instantie instanties clubje club plek plekken plaats
    plaatsen locatie locaties adres adressen contact
    buurt buurten wijk wijken stadsdeel gebied gebieden regio omgeving dichtbij buurtje
    tips tip informatie info vraag vragen weet weten ken kent kennen bestaat bestaan
    terecht heen specifiek soort soorten mogelijk mogelijkheden misschien eigenlijk ongeveer
    vandaag morgen gisteren nu straks later laat vroeg binnenkort tijd
    goed leuk fijn
    """
)

FILLER_WORDS_EN = _words(
    """
    help helping helps find finding look looking need needs needed want wants search
    searching please thanks thank hello hi hey dear
    people person organisation organization organisations organizations initiative
    initiatives activity activities service services offer offers place places location
    area areas neighbourhood neighborhood neighbourhoods neighborhoods district
    districts nearby local around
    tip tips info information question questions know knows exist exists
    sort maybe possibly really
    today tomorrow yesterday now later late early soon time
    good nice
    """
)

FUNCTION_WORDS = FUNCTION_WORDS_NL | FUNCTION_WORDS_EN
FILLER_WORDS = FILLER_WORDS_NL | FILLER_WORDS_EN
STOP_WORDS = FUNCTION_WORDS | FILLER_WORDS

# Target-group words that mean everyone: an offer "for residents" is for anybody.
EVERYONE = _words(
    """
    bewoners buurtbewoners inwoners iedereen amsterdammers wijkbewoners
    residents everyone everybody locals
    """
)
