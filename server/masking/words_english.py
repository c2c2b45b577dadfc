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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH_WORDS = _words(
    """
    days boxes eyes legs arms toes ribs hips lips cups bags pens tabs pts hrs mos yrs jobs
    kids dogs cats beds
    eats eating eaten asked asking asks used uses using tried tries trying dried dies died
    dying lied lies tied ties runs running sits sitting added adding adds ended ending ends
    aids aided aimed aims fixed fixing fixes mixed mixing rubbed rubbing naps napping gets
    getting got sees seeing saw cries cried crying dries drying hurts hurting cuts cutting puts
    putting sets setting lets letting hits hitting fits fitting pays paying paid says saying
    lays laying lost buys buying bought owes owed owing fed feeds feeding led leads leading met
    meets meeting
    a about above abroad absent accent accept access accessory accident accommodate accompany
    accomplish according account accurate accurately ache achieve acknowledge acquire across
    act action active activity actual actually acute adapt add addition additional address
    adequate adjacent adjust admire admit adolescent adopt adult advance adverse advice advise
    advocate affect afraid after afternoon again against age agency aggressive ago agree ahead
    aid aim air alarm alcohol alert alive all allergic allow ally almost alone along already
    also alter alternate alternative although always am amend among amount ample an analysis
    and anger angle angry ankle announce annoy annual another answer anticipate anticipatory
    anxiety anxious any anybody anymore anyone anything anyway anywhere apart apologize
    apparent apparently appeal appear appetite applicant apply appoint appreciate appreciation
    apprehensive approach appropriate approval approve approximately are area argue arise arm
    around arrange arrival arrive article artificial as aside ask asleep aspect assess
    assessment asset assign assist assistance assistant associate assume assure at atmosphere
    attach attack attempt attend attention attitude attractive audience author automatic
    available average avoid await awake aware away awful awhile baby back background backup bad
    badly bag balance ball bar bare barely bargain barrier base basic basis basket bathe
    bathroom battery be bear beat became because become bed bedroom bedside been before began
    begin behalf behave behavior behind being belief believe belong below beneath benefit
    beside besides better between beverage beyond bias bicycle big biology birth birthday bit
    bite bladder blame blank blanket bleed bless blind block blood blow board body boil bone
    book born borrow both bother bottle bottom bought box boy brain branch brand brave breach
    bread break breakfast breast breath breathe brick bridge brief briefly brilliant bring
    broad broadcast broke broken brother brought brush budget build building bulk bullet bump
    bundle burden burst business busy but buy by cabin cable calculate calendar call calm came
    camera campaign can cancel candidate cannot capable capacity capital capture car carbon
    card care career careful carefully cargo carry category cause caution cease ceiling
    celebrate cell center central ceremony certain certainly chain chair challenge champion
    change channel chapter character characteristic charge charity charm cheap check cheek
    cheer cheese chemical chemistry chest chew chicken chief child childhood children chocolate
    choice choose chronic cigarette cinema circle circuit circumstance cite citizen civil claim
    clarity class classic clean clear clearly client climate climb clinic clinical clock close
    closely closet cloth clothes clothing cloud clue cluster coach coast coat code coffee cold
    collapse collar colleague collect collection college colony color column combination
    combine come comfort comfortable command comment commit committee common communicate
    community companion company compare comparison compete competent complain complaint
    complete completely complex complicate comply component comprehensive concentrate concept
    concern concerning conclude concrete condition conduct confident confirm conflict confront
    confuse confusion congress connect connection conscious consent consequence conservative
    consider considerable consistent constant constitute construct consult consume consumer
    contact contain contemporary content contest context continue contract contrast contribute
    control convenient conversation convert convey convince cook cool cope copy corner
    corporate correct corridor cost could council count counter country county couple courage
    course court cousin cover crack craft crash crazy create credit crew crime criminal crisis
    criteria critical crop crowd crucial cry cultural culture cup cure curious current
    currently cushion custom customer cut cycle daily dairy damage dance danger dark data date
    daughter day daytime dead deal dear death debate debt decade decent decide decision declare
    decline decorate decrease dedicate deep deeply defeat defend defer deficit define definite
    definitely degree delay delete deliberate delicate delight deliver delivery demand
    democracy demonstrate dense dental deny depart department depend deposit depressed depth
    deputy derive describe deserve design desire desk desperate despite destroy detail detect
    detective determine develop device diagram dictate dictated dictation did die diet differ
    difference different differential difficult difficulty digital dignity dimension dinner
    diplomat direct direction directly disability disabled disagree disaster discharge
    discipline discomfort discount discover discuss discussion disease dish dislike display
    dispose distance distinct distress distribute district disturb dive diverse divide divorce
    divorced do document does dog doing domestic dominant donate done door double doubt down
    downstairs dozen drama draw drawer dream dress drink drive driver drop drove drug dry dual
    due during dust duty dynamic each eager eagerly ear earlier earn earth easily east easy eat
    economy edge edition editor effect effective efficient effort eight eighteen either
    elaborate elbow elderly elect electric electronic element elementary elevator eleven
    eliminate else elsewhere embrace emerge emergency emotion emotional emphasis empire employ
    employee employer empty enable encounter encourage end enemy energy engage engine engineer
    enhance enjoy enlarge enormous enough enroll ensure enter enterprise entertain enthusiasm
    entire entirely entry envelope environment episode equal equality equipment equivalent era
    error escape especially essay essential establish estate estimate etc ethnic evaluate even
    evening event eventually ever every everybody everyday everyone everything everywhere
    evidence evil evolve exact exactly exam examine example exceed excellent except excess
    exchange excite exclude excuse execute executive exercise exhaust exhibit exist expand
    expansion expect expense experience expert explain expose exposure express extend extent
    external extra extraordinary extreme extremely eye fabric face facial facility fact factor
    factory faculty fail failure fairly fall false fame familiar family fancy fantasy far fare
    farm fashion fast fatal father fatigue fault favor favorite fear feature federal fee feed
    feedback feel feet fell fellow felt female fence festival fetal few fiber fiction fifteen
    fifth fifty fight figure file fill film filter final finally finance financial find finding
    fine finger finish fire firearm firm first fist fit five fix flag flame flash flat flavor
    flesh flight float flood floor flour flow flower fluid fly focus fog fold folder folk
    follow following food foot for force forecast foreign forever forget form formal former
    formula fortune forty forum forward found foundation four fourteen fourth fraction fragile
    frame framework free freeze frequency frequent frequently fresh fridge friend from front
    fruit fuel full fully fun function fund furniture further future gain gallery game gap
    garage garbage garden gas gate gather gave gear gender general generally generate
    generation genetic gentle gently genuine gesture get giant gift girl give given glad glove
    glucose go goal goes going gone got govern government governor grab grade gradual gradually
    graduate grain grammar grand grandchild grandparent graph grasp grave gravity great greatly
    grief grocery ground group grow growth guarantee guard guess guidance guide guideline
    guilty gun habit habitat had hair half hallway hand handicap handle hang happen happiness
    happy harbor hard hardly hardware harm harvest has hat hate have hazard he head headline
    heal health healthy hear heard hearing heat heaven heavy heel height held helicopter help
    helpful her here heritage hero herself hesitate hide hierarchy high highlight highly
    highway him himself hip hire his historic history hit hobby hold hole holiday home honest
    honey hook horizon horn horror horse hospital hospitalization host hostile hot hour house
    household housing how however huge human humor hundred hungry hurry hurt husband i idea
    identical identify ideology if ignorance ignore ill illegal illness illustrate image
    imagine imaging immediate immediately immigrant immune impact implant implement imply
    important impose impress impression improve in incentive incident include including income
    incorporate incorrect increase indeed independent indicate indicator individual infant
    infection inflation influence inform information ingredient inhabitant inherit initial
    initially initiative injection injure injured injury inmate inner innocent input inquiry
    insect inside insight insist inspect inspire install instance instead institute institution
    instruct instruction instrument insurance intact intake integrate integrity intellectual
    intelligence intend intense intensity interact interest interested internal interpret
    interval intervention interview intimate into introduce invasion invasive invest
    investigate invisible invite involve iron is island isolate issue it item its itself jacket
    jail jaw job join joint joke journal journey judge juice jump junior jury just justice
    justify keep kept key keyboard kick kid kidney kind kingdom kitchen knee knew knife knock
    know knowledge known labor lack ladder lady land landscape language laptop large largely
    laser last late lately later latter laugh lawn lawyer lay layer lead leader leaf league
    learn lease least leather leave lecture left leg legacy legal legend legislation leisure
    lens less lesson let letter level liberal library license lie life lifestyle lifetime lift
    light lighting like likely limb limit limitation line linear link lip liquid list listen
    literally literature litigation little live load loan local locate lock logic lone lonely
    long longer look loose lose loss lost lot loud low lower loyal luck lunch lung luxury
    machine machinist made magazine magic magnitude mail main mainly maintain maintenance major
    majority make male man manage mandate manner manufacture many map margin marine marker
    market marriage married marry mask mass master match material math matter maximum mayor
    meal mean meaning meanwhile measure meat mechanic mechanism medal media medic medical
    medication medicine meet meeting member membership memorial memory mental mention merchant
    merely merge merit mess message met metal meter method metropolitan microwave middle
    midnight might migration mild mile military milk mind mine minimal minimum minister minor
    minority minute miracle mirror miss missile mission mistake mix mode model moderate modest
    modify molecule moment money monitor monster month mood moral more morning mortgage most
    mostly mother motion motivate motor move movement much multiple muscle museum musical must
    mutual my myself mystery myth naked name narrative narrow nation natural nature navy near
    nearby nearly neat necessary neck need negative negotiate neighbor neither nephew nervous
    network neutral never nevertheless new news newspaper next nice niece night nightmare nine
    nineteen ninety no nobody nod noise nominate none nonetheless noon nor normal normally not
    note notebook nothing notice novel now nowhere nuclear number numerous nurture nutrient
    object obligation obscure observation observe obstacle obtain obvious obviously occasion
    occasional occasionally occupation occupy occur odd odds of off offense offensive offer
    office officer offspring often oil okay old older on once one only onto open operate
    operation operator opinion opponent opportunity oppose opposite optimistic option or oral
    orbit order ordinary organ organic organize orientation origin other otherwise ought our
    ourselves out outcome outdoor outfit outlet output outside over overall overcome overlook
    overnight overweight own oxygen pace pack package page pain painful paint painting pair
    palm panel pants paper parade paragraph parallel parameter parent parish parking part
    partial partially participant participate particular particularly partner partnership party
    pass passage passenger passion past patient patrol pattern pause pay peak peanut peer pen
    penalty pension people pepper per perceive percent perception perfect perform performance
    perhaps period peripheral permanent permission permit persist person personal personality
    perspective persuade petition phase phenomenon philosophy phone photograph phrase physical
    physician piano pick picture piece pile pill pilot pipe pitch place plan planet plant
    plastic plate platform play plea pleasant please pleasure pledge plenty plot plus pocket
    poem poet poetry point policy polite poll pollution pool poor poorly pop popular portion
    portrait pose position positive possess possible possibly post pot potato pour poverty
    powder practice precise predict prefer pregnancy pregnant premium prepare prescription
    presence present preservation president press pressure prestige pretty prevalence prevent
    preview previous previously pride priest primarily principal principle print prior priority
    prison privacy private privilege prize probability probably problem procedure proceed
    process produce profile profit profound program progress prohibit project prominent promise
    promote prompt pronoun proof proper properly property proportion proposal prospect protect
    protein protest proud provide province psychology public publication publish pull punish
    pupil purchase purpose pursue push put puzzle qualify quality quantity quarter quest
    question quick quickly quiet quietly quit quite quote rabbit racial radar radical radio
    rail rainbow raise rally ran random range rank rapid rapidly rare rarely rate rather ratio
    raw reach react read ready real realize really realm reason reasonable rebel recall receive
    recent recently receptor recipe recipient recognize recommend record recover recovery
    recruit reduce reduction refer referral reflect reform refugee refuse regard regarding
    regime region register regular regularly regulate rehabilitation reinforce reject relate
    relation relationship relative relatively relax release relevant reliable relief relieve
    religion religious reluctant remain remedy remember remind remote remove rental repair
    repeat replace replacement reply report reporter represent reputation request require
    rescue research reservation reserve residence resident resign resist resolution resolve
    resort respect respective respond response rest restaurant restore restriction result
    resume retail retain retire retreat return reveal revenue reverse review revolution reward
    rhythm ribbon ride rifle right ring riot rise risk ritual rival road robot rocket role roll
    romance roof room root rope rough round route routine rule run rural rush sacred sad safe
    safety said sake salad salary same sample sanction satellite satisfaction sauce save saw
    say scale scandal scare scenario scene schedule scholar school science scope score scratch
    screen script sculpture seal search season seat second secondary secret secretary section
    sector secure see seed seek seem seen segment seldom select self sell senate send senior
    sensation sense sensitive sent sentence separate sequence sergeant series serious serve
    service session set settle settlement seven seventeen several severe severely severity
    shadow shall shallow shame shape share she shell shelter shield shift shine shirt shock
    shoe shoot shop short shortage shortly should shoulder shout show shower shrug shut sibling
    sick side sight sign signal significant significantly silence silent silk silly similar
    simple simply simultaneously since sincerely single sister sit site situation six sixteen
    size skeleton sketch ski skill slave sleep slice slide slight slightly slip slope slow
    slowly small smart smell smile smoke snake so soap soccer social socks soft soil solar
    soldier solid solution solve some somebody somehow someone something sometimes somewhat
    somewhere son soon sore sorry sort soul sound soup source south space spare speak special
    species specific spectrum speech speed spell spend sphere spine spirit split spoke sponsor
    sport spot spouse spread stability stable stadium staff stage stair stance stand standard
    start state statement statistic status stay steady steal steam stem step still stock
    stomach stop storage story straight strange strategy straw stream street strength stress
    stretch strict strike strip stroke strong structure struggle student studio study stuff
    style subject submarine submit subsequent subsequently substance substantial subtle suburb
    succeed success successful such sudden suddenly suffer sufficient sugar suggest suicide
    suit suite sum summary supervisor supplement supply support suppose sure surface surgeon
    surgery surgical surplus surprise surround survey survival survivor suspect suspicion
    sustain swallow sweat swing switch sword symbol sympathy symptom syndrome system table
    tactic tail take taken talent talk tall tank tape target task taste taught tax teach team
    tear teaspoon technique technology teenager telephone telescope tell temporary ten tenant
    tend tender tension term terminal terrible territory terror test textbook texture than
    thank that the their them theme themselves then theory therapist there thereby therefore
    these thesis they thick thin thing think third thirteen thirty this those though thought
    thousand threat three threshold threw thrive throat through throughout throw thumb thus
    ticket tide tie tight tile till timber time tiny tired tissue title to tobacco today toe
    together toilet told tolerate tomato tomorrow tone tongue tonight too took tool tooth top
    topic total totally touch tournament tourniquet toward towards tower town toxic trace track
    trade trader tradition traffic tragedy trail train transaction transfer transition
    transmission transport trauma travel tray treasure treat treatment treaty tree trend trial
    tribe tribute trick trigger trip troop trophy trouble truck true truly trust truth try tube
    tumor tunnel turn twelve twenty twice twin two type typical typically ugly ultimately
    unable uncle under understand unfortunately uniform unique unit universe university unknown
    unless unlike unlikely until unusual up update upon upper upset upstairs urban urge urgent
    us use used useful usual usually utility vacation vacuum valid valley value variable
    variety various vary vegetable vehicle venture verbal verdict version very vessel veteran
    via victim video view viewer village vinegar violation violence virus visible vision visit
    visitor visual vitamin voice volume volunteer vote vulnerable wage wagon wait wake walk
    wallet want warm warmth warn warrior was wash waste watch water way we weak wealth weapon
    wear weather web wedding weed week weekend weekly weigh weight welcome welfare well went
    were west what whatever wheel wheelchair when whenever where whereas wherever whether which
    while whip whisper who whole whom whose why wide wife wildlife willing window wire wish
    with within without witness woman women wonder wonderful word work worker workshop world
    worry worse worship worst worth would wound wrap wrist write wrong wrote yard yeah year
    yell yes yesterday yet yield you youngster your yourself youth zero zone
    """
)
