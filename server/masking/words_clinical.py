"""Clinical words that are not names, for the capitalized-word name scan.

Written by hand for this project from common US clinical usage: note sections, specialties,
abbreviations, anatomy, findings, conditions, procedures, generic and brand drug names and
units. Every entry is lower-case. Abbreviations are listed without periods, because the scan
strips them. Drug classes that share an ending (``-pril``, ``-olol``, ``-statin``) are also
recognized by ``phigate.masking.lexicon`` without being listed one by one.
"""

from __future__ import annotations

__all__ = ["CLINICAL_WORDS"]

_SECTIONS = """
    addendum admission admitted admitting allergies allergy ap assessment attending brief cc
    chief complaint consult consultation course diagnosis diagnoses disposition dispo dx exam
    examination findings followup fu gen general heent hospital hpi history hx impression
    indication indications interval labs meds medications mdm objective pe pmh psh fh sh
    plan problem problems progress physical recommendation recommendations recs ros review
    subjective summary systems vitals vs signature signed electronically attestation
    discharge instructions precautions education teaching triage encounter telephone
    telehealth video virtual note report results result imaging radiology pathology
    procedure procedures operative preoperative postoperative anesthesia consent pre post
"""

_SPECIALTIES = """
    allergy anesthesiology audiology cardiology cardiac dermatology endocrinology emergency
    family gastroenterology geriatrics gynecology hematology hepatology hospitalist
    immunology infectious internal medicine nephrology neurology neurosurgery nursing
    nutrition obstetrics oncology ophthalmology ophtho optometry orthopedics ortho otolaryngology
    ent palliative pediatrics peds pharmacy physiatry podiatry psychiatry psychology
    pulmonology pulm radiology rehabilitation rehab rheumatology surgery urology vascular
    wound hospice chaplain case management social work dietitian therapist therapy
    behavioral primary urgent critical intensive icu ccu micu sicu nicu picu pacu ed er or
    ob gyn obgyn pcp np pa md do rn lpn cna pt ot slp rt dpt pharmd phd msw lcsw aprn crna
    fnp dnp resident intern fellow attending provider physician nurse clinician practitioner
    doctor dr surgeon specialist team service unit ward floor bay room bed clinic center
"""

_ABBREVIATIONS = """
    aaox aox nad wdwn perrl perrla eomi mmm op tm tms lad jvd rrr cta ctab ntnd nt nd bs abd
    ext wwp neuro cn psych msk gu gi cv resp pulm lymph heme onc id derm endo renal ms mse
    htn hld dm dm1 dm2 t1dm t2dm iddm niddm cad chf hfref hfpef copd ckd esrd aki afib af
    aflutter svt vt vfib mi nstemi stemi acs cva tia dvt pe pvd pad osa gerd ibs ibd uc bph
    uti cap hcap vap ards sirs sepsis mdd gad ptsd adhd ocd bpd asd odd ra oa sle ms als tbi
    sah sdh ich copd hiv aids hcv hbv hpv tb covid mrsa vre cdiff esbl ida cll cml aml all
    nhl hcc rcc nsclc sclc bcc scc dcis lvh rvh lbbb rbbb avb sss wpw pfo asd vsd tof pda
    nkda nka nkfa pcn sulfa asa nsaid nsaids ace arb bb ccb ssri snri tca maoi ppi h2 abx
    iv im sq sc sl po pr ng og npo prn qd qod bid tid qid qhs hs qam qpm ac pc stat q4h q6h
    q8h q12h q24h qh od os ou ad as au gtt gtts tab tabs cap caps inh neb nebs mdi hfa
    bp hr rr temp spo2 sao2 fio2 o2 ra nc nrb bipap cpap hfnc vent peep wt ht bmi bsa
    ekg ecg echo gps tte tee cxr ct cta mri mra us pet eeg emg ncs egd ercp eus colonoscopy
    lp abg vbg cbc bmp cmp lft lfts inr pt ptt bnp trop ck ckmb tsh ft4 a1c hba1c ldl hdl tg
    ua ucx bcx cx esr crp pct wbc rbc hgb hct plt mcv rdw anc alc na k cl co2 bun cr gfr
    egfr ca mg phos alb alk ast alt ggt tbili dbili lipase amylase lactate ammonia
    psa afp cea hcg bhcg rpr ana rf ccp dsdna
    pft pfts fev1 fvc dlco peak sob doe pnd cp ha ams loc nv nvd abd brbpr melena lmp
    ha hx sx tx rx fx dx ddx bx rxn sz prn fu rtc rtw hpi pmhx pshx fhx shx etoh ivdu
    ppd pk pkyr yr yrs yo yoa mo mos wk wks hr hrs min mins sec d/c dc adl adls iadl
    dnr dni dnar polst molst hcp poa hcpoa moca mmse phq gad7 phq9 cage audit ciwa cows
    gcs nihss asa apgar ef lvef gdmt cabg pci ptca cath tavr savr avr mvr icd ppm crt
    tka tha thr orif acdf lami ccy lap chole appy turp tah bso csection svd nsvd vbac
    ivf ivfs lr ns d5w d5ns tpn ppn prbc ffp cryo plts ivig
    lle rle lue rue llq rlq luq ruq epigastric suprapubic cva cvat
    nsr sr st sb pvc pac pvcs pacs ectopy tele
    bpm mmhg mmol meq mcg mg g kg lb lbs oz ml l dl ul iu units unit cc mm cm m ft in
    ng pg mcl umol fl pct percent
    hospd hosp pod hd dos doa etc aka re vs w wo s/p sp r/o ro c/o co f/u h/o
    pmd pcp snf ltach alf irf hha dme ems biba ems ama ltc
    ccm tcm awv cpe wcc well child visit
"""

