"""A variant for each student (issue 33, part 3): tools/variants.py and the checks' variant params.

* Every declared variant of the stress test passes the generator's rules: its model answers pass
  every check, its tipping points lie in their ranges, no verdict sits within 0.05 of a boundary,
  and no two variants share an answer; the rules reject variants that break them.
* A variant's model answers fail under the next variant's params (the whole cross is slow tier).
* The variant of a login follows an HMAC under the secret; signatures verify, and a missing,
  tampered or unknown one raises SignatureError with its reason.
* Slow tier: each model solution, run on every variant, earns every automatic mark on its own
  variant and not on any other; the summary of a class of 200 says how many share an answer.
* ``make assign``'s function writes signed copies with the student's numbers in the variant cell,
  a zip for the LMS and the list of variants; a secret inside the repository is refused; one
  student's copies are re-issued identically.

Outside the slow tier, everything here calls the library in this process (no notebook runs).
"""

from __future__ import annotations

import ast
import copy
import itertools
import json
import re
import zipfile
from pathlib import Path

import pytest

import grade  # tools/, put on sys.path by conftest.py
import variants as V
from alliances import checks
from alliances.value import PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
SECRET = b"a test secret, not the instructor's"
STRESS = V.VARIED


@pytest.fixture(scope="module")
def sets() -> dict[str, tuple[V.Variant, ...]]:
    return {name: V.variant_set(name) for name in grade.ASSIGNMENTS}


def test_each_varied_assignment_has_a_declared_set_that_passes_the_rules(sets) -> None:
    for name in STRESS:
        found = sets[name]
        assert len(found) >= V.MIN_VARIANTS == 30
        assert len({v.vid for v in found}) == len(found)
        for variant in found:              # variant_set has applied V.problems to each
            params = variant.params
            json.dumps(params)                                  # JSON-able, as the contract says
            assert set(params) == set(checks.STRESS_TEST_BOOK)
            assert (params["grows"], params["threshold"]) != ("allies", checks.CLAIM_THRESHOLD)
            assert params["syria"], "the book's Syria start (public, and on a boundary) is left out"
            share = 100 * 144.4 / 190.0                         # Table 4's population, by hand
            assert share - params["threshold"] >= V.BOUNDARY_GAP
            assert 0 < V.answer_key(variant)["population_growth_needed"] <= V.GROWTH_LIMIT
    assert [v.params for v in sets[STRESS[0]]] == [v.params for v in sets[STRESS[1]]]
    mine = V.variant_set(STRESS[0])[0]
    mine.params["syria"]["a"] = 9.0                       # a caller's copy, not the set's
    assert V.variant_set(STRESS[0])[0] == sets[STRESS[0]][0] != mine
    for name in ("score-a-case", "score-a-case-ug"):
        assert sets[name] == (V.Variant(name, V.OWN_CASE_VID, {}),)
        assert V.answer_key(sets[name][0]) == {}


def test_no_two_variants_share_an_answer(sets) -> None:
    keys = [V.answer_key(v) for v in sets[STRESS[0]]]
    growths = sorted(k["population_growth_needed"] for k in keys)
    assert min(b - a for a, b in itertools.pairwise(growths)) > 2 * checks._GROWTH_TOLERANCE
    lists = {(tuple(k["changes_verdict"]), tuple(k["becomes_ally"])) for k in keys}
    assert len(lists) == len(keys)


def test_task4_answer_by_hand(sets) -> None:
    """The growth Task 4 asks for, from Table 4's populations typed here (million people)."""
    population = {"Armenia": 3.0, "Belarus": 9.5, "Kazakhstan": 18.5, "Kyrgyzstan": 6.5,
                  "Russia": 144.4, "Tajikistan": 8.1}
    allies = sum(population.values()) - population["Russia"]
    for variant in sets[STRESS[0]]:
        grows, threshold = variant.params["grows"], variant.params["threshold"]
        grower = allies if grows == "allies" else population[grows]
        needed = population["Russia"] * (100 / threshold - 1) - allies
        expected = 100 * needed / grower
        assert V.answer_key(variant)["population_growth_needed"] == pytest.approx(expected)
        assert checks.check_population_growth(round(expected, 2), **variant.params).passed
        share = 100 * population["Russia"] / (sum(population.values()) + grower * expected / 100)
        assert share == pytest.approx(threshold)


