# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # What does the deployment earn Pyongyang, and what does it cost?
#
# **The question.** In autumn 2024 North Korea sent soldiers to Russia. Two of the seed
# articles say Russia pays North Korea per soldier per month. How much cash does that
# bring in, how sure can we be of it, and what does North Korea give up in return?
#
# **The facts this notebook uses** (all from the workbook's fact base, each with its article
# and paragraph):
# - the price per soldier: "2000 dollar per man" each month (NOS, unattributed) and
#   "2000 dollar per soldaat per maand" (BNR, unattributed);
# - how the deployment grew: NIS's first group of 1,500 (NOS), Blinken's ~10,000 (NOS) and
#   Appathurai's 12,500 to 13,000 (unnamed Flemish newspaper);
# - the gains the articles name without a price: oil and gas, space, satellite and nuclear
#   technology, combat experience;
# - the value of North Korea's arms deliveries (Friedrich-Naumann-Stiftung, cited by the
#   Flemish newspaper), shown as context only: those are not payments for the soldiers.
#
# **The assumptions it adds** (parameters you can change, each with a reason below): how
# many months the deployment lasts, how much of the pay the state keeps, how many soldiers
# are killed or wounded each month, and what the soldiers' construction work at home and
# the in-kind gains are worth. Where the seeds give no figure, the default is 0.

# %% tags=["parameters"]
troops = None  # soldiers the deployment grows to; None: the latest reported figure (fact)
pay_usd_per_soldier_month = None  # USD per soldier per month; None: the reported price (fact)
months = 12  # months the deployment lasts (assumption)
regime_share = 1.0  # share of the pay the state keeps, 0 to 1 (assumption)
troop_schedule = "reported"  # "reported" (grows in the reported steps) or "constant"
casualty_rate_per_month = None  # share killed or wounded a month; None: Russia's own rate
labour_value_usd_per_soldier_month = 0.0  # USD of construction work lost at home (assumption)
in_kind_oil_gas_usd = 0.0  # USD over the deployment (assumption: no figure in the seeds)
in_kind_technology_usd = 0.0  # USD over the deployment (assumption: no figure in the seeds)
in_kind_combat_experience_usd = 0.0  # USD over the deployment (assumption: no figure)
mc_spreads = {"troops": 0.2, "months": 0.5, "regime_share": 0.25, "casualty_rate_per_month": 0.5, "pay_usd_per_soldier_month": 0.25}  # share either way
mc_samples = 100000  # Monte Carlo draws
seed = 42  # random seed, fixed so every run draws the same numbers

# %%
from dprk_troops import workbook
from dprk_troops.dashboard.panel import app_panel
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import revenue
from dprk_troops.present import charts, display, tables, views
from dprk_troops.present.results import record

notebook = workbook.definition("01_cost_vs_revenue")
facts = load_facts()
run = notebook.resolve(facts, notebook.from_namespace(globals()))
params = run.values
views.parameters_table(run, facts)

# %% [markdown]
# ## The facts behind the numbers
#
# Every row below is a claim as published, with who made it and where (the paragraph of
# the article) and the words it used, in Dutch. A flag such as *unattributed* means the
# article states the figure without naming a source; *range* means the figure is the middle
# of the range the source gives.

# %%
used = facts[facts["quantity"].isin(["dprk_pay_usd_per_soldier_month", "dprk_arms_deliveries_usd"])
             | facts["fact_id"].isin(revenue.REPORTED_TROOP_STEPS)]
tables.facts(used)

# %% [markdown]
# ## Cash revenue
#
# Cash revenue is the soldier-months served × the pay per soldier per month × the share the
# state keeps. The soldier count is the size the deployment grows to. By default the force
# builds up in the steps the sources reported (a first group of 1,500, then about 10,000,
# then the latest figure), one step a month, scaled so that it ends at that size, and then
# holds; the other choice puts the full force in Russia from the first month. The headline
# follows that choice; the figure for the full force from the start is recorded beside it,
# and the chart draws both lines.

# %%
results = notebook.evaluate(facts, params)  # every result this notebook records
result = views.cost_revenue(facts, params, results)  # and what its charts draw
record("cash_revenue_usd", results["cash_revenue_usd"])
record("cash_revenue_usd_per_year", results["cash_revenue_usd_per_year"])
record("soldier_months", results["soldier_months"])
record("cash_revenue_usd_constant", results["cash_revenue_usd_constant"])
record("in_kind_usd", results["in_kind_usd"])

# %%
display.show(views.cost_revenue_chart(result))

