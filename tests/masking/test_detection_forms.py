"""Identifiers written in forms that hide their shape: Unicode spaces, dashes, other scripts.

Each case was an identifier that an attack on the masker found kept. Every positive case has
negative cases of the same shape that must stay.
"""

from __future__ import annotations

import pytest

from phigate.masking import FreeTextMasker, Masker
from phigate.masking.characters import detection_text
from phigate.policy import MaskSpec, Operator, PhiKind

KEY = b"detection-forms-key-0123456789abcdef-0123"
PLACEHOLDERS = MaskSpec(mask=Operator.FREE_TEXT)
NBSP = "\u00a0"
ZERO_WIDTH = "\u200b"


@pytest.fixture(scope="module")
def masker() -> FreeTextMasker:
    """A free-text masker without a dictionary."""
    return FreeTextMasker(Masker(KEY))


def found(masker: FreeTextMasker, text: str) -> list[tuple[str, PhiKind]]:
    return [(text[span.start : span.end], span.kind) for span in masker.find(text)]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"Call 555{NBSP}201{NBSP}3344 today", "Call <PHONE> today"),
        ("Call 555\u2011201\u20113344 today", "Call <PHONE> today"),
        ("SSN 123\u201345\u20136789.", "SSN <SSN>."),
        (f"DOB March{NBSP}14,{NBSP}1962.", "DOB <DATE>."),
        (f"DOB 03{ZERO_WIDTH}/14/1962.", "DOB <DATE>."),
        (f"Lives at 123{NBSP}Main{NBSP}St, Apt 4", "Lives at <ADDRESS>"),
        ("Call \uff15\uff15\uff15-201-3344", "Call <PHONE>"),
        ("email: jdoe\uff20gmail.com", "email: <EMAIL>"),
        ("Call (562) 738\u200e-6683 today", "Call <PHONE> today"),
        ("SSN 395-16\u200f-8121.", "SSN <SSN>."),
        ("SSN 395\u202a-16-8121\u202c.", "SSN <SSN>\u202c."),
        ("Call 562\u2063738\u20636683 now", "Call <PHONE> now"),
        ("SSN 395-16-81\U000e0041\U000e004221.", "SSN <SSN>."),
        ("SSN 3\u03369\u03365-16-8121.", "SSN <SSN>."),
        ("Seen with S\u0336e\u0336a\u0336n\u0336 Okafor.", "Seen with <PERSON>."),
        ("SSN 123-45-6\u05b0789.", "SSN <SSN>."),
        ("Call 555-201-3\u0483344 now", "Call <PHONE> now"),
        ("SSN 1\u20e32\u20e33\u20e3-45-6789.", "SSN <SSN>."),
        ("Seen by Dr. Oka\u0941for.", "Seen by Dr. <PERSON>."),
        ("SSN \u00b9\u00b2\u00b3\u207b\u2074\u2075\u207b\u2076\u2077\u2078\u2079.", "SSN <SSN>."),
        ("SSN 123\u30fc45\u30fc6789.", "SSN <SSN>."),
        ("Call 555\u2043201\u20433344 now", "Call <PHONE> now"),
        ("mail jdoe@gmail\u3002com now", "mail <EMAIL> now"),
        ("SSN 123-45-6\x08789.", "SSN <SSN>."),
        ("SSN 123-45-6\x0c789.", "SSN <SSN>."),
        ("SSN 123-45-6\u0085789.", "SSN <SSN>."),
        ("SSN 123-45-6\u0600789.", "SSN <SSN>."),
        ("SSN 123-45-6\u2028789.", "SSN <SSN>."),
    ],
)
def test_unicode_forms_are_masked(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


def test_spans_map_back_over_removed_characters(masker: FreeTextMasker) -> None:
    text = f"Seen \u00e9 on 03{ZERO_WIDTH}/14/1962{ZERO_WIDTH} by me"
    assert found(masker, text) == [(f"03{ZERO_WIDTH}/14/1962", PhiKind.DATE)]
    assert masker.mask(text, PLACEHOLDERS) == f"Seen \u00e9 on <DATE>{ZERO_WIDTH} by me"


def test_detection_text_keeps_offsets_without_removals() -> None:
    reading = detection_text(f"a{NBSP}b\u2013c")
    assert reading.text == "a b-c"
    assert reading.aligned
    assert reading.original_span(1, 3) == (1, 3)


def test_detection_text_maps_offsets_with_removals() -> None:
    reading = detection_text(f"1{ZERO_WIDTH}2\u00ad3")
    assert reading.text == "123"
    assert not reading.aligned
    assert reading.original_span(0, 3) == (0, 5)
    assert reading.original_span(1, 2) == (2, 3)


def test_detection_text_composes_accents_and_styled_letters() -> None:
    reading = detection_text("A\u0301ngel \U0001d40c\U0001d41a")
    assert reading.text == "\u00c1ngel Ma"
    assert reading.original_span(0, 5) == (0, 6)
    assert reading.original_span(6, 8) == (7, 9)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Patient A\u0301ngel Nu\u0301n\u0303ez seen.", "Patient <PERSON> seen."),
        ("Pt \U0001d40c\U0001d41a\U0001d42b\U0001d422\U0001d41a Okafor seen", "Pt <PERSON> seen"),
    ],
)
def test_decomposed_and_styled_names(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pt \u0141ukasz Wi\u015bniewski seen.", "\u0141ukasz Wi\u015bniewski"),
        ("Pt Николай Петров seen.", "Николай Петров"),
        ("Dr. Nguy\u1ec5n V\u0103n called", "Nguy\u1ec5n V\u0103n"),
        ("Seen with \u00c7elik \u015eahin", "\u00c7elik \u015eahin"),
    ],
)
def test_names_in_other_cased_scripts(masker: FreeTextMasker, text: str, name: str) -> None:
    assert (name, PhiKind.NAME) in found(masker, text)


