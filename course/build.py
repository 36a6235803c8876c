"""Build the course: for each language, an nbgrader course directory in course/build/<lang>/.

    python -m course.build                      # both languages (what `make course` runs)
    python -m course.build --lang nl            # one
    python -m course.build --articles DIR       # bundle the seed articles (a1 question 4)
    python -m course.build --no-variants        # one scenario for the whole class
    python -m course.build --validate           # then nbgrader's validator on the sources
    python -m course.build --check              # only check that every text has both languages

For each language and assignment it writes ``source/<id>/<id>.ipynb`` (with solutions and
hidden tests, nbgrader cell metadata set) and then runs ``nbgrader generate_assignment``,
which writes ``release/<id>/<id>.ipynb`` (solutions and hidden tests removed) and updates
the gradebook. A rebuild writes into the same folder and touches nothing else: students'
work and grades stay (``course/workspace.py``). Before writing anything it checks that
every text exists in both languages (``check_bilingual``) and stops with one line per
problem if not.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import nbformat
from dprk_troops.classroom import scenarios

from course import workspace
from course.cells import Cell
from course.workspace import BuildRefused

COURSE_DIR = Path(__file__).resolve().parent
BUILD_DIR = COURSE_DIR / "build"
LANGUAGES = ("en", "nl")
#: The assignments, in course order; each is a module of course/assignments/. The library
#: keeps the list, since it draws each one's scenario (dprk_troops.classroom.scenarios).
ASSIGNMENT_IDS = scenarios.ASSIGNMENT_IDS

#: The texts nbgrader itself writes into release notebooks, per language.
STUBS = {
    "en": {"code": "# YOUR CODE HERE\nraise NotImplementedError()",
           "text": "YOUR ANSWER HERE"},
    "nl": {"code": "# SCHRIJF HIER JE CODE\nraise NotImplementedError()",
           "text": "SCHRIJF HIER JE ANTWOORD"},
}
COURSE_TITLE = {"en": "The DPRK troops workbook: course edition",
                "nl": "Het DPRK-troepenwerkboek: cursuseditie"}

_NBGRADER_MARKERS = re.compile(r"^#+\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
_LANG_COMMENT = re.compile(r"^#\s*(en|nl):(.*)$")
#: A string literal outside tr() that holds prose: two words of letters with a space.
_PROSE = re.compile(r"[^\W\d_]{2,}[ ]+[^\W\d_]{2,}")


class BilingualError(Exception):
    """Texts that exist in one language only; one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def load_assignment(assignment_id: str) -> ModuleType:
    """The module course/assignments/<id>.py (ID, TITLE, MINUTES, OBJECTIVES, CELLS)."""
    return importlib.import_module(f"course.assignments.{assignment_id}")


# --- checking both languages are there ---------------------------------------------------


def _tr_calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "tr"]


def _string_text(node: ast.AST) -> str | None:
    """The literal text of a string constant or f-string (its constant parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def check_code(source: str, where: str) -> list[str]:
    """Problems with the texts of one code cell: tr() calls, comments, bare prose strings."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [f"{where}: not valid Python: {exc.msg} (line {exc.lineno})"]
    problems = []
    inside_tr: set[int] = set()
    for call in _tr_calls(tree):
        args = [_string_text(a) for a in call.args]
        if len(call.args) != 2 or call.keywords or None in args:
            problems.append(f"{where}: line {call.lineno}: tr() takes two strings, English "
                            "then Dutch")
            continue
        for lang, text in zip(LANGUAGES, args, strict=True):
            if not text.strip():
                problems.append(f"{where}: line {call.lineno}: tr(): the {lang} text is empty")
        for sub in ast.walk(call):
            inside_tr.add(id(sub))
    for node in ast.walk(tree):
        text = _string_text(node)
        if (text is not None and id(node) not in inside_tr and _PROSE.search(text)
                and not _is_inner_fstring_part(node, tree)):
            problems.append(f"{where}: line {node.lineno}: text {text[:40]!r} is in one "
                            "language only: write tr(\"English\", \"Nederlands\")")
    problems += _check_comments(source, where)
    return problems