# %% [markdown]
# ## How uncertain is it?
#
# We do not know exactly how many soldiers serve, for how long, at what price, or how much of
# the money the state keeps. The Monte Carlo below draws each of these many times around
# this run's own values (a triangle peaking at the value, a stated share of it either way,
# each share with its reason in the parameters table) and computes the revenue for every
# draw. So the band answers this page's question: how sure is the figure above? Read the
# spread, not only the middle: 90% of the draws fall between the 5th and 95th percentile.

# %%
record("mc_p5_usd", results["mc_p5_usd"])
record("mc_median_usd", results["mc_median_usd"])
record("mc_p95_usd", results["mc_p95_usd"])
display.show(charts.revenue_distribution_chart(
    result.monte_carlo.draws, result.mc, result.sources,
    views.assumption_labels("01_cost_vs_revenue", params, ["mc_spreads"]),
    headline=results["cash_revenue_usd"]))

# %% [markdown]
# ## What it costs
#
# **People.** The articles give Russia's losses (1,200 killed or wounded a day among some
# 600,000 at the front), not North Korea's. The default casualty rate assumes the North
# Koreans suffer Russia's rate; it is an assumption, and a grim one to vary. Each soldier
# killed or wounded is counted as replaced, so the force keeps its size: over a long
# deployment the casualties can outnumber the force at any one time, and the soldiers sent
# in all (the force plus its replacements) are recorded beside them.

# %%
record("expected_casualties", results["expected_casualties"])
record("mc_casualties_p5", results["mc_casualties_p5"])
record("mc_casualties_p95", results["mc_casualties_p95"])
record("soldiers_sent", results["soldiers_sent"])
record("forgone_labour_usd", results["forgone_labour_usd"])
display.show(charts.casualties_chart(
    result.path, views.attributions(facts, views.LOSS_FACTS),
    views.assumption_labels("01_cost_vs_revenue", params, ["casualty_rate_per_month"])))

# %% [markdown]
# **Labour.** Most of the soldiers normally work on building sites at home: roads and
# tunnels (NOS). The seeds put no value on that work, so it counts as zero until you give
# it a value per soldier per month.
#
# **Political risks** stay qualitative: the articles name them but nobody can price them.

# %%
tables.political_risks(revenue.political_risks(facts))

# %% [markdown]
# ## Context: the arms deliveries
#
# The seeds value North Korea's shells and missiles for Russia far above any plausible
# payment for the soldiers. These are not added to the deployment's revenue.

# %%
tables.arms_deliveries(revenue.arms_delivery_context(facts))

# %% [markdown]
# ## Try it yourself

# %% [markdown] tags=["lab-only"]
# Move a slider: the numbers and the chart below follow. This panel runs in JupyterLab,
# on the notebook's kernel; the report's pages leave it out.

# %%
app_panel("01_cost_vs_revenue", views.lab_controls("01_cost_vs_revenue", params, [
    "troops", "pay_usd_per_soldier_month", "months", "regime_share", "troop_schedule",
    "casualty_rate_per_month"]), views.cost_revenue_update(facts, params))

# %% [markdown]
# The same revenue formula as a chart of its own: move the sliders under it and it redraws
# at once, in any browser.

# %%
display.show_interactive(views.interactive_revenue(facts, params, result.sources))

# %% [markdown]
# ## What this shows, and what it leaves out
#
# - The revenue rests on one price, 2,000 dollars per soldier per month, which both
#   articles that give it state without naming who said so. If that price is wrong, every
#   dollar figure here moves with it.
# - The headline figure follows the reported growth of the force (1,500, then 10,000, then
#   12,750 soldiers) and then assumes it holds; the articles report no later change.
# - How long the deployment lasts and how much of the pay reaches the state are our
#   assumptions, not facts, and together they move the total more than any reported number.
# - The casualty figure borrows Russia's loss rate; nothing in the articles measures North
#   Korean losses.
# - It puts no price on the in-kind gains (oil and gas, technology, combat experience), on
#   the construction work lost at home, or on the political risks at home: those stay at 0
#   or in words until someone has a figure.
# - The arms deliveries are shown for scale only; they are a separate trade, not payment
#   for the soldiers.

# %% [markdown]
# ## For discussion
#
# 1. Hold the troops constant at 1,500 (the first NIS figure) instead of following the
#    reported growth. How much of the headline revenue depends on which source you believe?
# 2. Suppose only half the pay reaches the state (a share of 50%). Is the deal still
#    worth more than a year of the arms deliveries the Flemish newspaper reports?
# 3. Put a value on the lost construction work. At what value per soldier per month does
#    the deployment stop paying?
# 4. The casualty rate is borrowed from Russian losses. Argue for a higher or lower rate
#    for North Korean troops, using the facts about their training (notebook 02's sources).
