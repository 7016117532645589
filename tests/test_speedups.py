"""The speed mechanisms' switch (alliances.speedups) and the page mechanisms it turns off."""

from __future__ import annotations

import pytest

from alliances import speedups
from alliances.sphinxext import finish_site


def test_the_switch_turns_off_the_names_it_lists_or_all():
    assert speedups.turned_off({}) == frozenset()
    assert speedups.turned_off({"ALLIANCES_OFF": " held-scripts, chart-pictures "}) == \
        {"held-scripts", "chart-pictures"}
    assert speedups.turned_off({"ALLIANCES_OFF": "all"}) == set(speedups.MECHANISMS)
    assert speedups.on("cached-eval", {"ALLIANCES_OFF": "held-scripts"})
    assert not speedups.on("cached-eval", {"ALLIANCES_OFF": "all"})


def test_an_unknown_name_is_refused_with_the_allowed_ones():
    with pytest.raises(ValueError, match=r"ALLIANCES_OFF must list names from .*'chart-pictures'.*"
                                         r"got 'held-script'"):
        speedups.turned_off({"ALLIANCES_OFF": "held-script"})
    with pytest.raises(ValueError, match=r"name must be one of .* got 'pictures'"):
        speedups.on("pictures", {})


PAGE = ('<html><head><link rel="stylesheet" href="_static/x.css" /><script defer '
        'src="_static/scripts/bootstrap.js?digest=1"></script></head><body><p>text</p></body></html>')


@pytest.mark.parametrize(("off", "held"), [
    (frozenset(), True), ({"chart-pictures"}, True), ({"held-scripts"}, False),
    (set(speedups.MECHANISMS), False)])
def test_finish_site_applies_only_the_page_mechanisms_that_are_on(tmp_path, off, held):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    finish_site(tmp_path, None, off)
    text = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert ('data-alliances-later="_static/scripts/bootstrap.js?digest=1"' in text) == held
    assert (text == PAGE) == (not held)