_ANATOMY = """
    abdomen ankle anus aorta appendix arm artery axilla back bladder bone bowel brain breast
    bronchus buttock calf cervix chest chin clavicle colon cornea cranium diaphragm disc
    duodenum ear elbow esophagus eye eyelid face femur fibula finger flank foot forearm
    forehead gallbladder groin gum hand head heart heel hip humerus ileum intestine jaw
    jejunum joint kidney knee larynx leg lip liver lumbar lung lymph mouth muscle nail neck
    nerve nose ovary pancreas pelvis penis pharynx prostate pulse radius rectum rib sacrum
    scalp scapula scrotum shin shoulder sinus skin skull spine spleen sternum stomach
    testicle testis thigh thorax throat thumb thyroid tibia toe tongue tonsil tooth trachea
    ulna ureter urethra uterus vagina vein vertebra vulva wrist cervical thoracic sacral
    coccyx trunk torso extremity extremities upper lower left right bilateral bilat
    anterior posterior medial lateral proximal distal superior inferior dorsal ventral
"""

_FINDINGS = """
    abnormal abrasion abscess ache afebrile alert alopecia ambulating ambulatory anemia
    anxiety apnea arrhythmia ascites asymptomatic ataxia atrophy benign bleeding blister
    bloating bradycardia bruise bruising burn cachexia cellulitis chills clear clubbing
    cold confused congestion conscious constipation contusion cough crackles cramping cyanosis
    cyst deficit dehydration delirium dementia depression diaphoresis diarrhea discharge
    distended distention dizziness drainage drowsy dysphagia dyspnea dysuria ecchymosis
    edema effusion embolism emesis erythema euvolemic exacerbation fatigue febrile fever
    fissure fistula flushed fracture gait gangrene gross guarding hallucination headache
    heartburn hematoma hematuria hemoptysis hemorrhage hernia hives hoarseness hypertension
    hypotension hypoxia incontinence induration infection infiltrate inflammation insomnia
    intact irritable itching jaundice laceration lesion lethargic lethargy lightheaded
    lump malaise mass murmur myalgia nausea necrosis negative nodule normal numbness obese
    obesity oriented orthopnea pain pale pallor palpitations paralysis paresthesia
    pleasant polyp positive pruritus pus rash rebound redness reflux regurgitation
    retractions rhonchi rigidity rigors seizure sepsis shock sore spasm sprain stable stenosis
    stiffness strain stridor swelling syncope tachycardia tachypnea tender tenderness
    thrombosis tremor ulcer unremarkable urticaria vertigo vomiting weakness wheeze wheezes
    wheezing wound
"""

