"""Assignment 1: the fact base (what the workbook's three questions stand on)."""

from course.cells import answer, code, md, tests, written

ID = "a1_fact_base"
MINUTES = 75
TITLE = {"en": "The fact base", "nl": "De feitenbank"}
OBJECTIVES = {
    "en": "filter the fact base with pandas; find where sources disagree on one quantity; "
          "read vague Dutch numbers as ranges; check an excerpt against its paragraph; "
          "tell a fact from an assumption",
    "nl": "de feitenbank filteren met pandas; vinden waar bronnen het over één grootheid "
          "oneens zijn; vage Nederlandse getallen lezen als bereiken; een citaat toetsen aan "
          "zijn alinea; een feit onderscheiden van een aanname",
}

CELLS = [
    md("intro", en="""
        # Assignment 1: the fact base

        The workbook stands on a fact base: every figure and claim from five Dutch news
        analyses about North Korean soldiers in Russia, one row each, with who said it, in
        which article and paragraph, and the number as written. In this assignment you
        query it, find where the sources disagree, and check a row against its article.

        **Time:** about 75 minutes. **You need:** basic Python and pandas (filtering rows,
        selecting columns, sorting).

        **How it is graded.** Code answers are checked by the test cells below them: the
        visible tests help you, hidden tests are added when your work is graded. Written
        answers are graded by your teacher. Never type a number from the articles into a
        cell: take it from the fact base (`facts`), so your answer follows when it changes.

        Run the cells from the top. A cell that says `raise NotImplementedError()` is
        yours: replace that line by your answer.
        """, nl="""
        # Opdracht 1: de feitenbank

        Het werkboek rust op een feitenbank: elk getal en elke bewering uit vijf
        Nederlandstalige nieuwsanalyses over Noord-Koreaanse soldaten in Rusland, één rij per
        stuk, met wie het zei, in welk artikel en welke alinea, en het getal zoals het er
        staat. In deze opdracht bevraag je de feitenbank, zoek je uit waar de bronnen het
        oneens zijn en toets je een rij aan het artikel.

        **Tijd:** ongeveer 75 minuten. **Je hebt nodig:** basiskennis van Python en pandas
        (rijen filteren, kolommen kiezen, sorteren).

        **Zo wordt het beoordeeld.** Codeantwoorden worden gecontroleerd door de testcellen
        eronder: de zichtbare tests helpen je, verborgen tests komen erbij bij het nakijken.
        Schriftelijke antwoorden kijkt je docent na. Typ nooit een getal uit de artikelen in
        een cel: haal het uit de feitenbank (`facts`), dan beweegt je antwoord mee.

        Voer de cellen van boven naar beneden uit. Een cel met `raise NotImplementedError()`
        is van jou: vervang die regel door je antwoord.
        """),
    code("setup", """
        LANG = tr("en", "nl")
        import pandas as pd
        from dprk_troops import find_dutch_numbers, load_facts, load_sources, paths
        from dprk_troops.numbers_i18n import format_frame, format_number
        from dprk_troops.params import NOTEBOOK_PARAMS

        facts = load_facts()
        sources = load_sources()
        print(tr(f"{format_number(len(facts), LANG)} facts from {len(sources)} articles",
                 f"{format_number(len(facts), LANG)} feiten uit {len(sources)} artikelen"))
        COLUMNS = ["fact_id", "quantity", "value", "low", "high", "unit", "speaker",
                   "source_id", "locator", "excerpt", "flags"]
        format_frame(facts[COLUMNS].head(6), LANG, columns=["value", "low", "high"])
        """),
    md("columns", en="""
        Each row is one claim as published. The columns you need most:

        | column | meaning |
        |---|---|
        | `quantity` | what is measured; every row about the same thing shares it |
        | `value`, `low`, `high` | the figure, and its bounds (a point figure has all three equal; a vague one has no `value`) |
        | `speaker`, `source_id`, `outlet` | who says it, in which article, in which medium |
        | `locator` | the paragraph: the Nth non-empty line of the article, counting from 1 |
        | `excerpt` | the few words of the article that give the number, exactly as written (Dutch) |
        | `flags` | a list, e.g. `approximate`, `at_least`, `range`, `unattributed`, `inconsistent` |

        `seeds/README.md` in the workbook defines every field and flag.
        """, nl="""
        Elke rij is één bewering zoals die gepubliceerd is. De kolommen die je het meest
        nodig hebt:

        | kolom | betekenis |
        |---|---|
        | `quantity` | wat er gemeten wordt; alle rijen over hetzelfde delen die waarde |
        | `value`, `low`, `high` | het getal en zijn grenzen (bij een puntgetal zijn ze alle drie gelijk; een vaag getal heeft geen `value`) |
        | `speaker`, `source_id`, `outlet` | wie het zegt, in welk artikel, in welk medium |
        | `locator` | de alinea: de N-de niet-lege regel van het artikel, vanaf 1 geteld |
        | `excerpt` | de paar woorden uit het artikel die het getal geven, letterlijk (Nederlands) |
        | `flags` | een lijst, bv. `approximate`, `at_least`, `range`, `unattributed`, `inconsistent` |

        `seeds/README.md` in het werkboek beschrijft elk veld en elke vlag (in het Engels).
        """),
    md("q1_task", en="""
        ## Question 1: filter (2 points)

        Make `troop_claims`: every fact whose `quantity` is `dprk_troops_in_russia`, with the
        columns `fact_id`, `value`, `low`, `high`, `speaker`, `source_id` and `as_of`,
        sorted by `as_of` (earliest first).
        """, nl="""
        ## Vraag 1: filteren (2 punten)

        Maak `troop_claims`: elk feit waarvan `quantity` gelijk is aan
        `dprk_troops_in_russia`, met de kolommen `fact_id`, `value`, `low`, `high`,
        `speaker`, `source_id` en `as_of`, gesorteerd op `as_of` (vroegste eerst).
        """),
    answer("q1_filter", """
        ### BEGIN SOLUTION
        troop_claims = (facts[facts["quantity"] == "dprk_troops_in_russia"]
                        [["fact_id", "value", "low", "high", "speaker", "source_id", "as_of"]]
                        .sort_values("as_of"))
        ### END SOLUTION
        format_frame(troop_claims, LANG)
        """),
    tests("q1_tests", """
        assert isinstance(troop_claims, pd.DataFrame), tr("troop_claims should be a DataFrame",
                                                          "troop_claims hoort een DataFrame te zijn")
        assert list(troop_claims.columns) == ["fact_id", "value", "low", "high", "speaker", "source_id", "as_of"], tr(
            "troop_claims does not have the asked columns, in that order",
            "troop_claims heeft niet de gevraagde kolommen, in die volgorde")
        assert troop_claims["as_of"].is_monotonic_increasing, tr("sort troop_claims by as_of",
                                                                 "sorteer troop_claims op as_of")
        ### BEGIN HIDDEN TESTS
        _expected = set(facts.loc[facts["quantity"] == "dprk_troops_in_russia", "fact_id"])
        assert set(troop_claims["fact_id"]) == _expected and len(troop_claims) == len(_expected), tr(
            "troop_claims misses a row or has one too many", "troop_claims mist een rij of heeft er een te veel")
        ### END HIDDEN TESTS
        """, points=2),
    md("q2_task", en="""
        ## Question 2: where do the sources disagree? (2 points)

        Among the troop figures, look only at the point figures (a `value` that is not
        missing). Set `lowest_id` and `highest_id` to the `fact_id` of the lowest and of the
        highest `value`, and `n_speakers` to the number of different speakers who give a
        point figure.
        """, nl="""
        ## Vraag 2: waar zijn de bronnen het oneens? (2 punten)

        Kijk bij de troepenaantallen alleen naar de puntgetallen (een `value` die niet
        ontbreekt). Geef `lowest_id` en `highest_id` de `fact_id` van de laagste en van de
        hoogste `value`, en `n_speakers` het aantal verschillende sprekers dat een
        puntgetal geeft.
        """),
    answer("q2_disagree", """
        ### BEGIN SOLUTION
        _points = facts[(facts["quantity"] == "dprk_troops_in_russia") & facts["value"].notna()]
        lowest_id = _points.loc[_points["value"].idxmin(), "fact_id"]
        highest_id = _points.loc[_points["value"].idxmax(), "fact_id"]
        n_speakers = _points["speaker"].nunique()
        ### END SOLUTION
        print(lowest_id, highest_id, n_speakers)
        """),
    tests("q2_tests", """
        _by_id = facts.set_index("fact_id")
        assert lowest_id in _by_id.index and highest_id in _by_id.index, tr(
            "lowest_id and highest_id should be fact_ids of the fact base",
            "lowest_id en highest_id horen fact_id's uit de feitenbank te zijn")
        assert _by_id.loc[lowest_id, "quantity"] == "dprk_troops_in_russia", tr(
            "lowest_id is not a troop figure", "lowest_id is geen troepenaantal")
        ### BEGIN HIDDEN TESTS
        _points = facts[(facts["quantity"] == "dprk_troops_in_russia") & facts["value"].notna()]
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
        ## Question 3: vague Dutch numbers are ranges (2 points)

        Dutch writes "duizenden" (thousands) or "honderdduizenden" (hundreds of thousands)
        where English would too: no single number, a range. The fact base stores such a
        figure with no `value`, only `low` and `high`.

        Make `vague`: one row per fact with no `value` but with a `low`, with the columns
        `fact_id`, `excerpt`, `low`, `high`, `read_low` and `read_high`. The last two are
        what the library reads in the excerpt: `find_dutch_numbers(excerpt)` returns a list
        of numbers found; take the first and its `.low` and `.high`.
        """, nl="""
        ## Vraag 3: vage Nederlandse getallen zijn bereiken (2 punten)

        Een artikel schrijft soms "duizenden" of "honderdduizenden": geen los getal maar een
        bereik. De feitenbank slaat zo'n getal op zonder `value`, met alleen `low` en
        `high`.

        Maak `vague`: één rij per feit zonder `value` maar met een `low`, met de kolommen
        `fact_id`, `excerpt`, `low`, `high`, `read_low` en `read_high`. De laatste twee zijn
        wat de bibliotheek in het citaat leest: `find_dutch_numbers(excerpt)` geeft een
        lijst van gevonden getallen; neem het eerste en zijn `.low` en `.high`.
        """),
    code("q3_example", """
        # en: How the library reads one Dutch number: try a few of your own.
        # nl: Zo leest de bibliotheek één Nederlands getal: probeer er zelf een paar.
        _excerpt = facts.loc[facts["value"].isna() & facts["low"].notna(), "excerpt"].iloc[0]
        [(n.text, format_number(n.low, LANG), format_number(n.high, LANG)) for n in find_dutch_numbers(_excerpt)]
        """),
    answer("q3_vague", """
        ### BEGIN SOLUTION
        vague = facts.loc[facts["value"].isna() & facts["low"].notna(),
                          ["fact_id", "excerpt", "low", "high"]].copy()
        _read = [find_dutch_numbers(e)[0] for e in vague["excerpt"]]
        vague["read_low"] = [n.low for n in _read]
        vague["read_high"] = [n.high for n in _read]
        ### END SOLUTION
        format_frame(vague, LANG)
        """),
    tests("q3_tests", """
        assert {"fact_id", "excerpt", "low", "high", "read_low", "read_high"} <= set(vague.columns), tr(
            "vague is missing a column", "vague mist een kolom")
        assert vague["low"].notna().all(), tr("every row of vague needs a low", "elke rij van vague heeft een low nodig")
        ### BEGIN HIDDEN TESTS
        _rows = facts[facts["value"].isna() & facts["low"].notna()]
        assert sorted(vague["fact_id"]) == sorted(_rows["fact_id"]), tr(
            "vague misses a row or has one too many", "vague mist een rij of heeft er een te veel")
        for _, _row in vague.iterrows():
            _n = find_dutch_numbers(_row["excerpt"])[0]
            assert (_row["read_low"], _row["read_high"]) == (_n.low, _n.high), tr(
                f"read_low and read_high of {_row['fact_id']} are not what the library reads",
                f"read_low en read_high van {_row['fact_id']} zijn niet wat de bibliotheek leest")
        ### END HIDDEN TESTS
        """, points=2),
    md("q4_task", en="""
        ## Question 4: check an excerpt against its paragraph (2 points)

        The articles are plain text files in `paths.TEXTS_DIR`; a paragraph is a non-empty
        line (a line of only spaces does not count), numbered from 1.

        Write `paragraph(source_file, n)`, which returns paragraph `n` of that file, and
        `excerpt_in_paragraph(fact)`, which takes one row of `facts` (a Series) and returns
        `True` when its `excerpt` stands word for word in the paragraph its `locator` names
        (of the file in its `source_file`), else `False`. Open the files with
        `encoding="utf-8"`.
        """, nl="""
        ## Vraag 4: toets een citaat aan zijn alinea (2 punten)

        De artikelen zijn platte tekstbestanden in `paths.TEXTS_DIR`; een alinea is een
        niet-lege regel (een regel met alleen spaties telt niet), genummerd vanaf 1.

        Schrijf `paragraph(source_file, n)`, die alinea `n` van dat bestand teruggeeft, en
        `excerpt_in_paragraph(fact)`, die één rij van `facts` krijgt (een Series) en `True`
        teruggeeft als het `excerpt` letterlijk in de alinea staat die `locator` noemt (van
        het bestand in `source_file`), anders `False`. Open de bestanden met
        `encoding="utf-8"`.
        """),
    answer("q4_excerpt", """
        def paragraph(source_file, n):
            ### BEGIN SOLUTION
            text = (paths.TEXTS_DIR / source_file).read_text(encoding="utf-8")
            return [line for line in text.splitlines() if line.strip()][n - 1]
            ### END SOLUTION


        def excerpt_in_paragraph(fact):
            ### BEGIN SOLUTION
            return fact["excerpt"] in paragraph(fact["source_file"], int(fact["locator"]))
            ### END SOLUTION
        """),
    tests("q4_tests", """
        _fact = facts.iloc[0]
        assert isinstance(paragraph(_fact["source_file"], 1), str), tr(
            "paragraph() should return a str", "paragraph() hoort een str terug te geven")
        assert excerpt_in_paragraph(_fact), tr(
            f"the excerpt of {_fact['fact_id']} should be found in its paragraph",
            f"het citaat van {_fact['fact_id']} hoort in zijn alinea gevonden te worden")
        ### BEGIN HIDDEN TESTS
        from dprk_troops.provenance import paragraphs as _paragraphs

        for _file in facts["source_file"].unique():
            _paras = _paragraphs((paths.TEXTS_DIR / _file).read_text(encoding="utf-8"))
            for _n in (1, len(_paras) // 2 + 1, len(_paras)):
                assert paragraph(_file, _n) == _paras[_n - 1], tr(
                    f"paragraph({_file!r}, {_n}) is not the right paragraph",
                    f"paragraph({_file!r}, {_n}) is niet de juiste alinea")
        assert all(excerpt_in_paragraph(_row) for _, _row in facts.iterrows()), tr(
            "some excerpts are in their paragraph but excerpt_in_paragraph says no",
            "sommige citaten staan wel in hun alinea maar excerpt_in_paragraph zegt van niet")
        _moved = 0
        for _, _row in facts.iterrows():
            _paras = _paragraphs((paths.TEXTS_DIR / _row["source_file"]).read_text(encoding="utf-8"))
            _wrong = _row.copy()
            _wrong["locator"] = _row["locator"] % len(_paras) + 1
            if _row["excerpt"] not in _paras[_wrong["locator"] - 1]:
                assert not excerpt_in_paragraph(_wrong), tr(
                    "excerpt_in_paragraph says yes for a wrong paragraph",
                    "excerpt_in_paragraph zegt ja bij een verkeerde alinea")
                _moved += 1
        assert _moved > 0
        ### END HIDDEN TESTS
        """, points=2),
    md("q5_task", en="""
        ## Question 5: a fact or an assumption? (1 point)

        A notebook's numbers are not all facts. Notebook 01 declares each parameter once
        (`NOTEBOOK_PARAMS["01_cost_vs_revenue"]`, a tuple of parameters with `.name` and
        `.kind`): a *fact* takes its default from the fact base, an *assumption* is a
        choice made where the articles give no figure, a *setting* is how the notebook
        computes.

        Set `assumptions_01` and `facts_01` to the sorted lists of the names of notebook
        01's parameters whose kind is `"assumption"` and `"fact"`.
        """, nl="""
        ## Vraag 5: feit of aanname? (1 punt)

        Niet elk getal in een notebook is een feit. Notebook 01 legt elke parameter één keer
        vast (`NOTEBOOK_PARAMS["01_cost_vs_revenue"]`, een tuple van parameters met `.name`
        en `.kind`): een *fact* haalt zijn standaardwaarde uit de feitenbank, een
        *assumption* is een keuze waar de artikelen geen getal geven, een *setting* bepaalt
        hoe het notebook rekent.

        Geef `assumptions_01` en `facts_01` de gesorteerde lijsten van de namen van de
        parameters van notebook 01 met als soort `"assumption"` en `"fact"`.
        """),
    answer("q5_kinds", """
        ### BEGIN SOLUTION
        assumptions_01 = sorted(p.name for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"] if p.kind == "assumption")
        facts_01 = sorted(p.name for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"] if p.kind == "fact")
        ### END SOLUTION
        print(assumptions_01, facts_01, sep="\\n")
        """),
    tests("q5_tests", """
        assert isinstance(assumptions_01, list) and assumptions_01 == sorted(assumptions_01), tr(
            "assumptions_01 should be a sorted list", "assumptions_01 hoort een gesorteerde lijst te zijn")
        ### BEGIN HIDDEN TESTS
        _params = NOTEBOOK_PARAMS["01_cost_vs_revenue"]
        assert assumptions_01 == sorted(p.name for p in _params if p.kind == "assumption"), tr(
            "assumptions_01 is not the list of assumptions", "assumptions_01 is niet de lijst van aannames")
        assert facts_01 == sorted(p.name for p in _params if p.kind == "fact"), tr(
            "facts_01 is not the list of facts", "facts_01 is niet de lijst van feiten")
        ### END HIDDEN TESTS
        """, points=1),
    code("q6_reasons", """
        # en: Each parameter's reason, as the workbook gives it (in English).
        # nl: De reden bij elke parameter, zoals het werkboek die geeft (in het Engels).
        pd.DataFrame([(p.name, p.kind, p.reason) for p in NOTEBOOK_PARAMS["01_cost_vs_revenue"]],
                     columns=["name", "kind", "reason"])
        """),
    md("q6_task", en="""
        ## Question 6: why an assumption? (3 points, graded by your teacher)

        Take `months` or `casualty_rate_per_month`. Why is it an assumption and not a fact?
        Which facts does its reason lean on (give their `fact_id`s), and what would a source
        have to say to turn it into a fact?
        """, nl="""
        ## Vraag 6: waarom een aanname? (3 punten, beoordeeld door je docent)

        Neem `months` of `casualty_rate_per_month`. Waarom is dat een aanname en geen feit?
        Op welke feiten steunt de reden (geef hun `fact_id`'s), en wat zou een bron moeten
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
    md("q7_task", en="""
        ## Question 7: which troop figure would you report? (2 points, graded by your teacher)

        Look at `troop_claims` and at the `flags` and `note` of its rows. Which figure would
        you give for the end of October 2024, and why? Name the `fact_id`s and at least one
        flag that made you trust or doubt a row.
        """, nl="""
        ## Vraag 7: welk troepenaantal zou jij melden? (2 punten, beoordeeld door je docent)

        Bekijk `troop_claims` en de `flags` en `note` van de rijen. Welk getal zou jij geven
        voor eind oktober 2024, en waarom? Noem de `fact_id`'s en ten minste één vlag
        waardoor je een rij vertrouwde of juist betwijfelde.
        """),
    written("q7_report", points=2, en="""
        About ten thousand by late October. Three rows give it (`nos1_blinken_10000`,
        `nos1_dekruif_10000`, `bnr_tienduizend_lead`), but they are not three independent
        counts: De Kruif repeats the US figure (`secondhand`) and the BNR lead is
        `unattributed`, so it rests on one US estimate. The first NIS group
        (`nos2_nis_first_group_1500`) is an earlier date, not a disagreement, and
        Appathurai's range (`ana_dprk_troops_russia_appathurai`, flagged `inconsistent`) is
        later. The NIS "shipped" figure is flagged `public_record`.
        """, nl="""
        Zo'n tienduizend eind oktober. Drie rijen geven dat getal (`nos1_blinken_10000`,
        `nos1_dekruif_10000`, `bnr_tienduizend_lead`), maar het zijn geen drie
        onafhankelijke tellingen: De Kruif herhaalt het Amerikaanse getal (`secondhand`) en
        de BNR-intro is `unattributed`, dus het rust op één Amerikaanse schatting. De eerste
        groep van de NIS (`nos2_nis_first_group_1500`) hoort bij een eerdere datum en is geen
        tegenspraak; het bereik van Appathurai (`ana_dprk_troops_russia_appathurai`, vlag
        `inconsistent`) is van later. Het "verscheept"-getal van de NIS heeft de vlag
        `public_record`.
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