def test_other_script_small_letters_stay(masker: FreeTextMasker) -> None:
    assert found(masker, "pt \u0142ukasz seen") == []


@pytest.mark.parametrize(
    "address",
    [
        "jos\u00e9@example.com",
        "jdoe at gmail dot com",
        "jdoe{at}gmail{dot}com",
        "jdoe at gmail.com",
        "jdoe @ gmail.com",
        "jdoe@\ngmail.com",
    ],
)
def test_email_forms(masker: FreeTextMasker, address: str) -> None:
    assert masker.mask(f"email {address} ok", PLACEHOLDERS) == "email <EMAIL> ok"


@pytest.mark.parametrize(
    "text",
    [
        "Seen at home, doing well.",
        "Met at clinic; dot on x-ray.",
        "Sat at the table at noon.",
    ],
)
def test_at_and_dot_as_words_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


def test_long_token_before_at_sign_masks_the_address(masker: FreeTextMasker) -> None:
    # The pattern bounds the local part at 64 characters, so the scan stays linear; the rest
    # of the token is masked with it.
    text = "see " + "x" * 5000 + "@example.com now"
    assert masker.mask(text, PLACEHOLDERS) == "see <EMAIL> now"


# --- date ranges ---


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Admitted 3/14-3/16 for CHF.", "Admitted <DATE> for CHF."),
        ("Seen 11/3/24-11/5/24", "Seen <DATE>"),
        ("Admitted 03/14-16/2024.", "Admitted <DATE>."),
        ("Admitted March 14-16, 2024.", "Admitted <DATE>."),
        ("Admitted 14-16 March 2024.", "Admitted <DATE>."),
        ("Seen on March 14th and 16th.", "Seen on <DATE>."),
    ],
)
def test_date_ranges(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text", ["BP 120/80-130/90 today", "pain 3/10-5/10", "Tab 1/2-1 daily", "ratio 1/2-3"]
)
def test_ranges_of_readings_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


