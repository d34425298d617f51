"""Small invented readouts and what a careful analyst would extract from them.

These texts are written for the tests (names, places and wording are not from
the dev corpus), so they check that the extractor generalises. Each asserts
only what the text states.
"""

import pytest

import readouts

# Bound at import: `readouts.extract` the attribute is clobbered by the
# `readouts.extract` subpackage once it is imported (see the last test).
from readouts import extract

# --- Texts -------------------------------------------------------------------

CALL = (
    "Brazilian Foreign Minister Helena Vasconcelos held a telephone conversation on Tuesday "
    "with Nigerian Foreign Minister Ibrahim Danjuma. The two ministers discussed bilateral "
    "trade and cooperation in agriculture and energy."
)  # published Thursday 2025-03-13

CALL_YESTERDAY = (
    "Mexican Foreign Secretary Rodrigo Salinas Ortega spoke by phone yesterday with German "
    "Foreign Minister Annette Kullmann. They reviewed preparations for the next round of "
    "EU-Mexico trade negotiations."
)  # published 2025-01-16

MEETING = (
    "Canadian Foreign Minister Margaret Thibodeau met with Polish Foreign Minister Tomasz "
    "Wierzbicki in Warsaw on October 8, 2024. The ministers discussed support for Ukraine, "
    "energy security and defence industrial cooperation."
)

MEETING_YEARLESS = (
    "Egyptian Foreign Minister Youssef Mansour met Norwegian Foreign Minister Ingrid "
    "Solberg-Haug in Oslo on December 18. The two ministers discussed humanitarian access "
    "in Sudan."
)  # published 2025-01-10

MEETING_WEEKDAY_DATE = (
    "Canadian Foreign Minister Margaret Thibodeau received Brazilian Foreign Minister Helena "
    "Vasconcelos in Ottawa on Monday, June 30, 2025. The ministers discussed critical minerals "
    "and Arctic research."
)

ANNOUNCED = (
    "Indonesian Foreign Minister Ratna Wijayakusuma will visit Tokyo on March 31 for talks "
    "with Japanese Foreign Minister Kenji Morishita. The two ministers are expected to review "
    "maritime cooperation."
)

VISIT_RANGE = (
    "Saudi Foreign Minister Abdulrahman Al-Qahtani paid an official visit to Japan from May 27 "
    "to 29. During the visit, he met Japanese Foreign Minister Kenji Morishita in Tokyo."
)  # published 2025-05-30

EAM = (
    "EAM Rohan Mehta met South African FM Lindiwe Mokoena in New Delhi on 12 February 2025. "
    "They reviewed cooperation in the health and digital sectors."
)

NSA = (
    "NSA Arvind Kulkarni held talks with Saudi National Security Adviser Faisal Al-Harbi in "
    "Riyadh on 3 April 2025. Kulkarni and Al-Harbi discussed maritime security in the Red Sea."
)

APPOSITION = (
    "The Minister of Foreign Affairs of the Republic of Indonesia, Ratna Wijayakusuma, received "
    "the Minister of Foreign Affairs of Vietnam, Tran Van Hieu, in Jakarta on 21 August 2025. "
    "Both ministers welcomed the growth of bilateral trade."
)

COUNTERPART = (
    "Japan's Foreign Minister Kenji Morishita held talks with his Saudi counterpart Abdulrahman "
    "Al-Qahtani in Riyadh on 9 January 2025. Morishita and Al-Qahtani exchanged views on the "
    "energy transition and the situation in the Middle East."
)

SURNAME = (
    "Nigerian Foreign Minister Adaeze Okonkwo met German Federal Minister for Foreign Affairs "
    "Jonas Brenner in Abuja on 2 June 2025. Okonkwo welcomed German investment in renewable "
    "energy, while Brenner praised Nigeria's role in regional mediation."
)

CO_CHAIRED = (
    "Vietnamese Foreign Minister Tran Van Hieu and Canadian Foreign Minister Margaret Thibodeau "
    "co-chaired the second meeting of the Mekong Clean Energy Partnership (MCEP) in Hanoi on "
    "15 September 2025. The ministers noted that the MCEP had mobilised private investment in "
    "grid modernisation."
)

COMMITMENT = (
    "Vietnamese Foreign Minister Tran Van Hieu met with South African Minister of International "
    "Relations and Cooperation Naledi Sithole in Pretoria on 4 November 2024. The two ministers "
    "agreed to hold the next round of political consultations in Hanoi in 2025."
)

SIGNING = (
    "Polish Deputy Prime Minister Anna Zielinska and Saudi Minister of Investment Khalid "
    "Al-Mutairi signed a Memorandum of Understanding on investment cooperation in Riyadh on "
    "18 February 2025."
)

JOINT_STATEMENT = (
    "Brazilian President Lucas Andrade and Nigerian President Farida Yusuf issued a joint "
    "statement in Brasília on 5 March 2025 on food security and climate finance."
)

TALKS = (
    "Polish Deputy Foreign Minister Marek Sadowski held talks in Warsaw on Monday with "
    "Vietnamese Deputy Foreign Minister Le Thi Hoa. The talks focused on trade and education."
)  # published Wednesday 2025-05-14

G20 = (
    "South African Minister of International Relations and Cooperation Naledi Sithole met "
    "Brazilian Foreign Minister Helena Vasconcelos on the sidelines of the G20 Foreign Ministers' "
    "Meeting in Johannesburg on 20 February 2025."
)

QUAD = (
    "Japanese Foreign Minister Kenji Morishita hosted his Quad counterparts in Tokyo on "
    "1 July 2025 and reaffirmed support for a free and open Indo-Pacific."
)

ASEAN = (
    "Indonesian Foreign Minister Ratna Wijayakusuma met Vietnamese Foreign Minister Tran Van "
    "Hieu on the margins of the ASEAN Foreign Ministers' Meeting in Kuala Lumpur on "
    "9 July 2025."
)

# Texts with the publication date each needs; the provenance checks run over all.
POSITIVE = {
    "call": (CALL, "2025-03-13"),
    "call_yesterday": (CALL_YESTERDAY, "2025-01-16"),
    "meeting": (MEETING, "2024-10-09"),
    "meeting_yearless": (MEETING_YEARLESS, "2025-01-10"),
    "meeting_weekday_date": (MEETING_WEEKDAY_DATE, None),
    "announced": (ANNOUNCED, "2026-03-18"),
    "visit_range": (VISIT_RANGE, "2025-05-30"),
    "eam": (EAM, "2025-02-12"),
    "nsa": (NSA, "2025-04-03"),
    "apposition": (APPOSITION, "2025-08-21"),
    "counterpart": (COUNTERPART, "2025-01-09"),
    "surname": (SURNAME, "2025-06-02"),
    "co_chaired": (CO_CHAIRED, "2025-09-15"),
    "commitment": (COMMITMENT, "2024-11-04"),
    "signing": (SIGNING, "2025-02-18"),
    "joint_statement": (JOINT_STATEMENT, "2025-03-05"),
    "talks": (TALKS, "2025-05-14"),
    "g20": (G20, "2025-02-20"),
    "quad": (QUAD, "2025-07-01"),
    "asean": (ASEAN, "2025-07-09"),
}


# --- Helpers -----------------------------------------------------------------

def run(name):
    text, published = POSITIVE[name]
    return extract(text, published=published)


def actor(result, surname):
    """The one actor whose name contains `surname`."""
    found = [a for a in result.actors if surname in a.name]
    assert len(found) == 1, [a.name for a in result.actors]
    return found[0]


def events(result, event_type):
    return [e for e in result.events if e.type == event_type]


