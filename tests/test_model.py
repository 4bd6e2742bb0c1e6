"""The case model's typed accessors: each meaning decoded once (duration, ages, names, the
court, the terms a renewal keeps, s.9(1)(a))."""

from __future__ import annotations

from datetime import date

import pytest

from spo_cli import law
from spo_cli.model import Case, Duration

D = date


@pytest.mark.parametrize("value,words,citation", [
    ({"years": 2}, "2 years", "s.3(2)"),
    ({"years": 1}, "1 year", "s.3(2)"),
    ({"until": D(2029, 1, 14)}, "until 14 January 2029", "s.3(2)"),
    ("until_further_order", "until further order", "s.3(1)(b)"),
])
def test_duration_words_as_a_court_writes_them(value, words, citation):
    duration = Case({"application": {"order_sought": {"duration": value}}}).duration
    assert duration is not None
    assert (duration.words(), duration.citation) == (words, citation)


@pytest.mark.parametrize("value", [None, {"years": 0}, {"years": True}, {"years": "2"}, "ufo",
                                   {"until": "2029-01-01"}, []])
def test_duration_unreadable_is_none(value):
    assert Duration.read(value) is None


@pytest.mark.parametrize("duration,made,ok", [
    (Duration(years=2), D(2027, 1, 15), True),
    (Duration(years=1), D(2027, 1, 15), False),
    (Duration(until=D(2029, 1, 14)), D(2027, 1, 15), True),     # s.3(2): last day made + 2y - 1
    (Duration(until=D(2029, 1, 13)), D(2027, 1, 15), False),
    (Duration(until_further_order=True), D(2027, 1, 15), True),
])
def test_duration_minimum(duration, made, ok):
    assert duration.meets_minimum(made) is ok


def test_minimum_is_defined_once():
    assert law.minimum_last_day(D(2027, 1, 15)) == \
        law.last_day_of_years(D(2027, 1, 15), law.MIN_FIXED_YEARS)


PEOPLE = [{"id": "PP1", "name": {"given": "Ann", "family": "Example"},
           "date_of_birth": D(2010, 5, 1)},
          {"id": "PP2", "name": {"given": "Bo", "family": "Sample"},
           "date_of_birth": D(1980, 5, 1)}]


def test_protected_names_and_children():
    case = Case({"application": {"date": D(2026, 11, 20)}, "protected_persons": PEOPLE,
                 "defendant": {"date_of_birth": D(2008, 11, 21)}})
    assert case.protected_names == {"PP1": "Ann Example", "PP2": "Bo Sample"}
    assert [p["id"] for _, p in case.children()] == ["PP1"]
    assert case.defendant_age() == 17
    assert case.defendant_age(D(2026, 11, 21)) == 18


@pytest.mark.parametrize("courts,hearing,key", [
    ({"a": {"name": "A"}}, {}, "a"),                        # the only court
    ({"a": {"name": "A"}, "b": {"name": "B"}}, {}, None),   # never guessed among several
    ({"a": {"name": "A"}, "b": {"name": "B"}}, {"court": "b"}, "b"),
])
def test_court_used_by_the_case(courts, hearing, key):
    case = Case({"force": {"courts": courts}, "application": {"hearing": hearing}})
    assert case.court_key == key
    assert case.court == (courts[key] if key else {})


@pytest.mark.parametrize("kind,conditions,ids", [
    ("renewal", {}, ["1", "2"]),                                    # keeps the order's terms
    ("renewal", {"prohibitions": [{"id": "P1", "text": "New."}]}, ["P1"]),
    ("variation", {}, []),
])
def test_proposed_terms_of_a_renewal_default_to_the_existing_order(kind, conditions, ids):
    case = Case({"application": {"kind": kind}, "conditions": conditions,
                 "existing_order": {"conditions": ["Not to contact PP1.", "Not to enter X."]}})
    terms = case.proposed_terms
    assert [t.id for t in terms] == ids
    if kind == "renewal" and not conditions:
        assert terms[1].path == ("existing_order", "conditions", 1)
        assert terms[1].text == "Not to enter X."


@pytest.mark.parametrize("kind,order,replaced", [
    ("full", {"kind": "interim", "served_on": D(2026, 11, 1)}, True),
    ("full", {"kind": "interim"}, False),                 # not served: the duty never arose
    ("interim", {"kind": "interim", "served_on": D(2026, 11, 1)}, False),
    ("full", {"kind": "full", "served_on": D(2026, 11, 1)}, False),
])
def test_full_order_replacing_a_served_interim_order(kind, order, replaced):
    case = Case({"application": {"kind": kind}, "existing_order": order})
    assert case.interim_replaced_served is replaced


@pytest.mark.parametrize("value,words,last", [
    ({"weeks": 6}, "6 weeks", D(2027, 1, 25)),     # 6 weeks beginning with 15 Dec 2026
    ({"weeks": 1}, "1 week", D(2026, 12, 21)),
    ({"until": D(2027, 2, 28)}, "until 28 February 2027", D(2027, 2, 28)),
])
def test_interim_period(value, words, last):
    period = Case({"application": {"interim_period": value}}).interim_period
    assert period is not None
    assert (period.words(), period.last_day(D(2026, 12, 15))) == (words, last)


@pytest.mark.parametrize("typed,value", [
    ("3", {"years": 3}), ("until further order", "until_further_order"),
    ("until 2028-11-19", {"until": D(2028, 11, 19)}),
])
def test_typed_duration_decodes_to_the_same_value(typed, value):
    from spo_cli.workflow import parse

    assert parse("duration", typed) == value
    assert Duration.read(value) is not None


@pytest.mark.parametrize("typed", ["two", "until someday", "until 2028-02-30"])
def test_typed_duration_refused(typed):
    from spo_cli.workflow import parse

    with pytest.raises(ValueError):
        parse("duration", typed)
