"""`spo due`'s clocks (contract section 4): each period from the law, the renewal clock kept
while a renewal is prepared, s.9(1)(a), s.9(4), 21 clear days, interim orders ending before the
full hearing, overdue clocks first and a sentence when nothing is due."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from conftest import FIXTURES, case_copy, spo

from spo_cli.clocks import clocks
from spo_cli.model import Case
from spo_cli.yaml_io import load_case_file

D = date


def case(name, edit=None, today=None):
    data = copy.deepcopy(load_case_file(FIXTURES / name).data)
    if edit:
        edit(data)
    return Case(data, today=today)


def whats(c):
    return [(k.due, k.what) for k in clocks(c)]


def test_renewal_in_preparation_keeps_the_order_end_clock():
    # renewal.yaml: the order's last day is 19 November 2026 and a renewal is being prepared
    found = whats(case("renewal.yaml"))
    assert (D(2026, 11, 19), "order ends (last day): renewal in preparation") in found


def test_order_end_has_a_renewal_lead_56_days_before():
    found = whats(case("transfer-ready.yaml"))
    assert (D(2027, 6, 29), "order ends (last day)") in found
    assert (D(2027, 5, 4), "renewal lead (56 days before the order ends)") in found


@pytest.mark.parametrize("existing,notified", [
    (None, True),                                                   # a fresh full order
    ({"kind": "interim", "served_on": D(2026, 11, 25)}, False),     # s.9(1)(a): replaces it
    ({"kind": "interim"}, True),                                    # the interim was not served
])
def test_initial_notification_and_a_full_order_replacing_a_served_interim(existing, notified):
    def edit(d):
        d["service"] = {"served_on": D(2026, 12, 15)}
        if existing:
            d["existing_order"] = existing
    found = whats(case("full-with-interim.yaml", edit))
    assert ((D(2026, 12, 17), "initial notification due (last day)") in found) is notified


def test_recorded_notification_closes_the_clock():
    def edit(d):
        d["service"]["notified_on"] = D(2025, 7, 2)
    assert not [w for _, w in whats(case("transfer-ready.yaml", edit))
                if w.startswith("initial notification")]


@pytest.mark.parametrize("key,section", [("moved_on", "defendant"), ("move_date", "transfer")])
def test_change_of_home_address_clock_is_three_days_beginning_with_the_move(key, section):
    def edit(d):
        d["transfer"].pop("move_date")
        d[section][key] = D(2026, 12, 30)
    found = whats(case("transfer-ready.yaml", edit))
    assert (D(2027, 1, 1), "new home address: notification due (last day)") in found


@pytest.mark.parametrize("hearing,due", [(D(2026, 12, 7), D(2026, 11, 15)),
                                         (D(2026, 12, 15), D(2026, 11, 23))])
def test_hearsay_clock_is_hearing_minus_22(hearing, due):
    def edit(d):
        d["application"]["hearing"]["date"] = hearing
        d["hearsay"] = [{"statement": "SP/4", "contested": True}]
    assert (due, "hearsay notice: last day to serve and file") in whats(
        case("full-with-interim.yaml", edit))


@pytest.mark.parametrize("until,hearing,listed", [
    (D(2027, 2, 28), D(2026, 12, 15), False),    # ends after the full hearing
    (D(2026, 12, 10), D(2026, 12, 15), True),    # ends before it
    (D(2026, 12, 15), D(2026, 12, 15), False),   # the hearing is on its last day
    (D(2026, 12, 10), None, True),               # no full hearing listed
])
def test_interim_order_ending_before_the_full_hearing(until, hearing, listed):
    def edit(d):
        d["application"]["interim_period"] = {"until": until}
        if hearing:
            d["application"]["hearing"]["date"] = hearing
        else:
            d["application"]["hearing"].pop("date")
    found = [w for due, w in whats(case("full-with-interim.yaml", edit))
             if w.startswith("interim order ends") and due == until]
    assert bool(found) is listed


def test_overdue_clocks_come_first_marked(tmp_path):
    case_copy(tmp_path, "transfer-ready.yaml")
    lines = spo("due", tmp_path, "--as-of", "2026-11-20", "--within", "5").stdout.splitlines()
    assert [line[:19] for line in lines] == [
        "OVERDUE 2025-07-03 ", "OVERDUE 2026-11-03 ", "OVERDUE 2026-11-17 "]
    assert "initial notification" in lines[0] and "transfer acceptance" in lines[2]


def test_nothing_due_is_said(tmp_path):
    # the renewal was listed for 12 November, so its order-end clock is moot by December
    case_copy(tmp_path, "renewal.yaml")
    result = spo("due", tmp_path, "--as-of", "2026-12-01", "--within", "10")
    assert result.returncode == 0
    assert result.stdout.strip() == "nothing due in the next 10 days, and nothing overdue"
