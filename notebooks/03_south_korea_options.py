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
# # What can South Korea do?
#
# **The question.** The articles describe several ways Seoul could answer North Korea's
# troops in Russia, from sending Kyiv no weapons, as so far, to sending arms straight to Ukraine.
# Which option fares best, and how much does the answer depend on what you care about?
#
# **The facts this notebook uses.** The options themselves (in the fact base) and the
# fact rows each one cites: Yoon's signal about direct arms deliveries (Breuker's column,
# the Flemish newspaper), the official ban on arms to countries at war and the planned
# monitoring team (NOS), the indirect supply through Western stocks (Flemish newspaper),
# the 19% approval and the opposition's majority (Breuker).
#
# **What it adds, plainly: judgments.** How well each option does on each criterion is
# *not* in the sources. The scores, kept in a file of their own apart from the facts, are
# the workbook authors' judgments on a 1 to 5 scale, each with a one-line reason and the facts it leans on. So
# are the weights. Change them: that is the point of this notebook.
#
# **The method.** A *weighted sum* of the scores (each criterion rescaled to 0-1, risk
# counted the other way round), cross-checked with *TOPSIS*, which ranks options by how
# close they come to an imaginary best option. The workbook's library computes both; its
# TOPSIS is tested against the pymcdm library.

# %% tags=["parameters"]
weights = None  # criterion -> weight; None: the analyst's default weights (option_scores.yaml)
method = "weighted_sum"  # "weighted_sum" or "topsis"
n_draws = 10000  # random weight draws for the robustness check
seed = 42  # random seed, fixed so every run draws the same weights

# %%
from dprk_troops import workbook
from dprk_troops.dashboard.panel import app_panel
from dprk_troops.factbase.facts import load_facts, load_options
from dprk_troops.factbase.scores import read_option_scores
from dprk_troops.models import options as mcda
from dprk_troops.present import charts, display, tables, views
from dprk_troops.present.results import record
from dprk_troops.present.widgets import weight_controls

notebook = workbook.definition("03_south_korea_options")
facts = load_facts()
run = notebook.resolve(facts, notebook.from_namespace(globals()))
params = run.values
options = load_options()
scores = read_option_scores()
labels = dict(zip(options["option_id"], options["label"]))
criteria_labels = scores.criteria["label"].to_dict()
sources = views.options_sources(facts, scores)
views.parameters_table(run, facts)

# %% [markdown]
# ## The options, as the articles describe them

# %%
tables.options(options, facts)

# %% [markdown]
# ## The judgments: scores and reasons
#
# Rows are options, columns criteria. The risk of escalation is a cost: a 5 there is bad.

# %%
tables.score_matrix(scores.matrix(), labels, criteria_labels)

# %%
tables.criterion_scores(scores.scores, labels, criteria_labels, facts)

# %% [markdown]
# ## The ranking

# %%
results = notebook.evaluate(facts, params)
record("ranking", results["ranking"], labels)
record("top_option", results["top_option"], labels)
record("scores", results["scores"], labels)
record("ranking_cross_check", results["ranking_cross_check"], labels)
result = views.options_result(scores, labels, params["weights"], params["method"])
display.show(charts.option_scores_chart(result.table, params["method"], sources))
tables.ranking(result.table)

# %% [markdown]
# ## How much does it depend on the weights?
#
# **One weight at a time.** Each panel moves one criterion's weight from 0 to 1 while the
# others keep their proportions. Where two lines cross, the ranking flips.

# %%
sweep = mcda.weight_sweep_all(scores.matrix(), params["weights"], scores.directions,
                              method=params["method"])
sweep["label"] = sweep["option_id"].map(labels)
sweep["criterion"] = sweep["criterion"].map(criteria_labels)
display.show(charts.weight_sweep_chart(sweep, sources))

# %% [markdown]
# **All weights at random.** We draw many sets of weights, every set equally likely, and
# count how often each option comes out on top. An option that wins under most weights
# does not depend on anyone's choice of weights.

# %%
freq = mcda.random_weight_ranks(scores.matrix(), scores.directions, n=params["n_draws"],
                                seed=params["seed"], method=params["method"])
freq = freq.rename_axis("option_id").reset_index()
freq["label"] = freq["option_id"].map(labels)
record("share_ranked_first", results["share_ranked_first"], labels)
display.show(charts.first_rank_chart(freq, params["n_draws"], sources))
tables.first_rank_shares(freq)

# %% [markdown]
# ## Try it yourself

# %% [markdown] tags=["lab-only"]
# Set the weights with the sliders (they are rescaled to sum to 1) and pick the method:
# the ranking and the chart below follow. This panel runs in JupyterLab, on the notebook's
# kernel; the report's pages leave it out.

# %%
app_panel("03_south_korea_options",
          {**views.lab_controls("03_south_korea_options", params, ["method"]),
           **weight_controls(params["weights"], criteria_labels)},
          views.options_update(scores, labels, sources), mapping="weights")

# %% [markdown]
# The weighted sum as a chart of its own: move the weight sliders under it and the ranking
# redraws at once, in any browser.

# %%
display.show_interactive(charts.interactive_options_chart(
    mcda.vega_columns(scores.matrix(), scores.directions, params["method"]), labels,
    params["weights"], criteria_labels, sources, params["method"]))

# %% [markdown]
# ## What this shows, and what it leaves out
#
# - The options come from the articles, but every score and every weight is a judgment by
#   the workbook's authors; the facts only back the one-line reasons.
# - The ranking is most sensitive to the weights: the random-weights check shows how often
#   the winner changes when nobody's priorities are assumed.
# - Both methods add up scores; neither captures timing, cost in money, or how options
#   combine (Seoul could do several at once).
# - The official ban and the domestic vote are scored as they stood in late 2024; a new law or
#   a new majority would change several scores at once.
# - It cannot price how Pyongyang or Moscow would actually respond: the escalation scores
#   are guesses about intentions, not measured risks.

# %% [markdown]
# ## For discussion
#
# 1. Give the risk of escalation most of the weight. Which option wins, and would
#    president Yoon's critics at home agree with that ranking?
# 2. Pick one score in the table above that you disagree with, change it in the scores
#    file, and rerun. Does the top option change? What fact would settle your disagreement?
# 3. The weighted sum and TOPSIS sometimes disagree on the lower places. Look at the two
#    formulas: why might an option that is middling everywhere fare differently?
# 4. Closer EU and NATO ties is a slow option. Which criterion would capture *time*, and
#    how would you score the options on it?