_CONDITIONS = """
    acne addiction alcoholism allergic alzheimer anemia aneurysm angina anorexia appendicitis
    arthritis asthma atherosclerosis bronchiolitis bronchitis bulimia bursitis cancer
    carcinoma cardiomyopathy cataract cholecystitis cirrhosis colitis concussion
    conjunctivitis copd croup cystitis dermatitis diabetes diabetic diverticulitis
    diverticulosis eczema emphysema encephalopathy endocarditis endometriosis epilepsy
    esophagitis fibromyalgia fibrillation flutter gastritis gastroenteritis gastroparesis
    glaucoma gout hepatitis hyperlipidemia hyperglycemia hyperkalemia hypernatremia
    hyperthyroidism hypoglycemia hypokalemia hyponatremia hypothyroidism influenza
    ischemia leukemia lymphoma melanoma meningitis migraine myeloma myocarditis nephritis
    nephropathy neuropathy osteoarthritis osteomyelitis osteoporosis otitis pancreatitis
    pericarditis peritonitis pharyngitis pneumonia pneumothorax psoriasis psychosis
    pyelonephritis retinopathy rhinitis sarcoidosis schizophrenia sciatica scoliosis
    sinusitis stroke tendinitis thrombocytopenia tonsillitis tuberculosis vasculitis
    chronic acute subacute mellitus disorder disease syndrome failure insufficiency
    deficiency infarction embolus thrombus obstruction occlusion hyperplasia neoplasm
    malignancy metastasis metastatic primary secondary idiopathic essential congenital
    major depressive generalized anxiety bipolar obstructive pulmonary reduced ejection
    fraction atrial ventricular renal kidney stage type gestational benign prostatic
    iron attention deficit hyperactivity atopic community acquired urinary tract lower
"""

_PROCEDURES = """
    angiogram angioplasty appendectomy arthroplasty arthroscopy biopsy bronchoscopy bypass
    catheter catheterization cholecystectomy circumcision colectomy colonoscopy colostomy
    craniotomy cystoscopy debridement dialysis endoscopy excision fusion gastrectomy
    hemodialysis hysterectomy incision injection intubation laminectomy laparoscopy
    lumpectomy mammogram mastectomy nephrectomy paracentesis prostatectomy radiograph
    replacement resection splint stent suture thoracentesis thyroidectomy tonsillectomy
    tracheostomy transfusion ultrasound vaccination vaccine xray scan screening sutures
    cast brace sling crutches walker cane wheelchair commode dressing drain tube line picc
    port foley ivc filter pacemaker defibrillator pump monitor telemetry ventilator
    oxygen inhaler spacer nebulizer glucometer insulin infusion bolus drip titrate taper
    wean referral labs panel culture stain smear swab sample specimen
"""

