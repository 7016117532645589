"""``import alliances`` defers the IRI grammar that jsonschema would build at import (alliances.imports)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("rfc3987_syntax")

_PROBE = """
import json, sys
import alliances, jsonschema
before = "lark" in sys.modules
check = jsonschema.Draft7Validator.FORMAT_CHECKER
answers = [check.conforms("http://example.org/a b", "iri"),
           check.conforms("http://example.org/ä", "iri"),
           check.conforms("relative/ä?x=1", "iri-reference")]
print(json.dumps({"before": before, "answers": answers, "after": "lark" in sys.modules,
                  "real": not getattr(sys.modules["rfc3987_syntax"], "__alliances_stand_in__", False)}))
"""


def _probe(code: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_grammar_waits_until_an_iri_is_checked_and_then_answers_as_before():
    found = _probe(_PROBE)
    assert found["before"] is False           # importing alliances and jsonschema built no grammar
    assert found["answers"] == [False, True, True]
    assert found["after"] is True and found["real"] is True


def test_nothing_is_deferred_once_jsonschema_is_loaded():
    found = _probe("import json, jsonschema\nfrom alliances.imports import defer_iri_grammar\n"
                   "print(json.dumps({'installed': defer_iri_grammar()}))")
    assert found == {"installed": False}


def test_a_look_at_the_stand_in_builds_no_grammar():
    """Tools that walk ``sys.modules`` and read each module's dunders (hypothesis's pytest plugin
    reads ``__file__`` at collection) leave the grammar unbuilt; a real name still loads it."""
    found = _probe("import json, sys\nimport alliances\nimport rfc3987_syntax as r\n"
                   "looks = [getattr(m, '__file__', None) for m in list(sys.modules.values())]\n"
                   "seen = {'file': r.__file__, 'cached': getattr(r, '__cached__', None),\n"
                   "        'lark': 'lark' in sys.modules}\n"
                   "r.RFC3987_SYNTAX_TERMS\n"
                   "seen['after'] = 'lark' in sys.modules\nprint(json.dumps(seen))")
    assert found["file"].endswith("rfc3987_syntax/__init__.py") and found["cached"] is None
    assert found["lark"] is False and found["after"] is True