def summary(result):
    """What the extractor found, for readable failure messages."""
    return [(e.type, e.status, [result.actor(p).name for p in e.participants], e.countries,
             e.start, e.end) for e in result.events]


# --- Calls -------------------------------------------------------------------

def test_phone_call_between_two_foreign_ministers():
    result = run("call")
    assert len(result.events) == 1, summary(result)
    call = result.events[0]
    assert call.type == "call"
    vasconcelos, danjuma = actor(result, "Vasconcelos"), actor(result, "Danjuma")
    assert set(call.participants) == {vasconcelos.id, danjuma.id}
    assert (vasconcelos.country, danjuma.country) == ("BRA", "NGA")
    assert set(call.countries) == {"BRA", "NGA"}
    assert (call.start, call.end) == ("2025-03-11", "2025-03-11")
    assert call.status == "held"
    assert call.cameo == "041"
    assert (call.plover.type, call.plover.mode) == ("CONSULT", "phone")


def test_call_yesterday_is_the_day_before_publication():
    result = run("call_yesterday")
    calls = events(result, "call")
    assert len(calls) == 1, summary(result)
    assert calls[0].start == "2025-01-15"
    salinas, kullmann = actor(result, "Salinas"), actor(result, "Kullmann")
    assert set(calls[0].participants) == {salinas.id, kullmann.id}
    assert set(calls[0].countries) == {"MEX", "DEU"}


# --- Meetings and visits -----------------------------------------------------

def test_meeting_in_a_capital_with_a_visit_by_the_guest():
    result = run("meeting")
    thibodeau, wierzbicki = actor(result, "Thibodeau"), actor(result, "Wierzbicki")
    meetings = events(result, "meeting")
    assert len(meetings) == 1, summary(result)
    meeting = meetings[0]
    assert set(meeting.participants) == {thibodeau.id, wierzbicki.id}
    assert set(meeting.countries) == {"CAN", "POL"}
    assert meeting.location is not None and meeting.location.country == "POL"
    assert meeting.start == "2024-10-08"
    visits = events(result, "visit")
    assert len(visits) == 1, summary(result)
    assert visits[0].visitors == [thibodeau.id]
    assert visits[0].host_country == "POL"


def test_year_less_past_date_falls_in_the_previous_year():
    result = run("meeting_yearless")
    meetings = events(result, "meeting")
    assert len(meetings) == 1, summary(result)
    assert meetings[0].start == "2024-12-18"
    assert meetings[0].location is not None and meetings[0].location.country == "NOR"


def test_weekday_with_full_date_dates_the_meeting():
    result = run("meeting_weekday_date")
    meetings = events(result, "meeting")
    assert len(meetings) == 1, summary(result)
    assert (meetings[0].start, meetings[0].end) == ("2025-06-30", "2025-06-30")
    assert meetings[0].location is not None and meetings[0].location.country == "CAN"
    vasconcelos = actor(result, "Vasconcelos")
    visits = events(result, "visit")
    assert [v.visitors for v in visits] == [[vasconcelos.id]], summary(result)
    assert visits[0].host_country == "CAN"


@pytest.mark.parametrize("published", ["2026-03-18", "2025-11-20"])
def test_announced_visit(published):
    result = extract(ANNOUNCED, published=published)
    wijayakusuma = actor(result, "Wijayakusuma")
    visits = events(result, "visit")
    assert len(visits) == 1, summary(result)
    visit = visits[0]
    assert visit.status == "announced"
    assert visit.visitors == [wijayakusuma.id]
    assert visit.host_country == "JPN"
    assert visit.start == "2026-03-31"
    # Nothing in the text has happened yet.
    assert all(e.status == "announced" for e in result.events), summary(result)


def test_visit_over_a_date_range_holds_the_meeting_during_it():
    result = run("visit_range")
    al_qahtani, morishita = actor(result, "Al-Qahtani"), actor(result, "Morishita")
    visits = events(result, "visit")
    assert len(visits) == 1, summary(result)
    visit = visits[0]
    assert visit.visitors == [al_qahtani.id]
    assert visit.host_country == "JPN"
    assert (visit.start, visit.end) == ("2025-05-27", "2025-05-29")
    assert visit.status == "held"
    meetings = events(result, "meeting")
    assert len(meetings) == 1, summary(result)
    assert set(meetings[0].participants) == {al_qahtani.id, morishita.id}
    assert meetings[0].part_of == visit.id


# --- Other engagement types --------------------------------------------------

def test_talks_on_a_weekday():
    result = run("talks")
    talks = events(result, "talks")
    assert len(talks) == 1, summary(result)
    sadowski, le = actor(result, "Sadowski"), actor(result, "Le Thi Hoa")
    assert set(talks[0].participants) == {sadowski.id, le.id}
    assert set(talks[0].countries) == {"POL", "VNM"}
    assert talks[0].start == "2025-05-12"
    assert talks[0].cameo == "046"
    assert talks[0].location is not None and talks[0].location.country == "POL"


def test_co_chaired_meeting_is_a_dialogue():
    result = run("co_chaired")
    dialogues = events(result, "dialogue")
    assert len(dialogues) == 1, summary(result)
    hieu, thibodeau = actor(result, "Tran Van Hieu"), actor(result, "Thibodeau")
    assert set(dialogues[0].participants) == {hieu.id, thibodeau.id}
    assert set(dialogues[0].countries) == {"VNM", "CAN"}
    assert dialogues[0].start == "2025-09-15"
    assert dialogues[0].location is not None and dialogues[0].location.country == "VNM"


def test_signing_of_a_memorandum():
    result = run("signing")
    signings = events(result, "signing")
    assert len(signings) == 1, summary(result)
    signing = signings[0]
    zielinska, al_mutairi = actor(result, "Zielinska"), actor(result, "Al-Mutairi")
    assert set(signing.participants) == {zielinska.id, al_mutairi.id}
    assert set(signing.countries) == {"POL", "SAU"}
    assert signing.start == "2025-02-18"
    assert signing.cameo == "057"
    assert signing.plover.type == "SUPPORT"  # the PLOVER project's conversion of 057 (cameo_plover.tsv)


def test_joint_statement():
    result = run("joint_statement")
    statements = events(result, "statement")
    assert len(statements) == 1, summary(result)
    andrade, yusuf = actor(result, "Andrade"), actor(result, "Yusuf")
    assert set(statements[0].participants) == {andrade.id, yusuf.id}
    assert set(statements[0].countries) == {"BRA", "NGA"}
    assert statements[0].cameo == "010"
    assert statements[0].plover is None  # PLOVER drops statements (CAMEO 01), by cameo_plover.tsv
    assert (andrade.title, andrade.country) == ("President", "BRA")
    assert (yusuf.title, yusuf.country) == ("President", "NGA")


# --- Titles and actors -------------------------------------------------------

def test_abbreviated_titles_are_expanded():
    result = run("eam")
    mehta, mokoena = actor(result, "Mehta"), actor(result, "Mokoena")
    assert (mehta.title, mehta.country) == ("External Affairs Minister", "IND")
    assert (mokoena.title, mokoena.country) == ("Foreign Minister", "ZAF")
    assert "EAM" not in mehta.name and "FM" not in mokoena.name


def test_nsa_is_national_security_adviser():
    result = run("nsa")
    kulkarni, al_harbi = actor(result, "Kulkarni"), actor(result, "Al-Harbi")
    assert kulkarni.title.lower().replace("adviser", "advisor") == "national security advisor"
    assert kulkarni.name == "Arvind Kulkarni"
    # The text never gives Kulkarni's country; "Saudi" qualifies Al-Harbi only.
    assert kulkarni.country in (None, "IND")
    assert al_harbi.country == "SAU"
    assert len(kulkarni.mentions) == 2 and len(al_harbi.mentions) == 2