# --- names after labels, credentials, relations and titles ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Name: Rose White", "Rose White"),
        ("Patient name: Rose White", "Rose White"),
        ("Surgeon: Grace Hill", "Grace Hill"),
        ("Signed: Dawn Price", "Dawn Price"),
        ("Seen by Hope Young", "Hope Young"),
        ("Grace Young, M.D.", "Grace Young"),
        ("Grace Young (RN) aware", "Grace Young"),
        ("Pt's dtr Grace Young", "Grace Young"),
        ("Pt's son-in-law, Frank Hill", "Frank Hill"),
        ("Grace Young, pt's daughter, at bedside.", "Grace Young"),
        ("Dr. smith called", "smith"),
        ("mrs. gonzalez called", "gonzalez"),
        ("DR SMITH saw pt", "SMITH"),
        ("DR.OKAFOR saw pt", "OKAFOR"),
        ("Seen by Rev. Okonkwo today.", "Okonkwo"),
        ("Chaplain Adeyemi visited.", "Adeyemi"),
        ('Visitor Robert "Rock" Hillary at bedside.', 'Robert "Rock" Hillary'),
        ("Seen by Priya Raman, PT today.", "Priya Raman"),
        ("Daughters Keisha and Tamika visited.", "Keisha"),
        ("COVID swab for Maria Lopez negative.", "Maria Lopez"),
        ("Kevin Murphy's wife called.", "Kevin Murphy"),
        ("Turner's daughter at bedside.", "Turner"),
        ("Fr. Murphy visited.", "Murphy"),
        ("Patient: JOHN SMITH, seen today.", "JOHN SMITH"),
        ("Met with pt and DAUGHTER LISA.", "LISA"),
        ("Seen with wife MARY.", "MARY"),
        ("Mother Kenya Williams called.", "Kenya Williams"),
        ("Daughter India at bedside.", "India"),
        ("spoke w/ dtr lisa", "lisa"),
        ("Note written by JM, RN.", "JM"),
        ("A. Brown, RN (Emergency)", "A. Brown"),
        ("Per RN Grace, pt refused meds.", "Grace"),
        ("Nurse Dawn notified of BP.", "Dawn"),
        ("Crystal Bell, RDH", "Crystal Bell"),
        ("Ray Banks, FNP-BC", "Ray Banks"),
        ("Dawn Hill, IBCLC", "Dawn Hill"),
        ("daughter rose lopez says mom fell", "rose lopez"),
        ("son frank called", "frank"),
        ("Wife June Carter called.", "June Carter"),
        ("Results phoned to Pat at noon.", "Pat"),
        ("SPOKE WITH PT KING AT HOME", "KING"),
        ("Pt Hope agrees with plan.", "Hope"),
        ("Dispo: home w/ son Christian Kelley.", "Christian Kelley"),
        ("Thanks.\n\nA.\nWeaver, DO (Family Medicine)", "A.\nWeaver"),
        ("NP Holly saw pt.", "Holly"),
        ("Pt's nurse, Joy, at bedside.", "Joy"),
        ("Pt Jiwoo Ha seen in clinic.", "Jiwoo Ha"),
    ],
)
def test_names_after_cues(masker: FreeTextMasker, text: str, name: str) -> None:
    assert (name, PhiKind.NAME) in found(masker, text)


@pytest.mark.parametrize(
    "text",
    [
        "MS CONTIN 30 mg",
        "dr visit today",
        "by Monday",
        "Signed by MD",
        "improved by Rest",
        "per Cardiology recs",
        "Reassess by Day 4.",
        "Pt Will follow up in clinic.",
        "Resident Gold team covering.",
        "Hasson technique used.",
        "Tinel positive at wrist.",
        "Therapy Tuesday, PT aware.",
        "Lt. Knee pain x 3 days.",
        "16 Fr. Foley catheter placed.",
        "Echo: LVEF 55%. Mild MR. Moderate TR.",
        "PR 160 ms. QRS 98 ms. QTc 440 ms.",
        "Chaplain Services notified.",
        "Recommend Outpatient PT.",
        "Seen by Wound Care RN.",
        "Notified On-call MD.",
        "Informed Rapid Response RN.",
        "Positive Murphy's sign.",
        "Mom at bedside. Guardian present. Caregiver at bedside.",
        "Spoke with pt RE: CHF and EKG.",
        "Mother Spanish-speaking.",
        "Seen by PT, RN today. ICU, RN aware. Signed RN, BSN.",
        "Oh, pt states she is better.",
        "Nurse Practitioner note.",
        "Pt Will follow up. Pt May need PT.",
        "PT WILL RETURN TOMORROW.",
        "son will call back. wife may visit.",
        "Wife is at bedside. Hope to discharge soon.",
    ],
)
def test_cue_words_without_names_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Seen by Dr. van Berg today.", "Seen by Dr. <PERSON> today."),
        ("Dr. van der Berg called.", "Dr. <PERSON> called."),
        ("Dr. de la Cruz saw pt.", "Dr. <PERSON> saw pt."),
        ("Prof. von Braun consulted.", "Prof. <PERSON> consulted."),
        ("Dr. O'Neil saw pt.", "Dr. <PERSON> saw pt."),
        ("Dr. St. John saw pt.", "Dr. <PERSON> saw pt."),
        ("Abdul-Rahman bin Said visited.", "<PERSON> visited."),
        ("Mrs. Garcia de Leon called.", "Mrs. <PERSON> called."),
        ("Dr. van Berg saw pt. Berg agrees.", "Dr. <PERSON> saw pt. <PERSON> agrees."),
    ],
)
def test_surname_particles(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Hx of von Willebrand disease.", []),
        ("AF arose de novo.", []),
        ("Mild MR. de novo AF noted.", []),
        ("Seen by Dr. Patel in Clinic today.", ["Patel"]),
        ("Seen by Dr. Smith, de novo lesion.", ["Smith"]),
        ("Dr. Smith et al. reported it.", ["Smith"]),
    ],
)
def test_particles_without_names_stay(masker: FreeTextMasker, text: str, names: list[str]) -> None:
    assert [found_text for found_text, _ in found(masker, text)] == names


