"""Forty clinical notes labeled by hand and written blind, to measure the detector on new text.

A tester wrote and labeled these notes without reading the detector's code, its tests, its
detection docs or the other note sets, and without running the detector, so they were not
tuned against it. They are meant to look like ordinary EHR text across specialties and note
types rather than to defeat the detector. Their first score was taken once, after the
detector's other fixes and before any change made because of them; docs/freetext.md records
it. A change made after reading their misses makes them as tuned as the trial set.

Every note, person, place, number and organisation in them is invented. Phone and fax numbers
use the 555-01xx range reserved for fiction, and IP addresses come from the documentation
ranges 198.51.100.0/24 and 203.0.113.0/24. The markup is that of ``handwritten.py``:
``[[kind:text]]`` marks an identifier and ``{{text}}`` a clinical term that masking must keep.
Ages are labeled only over 89, a bare year is not labeled, and facilities (clinics, pharmacies,
employers) are labeled ``facility``. The notes are scored without an identifier dictionary.
"""

from __future__ import annotations

__all__ = ["BLIND_NOTES"]

BLIND_NOTES: tuple[str, ...] = (
    # 1. Emergency department provider note
    """ED PROVIDER NOTE
Patient: [[name:Harold Vance]]    MRN: [[mrn:00482213]]    DOB: [[date:02/11/1948]]
Arrival: [[date:03/14/2025]] 22:41 by EMS from home in [[city:Dunmore]]

CC: chest pressure x 2 hrs

HPI: 76 y/o M with hx {{CAD}} s/p {{CABG}} 2016, {{HTN}}, {{type 2 diabetes}} presents w/ substernal
pressure radiating to L arm, started while shoveling snow. Took 1 {{nitroglycerin}} SL at home w/
partial relief. Wife [[name:Marjorie]] at bedside, states he "looked gray." PCP is Dr. [[name:Ines Calderón]]
at [[facility:Northgate Family Medicine]].

ED COURSE: {{ECG}} w/ 1mm STD V4-V6. {{troponin}} 0.09 -> 0.21. ASA 324 mg given, {{heparin}} gtt
started. Cardiology (Dr. [[name:Feld]]) paged 23:05, plans cath in AM.

DISPO: admit CCU. Wife's cell [[phone:570-555-0187]].

[[name:T. Ashworth]], MD""",
    # 2. Admission history and physical, patient over 89
    """ADMISSION HISTORY AND PHYSICAL
[[facility:St. Brendan Medical Center]] - 4 West
Name: [[name:Eleanor Pruitt]]   MRN [[mrn:SB-7714029]]   Admit: [[date:2024-11-02]]

CHIEF COMPLAINT: confusion, fever

HPI: Ms. [[name:Pruitt]] is a [[age:93]] yo woman from [[facility:Maple Crest Nursing & Rehab]] with
{{Alzheimer dementia}}, {{atrial fibrillation}} on {{apixaban}}, CKD 3, sent in for worsening
confusion and T 38.6. Per NH nurse [[name:Deshawn Ricks]] (ph [[phone:(608) 555-0113]]) she stopped eating
yesterday and UA at facility was cloudy.

PMH: as above, osteoporosis, hx L hip fx s/p ORIF
PSH: ORIF L hip, cataract extraction OU
MEDS (per NH MAR): apixaban 2.5 mg BID, donepezil 10 mg qhs, metoprolol tartrate 25 mg BID,
  calcium/vit D, senna prn
ALLERGIES: penicillin (hives, remote)
SH: widowed, retired schoolteacher, never smoker. Son [[name:Carl Pruitt]] is HCPOA, lives in [[city:Baraboo]].
FH: noncontributory at this age
ROS: limited by dementia; per son no falls, no cough, no diarrhea

EXAM: T 38.4  HR 104 irreg  BP 98/56  RR 20  SpO2 95% RA
Gen: frail, oriented to self only, NAD
CV: irregularly irregular, no murmur
Lungs: clear bilat
Abd: soft, suprapubic TTP. No CVA tenderness.
Skin: stage 1 pressure area sacrum
LABS: WBC 15.2, Cr 1.8 (baseline 1.3), {{urinalysis}} nitrite +, LE 3+

A/P:
1. {{UTI}} meeting {{sepsis}} criteria - blood/urine cx, {{ceftriaxone}} 1 g IV q24h
2. AKI - IVF, hold apixaban until Cr improves
3. Code status: DNR/DNI confirmed with son by phone""",
    # 3. ICU progress note
    """MICU PROGRESS NOTE  HD#4
[[name:Okonkwo, Chidinma A.]]   MRN [[mrn:3390-1187]]   Bed 12
Date of service: [[date:Jan 9, 2025]]

S: Intubated/sedated. Per RN [[name:Lucy Marchetti]] overnight, 1 episode of desat to 84% w/ suctioning,
resolved. Husband [[name:Emeka]] called at 0200, updated.

O: T 37.9  HR 96  BP 108/64 on {{norepinephrine}} 0.04  AC 20/450/PEEP 10/FiO2 0.5
ABG 7.36/41/88. Lactate 1.6 (from 3.9 on [[date:1/6]]).
CXR: improving RLL consolidation.

A/P: 41F w/ {{ARDS}} 2/2 {{influenza A}} pneumonia
- vent: lung protective, wean FiO2 as tol, SBT when PEEP <= 8
- ID: {{oseltamivir}} day 5/5, {{vancomycin}} d/c'd (MRSA nares neg)
- pressors: wean norepi to MAP > 65
- GI ppx, DVT ppx {{enoxaparin}}
- family mtg planned w/ husband + sister [[name:Adaeze]] on [[date:1/10]] @ 1500

[[name:R. Lindqvist]], MD / fellow [[name:Samir Haddad]], MD""",
    # 4. Discharge summary
    """DISCHARGE SUMMARY

Patient: [[name:Gloria Mendez-Whitfield]]        MRN: [[mrn:001-55-8821]]
Admitted: [[date:04/02/2024]]   Discharged: [[date:04/07/2024]]
Attending: [[name:Paul Sorensen]], MD
Discharged to: home with [[facility:Bright Path Home Health]]

PRINCIPAL DIAGNOSIS: acute on chronic {{systolic heart failure}} (EF 25%)
SECONDARY: {{hypertension}}, {{hyperkalemia}}, CKD 3a

HOSPITAL COURSE: Presented with 8 kg weight gain and orthopnea. Diuresed with IV {{furosemide}}, net
-6.1 L. {{spironolactone}} held for K 5.9, restart at PCP f/u if K < 5.0. Started {{sacubitril-valsartan}}.

DISCHARGE MEDICATIONS:
  furosemide 40 mg PO BID (changed from 20 mg daily)
  sacubitril-valsartan 24/26 mg BID (NEW)
  {{carvedilol}} 12.5 mg BID (continue)
  spironolactone 25 mg daily (HOLD)
  atorvastatin 40 mg daily (continue)
  lisinopril - STOPPED, do not take with sacubitril-valsartan (36 h washout done)

DISCHARGE WEIGHT: 81.4 kg. Daily weights, call if gain > 1 kg/day or 2 kg/week.

FOLLOW-UP:
- Heart failure clinic, Dr. [[name:Anjali Mehra]], [[date:April 15]] 10:30
- Labs (BMP) in 1 week at [[facility:Lakeview Outpatient Lab]], [[address:2290 Commerce Pkwy]]
- HF nurse line [[phone:414.555.0166]]""",
    # 5. Nursing shift note in shorthand
    """nursing note 1900-0700
pt mrs. [[name:beaulieu]] a&ox3, c/o incisional pain 6/10, {{oxycodone}} 5mg po given 2130 w/ relief to 3/10.
{{PCA}} d/c'd per order. lap site dsg c/d/i. ambulated in hall x2 w/ walker, sba. {{incentive spirometer}} 1250.
voiding qs. tolerting clears.
dtr [[name:Nicole]] called 2300 asking re d/c, told likely [[date:6/19]] pending team. her # [[phone:207 555 0138]].
0300 bp 162/88, pt anxious, prn {{hydralazine}} not needed, recheck 148/80.
am labs drawn, hgb 10.4.
fall precautions maintained, bed alarm on. {{SCDs}} on.
report given to [[name:J. Tran]] RN.
-- [[name:K. Abernathy]], RN""",
    # 6. Social work assessment with a vehicle
    """SOCIAL WORK PSYCHOSOCIAL ASSESSMENT
Pt: [[name:Darnell Whitaker]]   MRN [[mrn:M0067341]]   DOB [[date:09-23-1979]]

Referred by Dr. [[name:Okafor]] for housing insecurity before d/c after {{DKA}} admission.

Pt reports he has been living in his car, a gray Honda Civic (plate [[vehicle:HXK 4471]]), parked at the
lot behind [[facility:Greenway Foods]] where he works part time. Lost apartment at [[address:77 Tillman St,
Apt 3B]] last spring. Ex-partner [[name:Renee Dawson]] has their daughter. No other local family.

Insulin storage is a barrier: no fridge. Pt uses {{insulin glargine}} and {{insulin lispro}}; discussed
pens and cooling case. Screened with {{PHQ-9}} = 11 (moderate {{depression}}); pt agreeable to BH referral.

PLAN:
- Referral to [[facility:Harbor Light Shelter]], intake coordinator [[name:Mae Lin]] [[phone:(317) 555-0104]]
- Apply for SNAP and Medicaid, SSN on file [[ssn:482-61-0937]]
- Follow up before discharge

[[name:Yolanda Perez]], LCSW  x4418""",
    # 7. Case management and insurance
    """CASE MANAGEMENT - UTILIZATION REVIEW

Patient: [[name:Ruth Abernathy-Cole]]     Acct #: [[account:440918223]]
Payer: Medicare Advantage PPO  Member ID: [[health_plan:KMH88201975-02]]

Admit [[date:08/21/2024]] for {{COPD exacerbation}}, now day 5. Pt on 4L {{nasal cannula}} (baseline 2L home O2),
still on {{prednisone}} 40 and scheduled {{albuterol}}/{{ipratropium}} nebs q4h. PT rec'd SNF.

Called payer reviewer [[name:Brent Kowalski]] at [[phone:1-800-555-0177]] ext 3, clinicals faxed to
[[fax:(717) 555-0149]]. Auth for SNF pending, ref # [[other_id:PA-2024-0081736]].

SNF options given to pt and husband [[name:Gerald]]:
1. [[facility:Willow Bend Care Center]] - bed avail [[date:8/27]]
2. [[facility:Orchard Hill Rehab]] - waitlist

Will update team at 1400 huddle.
[[name:Theresa Mulroney]], RN CM""",
    # 8. Physical therapy evaluation
    """PHYSICAL THERAPY INITIAL EVALUATION
[[facility:Riverside Outpatient Rehabilitation]]
Patient: [[name:Tomasz Wiśniewski]]    DOB: [[date:17 May 1962]]    Referring: [[name:Leah Brandt]], PA-C
Dx: s/p R {{total knee arthroplasty}} [[date:10/03/2024]]
Eval date: [[date:10/17/2024]]

SUBJECTIVE: Pt is 2 wks post-op, reports pain 5/10 w/ stairs, 2/10 at rest. Lives w/ wife in 2-story
home, 12 steps w/ rail. Goal: return to work as bus mechanic at [[facility:Metro Transit Garage]].
Taking {{acetaminophen}} scheduled and {{tramadol}} prn.

OBJECTIVE:
  R knee AROM   flex 88 / ext -8
  Quad lag      present
  {{Timed Up and Go}}   14.2 s
  Gait          antalgic, std walker
Incision healed, mild effusion.

ASSESSMENT: deficits in ROM, quad strength, gait; good rehab potential.
PLAN: 2x/wk x 8 wks - ROM, {{NMES}} to quads, gait training, HEP issued.

[[name:Maria Souza]], PT, DPT  Lic# [[license:PT-014582]]""",
    # 9. Psychiatry intake
    """PSYCHIATRIC INTAKE EVALUATION
Patient: [[name:Avery Lindqvist-Ng]]   Age 24   MRN [[mrn:BH-200487]]
Date: [[date:February 3, 2025]]      Clinician: Dr. [[name:Howard Blum]]

ID/CC: 24 yo nonbinary grad student at [[facility:Eastbrook University]] referred by campus counseling
([[name:Priya Raman]], LPC) for low mood and insomnia x 3 months.

HPI: Endorses anhedonia, poor concentration, early waking. Passive SI without plan or intent; denies
HI. No prior attempts. Stopped {{sertraline}} on own last year due to GI upset. Drinks 2-3 beers
on weekends, denies other substances.

SCREENS: {{PHQ-9}} 19, {{GAD-7}} 12, {{C-SSRS}} low risk.

MSE: casually dressed, good eye contact, mood "flat," affect constricted, thought process linear.

DX: {{major depressive disorder}}, recurrent, moderate
PLAN: start {{escitalopram}} 10 mg, weekly CBT with [[name:Priya Raman]], safety plan reviewed.
Emergency contact: roommate [[name:Jordan Feliciano]] [[phone:(929) 555-0121]]""",
    # 10. Pediatric well-child visit
    """WELL CHILD CHECK - 12 MONTH
Child: [[name:Mateo Alvarez Ríos]]   DOB [[date:11/30/2023]]   MRN [[mrn:PED-0091544]]
Accompanied by: mother [[name:Daniela Ríos]]
Visit: [[date:12/02/2024]]

Growth: wt 9.6 kg (45%), len 75 cm (50%), HC 46 cm (60%)
Development: pulls to stand, cruising, 2-3 words ("mama," "agua"), pincer grasp. On track.
Diet: whole milk started, table foods, still breastfeeds at night.
Sleep: in crib, 11 h.

Immunizations today: {{MMR}}, {{varicella}}, {{hepatitis A}} #1, {{PCV15}} #4.
Lead and {{hemoglobin}} screen: Hgb 11.6.

Anticipatory guidance: car seat rear-facing, poison control number given, dental home.
Daycare at [[facility:Little Sprouts Learning Center]]; form signed.

RTC 15 mo. Mom's cell [[phone:+1 (505) 555-0192]].
[[name:Hannah Cho]], MD""",
    # 11. Obstetric prenatal visit
    """OB RETURN VISIT
[[name:Keisha Moore]]  G2P1001   EDD [[date:07/22/2025]]   GA 28w3d
MRN: [[mrn:71160385]]

S: +FM, no LOF/VB/ctx. Some heartburn. Partner [[name:Andre]] present.
O: BP 118/72, wt +1.2 kg since last visit, FH 29 cm, FHT 142.
{{glucose challenge test}} 1 hr = 148 -> needs 3 hr GTT.
Hgb 10.1.
Rh neg: {{RhoGAM}} given today, lot #R2231A.

A/P:
- IUP at 28w, doing well
- abnl 1h GCT: schedule {{3-hour glucose tolerance test}} at [[facility:Cedar Ridge Lab]] next week
- {{anemia}}: start {{ferrous sulfate}} 325 qod
- {{Tdap}} at next visit
- Prior cesarean [[date:March 2021]] at [[facility:Mercy North Hospital]], desires TOLAC, consent
  discussed, will get op note
RTC 2 weeks, [[date:4/24]].
[[name:Laurel Quinn]], CNM""",
    # 12. Oncology consult
    """HEMATOLOGY/ONCOLOGY CONSULTATION
Requested by: Dr. [[name:Miriam Adeyemi]] (hospital medicine)
Patient: [[name:Frank Delgado]], 67M     MRN [[mrn:2005-6613]]
Date: [[date:05/08/2024]]

REASON: new {{pancytopenia}}, r/o marrow process

HPI: Retired electrician from [[city:Tonawanda]] w/ 2 mo of fatigue, easy bruising, 6 kg wt loss.
WBC 2.1 w/ 12% blasts on smear, Hgb 7.8, plt 31K. LDH 612.

PMH: HTN, BPH. No prior chemo or radiation. Worked w/ benzene solvents in the 1980s.
FH: brother [[name:Luis]] had {{non-Hodgkin lymphoma}}.

IMPRESSION: concern for {{acute myeloid leukemia}}.

RECOMMENDATIONS:
1. {{bone marrow biopsy}} tomorrow, consent obtained
2. {{flow cytometry}}, cytogenetics, NGS myeloid panel
3. TLS labs q12h, start {{allopurinol}} 300 daily
4. Transfuse plt < 10K or bleeding
5. Will discuss at leukemia board [[date:5/10]]

Thank you for this consult. Pager 4417.
[[name:Sunita Krishnamurthy]], MD""",
    # 13. Hospice nursing visit, patient over 89
    """HOSPICE RN VISIT NOTE
Agency: [[facility:Gentle Harbor Hospice]]
Patient: [[name:Walter Brzezinski]]   Age [[age:96]]   Hospice dx: {{end-stage heart failure}}
Visit date: [[date:10/12/2024]]   Location: home, [[address:1508 Poplar Ridge Rd]], [[city:Marlow]] [[zip:03456]]

Pt resting in hospital bed in living room, responds to voice, oriented x1. RR 22, irregular, mild
mottling knees. PPS 30%. Intake minimal, sips only. Last BM 3 days ago.

Symptoms: dyspnea w/ repositioning, relieved w/ {{morphine}} oral solution 5 mg. {{glycopyrrolate}} started
for secretions. {{lorazepam}} 0.5 mg SL prn restlessness used x1.

Family: daughter [[name:Irene Kask]] is primary caregiver, granddaughter [[name:Sophie]] flying in
from [[city:Seattle]] this weekend. Discussed signs of active dying; [[name:Irene]] tearful but prepared.
Chaplain Rev. [[name:Amos Tuttle]] to visit tomorrow.

Plan: increase visits to daily. On-call line [[phone:603-555-0150]] reviewed with family.
[[name:Beth Ann Carrow]], RN""",
    # 14. Telephone encounter
    """TELEPHONE ENCOUNTER
[[date:7/2/2024]] 9:14 AM
Caller: [[name:Linda Farrow]] (self)   DOB [[date:3/5/1957]]
Callback #: [[phone:(480) 555-0133]]

Reason: pt calling re: {{INR}} result from yesterday, 4.6. On {{warfarin}} 5 mg daily for
{{mechanical mitral valve}}. No bleeding, no dark stools, no bruising. Started {{ciprofloxacin}}
[[date:6/28]] from urgent care for {{UTI}} (Dr. [[name:Geller]] at [[facility:QuickCare Mesa]]).

Reviewed with Dr. [[name:Anand Shah]]: hold warfarin tonight, resume 2.5 mg tomorrow x2 days then
5 mg, recheck INR on [[date:7/5]] at [[facility:Desert Sky Anticoag Clinic]].

Pt verbalized understaning, read back instructions. Husband [[name:Ron]] also on speaker.
-- [[name:Carla Jimenez]], RN""",
    # 15. Patient portal message
    """PATIENT PORTAL MESSAGE
From: [[name:Benjamin Osei]] <[[email:b.osei.1984@mailbox.example]]>
To: Dr. [[name:Rachel Stein]] / Endocrinology pool
Sent: [[date:2025-01-17]] 21:06   (login from [[ip_address:203.0.113.47]])
Subject: sugar numbers + refill

Hi Dr [[name:Stein]], my fasting numbers have been 180-220 this week since I ran out of the
{{metformin}} ER on the [[date:10th]] and the pharmacy said they need a new rx. Also the {{Dexcom}}
sensor keeps falling off after 4-5 days, is there an overpatch? my A1c was 8.9 at my last visit.
Could you send to the [[facility:Hillside Pharmacy]] on [[address:Route 9 and Elm]]? Thanks, [[name:Ben]]

----- reply [[date:01/18/2025]] 08:40 -----
[[name:Ben]] - metformin ER 1000 mg BID sent. Overpatches ordered. Please schedule a visit in 2-4 weeks to
discuss adding {{semaglutide}}; you can book at [[url:https://mychart.northvale-health.example/schedule]]
Recheck {{hemoglobin A1c}} at that visit.
- [[name:Jess Albright]], RN for Dr. [[name:Stein]]""",
    # 16. Referral letter
    """[[facility:Harborview Gastroenterology Associates]]
[[address:410 Seawall Blvd, Suite 220]]
[[city:Port Arden]], ME [[zip:04110]]
Tel [[phone:207-555-0109]]  Fax [[fax:207-555-0110]]

[[date:June 3, 2024]]

Dr. [[name:Vikram Nair]]
[[facility:Coastal Colorectal Surgery]]

RE: [[name:Siobhán Ní Bhriain]], DOB [[date:14/02/1971]]

Dear Dr. [[name:Nair]],

Thank you for seeing Ms. [[name:Ní Bhriain]], a 53-year-old woman with long-standing
{{ulcerative colitis}} (pancolitis, dx 2004) maintained on {{vedolizumab}}. Surveillance
{{colonoscopy}} on [[date:May 21]] found a 2.5 cm flat lesion in the transverse colon with
high-grade dysplasia on biopsy, not amenable to endoscopic resection. She also has
{{primary sclerosing cholangitis}}.

I would appreciate your opinion regarding {{colectomy}}. Pathology and images are enclosed.

Sincerely,
[[name:Margaret Okoye]], MD""",
    # 17. Radiology report
    """CT ABDOMEN AND PELVIS WITH IV CONTRAST

PATIENT: [[name:HUANG, WEI-MING]]   MRN: [[mrn:0078812240]]   ACC#: [[other_id:RAD24-558190]]
EXAM DATE: [[date:09/30/2024]] 14:22
ORDERING: [[name:KIMBERLY ROSS]], NP   [[facility:FAIRMONT REGIONAL ED]]

CLINICAL HISTORY: RLQ pain, fever, WBC 14

TECHNIQUE: Axial CT from diaphragm to symphysis after 100 mL {{iohexol}} IV.

FINDINGS:
Appendix dilated to 13 mm with wall thickening and periappendiceal fat stranding. {{Appendicolith}}
at base. No free air. Small fluid collection 2.1 x 1.8 cm adjacent to tip.
Liver: 1.2 cm {{hepatic cyst}} segment 7, unchanged from [[date:03/2022]].
Kidneys, pancreas, spleen unremarkable.

IMPRESSION:
1. {{acute appendicitis}} with small periappendiceal abscess.
2. Incidental simple hepatic cyst.

Findings called to [[name:K. Ross]], NP at 14:51 on [[date:9/30/24]] by Dr. [[name:Ivanova]].

Electronically signed: [[name:Elena Ivanova]], MD""",
    # 18. Pathology report
    """SURGICAL PATHOLOGY REPORT
Accession: [[other_id:S24-10937]]
Patient: [[name:Catherine Yoo]]  MRN [[mrn:55-302-1187]]  DOB [[date:01/04/1966]]
Collected: [[date:07/11/2024]]   Received: [[date:07/11/2024]]
Submitting physician: [[name:Daniel Ferreira]], MD, [[facility:Linden Breast Center]]

SPECIMEN: Left breast, 2 o'clock, ultrasound-guided {{core needle biopsy}}

DIAGNOSIS:
- {{invasive ductal carcinoma}}, Nottingham grade 2 (tubules 3, nuclei 2, mitoses 1)
- {{ductal carcinoma in situ}}, intermediate grade, solid type
- Largest core tumor length 9 mm
- No lymphovascular invasion identified

BIOMARKERS (block A2):
  {{estrogen receptor}}   positive, 95%, strong
  {{progesterone receptor}}   positive, 60%, moderate
  {{HER2}} IHC    1+ (negative)
  Ki-67    15%

Pathologist: [[name:Oluwaseun Bakare]], MD
Signed out [[date:07/15/2024]]""",
    # 19. Operative note with implant serial
    """OPERATIVE NOTE
Patient: [[name:Gregory Lanier]]   MRN [[mrn:3318840]]   Date of surgery: [[date:02/27/2025]]
Surgeon: [[name:Naomi Feldstein]], MD    Assistant: [[name:Chris Boateng]], PA-C
Anesthesia: general, Dr. [[name:Ulrich]]

PREOP DX: {{osteoarthritis}}, left hip
POSTOP DX: same
PROCEDURE: left {{total hip arthroplasty}}, posterior approach

IMPLANTS:
  Acetabular shell 54 mm   LOT 7741-0923   SN [[device:AC54-88231907]]
  Femoral stem size 12     LOT 6612-1184   SN [[device:FS12-40017625]]
  Ceramic head 36 mm +0

FINDINGS: severe loss of joint space, large osteophytes.
EBL 350 mL. {{tranexamic acid}} 1 g IV given at incision and closure.
Closure layered, {{Prineo}} dressing.
Count correct x2. {{cefazolin}} 2 g pre-incision.

Pt to PACU stable. Will start {{aspirin}} 81 BID for DVT ppx POD1. WBAT.""",
    # 20. Medication reconciliation
    """MEDICATION RECONCILIATION - ADMISSION
Pt: [[name:Yusuf Al-Masri]]   DOB [[date:08 Aug 1950]]   MRN [[mrn:A6620914]]
Source: pt, wife [[name:Leila]], pharmacy fill hx ([[facility:Walden Pharmacy]] [[phone:616-555-0125]])
Completed [[date:10/21/2024]] by [[name:Ana Petrovic]], PharmD

MEDICATION                  DOSE/FREQ          LAST DOSE     ADMIT ACTION
{{metoprolol succinate}}        50 mg daily         [[date:10/21]] AM      continue
{{atorvastatin}}                40 mg qhs           [[date:10/20]]         continue
{{empagliflozin}}               10 mg daily         [[date:10/21]] AM      HOLD (NPO)
{{tamsulosin}}                  0.4 mg qhs          [[date:10/20]]         continue
{{clopidogrel}}                 75 mg daily         [[date:10/19]] ?       HOLD - pre-op, see cards
fish oil                    1 g daily           unsure        discontinue

Notes: pt brought bottles. Clopidogrel prescribed by Dr. [[name:Brennan]] (cardiology, [[facility:Grand River
Heart]]); wife not sure if taken since Saturday. Allergy: sulfa (rash).""",
    # 21. Home health visit
    """HOME HEALTH SKILLED NURSING VISIT
[[facility:Valley Home Care Partners]]
Patient: [[name:Dolores Kinney]]   Episode start [[date:09/03/2024]]
Address: [[address:88 Quarry Lane]], [[city:Millbrook]] [[zip:12545]]
Visit [[date:9/17/2024]] 1030-1125

Reason: {{wound care}} L lower leg {{venous stasis ulcer}}, CHF monitoring

Pt seated in recliner, neighbor Mr. [[name:Hollis]] present (drove her to pharmacy yesterday).
Wt 72.3 kg (stable). BP 134/78, HR 74, SpO2 95% RA. Trace BLE edema.
Wound 3.1 x 2.4 x 0.2 cm, 80% granulation, mod serous drainage. Cleanesd w/ NS, {{calcium alginate}}
applied, {{Unna boot}} reapplied.
Med review: taking {{torsemide}} as ordered, pill box filled for week.
Pt says gate code changed, new code on fridge; son [[name:Kevin]] ([[phone:845-555-0171]]) has key.

Plan: next visit Tues, notify Dr. [[name:Abernathy]] if drainage increases.
[[name:Rosa Villanueva]], RN""",
    # 22. ED trauma note for a motor vehicle collision
    """EMERGENCY DEPT - TRAUMA NOTE (Level 2 activation)
Pt: [[name:Kyle Brandt-Moreno]]  19M   MRN [[mrn:TR-55017]]  Arrived [[date:08/09/2024]] 01:12

Mechanism: restrained driver, MVC vs guardrail on I-80 near [[city:Kearney]], ~55 mph, + airbag.
Vehicle per State Patrol Trooper [[name:Dana Whitcomb]]: 2011 Ford Ranger, NE plate [[vehicle:3-K2281]],
VIN [[vehicle:1FTKR1ED4BPA77412]]. Passenger transported to [[facility:Good Samaritan Kearney]].

Primary: A intact, B clear bilat, C HR 118 BP 102/60, D GCS 15, E seatbelt sign abd.
{{FAST exam}} positive LUQ.
CT: grade 3 {{splenic laceration}}, no active extrav. L rib fx 9-10.
{{blood alcohol}} 0.09.

Plan: admit trauma ICU, serial Hgb q6h, {{nonoperative management}}, IR on standby.
ID from wallet: NE driver's license [[license:H29918406]].
{{Tdap}} given. Mother [[name:Sandra Moreno]] notified at [[phone:(308) 555-0158]], en route.

Dr. [[name:Felix Amankwah]], trauma""",
    # 23. Pediatric ED visit for asthma
    """PEDS ED NOTE
[[name:Amara Nwosu]], 7 yo F, MRN [[mrn:CH00781152]], seen [[date:11/04/2024]]
Brought by father [[name:Chukwudi Nwosu]]. School: [[facility:Lincoln Park Elementary]].

CC: wheezing, cough x 2 days

HPI: hx {{asthma}} (dx age 3, 1 prior PICU admit 2022). URI sx since weekend, using {{albuterol}} MDI
q2h at home. No fever. Ran out of {{fluticasone}} last month. Cat at home, dad smokes outside.

Exam: RR 34, SpO2 91% RA, diffuse exp wheeze, subcostal retractions. PRAM 7.

Tx: {{albuterol}}/{{ipratropium}} neb x3, {{dexamethasone}} 0.6 mg/kg PO. After: RR 24, SpO2 96%, PRAM 2.

Dispo: home, albuterol q4h x 48h then prn, restart fluticasone 44 mcg 2 puffs BID w/ spacer,
asthma action plan given, school med form completed. PCP f/u w/ Dr. [[name:Esther Lowenthal]] in
2-3 days. Dad's cell [[phone:312-555-0184]].
[[name:M. Ibáñez]], MD""",
    # 24. Labor and delivery note
    """DELIVERY NOTE
Mother: [[name:Thi Lan Nguyen]]  MRN [[mrn:OB-4471920]]   G1P0 -> G1P1001
Date/time of birth: [[date:03/03/2025]] 04:56

Labor: spontaneous onset, AROM at 6 cm, clear fluid. {{epidural}} placed by Dr. [[name:Koh]] at 5 cm.
2nd stage 1h 40m.
Delivery: NSVD of live female, 2nd degree laceration repaired with 3-0
{{Vicryl}} under epidural.
Placenta delivered spontaneously, intact, 3VC. EBL 400 mL. {{oxytocin}} 30 U in 500 mL started.

Infant: Baby Girl [[name:Nguyen]], wt 3,210 g, {{Apgar}} 8/9. Skin to skin, initiated breastfeeding.
Infant MRN [[mrn:NB-4471955]], to mother-baby unit.
Father [[name:Duc Pham]] present, cut cord.

GBS neg. Rh pos. Rubella immune.
Plan: routine PP care, {{ibuprofen}}/acetaminophen, encourage BF, lactation consult.

Attending: [[name:Helen Vasquez]], MD    Resident: [[name:Arjun
Menon]], MD""",
    # 25. Cardiology device clinic
    """DEVICE CLINIC - PACEMAKER INTERROGATION
Patient: [[name:Margarethe Olsen]]   Age [[age:91]]   DOB [[date:06/19/1933]]   MRN [[mrn:99-40218]]
Date: [[date:12/10/2024]]

Device: dual-chamber {{pacemaker}}, implanted [[date:05/2019]] at [[facility:Fjordline Heart Institute]]
Generator model XR-2100, serial [[device:PJN381044S]]
RA lead serial [[device:LRA-22719-0]]   RV lead serial [[device:LRV-22719-4]]

Indication: {{sick sinus syndrome}}

Battery: 4.5 yrs to ERI
RA: sensing 2.8 mV, impedance 510, threshold 0.75 V @ 0.4 ms
RV: sensing 9.1 mV, impedance 620, threshold 1.0 V @ 0.4 ms
% pacing: A 68%, V 4%
Episodes: 3 AHRE, longest 6 min on [[date:11/28]]. No sustained {{atrial fibrillation}}.

Plan: no changes. Remote monitoring, next transmission in 3 mo. Pt's daughter [[name:Karin]]
manages the home monitor. Not on {{anticoagulation}}; {{CHA2DS2-VASc}} discussed, f/u with
Dr. [[name:Ellison]].
[[name:Jonas Berg]], CDS""",
    # 26. Dialysis progress note
    """HEMODIALYSIS RN NOTE    [[date:02/14/2025]]
Unit: [[facility:Blue River Dialysis - Eastside]]   Chair 9
Pt: [[name:Raymond Tso]]  MRN [[mrn:D-118273]]   Schedule MWF 2nd shift

Pre: wt 84.6 kg (EDW 81.0), BP 168/92, HR 80, no SOB. L arm {{AV fistula}} + thrill/bruit,
cannulated 15g x2 w/o difficulty.
Rx: 4 hr, Qb 400, Qd 600, 2K/2.5Ca bath, UF goal 3.4 L.
{{heparin}} 2000 u bolus.
Intra: cramping at 3h, UF paused 10 min, NS 200 mL given. BP nadir 118/70.
Post: wt 81.5 kg, BP 142/84. Needle sites hemostasis 8 min.
Meds given: {{epoetin alfa}} 6000 u IV, {{paricalcitol}} 2 mcg IV.
Monthly labs drawn: K 5.4, phos 6.8, {{Kt/V}} 1.38.
Pt reports missing [[date:2/10]] tx bc ride didn't show; SW [[name:Imelda Cruz]] to call
[[facility:Tri-County Medical Rides]]. Wife [[name:Lorraine]] to drive Fri.
[[name:P. Gallagher]], RN""",
    # 27. Neurology stroke consult
    """NEUROLOGY CONSULT - STROKE ALERT
Pt: [[name:Beatriz Carvalho]]   MRN [[mrn:00931776]]   [[date:10/22/2024]]
LKW 07:40 per husband [[name:Paulo]], who found her at 08:15 unable to speak.

Exam 08:52: {{NIHSS}} 14 - global aphasia, R facial droop, R arm 3, R leg 2, R hemisensory loss.
BG 142. BP 188/96.
CT head: no hemorrhage, ASPECTS 9. {{CT angiography}}: L M1 occlusion.

Hx: {{hypertension}}, {{hyperlipidemia}}, no anticoag, no recent surgery.

Plan:
- {{tenecteplase}} 0.25 mg/kg bolus at 09:06, door-to-needle 34 min
- IR (Dr. [[name:Kaminski]]) for {{mechanical thrombectomy}}, groin puncture 09:31
- BP < 180/105 post lysis, neuro checks q15 min
- Admit neuro ICU
Discussed with husband, interpreter [[name:Joana Reis]] (Portuguese, ID [[other_id:INT-2281]]) used.
Husband's phone [[phone:(617)555-0195]].

[[name:Nadia El-Amin]], MD, vascular neurology""",
    # 28. Nursing fall incident note
    """FALL - NURSING NOTE / SAFETY EVENT
Pt [[name:Herbert Lindgren]], rm 614B, [[age:90]] yo M, admitted [[date:1/3]] for {{pneumonia}}.
Event: [[date:01/06/2025]] approx 0320

Found on floor beside bed by CNA [[name:Tamika Jones]] during rounds, bed alarm was not sounding
(unplugged?). Pt states he was trying to get to the bathroom. A&O x2 (baseline per family).
Small abrasion R elbow, no head strike per pt, unwitnessed so treated as possible.
VS: BP 142/78, HR 88, SpO2 94% 2L. {{Glasgow Coma Scale}} 14. Pupils PERRL.
On {{enoxaparin}} prophylaxis -> notified covering MD Dr. [[name:Shreya Iyer]] at 0335, {{CT head}}
ordered, neg for bleed.
Post-fall: neuro checks q1h x4 then q4h, low bed, mats, {{bedside commode}}, hourly rounding.
Son [[name:Peter Lindgren]] notified at 0715 at [[phone:763-555-0119]].
Safety report # [[other_id:SR-25-00184]] filed.
-- [[name:A. Kowalczyk]], RN charge""",
    # 29. Behavioral health crisis note and safety plan
    """BEHAVIORAL HEALTH CRISIS EVALUATION
[[facility:Summit Crisis Stabilization Unit]]   [[date:4/11/2025]]
Client: [[name:Jasmine Reyes-Holloway]]  DOB [[date:12/08/2002]]  MRN [[mrn:CSU-30441]]

Presenting: brought by police (Ofc. [[name:Gutierrez]], badge [[other_id:4471]]) after texting friend
[[name:Tyler]] a goodbye message. Took ~10 tabs {{diphenhydramine}} at her apartment on
[[address:Birchwood Ct]], then called 911 herself. Medically cleared at ED.

Hx {{bipolar II disorder}}, stopped {{lamotrigine}} 6 wks ago. {{Columbia Suicide Severity Rating Scale}}:
high risk (attempt this week). Denies HI. No firearms at home per client and mother.

SAFETY PLAN:
 warning signs: not sleeping, isolating
 coping: music, walk dog
 people: mom [[name:Carmen Reyes]] [[phone:505.555.0147]], friend [[name:Tyler]]
 crisis: 988
 means restriction: mom to hold meds

Dispo: voluntary admit to CSU, restart lamotrigine titration per psychiatry.
[[name:Owen Pritchard]], LPCC""",
    # 30. Discharge instructions for a patient
    """AFTER VISIT SUMMARY / DISCHARGE INSTRUCTIONS
[[name:Samuel Achterberg]]    Date: [[date:05/29/2024]]    Acct: [[account:V0033817264]]
[[facility:Kessler Memorial Hospital]], [[address:1 Hospital Dr]], [[city:Fenwick]], OH [[zip:43081]]

You were treated for: {{cellulitis}} of the right leg

Your medicines:
  NEW  {{cephalexin}} 500 mg by mouth 4 times a day for 7 more days (last dose [[date:June 5]])
  CONTINUE {{lisinopril}}, {{metformin}}

What to watch for: spreading redness past the pen marks, fever over 101 F, red streaks.

Appointments:
  Mon [[date:6/3]] 9:20am  Dr. [[name:Lucia Ferrante]] (PCP)  [[phone:614-555-0131]]
  Wound check as needed at any urgent care

Keep leg raised, wash daily with soap and water. Control your blood sugar; your {{A1c}} was 9.4.

Questions after hours: nurse advice line [[phone:1 (800) 555-0164]].
Your test results will be sent to your portal account ([[email:sam.achterberg@postbox.example]]).
Signed: [[name:Miguel Torres]], RN""",
    # 31. Endocrinology follow-up with mixed contact details
    """ENDOCRINOLOGY FOLLOW-UP
Pt: [[name:Ingrid Haugland]]    DOB [[date:1961-07-30]]    MRN [[mrn:EN4402187]]
Visit [[date:2024-08-13]], video visit (pt at home in [[city:Stillwater]])
Session link [[url:https://telehealth.northvale-health.example/v/8KQ2-77XA]], pt connected from [[ip_address:198.51.100.23]]

Hx {{Graves disease}} s/p {{radioactive iodine}} [[date:2023-02-09]], now {{hypothyroidism}} on
{{levothyroxine}} 112 mcg. Also {{osteopenia}} (DXA T -2.1).

Reports palpitations, 2 kg wt loss. Taking levo with coffee and calcium.
TSH 0.08, FT4 1.9 (high).

A/P: iatrogenic hyperthyroid from over-replacement
- decrease levothyroxine to 100 mcg, take on empty stomach, separate calcium by 4h
- recheck TSH 6 wks
- pt asked to have results sent to her other physician, Dr. [[name:Eirik
  Solberg]], email [[email:e.solberg@northshorefamily.example]], fax [[fax:218-555-0123]]; ROI signed
Next visit in person [[date:Oct 1]].
[[name:Priscilla Nakamura]], MD""",
    # 32. Palliative care family meeting
    """PALLIATIVE CARE - FAMILY MEETING NOTE
Patient: [[name:Ahmed Farouk]], 78M    MRN [[mrn:774-09-316]]    [[date:March 8, 2025]]
Present: pt (limited participation), wife [[name:Samira]], son [[name:Omar Farouk]] (HCPOA), daughter
[[name:Nour]] by phone from [[city:Dearborn]], Dr. [[name:Brigitte Lemaire]] (oncology), this writer,
chaplain, interpreter.

Medical update: {{metastatic pancreatic adenocarcinoma}} progressing despite {{FOLFIRINOX}}; new
{{malignant ascites}} and liver mets. ECOG 3-4.

Discussion: family understands cancer is no longer treatable. Pt had told [[name:Omar]] he "does not want machines."
Values: being at home, prayer, family present.

Decisions:
- DNR/DNI, POLST completed
- stop chemotherapy
- referral to home hospice, family prefers [[facility:Crescent Hospice of Wayne County]]
- {{paracentesis}} prn for comfort; consider PleurX
- {{hydromorphone}} PO for pain
Time spent: 75 min, >50% counseling.
[[name:Elise Marchand]], NP, palliative care""",
    # 33. Speech-language pathology swallow evaluation
    """SPEECH-LANGUAGE PATHOLOGY - CLINICAL SWALLOW EVAL
Pt: [[name:Giuseppe Romano]]   [[age:94]] y.o.   MRN [[mrn:0112-8843]]
Date: [[date:11/18/2024]]   Ordered by: Dr. [[name:Kwame Asante]]

Dx: {{aspiration pneumonia}}, {{Parkinson disease}}

Pt seated upright in bed. Granddaughter [[name:Francesca]] present, reports coughing with thin
liquids at home x 3 months and wt loss. Oral mech: reduced lingual ROM, mild drooling.

Trials:
  thin liquid (cup)    immediate cough x3/3
  nectar-thick         no s/s aspiration
  puree                WFL, mild oral residue
  soft solid           prolonged mastication

Impression: moderate oropharyngeal {{dysphagia}}.
Rec: mildly thick liquids, puree/minced diet (IDDSI 4), meds crushed in puree, 1:1 supervision,
upright 90 for meals. {{modified barium swallow}} [[date:11/20]] to define further. Family educated.
[[name:Hye-jin Park]], MS, CCC-SLP""",
    # 34. Pharmacy anticoagulation note
    """PHARMACY ANTICOAGULATION MANAGEMENT
Pt: [[name:Dorothy Fairweather]]   MRN [[mrn:56009312]]   [[date:06/14/2024]]
Consult from: Dr. [[name:Leon Gray]]

Indication: {{pulmonary embolism}} ([[date:06/11/2024]]), transition {{heparin}} infusion to DOAC

Wt 118 kg, CrCl ~ 62 mL/min (Cockcroft-Gault), plt 210, no active bleeding.
Interactions: on {{carbamazepine}} for {{trigeminal neuralgia}} - strong CYP3A4/P-gp inducer, avoid
apixaban/rivaroxaban.

Recommendation: {{warfarin}} 7.5 mg daily w/ heparin overlap >= 5 days and INR >= 2 x 24h,
or discuss switch from carbamazepine with neurology (Dr. [[name:Halvorsen]]).
INR follow-up: [[facility:Summit Anticoagulation Clinic]], 1st appt [[date:6/18]], tel
[[phone:(802) 555-0126]].
Pt's insurance: Medicare ID [[health_plan:1EG4-TE5-MK72]].
[[name:Ravi Subramanian]], PharmD, BCPS""",
    # 35. Wound care nursing consult
    """WOUND OSTOMY CONTINENCE NURSE CONSULT
[[date:08/02/2024]]   Pt: [[name:Lamar Jefferson]]   MRN [[mrn:W22017745]]   Rm 5108
Requested by: [[name:C. Dubois]], RN for sacral wound

Hx: {{spinal cord injury}} T6 (2015), wheelchair user, lives w/ partner [[name:Marcus Bell]] at
[[address:3409 Kestrel Way, Unit 12]], [[city:Aurora]] [[zip:80013]].

Assessment:
  Sacrum: {{pressure injury}} stage 4, 5.2 x 4.0 x 2.1 cm, tunneling 2 cm at 12 o'clock, bone palpable,
  30% slough, mod purulant drainage, odor present.
  {{Braden Scale}} 12.

Recs:
- {{negative pressure wound therapy}} 125 mmHg continuous, change MWF
- low air loss mattress, turn q2h, float heels
- MRI pelvis r/o {{osteomyelitis}}, plastics consult
- nutrition consult, prealbumin 9
- home chair cushion eval by outside seating clinic ([[name:Jo Tanaka]], ATP)
[[name:Marisol Pena]], RN, CWOCN""",
    # 36. Orthopedic post-op clinic with work note
    """ORTHOPAEDIC CLINIC - POST-OP
[[name:Connor MacLeod]]  DOB [[date:04/26/1988]]  MRN [[mrn:OR-661204]]
Seen: [[date:01/29/2025]]   Surgery: R ankle {{ORIF}} [[date:01/15/2025]] (Dr. [[name:Wen Li]])

2 wks post-op, bimalleolar fx. Pain controlled w/ {{ibuprofen}}, stopped {{oxycodone}}. Splint
intact, NWB on crutches. Incisions healing, sutures removed, steri-strips. NV intact.
{{X-ray}}: hardware intact, alignment maintained.
On {{aspirin}} 81 BID for VTE ppx x 4 wks total.

Plan: CAM boot, NWB x 4 more wks, then PT.
Work: pt is a line cook at [[facility:Fisherman's Wharf Grill]], off work until [[date:03/01/2025]];
note given, faxed to HR ([[name:Dana Kirby]]) at [[fax:415-555-0179]].
Workers' comp claim # [[other_id:WC-24-7781302]], adjuster [[name:Paula Grant]] [[phone:415-555-0180 x212]].
RTC 4 wks with x-ray.
[[name:Wen Li]], MD""",
    # 37. GI endoscopy report
    """ENDOSCOPY REPORT - EGD
Patient: [[name:Farida Rahimi]]    MRN [[mrn:GI-0058231]]    Procedure date: [[date:2/6/2025]]
Endoscopist: [[name:Rafael Domínguez]], MD    Nurse: [[name:Kelly O'Brien]], RN
Location: [[facility:Westfield Endoscopy Center]]
Referring: Dr. [[name:Thandiwe Mokoena]]

Indication: iron deficiency {{anemia}}, epigastric pain
Sedation: {{propofol}} per anesthesia (MAC)
Scope: GIF-H190 (#[[device:2814477]])

Findings:
- Esophagus: normal, Z-line regular
- Stomach: 1.5 cm clean-based {{gastric ulcer}} on the lesser curvature; biopsied x4. Antral
  erythema, biopsies for {{Helicobacter pylori}}.
- Duodenum: normal, biopsies for celiac.

Impression: gastric ulcer, likely NSAID-related (pt takes {{naproxen}} for back pain).
Plan: stop naproxen, {{pantoprazole}} 40 mg BID x 8 wks, repeat EGD in 8-12 wks to document
healing. Results to pt via portal and to Dr. [[name:Mokoena]].""",
    # 38. Interfacility transfer note
    """INTERFACILITY TRANSFER NOTE
From: [[facility:Pine Hollow Critical Access Hospital]], [[city:Ridgeway]]
To: [[facility:University of Westmark Medical Center]] - CVICU
Date: [[date:07/19/2024]]

Pt [[name:Edwin Okafor-Lynch]], 58M, MRN (sending) [[mrn:PH118430]]
Accepting: Dr. [[name:Simone Gauthier]], CT surgery, accepted at 16:40 via transfer center
(ref [[other_id:TC-07192024-0331]])

Dx: {{acute aortic dissection}}, {{Stanford type A}}, on CTA at 15:55.
Hx HTN (nonadherent), {{Marfan syndrome}} suspected, no prior surgery.
Current: {{esmolol}} gtt 150 mcg/kg/min, {{nicardipine}} 5 mg/h, HR 64, BP 112/68. A&Ox3, pain 4/10
after {{fentanyl}} 50 mcg x2.
Lines: PIV x2, R radial art line.
Transport: rotor wing, ETA 45 min.
Family: wife [[name:Bernadette]] driving separately, cell [[phone:(406) 555-0112]].
Images pushed via PACS. Sending MD [[name:Hugo Lindahl]], DO, direct [[phone:406-555-0107]].""",
    # 39. Addiction medicine follow-up
    """ADDICTION MEDICINE FOLLOW-UP
[[name:Shane Callahan]]   DOB [[date:05/15/1991]]   MRN [[mrn:AM-448102]]    [[date:9/9/2024]]

Hx {{opioid use disorder}}, severe, in early remission on {{buprenorphine-naloxone}} 16/4 mg daily since
[[date:March 12]]. Also {{hepatitis C}} (treated, SVR12 achieved).

Since last visit: working at [[facility:Dunmore Auto Body]], attending NA Tues/Thurs, sponsor [[name:Mike]].
No use per pt. {{UDS}} today: bup +, norbup +, fentanyl neg, other neg.
PDMP checked - no other controlled rx.
Cravings 2/10. Sleep improved.

{{Naloxone}} kit refilled. Discussed {{hepatitis A}} / hep B vaccination.

Plan:
- continue bup-nal 16/4, 28-day rx sent to [[facility:Main St Pharmacy]]
- prescriber DEA [[license:FH4418273]], X-waiver not required
- RTC 4 wks; will move to monthly. Counseling w/ [[name:Nora Whelan]], LADC.
Dr. [[name:Patrick Oyelaran]]""",
    # 40. Geriatrics clinic visit with DME letter
    """GERIATRICS CLINIC NOTE + LETTER OF MEDICAL NECESSITY
Pt: [[name:Florence Abernethy]]   [[age:98]] yo F   DOB [[date:03/21/1926]]   MRN [[mrn:G-2031984]]
Visit: [[date:10/30/2024]]   Accompanied by niece [[name:Patricia Lowe]]

Lives alone in senior apartment, [[address:600 Chestnut St, #4C]], [[city:Hollins]] [[zip:24019]].
Meals on Wheels daily. Uses rollator, 2 falls this year.
Dx: {{osteoarthritis}} knees, {{macular degeneration}}, {{orthostatic hypotension}}, mild
{{neurocognitive disorder}} ({{MoCA}} 21/30).

LETTER: To whom it may concern: Ms. [[name:Abernethy]] requires a {{power wheelchair}} for
mobility within the home; she cannot safely propel a manual chair due to bilateral shoulder OA.
Medicare Beneficiary ID [[health_plan:5TW9-QR2-HN84]].

Plan: PT home safety eval, midodrine not started given supine HTN, continue eye injections with
Dr. [[name:Abebe Tesfaye]]. Niece's phone [[phone:540-555-0190]].
[[name:Louisa Grant]], MD, Geriatrics  NPI [[other_id:1457398260]]""",
)