def test_apposition_gives_title_and_country():
    result = run("apposition")
    wijayakusuma, hieu = actor(result, "Wijayakusuma"), actor(result, "Tran Van Hieu")
    assert (wijayakusuma.title, wijayakusuma.country) == ("Minister of Foreign Affairs", "IDN")
    assert (hieu.title, hieu.country) == ("Minister of Foreign Affairs", "VNM")
    assert wijayakusuma.name == "Ratna Wijayakusuma"


def test_demonym_before_title_gives_country():
    result = run("meeting")
    thibodeau, wierzbicki = actor(result, "Thibodeau"), actor(result, "Wierzbicki")
    assert (thibodeau.title, thibodeau.country) == ("Foreign Minister", "CAN")
    assert (wierzbicki.title, wierzbicki.country) == ("Foreign Minister", "POL")
    assert wierzbicki.name == "Tomasz Wierzbicki"


def test_counterpart_takes_country_from_demonym():
    result = run("counterpart")
    morishita, al_qahtani = actor(result, "Morishita"), actor(result, "Al-Qahtani")
    assert (morishita.title, morishita.country) == ("Foreign Minister", "JPN")
    assert al_qahtani.country == "SAU"
    assert al_qahtani.name == "Abdulrahman Al-Qahtani"
    assert morishita.participant and al_qahtani.participant
    talks = events(result, "talks")
    assert len(talks) == 1, summary(result)
    assert set(talks[0].participants) == {morishita.id, al_qahtani.id}
    assert talks[0].location is not None and talks[0].location.country == "SAU"


def test_surname_alone_is_the_same_actor():
    result = run("surname")
    text = SURNAME
    okonkwo, brenner = actor(result, "Okonkwo"), actor(result, "Brenner")
    assert okonkwo.name == "Adaeze Okonkwo"
    assert brenner.name == "Jonas Brenner"
    assert len(okonkwo.mentions) == 2 and len(brenner.mentions) == 2
    assert [text[s:e] for s, e in okonkwo.mentions][1] == "Okonkwo"
    assert (okonkwo.country, brenner.country) == ("NGA", "DEU")
    assert len(result.actors) == 2, [a.name for a in result.actors]


# --- Initiatives and commitments ---------------------------------------------

def test_initiative_with_acronym_is_one_initiative():
    result = run("co_chaired")
    found = [i for i in result.initiatives if i.acronym == "MCEP"]
    assert len(found) == 1, [(i.name, i.acronym) for i in result.initiatives]
    initiative = found[0]
    assert initiative.name == "Mekong Clean Energy Partnership"
    assert initiative.kind == "partnership"
    assert len(initiative.mentions) >= 2
    assert not any(i.name == "MCEP" and i.id != initiative.id for i in result.initiatives)


@pytest.mark.parametrize("name, grouping", [("g20", "G20"), ("quad", "Quad"), ("asean", "ASEAN")])
def test_known_grouping_is_found(name, grouping):
    """The grouping is recorded, alone or as the named meeting that contains it
    ("G20 Foreign Ministers' Meeting"), as the gold corpus records it."""
    result = run(name)
    names = [i.name for i in result.initiatives]
    assert any(grouping in n.split() or n == grouping for n in names), names


def test_agreement_of_the_two_ministers_is_their_commitment():
    result = run("commitment")
    hieu, sithole = actor(result, "Tran Van Hieu"), actor(result, "Sithole")
    meetings = events(result, "meeting")
    assert len(meetings) == 1, summary(result)
    assert set(meetings[0].participants) == {hieu.id, sithole.id}
    assert len(result.commitments) == 1, result.commitments
    commitment = result.commitments[0]
    assert set(commitment.actors) == set(meetings[0].participants)
    assert "next round of political consultations" in commitment.text
    assert commitment.verb and commitment.verb.lower().startswith("agree")
    assert sithole.country == "ZAF"


# --- Provenance, over every positive example ---------------------------------

@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_provenance_holds(name):
    text, _ = POSITIVE[name]
    result = run(name)
    assert result.events, f"no events in {name!r}"
    actor_ids = {a.id for a in result.actors}
    for event in result.events:
        assert event.evidence, event
        for evidence in event.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
        assert set(event.participants) <= actor_ids
        assert set(event.visitors) <= actor_ids
        for actor_id in event.participants:
            assert result.actor(actor_id).participant
    for commitment in result.commitments:
        for evidence in commitment.evidence:
            assert text[evidence.start:evidence.end] == evidence.text
    for found in result.actors:
        surname = found.name.split()[-1]
        assert found.mentions, found
        for start, end in found.mentions:
            assert surname in text[start:end], (found.name, text[start:end])
        for office in found.offices:
            assert 0 <= office.start < office.end <= len(text)
    for initiative in result.initiatives:
        for start, end in initiative.mentions:
            assert text[start:end], initiative


# --- Texts that hold no diplomatic engagement --------------------------------

NEGATIVE = {
    "domestic_meeting": (
        "Nigerian President Emeka Adeleke met with state governors at the Presidential Villa in "
        "Abuja on Thursday to review security in the North-East. The President urged the "
        "governors of Nigeria's 36 states to strengthen community policing.",
        "2025-06-13"),
    "sports_report": (
        "Polish tennis player Kasia Nowicka won the tour-level title in Washington on Sunday, "
        "defeating Japan's Yui Hamasaki 6-4, 3-6, 7-5. Nowicka will travel to Toronto next week "
        "for the Canadian Open.",
        "2025-08-04"),
    "op_ed": (
        "Opinion: Germany's Africa policy needs more than summits\n\n"
        "For two decades, Berlin has promised partnership with the continent, yet its foreign "
        "policy remains reactive. Ministers talk about shared values, but investment lags behind "
        "Chinese and Gulf capital. A new strategy should start with trade, not speeches.",
        "2025-04-22"),
    "cancelled_trip": (
        "The official visit of Canadian Prime Minister Daniel Fortier to Indonesia, scheduled "
        "for 4-6 December, has been cancelled. The Prime Minister's Office said the trip would "
        "be rescheduled at a later date.",
        "2024-11-28"),
    "earnings_report": (
        "Harbourline Logistics reported third-quarter revenue of 2.1 billion dollars on Tuesday, "
        "up 8 percent from a year earlier. Chief Executive Officer Martin Osei said the company "
        "signed new contracts with shipping customers in Japan and Germany. Shares rose 4 "
        "percent in Johannesburg trading.",
        "2025-10-29"),
    "condolence": (
        "Foreign Minister Tomasz Wierzbicki expressed deep condolences to the Government and "
        "people of Indonesia following the earthquake in Sulawesi. Poland stands in solidarity "
        "with the families of the victims and wishes a swift recovery to the injured.",
        "2025-01-20"),
}


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_no_engagement(name):
    text, published = NEGATIVE[name]
    result = extract(text, published=published)
    assert result.events == [], summary(result)
    assert not any(a.participant for a in result.actors)


# --- The public entry point ----------------------------------------------------

def test_readouts_extract_stays_callable_after_first_use():
    """`readouts.extract(text)` is the documented API; it must work on every call."""
    first = readouts.extract(CALL, published="2025-03-13")
    second = readouts.extract(CALL, published="2025-03-13")
    assert first == second


# -- calls as governments phrase them (events.yaml `verb_then`, `verb_person`, call phrases) --------