# --- phone numbers and SSNs in more groupings ---


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Phone: 555-201-\n3344", "Phone: <PHONE>"),
        ("Phone: 555.201.\n3344", "Phone: <PHONE>"),
        ("phone: (555) 201 - 3344", "phone: <PHONE>"),
        ("Call 555/201-3344", "Call <PHONE>"),
        ("Call 555-201-3344/555-201-3355", "Call <PHONE>/<PHONE>"),
        ("Phone: 201 3344", "Phone: <PHONE>"),
        ("Phone: 011 44 20 7946 0958", "Phone: <PHONE>"),
        ("SSN 123 456 789", "SSN <SSN>"),
        ("SSN: 123-456-789", "SSN: <SSN>"),
        ("SSN-123-45-6789", "SSN-<SSN>"),
        ("SSN xxx-xx-6789", "SSN xxx-xx-<SSN>"),
        ("Call 555/201/3344 today.", "Call <PHONE> today."),
        ("Call 555_201_3344 today.", "Call <PHONE> today."),
        ("Call 555·201·3344 today.", "Call <PHONE> today."),
        ("SSN 123/45/6789.", "SSN <SSN>."),
        ("SSN 123 - 45 - 6789.", "SSN <SSN>."),
        ("SSN 123-45-\n6789 on file", "SSN <SSN> on file"),
        ("Phone 555\t201\t3344", "Phone <PHONE>"),
        ("Pt reachable on 555-0187 after 5pm.", "Pt reachable on <PHONE> after 5pm."),
        ("Call pt at home or 555-0187.", "Call pt at home or <PHONE>."),
        ("555-0143", "<PHONE>"),
        ("call 867-5309 after 5", "call <PHONE> after 5"),
        ("Son left 555-0143 for callbacks.", "Son left <PHONE> for callbacks."),
        ("Numbers 555-0143, 555-0199.", "Numbers <PHONE>, <PHONE>."),
        ("Fax results 555-0143.", "Fax results <FAX>."),
        ("Acct 555-0143", "Acct <ACCOUNT>"),
        ("(cell) 555-0143, (555) 201-3344", "(cell) <PHONE>, <PHONE>"),
    ],
)
def test_phone_and_ssn_groupings(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "BP 120/80 HR 72",
        "Wt 150 1234",
        "Lab 12 345 678 ok",
        "Plt count 120-1300 over the stay.",
        "Vanc 250-1000 mg daily. UOP 300-1500mL. Diet of 800-1500 kcal.",
        "CK 200-1000. Goal 250-1200. Dose 100-1200 mg.",
        "Clinic hours 930-1045 today.",
        "Range 555-2013 noted. Filed 2024-0315.",
    ],
)
def test_number_groups_without_labels_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


