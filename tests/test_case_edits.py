"""Editing a case file never loses an edit made meanwhile (the hash is compared before every
write), and a symlinked case file is written through to its target."""

from __future__ import annotations

import os
import re

import pexpect
import pytest
from conftest import case_copy, spo
from test_sitting import AUTHORISE, ENV, YES, play
from test_workflow import authorisation_answers

from spo_cli.errors import CaseError
from spo_cli.yaml_edit import RoundTrip


def test_a_change_made_meanwhile_is_never_overwritten(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    document = RoundTrip.open(case)
    meanwhile = case.read_text().replace("Harlow", "Harlowe")
    case.write_text(meanwhile)
    document.set(("application", "interim_sought"), False)
    with pytest.raises(CaseError, match="changed on disk"):
        document.save()
    assert case.read_text() == meanwhile


def test_a_file_created_meanwhile_is_never_overwritten(tmp_path):
    case = tmp_path / "new.yaml"
    document = RoundTrip.open(case)
    case.write_text("schema: spo-case/1\n")
    document.set(("application", "reference"), "NS/SPO/2026/0001")
    with pytest.raises(CaseError):
        document.save()
    assert case.read_text() == "schema: spo-case/1\n"


def test_successive_saves_of_one_edit_are_fine(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    document = RoundTrip.open(case)
    for value in (True, False, True):
        document.set(("application", "interim_sought"), value)
        document.save()


def test_a_symlinked_case_file_is_written_through(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(case.name)
    result = spo("authorise", link, "--answers", authorisation_answers(tmp_path), "--no-input")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == case.name
    assert "content_hash: sha256:" in case.read_text()


def test_authorise_refuses_when_the_file_changed_during_the_questions(tmp_path):
    case = case_copy(tmp_path, "full-with-interim.yaml")
    child = pexpect.spawn(os.sys.executable, ["-m", "spo_cli", "authorise", str(case),
                                              "--as-of", "2026-11-19"],
                          env=ENV, encoding="utf-8", timeout=30, dimensions=(50, 160))
    play(child, AUTHORISE[:3])
    meanwhile = case.read_text().replace("Harlow", "Harlowe")
    case.write_text(meanwhile)  # a colleague's fix while the superintendent answers
    play(child, AUTHORISE[3:])
    child.expect("Seal this authorisation")
    child.expect(r"\S")
    child.send(YES)
    child.expect("changed on disk")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert case.read_text() == meanwhile
    assert not re.search(r"content_hash", meanwhile)
