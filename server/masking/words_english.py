"""Common English words that are not names, for the capitalized-word name scan.

The list was written by hand for this project: function words, and the verbs, nouns,
adjectives and adverbs that clinical notes use in everyday prose. Verbs and nouns appear in
their base form because ``phigate.masking.lexicon`` strips regular endings (``-s``, ``-ed``,
``-ing``, ``-ly``) before a lookup. Words that are also common given names or surnames
("Will", "Brown") belong in ``NAME_LIKE_WORDS`` in ``phigate.masking.wordlists``, which the
scan checks first.
"""

from __future__ import annotations

__all__ = ["ENGLISH_WORDS"]

ENGLISH_WORDS = frozenset(
    """
    a about above absent accept access accident accompany according account accurate ache
    achieve acknowledge across act action active activity actual actually acute add addition
    additional address adequate adjust admit adult advance advice advise affect afraid after
    afternoon again against age agency ago agree ahead aid aim air alarm alert alive all allow
    almost alone along already also alter alternate alternative although always am among amount
    an and anger angry announce annual another answer anxious any anybody anymore anyone
    anything anyway anywhere apart apparent appear appetite apply appoint appreciate approach
    appropriate approve approximately are area argue arise arm around arrange arrive as ask
    asleep aspect assess assessment assist associate assume assure at attach attempt attend
    attention attitude available avoid awake aware away awhile
    baby back background bad badly bag balance ball bar barely base basic basis bathe bathroom
    be bear beat became because become bed bedroom bedside been before began begin behalf
    behavior behind being belief believe belong below beneath beside besides better between
    beyond big bit bite bladder blame bleed blind block blood blow board body boil bone book
    born borrow both bother bottle bottom bought box boy brain branch brave bread break
    breakfast breath breathe bridge brief briefly bring broad broke broken brother brought
    brush budget build building bulk bump burden business busy but buy by
    calendar call calm came camera can cancel cannot capable capacity car card care career
    careful carefully carry cause caution cease certain certainly chair change chapter charge
    charity cheap check cheek cheer chew child childhood children choice choose chronic
    circle circumstance cite citizen claim class clean clear clearly climb clinic close closely
    cloth clothes clothing cloud coach coat code coffee cold collapse colleague collect college
    color combination combine come comfort comfortable command comment commit committee common
    communicate community companion company compare complain complaint complete completely
    complex comply concern concerning condition conduct confirm conflict confuse confusion
    connect consent consider consistent constant consult contact contain content context
    continue contrast control convenient conversation convey cook cool cope copy corner correct
    cost could council count country couple courage course court cousin cover crack create
    crisis criteria critical crowd cry cup cure current currently custom cut cycle
    daily damage danger dark data date daughter day daytime dead deal dear death debt decide
    decision decline decrease deep deeply defer define definite definitely degree delay deliver
    demand deny depart department depend describe desire despite detail determine develop
    device did die diet differ difference different difficult difficulty dinner direct
    direction directly disagree discharge discomfort discover discuss discussion dish dislike
    distance distress disturb divide do document does dog doing done door double doubt down
    downstairs dozen draw dream dress drink drive driver drop drove dry due during duty
    each eager ear earlier easily east easy eat effect effort eight eighteen either elderly
    eleven else elsewhere emergency emotion emotional employ empty encourage end energy engage
    enjoy enough ensure enter entire entirely environment episode equal equipment error
    escape especially establish estimate etc even evening event eventually ever every everybody
    everyday everyone everything everywhere evidence exact exactly examine example excellent
    except exchange excite exercise exist expect expense experience explain express extend
    extent extra extreme extremely eye
    face facility fact factor fail failure fairly fall false familiar family far farm fast
    father fatigue fault fear feed feel feet fell felt female few fifteen fifth fifty figure
    file fill final finally financial find fine finger finish fire firm first fit five fix
    flat floor flow fluid fly focus folk follow food foot for force foreign forget form formal
    former forty forward found four fourteen fourth frame free frequency frequent frequently
    fresh friend from front fruit full fully fun function fund further future
    gain game garden gas gather gave general generally gentle gently get gift girl give given
    glad go goal goes going gone got grade gradual gradually grand grandchild grandparent great
    greatly ground group grow growth guard guess guide gun
    habit had hair half hallway hand handle hang happen happy hard hardly harm has hat hate
    have he head health healthy hear heard heat heavy height held help helpful her here herself
    high highly him himself his history hit hold hole holiday home honest hospital hot hour
    house household how however huge human hundred hungry hurry hurt husband
    i idea identify if ignore ill illness image imagine immediate immediately impact important
    improve in include including income increase indeed independent indicate individual
    influence inform information initial initially injure injury inside insist instead
    instruct instruction insurance intake intend interest interested interview into introduce
    invite involve is issue it item its itself
    job join joint journey judge juice jump just
    keep kept key kid kind kitchen knee knew knock know knowledge known
    labor lack lady land language large largely last late lately later latter laugh lay lead
    learn least leave left leg legal less lesson let letter level library lie life lift light
    like likely limit line link lip list listen little live load loan local locate lock lone
    lonely long longer look loose lose loss lost lot loud low lower lunch
    made mail main mainly maintain major make male man manage manner many map market marry
    mass match material matter maximum meal mean meaning meanwhile measure meet meeting member
    memory mention mess message met method middle midnight might mild mile milk mind mine
    minimal minimum minor minute miss mistake mix moderate modest moment money month mood more
    morning most mostly mother motion move movement much multiple must my myself
    name narrow nation natural nature near nearby nearly neat necessary neck need negative
    neighbor neither nephew nervous never nevertheless new news next nice niece night nine
    nineteen ninety no nobody nod none noon nor normal normally not note nothing notice now
    nowhere number numerous
    object observe obtain obvious obviously occasion occasional occasionally occupy occur odd
    of off offer office officer often oil okay old older on once one only onto open operate
    opinion opportunity opposite option or order ordinary organize other otherwise ought our
    ourselves out outcome outdoor outside over overall overnight own
    pace pack page pain paint pair paper parent part partial partially participate particular
    particularly partner party pass past patient pattern pause pay peer people per percent
    perfect perform perhaps period permanent permit person personal persuade phone physical
    pick picture piece place plan plate play please pleasant plenty pocket point policy
    polite poor poorly popular portion position positive possible possibly post pot pour
    practice prefer prepare presence present press pressure pretty prevent previous
    previously prior priority private probably problem procedure proceed process produce
    program progress promise prompt proper properly protect proud provide public pull purpose
    push put
    quality quarter question quick quickly quiet quietly quit quite
    raise ran range rapid rapidly rare rarely rate rather reach react read ready real realize
    really reason reasonable recall receive recent recently recognize recommend record recover
    recovery reduce refer reflect refuse regard regarding region regular regularly reject
    relate relation relationship relative relatively relax release relief relieve remain
    remember remind remote remove repeat replace reply report request require resident
    resolve respect respond response rest result resume retire return reveal review ride
    right ring rise risk road role roll room rough round routine rule run rush
    sad safe safety said sake same sample save saw say scale scare schedule school score
    search season seat second secondary section see seek seem seen seldom select self sell
    send sense sensitive sent separate series serious serve service session set settle seven
    seventeen several severe severely shall shape share she shift shoe shop short shortly
    should shoulder shout show shower shut sibling sick side sight sign significant
    significantly silent similar simple simply since single sister sit site situation six
    sixteen size skill sleep slight slightly slow slowly small smile smoke so social soft
    solve some somebody somehow someone something sometimes somewhat somewhere son soon sore
    sorry sort sound source south space speak special specific speech speed spend spoke
    spouse spread staff stage stair stand standard start state statement stay steady step
    still stomach stop story straight strange street strength stress stretch strict strike
    strong struggle student study stuff subject submit subsequent subsequently substantial
    success successful such sudden suddenly suffer suggest suit summary supply support suppose
    sure surprise surround suspect sustain swallow sweat swing switch system
    table take taken talk tall task taste taught teach team tear tell temporary ten tend term
    terrible test than thank that the their them themselves then there therefore these they
    thick thin thing think third thirteen thirty this those though thought thousand three
    threw through throughout throw thus ticket tie tight till time tiny tired to today
    together told tolerate tomorrow tone tonight too took tool tooth top topic total totally
    touch toward towards town track trade train transfer transport travel treat treatment
    tree trial trip trouble true truly trust truth try turn twelve twenty twice two type
    typical typically
    ugly unable uncle under understand unfortunately unit unknown unless unlike unlikely
    until unusual up update upon upper upset upstairs urge urgent us use used useful usual
    usually
    vacation value variety various vary very via view visit visitor voice vote
    wait wake walk want warm warn was wash watch water way we weak wear weather week weekend
    weekly weigh weight welcome well went were west what whatever wheel when whenever where
    whereas wherever whether which while whisper who whole whom whose why wide wife willing
    window wish with within without woman women wonder word work worker world worry worse
    worst worth would wound write wrong wrote
    yard yeah year yell yes yesterday yet you your yourself youth
    zero zone
    """.split()
)