# --- dates in looser forms, ages in words, old birth years ---


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("DOB: 14MAR1962", "DOB: <DATE>"),
        ("DOB March14, 1962", "DOB <DATE>"),
        ("DOB 14/Mar/1962", "DOB <DATE>"),
        ("DOB 3 / 14 / 1962", "DOB <DATE>"),
        ("DOB 3.14.62", "DOB <DATE>"),
        ("DOB 031462", "DOB <DATE>"),
        ("Date: 2024.03.14", "Date: <DATE>"),
        ("Admitted on3/14/2024.", "Admitted on<DATE>."),
        ("DOB_03/14/1962", "DOB_<DATE>"),
        ("DOS: 3/4", "DOS: <DATE>"),
        ("LMP 2/3", "LMP <DATE>"),
        ("Seen last Tues. 3/4", "Seen last Tues. <DATE>"),
        ("Surgery 3-14.", "Surgery <DATE>."),
        ("Seen March fourteenth", "Seen <DATE>"),
        ("DOB: the fourteenth of March", "DOB: <DATE>"),
        ("Plan: f/u mid-March.", "Plan: f/u mid-<DATE>."),
        ("Due date in Dec.", "Due date in <DATE>."),
        ("The patient is ninety-two years old.", "The patient is <AGE> years old."),
        ("aged ninety-four", "aged <AGE>"),
        ("Elderly 92y female.", "Elderly <AGE>y female."),
        ("DOB: 1931", "DOB: <DATE>"),
        ("Born in 1930.", "Born in <DATE>."),
        ("CT 3/2 negative.", "CT <DATE> negative."),
        ("Intubated 3/2, extubated 3/4.", "Intubated <DATE>, extubated <DATE>."),
        ("Seen 3/1, 3/8, and 3/15.", "Seen <DATE>, <DATE>, and <DATE>."),
        ("Admitted between 3/1 and 3/5.", "Admitted between <DATE> and <DATE>."),
        ("Abx x7 days (3/1-3/7).", "Abx x7 days (<DATE>)."),
        ("Echo 12-5 showed EF 40%.", "Echo <DATE> showed EF 40%."),
        ("She is 93 and lives alone.", "She is <AGE> and lives alone."),
        ("Pt turned 90 last week.", "Pt turned <AGE> last week."),
        ("Pt, 94, lives alone.", "Pt, <AGE>, lives alone."),
        ("Father died at 97, mother alive at 93.", "Father died at <AGE>, mother alive at <AGE>."),
        ("Celebrated her 100th birthday.", "Celebrated her <AGE>th birthday."),
        ("97yowm with CHF", "<AGE>yowm with CHF"),
        ("Surgery on Wednesday, the 14th.", "Surgery on Wednesday, <DATE>."),
        ("Appt Thursday 14th at 10am.", "Appt Thursday <DATE> at 10am."),
        ("Mother b. 1925.", "Mother b. <DATE>."),
        ("She is in her late 90s.", "She is in her late <AGE>."),
        ("Pt in her nineties", "Pt in her <AGE>"),
        ("Her mother lived to 98.", "Her mother lived to <AGE>."),
        ("Sister (96) lives in FL.", "Sister (<AGE>) lives in FL."),
        ("Brother Walter, 94, has dementia.", "Brother <PERSON>, <AGE>, has dementia."),
        ("Father, now 90, lives alone.", "Father, now <AGE>, lives alone."),
        ("Lasix 40 mg 8/2 0800.", "Lasix 40 mg <DATE> 0800."),
        ("Last BM 6/1.", "Last BM <DATE>."),
        ("Seen in clinic 4/5.", "Seen in clinic <DATE>."),
        ("Seen 6/10 for f/u.", "Seen <DATE> for f/u."),
        ("Pt will be 91 next week.", "Pt will be <AGE> next week."),
        ("Seen on the 14th of March.", "Seen on <DATE>."),
        ("Seen 14 March. Seen 14th of MARCH.", "Seen <DATE>. Seen <DATE>."),
        ("Seen 14 Mar. 2024. Seen 3 Sept. 2024.", "Seen <DATE>. Seen <DATE>."),
    ],
)
def test_loose_dates_and_ages(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Born in 1990.",
        "Date: pending",
        "dose 3-4 tabs",
        "Glucose 92 F/u.",
        "ninety percent improved",
        "May consider a statin",
        "the first of all",
        "Anxiety 6/10, depression 5/10.",
        "Pain 8/10 -> 4/10",
        "Completed 10/12 sessions.",
        "Admitted 2-3 days ago for fall.",
        "On 2-3 L NC.",
        "Started 1/2 tab.",
        "HR is 97, sat is 94%.",
        "Weight is 95 kg.",
        "He was 90 minutes late.",
        "Temp, 99, stable",
        "Wed 2nd dose given, Sun 5th floor.",
        "Mother b. 1990.",
        "Walk to 95 ft. Titrate to 92% sat. HR (98) regular.",
        "relief to 3/10 at 2100. Pain: 5/10 at rest, 8/10 with WB. NRS 6/10. c/o HA 7/10.",
        "Pain decreased from 7/10 to 3/10.",
        "Took 1/2 tab at 0800. Water heater <120F.",
        "Will follow up in 1/2 hour. Follow up with 1/2 tab nightly.",
        "Follow up 2-3 days. follow up 1/2 tab. Follow up in 3/4 of cases.",
    ],
)
def test_loose_date_shapes_without_dates_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


