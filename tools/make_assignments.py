"""Write the two assignment notebooks and their instructor solutions (nbformat v4, no outputs).

Each notebook is described once as a list of cells; a cell given as (student, solution)
differs between the two versions. Run from the repository: .venv/bin/python tools/make_assignments.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

SETUP = '''# Setup: make the book's library importable (installs it on Colab or Binder if missing).
try:
    import alliances
except ImportError:  # pragma: no cover - only outside the book's environment
    %pip install --quiet "alliances @ git+https://github.com/asymmetric-alliances/asymmetric-alliances"
    import alliances'''

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def md(text):
    return ("md", text.strip("\n"))


def answer(question, solution):
    """A question, then a Markdown answer cell: empty for students, filled in the solution."""
    return [md(question), ("mdvar", "*Your answer:* (double-click this cell and write here)",
                           "*Model answer:* " + solution.strip("\n"))]


def code(student, solution=None):
    return ("code", student.strip("\n"), None if solution is None else solution.strip("\n"))


def build(cells, solution):
    nb = new_notebook(metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    flat = []
    for cell in cells:
        flat.extend(cell if isinstance(cell, list) else [cell])
    for cell in flat:
        if cell[0] == "mdvar":
            nb.cells.append(new_markdown_cell(cell[2] if solution else cell[1]))
        elif cell[0] == "md":
            nb.cells.append(new_markdown_cell(cell[1]))
        elif cell[0] == "setup":
            nb.cells.append(new_code_cell(SETUP, metadata={"tags": ["remove-cell"]}))
        else:
            _, student, sol = cell
            nb.cells.append(new_code_cell(sol if (solution and sol is not None) else student))
    return nb


def write(cells, student_path, solution_path, solution_note):
    student = build(cells, solution=False)
    solution = build(cells, solution=True)
    solution.cells.insert(1, new_markdown_cell(solution_note.strip("\n")))
    for nb, path in ((student, student_path), (solution, solution_path)):
        path.parent.mkdir(parents=True, exist_ok=True)
        for i, c in enumerate(nb.cells):
            c["id"] = f"cell-{i:02d}"   # stable ids: regenerating gives the same file
        nbformat.validate(nb)
        nbformat.write(nb, path)
        print("wrote", path)


SUBMIT = """
:::{admonition} How the checks work
:class: note
Each blank in this notebook is a variable that starts as a placeholder (`None`, `{}` or `""`).
Replace the placeholder, run the cell, then run the check below it. A check answers in one line:

- ✔ **Passed**: this part is right, or complete enough to hand in;
- ✎ **Not done yet**: the variable still holds its placeholder;
- ✘ **Not yet**: something is wrong. The message says what to look at, never what the answer is.

A passed check is necessary for full marks but not sufficient: your instructor marks the reasoning
in your written answers.
:::
"""

# ---------------------------------------------------------------------------
# Assignment 1: score a case of your choice
# ---------------------------------------------------------------------------

SCORE = [
    md("""
# Assignment 1: Score a case of your choice

:::{admonition} Learning objectives
:class: tip
After this assignment you will be able to:

1. turn an argument about one alliance into the 17 inputs of the formula $b - c \\ge a > 0$, giving a source for every number;
2. compute the verdict with {py:class}`alliances.Scenario` and explain where it comes from;
3. read a sensitivity chart, find the input on which the verdict hinges, and defend your value of it.
:::

You play the analyst in a foreign ministry. Pick one pair of states, a major power and a much weaker state (a {term}`dyad`), and decide whether a formal alliance between them is worth it to the major power. The pair may be allied today or not. The theory and the formula come from {cite:t}`istomin2021`; the four benefit functions, the costs and the alternatives are set out in the {doc}`../theory/benefits`, {doc}`../theory/costs` and {doc}`../theory/alternatives` chapters. Read them first.
"""),
    ("setup",),
    code("""
import pandas as pd
from alliances import Scenario, cases, checks, sensitivity

pd.set_option("display.max_colwidth", None)   # show whole justifications
"""),
    md(SUBMIT + """
## Marks and submission

| Task | What you do | Checked in the notebook | Marks |
| --- | --- | --- | --- |
| 1 | Choose a dyad | yes | 5 |
| 2 | Score the 17 inputs and justify each from a source | form only | 40 |
| 3 | Compute the verdict | yes | 10 |
| 4 | Find the most sensitive input and defend the verdict | partly | 35 |
| 5 | List your sources | form only | 10 |
| | **Total** | | **100** |