def _is_inner_fstring_part(node: ast.AST, tree: ast.AST) -> bool:
    """A constant that is a piece of an f-string (the f-string itself is checked)."""
    for parent in ast.walk(tree):
        if isinstance(parent, ast.JoinedStr) and node in parent.values:
            return True
        if isinstance(parent, ast.FormattedValue) and node is parent.format_spec:
            return True
    return False


def _check_comments(source: str, where: str) -> list[str]:
    """Each comment is an nbgrader marker or one of an en:/nl: pair (en first)."""
    problems = []
    comments = [(tok.start[0], tok.string) for tok in
                tokenize.generate_tokens(io.StringIO(source).readline)
                if tok.type == tokenize.COMMENT]
    pending: tuple[int, str] | None = None
    for line, text in comments:
        if _NBGRADER_MARKERS.match(text):
            continue
        tagged = _LANG_COMMENT.match(text)
        if not tagged:
            if re.search(r"[^\W\d_]{2,}", text):
                problems.append(f"{where}: line {line}: comment {text[:40]!r} is in one "
                                "language only: write '# en: ...' and '# nl: ...'")
            continue
        lang = tagged[1]
        if lang == "en":
            if pending is not None:
                problems.append(f"{where}: line {pending[0]}: '# en:' comment has no "
                                "'# nl:' line after it")
            pending = (line, text)
        elif pending is None:
            problems.append(f"{where}: line {line}: '# nl:' comment has no '# en:' line "
                            "before it")
        else:
            pending = None
    if pending is not None:
        problems.append(f"{where}: line {pending[0]}: '# en:' comment has no '# nl:' line "
                        "after it")
    return problems


def check_bilingual(cells: list[Cell], where: str) -> list[str]:
    """Every text of an assignment's cells in both languages; one problem per line."""
    problems = []
    ids = [c.cell_id for c in cells]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{where}: cell id {dup!r} is used twice")
    for cell in cells:
        at = f"{where}: cell {cell.cell_id}"
        if not re.fullmatch(r"[A-Za-z0-9_-]+", cell.cell_id):
            problems.append(f"{at}: id must be letters, digits, '-' and '_'")
        if cell.is_markdown:
            texts = {**cell.text, **{f"rubric {k}": v for k, v in cell.rubric.items()}}
            for lang in LANGUAGES:
                for key in (lang, *((f"rubric {lang}",) if cell.role == "written" else ())):
                    if not texts.get(key, "").strip():
                        problems.append(f"{at}: no {key.replace(lang, '').strip() or 'text'} "
                                        f"in {lang}".replace("  ", " "))
        else:
            problems += check_code(cell.text["code"], at)
        if cell.role in ("tests", "written") and not cell.points > 0:
            problems.append(f"{at}: a graded cell needs points > 0")
    return problems


def check_assignment(module: ModuleType) -> list[str]:
    where = f"course/assignments/{module.ID}.py"
    problems = check_bilingual(module.CELLS, where)
    for name in ("TITLE", "OBJECTIVES"):
        for lang in LANGUAGES:
            if not str(getattr(module, name).get(lang, "")).strip():
                problems.append(f"{where}: {name} has no {lang} text")
    return problems


# --- splitting a language ----------------------------------------------------------------


def split_code(source: str, lang: str) -> str:
    """The code with each tr(en, nl) replaced by its ``lang`` literal and the other
    language's comments dropped."""
    index = LANGUAGES.index(lang)
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def pos(lineno: int, col: int) -> int:  # ast columns are UTF-8 byte offsets
        line = lines[lineno - 1]
        return offsets[lineno - 1] + len(line.encode()[:col].decode())

    edits = []
    for call in _tr_calls(tree):
        arg = call.args[index]
        literal = source[pos(arg.lineno, arg.col_offset):pos(arg.end_lineno, arg.end_col_offset)]
        edits.append((pos(call.lineno, call.col_offset),
                      pos(call.end_lineno, call.end_col_offset), literal))
    out = source
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    kept = []
    for line in out.splitlines():
        stripped = line.lstrip()
        tagged = _LANG_COMMENT.match(stripped)
        if tagged:
            if tagged[1] != lang:
                continue
            line = line[: len(line) - len(stripped)] + "# " + tagged[2].strip()
        kept.append(line)
    return "\n".join(kept)


def hidden_lines(source: str) -> list[str]:
    """The lines of a test cell between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``."""
    out, inside = [], False
    for line in source.splitlines():
        marker = _NBGRADER_MARKERS.match(line.strip())
        if marker and marker[2] == "HIDDEN TESTS":
            inside = marker[1] == "BEGIN"
        elif inside:
            out.append(line)
    return out