_DRUGS = """
    acetaminophen acyclovir adalimumab albuterol alendronate allopurinol alprazolam amiodarone
    amitriptyline amlodipine amoxicillin ampicillin anastrozole apixaban aripiprazole aspirin
    atenolol atorvastatin azithromycin baclofen benazepril benzonatate bisoprolol budesonide
    bumetanide buprenorphine bupropion buspirone calcitriol calcium captopril carbamazepine
    carbidopa carvedilol cefazolin cefdinir cefepime cephalexin ceftriaxone celecoxib
    cetirizine chlorthalidone ciprofloxacin citalopram clindamycin clonazepam clonidine
    clopidogrel clotrimazole colchicine cyclobenzaprine dabigatran dapagliflozin dexamethasone
    diazepam diclofenac digoxin diltiazem diphenhydramine docusate donepezil doxycycline
    duloxetine empagliflozin enalapril enoxaparin entresto epinephrine ergocalciferol
    escitalopram esomeprazole estradiol ezetimibe famotidine fentanyl ferrous fexofenadine
    finasteride fluconazole fluoxetine fluticasone folic furosemide gabapentin glargine
    glimepiride glipizide glyburide guaifenesin haloperidol heparin hydralazine
    hydrochlorothiazide hydrocodone hydrocortisone hydromorphone hydroxychloroquine
    hydroxyzine ibuprofen insulin ipratropium irbesartan isosorbide ketorolac labetalol
    lactulose lamotrigine lansoprazole letrozole levetiracetam levofloxacin levothyroxine
    lidocaine linezolid liraglutide lisinopril lispro lithium loperamide loratadine lorazepam
    losartan lovastatin magnesium meclizine medroxyprogesterone meloxicam memantine
    metformin methadone methimazole methocarbamol methotrexate methylphenidate
    methylprednisolone metoclopramide metolazone metoprolol metronidazole midazolam
    minocycline mirtazapine montelukast morphine mupirocin naloxone naltrexone naproxen
    nifedipine nitrofurantoin nitroglycerin norepinephrine nystatin olanzapine omeprazole
    ondansetron oseltamivir oxybutynin oxycodone pantoprazole paroxetine penicillin
    phenytoin pioglitazone piperacillin potassium pravastatin prednisolone prednisone
    pregabalin promethazine propranolol quetiapine ramipril ranitidine rifampin risperidone
    rivaroxaban rosuvastatin sacubitril semaglutide senna sertraline sildenafil simvastatin
    sitagliptin sodium spironolactone sucralfate sulfamethoxazole sumatriptan tamoxifen
    tamsulosin tazobactam terazosin testosterone tiotropium tizanidine topiramate tramadol
    trazodone triamcinolone trimethoprim valacyclovir valsartan vancomycin venlafaxine
    verapamil vitamin warfarin zolpidem bicarbonate sulfate tartrate succinate er xl sr cr
    la dr hcl ointment cream gel lotion patch drops solution suspension tablet capsule
    tylenol advil motrin aleve lasix coumadin eliquis xarelto plavix lipitor crestor zocor
    norvasc toprol lopressor coreg zestril cozaar diovan synthroid levoxyl glucophage lantus
    humalog novolog levemir jardiance farxiga ozempic trulicity victoza januvia zoloft
    lexapro prozac celexa paxil wellbutrin cymbalta effexor xanax ativan klonopin valium
    ambien seroquel abilify risperdal zyprexa haldol lamictal keppra depakote dilantin
    neurontin lyrica flexeril robaxin ultram norco percocet vicodin dilaudid oxycontin
    narcan suboxone protonix prilosec nexium pepcid zantac zofran phenergan reglan
    colace senokot miralax dulcolax imodium benadryl claritin zyrtec allegra flonase
    singulair proair ventolin spiriva advair symbicort combivent duoneb atrovent pulmicort
    augmentin keflex cipro levaquin bactrim zithromax zpak flagyl macrobid vanco zosyn
    rocephin tamiflu valtrex diflucan medrol decadron solumedrol prednisone entresto
    aldactone hctz imdur nitrostat digoxin cardizem lovenox heparin xarelto pradaxa
    flomax proscar detrol ditropan aricept namenda humira enbrel remicade plaquenil
    fosamax boniva prolia premarin provera estrace viagra cialis adderall ritalin concerta
    vyvanse strattera epipen narcan kcl mag ox tums maalox tylenol motrin ensure
    glucose saline dextrose lactated ringer ringers albumin
"""