def test_a_variants_answers_fail_on_the_next_variant(sets) -> None:
    found = sets[STRESS[0]]
    for here, there in zip(found, found[1:] + found[:1]):
        key = V.answer_key(here)
        assert V.score(key, here) == (7, 7)
        passed, run = V.score(key, there)
        assert passed <= run - 2, (here.vid, there.vid)     # Task 4 and Task 5 both fail


@pytest.mark.parametrize("params, rule", [
    ({"threshold": 76.0}, "within 0.05 of the threshold"),
    ({"threshold": 70.0, "grows": "Armenia"}, "outside (0, 200]"),
    ({"syria": {}}, "within 0.05 of a boundary"),        # the book's own preset: a nudge ties
    ({"syria": {"c_D1": 8}}, "not 'alternative'"),
    ({"syria": {"c_D1": 0, "c_D3": 0, "a": 10}}, "no tipping point lies within one nudge"),
    ({"grows": "Uzbekistan"}, "invalid params: grows must be one of"),
    ({"syria": {"a": 11}}, "invalid params: syria['a'] must be a number in [-10, 10]"),
])
def test_the_generator_rejects_a_variant_that_breaks_a_rule(params, rule) -> None:
    variant = V.Variant(STRESS[0], "bad", {"threshold": 65.0, "grows": "allies",
                                           "syria": {"c_D2": 0.2}, **params})
    assert any(rule in problem for problem in V.problems(variant)), V.problems(variant)


def test_model_answers_that_fail_are_reported() -> None:
    variant = V.variant_set(STRESS[0])[0]
    key = {**V.answer_key(variant), "becomes_ally": ["p_R1"]}
    assert V.score(key, variant) == (6, 7)


def test_checks_take_the_variants_params_with_the_books_as_defaults(sets) -> None:
    book = V.answer_key(V.book_variant(STRESS[0]))
    assert checks.check_population_growth(book["population_growth_needed"]).passed
    assert checks.check_population_growth(book["population_growth_needed"],
                                          **checks.STRESS_TEST_BOOK).passed
    variant = sets[STRESS[0]][0]
    for name, variables in V.grading_checks(STRESS[0]).items():
        check = getattr(checks, name)
        assert check(*(book[v] for v in variables)).passed, name
        assert check(*(V.answer_key(variant)[v] for v in variables), **variant.params).passed
    assert checks.check_report("", **variant.params).status == checks.NOT_DONE
    with pytest.raises(TypeError, match="takes the variant's keywords"):
        checks.check_russia_shares(book["russia_shares"], member="Armenia")
    with pytest.raises(ValueError, match="threshold must be a number above 0 and below 100"):
        checks.check_population_growth(5.0, threshold=120)
    message = str(checks.check_population_growth(1.0, threshold=70.0, grows="Belarus"))
    assert "Grow Belarus's population" in message and "exactly 70%" in message
    growth = checks._growth_needed(70.0, "Belarus")
    for answer in (growth - 3, growth + 3):               # the direction, never the answer
        message = str(checks.check_population_growth(answer, threshold=70.0, grows="Belarus"))
        assert "Not yet" in message and "too" in message
        assert not any(form in message for form in (f"{growth:.1f}", f"{growth:.2f}",
                                                      f"{round(growth)}%"))