def without_markers(source: str) -> str:
    """A solution as a student would write it: the nbgrader marker lines taken out."""
    return "\n".join(line for line in source.splitlines()
                     if not _NBGRADER_MARKERS.match(line.strip()))


def _nbgrader_meta(cell: Cell) -> dict:
    meta = {"grade_id": cell.cell_id, "schema_version": 3, "locked": False,
            "solution": False, "grade": False}
    if cell.role in ("md", "code"):
        meta["locked"] = True
    elif cell.role == "answer":
        meta["solution"] = True
    elif cell.role == "tests":
        meta.update(grade=True, locked=True, points=cell.points)
    elif cell.role == "written":
        meta.update(grade=True, solution=True, points=cell.points)
    return meta


@dataclass(frozen=True)
class Options:
    """How a course is built: what the teacher may share, and whether numbers vary."""

    #: the seed articles, bundled with the assignments that need them (a1 question 4);
    #: None: those questions are left out (the course works with the fact base alone)
    articles: Path | None = None
    #: each student's own numbers, drawn from their id; False: one scenario for the class
    variants: bool = True

    @property
    def features(self) -> set[str]:
        return {f for f, on in (("articles", self.articles is not None),
                                ("variants", self.variants)) if on}

    def record(self) -> dict[str, bool]:
        """What the manifest keeps of them (the articles' folder may move)."""
        return {"articles": self.articles is not None, "variants": self.variants}


def _tokens(options: Options) -> dict[str, str]:
    """Names in the assignments' code that the build replaces by a value of the options."""
    return {"VARIANTS_ON": str(options.variants)}


def built_cells(module: ModuleType, options: Options) -> list[Cell]:
    """The cells of an assignment that this build includes."""
    return [c for c in module.CELLS if c.needs is None or c.needs in options.features]


def _code(cell: Cell, lang: str, options: Options) -> str:
    code = split_code(cell.text["code"], lang)
    for token, value in _tokens(options).items():
        code = re.sub(rf"\b{token}\b", value, code)
    return code


def to_notebook(module: ModuleType, lang: str, options: Options = Options()
                ) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one assignment in one language."""
    cells = []
    for cell in built_cells(module, options):
        meta = {} if cell.role == "free" else {"nbgrader": _nbgrader_meta(cell)}
        if cell.role in ("md", "code", "tests"):
            meta["editable"] = False
            meta["deletable"] = False
        if cell.is_markdown:
            nb_cell = nbformat.v4.new_markdown_cell(cell.text[lang], metadata=meta)
        else:
            nb_cell = nbformat.v4.new_code_cell(_code(cell, lang, options), metadata=meta)
        nb_cell["id"] = cell.cell_id
        cells.append(nb_cell)
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    nb["nbformat_minor"] = 5
    nbformat.validate(nb)
    return nb


# --- writing the course directories ------------------------------------------------------


def nbgrader_config(lang: str) -> str:
    stubs = STUBS[lang]
    return f'''"""nbgrader configuration of the {lang} course (written by course/build.py: a rebuild
overwrites it; put your own settings in teacher_config.py beside it, which no build touches).
"""

from dprk_troops.classroom.grading import configure

c = get_config()  # noqa: F821 (nbgrader defines it)
c.CourseDirectory.course_id = "dprk_troops_{lang}"
c.ClearSolutions.code_stub = {json.dumps({"python": stubs["code"]})}
c.ClearSolutions.text_stub = {json.dumps(stubs["text"])}
# The notebooks load the fact base and may run a small Monte Carlo: seconds, not minutes.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120
# Grade each student with their own numbers, report only real tampering, and keep the
# hidden tests out of the feedback (dprk_troops.classroom.grading).
configure(c, "{lang}")
# Your settings: due-date policy, exchange, extra students... (course/README.md).
load_subconfig("teacher_config.py")  # noqa: F821 (nbgrader defines it)
'''


def _with_venv_path() -> None:
    """nbgrader runs `alembic` (its database migrations) from PATH: put this venv's first."""
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"


