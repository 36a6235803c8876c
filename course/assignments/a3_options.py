"""Assignment 3: South Korea's options (the question of notebook 03)."""

from course.cells import answer, code, free, md, student_id_cells, tests, written

ID = "a3_options"
MINUTES = 80
TITLE = {"en": "South Korea's options", "nl": "De opties van Zuid-Korea"}
OBJECTIVES = {
    "en": "compute a weighted sum of normalised scores by hand; change the weights and "
          "see the ranking move; find the weight at which the top option changes; argue "
          "for or against one analyst score with facts",
    "nl": "met de hand een gewogen som van genormaliseerde scores berekenen; de gewichten "
          "veranderen en de rangorde zien verschuiven; het gewicht vinden waarbij de "
          "beste optie wisselt; met feiten voor of tegen één score van de analist pleiten",
}

CELLS = [
    md("intro", en="""
        # Assignment 3: South Korea's options

        How should Seoul answer North Korean soldiers fighting for Russia? The articles name
        six options, from changing nothing to sending weapons to Ukraine. The workbook's
        authors scored each option from 1 to 5 on five criteria: those scores are
        **judgments, not facts**, each with a reason that cites the facts it leans on. In
        this assignment you combine them yourself and test how much the answer depends on
        the weights.

        **Time:** about 80 minutes. **You need:** basic Python, pandas and numpy.

        **How it is graded.** Code answers are checked by the test cells below them: the
        visible self-checks tell you whether your answer has the right shape, hidden tests
        check its values when your work is graded. Written answers are graded by your
        teacher. Take every number from the data loaded below and your own weights
        (`MY_WEIGHTS`), never type one in.

        Run the cells from the top. A cell that says `raise NotImplementedError()` is
        yours: replace that line by your answer.
        """, nl="""
        # Opdracht 3: de opties van Zuid-Korea

        Hoe moet Seoul reageren op Noord-Koreaanse soldaten die voor Rusland vechten? De
        artikelen noemen zes opties, van niets veranderen tot wapens naar Oekraïne sturen.
        De makers van het werkboek gaven elke optie een score van 1 tot 5 op vijf criteria:
        die scores zijn **oordelen, geen feiten**, elk met een reden die de feiten noemt
        waarop ze steunt. In deze opdracht combineer je ze zelf en test je hoezeer het
        antwoord van de gewichten afhangt.

        **Tijd:** ongeveer 80 minuten. **Je hebt nodig:** basiskennis van Python, pandas en
        numpy.

        **Zo wordt het beoordeeld.** Codeantwoorden worden gecontroleerd door de testcellen
        eronder: de zichtbare zelftests vertellen of je antwoord de goede vorm heeft,
        verborgen tests controleren de waarden bij het nakijken. Schriftelijke antwoorden
        kijkt je docent na. Haal elk getal uit de gegevens die hieronder geladen worden en
        uit je eigen gewichten (`MY_WEIGHTS`), typ er nooit een in.

        Voer de cellen van boven naar beneden uit. Een cel met `raise NotImplementedError()`
        is van jou: vervang die regel door je antwoord.
        """),
    *student_id_cells(),
    code("setup", """
        LANG = tr("en", "nl")
        VARIANTS = VARIANTS_ON
        import numpy as np
        import pandas as pd
        from dprk_troops import classroom, load_facts, load_options
        from dprk_troops.models import options
        from dprk_troops.present.numbers_i18n import format_frame, format_number
        from dprk_troops.factbase.scores import read_option_scores

        me = classroom.identify("a3_options", globals().get("STUDENT_ID"), variants=VARIANTS, lang=LANG)
        facts = classroom.with_glosses(load_facts(), LANG)
        judgments = read_option_scores()
        # en: The decision matrix: one row per option, one column per criterion, scores 1-5.
        # nl: De beslismatrix: één rij per optie, één kolom per criterium, scores 1-5.
        matrix = judgments.matrix()
        directions = judgments.directions
        default_weights = judgments.default_weights
        # en: Your scenario: your weights, the criterion of question 4, the score of question 5.
        # nl: Jouw scenario: je gewichten, het criterium van vraag 4, de score van vraag 5.
        scenario = classroom.options_scenario(me, matrix, default_weights, directions, judgments.scores)
        MY_WEIGHTS = scenario.weights
        print(me.origin)
        matrix
        """),
    code("criteria", """
        # en: benefit: higher is better; cost: lower is better (escalation risk). your_weight is what you work with.
        # nl: benefit: hoger is beter; cost: lager is beter (risico op escalatie). your_weight is waarmee jij werkt.
        format_frame(judgments.criteria[["label", "direction", "default_weight"]]
                     .assign(your_weight=[MY_WEIGHTS[c] for c in judgments.criteria.index]), LANG)
        """),
    md("q1_task", en="""
        ## Question 1: normalise by hand (2 points)

        Criteria are compared on one scale from 0 to 1, where 1 is always best. For a
        *benefit* criterion that is `(x - min) / (max - min)` per column; for a *cost*
        criterion `(max - x) / (max - min)`. (A column where every option scores the same
        becomes 0; there is none here.)

        Write `my_normalise(matrix, directions)`, which returns such a DataFrame (like
        `matrix`) for any decision matrix, without calling the library's `options` functions
        (the self-check refuses an answer that does; the hidden tests try it on other
        matrices too). Then set `normalised = my_normalise(matrix, directions)`.
        """, nl="""
        ## Vraag 1: normaliseer met de hand (2 punten)

        De criteria worden vergeleken op één schaal van 0 tot 1, waarbij 1 altijd het best
        is. Voor een *benefit*-criterium is dat per kolom `(x - min) / (max - min)`; voor
        een *cost*-criterium `(max - x) / (max - min)`. (Een kolom waarin elke optie
        hetzelfde scoort, wordt 0; die is er hier niet.)

        Schrijf `my_normalise(matrix, directions)`, die zo'n DataFrame (zoals `matrix`)
        teruggeeft voor elke beslismatrix, zonder de `options`-functies van de bibliotheek
        aan te roepen (de zelftest weigert een antwoord dat dat doet; de verborgen tests
        proberen haar ook op andere matrices). Zet daarna
        `normalised = my_normalise(matrix, directions)`.
        """),
    answer("q1_normalise", """
        def my_normalise(matrix, directions):
            ### BEGIN SOLUTION
            out = matrix.astype(float).copy()
            for c in matrix.columns:
                x = matrix[c].astype(float)
                span = x.max() - x.min()
                raw = (x.max() - x) if directions[c] == "cost" else (x - x.min())
                out[c] = raw / span if span else 0.0
            return out
            ### END SOLUTION


        normalised = my_normalise(matrix, directions)
        format_frame(normalised, LANG, decimals=2)
        """),
    tests("q1_tests", """
        classroom.self_check(LANG, "q1", [
            (lambda: not classroom.uses(my_normalise, options.normalise, options.weighted_sum, options.topsis,
                                        options.weight_sweep),
             tr("my_normalise calls the library: write the normalisation yourself",
                "my_normalise roept de bibliotheek aan: schrijf de normalisatie zelf")),
            (lambda: normalised.shape == matrix.shape, tr("normalised should have the shape of matrix",
                                                          "normalised hoort de vorm van matrix te hebben")),
            (lambda: ((normalised >= 0) & (normalised <= 1)).all().all(),
             tr("every normalised score lies from 0 to 1", "elke genormaliseerde score ligt tussen 0 en 1")),
        ])
        ### BEGIN HIDDEN TESTS
        _expected = options.normalise(matrix, directions)
        assert np.allclose(normalised.loc[_expected.index, _expected.columns], _expected), tr(
            "normalised differs from the library's: is a cost criterion reversed?",
            "normalised wijkt af van die van de bibliotheek: is een cost-criterium omgekeerd?")
        _other = pd.DataFrame(np.random.default_rng(1).integers(1, 6, size=(4, len(matrix.columns))),
                              index=list("wxyz"), columns=matrix.columns)
        _other[matrix.columns[0]] = 3
        assert np.allclose(my_normalise(_other, directions), options.normalise(_other, directions)), tr(
            "my_normalise is wrong on another matrix (one with a column where every option scores the same)",
            "my_normalise klopt niet op een andere matrix (een met een kolom waarin elke optie hetzelfde scoort)")
        ### END HIDDEN TESTS
        """, points=2),
    md("q2_task", en="""
        ## Question 2: the weighted sum (2 points)

        An option's score is the weighted mean of its normalised scores: divide the weights
        by their sum, multiply each criterion's column by its weight, and add up per option.
        Start from the library's normalisation, `options.normalise(matrix, directions)`, so
        this question does not depend on question 1.

        Make `my_scores` (a Series indexed by option, with your weights `MY_WEIGHTS`) and
        set `my_top` to the option with the highest score.
        """, nl="""
        ## Vraag 2: de gewogen som (2 punten)

        De score van een optie is het gewogen gemiddelde van haar genormaliseerde scores:
        deel de gewichten door hun som, vermenigvuldig de kolom van elk criterium met zijn
        gewicht en tel per optie op. Begin bij de normalisatie van de bibliotheek,
        `options.normalise(matrix, directions)`, zodat deze vraag niet van vraag 1 afhangt.

        Maak `my_scores` (een Series met de opties als index, met jouw gewichten
        `MY_WEIGHTS`) en geef `my_top` de optie met de hoogste score.
        """),
    answer("q2_weighted_sum", """
        ### BEGIN SOLUTION
        _w = pd.Series(MY_WEIGHTS) / sum(MY_WEIGHTS.values())
        my_scores = (options.normalise(matrix, directions) * _w).sum(axis=1)
        my_top = my_scores.idxmax()
        ### END SOLUTION
        format_frame(my_scores.sort_values(ascending=False).to_frame("score"), LANG, decimals=3)
        """),
    tests("q2_tests", """
        classroom.self_check(LANG, "q2", [
            (lambda: isinstance(my_scores, pd.Series) and set(my_scores.index) == set(matrix.index),
             tr("my_scores should be a Series with one score per option",
                "my_scores hoort een Series te zijn met één score per optie")),
            (lambda: ((my_scores >= 0) & (my_scores <= 1)).all(),
             tr("a weighted mean of scores from 0 to 1 lies from 0 to 1",
                "een gewogen gemiddelde van scores van 0 tot 1 ligt tussen 0 en 1")),
            (lambda: my_top in matrix.index, tr("my_top should be an option_id", "my_top hoort een option_id te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        _expected = options.weighted_sum(matrix, MY_WEIGHTS, directions)
        assert np.allclose(my_scores.loc[_expected.index], _expected), tr(
            "my_scores differs from the library's weighted sum: your weights, divided by their sum?",
            "my_scores wijkt af van de gewogen som van de bibliotheek: jouw gewichten, gedeeld door hun som?")
        assert my_top == options.rank(_expected)[0], tr("my_top is not the best-scoring option",
                                                        "my_top is niet de optie met de hoogste score")
        ### END HIDDEN TESTS
        """, points=2),
    md("q3_task", en="""
        ## Question 3: change the weights (2 points)

        Suppose a reader thinks deterrence should not count at all. Make `no_deterrence`, a
        copy of your weights `MY_WEIGHTS` with the weight of `deterrence` set to 0 and the
        others unchanged, and set `no_deterrence_top` to the option that then ranks first. Use the
        library here: `options.weighted_sum(matrix, weights, directions)` and
        `options.rank(scores)` (best first).
        """, nl="""
        ## Vraag 3: verander de gewichten (2 punten)

        Stel dat een lezer vindt dat afschrikking helemaal niet mag meetellen. Maak
        `no_deterrence`, een kopie van jouw gewichten `MY_WEIGHTS` waarin het gewicht van
        `deterrence` 0 is en de andere gelijk blijven, en geef `no_deterrence_top` de optie die dan
        bovenaan staat. Gebruik hier de bibliotheek: `options.weighted_sum(matrix, weights,
        directions)` en `options.rank(scores)` (beste eerst).
        """),
    answer("q3_weights", """
        ### BEGIN SOLUTION
        no_deterrence = {**MY_WEIGHTS, "deterrence": 0.0}
        no_deterrence_top = options.rank(options.weighted_sum(matrix, no_deterrence, directions))[0]
        ### END SOLUTION
        print(no_deterrence_top)
        """),
    tests("q3_tests", """
        classroom.self_check(LANG, "q3", [
            (lambda: set(no_deterrence) == set(MY_WEIGHTS), tr("no_deterrence should have a weight for every criterion",
                                                               "no_deterrence hoort een gewicht te hebben voor elk criterium")),
            (lambda: no_deterrence["deterrence"] == 0, tr("the weight of deterrence should be 0",
                                                          "het gewicht van deterrence hoort 0 te zijn")),
            (lambda: no_deterrence_top in matrix.index, tr("no_deterrence_top should be an option_id",
                                                           "no_deterrence_top hoort een option_id te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        assert all(no_deterrence[c] == w for c, w in MY_WEIGHTS.items() if c != "deterrence"), tr(
            "leave your other weights as they were", "laat je andere gewichten zoals ze waren")
        _expected = options.rank(options.weighted_sum(matrix, {**MY_WEIGHTS, "deterrence": 0.0}, directions))
        assert no_deterrence_top == _expected[0], tr("no_deterrence_top is not the top option",
                                                     "no_deterrence_top is niet de beste optie")
        ### END HIDDEN TESTS
        """, points=2),
    md("q4_task", en="""
        ## Question 4: when does the top option change? (2 points)

        Now raise the weight of your criterion `CRITERION` (below) step by step from its
        share of your weights upwards, while the other criteria share the rest in proportion
        to your weights (so with weight `w` for `CRITERION`, criterion `j` gets
        `(1 - w) * weight_j / sum of the other weights`). `options.weight_sweep(matrix,
        MY_WEIGHTS, directions, CRITERION, steps=...)` does exactly that on a grid of
        weights from 0 to 1.

        Set `switch_weight` to the smallest weight above that share (`my_share`) at which
        another option ranks first (to within 0.002), and `switch_to` to that option.
        """, nl="""
        ## Vraag 4: wanneer wisselt de beste optie? (2 punten)

        Verhoog nu het gewicht van jouw criterium `CRITERION` (hieronder) stap voor stap
        vanaf zijn aandeel in jouw gewichten, terwijl de andere criteria de rest delen naar
        verhouding van jouw gewichten (met gewicht `w` voor `CRITERION` krijgt criterium `j`
        dus `(1 - w) * gewicht_j / som van de andere gewichten`).
        `options.weight_sweep(matrix, MY_WEIGHTS, directions, CRITERION, steps=...)` doet
        precies dat op een rooster van gewichten van 0 tot 1.

        Geef `switch_weight` het kleinste gewicht boven dat aandeel (`my_share`) waarbij een
        andere optie bovenaan komt (tot op 0,002 nauwkeurig), en `switch_to` die optie.
        """),
    code("q4_setup", """
        CRITERION = scenario.criterion
        my_share = MY_WEIGHTS[CRITERION] / sum(MY_WEIGHTS.values())
        print(tr(f"your criterion: {CRITERION}, its share of your weights: {format_number(my_share, LANG)}",
                 f"jouw criterium: {CRITERION}, zijn aandeel in jouw gewichten: {format_number(my_share, LANG)}"))
        """),
    answer("q4_switch", """
        ### BEGIN SOLUTION
        _sweep = options.weight_sweep(matrix, MY_WEIGHTS, directions, CRITERION, steps=2001)
        _tops = _sweep[_sweep["rank"] == 1].set_index("weight")["option_id"].astype(str)
        _start = _tops[_tops.index <= my_share].iloc[-1]
        _after = _tops[(_tops.index > my_share) & (_tops != _start)]
        switch_weight = float(_after.index[0])
        switch_to = _after.iloc[0]
        ### END SOLUTION
        print(switch_to, format_number(switch_weight, LANG))
        """),
    tests("q4_tests", """
        classroom.self_check(LANG, "q4", [
            (lambda: my_share < switch_weight <= 1, tr("switch_weight should lie above my_share and at most 1",
                                                       "switch_weight hoort boven my_share te liggen en ten hoogste 1 te zijn")),
            (lambda: switch_to in matrix.index, tr("switch_to should be an option_id",
                                                   "switch_to hoort een option_id te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        _crit = list(matrix.columns)
        _j = _crit.index(CRITERION)
        _w = np.array([MY_WEIGHTS[c] for c in _crit]) / sum(MY_WEIGHTS.values())
        _share = np.delete(_w, _j) / np.delete(_w, _j).sum()
        _grid = np.linspace(_w[_j], 1, 200_001)
        _all = np.insert((1 - _grid)[:, None] * _share[None, :], _j, _grid, axis=1)
        _top = (_all @ options.normalise(matrix, directions).to_numpy().T).argmax(axis=1)
        _k = int(np.argmax(_top != _top[0]))
        assert abs(switch_weight - _grid[_k]) <= 0.002, tr(
            "switch_weight is not where the top option changes", "switch_weight is niet waar de beste optie wisselt")
        assert switch_to == matrix.index[_top[_k]], tr("switch_to is not the new top option",
                                                       "switch_to is niet de nieuwe beste optie")
        ### END HIDDEN TESTS
        """, points=2),
    md("q5_task", en="""
        ## Question 5: argue with one score (3 points, graded by your teacher)

        Your score is printed above the table below (an option, a criterion, its score
        and reason; if none is printed, pick one from the table). Look up the facts its reason
        cites (`facts[facts["fact_id"].isin([...])]`, read the `excerpt`, its English gloss
        `excerpt_en` and the `note`). Argue, with those facts and any other fact you find,
        that the score should be higher, lower, or stay. Would your change move the
        ranking? Check it in the code cell below the table, with your weights.
        """, nl="""
        ## Vraag 5: één score onder de loep (3 punten, beoordeeld door je docent)

        Jouw score staat boven de tabel hieronder (een optie, een criterium, de score en de
        reden; staat er geen, kies er dan zelf een uit de tabel). Zoek de feiten op die de reden
        noemt (`facts[facts["fact_id"].isin([...])]`, lees het `excerpt` en de `note`).
        Beargumenteer met die feiten, en andere die je vindt, dat de score hoger of lager
        moet, of zo moet blijven. Zou jouw wijziging de rangorde veranderen? Controleer het
        in de codecel onder de tabel, met jouw gewichten.
        """),
    code("q5_scores", """
        # en: The analyst's reasons are in English; the excerpts of the facts they cite are Dutch.
        # nl: De redenen van de analist zijn in het Engels; de citaten van de feiten zijn Nederlands.
        SCORE_OPTION, SCORE_CRITERION = scenario.score or (matrix.index[0], matrix.columns[0])
        if scenario.score:
            print(tr(f"Your score: {SCORE_OPTION} on {SCORE_CRITERION}", f"Jouw score: {SCORE_OPTION} op {SCORE_CRITERION}"))
        classroom.FullTable(judgments.scores[["option_id", "criterion_id", "score", "reason"]])
        """),
    free("q5_check", """
        # en: Your check: set my_score to the score you argue for, run the cell, compare the two rankings.
        # nl: Jouw controle: zet my_score op de score die je bepleit, voer de cel uit, vergelijk de rangordes.
        option, criterion = SCORE_OPTION, SCORE_CRITERION
        my_score = matrix.loc[option, criterion]
        changed = matrix.copy()
        changed.loc[option, criterion] = my_score
        print(options.rank(options.weighted_sum(matrix, MY_WEIGHTS, directions)))
        print(options.rank(options.weighted_sum(changed, MY_WEIGHTS, directions)))
        """),
    written("q5_argue", points=3, en="""
        `direct_arms` scores 5 on `escalation_risk`. Its reason cites North Korea calling
        the South its top enemy (`brk_dprk_state_enemy`) and Breuker's view that the
        conflict could spread to the peninsula first (`brk_conflict_spread_risk`); both
        back a high risk, so I would keep it. Checked with code: even a 4 leaves
        `direct_arms` the riskiest option, so after min-max normalisation it still gets 0
        on this criterion and the ranking does not move; only the other options' risk
        scores shrink. One score matters less than the weights (question 4).
        """, nl="""
        `direct_arms` scoort 5 op `escalation_risk`. De reden noemt dat Noord-Korea het
        Zuiden zijn grootste vijand noemt (`brk_dprk_state_enemy`) en dat Breuker het
        schiereiland ziet als de eerste plek waar het conflict kan overslaan
        (`brk_conflict_spread_risk`); beide steunen een hoog risico, dus ik laat de score
        staan. Met code gecontroleerd: ook met een 4 blijft `direct_arms` de riskantste
        optie, dus na min-max-normalisatie krijgt ze nog steeds 0 op dit criterium en
        verschuift de rangorde niet; alleen de risicoscores van de andere opties krimpen.
        Eén score weegt minder zwaar dan de gewichten (vraag 4).
        """, rubric_en="""
        3: names the score; cites at least two fact_ids with what they say; separates what
        the facts say from the analyst's judgment; checks with code whether the change
        moves the ranking. 2: cites facts but does not check the ranking, or the reverse.
        1: an opinion with one fact. 0: no fact.
        """, rubric_nl="""
        3: noemt de score; noemt ten minste twee fact_id's met wat ze zeggen; scheidt wat
        de feiten zeggen van het oordeel van de analist; controleert met code of de
        wijziging de rangorde verandert. 2: noemt feiten maar controleert de rangorde niet,
        of omgekeerd. 1: een mening met één feit. 0: geen feit.
        """),
    md("q6_task", en="""
        ## Question 6: the limits (2 points, graded by your teacher)

        In three to five sentences: what does this method not tell a minister? Think of what
        the weights are, where the scores come from, and what the articles leave out.
        """, nl="""
        ## Vraag 6: de grenzen (2 punten, beoordeeld door je docent)

        In drie tot vijf zinnen: wat vertelt deze methode een minister niet? Denk aan wat de
        gewichten zijn, waar de scores vandaan komen en wat de artikelen weglaten.
        """),
    written("q6_limits", points=2, en="""
        Weights and scores are both judgments: the method makes them explicit but does not
        make them right. Question 4 shows the top option changes at a weight a reader could
        well choose. The scale 1-5 hides how much better one option is, the criteria may
        overlap, and the articles describe a few weeks of autumn 2024 only.
        """, nl="""
        Gewichten en scores zijn allebei oordelen: de methode maakt ze expliciet, maar niet
        juist. Vraag 4 laat zien dat de beste optie wisselt bij een gewicht dat een lezer
        best kan kiezen. De schaal 1-5 verbergt hoeveel beter een optie is, de criteria
        kunnen overlappen en de artikelen beschrijven maar een paar weken uit de herfst van
        2024.
        """, rubric_en="""
        2: at least two distinct limits (weights as judgment, scores as judgment, ordinal
        scale, overlapping criteria, sources' time span), one tied to the student's own
        result. 1: one limit. 0: none, or only praise of the method.
        """, rubric_nl="""
        2: ten minste twee verschillende grenzen (gewichten als oordeel, scores als oordeel,
        ordinale schaal, overlappende criteria, tijdspanne van de bronnen), één gekoppeld
        aan het eigen resultaat. 1: één grens. 0: geen, of alleen lof voor de methode.
        """),
    md("end", en="""
        ## Done?

        Run the whole notebook again from the top (Kernel → Restart Kernel and Run All
        Cells) and check that every test cell passes. Then hand it in. Notebook 03 of the
        workbook goes further: TOPSIS and thousands of random weights.
        """, nl="""
        ## Klaar?

        Voer het hele notebook opnieuw uit vanaf het begin (Kernel → Restart Kernel and Run
        All Cells) en kijk of elke testcel slaagt. Lever het dan in. Notebook 03 van het
        werkboek gaat verder: TOPSIS en duizenden willekeurige gewichten.
        """),
]