# --- ids after labels, MAC addresses, handles, addresses and towns ---


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Patient ID: 445566", "Patient ID: <MRN>"),
        ("Chart # 445566", "Chart # <MRN>"),
        ("Record number 987654", "Record number <MRN>"),
        ("Ins ID 123456", "Ins ID <HEALTH_PLAN>"),
        ("Member ID: ABC 1234 5678", "Member ID: <HEALTH_PLAN>"),
        ("Tag 8XYZ12", "Tag <VEHICLE>"),
        ("Confirmation code X7Y8Z9", "Confirmation code <PHI>"),
        ("MAC 00:1A:2B:3C:4D:5E", "MAC <DEVICE>"),
        ("Twitter: @maria_lopez", "Twitter: <PHI>"),
        ("Skype: maria.lopez.92", "Skype: <PHI>"),
        ("Pager 4471", "Pager <PHONE>"),
        ("Insurance ID: 88213", "Insurance ID: <HEALTH_PLAN>"),
        ("Hearing aid serial 4521", "Hearing aid serial <DEVICE>"),
        ("Medicaid member 4567", "Medicaid member <HEALTH_PLAN>"),
        ("Handle: rockstar_92", "Handle: <PHI>"),
        ("Policy number 4567", "Policy number <HEALTH_PLAN>"),
        ("Auth #: 19AB2233", "Auth #: <PHI>"),
        ("Amy Chu, LCSW #12345", "<PERSON>, LCSW #<LICENSE>"),
        ("Cert # 1234", "Cert # <LICENSE>"),
        ("Phone: (555) 201-3344 or 201-3355", "Phone: <PHONE> or <PHONE>"),
        ("Daughter's number is 201-3344.", "Daughter's number is <PHONE>."),
        ("Zip code 02139", "Zip code <ZIP>"),
        ("Drives blue Honda, plate ABC 1234", "Drives blue Honda, plate <VEHICLE>"),
        ("Lives at 1420 N. Halsted, 2nd floor.", "Lives at <ADDRESS>, 2nd floor."),
        ("lives at 45 maple st", "lives at <ADDRESS>"),
        ("Lives at 12A Elm Street, Apt 2", "Lives at <ADDRESS>"),
        ("email jdoe @gmail.com today", "email <EMAIL> today"),
        ("Student ID 3321 noted.", "Student ID <PHI> noted."),
        ("SSN ends with 6789.", "SSN ends with <SSN>."),
        ("92yoF with CHF.", "<AGE>yoF with CHF."),
        ("lives at 123 main street", "lives at <ADDRESS>"),
        ("Lives at 12 Route 9.", "Lives at <ADDRESS>."),
        ("Resides at 4500 Wilshire, Apt 12", "Resides at <ADDRESS>"),
        ("Lives in 90210.", "Lives in <ZIP>."),
        ("Lives in Palm Springs, CA 92262.", "Lives in <CITY>, CA <ZIP>."),
        ("From Grand Rapids, MI.", "From <CITY>, MI."),
        ("Moved to Hope, ME last year.", "Moved to <CITY>, ME last year."),
        ("See bit.ly/3xYz for the form.", "See <URL> for the form."),
        ("Portal: mychart.clinic.dev", "Portal: <URL>"),
        ("Lives in Normal, IL 61761.", "Lives in <CITY>, IL <ZIP>."),
        ("Rx # 661234 filled", "Rx # <PHI> filled"),
        ("CHP report #25-0628-1147", "CHP report #<PHI>"),
        ("Incident report 448812", "Incident report <PHI>"),
        ("Pt #88123 seen", "Pt #<MRN> seen"),
        ("Mother Rose is 94.", "Mother <PERSON> is <AGE>."),
        ("Aunt June is 96 and lives alone.", "Aunt <DATE> is <AGE> and lives alone."),
        ("Mr. Okafor was 91 at diagnosis", "Mr. <PERSON> was <AGE> at diagnosis"),
        ("email jdoe@gmail com today", "email <EMAIL> today"),
        ("Reach at jdoe@ gmail, com", "Reach at <EMAIL>"),
        ("write to jdoe@gmail", "write to <EMAIL>"),
        ("Surgery 14MAR24 uneventful", "Surgery <DATE> uneventful"),
        ("Found at 42.3601, -71.0589 by EMS", "Found at <ADDRESS> by EMS"),
        ("GPS 42.3601 -71.0589", "GPS <ADDRESS>"),
        ("Lat: 42.36, Lon: -71.05", "<ADDRESS>"),
        ("NY DL 123 456 789", "NY DL <LICENSE>"),
        ("Follow-up 4/1 in clinic", "Follow-up <DATE> in clinic"),
        ("f/u 4/1", "f/u <DATE>"),
        ("follow up 4/1", "follow up <DATE>"),
        ("Will follow up 4/1 in clinic.", "Will follow up <DATE> in clinic."),
        ("Follow up: 4/1", "Follow up: <DATE>"),
        ("Follow up\t4-1 for labs", "Follow up\t<DATE> for labs"),
        ("Return 4/1 for labs", "Return <DATE> for labs"),
        ("Discharged home 4/1.", "Discharged home <DATE>."),
        ("Driver's license # D123-456-789", "Driver's license # <LICENSE>"),
        ("lives on cherry st", "lives on <ADDRESS>"),
        ("Found at the corner of Main and 5th", "Found at the corner of <ADDRESS>"),
        ("Venmo: jdoe-22", "Venmo: <PHI>"),
        ("CashApp $jdoe22", "CashApp <PHI>"),
        ("(IG: @maria.l)", "(IG: <PHI>)"),
        ("Officer Pete Dombrowski (badge\n4471) here", "Officer <PERSON> (badge\n<LICENSE>) here"),
        ("Badge:\n4471", "Badge:\n<LICENSE>"),
        ("Member ID\n  ABC 1234 5678", "Member ID\n  <HEALTH_PLAN>"),
        ("Lives in Sun Prairie, WI.", "Lives in <CITY>, WI."),
        ("Pt from Mar Vista, CA", "Pt from <CITY>, CA"),
        ("Seen at Mass General Hospital today.", "Seen at <ADDRESS> today."),
        ("Transferred to Mass General.", "Transferred to <ADDRESS>."),
        ("SEEN AT MASS GENERAL", "SEEN AT <ADDRESS>"),
        ("Admitted to Lee Memorial in May.", "Admitted to <ADDRESS> in <DATE>."),
        ("Seen at Beth Israel Deaconess.", "Seen at <ADDRESS>."),
        ("Seen at Tampa General.", "Seen at <ADDRESS>."),
    ],
)
def test_ids_addresses_and_towns(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Patient is stable",
        "Group therapy today",
        "Policy discussed",
        "Plan 2025",
        "Patient 2 of 3",
        "chart reviewed",
        "insurance pending",
        "Account: pending",
        "took 2 tabs daily with water",
        "Room 4 Bed 2, Suite 3",
        "Hx Hypertension, MI in 2019",
        "Plan, OR booked",
        "Follow up Monday, MA",
        "insulin pump 10000 units",
        "chart 2023 reviewed",
        "Tag 300 mg given.",
        "Record 1200 mL intake",
        "the 1st and 2nd doses given",
        "Reviewed in MAR and OCT notes.",
        "Recovery, OR 3 hours.",
        "Prior Fall, MI 2019.",
        "Follow up in Recovery, OR.",
        "Pt unable to handle stress at work.",
        "Uses Facebook to connect with family.",
        "Pt uses Facebook, Instagram, Snapchat.",
        "Procedure code 99213. CPT code 36556.",
        "HIV RNA 1200000 copies/mL. Bicillin 2400000 units IM.",
        "Group number 20 attended.",
        "Tag 3 4 5 placed.",
        "Lives at home with wife. Took 2 tabs at 3 pm.",
        "Wound Care Clinic. Heart Failure Clinic. Skilled Nursing Facility.",
        "Specialty Pharmacy called. Home Health to start. Employee Health.",
        "Rx #2 filled. Pt reports 12 episodes. Report 2 falls.",
        "Rx 10000 units. Pt 2 of 3.",
        "Meds @ 8pm. BP 120/80 @ rest. Ratio 3@5.",
        "INR 2.3456, 1.2345. SG 1.0150, pH 6.5. Na 138.2, K 4.15.",
        "Give 5mar doses; 32MAR24 is no date.",
        "Glucose 110 mg/DL 123 456. Lives on the street. Pays by Venmo monthly.",
        "Redness in the corner of the eye and nose.",
        "Pain 4/10 at home. Took 1/2 at home. Home 2 of 3 days.",
        "Referred to Breast Mass Clinic. Seen at Community General Hospital.",
        "Chart\n2023 reviewed. Record\n1200 mL intake. Tag\n300 mg given.",
        "Group member\n2 of 3 attended. Badge\n\n4 visitors.",
        "PHYSICAL EXAM\nGeneral: NAD. Exam General appearance well. ROS General negative.",
        "GENERAL: WELL APPEARING. Consult General Surgery. Under General anesthesia.",
        "Visited the Memorial. General Hospital policy.",
    ],
)
def test_label_and_place_shapes_without_ids_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Seen in June is 96 days.",
        "Dr. Smith is 95% sure.",
        "Maria Lopez is 92 kg.",
        "Crohn score is 95.",
    ],
)
def test_numbers_after_names_that_are_not_ages_stay(masker: FreeTextMasker, text: str) -> None:
    assert [kind for _, kind in found(masker, text) if kind == PhiKind.AGE] == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("PMH: Hypertension, MI. Chest Pain, MI.", []),
        ("Seen Monday Okafor, MI.", ["Okafor"]),
        ("Seen by Dr Okafor, IN.", ["Okafor"]),
    ],
)
def test_clinical_words_before_state_stay(
    masker: FreeTextMasker, text: str, masked: list[str]
) -> None:
    assert [found_text for found_text, _ in found(masker, text)] == masked