def nbgrader_api(course_dir: Path):
    """nbgrader's own API over a course directory, configured by its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    _with_venv_path()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def nbgrader(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the nbgrader command of this Python's environment in a course directory."""
    _with_venv_path()
    exe = Path(sys.executable).with_name("nbgrader")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=600)


def _articles(options: Options) -> dict[str, bytes]:
    """{file name: text} of the five seed articles, checked against the fact base's sha256."""
    from dprk_troops import load_sources
    from dprk_troops.factbase.provenance import sha256_of

    out = {}
    for row in load_sources().itertuples():
        path = options.articles / row.source_file
        if not path.is_file():
            raise BuildRefused(f"{path}: not found (--articles needs the {len(load_sources())} "
                               "seed articles); nothing was written")
        if sha256_of(path) != row.sha256:
            raise BuildRefused(f"{path}: not the article the fact base was checked against "
                               f"(sha256 differs from seeds/sources.yaml); nothing was written")
        out[row.source_file] = path.read_bytes()
    return out


def planned_files(lang: str, options: Options, assignment_ids: tuple[str, ...]
                  ) -> dict[str, bytes]:
    """What the build writes into a course folder: {relative path: content}."""
    planned = {"nbgrader_config.py": nbgrader_config(lang).encode()}
    articles = _articles(options) if options.articles is not None else {}
    for assignment_id in assignment_ids:
        module = load_assignment(assignment_id)
        folder = f"source/{assignment_id}"
        planned[f"{folder}/{assignment_id}.ipynb"] = nbformat.writes(
            to_notebook(module, lang, options)).encode()
        if any(c.needs == "articles" for c in built_cells(module, options)):
            planned.update({f"{folder}/articles/{name}": text
                            for name, text in articles.items()})
    return planned


def _graded_cells_unchanged(course_dir: Path, planned: dict[str, bytes],
                            assignment_ids: tuple[str, ...]) -> None:
    """nbgrader cannot add or remove cells of an assignment with submissions: refuse that
    before anything is written (a changed text or test is fine)."""
    if not (course_dir / "gradebook.db").is_file():
        return
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course_dir.resolve() / 'gradebook.db'}") as gb:
        for assignment_id in assignment_ids:
            try:
                notebook = gb.find_notebook(assignment_id, assignment_id)
            except MissingEntry:
                continue
            if not notebook.submissions:
                continue
            nb = nbformat.reads(planned[f"source/{assignment_id}/{assignment_id}.ipynb"].decode(),
                                as_version=4)
            new = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata}
            old = {c.name for c in notebook.source_cells}
            if new != old:
                diff = sorted(new ^ old)
                raise BuildRefused(
                    f"{course_dir}: {assignment_id} has submissions, and this build adds or "
                    f"removes its cells ({', '.join(diff)}), which nbgrader cannot grade; "
                    "nothing was written: change a cell's text or tests, not the cells")


def build_language(lang: str, out: Path | None = None,
                   assignment_ids: tuple[str, ...] = ASSIGNMENT_IDS,
                   options: Options = Options(), force: bool = False) -> Path:
    """Build or rebuild the nbgrader course folder of ``lang``: its sources, then nbgrader's
    release notebooks, in place. Students' work, grades and the teacher's settings are never
    touched; a file someone changed since the last build is not overwritten unless ``force``
    (see course/workspace.py)."""
    out = out or BUILD_DIR / lang
    planned = planned_files(lang, options, assignment_ids)
    if not force:
        workspace.check_writable(out, planned, assignment_ids, options.record())
    _graded_cells_unchanged(out, planned, assignment_ids)
    workspace.write_files(out, planned)
    api = nbgrader_api(out)
    for assignment_id in assignment_ids:
        run = api.generate_assignment(assignment_id, force=True, create=True)
        release = out / "release" / assignment_id / f"{assignment_id}.ipynb"
        if not run["success"] or not release.exists():
            raise RuntimeError(f"nbgrader generate_assignment {assignment_id} ({lang}) failed:"
                               f"\n{run.get('log', '')}\n{run.get('error', '')}")
    workspace.write_manifest(out, planned, assignment_ids, options.record())
    return out


