"""The private parts of Jinja and docxtpl that spo_cli/render.py relies on, exercised exactly
as render.py uses them, so that an upgrade which changes them fails here, loudly, and not in a
court form. The versions are pinned (~=) in pyproject.toml; raise a pin only with this file
green.

- jinja2: `Undefined._undefined_message` (overridden by a property), `_undefined_obj`,
  `_undefined_name`, `jinja2.utils.missing` (the missing-value error names the field path);
- docxtpl: `DocxTemplate.__new__` without `__init__` (only the tag patcher is wanted, no
  document), `patch_xml` on such an instance, `resolve_listing` called unbound with None."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Undefined, UndefinedError
from jinja2.utils import missing

from spo_cli.render import environment, named


@pytest.mark.parametrize("package,series", [("jinja2", "3.1."), ("docxtpl", "0.20.")])
def test_installed_versions_are_the_pinned_series(package, series):
    assert version(package).startswith(series)


def test_jinja_undefined_still_has_the_private_members_spo_overrides():
    assert isinstance(Undefined.__dict__["_undefined_message"], property)
    assert issubclass(StrictUndefined, Undefined)
    assert {"_undefined_obj", "_undefined_name"} <= set(Undefined.__slots__)
    assert Undefined(obj=missing, name="x")._undefined_obj is missing


@pytest.mark.parametrize("source,message", [
    ("{{ court.name }}", "'court.name' is undefined"),
    ("{{ conduct[0].when }}", "'conduct[0].when' is undefined"),
    ("{{ nothing }}", "'nothing' is undefined"),
    ("{% if court.lja %}x{% endif %}", "'court.lja' is undefined"),
])
def test_a_missing_value_is_named_by_its_field_path(source, message):
    context = named({"court": {"code": "C1"}, "conduct": [{"what": "w"}]})
    with pytest.raises(UndefinedError) as raised:
        environment().from_string(source).render(context)
    assert str(raised.value) == message


@pytest.mark.parametrize("xml,expected", [
    # a tag split across runs by Word is joined into one run
    ("<w:p><w:r><w:t>{{ a</w:t></w:r><w:r><w:t> }}</w:t></w:r></w:p>",
     '<w:p><w:r><w:t xml:space="preserve">{{ a }}</w:t></w:r></w:p>'),
    # a {%p %} tag replaces its whole paragraph
    ("<w:p><w:r><w:t>{%p if x %}</w:t></w:r></w:p>", "{% if x %}"),
])
def test_docxtpl_patches_tags_on_an_instance_made_without_init(xml, expected):
    patcher = DocxTemplate.__new__(DocxTemplate)
    assert patcher.patch_xml(xml) == expected


def test_docxtpl_resolve_listing_works_unbound_and_turns_newlines_into_breaks():
    xml = "<w:p><w:r><w:t>a\nb</w:t></w:r></w:p>"
    assert DocxTemplate.resolve_listing(None, xml) == \
        '<w:p><w:r><w:t>a</w:t><w:br/><w:t xml:space="preserve">b</w:t></w:r></w:p>'