def test_name_before_md_not_town(masker: FreeTextMasker) -> None:
    assert found(masker, "Seen by Grace Hill, MD today") == [("Grace Hill", PhiKind.NAME)]


# --- names mentioned again, split over a line, and relatives in lower case ---


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Seen by Dr. Lee. Lee recommends MRI.", "Seen by Dr. <PERSON>. <PERSON> recommends MRI."),
        ("Dr. Patel saw pt. PATEL agrees.", "Dr. <PERSON> saw pt. <PERSON> agrees."),
        ("Dr. Okafor saw pt. okafor agrees.", "Dr. <PERSON> saw pt. <PERSON> agrees."),
        ("Pt seen with daughter maria lopez today.", "Pt seen with daughter <PERSON> today."),
        ("Seen by Dr. Kowal-\nski today.", "Seen by Dr. <PERSON> today."),
    ],
)
def test_names_mentioned_again_or_split(masker: FreeTextMasker, text: str, masked: str) -> None:
    assert masker.mask(text, PLACEHOLDERS) == masked


def test_short_name_in_capitals_is_not_searched_again(masker: FreeTextMasker) -> None:
    assert masker.mask("Dr. Le saw pt. LE edema.", PLACEHOLDERS) == "Dr. <PERSON> saw pt. LE edema."