**To submit:** restart the kernel and run every cell (in JupyterLab: *Kernel → Restart Kernel and Run All Cells*), check that every line of feedback says *Passed*, save, and hand in the `.ipynb` file named `surname-score-a-case.ipynb`. Work on your own; you may discuss sources with others, but your numbers and your words must be yours.
"""),
    md("""
## Task 1: Choose a dyad (5 marks)

Choose a major power (the patron) and a much weaker state (the ally). Good choices are pairs you can find sources on: a treaty, a base, arms deliveries, votes in the UN. The book's own {term}`teaching judgements <teaching judgement>` for five pairs can serve as models; their verdicts are:
"""),
    code("""
cases.preset_summary()
"""),
    md("""
You may choose one of these pairs, but then every number you enter must be your own and argued from your own reading: copying a preset scores no marks in Task 2. Write the two names in quotes.
"""),
    code('''
patron = None   # the major power, e.g. "France"
ally = None     # the weaker state
''', '''
patron = "Russia"
ally = "Tajikistan"
'''),
    code("""
checks.check_dyad(patron, ally)
"""),
    md("""
## Task 2: Score every input and justify it (40 marks)

The formula needs 17 inputs: for each benefit function of Table 1 a value (0–10 value points, if it materialises) and a probability (0–1); the three direct costs and the opportunity cost (0–10); for each of the two risks a probability (0–1) and a damage (0–10); and $a$, the {term}`net value` of the best alternative (−10 to 10). Where you have no reason to move a benefit's probability, start from the {term}`compliance rate` of 0.75 and say so.

Every input needs a **justification**: one sentence of at least eight words that gives your reason and names its source, such as the article's section ("Istomin 2021, §6"), a table or footnote, or a document with its year. Here is how the book justifies its Russia–Armenia preset:
"""),
    code("""
model = cases.preset_table()
model.loc[model["case"] == "Russia–Armenia", ["parameter", "value", "justification", "source"]]
"""),
    md("""