@pytest.mark.parametrize("sentence", [
    "Secretary Blinken spoke today with Ukrainian Foreign Minister Dmytro Kuleba about the war.",
    "Secretary Blinken received a call from Turkish Foreign Minister Mevlut Cavusoglu.",
    "Secretary Blinken called Turkish Foreign Minister Mevlut Cavusoglu to discuss the war.",
    "Foreign Minister Penny Wong of Australia spoke by video with Indonesian Foreign Minister Retno Marsudi.",
])
def test_common_call_phrasings_are_calls_between_both_people(sentence):
    result = extract(sentence, published="2022-03-01")
    calls = [e for e in result.events if e.type == "call"]
    assert len(calls) == 1, [(e.type, e.participants) for e in result.events]
    assert len(calls[0].participants) == 2
    assert not [e for e in result.events if e.type == "meeting"], "a call must not also be a meeting"


def test_called_for_is_no_call():
    result = extract("Foreign Minister Ana Lima of Chile called for restraint after "
                              "President Juan Perez of Peru spoke.", published="2022-03-01")
    assert result.events == []


def test_welcomed_to_the_capital_is_a_meeting():
    result = extract("President Ruto of Kenya welcomed President Joko Widodo of Indonesia to "
                              "State House in Nairobi.", published="2023-08-20")
    assert [e.type for e in result.events if e.type != "visit"] == ["meeting"]


# -- sides: ranked evidence, abstaining when it is weak -------------------------------------------

def _by_name(result):
    return {a.name: a for a in result.actors}


def _pairs(result):
    """The participants' names of each engagement but visits, as sorted tuples, sorted."""
    names = {a.id: a.name for a in result.actors}
    return sorted(tuple(sorted(names[i] for i in e.participants)) for e in result.events if e.type != "visit")


def test_a_news_outlet_gives_its_country_to_nobody():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("Ministers meet\n\nForeign Minister Ana Lima met Foreign Minister Tomas Berg in Geneva on Monday. "
            "The two ministers discussed trade.")
    result = Extractor().extract(Document(id="x", text=text, published="2024-05-06",
                                          source="Kenya Broadcasting Corporation"))
    assert {a.country for a in result.actors} == {None}


def test_a_government_publisher_speaks_for_its_own_officials():
    from readouts.extract.engine import Extractor, government_publisher
    from readouts.schema import Document
    document = Document(id="x", text="Readout\n\nForeign Minister Ana Lima met German Foreign Minister "
                        "Annalena Baerbock in Berlin on Monday. The two ministers discussed trade.",
                        published="2024-05-06", source="Ministry of Foreign Affairs of Japan")
    assert government_publisher(document)
    people = _by_name(Extractor().extract(document))
    assert people["Ana Lima"].country == "JPN" and people["Ana Lima"].country_evidence.source == "publisher"
    assert people["Annalena Baerbock"].country == "DEU"
    assert people["Annalena Baerbock"].country_evidence.text == "German Foreign Minister"


def test_people_met_during_a_visit_are_the_hosts():
    result = extract("Foreign Minister Ana Lima of Chile will travel to Kenya from May 6 to 8, where she "
                     "will meet Cabinet Secretary Peter Otieno.", published="2024-05-01")
    people = _by_name(result)
    assert people["Peter Otieno"].country == "KEN"
    assert people["Peter Otieno"].country_evidence.source == "visit-host"


def test_office_holder_table_names_the_side_the_text_leaves_out():
    result = extract("Secretary Blinken spoke today with Foreign Minister Lavrov about the war.",
                     published="2022-02-15")
    people = _by_name(result)
    assert people["Lavrov"].country == "RUS" and people["Lavrov"].country_evidence.source == "office-holder"
    assert people["Blinken"].country == "USA"


def test_office_holder_table_never_overrides_the_text():
    result = extract("Ambassador Sergey Lavrov of Brazil met Foreign Minister Ana Lima of Chile.",
                     published="2022-02-15")
    assert _by_name(result)["Sergey Lavrov"].country == "BRA"


def test_no_country_from_a_topic_or_a_venue():
    result = extract("Foreign Minister Ana Lima met Foreign Minister Tomas Berg in Kyiv to discuss the "
                     "war in Ukraine.", published="2024-05-06")
    assert {a.country for a in result.actors} == {None}


def test_a_spokesman_quoted_on_another_leader_is_no_engagement():
    result = extract("Kremlin Spokesman Dmitry Peskov spoke to reporters. He also emphasized that French "
                     "President Emmanuel Macron was professing radical positions.", published="2024-05-06")
    assert result.events == []


def test_a_postponed_visit_is_no_visit():
    result = extract("Brazilian President Postpones US Visit\n\nBrazilian President Luiz Inacio Lula da Silva "
                     "postponed his visit to the United States, Agriculture Minister Carlos Favaro said.",
                     published="2026-03-08")
    assert result.events == []
    assert "Postpones" not in _by_name(result)


# -- titles and names that run into each other ----------------------------------------------------

@pytest.mark.parametrize("sentence, name, title, country", [
    ("Armenian Ambassador to the US Varuzhan Nersesyan on December 20 met with Foreign Minister Ana Lima of Chile.",
     "Varuzhan Nersesyan", "Ambassador to the US", "ARM"),
    ("Ambassador Ana Lima of Chile met with Secretary-General of the Organization of American States Luis Almagro.",
     "Luis Almagro", "Secretary-General of the Organization of American States", "IGO"),
    ("The Chairperson of African Union Commission Mr. Moussa Faki Mahamat met Foreign Minister Ana Lima of Chile.",
     "Moussa Faki Mahamat", "Chairperson of African Union Commission", "IGO"),
    ("Iranian Foreign Minister Hossein Amir Abdollahian met Foreign Minister Ana Lima of Chile.",
     "Hossein Amir Abdollahian", "Foreign Minister", "IRN"),
    ("Canada's Minister of Foreign Affairs, the Honourable Chrystia Freeland, met Foreign Minister Ana Lima of Chile.",
     "Chrystia Freeland", "Minister of Foreign Affairs", "CAN"),
])
def test_title_name_and_side(sentence, name, title, country):
    people = _by_name(extract(sentence, published="2023-01-10"))
    assert name in people, list(people)
    assert (people[name].title, people[name].country) == (title, country)


def test_an_envoy_to_a_body_is_not_the_bodys():
    people = _by_name(extract("Foreign Minister Ana Lima of Chile met the National Coordinator of CELAC, "
                              "Tomas Berg, in Havana.", published="2023-01-10"))
    assert people["Tomas Berg"].country != "IGO"


def test_a_title_qualified_by_its_country_keeps_its_last_words():
    people = _by_name(extract("Foreign Minister Ana Lima of Chile met with Efrain Guadarrama, Director General of "
                              "Regional Agencies and Mechanisms of Mexico.", published="2023-01-10"))
    assert "Agencies" not in people
    assert people["Efrain Guadarrama"].title == "Director General of Regional Agencies and Mechanisms"


def test_a_month_word_can_be_a_name():
    people = _by_name(extract("Secretary of State Antony J. Blinken met today with Czech Foreign Minister "
                              "Jan Lipavsky in Washington.", published="2022-04-27"))
    assert people["Jan Lipavsky"].country == "CZE"


def test_in_may_is_a_month_not_theresa_may():
    result = extract("Prime Minister Theresa May of the United Kingdom met President Emmanuel Macron of France. "
                     "In May Foreign Minister Ana Lima of Chile met Foreign Minister Tomas Berg of Peru.",
                     published="2018-06-01")
    may = _by_name(result)["Theresa May"]
    assert len(may.mentions) == 1


def test_weak_travel_words_need_a_person_and_a_place():
    visits = [e for e in extract("Deputy Secretary of State Brian P. McKeon is in Qatar May 9-10, where he will "
                                 "discuss U.S. priorities.", published="2022-05-09").events if e.type == "visit"]
    assert [(e.host_country, e.start) for e in visits] == [("QAT", "2022-05-09")]
    assert extract("Foreign Minister Ana Lima of Chile is in charge of the file.").events == []


