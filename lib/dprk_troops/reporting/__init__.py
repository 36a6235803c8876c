"""The reporting: every notebook for every scenario as offline HTML, safe to run from cron.

One module per noun: ``scenarios`` (what to run), ``forkserver`` and ``kernels`` (where it
runs: kernels forked from a warm process, or reused), ``runs``
(one run), ``schedule`` (which kernel runs what), ``pages`` and ``export`` (a run's page),
``index`` (the briefing and summary.csv), ``manifest`` (what a report records),
``publish`` (the lock and the atomic switch), ``html`` (escaping), ``stopping`` (signals:
a stop publishes nothing and leaves no process), ``folders`` (the briefing at the top,
other reports beside it), ``changes`` (what changed since the last report), ``history``
(the kept reports, their page and Atom feed), ``report`` (the whole).
"""