Fill in the three cells below: replace every `None` by a number and every `""` by your sourced reason. Values are in "value points", a scale that only ranks gains against losses: the numbers are a thinking tool, not a measurement.
"""),
    code('''
# Every input and every reason starts as None.
inputs = dict.fromkeys(sensitivity.PARAMETERS)
justifications = dict.fromkeys(sensitivity.PARAMETERS)
'''),
    code('''
# Benefits (Table 1): value if it materialises (0-10), probability (0-1).
inputs.update({"b_1A": None, "p_1A": None, "b_1B": None, "p_1B": None,
               "b_2A": None, "p_2A": None, "b_2B": None, "p_2B": None})
justifications.update({"b_1A": "", "p_1A": "", "b_1B": "", "p_1B": "",
                       "b_2A": "", "p_2A": "", "b_2B": "", "p_2B": ""})
''', '''
# Benefits (Table 1): value if the function materialises (0-10) and its probability (0-1).
inputs.update({"b_1A": 0, "p_1A": 0.75, "b_1B": 2, "p_1B": 0.6,
               "b_2A": 8, "p_2A": 0.6, "b_2B": 5, "p_2B": 0.75})
justifications.update({
    "b_1A": "Tajikistan holds 4% of CSTO population and 0.1% of its defence spending (Table 4): it can never rival Russia.",
    "p_1A": "Kept at the 0.75 compliance rate of Leeds et al. 2000; it has no effect because the value of 1A is zero.",
    "b_1B": "The article says the alliance limits members' ties with Western states (§6), but gives no Tajik example, so the value is small.",
    "p_1B": "Below 0.75 because Istomin 2021, §6 stresses that even dependent allies do not simply obey Moscow.",
    "b_2A": "Stabilising Tajikistan is a prime aim: drugs from Afghanistan and migration cross it, and Russian forces long guarded its border (§6).",
    "p_2A": "Below 0.75: Tajikistan needed a CIS peacekeeping operation in the 1990s (§6), and weak institutions may not turn support into security (§4).",
    "b_2B": "Tajikistan hosts a Russian base that extends Moscow's military presence in Central Asia (Istomin 2021, §6).",
    "p_2B": "The 0.75 compliance rate: the base is in place and the article gives no reason to move it (§6, Leeds et al. 2000).",
})
'''),
    code('''
# Costs (Table 2): direct and opportunity costs (0-10);
# each risk's probability (0-1) and damage (0-10).
inputs.update({"c_D1": None, "c_D2": None, "c_D3": None, "c_O1": None,
               "p_R1": None, "d_R1": None, "p_R2": None, "d_R2": None})
justifications.update({"c_D1": "", "c_D2": "", "c_D3": "", "c_O1": "",
                       "p_R1": "", "d_R1": "", "p_R2": "", "d_R2": ""})
''', '''
inputs.update({"c_D1": 1.5, "c_D2": 0.5, "c_D3": 2, "c_O1": 0.5,
               "p_R1": 0.3, "d_R1": 5, "p_R2": 0.3, "d_R2": 3})
justifications.update({
    "c_D1": "Keeping a base and border forces costs money, but Istomin 2021, §6 finds Russia's direct costs limited.",
    "c_D2": "Market access is not among the costs the article stresses for Russia's allies (Istomin 2021, §6).",
    "c_D3": "Tajikistan is a main recipient of Russian development aid and buys arms at Russian domestic prices (§5-6).",
    "c_O1": "Central Asian disputes did not spill over into Russia's relations with Uzbekistan, says Istomin 2021, §6.",
    "p_R1": "The Kyrgyz crisis of 2010 shows that an ally's internal conflict can call for Russian troops (§6).",
    "d_R1": "Being drawn into fighting on the Afghan border or inside Tajikistan would be costly (Istomin 2021, §3).",
    "p_R2": "Russia refused troops to Kyrgyzstan in 2010, so allies may doubt its informal promises (Istomin 2021, §6).",
    "d_R2": "Doubts about Russian guarantees would hurt the reputation of the CSTO that Russia leads (§6, Istomin 2021).",
})
'''),
    code('''
# The best alternative (Table 3): its net value a, from -10 to 10.
inputs["a"] = None
justifications["a"] = ""
''', '''
inputs["a"] = 1
justifications["a"] = ("Arms supplies alone may not help a weak state whose institutions cannot absorb "
                       "them, so the alternative is worth little (Istomin 2021, §4).")
'''),
    code("""
checks.check_scenario(inputs, justifications)
"""),
    md("""
## Task 3: Compute the verdict (10 marks)

Build a {py:class}`~alliances.Scenario` from your inputs with {py:meth}`Scenario.from_params <alliances.Scenario.from_params>` and call its {py:meth}`~alliances.Scenario.assess` method. Store the scenario in `my_scenario` and the assessment in `result`.
"""),
    code('''
my_scenario = None   # build it from `inputs`
result = None        # then assess it
result
''', '''
my_scenario = Scenario.from_params(inputs)
result = my_scenario.assess()
print(result)
'''),
    code("""
checks.check_result(result, inputs)
"""),
    md("""
## Task 4: Defend the verdict against a sensitivity chart (35 marks)

A verdict is only as good as the inputs it rests on. A **sensitivity chart** asks, for each input in turn: if this one number were different and all the others stayed as they are, what would the verdict be? Each strip runs from the lowest to the highest value the input can take and is coloured by the verdict there; the black diamond marks the current value. Here is the chart for the book's US–Japan preset:
"""),
    code("""
sensitivity.sensitivity_chart(cases.get_preset("US–Japan"))
"""),
    md("""
That verdict, "ally", is robust: eight of the inputs cannot flip it anywhere in their range (their strips have one colour), and the nearest change of colour is on the row of $a$, which would have to rise from 2 to almost 8. Compare distances as a share of each input's range: a probability moving by 0.1 and a cost moving by 1 are both a tenth of the way across. Hover over a strip or a diamond to see the exact values.

Now draw the chart for **your** scenario, and use `sensitivity.tipping_points` for the exact values at which the verdict changes.
"""),
    code('''
my_chart = None   # the sensitivity chart of my_scenario
my_chart
''', '''
my_chart = sensitivity.sensitivity_chart(my_scenario)
my_chart
'''),
    code('''
tipping = None    # the tipping-point table of my_scenario
tipping
''', '''
tipping = sensitivity.tipping_points(my_scenario)
tipping[["parameter", "value", "down", "up", "distance"]].sort_values("distance").head()
'''),
    md("""