# Words of charting and of the front desk: verbs and nouns that open sentences and fill forms.
_CHARTING = """
    acct account admit ambulate appt appointment auth authorization baseline bibasilar
    callback caller cell chart charted charting checked clarify clarified cleared code cont
    continue controlled conversant coordinate coordinated demographics diffuse document
    documented dob dod eob exp focal follow grossly humidifier identity identified insured
    intermittent irregular irregularly labwork mid neg nonfocal nonverbal noted obtained
    oriented outpatient inpatient pending pitting poc portal prescribe prescribed prescriber
    prescription pos puff puffs reconcile reconciled refill refills registration reassess
    reassessed reassured routed sat sats saturation scheduled sooner standby stat submitted
    symptom symptoms tc tele telemetry unchanged upcoming verbalize verbalized verified
    verify void voiding vm voicemail photo photos upload uploaded message messaged
    afebrile nontender nondistended unlabored labored regular irregularly murmurs gallops
    rubs rales crackles wheezes edema cyanosis clubbing supple atraumatic normocephalic
    anicteric injected erythematous moist dry warm perfused palpable nonpalpable reactive
    symmetric asymmetric equal unequal brisk sluggish diminished decreased increased absent
    present improved improving worsening worsened stable unstable resolved resolving
    tolerated tolerating tolerates denies denied endorses endorsed reports reported
    complains complained presents presented notes states stated agrees agreed declines
    declined consents consented understands understood requests requested recommends
    recommended advised counseled instructed educated informed discussed reviewed
    examined evaluated assessed monitored observed placed removed inserted started
    stopped held resumed discontinued increased decreased titrated tapered changed switched
    adjusted ordered obtained sent drawn collected pending followed seen admitted
    transferred discharged readmitted referred consulted notified paged called updated
    given administered received completed scheduled rescheduled cancelled canceled missed
    postponed arrived departed left returned awake asleep alert drowsy sedated intubated
    extubated ambulating bedbound wheelchair bound sitting standing lying supine prone
    worsening onset duration frequency severity radiation location quality timing
    context modifying factors associated signs symptoms pertinent positives negatives
    nursing nurse's nurses physician's provider's per protocol standing orders
    bilaterally unilateral daily nightly weekly monthly yearly hourly twice thrice
    once q qd am pm noon overnight today tonight yesterday tomorrow recently currently
    initially subsequently previously approximately approx roughly about nearly
    mar emar ttp ii iii iv v vi vii viii ix x xi xii ice serial troponin troponins runny sem
    rusb lusb lsb apex reposition persistent ph layer frail bifrontal throbbing photophobia
    phonophobia aura eval evals med gastroesophageal border pen elevate elevation si hi
    sundowning benzo benzos benzodiazepine rll rml rul lll lul azithro augmentin saddle
    paroxysmal recheck codeine diary breakthrough hob sg otc slept sleep nocturia urgency
    hesitancy dribbling stream retention pvr foley bladder scan straight cath void trial
    nursing assist standby minimal moderate maximal independent dependent transfer gait
    steady unsteady walker rollator quad cane grab bars shower chair raised toilet seat
    lifeline alarm precautions aspiration thickened liquids nectar honey pureed mechanical
    soft regular diet npo clears advance advanced tolerate tube feeds residuals peg ngt
    ogt dobhoff tpn lipids intake output strict ins outs io ios urine stool flatus
    bm bms loose formed watery bloody melanotic guaiac occult hemoccult fobt fit
    cologuard mammo dexa pap hpv screening immunization immunizations flu shot booster
    pneumovax prevnar shingrix tdap dtap ipv mmr varicella hepb hepa hib rotavirus
    pcv hpv covid moderna pfizer
    lipid dose doses dosing technique wts hent cbt flags smoker nonsmoker log logs
    microalbumin incl including fax steroid steroids amt odor trending substernal radiating
    rescue counseling panic productive sputum abdominal viral supportive broad spectrum
    preop postop periop intraop mvc c-collar collar spica fri mon tue tues wed thu thur
    thurs sat sun jan feb mar apr jun jul aug sep sept oct nov dec uop septic crampy
    nitrites nitrite warmth diuresis borderline emollients flares fussy hypotensive
    hypertensive normotensive tachycardic bradycardic miu obs beers uri uris urti perrl
    prerl echocardiogram electrocardiogram angiography tourniquet anticipatory guidance
    fetal delivery cesarean vaginal postpartum antepartum intrapartum lmp edd gtt fundal fh
    fht gravida para primigravida multigravida trimester preeclampsia eclampsia accession
    comparison indication technique impression findings enlarging invasive ductal lobular
    margins receptors ki67 grade staging stage lymphovascular perineural
    immunohistochemistry cytology specimen specimens gross microscopic frozen section
    lumpectomy mastectomy excisional incisional core needle aspiration fna
    medicaid medicare medigap tricare aetna cigna humana bcbs uhc anthem kaiser wellcare
    contin getting weaned weaning spacer inhaler inhalers nebulized exertional pleuritic positional
"""

