"""The reporting: every notebook for every scenario as offline HTML, safe to run from cron.

One module per noun: ``scenarios`` (what to run), ``forkserver`` and ``kernels`` (where it
runs: kernels forked from a warm process, or reused), ``runs``
(one run), ``schedule`` (which kernel runs what), ``pages`` and ``export`` (a run's page),
``index`` (the briefing and summary.csv), ``manifest`` (what a report records),
``publish`` (the lock and the atomic switch), ``html`` (escaping), ``report`` (the whole).
"""
