"""A PDF never loses text silently: before converting, the case's characters are checked
against the installed fonts (fontconfig); a gap is exit 4 naming the script and the Debian
package, never the value. Fontconfig is narrowed to DejaVu only, as on a bare server."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import case_copy, spo

GIVEN = "name: {given: Daniel James, family: Harlow}"
NAME = "\u5f20\u4f1f"  # a CJK name


@pytest.fixture
def dejavu_only(tmp_path) -> dict[str, str]:
    fonts = "/usr/share/fonts/truetype/dejavu"
    if not os.path.isdir(fonts) or not shutil.which("fc-list"):
        pytest.skip("needs fontconfig and DejaVu")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir>'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@pytest.mark.parametrize("command", [["render", "--format", "pdf"], ["render", "--format", "both"],
                                     ["bundle"]])
def test_text_no_font_covers_is_exit_4_naming_script_and_package(tmp_path, dejavu_only, command):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     (GIVEN, f"name: {{given: \"{NAME}\", family: Harlow}}"))
    result = spo(command[0], case, "--draft", *command[1:], "--out", tmp_path / "out",
                 env=dejavu_only)
    assert result.returncode == 4, result.stderr
    assert "CJK" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert NAME not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_docx_needs_no_font_check(tmp_path, dejavu_only):
    case = case_copy(tmp_path, "full-with-interim.yaml",
                     (GIVEN, f"name: {{given: \"{NAME}\", family: Harlow}}"))
    result = spo("render", case, "--draft", "--out", tmp_path / "out", env=dejavu_only)
    assert result.returncode == 0, result.stderr


def test_covered_text_passes_the_check():
    from spo_cli.fonts import check_coverage

    check_coverage(["Daniel James Harlow", "caf\u00e9 \u2013 \u00a3120"])
