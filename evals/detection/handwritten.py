"""Twenty clinical notes written and labeled by hand, in styles the note generator does not use.

Every person, place, number and date in them is invented. Markup: ``[[kind:text]]`` marks an
identifier and ``{{text}}`` a clinical term that masking must keep. Kinds are those of the
generator's labels plus ``health_plan``, ``license``, ``device``, ``vehicle``, ``ip_address``
and ``other_id``. None of these notes has a database behind it, so they are scored without an
identifier dictionary: every identifier here must be found by patterns, cues or the name scan.
"""

from __future__ import annotations

__all__ = ["HANDWRITTEN_NOTES"]

HANDWRITTEN_NOTES: tuple[str, ...] = (
    # 1. Primary care follow-up.
    """Internal Medicine Follow-up
Patient: [[name:Okonkwo, Chidi]]   MR# [[mrn:00482913]]   DOB: [[date:07-02-1958]]
Seen [[date:Feb 6, 2024]].

S: Mr. [[name:Okonkwo]] returns for {{hypertension}} and {{type 2 diabetes}}. His wife
[[name:Ngozi]] keeps a BP log; readings 130s/80s. Denies {{chest pain}} or {{dyspnea}}. Reports
{{neuropathy}} in both feet, worse at night.
Meds: {{metformin}} 1000 mg BID, {{lisinopril}} 20 mg daily, {{atorvastatin}} 40 mg qHS.
O: BP 134/82, HR 76, {{A1c}} 7.4 (was 8.1 in [[date:October]]). Monofilament decreased bilat.
A/P: {{T2DM}} improving. Start {{gabapentin}} 100 mg qHS. Pharmacy: Walgreens on
[[address:Halsted St]], [[phone:(773) 555-0148]].
RTC 3 months. -- [[name:Renata Salazar]], MD
""",
    # 2. Emergency department, motor vehicle collision.
    """ED PHYSICIAN NOTE
CC: MVC
HPI: [[age:96]] yo F restrained driver, low-speed collision on I-90 near [[city:Elyria]] this
morning. EMS (Medic 12) reports airbag deployment. Officer [[name:Pete Dombrowski]] (badge
[[license:4471]]) at bedside; other vehicle plate [[vehicle:HJK-2291]]. Pt's vehicle VIN
[[vehicle:1HGCM82633A004352]].
Complains of {{neck pain}} and L {{wrist}} pain. No {{LOC}}. On {{apixaban}} for {{AFib}}.
Exam: C-collar in place, {{midline tenderness}} C6. L wrist swollen, {{snuffbox tenderness}}.
CT c-spine neg. XR L wrist: nondisplaced {{scaphoid fracture}}.
Plan: thumb spica splint, {{ortho}} f/u with Dr. [[name:Greenbaum]] at [[facility:Lakeland
Orthopedic Associates]] Thursday [[date:3/21]]. Daughter [[name:Frances]] ([[phone:440-555-0172]])
will drive her home.
""",
    # 3. Discharge summary with day-first dates.
    """DISCHARGE SUMMARY
Name: [[name:Beatriz Almeida-Cruz]]      Acct: [[account:HAR 7730012451]]
Admitted: [[date:12-Mar-2024]]    Discharged: [[date:16-Mar-2024]]
Attending: [[name:Anjali Deshpande]], MD (Hospital Medicine)

Brief course: 67F with {{COPD}} admitted with {{acute exacerbation}} after a viral URI. Treated
with {{prednisone}} 40 mg x5 days, {{azithromycin}}, duonebs. Weaned to RA on [[date:3/15]].
Discharge meds: {{tiotropium}} daily, {{albuterol}} PRN, {{prednisone}} taper.
Follow-up: Dr. [[name:Kwame Mensah]], [[facility:Riverbend Pulmonary Clinic]],
[[address:1422 Larkspur Ln, Apt 5C]], [[city:Towson]], MD [[zip:21204]]. Tel [[phone:410-555-0199]],
fax [[phone:410-555-0188]].
Dictated [[date:03/16/2024]] 14:20.
""",
    # 4. Telephone encounter.
    """Phone note [[date:4/16/24]]
Call from pt's daughter [[name:Lupita Reyes]] at [[phone:(312) 555-0147]]. Her mother,
Mrs. [[name:Reyes]] is c/o increased {{ankle swelling}} since Sunday, [[date:April 14]].
Weight up 4 lb. Taking {{furosemide}} 20 mg as directed. No {{shortness of breath}}.
Advised to double {{Lasix}} x2 days and call back Thursday [[date:4/18]] with weights. Daughter
verbalized understanding. Routed to Dr. [[name:Feldstein]].
[[name:M. Truong]], RN
""",
    # 5. Psychiatry intake.
    """Behavioral Health Intake
Client: [[name:Jordan Whitlock]]   Age: 24   Pronouns: they/them
Referral: self, via portal message from [[email:jwhitlock.art@gmail.com]].
Presenting problem: worsening {{depression}} and {{panic attacks}} x6 months after moving to
[[city:Bozeman]] in [[date:August 2023]]. Lives with boyfriend [[name:Darnell Whitfield]].
Reports online harassment; provided screenshots showing messages from IP
[[ip_address:203.0.113.45]].
{{PHQ-9}} 18, {{GAD-7}} 15. Denies {{SI}}. No prior {{hospitalizations}}.
Plan: start {{sertraline}} 25 mg, CBT weekly with [[name:Priya Natarajan]], LCSW. Safety plan
reviewed. Next appt [[date:May 2]].
""",
    # 6. Pediatric well visit.
    """WELL CHILD CHECK - 4 YEARS
Pt: [[name:Malik Johnson]]  DOB [[date:2/29/2020]]  MRN [[mrn:A-553190]]
Accompanied by mom ([[name:Keisha]]) and grandma. Attends [[facility:Little Sprouts Learning
Center]] in [[city:Decatur]].
Growth: wt 16.8 kg (55%), ht 103 cm (60%). Vision 20/30 both eyes. Hearing passed.
{{Asthma}} well controlled, uses {{albuterol}} about once a month. No ER visits.
Vaccines: {{DTaP}}, {{IPV}}, {{MMR}}, {{varicella}} given today; VIS sheets provided.
Anticipatory guidance: booster seat, water safety, reading daily.
Return at 5 years. Dr. [[name:Oyelaran]]
""",
    # 7. Obstetric visit.
    """OB Visit - 28 wks
[[name:Sunita Raghunathan]] is a 31 yo G2P1 at 28w3d by LMP [[date:12/27/2023]], EDD
[[date:10/02/2024]]. Husband [[name:Rajesh]] present.
{{Fetal movement}} active. No {{contractions}}, {{vaginal bleeding}} or {{leakage of fluid}}.
BP 118/72, FH 28 cm, FHT 142.
1-hr {{GTT}} 151 -> 3-hr GTT scheduled Monday [[date:June 10]]. {{Tdap}} given. {{Rh}} positive.
Discussed {{preeclampsia}} warning signs. Delivery planned at [[facility:St. Agnes Women's
Hospital]]. Member ID [[health_plan:XKW884120573]] verified with front desk.
""",
    # 8. Radiology report.
    """EXAM: CT CHEST WITH CONTRAST
Accession: [[other_id:RAD240031877]]   Ordering: [[name:Lindqvist, Erik]] MD
Comparison: CT chest [[date:01/12/2023]].
Indication: 71M former smoker, {{pulmonary nodule}} follow-up.
Findings: 9 mm {{spiculated nodule}} RUL, previously 6 mm. No {{mediastinal lymphadenopathy}}.
Mild {{centrilobular emphysema}}. Dual-chamber {{pacemaker}} in L chest wall (device serial
[[device:PJN123456Q]]), leads in expected position.
Impression: Enlarging RUL nodule, {{Lung-RADS}} 4B. Recommend PET/CT.
Critical result called to Dr. [[name:Lindqvist]] at 15:42 on [[date:2/20/24]] by [[name:Hiroshi
Tanaka]], MD.
""",
    # 9. Pathology report.
    """SURGICAL PATHOLOGY REPORT
Case: [[other_id:S24-11873]]     Received: [[date:3/2/24]]
Patient: [[name:DELACROIX, MARGUERITE]]    Surgeon: [[name:Eleanor Vasquez-Rios]], MD
Specimen: Left breast, lumpectomy.
Diagnosis: {{Invasive ductal carcinoma}}, grade 2, 1.4 cm. Margins negative, closest 3 mm.
{{DCIS}} present, intermediate grade. {{Lymphovascular invasion}} not identified.
Receptors: {{ER}} 95%, {{PR}} 80%, {{HER2}} 1+ (negative).
Electronically signed [[date:March 6, 2024]] by [[name:Gwendolyn Achterberg]], MD.
""",
    # 10. Long-term care note with an age over 89.
    """[[facility:Sunrise Manor]] - Monthly Provider Visit
Resident [[name:Harold Pennington]], [[age:93]]-year-old man, long-term care since [[date:June
2021]]. {{Dementia}} with behavioral disturbance, {{CKD 3}}, {{BPH}}.
Staff report more {{sundowning}} this month; one fall without injury on [[date:the 9th]].
Son [[name:Gerald]] visits Sundays. POA: [[name:Margaret O'Brien]], [[phone:617-555-0123]].
Exam: pleasant, oriented to self. Lungs clear. Trace {{edema}}.
Plan: {{melatonin}} 3 mg qHS, PT for gait, recheck {{BMP}}. Discussed with charge nurse
[[name:Ofelia]].
""",
    # 11. Oncology consult with insurance identifiers.
    """HEMATOLOGY/ONCOLOGY CONSULTATION
Referred by Dr. [[name:Bhattacharya]] for {{anemia}} and {{thrombocytopenia}}.
[[name:Gustavo Ferreira]] is a 58 y/o M with {{alcohol use disorder}} and {{cirrhosis}}.
Hgb 8.9, plt 61K, MCV 104. Peripheral smear: macrocytes, no blasts.
Insurance: Medicare ID [[health_plan:1EG4-TE5-MK73]]; secondary BCBS policy
[[health_plan:YHP448812290]]. SSN on file [[ssn:123-45-6789]].
Assessment: likely {{hypersplenism}} plus {{folate deficiency}}. Check {{B12}}, folate,
{{reticulocyte count}}. {{Bone marrow biopsy}} if no improvement.
Wife [[name:Conceição]] asked for updates by e-mail: [[email:c.ferreira@example.net]].
""",
    # 12. Home health visit.
    """HOME HEALTH SKILLED NURSING VISIT [[date:05/08/2024]]
Visited pt at home, [[address:77 Wexford Road]], [[city:Glastonbury]], CT [[zip:06033]].
Caregiver [[name:Ana Lima]] present. Pt ambulating with walker, no falls since last visit.
Wound: sacral {{pressure injury}} stage 2, 2.1 x 1.4 cm, {{granulation tissue}}, no odor.
Dressing changed with {{hydrocolloid}}. {{Foley catheter}} draining clear yellow urine.
Meds reconciled; {{warfarin}} held per Dr. [[name:Ostrowski]] for INR 3.6.
Next visit Fri [[date:5/10]]. Agency on-call line [[phone:860-555-0105 x2]].
""",
    # 13. Dermatology tele-visit.
    """Teledermatology e-consult
Pt [[name:Kenji Watanabe]] submitted photos through the portal:
[[url:https://derm.examplehealth.org/cases/88213]]
History: itchy {{annular plaques}} on trunk x3 weeks, new puppy at home.
Assessment: {{tinea corporis}} most likely; {{nummular eczema}} less likely.
Plan: {{terbinafine cream}} BID x2 weeks, {{KOH prep}} if not improving.
Reply sent [[date:January 22]]. -- [[name:A. Haddad]], MD, Dermatology
""",
    # 14. Cardiology letter to a referring physician.
    """[[date:January 12, 2024]]

Dear Dr. [[name:Liu]],

Thank you for referring your patient, Ms. [[name:Beatrice Ferreira]], whom I saw on
[[date:January 9th]] for {{palpitations}}. Her {{Holter monitor}} showed {{paroxysmal SVT}} with
episodes up to 40 seconds. {{Echocardiogram}} was normal, {{LVEF}} 60%.
I started {{metoprolol succinate}} 25 mg daily and discussed {{catheter ablation}} as an option.
She will see me again in three months.

Sincerely,
[[name:Tomasz Kowalczyk]], MD, FACC
[[facility:Harborview Heart Institute]], [[address:2200 Pier Avenue, Suite 310]],
[[city:Santa Monica]], CA [[zip:90405]]
""",
    # 15. Operative note.
    """OPERATIVE NOTE
Date of surgery: [[date:2024-04-03]]
Preop dx: {{osteoarthritis}} R knee. Procedure: R {{total knee arthroplasty}}.
Surgeon: Dr. [[name:Adaeze Okafor]]. Assistant: [[name:Liam Byrne]], PA-C.
Anesthesia: spinal + {{adductor canal block}} by [[name:Yusuf Demir]], CRNA.
Implants: femoral component lot [[device:4481239]], tibial tray lot [[device:4481702]].
EBL 150 mL. Tourniquet 62 min. No complications.
Dispo: PACU, then ortho floor. {{Aspirin}} 81 mg BID for {{DVT prophylaxis}} x35 days.
""",
    # 16. Social work note.
    """Social Work Note
Met with pt and nephew [[name:Tyler Brandt]], who drives her to dialysis in his truck (plate
[[vehicle:8KJM442]]). Pt lives alone; mailing address [[address:PO Box 771]], [[city:Eureka]], CA
[[zip:95501]]. Limited income; applied for Medicaid, case number [[health_plan:CA-99120384]].
Referred to meals on wheels and county transport. Pt's friend [[name:Dolores Whitebird]] from
church can help on weekends. {{ESRD}} on {{hemodialysis}} MWF.
Follow-up next Tuesday, [[date:6/4]].
""",
    # 17. ICU progress note in capitals.
    """MICU PROGRESS NOTE HD#4
PT IS A [[age:91]] YO M WITH {{SEPTIC SHOCK}} FROM {{CHOLANGITIS}}, S/P {{ERCP}} [[date:5/28]].
O/N: OFF {{NOREPINEPHRINE}} AT 0300. UOP 40 ML/HR. AFEBRILE.
WIFE [[name:DOLORES]] AND SON [[name:ANTHONY VITALE]] AT BEDSIDE, UPDATED BY DR. [[name:NGUYEN]].
LABS: WBC 14.2 (FROM 21), LACTATE 1.4, TBILI 3.1.
A/P: CONT {{PIPERACILLIN-TAZOBACTAM}}, PLAN 7 DAYS FROM SOURCE CONTROL. TRANSFER TO FLOOR
IF STABLE. CODE STATUS FULL, CONFIRMED WITH [[name:ANTHONY]] ([[phone:585-555-0166]]).
""",
    # 18. Hurried note with typos and a lower-case name.
    """progress note - hospitalist
pt seen and examned. states she feels "alot better" today, ate breakfst.
{{pneumonia}} improving on {{ceftriaxone}}/{{azithro}}, day 3. afebrile >24h.
pt's husband [[name:marisol]] called asking about d/c, told likely tommorow.
Dispo: home w/ {{home O2}} 2L, needs DME order. PCP is Dr [[name:Haverford]] at
[[facility:Brookline Family Medicine]], appt made for [[date:6/11]].
[[name:jt]] / hospitalist service
""",
    # 19. Allergy clinic with license and prescriber numbers.
    """Allergy & Immunology
Pt [[name:Ines Carvalho]] ([[age:100]] yo, independent at home) referred for {{penicillin allergy}}
evaluation. Hives in 1962 after IM penicillin.
Skin prick and intradermal testing negative. Oral {{amoxicillin}} challenge tolerated.
Allergy label removed. Letter given for her records.
Rx: {{EpiPen}} not needed. Prescriber: [[name:Samuel Adeyemi]], MD, DEA [[license:BA6134259]],
NPI [[license:1538291774]]. Driver's license [[license:D6101-58214-70925]] checked at
registration.
""",
    # 20. Emergency note for a traveler.
    """EMERGENCY DEPARTMENT
[[name:Jean-Baptiste Moreau]], [[age:102]]-year-old visitor from [[city:Lyon]], France, brought in
by his granddaughter [[name:Siobhán Moreau]] after a {{syncopal episode}} at the hotel.
Contact in France: [[phone:+33 6 12 34 56 78]].
ECG: {{complete heart block}}, rate 38. {{Troponin}} negative. K 4.1.
Started {{transcutaneous pacing}} pads, {{cardiology}} consulted (Dr. [[name:Sato]]) for
{{temporary pacing wire}}.
Travel insurance policy [[health_plan:AXA-77120934]]; hotel [[facility:Grand Hyatt]]
front desk [[phone:(212) 555-0134]].
""",
)