Answer in the cell below:

- `most_sensitive`: the name of the input (such as `"p_R1"`) whose smallest move, as a share of its range, flips your verdict; if several tie, name any one of them; if none can flip it, write `"none"`.
- `defence`: 80 to 400 words. Name that input, say how far it would have to move, and argue from your sources whether such a move is plausible. End by saying whether your verdict stands.
"""),
    code('''
most_sensitive = None
defence = ""
''', '''
most_sensitive = "a"
defence = """The verdict for Russia-Tajikistan is 'ally', and it hinges most on the alternative a.
The tipping-point table shows that the verdict would become 'alternative' if the net value of the
best alternative rose from 1 to 2.85, the alliance's net value: less than a tenth of its range. The
four direct and opportunity costs come next: each would have to rise by 1.85. Is such a rise plausible? The alternative the article
discusses is military-technical assistance without a guarantee. For a state with weak institutions
that assistance may not produce security, because the state cannot absorb the weapons (Istomin
2021, section 4), and the Russian base and border role in Tajikistan would be hard to keep without a
treaty. I therefore keep a low. The costs are the second risk: if fighting spread from Afghanistan,
the direct cost of the base and the damage of entrapment could grow together, and the verdict would
then fall. I judge that the verdict stands, but with a smaller margin than the book's Armenia preset."""
'''),
    code("""
checks.check_defence(inputs, most_sensitive, defence)
"""),
    md("""
## Task 5: List your sources (10 marks)

Give the full reference of every source your justifications cite, one a line: author, year, title, and where it was published (or its URL and the date you accessed it). The main article, {cite:t}`istomin2021`, is always one of them.
"""),
    code('''
sources = """
"""
''', '''
sources = """
Istomin, I. 2021. Management of Security Commitments in Asymmetric Alliances: The Case of Russia. International Trends.
Leeds, B. A., Long, A. G., Mitchell, S. M. 2000. Reevaluating Alliance Reliability. Journal of Conflict Resolution 44(5).
Treaty on Friendship, Cooperation and Mutual Assistance between Russia and Tajikistan, 25 May 1993.
"""
'''),
    code("""
checks.check_sources(sources)
"""),
    md("""
## Before you hand in

Restart the kernel and run all cells, and check that all five lines of feedback say *Passed*. Your instructor will also read your justifications (are they specific to your dyad, and faithful to the sources?), your defence (does it take the chart seriously?) and whether your verdict follows from your numbers.
"""),
]

SCORE_NOTE = """
:::{admonition} Instructor solution: do not distribute
:class: warning
This is the instructor's filled-in version of *Score a case of your choice*. Every check passes.
The numbers for Russia–Tajikistan are a worked example, a teaching judgement like the book's presets,
not the one right answer: mark a student's numbers on the quality of their reasons and sources.

**Marking guide.** Task 2 (40): 2 marks per input for a specific, sourced reason (34), 6 for overall
consistency (do the probabilities and values reflect the same reading of the sources?). Task 4 (35):
5 for the right input (checked), 10 for reading the tipping point correctly, 15 for weighing whether
the move is plausible, 5 for a clear conclusion. Tasks 1, 3 and 5: full marks when the check passes
and the answer is the student's own.
:::
"""

# ---------------------------------------------------------------------------
# Assignment 2: replicate and stress-test a claim
# ---------------------------------------------------------------------------

STRESS = [
    md("""
# Assignment 2: Replicate and stress-test a claim

:::{admonition} Learning objectives
:class: tip
After this assignment you will be able to:

1. recompute a published figure from the data behind it;
2. test a claim against another threshold, another period and other plausible values, and say how much room it has;
3. test whether a verdict of the formula $b - c \\ge a > 0$ survives small changes to each of its inputs;
4. report in plain words whether a claim holds and how robust it is.
:::

A claim is robust when it survives reasonable changes to the way it was tested. In this assignment you test two claims of different kinds.

- **Claim A (data).** In the {term}`CSTO`, Russia holds over three quarters of the members' combined population, GDP and defence spending. {cite:t}`istomin2021` shows this in Table 4 and uses the gap to call the CSTO an asymmetric alliance. The wording "over three quarters" is this assignment's summary of the table.
- **Claim B (judgement).** For Russia and Syria, a formal alliance is not the best option: assistance without a treaty does better. The article records that Moscow chose not to sign an alliance with Damascus so that it could withdraw support at any time {cite:p}`istomin2021`; the book's Russia–Syria preset turns that argument into numbers whose verdict is "alternative". Those numbers are {term}`teaching judgements <teaching judgement>`.
"""),
    ("setup",),
    code("""
import pandas as pd
from alliances import Verdict, cases, checks, russia

pd.set_option("display.max_colwidth", None)   # show whole justifications
"""),
    md(SUBMIT + """
## Marks and submission

| Task | What you do | Checked in the notebook | Marks |
| --- | --- | --- | --- |
| 1 | Replicate Table 4 | yes | 10 |
| 2 | Move the threshold | yes | 10 |
| 3 | Change the period: leave out the 2015 figure | yes | 15 |
| 4 | Measure the claim's margin | yes | 20 |
| 5 | Nudge every input of the Russia–Syria preset | yes | 25 |
| 6 | Report | form only | 20 |
| | **Total** | | **100** |

**To submit:** restart the kernel and run every cell (*Kernel → Restart Kernel and Run All Cells*), check that every line of feedback says *Passed*, save, and hand in the `.ipynb` file named `surname-stress-test.ipynb`. Your written answers to the questions (in the cells marked *Your answer*) carry half the marks of Tasks 2 to 5.
"""),
    md("""
## Claim A: Russia's weight in the CSTO

### Task 1: Replicate Table 4 (10 marks)

The article's Table 4 gives each member's population, GDP and defence expenditure and its share of the six members' total. The book keeps the absolute values, exactly as printed, in a small data file:
"""),
    code("""
potential = russia.material_potential()
potential[["country", "indicator", "unit", "year", "value"]]
"""),
    md("""
Compute Russia's share of each indicator yourself: Russia's value divided by the total of all six members, times 100. Store the three percentages in a dict with the keys `"population"`, `"gdp"` and `"milex"` (defence expenditure). Then compare them with the shares printed in the article's Table 4.
"""),
    code('''
