"""Word lists that keep free-text name detection precise.

Every list is lower-case. The lists are hand-picked for US clinical notes and are not complete.
A word missing from ``COMMON_WORDS`` is treated as a plain name part and masked in more places,
which costs precision, not privacy.
"""

from __future__ import annotations

__all__ = [
    "COMMON_WORDS",
    "CUE_STOPWORDS",
    "EPONYMS",
    "EPONYM_HEADS",
    "MONTHS",
    "NAME_AFFIXES",
    "NAME_LIKE_WORDS",
    "PROPER_WORDS",
    "SENTENCE_ABBREVIATIONS",
    "WEEKDAYS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = _words(
    "january february march april may june july august september october november december"
)

WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Name parts that are capitalized words in their own right ("May", "Christian Scientist"), so
# capitalization does not mark them as names. A dictionary name part in this list is masked
# only next to another part of a name.
PROPER_WORDS = MONTHS | WEEKDAYS | _words("christian baptist")

# Given names and surnames that are ordinary words. The name scan masks such a word only
# where the text uses it as a name: capitalized mid-sentence, or next to another name.
NAME_LIKE_WORDS = _words(
    """
    an im ha ho yu wu justice precious miracle abbott philips hartmann hoyer nissen ashworth
    glasgow finkelstein hasson staples braden berg meckel
    amber angel april art autumn baker bank banks bell belle best bill birch bird bishop
    black bland blue bob bold bond booth brave bright brook brooks brown buck bud burns
    bush butler cane carter case cash chance chase cherry church clay cliff coral cook
    cooper crane cross crystal dale dawn day dean dee dell destiny diamond dove drew duke
    dye early earl east eve faith fair fairly field fields fisher fletcher ford forest
    fox frank free frost gale gay gene glass glen gold golden good grace grant gray
    green grey gross guest guy hale hall hand hardy hart hazel heart heather hill hills
    holly honor hope hunt hunter hurt iris ivy jack jade jewel joy judge jolly keen king
    knight lake lamb lance lane late lee liberty lily little long love lovely lucky
    major march mark marsh mason may mercy mills miller minor misty moody moon moss
    new nick noble norm north nurse oak olive page park parks pat
    patience peace pearl penny person pierce pine pink pope porter potter power
    price prince proud queen rain ray reading red reed rice rich rivers rob rock rocky
    rod rose ruby rush rusty sage salt sandy savage sawyer sharp shepherd
    short silver sky small snow south sparks spike spring stake star steel sterling
    stern still stone storm strong sue summer sunny swan sweet swift temple trinity
    trust violet wade walker wall ward ware waters way weaver wells west white wild
    will willow win winter wise wolf wood woods worth young
    carol chip crow dick don drake harmony kit lord max melody miles opal robin wren
    """
)

# Name parts that are also everyday English or clinical words. A dictionary name part in this
# list is masked only when the text treats it as a name (see ``IdentifierDictionary``).
COMMON_WORDS = (
    PROPER_WORDS
    | _words(
        # function words and particles of compound surnames
        """
        a an and as at be by do go he if in is it me my no of on or so to up us we
        al bin ben da de del della der di dos du el ibn la le lo mac st van von
        """
    )
    | NAME_LIKE_WORDS
    | _words(
        # towns and cities that are ordinary words
        """
        bath commerce independence mobile normal orange pleasant union
        """
    )
    | _words(
        # hospital names and clinical words that are also surnames
        """
        charity colon foley kindred mass mayo mercy providence sinai stroke
        """
    )
)

# Surnames that name a disease, sign or device. Followed by a possessive or by one of
# ``EPONYM_HEADS`` they are a clinical term ("Parkinson's", "Foley catheter"), not a person.
EPONYMS = _words(
    """
    addison allen alzheimer apgar asperger babinski baker barr barrett bell bowen brudzinski
    chvostek crohn cushing down epstein foley gaucher glasgow graves guillain hashimoto heimlich
    hickman hodgkin homan homans huntington kaposi kegel kernig korsakoff lachman lewy lyme
    mallory marfan mcburney meniere murphy paget parkinson phalen raynaud reiter romberg
    sjogren swan tinel tourette trousseau turner weiss wells wernicke whipple wilson
    nissen roth lawton bristol rankin hamilton hess ballard flint
    """
)

EPONYM_HEADS = _words(
    """
    disease diseases syndrome syndromes palsy sign signs test tests score scores criteria
    catheter catheters tube lymphoma sarcoma esophagus ulcer ulcers fracture fractures
    maneuver manoeuvre reflex reflexes triad phenomenon cyst cysts dementia encephalopathy
    thyroiditis line node nodes scale tear tears point positive negative pos neg equivocal
    technique grade fundoplication spots stool iadl murmur rating
    """
)

# Titles and post-nominal letters inside stored names ("Dr. Ann Lee MD"). They are not indexed
# as name parts, so a stored "Dr. Ann Lee" does not make every "Dr" a name.
NAME_AFFIXES = _words(
    """
    dr mr mrs ms mx miss prof rev sir dame jr sr ii iii iv md rn np pa do phd dds dmd esq
    lpn aprn pharmd
    """
)

# Abbreviations whose trailing period does not end a sentence.
SENTENCE_ABBREVIATIONS = _words("dr mr mrs ms mx prof st pt vs approx dept no jr sr")

# Capitalized words that follow a name cue ("per Cardiology", "daughter Patient ...") but are
# not names. A name captured after a cue stops before the first of them.
CUE_STOPWORDS = (
    MONTHS
    | WEEKDAYS
    | NAME_AFFIXES
    | _words(
        """
        a an and or but nor the to at in on of for with by from via about regarding re
        is was are were be been has had have who that this these those he she they his her
        their him them it its we i you our your yes no not please thanks thank ok okay also
        called calls spoke discussed reports reported states stated says said notes noted
        agrees agreed declined requested present presents here there today yesterday
        tomorrow tonight morning afternoon evening night patient patients pt family team
        nurse nursing doctor physician provider attending resident fellow intern charge
        primary bedside covering case manager social worker pharmacy pharmacist
        cardiology neurology oncology radiology surgery medicine psychiatry pediatrics
        nephrology pulmonology gastroenterology urology dermatology orthopedics
        clinic hospital center department service unit floor triage admission discharge
        note report protocol chart record records order orders policy guidelines lab labs
        home phone telephone visit appointment at bedside
        """
    )
)