def test_present_in_a_country_is_a_visit_by_its_subject():
    result = extract("Secretary General Ola Brandt of the Nordic Council met President Ana Lima of Chile. "
                     "The Secretary General is present in Chile between 3 and 5 May, in order to chair "
                     "the foreign ministers' meeting.", published="2022-05-03")
    visits = [e for e in result.events if e.type == "visit"]
    assert [([result.actor(p).name for p in e.participants], e.host_country) for e in visits] \
        == [(["Ola Brandt"], "CHL")]


def test_a_plural_title_is_not_one_person():
    # "the foreign ministers' meeting" is no mention of the one foreign minister named
    result = extract("Foreign Minister Ana Lima of Chile met Secretary General Ola Brandt of the Nordic "
                     "Council. Ola Brandt will chair the allied foreign ministers' meeting.",
                     published="2022-05-03")
    lima = _by_name(result)["Ana Lima"]
    assert len(lima.mentions) == 1


def test_the_secretary_general_is_not_the_deputy():
    result = extract("Prime Minister Ana Lima of Chile welcomed NATO Secretary General Ola Brandt. He is "
                     "accompanied by Deputy Secretary General of NATO Janis Berzins, and also present is "
                     "Defence Minister Rui Costa. The Secretary General will speak.", published="2022-05-03")
    people = _by_name(result)
    assert people["Janis Berzins"].title == "Deputy Secretary General of NATO"  # ", and ..." ends the title
    assert len(people["Ola Brandt"].mentions) == 2 and len(people["Janis Berzins"].mentions) == 1


def test_a_title_without_the_rank_never_falls_back_to_the_deputy():
    # the headline's "UN Secretary-General" is Guterres-like "Secretary General", never the Deputy
    result = extract("Chairperson meets UN Secretary-General\n\nChairperson Ola Brandt of the African Union "
                     "Commission met United Nations Secretary General Ana Lima and Deputy Secretary-General "
                     "Rui Costa.", published="2024-10-21")
    people = _by_name(result)
    assert len(people["Rui Costa"].mentions) == 1


# -- what is asked, supposed or named after someone is no engagement -------------------------------

def test_a_journalists_question_and_a_conditional_are_no_engagement():
    text = ("Briefing\n\nMR PRICE: Secretary Blinken met Foreign Minister Dmytro Kuleba of Ukraine today.\n\n"
            "QUESTION: Will he attend the meetings that Foreign Minister Sergey Lavrov of Russia is in? And he "
            "met Foreign Minister Wang Yi of China, right.\n\n"
            "MR PRICE: If Secretary Blinken meets Foreign Minister Wang Yi of China, we will tell you.")
    result = extract(text, published="2022-03-01")
    people = _by_name(result)
    assert [sorted(people_name for people_name, a in people.items() if a.id in e.participants)
            for e in result.events] == [["Blinken", "Dmytro Kuleba"]]


def test_a_room_named_after_someone_is_no_person():
    result = extract("Secretary Blinken met Foreign Minister Ana Lima of Chile in the Thomas Jefferson Room.",
                     published="2022-03-01")
    assert "Thomas Jefferson Room" not in _by_name(result) and "Thomas Jefferson" not in _by_name(result)


def test_a_delegation_listed_together_is_one_side():
    result = extract("Foreign Minister Ana Lima of Chile met Foreign Minister Tomas Berg of Peru in Lima. "
                     "The meeting was attended by Ambassador Rosa Campos, Deputy Minister Luis Vera and "
                     "Director General Marta Soto.", published="2024-05-06")
    meeting = next(e for e in result.events if e.type == "meeting")
    people = {a.id: a.name for a in result.actors}
    delegation = {"Rosa Campos", "Luis Vera", "Marta Soto"}
    assert delegation <= {people[i] for i in meeting.participants}
    assert any(delegation <= {people[i] for i in side.participants} for side in meeting.sides)


def test_a_list_of_titled_people_of_two_sides_gives_nobody_a_side():
    result = extract("Secretary Antony J. Blinken, Secretary of Defense Lloyd Austin, Indian Minister of External "
                     "Affairs Dr. S. Jaishankar, and Indian Minister of Defense Rajnath Singh met in Washington.",
                     published="2022-04-12")
    people = _by_name(result)
    assert people["Lloyd Austin"].title == "Secretary of Defense"
    assert people["Lloyd Austin"].country != "IND"
    assert people["Rajnath Singh"].country == "IND"


def test_a_title_never_runs_over_a_name_into_the_next_persons_title():
    people = _by_name(extract("Italian Minister of Foreign Affairs and International Cooperation Luigi Di Maio and "
                              "U.S. Secretary of State Antony J. Blinken met in Rome.", published="2021-06-28"))
    assert people["Luigi Di Maio"].title == "Minister of Foreign Affairs and International Cooperation"
    assert people["Luigi Di Maio"].country == "ITA"
    assert (people["Antony J. Blinken"].title, people["Antony J. Blinken"].country) == ("Secretary of State", "USA")


def test_a_visitor_accompanied_by_a_colleague_travels_with_them():
    result = extract("Under Secretary of State for Civilian Security, Democracy, and Human Rights Uzra Zeya, "
                     "accompanied by Special Advisor for International Disability Rights Sara Minkara, will visit "
                     "Kazakhstan and the Kyrgyz Republic, April 11-16.", published="2022-04-08")
    visits = sorted((e.host_country, len(e.visitors)) for e in result.events if e.type == "visit")
    assert visits == [("KAZ", 2), ("KGZ", 2)]
    assert _by_name(result)["Uzra Zeya"].country == "USA"  # "Under Secretary of State" before its portfolio


def test_a_deputy_named_after_the_principal_serves_the_same_body():
    result = extract("The Chairperson of the African Union Commission Mr. Kofi Mensah met with the United Nations "
                     "Secretary General Mr. Lars Brenner and Deputy Secretary-General Ms. Mei Tran in Addis Ababa.",
                     published="2024-10-21")
    people = _by_name(result)
    assert people["Mei Tran"].country == "UNO"
    assert people["Mei Tran"].country_evidence.source == "deputy"
    meeting = next(e for e in result.events if e.type == "meeting")
    names = {a.id: a.name for a in result.actors}
    sides = [{names[i] for i in side.participants} for side in meeting.sides]
    assert {"Lars Brenner", "Mei Tran"} in sides  # one side, so no interaction between the two


def test_a_deputy_of_another_office_inherits_nothing():
    people = _by_name(extract("President Ana Duarte of Brazil met Vice Minister Jonas Okafor in Brasilia.",
                              published="2024-10-21"))
    assert people["Jonas Okafor"].country != "BRA"


def test_people_also_at_the_meeting_join_it_as_one_side():
    result = extract("President Ana Duarte of Brazil received Foreign Minister Kofi Mensah of Ghana in Brasilia. "
                     "Ambassador Rosa Campos and Director General Marta Soto were also at the meeting.",
                     published="2024-05-06")
    meeting = next(e for e in result.events if e.type == "meeting")
    names = {a.id: a.name for a in result.actors}
    assert {"Rosa Campos", "Marta Soto"} <= {names[i] for i in meeting.participants}
    assert any({"Rosa Campos", "Marta Soto"} <= {names[i] for i in side.participants} for side in meeting.sides)


@pytest.mark.parametrize("text", [
    "President Ana Duarte of Brazil received Foreign Minister Kofi Mensah of Ghana on Monday.",
    "Foreign Minister Kofi Mensah of Ghana was received by President Ana Duarte of Brazil on Monday.",
])
def test_a_guest_received_by_a_host_visits_the_hosts_country(text):
    result = extract(text, published="2024-05-06")
    visits = [(e.host_country, [a.name for a in result.actors if a.id in e.visitors])
              for e in result.events if e.type == "visit"]
    assert visits == [("BRA", ["Kofi Mensah"])]