# {"population": ..., "gdp": ..., "milex": ...}, in percent
russia_shares = {}
russia_shares
''', '''
russia_shares = {}
for indicator, rows in potential.groupby("indicator"):
    russia_value = rows.loc[rows["country"] == "Russia", "value"].sum()
    russia_shares[indicator] = 100 * russia_value / rows["value"].sum()
russia_shares
'''),
    code("""
checks.check_russia_shares(russia_shares)
"""),
    md("""
### Task 2: Move the threshold (10 marks)

"Over three quarters" sets the bar at 75%. A claim that holds at one threshold may fail at a slightly higher one. On which indicator does Russia hold its **smallest** share? That share is the highest threshold at which the claim still holds for every indicator.
"""),
    code('''
weakest_indicator = None   # "population", "gdp" or "milex"
''', '''
weakest_indicator = min(russia_shares, key=russia_shares.get)
weakest_indicator
'''),
    code("""
checks.check_weakest_indicator(weakest_indicator)
"""),
    *answer("""
**Question.** Would the claim still hold if it said "over four fifths"? Which indicator decides? (Two sentences.)
""", """
No. Population decides: Russia's share of it is above three quarters but below four fifths, while its shares of GDP and defence spending clear both bars.
"""),
    md("""
### Task 3: Change the period (15 marks)

Look at the `year` column: one figure, Tajikistan's defence expenditure, is for 2015, while every other is for 2019. The article marks it with an asterisk and still adds it to the 2019 total. A stricter test uses one year only. Compute Russia's share of defence expenditure when only the 2019 figures count, that is, with Tajikistan's 2015 figure left out of the total.
"""),
    code('''
