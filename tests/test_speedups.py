"""The speed mechanisms' switch (alliances.speedups), and the private names of pytest-xdist that
the test scheduler still needs (the rent table of CONTRIBUTING.md lists it with its fallback)."""

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


def test_the_scheduler_finds_the_private_names_of_xdist_it_overrides():
    # tests/conftest.py's scheduler overrides these (pytest-xdist 3.8.0); if an upgrade renames
    # them, this fails: run with ALLIANCES_OFF=test-scheduler (xdist's own --dist loadfile).
    import inspect

    from xdist.scheduler import LoadScopeScheduling

    assert list(inspect.signature(LoadScopeScheduling._split_scope).parameters) == ["self", "nodeid"]
    assert list(inspect.signature(LoadScopeScheduling._assign_work_unit).parameters) == ["self", "node"]
    assert "self.workqueue: OrderedDict[" in inspect.getsource(LoadScopeScheduling.__init__)
