"""The workbook as an app for people who do not code: the three notebooks served by Voila.

- ``links``: a link's values for an app's controls (checked as ``-p`` is), the link of a
  view, and a view as a ``reports.yaml`` scenario. Pure functions.
- ``panel``: what each notebook's panel cell calls (``app_panel``): the panel, opened on
  a link's values, with its link and scenario.
- ``server``: ``dprk-troops dashboard``, a Voila server with a landing page, a token, a
  cap on sessions and preheated kernels; ``settings`` holds its pure parts.

Importing this package imports neither Voila nor ipywidgets: a notebook's kernel imports
``panel``, the command line ``server``.
"""