def test_an_ambassador_received_by_a_head_of_state_is_not_visiting():
    result = extract("President Ana Duarte of Brazil received Ambassador Kofi Mensah of Ghana on Monday.",
                     published="2024-05-06")
    assert [e.type for e in result.events] == ["meeting"]


def test_a_president_elect_is_not_the_president():
    result = extract("Economist Ana Duarte of Argentina, who has been confirmed by President-elect Tomas Berg to be the next "
                     "Foreign Minister of Argentina, met in Buenos Aires on Monday with Uruguayan Ambassador "
                     "Kofi Mensah. Berg had talked on the telephone with Uruguayan President Luis Vera.",
                     published="2023-11-20")
    people = _by_name(result)
    assert people["Tomas Berg"].title == "President-elect"
    meeting = next(e for e in result.events if e.type == "meeting")
    names = {a.id: a.name for a in result.actors}
    # Berg only confirmed Duarte's appointment; "President-elect" is not President Vera
    assert {names[i] for i in meeting.participants} == {"Ana Duarte", "Kofi Mensah"}
    assert not any(e.type == "visit" and "Luis Vera" in {names[i] for i in e.visitors} for e in result.events)


def test_the_agent_of_arranging_a_meeting_does_not_take_part():
    result = extract("Foreign Minister Ana Lima of Chile met Foreign Minister Tomas Berg of Peru on Monday. "
                     "The meeting was proposed by President Luis Vera of Chile.", published="2024-05-06")
    names = {a.id: a.name for a in result.actors}
    meeting = next(e for e in result.events if e.type == "meeting")
    assert "Luis Vera" not in {names[i] for i in meeting.participants}


@pytest.mark.parametrize("text", [
    "President Ana Duarte of Brazil held bilateral meetings with the Presidents of Peru, Tomas Berg; and Canada, "
    "Luis Vera.",
    "Foreign Minister Ana Duarte of Brazil held separate calls yesterday with Peruvian Foreign Minister Tomas Berg "
    "and Canadian Foreign Minister Luis Vera.",
])
def test_separate_bilaterals_are_one_engagement_each(text):
    result = extract(text, published="2024-05-06")
    assert _pairs(result) == [("Ana Duarte", "Luis Vera"), ("Ana Duarte", "Tomas Berg")]


def test_bilateral_meetings_with_one_government_stay_one_engagement():
    result = extract("Secretary of State Kofi Mensah will hold bilateral meetings with Prime Minister Tomas Berg "
                     "and Foreign Minister Luis Vera of Peru.", published="2024-05-06")
    names = {a.id: a.name for a in result.actors}
    [meeting] = [e for e in result.events if e.type != "visit"]
    assert {names[i] for i in meeting.participants} == {"Kofi Mensah", "Tomas Berg", "Luis Vera"}


def test_a_list_of_envoys_received_by_a_head_of_state_is_one_engagement_each():
    result = extract("President Ana Duarte of Brazil on Wednesday received credentials of five new ambassadors "
                     "at the Planalto Palace in Brasilia.\n\nThe ambassadors include: Kofi Mensah from Ghana, "
                     "Mei Tran from Vietnam, Lars Brenner from Germany.\n\nOthers are: Rosa Campos from Chile and "
                     "Jonas Okafor from Nigeria.", published="2024-05-08")
    people = _by_name(result)
    envoys = {"Kofi Mensah": "GHA", "Mei Tran": "VNM", "Lars Brenner": "DEU", "Rosa Campos": "CHL",
              "Jonas Okafor": "NGA"}
    assert {n: (people[n].country, people[n].title) for n in envoys} == {n: (c, "Ambassador")
                                                                        for n, c in envoys.items()}
    assert _pairs(result) == sorted(tuple(sorted(("Ana Duarte", n))) for n in envoys)  # no envoy meets another
    assert not [e for e in result.events if e.type == "visit"]  # envoys posted there are not visiting


def test_a_trip_to_the_place_named_before_where():
    result = extract("On his second day in Lima, where he arrived to participate in the Summit of the Americas, "
                     "Foreign Minister Ana Duarte of Brazil met Foreign Minister Tomas Berg of Argentina.",
                     published="2018-04-13")
    names = {a.id: a.name for a in result.actors}
    visits = sorted((names[e.visitors[0]], e.host_country) for e in result.events if e.type == "visit")
    assert visits == [("Ana Duarte", "PER"), ("Tomas Berg", "PER")]


def test_in_a_governments_release_the_president_is_its_own():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("Minister accompanies President\n\nChilean President Rosa Campos met President Tomas Berg of Peru in "
            "Lima. The President will meet with his peers Luis Vera of Argentina and Kofi Mensah of Brazil.")
    result = Extractor().extract(Document(id="x", text=text, published="2018-04-13",
                                          source="Ministry of Foreign Affairs of Chile"))
    names = {a.id: a.name for a in result.actors}
    later = [{names[i] for i in e.participants} for e in result.events
             if e.type != "visit" and {"Luis Vera", "Kofi Mensah"} & {names[i] for i in e.participants}]
    assert later and all("Rosa Campos" in p and "Tomas Berg" not in p for p in later)


def test_two_engagements_with_different_people_in_one_sentence_stay_apart():
    result = extract("Foreign Minister Bruno Diaz of Cuba held a meeting with Foreign Minister Denis Moncada of "
                     "Nicaragua and a luncheon with Foreign Minister Felipe Sola of Argentina.", published="2020-01-08")
    assert _pairs(result) == [("Bruno Diaz", "Denis Moncada"), ("Bruno Diaz", "Felipe Sola")]


def test_a_banquet_for_a_guest_is_an_engagement():
    result = extract("During the visit, President Ana Duarte of Brazil will hold a welcome banquet for President "
                     "Kofi Mensah of Ghana.", published="2022-10-27")
    names = {a.id: a.name for a in result.actors}
    assert [sorted(names[i] for i in e.participants) for e in result.events if e.type != "visit"] == \
        [["Ana Duarte", "Kofi Mensah"]]


def test_a_participle_opening_a_sentence_is_not_part_of_a_name():
    result = extract("Prime Minister Ana Duarte of Brazil met Minister of Planning Kofi Mensah of Ghana in Brasilia. "
                     "Receiving Mensah on Monday, Duarte awarded him the first-class Labour Order.",
                     published="2023-09-15")
    names = {a.name for a in result.actors}
    assert not any(n.startswith("Receiving") for n in names)
    assert "Order" not in names and "Labour Order" not in names


def test_a_foreign_minister_reference_never_fits_the_prime_minister():
    result = extract("Prime Minister Kofi Mensah of Ghana met President Ana Duarte of Brazil in Brasilia on Monday. "
                     "The Ghanaian Foreign Minister will visit Brasilia next month.", published="2024-05-06")
    names = {a.id: a.name for a in result.actors}
    assert not [e for e in result.events if e.type == "visit" and e.status == "announced"
                and "Kofi Mensah" in {names[i] for i in e.visitors}]


def test_people_who_also_participated_join_the_engagement_before():
    result = extract("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru in Tacna. "
                     "The Governor of Tacna, Rosa Campos, and Deputy Minister Luis Vera also participated.",
                     published="2022-07-29")
    meeting = next(e for e in result.events if e.type == "meeting")
    names = {a.id: a.name for a in result.actors}
    assert {"Rosa Campos", "Luis Vera"} <= {names[i] for i in meeting.participants}