# Russia's share (%) of the 2019 defence figures
milex_without_tajikistan = None
''', '''
milex = potential[potential["indicator"] == "milex"]
same_year = milex[milex["year"] == 2019]
russia_milex = same_year.loc[same_year["country"] == "Russia", "value"].sum()
milex_without_tajikistan = 100 * russia_milex / same_year["value"].sum()
milex_without_tajikistan
'''),
    code("""
checks.check_milex_without_tajikistan(milex_without_tajikistan)
"""),
    *answer("""
**Question.** Does leaving the figure out weaken or strengthen the claim? Explain why leaving out any member can only raise Russia's share, and what kind of change to the data **would** be a hard test of the claim.
""", """
It strengthens it, by little more than a tenth of a point. Removing a member takes a positive number out of the total while Russia's value stays, so Russia's share can only rise. A hard test must make the denominator larger: add members (past or future), use the allies' figures in a year when they were higher, or choose indicators on which the allies are relatively stronger.
"""),
    md("""
### Task 4: How much room does the claim have? (20 marks)

A claim that holds by a wide margin is more robust than one that holds by a whisker. Keep Russia's population fixed and let the five allies' combined population grow. By what percentage would it have to grow for Russia's share to fall to exactly 75%? Give the growth in percent (write `12.5` for 12.5%).
"""),
    code('''
# growth of the allies' combined population, in percent
population_growth_needed = None
''', '''
population = potential[potential["indicator"] == "population"]
russia_pop = population.loc[population["country"] == "Russia", "value"].sum()
allies_pop = population.loc[population["country"] != "Russia", "value"].sum()
allies_needed = russia_pop / 0.75 - russia_pop      # the allies' total at which Russia has 75%
population_growth_needed = 100 * (allies_needed / allies_pop - 1)
population_growth_needed
'''),
    code("""
checks.check_population_growth(population_growth_needed)
"""),
    *answer("""
**Question.** Uzbekistan was a CSTO member from 2006 to 2012 (see `russia.security_guarantees()`). Look up its population in 2019 in the World Bank's World Development Indicators. Would the claim hold for population if Uzbekistan were still a member? What does that tell you about claims that depend on who is counted?
""", """
Uzbekistan had about 33.6 million people in 2019, far more than the growth of about 2.5 million that Task 4 shows would be enough. With Uzbekistan in the total, Russia's share of population falls to about 65%, so the claim would fail on population while holding on GDP and defence. A share claim is only as robust as the list of members it is computed over.
"""),
    md("""
## Claim B: the Russia–Syria verdict

### Task 5: Nudge every input (25 marks)

The book's Russia–Syria preset scores all 17 inputs of the formula. Its verdict, and the reasons for each number, are:
"""),
    code("""
syria = cases.get_preset("Russia–Syria")
print(syria.assess())
"""),
    code("""
table = cases.preset_table()
table.loc[table["case"] == "Russia–Syria", ["parameter", "value", "justification"]]
"""),
    md("""
Test the verdict against small disagreements. For each of the 17 inputs in turn, move it **down by one step and up by one step** from the preset's value, all other inputs unchanged, and assess the result. One step is 0.1 for a probability (a name starting `p_`) and 1 for every other input: `checks.nudge_step(name)` gives it. Keep each moved value inside the input's range, which `cases.parameter_range(name)` returns; {py:meth}`Scenario.with_params <alliances.Scenario.with_params>` makes the changed scenario, for example `syria.with_params(c_D1=3.0)`.

Make two lists of input names:

- `changes_verdict`: the inputs for which at least one of the two nudges gives a verdict other than the preset's;
- `becomes_ally`: the inputs for which at least one nudge gives the verdict `Verdict.ALLY`. This list may be empty.

A nudge that brings $b - c$ to exactly 0 gives "not worth it", since the alliance must pay for itself strictly; the check accepts such boundary cases either way, because computers round.
"""),
    code('''
changes_verdict = None   # a list of input names, e.g. ["b_1A", "p_R2"]
becomes_ally = None      # a list of input names; it may be empty
''', '''
base = syria.assess().verdict
changes_verdict, becomes_ally = [], []
for name, value in syria.to_params().items():
    low, high = cases.parameter_range(name)
    step = checks.nudge_step(name)
    for new in (max(low, value - step), min(high, value + step)):
        verdict = syria.with_params(**{name: new}).assess().verdict
        if verdict != base and name not in changes_verdict:
            changes_verdict.append(name)
        if verdict is Verdict.ALLY and name not in becomes_ally:
            becomes_ally.append(name)
