"""``dprk-troops explore``: global sensitivity of a notebook's results, at model speed.

A notebook is defined once (``workbook``), with a vectorised ``evaluate_batch``; the
explorer evaluates it in-process on whole arrays of points (thousands to millions), with
the points drawn and the indices computed by SALib:

- ``model``: what is explored (``Factor``: a bounded input; ``Output``: a numeric result;
  ``NotebookModel`` from a notebook's definition, ``FunctionModel`` for any function);
- ``ranges``: ``--range NAME=LOW..HIGH``, checked against the notebook's parameters;
- ``sampling``: the design (Sobol', Morris or a Latin hypercube), at 2N to check
  convergence;
- ``evaluation``: chunks of points evaluated here or on Dask, ``samples.csv`` streamed;
- ``indices``: the indices, their convergence and one sentence per key result;
- ``page``: the offline page; ``exploration``: all of it in order (``explore``);
- ``notebook``: a notebook's exploration planned and checked; ``declared``: the
  explorations of ``reports.yaml``, and the report's use of them; ``cli``: the command.

Nothing heavy is imported here: the command line imports this package at start-up.
"""

from __future__ import annotations