# Labels that stand before an identifier in a chart ("MRN: 1234567", "Badge 4471"): the id is
# masked by its own detector, and the label must not be read as a name next to it.
_ID_LABELS = """
    mrn ssn npi dea badge mbi hicn vin dl imei udi fin har csn ein tin lic ptid mac tag
    subscriber employee pager ip ts timestamp passport ss interpreter resides skype twitter
    instagram facebook whatsapp telegram snapchat tiktok linkedin username email e-mail
    venmo cashapp paypal zelle discord reddit
"""

# US brand names of common drugs, and devices and supplies named in notes.
_BRANDS = """
    actemra actigall actos aimovig ajovy amaryl amitiza anoro antabuse aranesp arava arimidex
    asacol austedo avastin avodart azilect azulfidine basaglar belsomra benlysta biktarvy
    botox breo breztri brilinta briviact bumex buspar cabenuva campral carafate cayston
    celebrex cellcept chantix cimzia clomid compazine copaxone cosentyx creon cubicin cytomel
    demadex descovy dovato dulera dupixent duragesic effient emgality entyvio epclusa epogen
    esbriet evenity evista fasenra femara fioricet flovent forteo fycompa gemtesa genvoya
    gilenya glucotrol harvoni herceptin ibrance imbruvica imitrex imuran incruse ingrezza
    injectafer inspra invokana juluca kenalog kerendia keytruda lagevrio lamisil lanoxin
    leqvio lialda lidoderm linzess lokelma lunesta lupron maxalt mavyret mirapex mirena mobic
    monurol motegrity mounjaro multaq myrbetriq naprosyn nasonex nexletol nexplanon nicoderm
    nucala nuplazid nurtec ocaliva ocrevus ofev olumiant opdivo orencia otezla oxytrol
    paxlovid pentasa praluent prasugrel pristiq prograf prometrium pulmozyme qvar ranexa
    rapamune reclast remeron renvela repatha requip restoril revlimid rinvoq rituxan rybelsus
    saphnelo saxenda sensipar simponi sinemet skyrizi sotalol steglatro stelara sublocade
    tagrisso taltz tecentriq tecfidera tegretol tezspire ticagrelor tikosyn tobi topamax
    toradol toujeo tradjenta trelegy tremfya tresiba trikafta trileptal trintellix triumeq
    trulance truvada tysabri ubrelvy ursodiol vascepa veklury veltassa vemlidy venofer
    vesicare viibryd vimpat viread vistaril vivitrol voltaren wegovy wixela xcopri xeljanz
    xgeva xifaxan xofluza xolair xtandi xyzal zanaflex zenpep zepbound zovirax zytiga zyvox
    dexcom omnipod libre freestyle mepilex tegaderm zio pleurx hemovac port-a-cath
    glu ferritin hep poison vasopressin thiamine nicotine procalcitonin complications
    laparoscopic perforated disheveled fascia varus valgus deltoid vicryl monocryl prolene
    mesoappendix motel scooter apt neer kellgren-lawrence parishioner
    capt sgt lt det rev fr sr officer chaplain pastor rabbi imam
"""

# Signs, scores and procedures named after people with rare surnames. Eponyms that are also
# common surnames ("Murphy sign", "Wells score") stay in ``wordlists.EPONYMS`` and count only
# before a word such as "sign".
_EPONYMOUS_TERMS = """
    babinski romberg tinel mallampati karnofsky gleason trendelenburg valsalva kussmaul
    chvostek brudzinski kernig heimlich epley snellen ranson friedewald naranjo mentzer
    breslow centor billroth homans mcburney spurling phalen janeway virchow cheyne-stokes
    swan-ganz jackson-pratt roux-en-y child-pugh cockcroft-gault holliday-segar cha2ds2-vasc
    has-bled cam-icu meld timi rass perc mdrd crcl lansky beighton
"""