def test_the_variant_is_an_hmac_of_the_login(sets) -> None:
    logins = [f"student{k:03d}" for k in range(200)]
    first = [V.variant_for(login, STRESS[0], SECRET).vid for login in logins]
    assert first == [V.variant_for(login, STRESS[0], SECRET).vid for login in logins]
    assert len(set(first)) >= 30                          # spread over the whole set
    other = [V.variant_for(login, STRESS[0], SECRET + b"!").vid for login in logins]
    assert sum(a != b for a, b in zip(first, other)) > 150   # another secret, other variants
    tracks = [V.variant_for(login, STRESS[1], SECRET).vid for login in logins]
    assert sum(a != b for a, b in zip(first, tracks)) > 150
    assert V.variant_for("curie", "score-a-case", SECRET).vid == V.OWN_CASE_VID
    with pytest.raises(ValueError, match="secret must be at least 16 bytes"):
        V.variant_for("curie", STRESS[0], b"short")
    summary = V.sharing(logins, SECRET)[STRESS[0]]
    assert summary[0] == len(set(first)) and summary[2] == max(first.count(v) for v in first)
    assert summary[1] == sum(first.count(v) for v in set(first) if first.count(v) > 1)


@pytest.fixture(scope="module")
def assigned(tmp_path_factory) -> tuple[Path, list[Path]]:
    work = tmp_path_factory.mktemp("assign")
    (work / "roster.csv").write_text("login,name\ncurie,Marie Curie\nnoether,Emmy Noether\n",
                                     encoding="utf-8")
    (work / "secret").write_bytes(SECRET + b"\n")
    return work, V.assign(work / "roster.csv", work / "secret", work / "out")


def _variant_cell(notebook: dict) -> dict:
    return next(ast.literal_eval(match.group(1)) for cell in notebook["cells"]
                for match in [re.search(r"^variant = (.*)$", "".join(cell["source"]), re.M)]
                if cell["cell_type"] == "code" and match)


