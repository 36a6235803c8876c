"""Two languages from one source: every text in both, split cleanly, numbers Dutch in nl."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course import build, cells
from course.cells import answer, code, md, written


def test_every_text_exists_in_both_languages() -> None:
    assert build.check_all() == []


@pytest.mark.parametrize("cells, expected", [
    ([md("a", en="Hello", nl="")], "cell a: no text in nl"),
    ([md("a", en="", nl="Hallo")], "cell a: no text in en"),
    ([written("w", points=1, en="x", nl="y", rubric_en="good", rubric_nl="")],
     "cell w: no rubric in nl"),
    ([code("c", 'print(tr("Only English"))')], "tr() takes two strings"),
    ([code("c", 'print(tr("English", ""))')], "the nl text is empty"),
    ([code("c", 'print("Only English here")')], "is in one language only"),
    ([code("c", 'print(f"{1} facts loaded")')], "is in one language only"),
    ([answer("c", "x = 1  # set x to one")], "comment '# set x to one' is in one language"),
    ([code("c", "# en: English only\nx = 1")], "'# en:' comment has no '# nl:' line"),
    ([code("c", "# nl: alleen Nederlands\nx = 1")], "'# nl:' comment has no '# en:' line"),
    ([cells.tests("t", "assert True", points=0)], "a graded cell needs points > 0"),
    ([md("a", en="x", nl="y"), md("a", en="x", nl="y")], "cell id 'a' is used twice"),
])
def test_a_text_in_one_language_only_fails(cells, expected: str) -> None:
    problems = build.check_bilingual(cells, "here")
    assert any(expected in p for p in problems), problems


def test_check_passes_identifiers_and_markers() -> None:
    source = ('x = facts["dprk_troops_in_russia"]\n### BEGIN SOLUTION\n'
              '# en: a comment\n# nl: een opmerking\ny = tr(f"{x} rows", f"{x} rijen")\n'
              '### END SOLUTION')
    assert build.check_code(source, "here") == []


def test_split_code_keeps_one_language() -> None:
    source = ('LANG = tr("en", "nl")\n'
              '# en: The facts.\n# nl: De feiten.\n'
              'print(tr(f"{n:,} facts", f"{n} feiten"), tr("é", "ë"))')
    assert build.split_code(source, "en") == ('LANG = "en"\n# The facts.\n'
                                              'print(f"{n:,} facts", "é")')
    assert build.split_code(source, "nl") == ('LANG = "nl"\n# De feiten.\n'
                                              'print(f"{n} feiten", "ë")')


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_both_languages_have_the_same_cells_and_metadata(assignment_id: str) -> None:
    module = build.load_assignment(assignment_id)
    en, nl = (build.to_notebook(module, lang) for lang in ("en", "nl"))
    assert [c.id for c in en.cells] == [c.id for c in nl.cells]
    assert [c.metadata for c in en.cells] == [c.metadata for c in nl.cells]
    for a, b in zip(en.cells, nl.cells, strict=True):
        if a.cell_type == "markdown":
            assert a.source != b.source, f"{a.id}: the same text in both languages"
    text = "\n".join(c.source for c in nl.cells)
    assert "tr(" not in text and "# en:" not in text and "# nl:" not in text


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_dutch_markdown_writes_no_english_numbers(assignment_id: str) -> None:
    """Numbers shown to Dutch students follow Dutch conventions: no 10,000 or 1.7 in nl
    markdown (numbers that code prints go through numbers_i18n.format_number)."""
    nb = build.to_notebook(build.load_assignment(assignment_id), "nl")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            prose = re.sub(r"`[^`]*`", "", cell.source)  # code spans are code
            english = r"\b[1-9]\d{0,2}(?:,\d{3})+\b|\d\.(?:\d{1,2}|\d{4,})\b"
            assert not re.search(english, prose), (cell.id, prose)


#: Every feature of the build on (the articles' folder is only named, never read, here).
EVERYTHING = build.Options(articles=Path("articles"), variants=True)


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_every_graded_answer_is_graded_by_the_cell_after_it(assignment_id: str) -> None:
    module = build.load_assignment(assignment_id)
    pairs = build.graded_pairs(module, EVERYTHING)
    answers = [c.cell_id for c in module.CELLS if c.role == "answer"]
    assert [a for a, _, _ in pairs] == answers
    assert any(c.role == "written" for c in module.CELLS), "no manually graded answer"
    minutes = module.MINUTES
    assert 45 <= minutes <= 90


def test_nbgrader_metadata() -> None:
    nb = build.to_notebook(build.load_assignment("a2_cost_revenue"), "en")
    meta = {c.id: c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata}
    # The student's id is an ordinary cell: nbgrader neither locks nor grades it.
    assert {c.id for c in nb.cells if "nbgrader" not in c.metadata} == {"student"}
    assert meta["setup"] == {"grade_id": "setup", "schema_version": 3, "locked": True,
                             "solution": False, "grade": False}
    assert meta["q1_formula"]["solution"] and not meta["q1_formula"]["grade"]
    assert meta["q1_tests"]["grade"] and meta["q1_tests"]["locked"]
    assert meta["q1_tests"]["points"] == 2
    assert meta["q4_spread"]["solution"] and meta["q4_spread"]["grade"]
    nbformat.validate(nb)


def test_teachers_guide_has_the_current_rubrics_and_set_up() -> None:
    guide = (build.COURSE_DIR / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- rubrics:start -->\n", "<!-- rubrics:end -->"
    section = guide[guide.index(start) + len(start):guide.index(end)]
    assert section == build.rubrics_markdown(), "run `python -m course.build --rubrics`"
    setup = guide[guide.index("## Set-up"):guide.index("## Rubrics")]
    assert "make course" in setup
    for section in ("## The articles: what you may share", "### Installing it for students",
                    "### The roster", "### Due dates and late submissions",
                    "### Grades for your LMS", "### Grades are never lost",
                    "### Fixing a question mid-course", "### Academic integrity",
                    "### Feedback", "### No false alarms", "### A class of 60, simulated"):
        assert f"\n{section}" in guide, section
    roster = (build.COURSE_DIR / "roster-example.csv").read_text(encoding="utf-8")
    assert roster.startswith("id,") and f"```csv\n{roster}```" in guide
    for assignment_id in build.ASSIGNMENT_IDS:
        module = build.load_assignment(assignment_id)
        assert f"| `{assignment_id}` |" in guide
        assert f"| {module.MINUTES} min |" in guide


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_no_figure_of_the_fact_base_is_typed_into_a_cell(assignment_id: str) -> None:
    """Exercises take their numbers from the fact base or the library: no code cell holds
    a number the fact base gives (small whole numbers, such as points, counts and list
    positions, are structure, not figures)."""
    import ast

    from dprk_troops import load_facts

    facts = load_facts()
    figures = {float(x) for col in ("value", "low", "high") for x in facts[col].dropna()}
    figures = {x for x in figures if not (x.is_integer() and abs(x) <= 10)}
    typed = []
    for cell in build.load_assignment(assignment_id).CELLS:
        if not cell.is_markdown:
            typed += [(cell.cell_id, node.value) for node in ast.walk(ast.parse(cell.text["code"]))
                      if isinstance(node, ast.Constant) and type(node.value) in (int, float)
                      and float(node.value) in figures]
    assert typed == []


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
@pytest.mark.parametrize("options", [EVERYTHING, build.Options()], ids=["everything", "default"])
def test_the_build_options_choose_cells_and_fill_in_the_variants_switch(
        assignment_id: str, options: build.Options) -> None:
    """Without articles the cells that read them are left out (the course works with the fact
    base alone); with variants off, the student-id cell is; the set-up says which."""
    module = build.load_assignment(assignment_id)
    for opts in (options, build.Options(articles=options.articles, variants=False)):
        nb = build.to_notebook(module, "en", opts)
        ids = [c.id for c in nb.cells]
        text = "\n".join(c.source for c in nb.cells)
        assert "VARIANTS_ON" not in text
        assert f"VARIANTS = {opts.variants}" in text
        assert ("student" in ids) == opts.variants
        needing = {c.cell_id for c in module.CELLS if c.needs == "articles"}
        assert needing & set(ids) == (needing if opts.articles is not None else set())
    if assignment_id == "a1_fact_base":
        assert {c.cell_id for c in module.CELLS if c.needs == "articles"} >= {"q4_excerpt",
                                                                            "q4_tests"}


def test_every_excerpt_has_an_english_gloss() -> None:
    """The English edition shows our short gloss beside each Dutch excerpt: one per fact, and
    none for a fact that is gone (classroom/glosses_en.yaml)."""
    from dprk_troops import load_facts
    from dprk_troops.classroom import checks

    facts = load_facts()
    glosses = checks.glosses()
    assert sorted(set(facts["fact_id"]) - set(glosses)) == []
    assert sorted(set(glosses) - set(facts["fact_id"])) == []
    assert all(0 < len(g.split()) <= 12 for g in glosses.values())
    english = checks.with_glosses(facts, "en")
    assert list(english.columns).index("excerpt_en") == list(english.columns).index("excerpt") + 1
    assert "excerpt_en" not in checks.with_glosses(facts, "nl").columns


@pytest.mark.parametrize("assignment_id", build.ASSIGNMENT_IDS)
def test_hidden_tests_give_hints_not_answers(assignment_id: str) -> None:
    """A hidden test's message is a hint for students: it formats no variable but a fact_id,
    file name or paragraph number, so no expected value can reach the feedback; and hidden
    tests print nothing."""
    allowed = {"_row['fact_id']", "_file!r", "_n", "_q"}
    for cell in build.load_assignment(assignment_id).CELLS:
        if cell.role != "tests":
            continue
        hidden = "\n".join(build.hidden_lines(cell.text["code"]))
        assert hidden.strip(), f"{cell.cell_id}: no hidden tests"
        assert "print(" not in hidden and "display(" not in hidden, cell.cell_id
        formatted = set(re.findall(r"\{([^{}]+)\}", " ".join(
            m for m in re.findall(r'f"([^"]*)"', hidden))))
        assert formatted <= allowed, (cell.cell_id, formatted - allowed)
        assert "self_check" in cell.text["code"].split("### BEGIN HIDDEN TESTS")[0], cell.cell_id
