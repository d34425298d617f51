"""The date grammar: press-release date expressions and the ISO dates they mean.

Each case is a phrase as a readout would write it, the publication date (or
None), whether the sentence speaks of the future, and the expected ISO start
and end. Year-less dates keep TIMEX3's `XXXX` year when nothing tells us the year.
"""

from datetime import date

import pytest

from readouts.nlp.dates import find_dates, resolve

CASES = [
    # (text, published, future, expected (start, end))
    ("The delegation stayed in Lagos from May 27 to 29.", None, False,
     ("XXXX-05-27", "XXXX-05-29")),
    ("The Joint Commission met in Jakarta 3-5 June 2024.", None, False,
     ("2024-06-03", "2024-06-05")),
    ("The Joint Commission met in Jakarta on 3–5 June 2024.", None, False,
     ("2024-06-03", "2024-06-05")),
    ("The forum took place June 3-5, 2024, in Osaka.", None, False,
     ("2024-06-03", "2024-06-05")),
    ("The consultations were held between 12 and 14 November 2023 in Ottawa.", None, False,
     ("2023-11-12", "2023-11-14")),
    ("The minister toured the region from 30 September to 2 October 2025.", None, False,
     ("2025-09-30", "2025-10-02")),
    ("Warsaw, Monday, June 30, 2025. The ministers signed the protocol.", None, False,
     ("2025-06-30", "2025-06-30")),
    ("The agreement was signed on the 5th of May 2023 in Riyadh.", None, False,
     ("2023-05-05", "2023-05-05")),
    ("The two sides met on 2025-02-11 in Hanoi.", None, False,
     ("2025-02-11", "2025-02-11")),
    # Relative dates are counted from the publication date (2024-10-01 was a Tuesday).
    ("The ministers spoke by telephone on Monday.", date(2024, 10, 1), False,
     ("2024-09-30", "2024-09-30")),
    ("The ministers met in Pretoria on Tuesday.", date(2024, 10, 1), False,
     ("2024-10-01", "2024-10-01")),
    ("The minister will travel to Abuja on Thursday.", date(2024, 10, 1), True,
     ("2024-10-03", "2024-10-03")),
    ("The minister will travel to Abuja next Monday.", date(2024, 10, 1), True,
     ("2024-10-07", "2024-10-07")),
    ("Foreign Minister Kowalczyk received the ambassador today.", date(2025, 2, 14), False,
     ("2025-02-14", "2025-02-14")),
    ("The two ministers held a video call yesterday.", date(2025, 2, 14), False,
     ("2025-02-13", "2025-02-13")),
    ("The envoy arrives in Brasília tomorrow.", date(2025, 2, 14), True,
     ("2025-02-15", "2025-02-15")),
    # A month alone is a month-precision date.
    ("The next round of talks will take place in March.", None, True,
     ("XXXX-03", "XXXX-03")),
    ("The dialogue was launched in March.", date(2025, 4, 10), False,
     ("2025-03", "2025-03")),
    ("The summit will take place in November 2026.", None, True,
     ("2026-11", "2026-11")),
    # Year-less days: the year that puts them on the right side of publication.
    ("The ministers met in Berlin on December 10.", date(2025, 3, 1), False,
     ("2024-12-10", "2024-12-10")),
    ("The ministers met in Berlin on December 10.", date(2025, 12, 15), False,
     ("2025-12-10", "2025-12-10")),
    ("Minister Nakagawa will visit Hanoi on March 31.", date(2025, 11, 20), True,
     ("2026-03-31", "2026-03-31")),
    ("Minister Nakagawa will visit Hanoi on March 31.", date(2026, 3, 2), True,
     ("2026-03-31", "2026-03-31")),
    ("The visit took place from December 30 to January 2.", date(2025, 1, 5), False,
     ("2024-12-30", "2025-01-02")),
]


@pytest.mark.parametrize("text, published, future, expected", CASES)
def test_resolves(text, published, future, expected):
    found = find_dates(text)
    assert len(found) == 1, [e.text for e in found]
    assert resolve(found[0], published, future=future) == expected


@pytest.mark.parametrize("text, published, future, expected", CASES)
def test_expression_offsets_slice_the_text(text, published, future, expected):
    for expr in find_dates(text):
        assert text[expr.start:expr.end] == expr.text


def test_weekday_with_full_date_is_one_expression():
    found = find_dates("Ottawa, Monday, June 30, 2025 – The ministers met today.")
    assert [e.text for e in found][0] == "Monday, June 30, 2025"


def test_range_is_one_expression_not_two_days():
    found = find_dates("The delegation stayed in Lagos from May 27 to 29, meeting officials.")
    assert len(found) == 1
    assert found[0].kind == "range"


def test_range_expression_starts_at_the_month_not_at_from():
    # As the docstring of `find_dates` promises.
    found = find_dates("from May 27 to 29, holding meetings on Monday")
    assert [e.text for e in found] == ["May 27 to 29", "on Monday"]


def test_two_dates_in_one_sentence_come_in_text_order():
    text = "The minister arrived in Tokyo on 8 July 2025 and left on 10 July 2025."
    assert [resolve(e, None) for e in find_dates(text)] == [
        ("2025-07-08", "2025-07-08"), ("2025-07-10", "2025-07-10")]


@pytest.mark.parametrize("text", [
    "The ministers may meet again before the end of the year.",
    "Protesters staged a march on the capital.",
    "Article 5 of the treaty was discussed at length.",
    "Brazil will host COP30 in Belém.",
])
def test_no_date(text):
    assert find_dates(text) == []


def test_relative_date_without_publication_stays_unresolved():
    found = find_dates("The ministers spoke by telephone on Monday.")
    assert resolve(found[0], None) == (None, None)
