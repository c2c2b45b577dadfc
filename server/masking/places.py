"""Geographic units smaller than a state: street addresses, ZIP codes and facility names.

Safe Harbor removes every street address, city and ZIP code. A street line is a house number,
one to four capitalized words and a street suffix from the USPS list (``Street``, ``Ave``,
``Crest``, ``Harbors``...), with an optional unit. A ZIP code is five digits, or five and four,
after a state, after the word ZIP, or right after a city or street that another detector found.
A facility name (hospital, clinic, practice) is masked as an address, because most name the
town they are in or the family that runs them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from phigate.masking.context import label_before, trie_pattern, words_before
from phigate.masking.lexicon import WordClass, classify_word
from phigate.masking.prefilter import Scan, gated
from phigate.masking.spans import Span
from phigate.masking.wordlists import MONTHS, NAME_AFFIXES, WEEKDAYS
from phigate.masking.words_clinical import CLINICAL_WORDS
from phigate.masking.words_english import ENGLISH_WORDS
from phigate.policy import PhiKind

try:  # pragma: no cover - built where a C compiler was found at install
    from phigate.masking._span import zips_after as _native_zips_after
except ImportError:  # pragma: no cover
    _native_zips_after = None  # type: ignore[assignment]

__all__ = [
    "find_addresses",
    "find_cities",
    "find_facilities",
    "find_other_addresses",
    "find_towns_after_verbs",
    "find_zips",
    "find_zips_after",
]

_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP"
)
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|Puerto Rico"
)
_GAP = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
_ZIP_CODE = r"(\d{5}(?:-\d{4})?)(?![\d-])"
# Written to start with a single digit class, which lets ``re`` skip ahead to digits.
_ZIP_SHAPE = gated(re.compile(r"(\d(?<![\w./-]\d)\d{4}(?:-\d{4})?)(?![\d-])"))
_STATE_CODE_SET = frozenset(_STATE_CODES.split())
_STATE_NAME_SET = frozenset(name.lower() for name in _STATE_NAMES.split("|"))
_ZIP_LABELS = frozenset({"zip", "zipcode", "code", "postal"})
_ZIP_AFTER = re.compile(r",?" + _GAP + r"(?:[A-Z]{2}\.?,?" + _GAP + r")?" + _ZIP_CODE)
_ZIP_ANCHOR_KINDS = frozenset({PhiKind.CITY, PhiKind.ADDRESS, PhiKind.NAME})
# A town made of ordinary words is still a town before a state: "Palm Springs, CA",
# "Green Bay, WI", "Normal, IL 61761".
# The state after a comma is found first, so that the prefilter can find it, and the town's
# words are read backwards from there.
# The codes and names form one trie, because a flat list costs one comparison per entry after
# every ", MD" of a signature. No code or name is a prefix of another that could also match,
# so the trie matches what the flat list matches.
_STATE_AFTER_COMMA = gated(
    re.compile(
        r",[ \t]*(?:"
        + trie_pattern(
            [code for code in _STATE_CODES.split() if code not in ("MD", "PA")]
            + _STATE_NAMES.split("|")
        )
        # "MD" and "PA" are credentials too ("Erica Lopez, MD"): a state only before a ZIP.
        + r"|(?:MD|PA)(?=[ \t]+\d{5}))(?![\w-])([ \t]+\d{5})?"
    )
)
_CITY_WORDS_BEFORE = re.compile(r"(?:[A-Z][a-z'’.-]+[ \t]+){0,3}[A-Z][a-z'’.-]+\Z")
_CITY_WINDOW = 80
_CITY_WORD = re.compile(r"[A-Za-z'’.-]+")
_CITY_LEAD_TEXT = "from in to at near lives lived living moved resides born seen of the and"
_CITY_LEAD_WORDS = frozenset(_CITY_LEAD_TEXT.split())
# State codes that are also clinical abbreviations or English words ("Recovery, OR 3 hours",
# "Prior fall, MI 2019", "Pain, IN"): without a ZIP code or a word such as "from" before the
# town, the town needs a word on no safe list.
# Words that name a service before a facility head, beside the clinical words.
_SERVICE_WORDS = frozenset(
    {"home", "employee", "specialty", "skilled", "nursing", "care", "management", "failure"}
    | {"anticoagulation", "wound", "pain", "heart", "sleep", "weight", "travel", "walk-in"}
    | {"device", "pacemaker", "transplant", "infusion", "lipid", "memory", "fertility"}
)
# "Tufts Health Plan": a health plan is a payer, which Safe Harbor does not make an identifier.
_HEALTH_PLAN_AFTER = re.compile(r"[ \t]+(?i:plan)\b")
_TOWN_VERBS = frozenset(["from", "lives", "lived", "living", "moved", "resides", "born", "near"])
_AMBIGUOUS_STATES = frozenset(
    ["OR", "MI", "IN", "ME", "OK", "HI", "ID", "MA", "CO", "DE", "LA", "MS"]
)

# USPS street suffixes, their common abbreviations and plurals.
_STREET_SUFFIX_TEXT = """
    Alley Aly Annex Arcade Avenue Ave Av Bayou Beach Bend Bluff Bluffs Bottom Boulevard Blvd
    Branch Bridge Brook Brooks Burg Burgs Bypass Camp Canyon Cape Causeway Center Centers
    Circle Cir Circles Cliff Cliffs Club Common Commons Corner Corners Course Court Ct Courts
    Cove Coves Creek Crescent Crest Crossing Crossroad Curve Dale Dam Divide Drive Dr Drives
    Estate Estates Expressway Expy Extension Ext Falls Ferry Field Fields Flat Flats Ford
    Fords Forest Forge Forges Fork Forks Fort Freeway Fwy Garden Gardens Gateway Glen Glens
    Green Greens Grove Groves Harbor Harbors Haven Heights Highway Hwy Hill Hills Hollow
    Inlet Island Islands Isle Junction Junctions Key Keys Knoll Knolls Lake Lakes Land Landing
    Lane Ln Light Lights Loaf Lock Locks Lodge Loop Mall Manor Manors Meadow Meadows Mews Mill
    Mills Mission Motorway Mount Mountain Mountains Neck Orchard Oval Overpass Park Parks
    Parkway Pkwy Pass Passage Path Pike Pine Pines Place Pl Plain Plains Plaza Point Points
    Port Ports Prairie Radial Ramp Ranch Rapid Rapids Rest Ridge Ridges River Road Rd Roads
    Route Rte Row Rue Run Shoal Shoals Shore Shores Skyway Spring Springs Spur Spurs Square
    Sq Squares Station Stravenue Stream Street St Streets Summit Terrace Ter Throughway Trace
    Track Trafficway Trail Trl Trailer Tunnel Turnpike Underpass Union Unions Valley Valleys
    Via Viaduct View Views Village Villages Ville Vista Walk Walks Wall Way Ways Well Wells
