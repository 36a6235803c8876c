"""Assignment 1: the fact base (what the workbook's three questions stand on)."""

from course.cells import answer, code, md, student_id_cells, tests, written

ID = "a1_fact_base"
MINUTES = 75
TITLE = {"en": "The fact base", "nl": "De feitenbank"}
OBJECTIVES = {
    "en": "filter the fact base with pandas; find where sources disagree on one quantity; "
          "count the sources behind a figure (relayed and unattributed claims); check an "
          "excerpt against its paragraph; tell a contradiction from a hedged or later figure; "
          "tell a fact from an assumption",
    "nl": "de feitenbank filteren met pandas; vinden waar bronnen het over één grootheid "
          "oneens zijn; de bronnen achter een getal tellen (doorgegeven en niet-toegeschreven "
          "beweringen); een citaat toetsen aan zijn alinea; een tegenspraak onderscheiden van "
          "een voorzichtig of later getal; een feit onderscheiden van een aanname",
}

CELLS = [
    md("intro", en="""
        # Assignment 1: the fact base

        The workbook stands on a fact base: every figure and claim from five Dutch news
        analyses about North Korean soldiers in Russia, one row each, with who said it, in
        which article and paragraph, and the number as written. In this assignment you
        query it, find where the sources disagree, and judge how much the rows really say:
        how many sources stand behind a figure, and whether two figures contradict each
        other at all.

        **Time:** about 75 minutes. **You need:** basic Python and pandas (filtering rows,
        selecting columns, sorting).

        **How it is graded.** Code answers are checked by the test cells below them: the
        visible self-checks tell you whether your answer has the right shape, hidden tests
        check its values when your work is graded. Written answers are graded by your
        teacher. Never type a number from the articles into a cell: take it from the fact
        base (`facts`), so your answer follows when it changes.

        Run the cells from the top. A cell that says `raise NotImplementedError()` is
        yours: replace that line by your answer.
        """, nl="""
        # Opdracht 1: de feitenbank

        Het werkboek rust op een feitenbank: elk getal en elke bewering uit vijf
        Nederlandstalige nieuwsanalyses over Noord-Koreaanse soldaten in Rusland, één rij per
        stuk, met wie het zei, in welk artikel en welke alinea, en het getal zoals het er
        staat. In deze opdracht bevraag je de feitenbank, zoek je uit waar de bronnen het
        oneens zijn en weeg je wat de rijen echt zeggen: hoeveel bronnen er achter een getal
        staan, en of twee getallen elkaar wel tegenspreken.

        **Tijd:** ongeveer 75 minuten. **Je hebt nodig:** basiskennis van Python en pandas
        (rijen filteren, kolommen kiezen, sorteren).

        **Zo wordt het beoordeeld.** Codeantwoorden worden gecontroleerd door de testcellen
        eronder: de zichtbare zelftests vertellen of je antwoord de goede vorm heeft,
        verborgen tests controleren de waarden bij het nakijken. Schriftelijke antwoorden
        kijkt je docent na. Typ nooit een getal uit de artikelen in een cel: haal het uit de
        feitenbank (`facts`), dan beweegt je antwoord mee.

        Voer de cellen van boven naar beneden uit. Een cel met `raise NotImplementedError()`
        is van jou: vervang die regel door je antwoord.
        """),
    *student_id_cells(),
    code("setup", """
        LANG = tr("en", "nl")
        VARIANTS = VARIANTS_ON
        import pandas as pd
        from dprk_troops import classroom, load_facts, load_sources
        from dprk_troops.present.numbers_i18n import format_frame, format_number
        from dprk_troops.workbook import NOTEBOOK_PARAMS

        me = classroom.identify("a1_fact_base", globals().get("STUDENT_ID"), variants=VARIANTS, lang=LANG)
        facts = classroom.with_glosses(load_facts(), LANG)
        sources = load_sources()
        MY_QUANTITY = classroom.fact_base_scenario(me, facts).quantity
        print(me.origin)
        print(tr(f"{format_number(len(facts), LANG)} facts from {len(sources)} articles; your quantity: {MY_QUANTITY}",
                 f"{format_number(len(facts), LANG)} feiten uit {len(sources)} artikelen; jouw grootheid: {MY_QUANTITY}"))
        COLUMNS = [c for c in ["fact_id", "quantity", "value", "low", "high", "unit", "speaker", "original_source",
                               "source_id", "locator", "excerpt", "excerpt_en", "flags"] if c in facts.columns]
        classroom.FullTable(format_frame(facts[COLUMNS].head(6), LANG, columns=["value", "low", "high"]))
        """),
    md("columns", en="""
        Each row is one claim as published. The columns you need most:

        | column | meaning |
        |---|---|
        | `quantity` | what is measured; every row about the same thing shares it |
        | `value`, `low`, `high` | the figure, and its bounds (a point figure has all three equal; "at least" has no `high`, "up to" no `low`; a vague one has no `value`) |
        | `speaker`, `source_id`, `outlet` | who says it, in which article, in which medium |
        | `original_source` | for a row flagged `secondhand`: whose figure the speaker relays |
        | `locator` | the paragraph: the Nth non-empty line of the article, counting from 1 |
        | `excerpt` | the few words of the article that give the number, exactly as written (Dutch) |
        | `excerpt_en` | our short English gloss of the excerpt |
        | `flags` | a list, e.g. `approximate`, `at_least`, `range`, `unattributed`, `secondhand`, `inconsistent` |

        `seeds/README.md` in the workbook defines every field and flag.
        """, nl="""
        Elke rij is één bewering zoals die gepubliceerd is. De kolommen die je het meest
        nodig hebt:

        | kolom | betekenis |
        |---|---|
        | `quantity` | wat er gemeten wordt; alle rijen over hetzelfde delen die waarde |
        | `value`, `low`, `high` | het getal en zijn grenzen (bij een puntgetal zijn ze alle drie gelijk; "minstens" heeft geen `high`, "tot" geen `low`; een vaag getal heeft geen `value`) |
        | `speaker`, `source_id`, `outlet` | wie het zegt, in welk artikel, in welk medium |
        | `original_source` | bij een rij met de vlag `secondhand`: wiens getal de spreker doorgeeft |
        | `locator` | de alinea: de N-de niet-lege regel van het artikel, vanaf 1 geteld |
        | `excerpt` | de paar woorden uit het artikel die het getal geven, letterlijk |
        | `flags` | een lijst, bv. `approximate`, `at_least`, `range`, `unattributed`, `secondhand`, `inconsistent` |

        `seeds/README.md` in het werkboek beschrijft elk veld en elke vlag (in het Engels).
        """),
    md("q1_task", en="""
        ## Question 1: filter (2 points)

        Your quantity is `MY_QUANTITY` (printed above). Make `claims`: every fact whose
        `quantity` is `MY_QUANTITY`, with the columns `fact_id`, `value`, `low`, `high`,
        `speaker`, `source_id` and `as_of`, sorted by `as_of` (earliest first).
        """, nl="""
        ## Vraag 1: filteren (2 punten)

        Jouw grootheid is `MY_QUANTITY` (hierboven afgedrukt). Maak `claims`: elk feit
        waarvan `quantity` gelijk is aan `MY_QUANTITY`, met de kolommen `fact_id`, `value`,
        `low`, `high`, `speaker`, `source_id` en `as_of`, gesorteerd op `as_of` (vroegste
        eerst).
        """),
    answer("q1_filter", """
        ### BEGIN SOLUTION
        claims = (facts[facts["quantity"] == MY_QUANTITY]
                  [["fact_id", "value", "low", "high", "speaker", "source_id", "as_of"]]
                  .sort_values("as_of"))
        ### END SOLUTION
        classroom.FullTable(format_frame(claims, LANG))
        """),
    tests("q1_tests", """
        classroom.self_check(LANG, "q1", [
            (lambda: isinstance(claims, pd.DataFrame), tr("claims should be a DataFrame",
                                                          "claims hoort een DataFrame te zijn")),
            (lambda: list(claims.columns) == ["fact_id", "value", "low", "high", "speaker", "source_id", "as_of"],
             tr("claims should have the asked columns, in that order",
                "claims hoort de gevraagde kolommen te hebben, in die volgorde")),
            (lambda: claims["as_of"].is_monotonic_increasing, tr("sort claims by as_of", "sorteer claims op as_of")),
            (lambda: claims["fact_id"].is_unique, tr("each fact once", "elk feit één keer")),
        ])
        ### BEGIN HIDDEN TESTS
        _expected = set(facts.loc[facts["quantity"] == MY_QUANTITY, "fact_id"])
        assert set(claims["fact_id"]) == _expected, tr(
            "claims misses a row of your quantity or has a row of another",
            "claims mist een rij van jouw grootheid of heeft een rij van een andere")
        ### END HIDDEN TESTS
        """, points=2),
    md("q2_task", en="""
        ## Question 2: where do the sources disagree? (2 points)

        Among the facts of your quantity, look only at the point figures (a `value` that is
        not missing). Set `lowest_id` and `highest_id` to the `fact_id` of the lowest and of
        the highest `value`, and `n_speakers` to the number of different speakers who give
        a point figure.
        """, nl="""
        ## Vraag 2: waar zijn de bronnen het oneens? (2 punten)

        Kijk bij de feiten van jouw grootheid alleen naar de puntgetallen (een `value` die
        niet ontbreekt). Geef `lowest_id` en `highest_id` de `fact_id` van de laagste en van
        de hoogste `value`, en `n_speakers` het aantal verschillende sprekers dat een
        puntgetal geeft.
        """),
    answer("q2_disagree", """
        ### BEGIN SOLUTION
        _points = facts[(facts["quantity"] == MY_QUANTITY) & facts["value"].notna()]
        lowest_id = _points.loc[_points["value"].idxmin(), "fact_id"]
        highest_id = _points.loc[_points["value"].idxmax(), "fact_id"]
        n_speakers = _points["speaker"].nunique()
        ### END SOLUTION
        print(lowest_id, highest_id, n_speakers)
        """),
    tests("q2_tests", """
        _by_id = facts.set_index("fact_id")
        classroom.self_check(LANG, "q2", [
            (lambda: lowest_id in _by_id.index and highest_id in _by_id.index,
             tr("lowest_id and highest_id should be fact_ids of the fact base",
                "lowest_id en highest_id horen fact_id's uit de feitenbank te zijn")),
            (lambda: _by_id.loc[lowest_id, "quantity"] == _by_id.loc[highest_id, "quantity"] == MY_QUANTITY,
             tr("lowest_id and highest_id should be facts of your quantity",
                "lowest_id en highest_id horen feiten van jouw grootheid te zijn")),
            (lambda: int(n_speakers) == n_speakers and n_speakers >= 1,
             tr("n_speakers should be a whole number of at least 1",
                "n_speakers hoort een geheel getal van minstens 1 te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        _points = facts[(facts["quantity"] == MY_QUANTITY) & facts["value"].notna()]
        assert _by_id.loc[lowest_id, "value"] == _points["value"].min(), tr(
            "lowest_id does not have the lowest value", "lowest_id heeft niet de laagste value")
        assert _by_id.loc[highest_id, "value"] == _points["value"].max(), tr(
            "highest_id does not have the highest value", "highest_id heeft niet de hoogste value")
        assert n_speakers == _points["speaker"].nunique(), tr(
            "n_speakers: count each speaker once, among the point figures only",
            "n_speakers: tel elke spreker één keer, en alleen bij de puntgetallen")
        ### END HIDDEN TESTS
        """, points=2),
    md("q3_task", en="""
        ## Question 3: how many sources stand behind the figures? (2 points)

        Rows are not sources. A row flagged `secondhand` relays someone else's figure: it
        comes from its `original_source`, not from its speaker. A row flagged
        `unattributed` is the article's own voice and names no origin at all. And several
        rows with one origin are one source, however many outlets print them.

        Make `origins`: one row per fact of your quantity that gives a number (a `value`, a
        `low` or a `high`), with the columns `fact_id` and `origin`: the `original_source`
        of a secondhand row, `None` for an unattributed row, the `speaker` otherwise. Set
        `n_sources` to the number of different origins, not counting `None`.
        """, nl="""
        ## Vraag 3: hoeveel bronnen staan er achter de getallen? (2 punten)

        Rijen zijn geen bronnen. Een rij met de vlag `secondhand` geeft het getal van een
        ander door: het komt van de `original_source`, niet van de spreker. Een rij met de
        vlag `unattributed` is de eigen stem van het artikel en noemt helemaal geen
        herkomst. En meerdere rijen met één herkomst zijn één bron, hoeveel media ze ook
        afdrukken.

        Maak `origins`: één rij per feit van jouw grootheid dat een getal geeft (een
        `value`, een `low` of een `high`), met de kolommen `fact_id` en `origin`: de
        `original_source` bij een doorgegeven rij, `None` bij een niet-toegeschreven rij, en
        anders de `speaker`. Geef `n_sources` het aantal verschillende herkomsten, zonder
        `None` mee te tellen.
        """),
    answer("q3_origins", """
        ### BEGIN SOLUTION
        _rows = facts[(facts["quantity"] == MY_QUANTITY)
                      & (facts["value"].notna() | facts["low"].notna() | facts["high"].notna())]


        def _origin(row):
            if "secondhand" in row["flags"]:
                return row["original_source"]
            if "unattributed" in row["flags"]:
                return None
            return row["speaker"]


        origins = pd.DataFrame({"fact_id": list(_rows["fact_id"]),
                                "origin": [_origin(row) for _, row in _rows.iterrows()]})
        n_sources = origins["origin"].dropna().nunique()
        ### END SOLUTION
        classroom.FullTable(origins)
        """),
    tests("q3_tests", """
        classroom.self_check(LANG, "q3", [
            (lambda: isinstance(origins, pd.DataFrame) and {"fact_id", "origin"} <= set(origins.columns),
             tr("origins should be a DataFrame with the columns fact_id and origin",
                "origins hoort een DataFrame te zijn met de kolommen fact_id en origin")),
            (lambda: origins["fact_id"].is_unique, tr("one row per fact", "één rij per feit")),
            (lambda: int(n_sources) == n_sources and 0 <= n_sources <= len(origins),
             tr("n_sources should be a whole number, at most the number of rows",
                "n_sources hoort een geheel getal te zijn, hoogstens het aantal rijen")),
        ])
        ### BEGIN HIDDEN TESTS
        _rows = facts[(facts["quantity"] == MY_QUANTITY)
                      & (facts["value"].notna() | facts["low"].notna() | facts["high"].notna())]
        assert sorted(origins["fact_id"]) == sorted(_rows["fact_id"]), tr(
            "origins misses a row that gives a number, or has one that gives none",
            "origins mist een rij met een getal, of heeft een rij zonder")
        _got = {i: (None if pd.isna(o) else o) for i, o in zip(origins["fact_id"], origins["origin"])}
        for _, _row in _rows.iterrows():
            _want = (_row["original_source"] if "secondhand" in _row["flags"]
                     else None if "unattributed" in _row["flags"] else _row["speaker"])
            assert _got[_row["fact_id"]] == _want, tr(
                f"the origin of {_row['fact_id']} is not right: look at its flags",
                f"de herkomst van {_row['fact_id']} klopt niet: kijk naar de vlaggen")
        assert n_sources == len({v for v in _got.values() if v is not None}), tr(
            "n_sources: count each origin once, and not None",
            "n_sources: tel elke herkomst één keer, en None niet")
        ### END HIDDEN TESTS
        """, points=2),
    md("q4_task", needs="articles", en="""
        ## Question 4: check an excerpt against its paragraph (2 points)

        The articles came with this assignment: plain text files in the folder `ARTICLES`
        beside this notebook (below). A paragraph is a non-empty line (a line of only
        spaces does not count), numbered from 1.

        Write `paragraph(source_file, n)`, which returns paragraph `n` of that file, and
        `excerpt_in_paragraph(fact)`, which takes one row of `facts` (a Series) and returns
        `True` when its `excerpt` stands word for word in the paragraph its `locator` names
        (of the file in its `source_file`), else `False`. Open the files with
        `encoding="utf-8"`.
        """, nl="""
        ## Vraag 4: toets een citaat aan zijn alinea (2 punten)

        De artikelen horen bij deze opdracht: platte tekstbestanden in de map `ARTICLES`
        naast dit notebook (hieronder). Een alinea is een niet-lege regel (een regel met
        alleen spaties telt niet), genummerd vanaf 1.

        Schrijf `paragraph(source_file, n)`, die alinea `n` van dat bestand teruggeeft, en
        `excerpt_in_paragraph(fact)`, die één rij van `facts` krijgt (een Series) en `True`
        teruggeeft als het `excerpt` letterlijk in de alinea staat die `locator` noemt (van
        het bestand in `source_file`), anders `False`. Open de bestanden met
        `encoding="utf-8"`.
        """),
    code("q4_articles", needs="articles", source="""
        from pathlib import Path

        ARTICLES = Path("articles")
        sorted(p.name for p in ARTICLES.glob("*.txt"))
        """),
    answer("q4_excerpt", needs="articles", source="""
        def paragraph(source_file, n):
            ### BEGIN SOLUTION
            text = (ARTICLES / source_file).read_text(encoding="utf-8")
            return [line for line in text.splitlines() if line.strip()][n - 1]
            ### END SOLUTION


        def excerpt_in_paragraph(fact):
            ### BEGIN SOLUTION
            return fact["excerpt"] in paragraph(fact["source_file"], int(fact["locator"]))
            ### END SOLUTION
        """),
    tests("q4_tests", needs="articles", points=2, source="""
        _fact = facts.iloc[0]
        classroom.self_check(LANG, "q4", [
            (lambda: isinstance(paragraph(_fact["source_file"], 1), str),
             tr("paragraph() should return a str", "paragraph() hoort een str terug te geven")),
            (lambda: excerpt_in_paragraph(_fact) in (True, False),
             tr("excerpt_in_paragraph() should return True or False",
                "excerpt_in_paragraph() hoort True of False terug te geven")),
        ])
        ### BEGIN HIDDEN TESTS
        from dprk_troops.factbase.provenance import paragraphs as _paragraphs

        for _file in facts["source_file"].unique():
            _paras = _paragraphs((ARTICLES / _file).read_text(encoding="utf-8"))
            for _n in (1, len(_paras) // 2 + 1, len(_paras)):
                assert paragraph(_file, _n) == _paras[_n - 1], tr(
                    f"paragraph({_file!r}, {_n}) is not the right paragraph",
                    f"paragraph({_file!r}, {_n}) is niet de juiste alinea")
        assert all(excerpt_in_paragraph(_row) for _, _row in facts.iterrows()), tr(
            "some excerpts are in their paragraph but excerpt_in_paragraph says no",
            "sommige citaten staan wel in hun alinea maar excerpt_in_paragraph zegt van niet")
        _moved = 0
        for _, _row in facts.iterrows():
            _paras = _paragraphs((ARTICLES / _row["source_file"]).read_text(encoding="utf-8"))
            _wrong = _row.copy()
            _wrong["locator"] = _row["locator"] % len(_paras) + 1
            if _row["excerpt"] not in _paras[_wrong["locator"] - 1]:
                assert not excerpt_in_paragraph(_wrong), tr(
                    "excerpt_in_paragraph says yes for a wrong paragraph",
                    "excerpt_in_paragraph zegt ja bij een verkeerde alinea")
                _moved += 1
        assert _moved > 0
        ### END HIDDEN TESTS
        """),
    md("q5_task", en="""
        ## Question 5: a contradiction, or not? (2 points)

        Two figures that differ need not contradict each other. "At least a million" and
        "up to two million" can both be true; so can "thousands" and "ten thousand". Read
        each number row as an interval from `low` to `high`, where a missing `low` means no
        floor and a missing `high` no ceiling. Two rows contradict each other only when
        their intervals do not overlap (sharing an end counts as overlapping).

        Write `compatible(a, b)`, which takes two rows of `facts` and returns `True` when
        their intervals overlap, else `False`. Then make `clashes`: the sorted list of the
        pairs `(first_id, second_id)`, with `first_id < second_id`, of troop figures
        (quantity `dprk_troops_in_russia`, rows with a `low` or a `high`) that are not
        compatible.
        """, nl="""
        ## Vraag 5: tegenspraak of niet? (2 punten)

        Twee getallen die verschillen, hoeven elkaar niet tegen te spreken. "Minstens een
        miljoen" en "tot twee miljoen" kunnen allebei waar zijn, net als "duizenden" en
        "tienduizend". Lees elke rij met een getal als een interval van `low` tot `high`,
        waarbij een ontbrekende `low` geen ondergrens betekent en een ontbrekende `high` geen
        bovengrens. Twee rijen spreken elkaar alleen tegen als hun intervallen niet
        overlappen (een gedeeld eindpunt telt als overlap).

        Schrijf `compatible(a, b)`, die twee rijen van `facts` krijgt en `True` teruggeeft als
        hun intervallen overlappen, anders `False`. Maak dan `clashes`: de gesorteerde lijst
        van de paren `(first_id, second_id)`, met `first_id < second_id`, van
        troepenaantallen (grootheid `dprk_troops_in_russia`, rijen met een `low` of een
        `high`) die niet verenigbaar zijn.
        """),
    answer("q5_compatible", """
        import math


        def compatible(a, b):
            ### BEGIN SOLUTION
            def _bounds(row):
                low = -math.inf if pd.isna(row["low"]) else row["low"]
                high = math.inf if pd.isna(row["high"]) else row["high"]
                return low, high

            (a_low, a_high), (b_low, b_high) = _bounds(a), _bounds(b)
            return bool(a_low <= b_high and b_low <= a_high)
            ### END SOLUTION


        ### BEGIN SOLUTION
        _troops = facts[(facts["quantity"] == "dprk_troops_in_russia")
                        & (facts["low"].notna() | facts["high"].notna())]
        clashes = sorted((min(a["fact_id"], b["fact_id"]), max(a["fact_id"], b["fact_id"]))
                         for i, a in _troops.iterrows() for j, b in _troops.iterrows()
                         if i < j and not compatible(a, b))
        ### END SOLUTION
        print(clashes)
        """),
    tests("q5_tests", """
        _rows = facts[facts["low"].notna() | facts["high"].notna()].set_index("fact_id", drop=False)
        classroom.self_check(LANG, "q5", [
            (lambda: compatible(_rows.iloc[0], _rows.iloc[0]) is True,
             tr("a row is compatible with itself", "een rij is verenigbaar met zichzelf")),
            (lambda: isinstance(clashes, list) and all(isinstance(p, tuple) and len(p) == 2 for p in clashes),
             tr("clashes should be a list of pairs (tuples of two fact_ids)",
                "clashes hoort een lijst van paren te zijn (tuples van twee fact_id's)")),
            (lambda: clashes == sorted(clashes) and all(a < b for a, b in clashes),
             tr("sort clashes, and put the smaller fact_id first in each pair",
                "sorteer clashes, en zet in elk paar de kleinste fact_id eerst")),
        ])
        ### BEGIN HIDDEN TESTS
        from dprk_troops.factbase.facts import read_fact_base as _read
        from dprk_troops.factbase.rules import overlap as _overlap

        _base = {f.fact_id: f for f in _read().facts}
        for _q, _group in _rows.groupby("quantity"):
            for _a in _group["fact_id"]:
                for _b in _group["fact_id"]:
                    assert compatible(_rows.loc[_a], _rows.loc[_b]) == _overlap(_base[_a], _base[_b]), tr(
                        f"compatible() is wrong for two rows of {_q}: is a missing low or high read as no bound?",
                        f"compatible() klopt niet voor twee rijen van {_q}: lees je een ontbrekende low of high als geen grens?")
        _troop_ids = sorted(_rows.loc[_rows["quantity"] == "dprk_troops_in_russia", "fact_id"])
        _want = [(a, b) for a in _troop_ids for b in _troop_ids if a < b and not _overlap(_base[a], _base[b])]
        assert clashes == _want, tr("clashes misses a pair or has one too many",
                                    "clashes mist een paar of heeft er een te veel")
        ### END HIDDEN TESTS
        """, points=2),
    code("q6_reasons", """
        # en: Each parameter of notebook 01 with its kind and reason, as the workbook gives them (in English).
        # nl: Elke parameter van notebook 01 met zijn soort en reden, zoals het werkboek ze geeft (in het Engels).
        classroom.FullTable(pd.DataFrame([(p.name, p.kind, p.reason) for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]],
                                         columns=["name", "kind", "reason"]))
        """),
    md("q6_task", en="""
        ## Question 6: why an assumption? (3 points, graded by your teacher)

        A notebook's numbers are not all facts. In the table above, a *fact* takes its
        default from the fact base, an *assumption* is a choice made where the articles give
        no figure, a *setting* is how the notebook computes. Take `months` or
        `casualty_rate_per_month`. Why is it an assumption and not a fact? Which facts does
        its reason lean on (give their `fact_id`s), and what would a source have to say to
        turn it into a fact?
        """, nl="""
        ## Vraag 6: waarom een aanname? (3 punten, beoordeeld door je docent)

        Niet elk getal in een notebook is een feit. In de tabel hierboven haalt een *fact*
        zijn standaardwaarde uit de feitenbank, is een *assumption* een keuze waar de
        artikelen geen getal geven, en bepaalt een *setting* hoe het notebook rekent. Neem
        `months` of `casualty_rate_per_month`. Waarom is dat een aanname en geen feit? Op
        welke feiten steunt de reden (geef hun `fact_id`'s), en wat zou een bron moeten
        zeggen om er een feit van te maken?
        """),
    written("q6_assumption", points=3, en="""
        `casualty_rate_per_month` is an assumption: no article says how many North Korean
        soldiers are killed or wounded. The workbook borrows Russia's rate, from Russian
        losses per day (`nos1_russian_losses_1200`) and the Russian force at the front
        (`nos1_russian_front_600000`). That transfers a rate from one army to another whose
        training, role and exposure differ. A source that counted North Korean casualties,
        with a date and a force size, would make it a fact.
        """, nl="""
        `casualty_rate_per_month` is een aanname: geen artikel zegt hoeveel Noord-Koreaanse
        soldaten sneuvelen of gewond raken. Het werkboek leent het Russische tempo, uit de
        Russische verliezen per dag (`nos1_russian_losses_1200`) en de Russische troepen aan
        het front (`nos1_russian_front_600000`). Zo wordt een tempo van het ene leger
        overgezet op een ander, met een andere training, rol en blootstelling. Een bron die
        Noord-Koreaanse verliezen telt, met een datum en een troepenomvang, zou er een feit
        van maken.
        """, rubric_en="""
        3: says no source gives the figure; names the fact_ids its reason leans on (for
        months: none, the seeds give no duration); says what evidence would make it a
        fact. 2: two of these. 1: one. 0: calls it a fact, or gives no reason.
        """, rubric_nl="""
        3: zegt dat geen bron het getal geeft; noemt de fact_id's waarop de reden steunt
        (bij months: geen, de bronnen noemen geen duur); zegt welk bewijs er een feit van
        zou maken. 2: twee hiervan. 1: één. 0: noemt het een feit, of geeft geen reden.
        """),
    code("q7_evidence", """
        # en: Every troop figure, with what you need to weigh it.
        # nl: Elk troepenaantal, met wat je nodig hebt om het te wegen.
        _columns = [c for c in ["fact_id", "value", "low", "high", "as_of", "speaker", "original_source",
                                "excerpt", "excerpt_en", "flags", "note"] if c in facts.columns]
        classroom.FullTable(format_frame(facts.loc[facts["quantity"] == "dprk_troops_in_russia", _columns]
                                         .sort_values("as_of"), LANG, columns=["value", "low", "high"]))
        """),
    md("q7_task", en="""
        ## Question 7: which troop figure would you report? (2 points, graded by your teacher)

        Look at the troop figures above: their dates, flags and notes, and what questions 3
        and 5 taught you about sources and contradictions. Which figure would you give for
        the end of October 2024, and why? Name the `fact_id`s, and at least one flag or
        date that made you trust or doubt a row.
        """, nl="""
        ## Vraag 7: welk troepenaantal zou jij melden? (2 punten, beoordeeld door je docent)

        Bekijk de troepenaantallen hierboven: hun datums, vlaggen en notities, en wat vraag
        3 en 5 je leerden over bronnen en tegenspraak. Welk getal zou jij geven voor eind
        oktober 2024, en waarom? Noem de `fact_id`'s, en ten minste één vlag of datum
        waardoor je een rij vertrouwde of juist betwijfelde.
        """),
    written("q7_report", points=2, en="""
        About ten thousand by late October. Four rows give it, but not four sources: De
        Kruif relays the US government's figure (`nos1_dekruif_10000`, `secondhand`), the
        BNR lead is the article's own voice (`bnr_tienduizend_lead`, `unattributed`), so it
        rests on the US (`nos1_blinken_10000`) and the NIS (`bnr_nis_tienduizend`). The
        NIS's first group (`nos2_nis_first_group_1500`) clashes with them as an interval,
        but it is dated 18 October and counts one group: a smaller, earlier figure, not a
        contradiction. Appathurai's 12,500 to 13,000
        (`ana_dprk_troops_russia_appathurai`) is dated November.
        """, nl="""
        Zo'n tienduizend eind oktober. Vier rijen geven dat getal, maar het zijn geen vier
        bronnen: De Kruif geeft het getal van de Amerikaanse regering door
        (`nos1_dekruif_10000`, `secondhand`) en de BNR-intro is de eigen stem van het artikel
        (`bnr_tienduizend_lead`, `unattributed`), dus het rust op de VS
        (`nos1_blinken_10000`) en de NIS (`bnr_nis_tienduizend`). De eerste groep van de NIS
        (`nos2_nis_first_group_1500`) botst er als interval mee, maar is van 18 oktober en
        telt één groep: een kleiner, eerder getal, geen tegenspraak. De 12.500 tot 13.000
        van Appathurai (`ana_dprk_troops_russia_appathurai`) is van november.
        """, rubric_en="""
        2: picks a figure and a date, cites at least two fact_ids, and uses a flag or the
        dates (`as_of`) to explain why rows differ. 1: picks a figure with fact_ids but
        ignores dates and flags. 0: a number with no fact_id.
        """, rubric_nl="""
        2: kiest een getal en een datum, noemt ten minste twee fact_id's en gebruikt een
        vlag of de datums (`as_of`) om uit te leggen waarom rijen verschillen. 1: kiest een
        getal met fact_id's maar negeert datums en vlaggen. 0: een getal zonder fact_id.
        """),
    md("end", en="""
        ## Done?

        Run the whole notebook again from the top (Kernel → Restart Kernel and Run All
        Cells) and check that every test cell passes. Then hand it in.
        """, nl="""
        ## Klaar?

        Voer het hele notebook opnieuw uit vanaf het begin (Kernel → Restart Kernel and Run
        All Cells) en kijk of elke testcel slaagt. Lever het dan in.
        """),
]
