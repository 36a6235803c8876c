"""Assignment 2: cost against revenue (the question of notebook 01)."""

from course.cells import answer, code, md, student_id_cells, tests, written

ID = "a2_cost_revenue"
MINUTES = 75
TITLE = {"en": "Cost against revenue", "nl": "Kosten tegen opbrengsten"}
OBJECTIVES = {
    "en": "write the cash revenue formula and check it against the library's; take the "
          "inputs from the fact base; run a small Monte Carlo and interpret its spread; "
          "say which sources the answer leans on",
    "nl": "de formule voor de opbrengst in contanten schrijven en tegen die van de "
          "bibliotheek controleren; de invoer uit de feitenbank halen; een kleine Monte "
          "Carlo draaien en de spreiding duiden; zeggen op welke bronnen het antwoord steunt",
}

CELLS = [
    md("intro", en="""
        # Assignment 2: cost against revenue

        Russia pays North Korea for every soldier it sends. How much cash does that bring
        Pyongyang, and how sure can we be? In this assignment you write the revenue formula
        yourself, take its inputs from the fact base, and see how wide the answer spreads
        when the inputs are uncertain.

        **Time:** about 75 minutes. **You need:** basic Python, pandas and numpy.

        **How it is graded.** Code answers are checked by the test cells below them: the
        visible self-checks tell you whether your answer has the right shape, hidden tests
        check its values when your work is graded. Written answers are graded by your
        teacher. Never type a number from the articles into a cell: take it from the fact
        base (`facts`), the library or your scenario (`MY_...`), so your answer follows
        when they change.

        Run the cells from the top. A cell that says `raise NotImplementedError()` is
        yours: replace that line by your answer.
        """, nl="""
        # Opdracht 2: kosten tegen opbrengsten

        Rusland betaalt Noord-Korea voor elke soldaat die het stuurt. Hoeveel geld levert
        dat Pyongyang op, en hoe zeker weten we dat? In deze opdracht schrijf je de formule
        voor de opbrengst zelf, haal je de invoer uit de feitenbank en kijk je hoe ver het
        antwoord uiteenloopt als de invoer onzeker is.

        **Tijd:** ongeveer 75 minuten. **Je hebt nodig:** basiskennis van Python, pandas en
        numpy.

        **Zo wordt het beoordeeld.** Codeantwoorden worden gecontroleerd door de testcellen
        eronder: de zichtbare zelftests vertellen of je antwoord de goede vorm heeft,
        verborgen tests controleren de waarden bij het nakijken. Schriftelijke antwoorden
        kijkt je docent na. Typ nooit een getal uit de artikelen in een cel: haal het uit de
        feitenbank (`facts`), de bibliotheek of je scenario (`MY_...`), dan beweegt je
        antwoord mee als die veranderen.

        Voer de cellen van boven naar beneden uit. Een cel met `raise NotImplementedError()`
        is van jou: vervang die regel door je antwoord.
        """),
    *student_id_cells(),
    code("setup", """
        LANG = tr("en", "nl")
        VARIANTS = VARIANTS_ON
        import numpy as np
        from dprk_troops import classroom, load_facts
        from dprk_troops.models import revenue
        from dprk_troops.present.numbers_i18n import format_frame, format_number
        from dprk_troops.workbook import definition

        me = classroom.identify("a2_cost_revenue", globals().get("STUDENT_ID"), variants=VARIANTS, lang=LANG)
        facts = classroom.with_glosses(load_facts(), LANG)
        # en: The defaults of notebook 01: facts (read from the fact base) and assumptions.
        # nl: De standaardwaarden van notebook 01: feiten (uit de feitenbank) en aannames.
        defaults = dict(definition("01_cost_vs_revenue").resolve(facts, {}).values)
        # en: Your scenario: months deployed, the share of the pay the state keeps, your Monte Carlo seed.
        # nl: Jouw scenario: maanden ingezet, het deel van het loon dat de staat houdt, je zaadgetal.
        scenario = classroom.revenue_scenario(me, defaults)
        MY_MONTHS, MY_SHARE, MY_SEED = scenario.months, scenario.regime_share, scenario.seed


        def fmt(x, compact=False):
            return format_number(x, LANG, compact=compact)


        print(me.origin)
        print(tr(f"{fmt(len(facts))} facts loaded; your scenario: {MY_MONTHS} months, the state keeps {fmt(MY_SHARE)} of the pay, seed {MY_SEED}",
                 f"{fmt(len(facts))} feiten geladen; jouw scenario: {MY_MONTHS} maanden, de staat houdt {fmt(MY_SHARE)} van het loon, zaadgetal {MY_SEED}"))
        """),
    md("q1_task", en="""
        ## Question 1: the formula (2 points)

        Cash revenue is the number of soldiers × the pay per soldier per month × the number
        of months × the share of the pay the state keeps.

        Write `cash_revenue(troops, pay_usd_per_soldier_month, months, regime_share=1.0)`.
        It must work on single numbers and on numpy arrays of equal length (one value per
        scenario). Do not call the library here: write the formula yourself (the
        self-check refuses an answer that calls `revenue.cash_revenue_usd`). The hidden
        tests compare it with that function.
        """, nl="""
        ## Vraag 1: de formule (2 punten)

        De opbrengst in contanten is het aantal soldaten × het loon per soldaat per maand ×
        het aantal maanden × het deel van het loon dat de staat houdt.

        Schrijf `cash_revenue(troops, pay_usd_per_soldier_month, months, regime_share=1.0)`.
        De functie moet werken op losse getallen en op numpy-arrays van gelijke lengte (één
        waarde per scenario). Roep hier de bibliotheek niet aan: schrijf de formule zelf (de
        zelftest weigert een antwoord dat `revenue.cash_revenue_usd` aanroept). De verborgen
        tests vergelijken haar met die functie.
        """),
    answer("q1_formula", """
        def cash_revenue(troops, pay_usd_per_soldier_month, months, regime_share=1.0):
            ### BEGIN SOLUTION
            return (np.asarray(troops, dtype=float) * np.asarray(pay_usd_per_soldier_month)
                    * np.asarray(months) * np.asarray(regime_share))
            ### END SOLUTION
        """),
    tests("q1_tests", """
        pay = facts.loc[facts["quantity"] == "dprk_pay_usd_per_soldier_month", "value"].iloc[0]
        classroom.self_check(LANG, "q1", [
            (lambda: not classroom.uses(cash_revenue, revenue.cash_revenue_usd),
             tr("cash_revenue calls the library: write the formula yourself",
                "cash_revenue roept de bibliotheek aan: schrijf de formule zelf")),
            (lambda: np.isclose(cash_revenue(1, pay, 1), pay),
             tr("one soldier for one month at the full share should bring exactly one month's pay",
                "één soldaat gedurende één maand met het volle deel hoort precies één maandloon op te leveren")),
            (lambda: np.shape(cash_revenue(np.ones(3), np.ones(3), np.ones(3), np.ones(3))) == (3,),
             tr("on arrays of three scenarios cash_revenue should give three values",
                "op arrays van drie scenario's hoort cash_revenue drie waarden te geven")),
        ])
        ### BEGIN HIDDEN TESTS
        _rng = np.random.default_rng(0)
        _t, _p, _m, _s = (_rng.uniform(0, hi, 50) for hi in (20_000, 5_000, 36, 1))
        assert np.allclose(cash_revenue(_t, _p, _m, _s), revenue.cash_revenue_usd(_t, _p, _m, _s)), tr(
            "on arrays of scenarios your formula differs from the library's",
            "op arrays van scenario's wijkt je formule af van die van de bibliotheek")
        assert np.isclose(cash_revenue(_t[0], _p[0], _m[0]), revenue.cash_revenue_usd(_t[0], _p[0], _m[0])), tr(
            "without regime_share the state should keep all of the pay (1.0)",
            "zonder regime_share hoort de staat het hele loon te houden (1,0)")
        ### END HIDDEN TESTS
        """, points=2),
    md("q2_task", en="""
        ## Question 2: the inputs come from the fact base (2 points)

        Set these variables from `facts` and your scenario:

        - `pay_usd`: the pay per soldier per month, quantity `dprk_pay_usd_per_soldier_month`
          (if the sources give different figures, take their mean);
        - `troops_low` and `troops_high`: the lowest and highest point figure (column `value`)
          for `dprk_troops_in_russia`;
        - `revenue_low` and `revenue_high`: the cash revenue over your `MY_MONTHS` months at
          those two troop figures, the state keeping your share `MY_SHARE` of the pay. Use
          the library's `revenue.cash_revenue_usd` here, so this question does not depend on
          question 1.
        """, nl="""
        ## Vraag 2: de invoer komt uit de feitenbank (2 punten)

        Geef deze variabelen een waarde uit `facts` en je scenario:

        - `pay_usd`: het loon per soldaat per maand, grootheid
          `dprk_pay_usd_per_soldier_month` (geven de bronnen verschillende getallen, neem dan
          het gemiddelde);
        - `troops_low` en `troops_high`: het laagste en het hoogste puntgetal (kolom `value`)
          voor `dprk_troops_in_russia`;
        - `revenue_low` en `revenue_high`: de opbrengst in contanten over jouw `MY_MONTHS`
          maanden bij die twee troepenaantallen, als de staat jouw deel `MY_SHARE` van het
          loon houdt. Gebruik hier `revenue.cash_revenue_usd` uit de bibliotheek, zodat deze
          vraag niet van vraag 1 afhangt.
        """),
    answer("q2_inputs", """
        ### BEGIN SOLUTION
        pay_usd = float(facts.loc[facts["quantity"] == "dprk_pay_usd_per_soldier_month", "value"].mean())
        _troops = facts.loc[(facts["quantity"] == "dprk_troops_in_russia") & facts["value"].notna(), "value"]
        troops_low, troops_high = float(_troops.min()), float(_troops.max())
        revenue_low = revenue.cash_revenue_usd(troops_low, pay_usd, MY_MONTHS, MY_SHARE)
        revenue_high = revenue.cash_revenue_usd(troops_high, pay_usd, MY_MONTHS, MY_SHARE)
        print(tr(f"from {fmt(revenue_low, compact=True)} to {fmt(revenue_high, compact=True)} dollars",
                 f"van {fmt(revenue_low, compact=True)} tot {fmt(revenue_high, compact=True)} dollar"))
        ### END SOLUTION
        """),
    tests("q2_tests", """
        classroom.self_check(LANG, "q2", [
            *[(lambda _name=_name: _name in globals(), tr(f"{_name} is not set", f"{_name} heeft geen waarde"))
              for _name in ("pay_usd", "troops_low", "troops_high", "revenue_low", "revenue_high")],
            (lambda: troops_low <= troops_high, tr("troops_low is above troops_high",
                                                   "troops_low ligt boven troops_high")),
            (lambda: 0 < revenue_low <= revenue_high, tr("revenue_low should be above 0 and at most revenue_high",
                                                         "revenue_low hoort boven 0 en hoogstens revenue_high te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        _pay = facts.loc[facts["quantity"] == "dprk_pay_usd_per_soldier_month", "value"].mean()
        _tr = facts.loc[(facts["quantity"] == "dprk_troops_in_russia") & facts["value"].notna(), "value"]
        assert np.isclose(pay_usd, _pay), tr("pay_usd is not the fact base's pay",
                                             "pay_usd is niet het loon uit de feitenbank")
        assert np.isclose(troops_low, _tr.min()) and np.isclose(troops_high, _tr.max()), tr(
            "troops_low and troops_high should be the lowest and highest value",
            "troops_low en troops_high horen de laagste en hoogste value te zijn")
        for _got, _troops in ((revenue_low, _tr.min()), (revenue_high, _tr.max())):
            assert np.isclose(_got, revenue.cash_revenue_usd(_troops, _pay, MY_MONTHS, MY_SHARE)), tr(
                "revenue_low or revenue_high is not the revenue at that troop figure: your months and share?",
                "revenue_low of revenue_high is niet de opbrengst bij dat troepenaantal: jouw maanden en deel?")
        ### END HIDDEN TESTS
        """, points=2),
    md("q3_task", en="""
        ## Question 3: a small Monte Carlo (2 points)

        We do not know how many soldiers stay, nor for how long. The cell below takes the
        ranges from the fact base (troops, pay) and from notebook 01's assumptions (months).

        Draw `N_DRAWS` scenarios with `rng = np.random.default_rng(MY_SEED)`, in this
        order: `mc_troops` uniformly from `troop_range`, then `mc_months` uniformly from
        `month_range`, then `mc_pay` uniformly from `pay_range` (use `rng.uniform`).
        Compute `mc_revenue`, the cash revenue of every draw (the state keeping your share
        `MY_SHARE`), and `p5`, `p50` and `p95`: its 5th, 50th and 95th percentiles
        (`np.percentile`).
        """, nl="""
        ## Vraag 3: een kleine Monte Carlo (2 punten)

        We weten niet hoeveel soldaten blijven, en ook niet hoe lang. De cel hieronder haalt
        de bereiken uit de feitenbank (troepen, loon) en uit de aannames van notebook 01
        (maanden).

        Trek `N_DRAWS` scenario's met `rng = np.random.default_rng(MY_SEED)`, in deze
        volgorde: `mc_troops` uniform uit `troop_range`, dan `mc_months` uniform uit
        `month_range`, dan `mc_pay` uniform uit `pay_range` (gebruik `rng.uniform`). Bereken
        `mc_revenue`, de opbrengst van elke trekking (de staat houdt jouw deel `MY_SHARE`),
        en `p5`, `p50` en `p95`: het 5e, 50e en 95e percentiel ervan (`np.percentile`).
        """),
    code("q3_ranges", """
        N_DRAWS = 20_000
        troop_range = revenue.fact_range(facts, "dprk_troops_in_russia")
        pay_range = revenue.fact_range(facts, "dprk_pay_usd_per_soldier_month")
        _spread = defaults["mc_spreads"]["months"]
        month_range = (defaults["months"] * (1 - _spread), defaults["months"] * (1 + _spread))
        for _label, (_low, _high) in ((tr("troops", "troepen"), troop_range),
                                      (tr("pay (USD per soldier per month)", "loon (USD per soldaat per maand)"), pay_range),
                                      (tr("months", "maanden"), month_range)):
            print(f"{_label}: {fmt(_low)} - {fmt(_high)}")
        """),
    answer("q3_monte_carlo", """
        ### BEGIN SOLUTION
        rng = np.random.default_rng(MY_SEED)
        mc_troops = rng.uniform(*troop_range, N_DRAWS)
        mc_months = rng.uniform(*month_range, N_DRAWS)
        mc_pay = rng.uniform(*pay_range, N_DRAWS)
        mc_revenue = mc_troops * mc_pay * mc_months * MY_SHARE
        p5, p50, p95 = np.percentile(mc_revenue, [5, 50, 95])
        print(tr(f"median {fmt(p50, compact=True)} dollars; 90% of draws from {fmt(p5, compact=True)} to {fmt(p95, compact=True)}",
                 f"mediaan {fmt(p50, compact=True)} dollar; 90% van de trekkingen van {fmt(p5, compact=True)} tot {fmt(p95, compact=True)}"))
        ### END SOLUTION
        """),
    tests("q3_tests", """
        _lowest = troop_range[0] * pay_range[0] * month_range[0] * MY_SHARE
        _highest = troop_range[1] * pay_range[1] * month_range[1] * MY_SHARE
        classroom.self_check(LANG, "q3", [
            (lambda: len(mc_revenue) == N_DRAWS, tr("mc_revenue needs one value per draw",
                                                    "mc_revenue heeft één waarde per trekking nodig")),
            (lambda: p5 < p50 < p95, tr("the percentiles should rise: p5 < p50 < p95",
                                        "de percentielen horen te stijgen: p5 < p50 < p95")),
            (lambda: _lowest * (1 - 1e-9) <= np.min(mc_revenue) and np.max(mc_revenue) <= _highest * (1 + 1e-9),
             tr("some draws lie outside what the ranges and your share allow",
                "sommige trekkingen vallen buiten wat de bereiken en jouw deel toelaten")),
        ])
        ### BEGIN HIDDEN TESTS
        _rng = np.random.default_rng(MY_SEED)
        _draws = [_rng.uniform(*r, N_DRAWS) for r in (troop_range, month_range, pay_range)]
        _expected = revenue.cash_revenue_usd(_draws[0], _draws[2], _draws[1], MY_SHARE)
        assert np.allclose(mc_revenue, _expected), tr(
            "the draws differ: use your seed, your share and the order of the question",
            "de trekkingen wijken af: gebruik je zaadgetal, je deel en de volgorde uit de vraag")
        assert np.allclose([p5, p50, p95], np.percentile(_expected, [5, 50, 95])), tr(
            "p5, p50 and p95 are not the percentiles of the draws",
            "p5, p50 en p95 zijn niet de percentielen van de trekkingen")
        ### END HIDDEN TESTS
        """, points=2),
    md("q4_task", en="""
        ## Question 4: what does the spread mean? (3 points, graded by your teacher)

        In three to six sentences: what do `p5` and `p95` tell a reader, and what do they
        not tell? Which input makes the spread widest, and how can you show that with the
        code above? Is this 90% band a confidence interval in the statistical sense?
        """, nl="""
        ## Vraag 4: wat betekent de spreiding? (3 punten, beoordeeld door je docent)

        In drie tot zes zinnen: wat vertellen `p5` en `p95` een lezer, en wat niet? Welke
        invoer maakt de spreiding het grootst, en hoe laat je dat zien met de code hierboven?
        Is deze band van 90% een betrouwbaarheidsinterval in statistische zin?
        """),
    written("q4_spread", points=3, en="""
        The band says: if the troops, months and pay lie anywhere in the ranges we chose,
        with every value equally likely, nine in ten scenarios earn between `p5` and `p95`.
        It is not a confidence interval: it shows the ranges we assumed, not sampling error,
        and the ranges of months come from notebook 01's assumptions, not from a source.
        The months and the troops both span a wide range; fixing one at a time (drawing it
        from a range of zero width) shows which one narrows the band most. Both pay figures
        agree, so pay adds no spread, which is itself a finding to check.
        """, nl="""
        De band zegt: als de troepen, maanden en het loon ergens in de gekozen bereiken
        liggen, elke waarde even waarschijnlijk, dan levert negen op de tien scenario's
        tussen `p5` en `p95` op. Het is geen betrouwbaarheidsinterval: het toont de bereiken
        die we aannamen, geen steekproeffout, en het bereik van de maanden komt uit de
        aannames van notebook 01, niet uit een bron. Zowel de maanden als de troepen lopen
        ver uiteen; door er één tegelijk vast te zetten (een bereik zonder breedte) zie je
        welke de band het meest versmalt. Beide loongetallen zijn gelijk, dus het loon geeft
        geen spreiding, en dat is zelf een bevinding om te controleren.
        """, rubric_en="""
        3: says the band reflects the chosen ranges (not sampling error, not a confidence
        interval); names the widest input and a way to show it (fix one input, compare the
        band); notes that the months range is an assumption. 2: two of these. 1: one.
        0: only repeats the numbers.
        """, rubric_nl="""
        3: zegt dat de band de gekozen bereiken weergeeft (geen steekproeffout, geen
        betrouwbaarheidsinterval); noemt de invoer met de grootste spreiding en een manier
        om dat te tonen (één invoer vastzetten, de band vergelijken); merkt op dat het
        bereik van de maanden een aanname is. 2: twee hiervan. 1: één. 0: herhaalt alleen
        de getallen.
        """),
    md("q5_task", en="""
        ## Question 5: which sources does the answer lean on? (1 point)

        Set `pay_fact_ids` to the sorted list of the `fact_id`s that give the pay per
        soldier per month, `pay_outlets` to the sorted list of their outlets (no
        duplicates), and `pay_all_unattributed` to `True` when every one of them carries
        the flag `unattributed` (column `flags`, a list per row), else `False`.
        """, nl="""
        ## Vraag 5: op welke bronnen steunt het antwoord? (1 punt)

        Geef `pay_fact_ids` de gesorteerde lijst van de `fact_id`'s die het loon per soldaat
        per maand geven, `pay_outlets` de gesorteerde lijst van hun media (elk medium
        één keer), en `pay_all_unattributed` de waarde `True` als elk van die feiten de
        vlag `unattributed` heeft (kolom `flags`, een lijst per rij), anders `False`.
        """),
    answer("q5_sources", """
        ### BEGIN SOLUTION
        _pay_rows = facts[facts["quantity"] == "dprk_pay_usd_per_soldier_month"]
        pay_fact_ids = sorted(_pay_rows["fact_id"])
        pay_outlets = sorted(set(_pay_rows["outlet"].astype(str)))
        pay_all_unattributed = all("unattributed" in f for f in _pay_rows["flags"])
        ### END SOLUTION
        """),
    tests("q5_tests", """
        classroom.self_check(LANG, "q5", [
            (lambda: isinstance(pay_fact_ids, list) and isinstance(pay_outlets, list),
             tr("pay_fact_ids and pay_outlets should be lists", "pay_fact_ids en pay_outlets horen lijsten te zijn")),
            (lambda: pay_fact_ids == sorted(pay_fact_ids) and pay_outlets == sorted(pay_outlets),
             tr("sort both lists", "sorteer beide lijsten")),
            (lambda: len(set(pay_outlets)) == len(pay_outlets), tr("name each outlet once", "noem elk medium één keer")),
            (lambda: pay_all_unattributed in (True, False),
             tr("pay_all_unattributed should be True or False", "pay_all_unattributed hoort True of False te zijn")),
        ])
        ### BEGIN HIDDEN TESTS
        _rows = facts[facts["quantity"] == "dprk_pay_usd_per_soldier_month"]
        assert pay_fact_ids == sorted(_rows["fact_id"]), tr("pay_fact_ids misses a row or has one too many",
                                                            "pay_fact_ids mist een rij of heeft er een te veel")
        assert pay_outlets == sorted(set(_rows["outlet"].astype(str))), tr(
            "pay_outlets is not the list of those rows' outlets", "pay_outlets is niet de lijst van de media van die rijen")
        assert pay_all_unattributed == all("unattributed" in f for f in _rows["flags"]), tr(
            "look again at the flags of each pay row", "kijk nog eens naar de vlaggen van elke loonrij")
        ### END HIDDEN TESTS
        """, points=1),
    md("q6_task", en="""
        ## Question 6: how much does that matter? (2 points, graded by your teacher)

        Look at the pay rows (`facts[facts["quantity"] == "dprk_pay_usd_per_soldier_month"]`:
        speaker, flags, note). Who says what Russia pays? Do two outlets giving the same
        figure make it twice as reliable? Name the `fact_id`s you lean on.
        """, nl="""
        ## Vraag 6: hoeveel maakt dat uit? (2 punten, beoordeeld door je docent)

        Bekijk de loonrijen (`facts[facts["quantity"] == "dprk_pay_usd_per_soldier_month"]`:
        spreker, vlaggen, toelichting). Wie zegt wat Rusland betaalt? Maken twee media met
        hetzelfde getal het twee keer zo betrouwbaar? Noem de `fact_id`'s waarop je steunt.
        """),
    written("q6_reliance", points=2, en="""
        Both pay rows (`nos1_pay_2000`, `bnr_pay_2000`) are flagged `unattributed`: neither
        article says who reports the price. Two outlets printing one figure may share one
        unnamed source, so agreement is not independent confirmation. Every revenue figure
        in this assignment scales with this one number, so it is the weakest link, and a
        range for pay (instead of one value) would be more honest.
        """, nl="""
        Beide loonrijen (`nos1_pay_2000`, `bnr_pay_2000`) hebben de vlag `unattributed`:
        geen van beide artikelen zegt wie de prijs meldt. Twee media met één getal kunnen
        op één naamloze bron teruggaan, dus overeenstemming is geen onafhankelijke
        bevestiging. Elke opbrengst in deze opdracht schaalt met dit ene getal; het is dus
        de zwakste schakel, en een bereik voor het loon (in plaats van één waarde) zou
        eerlijker zijn.
        """, rubric_en="""
        2: cites the pay fact_ids, notes the `unattributed` flag, and explains that two
        outlets with one figure need not be two independent sources. 1: cites the rows but
        treats agreement as confirmation, or the reverse without citing. 0: no fact_ids.
        """, rubric_nl="""
        2: noemt de fact_id's van het loon, wijst op de vlag `unattributed` en legt uit dat
        twee media met één getal geen twee onafhankelijke bronnen hoeven te zijn. 1: noemt
        de rijen maar ziet overeenstemming als bevestiging, of omgekeerd zonder bronnen.
        0: geen fact_id's.
        """),
    md("end", en="""
        ## Done?

        Run the whole notebook again from the top (Kernel → Restart Kernel and Run All
        Cells) and check that every test cell passes. Then hand it in. Notebook 01 of the
        workbook answers the same question with more inputs; compare your numbers with it.
        """, nl="""
        ## Klaar?

        Voer het hele notebook opnieuw uit vanaf het begin (Kernel → Restart Kernel and Run
        All Cells) en kijk of elke testcel slaagt. Lever het dan in. Notebook 01 van het
        werkboek beantwoordt dezelfde vraag met meer invoer; vergelijk je getallen ermee.
        """),
]