changes_verdict, becomes_ally
'''),
    code("""
checks.check_syria_nudges(changes_verdict, becomes_ally)
"""),
    *answer("""
**Question.** The claim is that a formal alliance is not Russia's best option. Does it survive every single nudge? Does the statement "the alliance would at least pay for itself" survive them too? Which kind of input is the verdict most fragile to, and does the article give reasons to think those inputs are larger or smaller than the preset says?
""", """
The claim survives: no single nudge makes the verdict 'ally'. The weaker statement does not: a one-point rise in any direct or opportunity cost, or a one-point fall in the value of 1B or 2B, makes the alliance 'not worth it' (and a 0.1 fall in the probability of 2A or 2B brings b − c to exactly 0). The article's reasoning points the same way: it stresses the risk of being bound to an ally at war and Moscow's wish to keep the freedom to withdraw (fn. 38), which argues for costs and risks at least as high as the preset's.
"""),
    md("""
## Task 6: Report (20 marks)

Write a short report (120 to 350 words) for a reader who has not seen your code. For each claim say what you re-ran, what changed, and whether the claim holds; say how much room it has and which assumption it depends on most. Mention Table 4 (or the CSTO) and Syria by name.
"""),
    code('''
report = ""
''', '''
report = """Claim A, that Russia holds over three quarters of every CSTO indicator in Table 4, replicates
exactly from the article's absolute values. It holds on all three indicators, but with very
different margins. Defence spending and GDP are far above the bar; population is the weakest
indicator and clears 75% only narrowly, so the claim would fail at a threshold of four fifths.
Leaving out Tajikistan's 2015 defence figure, so that only 2019 data count, raises the defence share
by little more than a tenth of a point, and it could only raise it, because removing a member never
lowers Russia's share. This is therefore not a hard test. A harder one is to change who is counted: the
allies' combined population would need to grow by only about 5.6% for Russia to drop to
three quarters, and adding a populous former member such as Uzbekistan would break the claim on
population. The claim is robust for economic and military weight and fragile for population.

Claim B, that a formal alliance is not Russia's best option with Syria, survives every single
nudge of the book's preset: no change of one step in any input makes the verdict 'ally'. The
weaker statement that an alliance would at least pay for itself does not survive: a rise of one
point in any direct or opportunity cost, or a fall of one point in the value of limiting Syria's
ties (1B) or of enlisting its support (2B), makes the verdict 'not worth it'. The conclusion that Moscow prefers
assistance without a treaty is thus robust, but only because the alternative is scored high; it
rests on the article's point that a treaty would remove Russia's freedom to withdraw."""
'''),
    code("""
checks.check_report(report)
"""),
    md("""
## Going further (not marked)

- Repeat Task 1 with the shares rounded as the article prints them (`russia.table4_shares(decimals=1)`) and check that your numbers agree.
- Choose another preset from `cases.load_presets()` and find which single nudges would change its verdict. Is any of the Russian alliances as fragile as the Syria verdict?
- Draw `alliances.sensitivity.sensitivity_chart(syria)` and compare its colours with your two lists.
"""),
]

STRESS_NOTE = """
:::{admonition} Instructor solution: do not distribute
:class: warning
This is the instructor's filled-in version of *Replicate and stress-test a claim*. Every check passes.

**Marking guide.** Task 1: full marks when the check passes and the code is the student's own.
Tasks 2–5: half the marks for the checked answer, half for the written answer. Expected points: Task 2, the
claim fails at four fifths because of population; Task 3, dropping a member can only raise Russia's share,
so a hard test must add members or change the indicators; Task 4, the population margin is about 5.6% and
adding Uzbekistan (about 33 million people in 2019) would break the claim on population; Task 5, the
verdict never becomes 'ally', but the alliance's positive net value is fragile to every direct and
opportunity cost and to the values of 1B and 2B (the probabilities of 2A and 2B land exactly on
b − c = 0, which the check accepts either way). Task 6: 10 for accuracy, 5 for naming
what each claim depends on, 5 for clarity.
:::
"""

if __name__ == "__main__":
    write(SCORE, ROOT / "book/assignments/score-a-case.ipynb",
          ROOT / "instructor/solutions/score-a-case-solution.ipynb", SCORE_NOTE)
    write(STRESS, ROOT / "book/assignments/stress-test-a-claim.ipynb",
          ROOT / "instructor/solutions/stress-test-a-claim-solution.ipynb", STRESS_NOTE)