def test_assign_writes_signed_copies_with_the_students_numbers(assigned) -> None:
    work, written = assigned
    out = work / "out"
    notebooks = sorted(p.relative_to(out).as_posix() for p in written if p.suffix == ".ipynb")
    assert notebooks == sorted(f"{login}/{login}-{name}.ipynb" for login in ("curie", "noether")
                               for name in grade.ASSIGNMENTS)
    with zipfile.ZipFile(out / "assignments-for-lms.zip") as zipped:
        assert sorted(zipped.namelist()) == notebooks
    rows = (out / "variants.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "login,assignment,variant" and len(rows) == 1 + 2 * len(grade.ASSIGNMENTS)
    for login in ("curie", "noether"):
        for name in grade.ASSIGNMENTS:
            notebook = json.loads((out / login / f"{login}-{name}.ipynb").read_text("utf-8"))
            assert notebook["metadata"]["otter"]["assignment_name"] == name
            assert grade.student_name(Path(f"{login}-{name}.ipynb"), name) == login
            signed = V.read_signed(notebook, SECRET)
            variant = V.variant_for(login, name, SECRET)
            assert signed == V.Signed(login, name, grade.track_of(name), variant.vid)
            assert f"{login},{name},{variant.vid}" in rows
            if name in STRESS:
                assert _variant_cell(notebook) == variant.params
            else:
                assert not any("variant = " in "".join(c["source"]) for c in notebook["cells"])


def test_the_book_notebooks_hold_the_books_variant() -> None:
    for name in STRESS:
        for path in (ROOT / "book" / "assignments" / f"{name}.ipynb",
                     ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb"):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            assert _variant_cell(notebook) == checks.STRESS_TEST_BOOK
            text = "\n".join("".join(c["source"]) for c in notebook["cells"])
            for call in ("check_population_growth(population_growth_needed, **variant)",
                         "check_syria_nudges(changes_verdict, becomes_ally, **variant)",
                         'stress_test_scenario(variant["syria"])'):
                assert call in text, (path.name, call)


@pytest.mark.parametrize("name", grade.ASSIGNMENTS)
def test_each_assignment_has_the_integrity_note(name: str) -> None:
    notebook = json.loads((ROOT / "book" / "assignments" / f"{name}.ipynb").read_text("utf-8"))
    notes = [c for c in notebook["cells"] if c["cell_type"] == "markdown"
             and "**What is recorded when your instructor grades.**" in "".join(c["source"])]
    assert len(notes) == 1
    text = " ".join("".join(notes[0]["source"]).split())
    for phrase in ("signature", "no network", "plain data",
                   "files your notebook opens outside its own folder", "network connections",
                   "other programs", "changes or replaces the book's checks"):
        assert phrase in text, (name, phrase)


def test_tampering_is_reported_by_name(assigned) -> None:
    work, _ = assigned
    notebook = json.loads((work / "out" / "curie" / "curie-stress-test-a-claim.ipynb")
                          .read_text("utf-8"))
    assert V.read_signed(notebook, SECRET).login == "curie"
    for field, value in (("login", "noether"), ("variant", "v01" if V.read_signed(
            notebook, SECRET).vid != "v01" else "v02"), ("assignment", "stress-test-a-claim-ug"),
                         ("signature", "0" * 64)):
        forged = copy.deepcopy(notebook)
        forged["metadata"]["alliances"][field] = value
        with pytest.raises(V.SignatureError) as error:
            V.read_signed(forged, SECRET)
        assert error.value.reason.startswith("tampered"), field
    with pytest.raises(V.SignatureError, match="tampered"):
        V.read_signed(notebook, SECRET + b"?")                 # another instructor's secret
    bare = copy.deepcopy(notebook)
    del bare["metadata"]["alliances"]
    with pytest.raises(V.SignatureError, match="missing"):
        V.read_signed(bare, SECRET)
    with pytest.raises(V.SignatureError, match="missing"):
        V.read_signed({"cells": []}, SECRET)
    unknown = copy.deepcopy(notebook)
    meta = {**notebook["metadata"]["alliances"], "variant": "v99"}
    unknown["metadata"]["alliances"] = {**meta, "signature": V.sign(meta, SECRET)}
    with pytest.raises(V.SignatureError, match="unknown variant"):
        V.read_signed(unknown, SECRET)
    # editing the variant cell changes nothing the grader reads
    edited = copy.deepcopy(notebook)
    for cell in edited["cells"]:
        cell["source"] = [re.sub(r"^variant = .*", "variant = {}", line) for line in cell["source"]]
    assert V.read_signed(edited, SECRET) == V.read_signed(notebook, SECRET)


def test_reissuing_one_student_rewrites_the_same_copies(assigned) -> None:
    work, written = assigned
    before = {p: p.read_bytes() for p in written if "curie" in p.parts}
    again = V.assign(work / "roster.csv", work / "secret", work / "out", only="curie")
    assert sorted(again) == sorted(before)
    assert all(p.read_bytes() == data for p, data in before.items())
    with pytest.raises(ValueError, match="LOGIN=lovelace is not in ROSTER"):
        V.assign(work / "roster.csv", work / "secret", work / "out", only="lovelace")


def test_the_secret_stays_outside_the_repository(tmp_path) -> None:
    with pytest.raises(ValueError, match="inside the repository"):
        V.read_secret(ROOT / "README.md")
    (tmp_path / "short").write_text("abc\n", encoding="utf-8")
    with pytest.raises(ValueError, match="use at least 16 random bytes"):
        V.read_secret(tmp_path / "short")
    with pytest.raises(FileNotFoundError, match="no such file"):
        V.read_secret(tmp_path / "missing")
    (tmp_path / "roster.csv").write_text("login\ncurie\ncurie\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lists curie twice"):
        V.read_roster(tmp_path / "roster.csv")
    assert set(PARAMETERS) >= set(checks.STRESS_TEST_BOOK["syria"])  # the book's start: {}


# ---------------------------------------------------------------------------
# Slow tier: the model solutions, run on every variant
# ---------------------------------------------------------------------------

def _judge(name: str, answers: dict, variant: V.Variant) -> tuple[float, float]:
    """(marks, possible) of the automatic part: the grader's own entry point where it has one
    (tools/grade.py's ``judge_answers``, the judge's design), else the same checks called here."""
    judge_answers = getattr(grade, "judge_answers", None)
    if judge_answers is not None:
        results = judge_answers(name, answers, variant.params)
        return sum(r.score for r in results), sum(r.possible for r in results)
    passed, run = V.score(answers, variant)
    report = checks.check_report(answers.get("report"), **variant.params).passed
    return passed + report, run + 1


def _solution_answers(name: str, found: tuple[V.Variant, ...]) -> dict[str, dict]:
    """The named answers of ``name``'s model solution, run once on each variant in one kernel."""
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "instructor" / "solutions" / f"{name}-solution.ipynb"
    solution = nbformat.read(path, as_version=4)
    code = [c.source for c in solution.cells if c.cell_type == "code"]
    assert sum(bool(V.VARIANT_LINE.search(source)) for source in code) == 1
    names = [*V.answer_key(found[0]), "report"]
    run = nbformat.v4.new_notebook()
    run.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                  "language": "python"}
    for variant in found:
        line = f"variant = {variant.params!r}".replace("\\", "\\\\")
        run.cells += [nbformat.v4.new_code_cell(V.VARIANT_LINE.sub(line, source)) for source in code]
        run.cells.append(nbformat.v4.new_code_cell(
            f"import json as _json\nprint(_json.dumps({{'vid': {variant.vid!r}, 'answers': "
            f"{{n: globals()[n] for n in {names!r}}}}}, default=float))"))
    NotebookClient(run, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    answers = {}
    for cell in run.cells:
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
        if cell.source.startswith("import json as _json"):
            found_one = json.loads(text.strip().splitlines()[-1])
            answers[found_one["vid"]] = found_one["answers"]
    return answers


@pytest.mark.slowtier
@pytest.mark.parametrize("name", STRESS)
def test_each_model_solution_scores_full_marks_on_its_own_variant_only(name: str) -> None:
    found = V.variant_set(name)
    answers = _solution_answers(name, found)
    assert sorted(answers) == sorted(v.vid for v in found)
    for mine in found:
        marks, possible = _judge(name, answers[mine.vid], mine)
        assert marks == possible > 0, (mine.vid, marks, possible)
        for other in found:
            if other.vid != mine.vid:
                marks, possible = _judge(name, answers[mine.vid], other)
                assert marks < possible, (mine.vid, other.vid)
    # The run's summary for a class of 200: how many students share an answer vector.
    logins = [f"student{k:03d}" for k in range(200)]
    for line in V.sharing_lines(logins, SECRET):
        print(line)
    used, shared, largest = V.sharing(logins, SECRET)[name]
    assert used == len(found) and 200 - used <= shared <= 200 and largest <= 15   # pigeonholes


def test_a_signature_that_is_not_hex_is_tampered_not_a_crash() -> None:
    """A student controls the metadata: a signature of other characters (hmac.compare_digest
    raises TypeError on non-ASCII text), or not text at all, is reported as tampered."""
    meta = V.signed_metadata("curie", "stress-test-a-claim", SECRET)
    assert V.read_signed({"metadata": {"alliances": meta}}, SECRET).login == "curie"
    for signature in ("é" * 64, meta["signature"][:-1] + "é", meta["signature"].upper(), 12,
                      None, [meta["signature"]]):
        forged = {"metadata": {"alliances": {**meta, "signature": signature}}}
        with pytest.raises(V.SignatureError, match=r"^tampered"):
            V.read_signed(forged, SECRET)
    for metadata in ([], "x", {"alliances": []}):
        with pytest.raises(V.SignatureError, match=r"^missing"):
            V.read_signed({"metadata": metadata}, SECRET)