def test_lower_case_short_name_not_searched(masker: FreeTextMasker) -> None:
    assert (
        masker.mask("Dr. Ng saw pt. ng tube flushed. Ng agrees.", PLACEHOLDERS)
        == "Dr. <PERSON> saw pt. ng tube flushed. <PERSON> agrees."
    )


# --- clinical words that must stay ---


@pytest.mark.parametrize(
    "text",
    [
        "Started Dupixent, Mounjaro, Wegovy, Keytruda, Brilinta.",
        "Babinski negative. Romberg negative. Tinel positive. Mallampati II.",
        "Dexcom G7, Omnipod 5, Libre 3 sensor. Mepilex and Tegaderm. Zio patch.",
        "Glu 105, Ferritin 12. Hep B vaccine series 2/3 given.",
        "Spoke with Poison Control.",
        "Interpreter used (Arabic).",
        "Moved from Illinois last year.",
        "Creatinine 1.4, Hemoglobin 9.1. Klebsiella in urine. Switched to Unasyn.",
        "Mood: Euthymic. Affect: Labile. Underwent TURP. Able to ambulate.",
        "Glasgow Coma Scale 15. Killip class II. Mobitz II block.",
        "Blood cultures grew Staphylococcus aureus (MSSA). Gram stain: many PMNs.",
        "Vanc 1250 mg IV q12h. Dobutamine started. Transfused 1 unit PRBC.",
        "IMPRESSION: NO ACUTE CARDIOPULMONARY PROCESS. MILD BIBASILAR ATELECTASIS.",
        "BI-RADS 4. Child-Pugh B. Swan-Ganz removed. Epstein-Barr virus. Tetralogy of Fallot.",
        "Cosign: pending. Collateral: from wife. OTR/L. CPT 99223.",
        "Mediterranean diet. Army veteran. Jehovah's Witness. Alcoholics Anonymous.",
        "Cholelithiasis noted. Epistaxis noted. Ptosis noted. Spirometry done. Tinnitus.",
        "Via Epic In Basket. Charted in Cerner. Gardasil and Boostrix given. Pitocin started.",
        "Braden 17. Tinetti 20. NYHA II-III. KCCQ 52. STS PROM 6.1%.",
    ],
)
def test_clinical_and_place_words_stay(masker: FreeTextMasker, text: str) -> None:
    assert found(masker, text) == []


def test_mrn_group_without_digit_masks_match() -> None:
    masker = FreeTextMasker(Masker(KEY), mrn_patterns=[r"(PT|PAT)-\d{4}"])
    assert masker.mask("Reviewed PT-1234 today", PLACEHOLDERS) == "Reviewed <MRN> today"


def test_mrn_digit_group_masks_group() -> None:
    masker = FreeTextMasker(Masker(KEY), mrn_patterns=[r"PT-(\d{4})"])
    assert masker.mask("Reviewed PT-1234 today", PLACEHOLDERS) == "Reviewed PT-<MRN> today"


def test_relative_named_again_is_masked(masker: FreeTextMasker) -> None:
    text = "Husband Bob visited. Bob will bring clothes."
    assert (
        masker.mask(text, PLACEHOLDERS) == "Husband <PERSON> visited. <PERSON> will bring clothes."
    )