def graded_pairs(module: ModuleType, options: Options = Options()
                 ) -> list[tuple[str, str, float]]:
    """(answer cell, the tests cell that grades it, its points), in notebook order.

    A tests cell grades the answer cell before it: the tests of an answer follow it.
    """
    pairs, last_answer = [], None
    for cell in built_cells(module, options):
        if cell.role == "answer":
            last_answer = cell.cell_id
        elif cell.role == "tests":
            if last_answer is None:
                raise ValueError(f"{module.ID}: tests cell {cell.cell_id} follows no answer")
            pairs.append((last_answer, cell.cell_id, cell.points))
            last_answer = None
    return pairs


#: Whose numbers the source notebooks use when the build or a test checks them.
DEMO_STUDENT = "demo"


def validate_notebooks(course_dir: Path, notebooks: list[Path],
                       student_id: str = DEMO_STUDENT) -> dict[str, dict]:
    """nbgrader's validator on each notebook, with the numbers of ``student_id``:
    {path: {"passed": bool, "failed": n, ...}}."""
    from dprk_troops.classroom import GRADING_ENV
    from nbgrader import utils
    from nbgrader.validator import Validator

    validator = Validator(config=nbgrader_api(course_dir).config)
    out = {}
    with utils.setenv(**{GRADING_ENV: student_id}):
        for notebook in notebooks:
            result = validator.validate(str(notebook))
            out[str(notebook)] = {"passed": not any(result.values()),
                                  **{k: len(v) for k, v in result.items()}}
    return out


def rubrics_markdown() -> str:
    """The teacher's guide's rubric section: every manually graded answer, both languages.

    course/README.md holds this text between its rubric markers; a test keeps the two equal
    (`python -m course.build --rubrics` prints it).
    """
    out = []
    for assignment_id in ASSIGNMENT_IDS:
        module = load_assignment(assignment_id)
        for cell in module.CELLS:
            if cell.role != "written":
                continue
            out.append(f"#### `{assignment_id}` / `{cell.cell_id}` ({cell.points:g} points)\n")
            for lang, label in (("en", "English"), ("nl", "Nederlands")):
                rubric = " ".join(cell.rubric[lang].split())
                out.append(f"- **{label}:** {rubric}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def check_all() -> list[str]:
    problems = []
    for assignment_id in ASSIGNMENT_IDS:
        problems += check_assignment(load_assignment(assignment_id))
    return problems


def _validate_built(out: Path) -> bool:
    notebooks = sorted((out / "source").glob("*/*.ipynb"))
    ok = True
    for path, result in validate_notebooks(out, notebooks).items():
        ok &= result["passed"]
        print(f"{'Success' if result['passed'] else 'VALIDATION FAILED'}: {path}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.build", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append",
                        help="a language to build (default: all)")
    parser.add_argument("--articles", type=Path, default=None, metavar="DIR",
                        help="bundle the seed articles in DIR with assignment 1 (only if you "
                             "may share them with your students; without, its question 4 is "
                             "left out)")
    parser.add_argument("--no-variants", dest="variants", action="store_false",
                        help="one scenario for the whole class (default: each student's own "
                             "numbers, drawn from their id)")
    parser.add_argument("--out", type=Path, default=BUILD_DIR, metavar="DIR",
                        help="where the course folders go (default: course/build/)")
    parser.add_argument("--force", action="store_true",
                        help="overwrite files changed by hand since the last build")
    parser.add_argument("--validate", action="store_true",
                        help="after building, run nbgrader's validator on the source notebooks")
    parser.add_argument("--check", action="store_true",
                        help="only check that every text exists in both languages")
    parser.add_argument("--rubrics", action="store_true",
                        help="print the rubrics of the written answers (for course/README.md)")
    args = parser.parse_args(argv)
    problems = check_all()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    if args.rubrics:
        print(rubrics_markdown(), end="")
        return 0
    if args.check:
        print("every text exists in both languages")
        return 0
    options = Options(articles=args.articles, variants=args.variants)
    ok = True
    for lang in args.lang or LANGUAGES:
        try:
            out = build_language(lang, args.out / lang, options=options, force=args.force)
        except BuildRefused as exc:
            print(f"course.build: {exc}", file=sys.stderr)
            return 1
        left_out = "" if options.articles else "; assignment 1 question 4 left out (--articles)"
        print(f"built {out}: {len(ASSIGNMENT_IDS)} assignments in source/ and release/, "
              f"variants {'on' if options.variants else 'off'}{left_out}")
        if args.validate:
            ok &= _validate_built(out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