def _state_release(text):
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    return Extractor().extract(Document(id="x", text=text, published="2022-03-08",
                                        source="U.S. Department of State"))


def test_a_government_publisher_gives_no_side_to_an_untitled_name():
    result = _state_release("Readout\n\nSecretary of State Ana Duarte met Foreign Minister Kofi Mensah of Ghana "
                            "in Washington. Lars Brenner and Kofi Mensah discussed trade with Secretary Duarte.")
    people = _by_name(result)
    assert people["Ana Duarte"].country == "USA"
    assert people["Lars Brenner"].country is None


def test_the_dateline_places_the_lead_not_a_meeting_recalled_far_below():
    filler = "The ministry published its annual report on fisheries and forestry. " * 25
    result = extract("Remarks\n\nTALLINN, March 8, 2022 — " + filler +
                     "Foreign Minister Ivan Petrov of Russia met President Lars Brenner of Belarus last year.",
                     published="2022-03-08")
    assert not [e for e in result.events if e.type == "visit"]


def test_a_speakers_own_visit_is_nobody_elses():
    result = extract("Remarks\n\nIn Poland, where I visited a refugee welcome center and stood with Foreign "
                     "Minister Kofi Mensah of Ghana on the border, we discussed the crisis.", published="2022-03-08")
    assert not [e for e in result.events if e.type == "visit"]


def test_a_call_with_unnamed_leaders_brings_in_no_protagonist():
    result = _state_release("Readout\n\nSecretary of State Ana Duarte met Foreign Minister Kofi Mensah of Ghana in "
                            "Accra on Monday. Secretary of State Ana Duarte later had a call with the French "
                            "president and the German chancellor.")
    names = {a.id: a.name for a in result.actors}
    calls = [{names[i] for i in e.participants} for e in result.events if e.type == "call"]
    assert all("Kofi Mensah" not in c for c in calls)


def test_a_continent_in_a_title_is_no_person():
    result = _state_release("Readout\n\nNATO gave the Supreme Allied Commander Europe the authority to deploy "
                            "forces. Secretary of State Ana Duarte met Foreign Minister Kofi Mensah of Ghana. "
                            "Hence Mensah's visit was a success.")
    names = {a.name for a in result.actors}
    assert "Europe" not in names and not any(n.startswith("Hence") for n in names)


def test_what_two_people_said_after_their_call_is_the_call_not_a_meeting():
    result = extract("Secretary of State Ana Duarte spoke with Ghanaian Foreign Minister Kofi Mensah today. "
                     "Secretary Duarte and Minister Mensah underscored the strong partnership between the two "
                     "countries.", published="2021-06-20")
    assert [e.type for e in result.events] == ["call"]


@pytest.mark.parametrize("text, country", [
    ("Deputy Secretary of State Ana Duarte spoke with Burmese NUG representative Mei Tran today.", "MMR"),
    ("Secretary of State Ana Duarte met Belarusian opposition leader Mei Tran in Vilnius.", "BLR"),
])
def test_a_demonym_and_a_role_word_before_a_name_give_the_country(text, country):
    assert _by_name(extract(text, published="2021-06-20"))["Mei Tran"].country == country


def test_a_hyphenated_demonym_gives_no_country():
    people = _by_name(extract("The Chinese-born scientist Mei Tran met Secretary of State Ana Duarte in Washington.",
                              published="2021-06-20"))
    assert "Mei Tran" not in people or people["Mei Tran"].country != "CHN"


def test_a_subject_meeting_people_of_several_sides_meets_them_one_by_one():
    result = extract("President Ana Duarte of Chile will meet with his peers Luis Vera of Argentina and Kofi Mensah "
                     "of Brazil.", published="2018-04-13")
    assert _pairs(result) == [("Ana Duarte", "Kofi Mensah"), ("Ana Duarte", "Luis Vera")]


def test_a_trilateral_meeting_stays_one_gathering():
    result = extract("Secretary of State Ana Duarte held a trilateral meeting with Japanese Foreign Minister Mei Tran "
                     "and Korean Foreign Minister Lars Brenner.", published="2022-05-06")
    names = {a.id: a.name for a in result.actors}
    [meeting] = [e for e in result.events if e.type != "visit"]
    assert {names[i] for i in meeting.participants} == {"Ana Duarte", "Mei Tran", "Lars Brenner"}


def test_he_is_the_subject_of_the_sentence_before_not_the_last_name():
    result = extract("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru in Santiago on "
                     "Monday. He reaffirmed his plan to visit Brazil next year.", published="2024-05-06")
    names = {a.id: a.name for a in result.actors}
    [planned] = [e for e in result.events if e.type == "visit" and e.host_country == "BRA"]
    assert [names[i] for i in planned.visitors] == ["Ana Duarte"]


def test_an_international_official_meeting_away_from_the_seat_is_visiting():
    result = extract("The Chairperson of the African Union Commission Mr. Kofi Mensah met with the United Nations "
                     "Secretary General Mr. Lars Brenner and Deputy Secretary-General Ms. Mei Tran in Addis Ababa "
                     "this morning.", published="2024-10-21")
    names = {a.id: a.name for a in result.actors}
    visitors = sorted(names[v] for e in result.events if e.type == "visit" and e.host_country == "ETH"
                      for v in e.visitors)
    assert visitors == ["Lars Brenner", "Mei Tran"]  # the AU sits in Addis Ababa: its chairperson is at home


def test_an_international_official_at_the_seat_is_not_visiting():
    result = extract("Secretary of State Ana Duarte met United Nations Secretary-General Lars Brenner in New York "
                     "on Monday.", published="2024-10-21")
    names = {a.id: a.name for a in result.actors}
    assert not [e for e in result.events if e.type == "visit" and "Lars Brenner" in {names[v] for v in e.visitors}]


def test_a_place_after_to_discuss_is_a_topic_not_the_venue():
    result = extract("Secretary of State Ana Duarte will meet with United Nations Secretary-General Lars Brenner "
                     "to discuss the human suffering in and around Ukraine.", published="2022-03-01")
    assert not [e for e in result.events if e.type == "visit"]


def test_a_counterpart_named_after_with_still_brings_in_the_protagonist():
    result = extract("British Foreign Secretary Ana Duarte will visit India on March 31.\n\nAnnouncing the visit, "
                     "the ministry said Ms. Duarte will hold consultations with his Indian counterpart Kofi Mensah.",
                     published="2022-03-29")
    assert ("Ana Duarte", "Kofi Mensah") in _pairs(result)


# -- a transcript of officials speaking in turn: they were together ----------------------------------

JOINT_REMARKS = ("Secretary of State Ana Duarte\n\nWashington, DC\n\nTreaty Room\n\n"
                 "SECRETARY DUARTE: Good afternoon. It is a pleasure to welcome Chilean Foreign Minister "
                 "Tomas Berg to the State Department.\n\n"
                 "FOREIGN MINISTER BERG: Thank you, Secretary. We have much to discuss on trade and energy.\n\n"
                 "QUESTION: Will Foreign Minister Berg meet President Rui Costa of Peru?\n\n"
                 "SECRETARY DUARTE: Thank you all.")


def test_officials_speaking_in_turn_met():
    result = extract(JOINT_REMARKS, published="2022-05-18")
    people = _by_name(result)
    meetings = [e for e in result.events if e.type == "meeting"]
    assert _pairs(result) == [("Ana Duarte", "Tomas Berg")], summary(result)  # the journalist's question adds no one
    meeting = meetings[0]
    assert (meeting.start, meeting.location.name) == ("2022-05-18", "Washington")
    assert meeting.evidence[0].text.startswith("SECRETARY DUARTE:")
    assert any(e.type == "visit" and e.visitors == [people["Tomas Berg"].id] and e.host_country == "USA"
               for e in result.events)