# Languages, for interpreter notes, and states, which Safe Harbor keeps. States that are also
# given names (Georgia, Virginia) are name-like words in ``wordlists``.
_LANGUAGES_AND_STATES = """
    arabic spanish mandarin cantonese russian french portuguese haitian creole somali tagalog
    japanese hindi urdu bengali punjabi farsi persian polish italian german greek hebrew
    swahili amharic nepali burmese hmong khmer lao thai ukrainian turkish armenian albanian
    english
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
    idaho illinois iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri nebraska nevada ohio oklahoma oregon pennsylvania tennessee
    texas utah vermont wisconsin wyoming
"""

# Relatives and carers, which start sentences ("Mom at bedside", "Guardian present"); they
# also cue a name after them, which the name scan reads separately.
_PEOPLE = """
    mom dad aunt grandma grandpa grandmother grandfather granddaughter grandson grandchildren
    grandkids boyfriend girlfriend fiance fiancee fiancé fiancée caregiver guardian roommate
    neighbour godmother godfather stepbrother stepdaughter stepfather stepmother stepsister
    stepson sons dtr dau sis bro kin nok hcpoa
"""

# Words of examinations, labs, organisms and the ward that the attacks found masked at the
# start of a sentence or after a header.
_WARD = """
    creatinine hemoglobin hematocrit platelets bilirubin chloride phosphorus triglycerides
    urinalysis leukocyte leukocytes klebsiella pseudomonas strep staph candida enterococcus
    propofol ketamine versed levophed precedex adenosine meropenem ancef unasyn solu-medrol
    humulin zetia tranexamic remdesivir latanoprost geodon latuda neupogen xalatan glucerna
    jevity bactroban cocaine heroin marijuana cannabis methamphetamine fentanyl latex
    able underwent cooperative agitated somnolent initiated restarted incontinent diaphoretic
    purulent widowed combative disoriented police ambulance relapse euthymic labile
    tangential hygiene mobility independence potential nasal fingerstick eschar aphasia
    dysarthria axial interventional occupational catholic muslim jewish christian
    transgender protective hospitalist outpatient inpatient on-call nutrition wound
    psych heent ncat wbat rle lle rue lue ppx sqh dispo vna mobitz fallot guillain barre
    barré medtronic venturi passy-muir impella purewick trivial killip coma
    specialty zip zipcode postal drs wnl insta cert walmart uber amazon
    d-dimer bicillin honda toyota chevy chevrolet nissan subaru hyundai kia jeep tesla
    volkswagen mazda lexus buick camry corolla civic accord
    yowf yowm yobf yobm yohf yohm yoaf yoam yof yom
    bsn ccc-slp ccrn cen cma cnl cnm cnp cpht crnp dpm emt faan facp fnp-c ibclc lmft lpc lvn
    mba mbbs mph msn otr otr/l pa-c psyd rd rdn rnc rph rrt
"""

# Organisms (genus and species words), stains, drugs, words of imaging and nursing reports,
# and labels that a fourth attack found masked.
_ORGANISMS_AND_MORE = """
    staphylococcus streptococcus enterococcus clostridium clostridioides salmonella shigella
    haemophilus hemophilus pneumocystis aspergillus listeria mycoplasma chlamydia chlamydophila
    helicobacter legionella escherichia proteus serratia enterobacter citrobacter
    acinetobacter stenotrophomonas bacteroides neisseria moraxella bordetella campylobacter
    vibrio treponema borrelia rickettsia mycobacterium nocardia actinomyces cryptococcus
    histoplasma coccidioides blastomyces mucor rhizopus giardia cryptosporidium toxoplasma
    plasmodium trichomonas corynebacterium bacillus fusobacterium prevotella lactobacillus
    morganella providencia burkholderia aureus epidermidis pyogenes agalactiae pneumoniae
    difficile coli faecalis faecium aeruginosa albicans glabrata mssa mrsa vre gram
    vanc vanco vancomycin dobutamine milrinone alteplase kcentra dopamine phenylephrine
    argatroban bivalirudin dapto daptomycin clinda clindamycin doxy doxycycline k-dur
    kayexalate perjeta enhertu darzalex velcade aquacel norepinephrine epinephrine cefepime
    zosyn ceftriaxone azithromycin levofloxacin cipro metronidazole flagyl
    transfused diuresed atelectasis opacity opacities restraints sitter reference
    cardiopulmonary bibasilar consolidation effusion effusions infiltrate infiltrates
    cosign cosigned collateral transcribed dictated mediterranean army navy veteran veterans
    jehovah jehovah's witness witnesses alcoholics anonymous narcotics apple
    cpt ndc bi-rads pleur-evac epstein-barr salter-harris wolff-parkinson-white guillain-barre
    guillain-barré tetralogy
"""