"""
_STREET_SUFFIXES = _STREET_SUFFIX_TEXT.split()
# In capitals only the full words and the commonest abbreviations count, because "CT", "EXT"
# and "PL" in an all-capitals note are a scan, the extremities and a platelet count.
_UPPER_ABBREVIATIONS = frozenset({"St", "Ave", "Rd", "Dr", "Blvd", "Ln", "Hwy", "Pkwy"})
_SUFFIX_FORMS = sorted(
    {
        form
        for suffix in _STREET_SUFFIXES
        for form in (suffix, suffix.upper())
        if form == suffix or len(suffix) > 3 or suffix in _UPPER_ABBREVIATIONS
    }
    - {"Ext", "EXT"},
    key=len,
    reverse=True,
)
# Possessive repeats here and in the house number give back nothing, which changes no match
# because each ends where a character of another class must follow. It halves the time
# ``re`` spends on the numbers ("325 mg", "2 Puffs") that start no address.
_STREET_WORD = r"(?:[A-Z][A-Za-z'’.-]*+|\d{1,3}+(?:st|nd|rd|th|ST|ND|RD|TH))"
_UNIT = (
    r"(?:,?" + _GAP + r"?(?i:apt|apartment|unit|suite|ste|bldg|building|fl|floor|rm|room|\#)"
    r"\.?" + _GAP + r"?\#?[ \t]*[A-Za-z0-9-]*\d[A-Za-z0-9-]*)?"
)
# The look-behind after the first digit rejects a digit inside a longer number in C.
_ADDRESS = gated(
    re.compile(
        # "12A Elm Street", "221B Baker St": a letter may follow the house number.
        r"\d(?<![\w.,/-]\d)\d{0,5}+[A-Za-z]?+" + _GAP + r"(?:[NSEW]\.?" + _GAP + r")?"
        r"(?:" + _STREET_WORD + _GAP + r"){1,4}?"
        r"(?:" + trie_pattern(_SUFFIX_FORMS) + r")\b\.?"
        # "88 Orchard Hill Rd": a suffix word may be part of the name before the suffix.
        r"(?:[ \t]+(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Court|Ct|Boulevard|Blvd|Way|Place|Pl|"
        r"Terrace|Ter|Circle|Cir|Drive)\b\.?)?" + _UNIT
    )
)
# A street named without a house number: "lives on Maple Street", "off Route 9".
_STREET_NAMES = (
    "Street|Avenue|Road|Drive|Lane|Boulevard|Court|Place|Terrace|Parkway|Highway|St|Ave|Rd|"
    "Blvd|Ln|Pkwy|Hwy"
)
_STREET_HINT = gated(re.compile(_STREET_NAMES))
_STREET_ONLY = gated(
    re.compile(
        r"(?:on|off|at|near|along)" + _GAP + r"((?:[A-Z][a-z'’-]+" + _GAP + r"){1,3}"
        r"(?:" + _STREET_NAMES + r")\b\.?)"
    )
)
_BOX_HINT = gated(re.compile("Box|BOX|box"))
_PO_BOX = gated(re.compile(r"(?i:P\.?[ \t]*O\.?[ \t]*Box|Post[ \t]+Office[ \t]+Box)[ \t]+\d+"))
# Forms the street pattern leaves: a numbered route ("12 Route 9", "off Hwy 101"), a street
# in lower case ("123 main street", full suffix words only), and a house number and name
# before a unit ("4500 Wilshire, Apt 12").
# The road word comes first so that the prefilter can find it; the house number or
# preposition before it is read afterwards.
_ROUTE = gated(
    re.compile(
        r"(?:Route|Rte\.?|Highway|Hwy\.?|Interstate|County[ \t]+Road|State[ \t]+Route|I-)"
        r"[ \t]*\d{1,4}[A-Za-z]?\b"
    )
)
_BEFORE_ROUTE = re.compile(r"(?:\d{1,6}|\b(?:on|off|at|near))[ \t]+\Z")
_LOWER_STREET_TEXT = (
    "street avenue road drive lane boulevard court place terrace parkway highway circle "
    "st rd ave ln blvd"
)
# The repeats are possessive because a word or gap ends only where the next part cannot
# start, so giving characters back could never help. Without that, ``re`` retries every
# shorter word before each failure ("2 puffs INH").
_LOWER_STREET = gated(
    re.compile(
        r"\d(?<![\w.,/-]\d)\d{0,5}+[ \t]++(?:[a-z]{2,}+[ \t]++){1,3}"
        r"(?:" + trie_pattern(_LOWER_STREET_TEXT.split()) + r")\b"
    )
)
_NUMBER_BEFORE_UNIT = gated(
    re.compile(
        r"\d(?<![\w.,/-]\d)\d{0,5}[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?,?[ \t]+"
        r"(?:Apt|Apartment|Unit|Suite|Ste|#)\.?[ \t]*\#?[A-Za-z0-9-]*\d[A-Za-z0-9-]*"
    )
)
# A house number and street name without a suffix after "lives at" or "resides on":
# "Lives at 1420 N. Halsted, 2nd floor".
_HOUSE_AFTER_RESIDENCE = gated(
    re.compile(
        r"(?i:\b(?:lives|living|resides|residing|staying)[ \t]+(?:at|on)[ \t]+)"
        r"(\d{1,6}[A-Za-z]?[ \t]+(?:[NSEW]\.?[ \t]+)?[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+){0,2})"
    )
)
# A street in lower case without a house number after a word for where someone lives
# ("lives on cherry st"). "The", "a" and "this" are no street names: "lives on the street".
_STREET_AFTER_RESIDENCE = gated(
    re.compile(
        r"(?i:\b(?:lives|living|lived|resides|residing|staying|moved)[ \t]+(?:on|to)[ \t]+)"
        r"((?!(?:the|a|this|that)\b)[a-z]{2,}(?:[ \t]+[a-z]{2,})?[ \t]+"
        r"(?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|blvd|boulevard|ct|court|way|pl|place|"
        r"ter|terrace|cir|circle)\b\.?)"
    )
)
# A street corner: "corner of Main and 5th", "corner of Oak St & Elm Ave".
_STREET_CORNER = gated(
    re.compile(
        r"(?i:\bcorner[ \t]+of)[ \t]+"
        r"([A-Z0-9][A-Za-z0-9]*\.?(?:[ \t]+[A-Z][A-Za-z]*\.?)?[ \t]+(?:and|&)[ \t]+"
        r"[A-Z0-9][A-Za-z0-9]*\.?(?:[ \t]+[A-Z][A-Za-z]*\.?)?)"
    )
)
# A ZIP code after a word for where someone lives: "lives in 90210".
_ZIP_AFTER_RESIDENCE = gated(
    re.compile(
        r"(?i:\b(?:lives|living|resides|residing|moved|relocated)[ \t]+(?:in|to|at|near)"
        r"[ \t]+)(\d{5}(?:-\d{4})?)(?![\d-])"
    )
)

# Address forms that the patterns above leave: a unit before the house number ("Apt. 4, 310
# Boylston"), a highway contract or rural route box ("HC 64 Box 22", "RR 2 Box 15"), a street
# in another language ("Calle Luna 14", "12 Rue de Rivoli"), and a UK postcode ("GU1 4AA").
_UNIT_BEFORE_HOUSE = gated(
    re.compile(
        r"(?:Apt|APT|Apartment|Unit|UNIT|Suite|Ste)\.?[ \t]*\#?[ \t]*[A-Za-z0-9-]*\d[A-Za-z0-9-]*,?"
        r"[ \t]+\d{1,6}[A-Za-z]?[ \t]+[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?"
    )
)
_ROUTE_BOX = gated(
    re.compile(
        r"\b(?:HC|RR|R\.R\.|(?i:rural[ \t]+route|highway[ \t]+contract))[ \t]*\d{1,4},?[ \t]+"
        r"(?i:box)[ \t]+\d{1,5}\b"
    )
)
_FOREIGN_STREET = gated(
    re.compile(
        r"(?:\d{1,5}[ \t]+)?(?:Calle|Avenida|Camino|Carrera|Rua|Rue|Paseo|Strasse|Straße)"
        r"[ \t]+(?:(?:de|del|la|las|los|des|du|di|da|do|dos|das)[ \t]+)*"
        r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?(?:[ \t]*,?[ \t]*\d{1,5}[A-Za-z]?\b)?"
    )
)
_UK_POSTCODE = gated(re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)[ \t]\d[ABD-HJLNP-UW-Z]{2}\b"))
# A street in lower case after "on", with a full suffix word or one followed by a full stop
# ("works at the stop & shop on pleasant st."). The pattern starts at the suffix, which is rare,
# and ``_ON_STREET_BEFORE`` reads the street's words and "on" before it.
_LOWER_STREET_SUFFIX = gated(
    re.compile(r"[a-z][ \t]+(?:street|avenue|road|lane|boulevard|st\.|ave\.|rd\.|ln\.|blvd\.)")
)
_ON_STREET_BEFORE = re.compile(
    r"\bon[ \t]+((?!(?:the|a|an|this|that|his|her|their)\b)[a-z]{3,}(?:[ \t]+[a-z]{3,})?)\Z"
)
# A town after a word for where someone lives or comes from, in any case and without a state:
# "pt from fall river", "lives in new bedford". Its last word is one that towns end in, or its
# first is one that towns start with and its second is no English or clinical word.
_NOT_POSTCODE_AREAS = frozenset({"C", "T", "V", "S", "L", "O", "CD", "CO", "HB", "PT", "GT"})
_TOWN_LAST_WORD_TEXT = (
    "river falls springs beach city harbor heights hills lake valley grove haven bay creek "
    "ridge rapids junction park village bluffs point"
)
_TOWN_LAST_WORDS = frozenset(_TOWN_LAST_WORD_TEXT.split())
_TOWN_FIRST_WORDS = frozenset(
    ["new", "north", "south", "east", "west", "fort", "port", "san", "santa", "st", "saint"]
)
_TOWN_WORD = r"[A-Za-z][a-z'’-]+"
_TOWN_AFTER_VERB = gated(
    re.compile(
        r"(?i:\b(?:lives|lived|living|resides|resided|moved|relocated)[ \t]+(?:in|to)|"
        r"\bfrom)[ \t]+("
        # "new bedford", "north attleboro" ...
        r"(?i:" + trie_pattern(sorted(_TOWN_FIRST_WORDS)) + r")[ \t]+" + _TOWN_WORD + r"\b"
        # ... or "fall river", "big bear lake".
        r"|" + _TOWN_WORD + r"(?:[ \t]+" + _TOWN_WORD + r")?[ \t]+"
        r"(?i:" + trie_pattern(sorted(_TOWN_LAST_WORDS)) + r")\b)"
    )
)
_NOT_TOWN_WORD_TEXT = (
    "the a an his her their our my this that home work bed chair er ed icu floor ward campus "
    "side wing tower building unit"
)
_NOT_TOWN_WORDS = frozenset(_NOT_TOWN_WORD_TEXT.split())


def _is_safe(word: str) -> bool:
    return classify_word(word.lower()) == WordClass.SAFE


_FACILITY_HEADS = (
    "Hospital|Hospitals|Medical Center|Medical Centre|Health Center|Health Centre|"
    "Health System|Healthcare|Health Care|Clinic|Clinics|Urgent Care|Family Practice|"
    "Family Medicine|Family Health|Internal Medicine|Medical Associates|Associates|"
    "Medical Group|Physicians|Nursing Home|Nursing Center|Care Center|Rehabilitation Center|"
    "Rehab Center|Rehabilitation Hospital|Surgery Center|Surgical Center|Cancer Center|"
    "Heart Institute|Institute|Infirmary|Hospice|Assisted Living|Senior Living|"
    "Dialysis Center|Imaging Center|Pediatrics|Medical Clinic|Learning Center|"
    "Community Center|Elementary School|Elementary|Middle School|High School|School|Academy|"
    "Daycare|Day Care|Preschool|Hotel|Motel|Shelter|Manor|Nursing Facility|Care Home|"
    "Pharmacy|Health|& Sons|and Sons|Funeral Home|Funeral Services|"
    # Words that end a hospital's short name: "Mass General", "Lee Memorial", "Beth Israel
    # Deaconess". Before them a safe word does not start a name (``_SHORT_NAME_ENDS``).
    "General|Memorial|Deaconess"
)
_FACILITY_HEAD = gated(
    re.compile(
        "(?:"
        + trie_pattern(_FACILITY_HEADS.split("|") + _FACILITY_HEADS.upper().split("|"), space=_GAP)
        + ")"
    )
)
# The word before a position, with the white space (at most one line break) after it.
_WORD_GAP = re.compile(_GAP)
_FACILITY_NAME_WORD = re.compile(r"[A-Z][A-Za-z'’&-]*\.?|&|of|the")
_MAX_FACILITY_WORDS = 5
_WORD_WINDOW = 40
_LOWER_CASE = re.compile("[a-z]")
_PREPOSITIONS = frozenset({"at", "in", "to", "from", "by", "with", "of"})
_GENERIC_FACILITY_TEXT = (
    "general community memorial regional university medical children's childrens women's "
    "womens county state veterans mental behavioral family internal urgent primary public "
    "city district national american main central our your his her their this that"
)
_GENERIC_FACILITY_WORDS = frozenset(_GENERIC_FACILITY_TEXT.split())
# Words that may start a facility name although the scan would call them safe.
_FACILITY_LEAD_WORDS = frozenset({"st", "st.", "saint", "mount", "mt", "mt.", "good", "mercy"})
# Words that start a facility name only before a generic word: "Mass General" (Massachusetts),
# where "Breast Mass Clinic" is a service.
_FACILITY_LEAD_BEFORE_GENERIC = frozenset({"mass"})
_SHORT_NAME_ENDS = frozenset({"general", "memorial", "deaconess"})


def find_zips(scan: Scan) -> list[Span]:
    """Return ZIP codes after a state ("MA 02139", "Texas 78701") or after the word ZIP."""
    text = scan.text
    spans: list[Span] = []
    for match in scan.finditer(_ZIP_SHAPE):
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-./"):
            continue
        if _after_state(text, start) or _zip_label(text, start) is not None:
            spans.append(Span(start, match.end(1), PhiKind.ZIP, "pattern"))
    return spans


def _zip_label(text: str, start: int) -> str | None:
    """Return the ZIP label before ``start``; "code" alone counts only after "zip" or "postal".

    "CPT code 99213" and "Procedure code 36556" are billing codes.
    """
    label = label_before(text, start, _ZIP_LABELS, max_words=2)
    if label != "code":
        return label
    before = words_before(text, start, 3)
    return label if any(word in ("zip", "postal") for word in before) else None


def _after_state(text: str, start: int) -> bool:
    before = text[max(start - 20, 0) : start]
    if not before[-1:].isspace():
        return False
    words = before.replace(",", " ").replace(".", " ").split()
    if not words:
        return False
    if words[-1] in _STATE_CODE_SET:
        return True
    last_two = " ".join(words[-2:]).lower()
    return words[-1].lower() in _STATE_NAME_SET or last_two in _STATE_NAME_SET


def find_cities(scan: Scan) -> list[Span]:
    """Return towns named before a state, whatever their words.

    Leading words such as "From" or "Lives in" are cut off. Without a ZIP code after the
    state, a run with a clinical word, month or weekday in it is left alone.
    """
    text = scan.text
    spans: list[Span] = []
    for state in scan.finditer(_STATE_AFTER_COMMA):
        found = _CITY_WORDS_BEFORE.search(text, max(state.start() - _CITY_WINDOW, 0), state.start())
        if found is None or (found.start() > 0 and text[found.start() - 1].isalnum()):
            continue
        city = found.group()
        words = [(word.start(), word.end()) for word in _CITY_WORD.finditer(city)]
        offset = found.start()
        # "from", "lives in", "moved to" before the town, in the run or just before it.
        lead = words_before(text, found.start(), 2)
        while words and city[words[0][0] : words[0][1]].lower() in _CITY_LEAD_WORDS:
            lead.append(city[words[0][0] : words[0][1]].lower())
            words.pop(0)
        led = any(word in _TOWN_VERBS for word in lead[-2:])
        if not words:
            continue
        names = [city[start:end].lower() for start, end in words]
        if state.group(1) is None:
            # Without a ZIP code, "Hypertension, MI" is a diagnosis, not a town.
            if any(name in CLINICAL_WORDS or name in MONTHS or name in WEEKDAYS for name in names):
                if not _ends_in_unknown_town(names):
                    continue
                # "Sun Prairie, WI": a word on no safe list names the town, and the word
                # before it belongs to the name, though it is a clinical word ("Sun").
                words = words[-2:]
            code = state.group().lstrip(", \t")
            if (
                not led
                and code in _AMBIGUOUS_STATES
                and all(classify_word(name) == WordClass.SAFE for name in names)
            ):
                continue
        spans.append(Span(offset + words[0][0], offset + words[-1][1], PhiKind.CITY, "pattern"))
    return spans


def _ends_in_unknown_town(names: list[str]) -> bool:
    """Return whether the last of two or more words is on no list and the one before it may
    start a town: no title ("Dr Okafor, MI"), month or weekday.
    """
    before = names[-2].rstrip(".") if len(names) >= 2 else ""
    return (
        bool(before)
        and classify_word(names[-1]) == WordClass.UNKNOWN
        and before not in NAME_AFFIXES
        and before not in MONTHS
        and before not in WEEKDAYS
    )


def find_zips_after(text: str, spans: list[Span]) -> list[Span]:
    """Return the ZIP codes that directly follow a city, street or place name in ``spans``.

    ``_span.zips_after`` runs the loop in C where it was built.
    """
    if _native_zips_after is not None:
        found = _native_zips_after(text, spans, _ZIP_ANCHOR_KINDS, _ZIP_AFTER.match, PhiKind.ZIP)
        if found is not None:
            return found
    return _python_zips_after(text, spans)


def _python_zips_after(text: str, spans: Iterable[Span]) -> list[Span]:
    """Run ``find_zips_after`` in Python."""
    found: list[Span] = []
    for span in spans:
        if span.kind not in _ZIP_ANCHOR_KINDS:
            continue
        match = _ZIP_AFTER.match(text, span.end)
        if match is not None:
            found.append(Span(match.start(1), match.end(1), PhiKind.ZIP, "pattern"))
    return found


# Map coordinates: a pair of decimals with four or more places ("42.3601, -71.0589"), or
# with two or more after "lat" and "long".
_COORDINATES = gated(
    re.compile(
        r"(?:(?<![\w.-])-|\d(?<![\w.-]\d))\d{0,2}\.\d{4,}(?:[ \t]*[,;/][ \t]*|[ \t]+)"
        r"-?\d{1,3}\.\d{4,}(?![\d.])"
    )
)
_LABELED_COORDINATES = gated(
    re.compile(
        r"(?<![A-Za-z])(?i:lat(?:itude)?)[ \t]*(?:[:=][ \t]*)?-?\d{1,2}\.\d{2,}"
        r"[ \t]*(?:[,;/][ \t]*)?"
        r"(?i:long(?:itude)?|lon|lng)[ \t]*(?:[:=][ \t]*)?-?\d{1,3}\.\d{2,}(?![\d.])"
    )
)
_MAX_LATITUDE = 90
_MAX_LONGITUDE = 180
# Two small decimals ("INR 2.3456, 1.2345") are more often values than a place.
_MIN_COORDINATE = 10


def _is_coordinate_pair(value: str) -> bool:
    numbers = [abs(float(number)) for number in _DECIMAL.findall(value)]
    return (
        len(numbers) == 2
        and numbers[0] <= _MAX_LATITUDE
        and numbers[1] <= _MAX_LONGITUDE
        and max(numbers) >= _MIN_COORDINATE
    )


_DECIMAL = re.compile(r"\d+\.\d+")
# Any match of the address patterns that seldom match, in one search: without one, the
# finder skips them all rather than asking the scan about each.
_RARE_ADDRESS_PATTERNS = (
    _COORDINATES,
    _LABELED_COORDINATES,
    _PO_BOX,
    _ROUTE,
    _ZIP_AFTER_RESIDENCE,
    _HOUSE_AFTER_RESIDENCE,
    _STREET_AFTER_RESIDENCE,
    _STREET_CORNER,
)
_RARE_ADDRESS = gated(
    re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _RARE_ADDRESS_PATTERNS))
)


def find_addresses(scan: Scan) -> list[Span]:
    """Return street address lines, post office boxes and map coordinates."""
    text = scan.text
    spans: list[Span] = []
    address = PhiKind.ADDRESS
    rare = scan.search(_RARE_ADDRESS) is not None
    if rare:
        for match in scan.finditer(_COORDINATES):
            if _is_coordinate_pair(match.group()):
                spans.append(Span(match.start(), match.end(), address, "pattern"))
        for match in scan.finditer(_LABELED_COORDINATES):
            spans.append(Span(match.start(), match.end(), address, "pattern"))
    for match in scan.finditer(_ADDRESS):
        if match.start() == 0 or not text[match.start() - 1].isalnum():
            spans.append(Span(match.start(), match.end(), address, "pattern"))
    if scan.search(_STREET_HINT) is not None:
        for match in scan.finditer(_STREET_ONLY):
            if match.start() == 0 or not text[match.start() - 1].isalnum():
                spans.append(Span(match.start(1), match.end(1), address, "pattern"))
    if rare:
        if scan.search(_BOX_HINT) is not None:
            for match in scan.finditer(_PO_BOX):
                spans.append(Span(match.start(), match.end(), address, "pattern"))
        for match in scan.finditer(_ROUTE):
            before = _BEFORE_ROUTE.search(text, max(match.start() - 12, 0), match.start())
            if before is not None:
                start = before.start() if before.group()[0].isdigit() else match.start()
                spans.append(Span(start, match.end(), address, "pattern"))
    for pattern in (_LOWER_STREET, _NUMBER_BEFORE_UNIT):
        for match in scan.finditer(pattern):
            if match.start() == 0 or not text[match.start() - 1].isalnum():
                spans.append(Span(match.start(), match.end(), address, "pattern"))
    if rare:
        for pattern in (_STREET_AFTER_RESIDENCE, _STREET_CORNER):
            for match in scan.finditer(pattern):
                spans.append(Span(match.start(1), match.end(1), address, "pattern"))
        for match in scan.finditer(_ZIP_AFTER_RESIDENCE):
            spans.append(Span(match.start(1), match.end(1), PhiKind.ZIP, "pattern"))
        for match in scan.finditer(_HOUSE_AFTER_RESIDENCE):
            spans.append(Span(match.start(1), match.end(1), address, "pattern"))
    return spans


def find_other_addresses(scan: Scan) -> list[Span]:
    """Return units before a house number, route boxes, foreign streets and UK postcodes."""
    text = scan.text
    spans: list[Span] = []
    address = PhiKind.ADDRESS
    for pattern in (_UNIT_BEFORE_HOUSE, _ROUTE_BOX, _FOREIGN_STREET):
        for match in scan.finditer(pattern):
            if match.start() > 0 and text[match.start() - 1].isalnum():
                continue
            if pattern is _UNIT_BEFORE_HOUSE and _is_safe(match.group().split()[-1]):
                # "Unit 4, 310 Beds": a count, not a street.
                continue
            spans.append(Span(match.start(), match.end(), address, "pattern"))
    for match in scan.finditer(_LOWER_STREET_SUFFIX):
        if match.end() < len(text) and text[match.end()].isalnum():
            continue
        street = _ON_STREET_BEFORE.search(text, max(match.start() - 40, 0), match.start() + 1)
        if street is None:
            continue
        first = street.group(1).split()[0]
        if first in CLINICAL_WORDS and first not in ENGLISH_WORDS:
            # "on ekg st. elevation" is no street.
            continue
        spans.append(Span(street.start(1), match.end(), address, "pattern"))
    for match in scan.finditer(_UK_POSTCODE):
        # "CD4 5AB", "T2 4AB", "V1 2AV": counts, sequences, vertebrae and leads are no postcodes.
        outward = match.group(1)
        letters = outward[: 2 if outward[1:2].isalpha() else 1]
        if letters not in _NOT_POSTCODE_AREAS and not _is_safe(outward):
            spans.append(Span(match.start(), match.end(), PhiKind.ZIP, "pattern"))
    return spans


def find_towns_after_verbs(scan: Scan) -> list[Span]:
    """Return towns of two or three words after "lives in" or "from", with no state after them."""
    spans: list[Span] = []
    for match in scan.finditer(_TOWN_AFTER_VERB):
        lowered = match.group(1).lower().split()
        if any(word in _NOT_TOWN_WORDS or word in CLINICAL_WORDS for word in lowered):
            continue
        if lowered[-1] not in _TOWN_LAST_WORDS and _is_safe(lowered[1]):
            # "from new onset": after a first word of towns the second must be on no list.
            continue
        spans.append(Span(match.start(1), match.end(1), PhiKind.CITY, "pattern"))
    return spans


def find_facilities(scan: Scan) -> list[Span]:
    """Return facility names: capitalized words that end in a head such as "Medical Center".

    The words before the head are read backwards, up to five. Leading words that are safe on
    their own ("Seen", "At" in an all-capitals note) are cut off, and a name left with only
    safe words ("General Hospital") is no identifier and is skipped.
    """
    text = scan.text
    spans: list[Span] = []
    lines = _LineCase(text)
    for head in scan.finditer(_FACILITY_HEAD):
        head_start, head_end = head.span()
        if head_start > 0 and text[head_start - 1].isalnum():
            continue
        if head_end < len(text) and (text[head_end].isalnum() or text[head_end] in "'’"):
            continue
        if head.group().lower() == "health" and _HEALTH_PLAN_AFTER.match(text, head_end):
            continue
        lead: list[tuple[int, str]] = []
        position = head_start
        while len(lead) < _MAX_FACILITY_WORDS:
            found = _word_before(text, max(position - _WORD_WINDOW, 0), position)
            if found is None or not _FACILITY_NAME_WORD.fullmatch(found[1]):
                break
            word_start, word = found
            if word.endswith(".") and word.lower().rstrip(".") not in _FACILITY_LEAD_WORDS:
                break
            lead.insert(0, found)
            position = word_start
        line_start = lines.line_start(lead[0][0] if lead else head_start)
        capitals_line = not lines.has_lower_case(line_start, head_end)
        if capitals_line:
            # "SEEN AT VALLEY VIEW URGENT CARE": the name starts after the last preposition.
            prepositions = [i for i, (_, w) in enumerate(lead) if w.lower() in _PREPOSITIONS]
            if prepositions:
                lead = lead[prepositions[-1] + 1 :]
                capitals_line = False
        # After a short name's last word ("General") a safe word is no name: "Under General".
        strict = capitals_line or head.group().lower() in _SHORT_NAME_ENDS
        while lead and _is_plain(lead[0][1], capitals_line=strict):
            following = lead[1][1] if len(lead) > 1 else head.group()
            if (
                lead[0][1].lower() in _FACILITY_LEAD_BEFORE_GENERIC
                and following.lower() in _GENERIC_FACILITY_WORDS
            ):
                break
            lead.pop(0)
        if lead:
            spans.append(Span(lead[0][0], head_end, PhiKind.ADDRESS, "pattern"))
    return spans


class _LineCase:
    """Line starts of a text, and for each line whether a lower-case letter comes before a point.

    A line of capitals with many facility heads ("VALLEY CLINIC, HILL CLINIC, ...") is read
    once, not once for each head.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: list[int] | None = None
        # For each line start asked about: how far it was searched and where the first
        # lower-case letter is, or -1 if there is none up to there.
        self._lower: dict[int, tuple[int, int]] = {}

    def line_start(self, position: int) -> int:
        """Return ``text.rfind("\\n", 0, position) + 1``."""
        if self._newlines is None:
            self._newlines = [match.start() for match in _NEWLINE.finditer(self._text)]
        index = bisect_left(self._newlines, position)
        return self._newlines[index - 1] + 1 if index else 0

    def has_lower_case(self, line_start: int, end: int) -> bool:
        """Return whether ``text[line_start:end]`` has a lower-case ASCII letter."""
        searched_to, first_lower = self._lower.get(line_start, (line_start, -1))
        if first_lower < 0 and end > searched_to:
            found = _LOWER_CASE.search(self._text, searched_to, end)
            first_lower = -1 if found is None else found.start()
            self._lower[line_start] = (end, first_lower)
        return 0 <= first_lower < end