def test_speakers_of_one_side_or_of_no_known_side_are_no_engagement():
    briefing = ("Department Press Briefing\n\nMR PRICE: Good afternoon. Secretary of State Ana Duarte travels "
                "to Chile next week.\n\nQUESTION: Thank you, Ned.\n\nMR PRICE: Ambassador Tomas Berg joins me.\n\n"
                "AMBASSADOR BERG: Thank you, Ned.")
    result = extract(briefing, published="2022-05-18")
    assert not [e for e in result.events if e.type == "meeting"], summary(result)


def test_a_visit_by_someone_to_a_country_goes_to_that_country():
    result = extract("The ministry announced the upcoming visit by Chilean President Ana Duarte to Peru.",
                     published="2022-10-27")
    visits = [e for e in result.events if e.type == "visit"]
    assert [(e.host_country, e.status) for e in visits] == [("PER", "announced")], summary(result)


def test_the_place_of_an_earlier_engagement_word_places_the_sentence():
    result = extract("After the second Meeting of the Chile-Peru Strategic Partnership Council held in Lima, the Peruvian Minister of Foreign "
                     "Affairs, Rosa Campos, and her Chilean counterpart, Tomas Berg, signed the document.",
                     published="2017-11-14")
    names = {a.id: a.name for a in result.actors}
    assert [(names[e.visitors[0]], e.host_country) for e in result.events if e.type == "visit"] == \
        [("Tomas Berg", "PER")], summary(result)


# -- initiatives: forums and bodies as diplomats name them ----------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru on the sidelines of the "
     "VIII Summit of the Americas.", "VIII Summit of the Americas"),
    ("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru ahead of the "
     "La Francophonie Summit.", "La Francophonie Summit"),
    ("President Ana Duarte of Chile met President Tomas Berg of Peru at the African Union headquarters.",
     "African Union"),
    ("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru on the sidelines of the "
     "NATO Foreign Affairs Ministers' meeting.", "NATO Foreign Affairs Ministers' meeting"),
    ("Foreign Minister Ana Duarte of Chile met Foreign Minister Tomas Berg of Peru. They reviewed the Partnership "
     "Frameworks on Peace and Security.", "Partnership Frameworks on Peace and Security"),
])
def test_named_forums_and_bodies_are_initiatives(sentence, expected):
    result = extract(sentence, published="2024-05-06")
    assert expected in [i.name for i in result.initiatives], [i.name for i in result.initiatives]


def test_a_body_that_voted_a_resolution_is_no_initiative():
    result = extract("Secretary Ana Duarte thanked Foreign Minister Tomas Berg of Peru for supporting the UN "
                     "General Assembly resolution on Ukraine.", published="2022-03-01")
    assert not [i.name for i in result.initiatives if "General Assembly" in i.name]


def test_a_ministry_between_a_demonym_and_a_title_gives_the_country():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("Deputy Secretary of State Ana Duarte spoke today with French MFA Secretary General Luc Marin and "
            "German Foreign Ministry State Secretary Jan Weber.")
    result = Extractor().extract(Document(id="x", text=text, published="2022-04-21", source="U.S. Department of State"))
    people = _by_name(result)
    assert (people["Luc Marin"].country, people["Jan Weber"].country) == ("FRA", "DEU")  # not the publisher's
    assert people["Luc Marin"].country_evidence.text == "French MFA Secretary General"


def test_a_list_of_counterparts_the_next_sentence_calls_participants_is_one_meeting():
    result = extract("Deputy Secretary of State Ana Duarte met today with French Foreign Minister Luc Marin, "
                     "German Foreign Minister Jan Weber, and Italian Foreign Minister Rosa Conti. The participants "
                     "discussed further support for Ukraine.", published="2022-04-21")
    meetings = [e for e in result.events if e.type == "meeting"]
    assert len(meetings) == 1 and len(meetings[0].participants) == 4, summary(result)


def test_the_publisher_gives_no_side_to_an_office_its_government_has_nobody_in():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("Secretary of State Ana Duarte met Prime Minister Luc Marin on Monday, with Foreign Secretary Tom Hale "
            "of the United Kingdom. Crown Prince Omar Hadi joined Secretary Duarte and Foreign Secretary Hale.")
    result = Extractor().extract(Document(id="x", text=text, published="2022-04-21", source="U.S. Department of State"))
    people = _by_name(result)
    assert (people["Ana Duarte"].country, people["Luc Marin"].country, people["Omar Hadi"].country) == \
        ("USA", None, None)


def test_a_body_with_its_acronym_in_brackets_before_a_title_is_the_officials_side():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("Under Secretary of State Ana Duarte will travel to The Hague, Netherlands, where she will meet "
            "International Criminal Court (ICC) Prosecutor Luc Marin and Dutch Foreign Minister Jan Weber.")
    result = Extractor().extract(Document(id="x", text=text, published="2022-07-11", source="U.S. Department of State"))
    assert _by_name(result)["Luc Marin"].country == "IGO"


def test_parse_reads_what_triage_would_skip_and_returns_the_doc():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    extractor = Extractor()
    document = Document(id="x", text="The weather in Lima was mild. Foreign Minister Ana Duarte of Chile said so.",
                        published="2024-05-06")
    doc, extraction, screen = extractor.parse(document)
    assert not screen.keep and extractor.extract(document).skipped  # a batch run would skip it
    assert extraction.skipped is None and [a.name for a in extraction.actors] == ["Ana Duarte"]
    assert [s.text for s in doc.spans["places"]] == ["Lima"]


def test_a_call_with_several_counterparts_is_one_conference_call():
    result = extract("Deputy Secretary of State Ana Duarte spoke today with French Foreign Minister Luc Marin, "
                     "German Foreign Minister Jan Weber, and Italian Foreign Minister Rosa Conti. Deputy Secretary "
                     "Duarte condemned the attack.", published="2022-04-21")
    calls = [e for e in result.events if e.type == "call"]
    assert len(calls) == 1 and len(calls[0].participants) == 4, summary(result)


@pytest.mark.parametrize("text, held", [
    ("On March 17, the Governments of Chile and Norway held a Strategic Dialogue in Oslo.", True),
    ("Today, Peru, Ecuador and Sweden signed a memorandum of understanding on fisheries.", True),
    ("A joint statement by the Governments of Chile and Norway followed their strategic dialogue in Oslo.", True),
    ("The working group shows the willingness of Chile and Norway to collaborate on a host of matters.", False),
    ("Chile and Norway should not be permitted to host any international sporting events.", False),
    ("The United States urges Armenia and Azerbaijan to return to substantive discussions.", False),
    ("Reflecting its support for the people of Haiti, Chile commits to receiving more referrals.", False),
])
def test_countries_engage_without_people_only_as_the_subject_of_the_engagement(text, held):
    result = extract(text, published="2022-03-20")
    country_level = [e for e in result.events if not e.participants and len(e.countries) >= 2]
    assert bool(country_level) == held, summary(result)


def test_the_publisher_gives_no_side_to_a_minister_its_government_has_no_ministers_for():
    from readouts.extract.engine import Extractor
    from readouts.schema import Document
    text = ("In Chile, Special Envoy Ana Duarte met with President Luc Marin of Chile and Minister of Energy "
            "Jan Weber, and with Minister-Counselor for Economic Affairs Tom Hale.")
    result = Extractor().extract(Document(id="x", text=text, published="2022-04-21", source="U.S. Department of State"))
    people = _by_name(result)
    assert people["Jan Weber"].country != "USA", summary(result)  # Chile's, or left open: never the publisher's
    assert people["Tom Hale"].country == "USA"  # a U.S. diplomatic rank
