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
# # How big is the deployment, really?
#
# **The question.** "About 10,000 soldiers" sounds like a lot, or very little, depending
# on what you compare it with. This notebook sets the deployment next to everything the
# articles compare it with, and shows how the estimates of its size grew over time.
#
# **The facts this notebook uses** (from the workbook's fact base):
# - the troop estimates over time: NIS (via NOS and BNR), Blinken and De Kruif (NOS), the
#   Pentagon and Appathurai (unnamed Flemish newspaper), BNR's own lead;
# - North Korea's army (Breuker on NOS and BNR, Appathurai: 1 to 2 million) and its elite
#   forces (Breuker);
# - the Russian front and Russia's daily losses (De Kruif, Western estimates, the British
#   ministry of defence via BNR), Russia's 2022 mobilisation (BNR);
# - South Korea's army, reservists and its Vietnam deployment (Breuker).
#
# **What it adds.** No assumptions: only the deployment size you choose and how the chart
# is drawn. Where sources disagree, a force has a *central* estimate (the middle
# of the point figures) and a *span* (the smallest to the largest figure any source gives).

# %% tags=["parameters"]
troops = None  # North Korean soldiers in Russia; None: the latest reported figure (fact)
russian_losses_per_day = None  # Russian killed or wounded per day; None: as reported (fact)
reference = "dprk_army_size"  # the force the deployment is shown as a share of
scale = "log"  # "log" or "linear" axis for the comparison chart

# %%
from dprk_troops import workbook
from dprk_troops.dashboard.panel import app_panel
from dprk_troops.factbase.facts import load_facts
from dprk_troops.models import comparisons as cmp
from dprk_troops.present import charts, display, tables, views
from dprk_troops.present.results import record

notebook = workbook.definition("02_troop_comparisons")
facts = load_facts()
run = notebook.resolve(facts, notebook.from_namespace(globals()))
params = run.values
views.parameters_table(run, facts)

# %% [markdown]
# ## Two ratios
#
# **Days of Russian losses replaced**: the deployment's soldiers divided by the losses per
# day, i.e. how long it takes Russia to lose as many men as North Korea sent.
# **Share of the North Korean army**: the deployment as a share of the army's central
# estimate, with the span the sources' lowest and highest army figures give.

# %%
results = notebook.evaluate(facts, params)
record("days_of_russian_losses_replaced", results["days_of_russian_losses_replaced"])
record("share_of_dprk_army", results["share_of_dprk_army"])
record("share_of_dprk_army_low", results["share_of_dprk_army_low"])
record("share_of_dprk_army_high", results["share_of_dprk_army_high"])
record("dprk_army_central", results["dprk_army_central"])
record("share_of_reference", results["share_of_reference"])

# %% [markdown]
# ## Next to the forces it is compared with
#
# Each force's central estimate is a dot (a bar on a linear scale) and the black line the
# span between its sources; the deployment is orange, and the force its share is taken of
# brown. On the log scale each step of ten is the same width, so read a dot's place: a
# bar's length would depend on where the axis starts.

# %%
table = cmp.comparison_table(facts, params["troops"])
display.show(charts.comparison_chart(table, params["troops"], params["scale"],
                                   reference=params["reference"]))
tables.comparisons(table)

# %% [markdown]
# ## How the estimates grew
#
# Each point is one source's figure on the date it refers to; a vertical rule is a range
# (Appathurai's 12,500 to 13,000, or the unnamed "thousands" of the Flemish newspaper).

# %%
timeline = cmp.troop_timeline(facts)
display.show(charts.timeline_chart(timeline))
tables.timeline(timeline)

# %% [markdown]
# ## Try it yourself

# %% [markdown] tags=["lab-only"]
# Move a slider: the numbers and the chart below follow. This panel runs in JupyterLab,
# on the notebook's kernel; the report's pages leave it out.

# %%
app_panel("02_troop_comparisons", views.lab_controls("02_troop_comparisons", params, [
    "troops", "russian_losses_per_day", "reference", "scale"]),
    views.comparisons_update(facts, params))

# %% [markdown]
# The same comparison as a chart of its own: move the sliders under it to change the
# deployment and Russia's daily losses, in any browser.

# %%
display.show_interactive(charts.interactive_comparison_chart(
    table, params["troops"], params["russian_losses_per_day"], results["dprk_army_central"]))

# %% [markdown]
# ## What this shows, and what it leaves out
#
# - Every comparison divides one chosen troop figure by another reported figure; it is only
#   as good as the two numbers, and several forces rest on a single source (often Breuker).
# - The army's size is the shakiest denominator: the sources put it anywhere from one to two
#   million, so the share can halve or double depending on whom you believe.
# - "Days of Russian losses replaced" treats every new soldier as a like-for-like
#   replacement; it ignores training, language, equipment and where the troops are used.
# - The timeline shows figures on the dates they refer to, not when the public learned
#   them, and vague words such as "thousands" become wide ranges.
# - It says nothing about what the soldiers do at the front, how many are lost, or what
#   their presence means for the war: size is not the same as effect.

# %% [markdown]
# ## For discussion
#
# 1. De Kruif judges that 10,000 soldiers will not decide the war. Use the days of losses
#    replaced to argue for or against him. What changes at Appathurai's 13,000?
# 2. Breuker gave NOS 1.5 million for the army and BNR "at least one million, maybe two".
#    Take the share of the army at each figure and see how much it moves. Which would you
#    report?
# 3. South Korea sent far more soldiers to Vietnam than North Korea has sent to Russia.
#    What does the comparison tell you, and what does it leave out?