_NEWLINE = re.compile("\n")


def _word_before(text: str, low: int, position: int) -> tuple[int, str] | None:
    """Return the start and text of the word that white space (``_GAP``) separates from
    ``position``, read no further back than ``low``; None if there is none.
    """
    segment = text[low:position]
    kept = segment.rstrip()
    if not kept or _WORD_GAP.fullmatch(segment, len(kept)) is None:
        return None
    word = kept.rsplit(None, 1)[-1]
    return low + len(kept) - len(word), word


def _is_plain(word: str, *, capitals_line: bool) -> bool:
    """Return whether a word before a facility head cannot start a facility name.

    In mixed-case text a capitalized word before the head is part of a proper name ("Valley
    View Urgent Care"), unless it only describes the facility ("General", "Community") or
    names a service ("Wound Care", "Heart Failure"). In a
    line written in capitals every word looks capitalized, so safe words are cut off too
    ("SEEN AT").
    """
    bare = word.strip(".,'’&").lower()
    if not bare or bare in {"of", "the", "and"} or bare in _GENERIC_FACILITY_WORDS:
        return True
    if word.lower() in _FACILITY_LEAD_WORDS or bare in _FACILITY_LEAD_WORDS:
        return False
    if bare in CLINICAL_WORDS or bare in _SERVICE_WORDS:
        # "Wound Care Clinic", "Heart Failure Clinic", "Home Health": a service, not a name.
        return True
    return capitals_line and classify_word(bare) == WordClass.SAFE