# Findings, procedures, brands, scores, credentials and headers that realistic notes written
# for a fifth attack put at the start of a sentence or a line.
_FINDINGS_AND_BRANDS = """
    adherence antenatal anuria arthrocentesis bradypnea breech bronchiectasis bruit capillary
    cephalic cholelithiasis circulator clonus compliance continence contractions coronal
    crepitus cystic dehiscence delusions density dilated empyema endurance epistaxis exudate
    flatulence flexion fluctuance follow-up functional gallop granuloma gravid grooming
    handoff hematemesis hematochezia hemiparesis hemorrhoids hemostasis hemothorax homebound
    homicidal hygienist hypercapnia hyperreflexia hyporeflexia icterus ileus impaired
    interactions lactic length lucency macules mass meningismus micro mottling multipara
    newborn nonadherence noncompliance nystagmus odynophagia oligohydramnios papules paresis
    payer peripartum petechiae plaques pneumoperitoneum polyhydramnios postictal postnatal
    prenatal presyncope preterm primipara ptosis puncture purpura pustules rub sagittal scribe
    seroma sex somnolence spasticity spirometry spondylolisthesis suicidal symptomatic texted
    thrill tinnitus tympany varices vertex vesicles volvulus
    eylea omnipaque visipaque varivax gardasil boostrix adacel pediarix pentacel synagis
    beyfortus abrysvo arexvy pitocin cytotec methergine rhogam mucinex neulasta procrit
    glycopyrrolate surgicel dermabond alaris pyxis watchman mitraclip epic cerner
    tinetti tmax tmin trough bosniak calot calot's veress cogwheel goldmann fundus nyha kccq
    sts prom
    rdh pmhnp pmhnp-bc lmhc fnp-bc emt-p cst lpcc ladc cadc bcba ccm chpn cwocn aud lac cns
    cdces atc agacnp-bc anp-bc
    rom ponv tmd rcri mets hypothyroid spinal scopolamine tiva airway centenarian
"""

# Drugs, devices, eponyms with rare surnames, scores and chart words that a new user's trial
# found masked in its notes and in a sweep of eponyms, brands and devices.
_TRIAL_TERMS = """
    vit santyl yankauer mediport takotsubo brugada wenckebach barthel folstein dubowitz gleevec
    integrilin glidescope wilms gehrig gehrig's whipple parkinson parkinson's trilogy tandem
    rovsing psoas obturator mcmurray apley adson biot steell duroziez quincke courvoisier kehr
    zenker boerhaave kasai bentall fontan rastelli jatene senning broviac groshong sengstaken
    biomet depuy synthes respironics caprini cormack-lehane spetzler stokes-adams ambu
    timeline examiner funeral login daycare texts maternal paternal grp reg rec sn pedigree
    adm son-in-law daughter-in-law mother-in-law father-in-law brother-in-law sister-in-law
"""

# Roles on the care team and words that follow "nurse" or "it's", which a new-user trial wrote in
# lower case after those cues ("nurse navigator", "it's unclear").
_CARE_ROLES = """
    navigator educator liaison midwife anesthetist coordinator preceptor tech aide extern
    informaticist consultant hotline unclear
"""

CLINICAL_WORDS = frozenset(
    (_SECTIONS + _SPECIALTIES + _ABBREVIATIONS + _ANATOMY + _FINDINGS).split()
    + (_CONDITIONS + _PROCEDURES + _DRUGS + _CHARTING + _ID_LABELS).split()
    + (_BRANDS + _EPONYMOUS_TERMS + _LANGUAGES_AND_STATES + _PEOPLE + _WARD).split()
    + (_ORGANISMS_AND_MORE + _FINDINGS_AND_BRANDS + _CARE_ROLES + _TRIAL_TERMS).split()
)
