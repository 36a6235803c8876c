"""The fact base: what the five articles say, as validated tables with provenance.

One module per noun: ``schema`` (one pydantic model per table, which also sets the
DataFrames' dtypes), ``base`` (a read fact base), ``facts`` (reading and validating the
YAML files, the loaders), ``rules`` (the machine-checked rules of ``seeds/README.md``),
``cache`` (the loaders' tables cached by content), ``scores`` and ``scores_schema`` (the
analyst's scores of South Korea's options), ``provenance`` (each excerpt against its
article), ``dutch_numbers`` (numbers as the articles write them), ``changelog``
(``seeds/CHANGES.md``) and ``constants``. Nothing here imports the notebooks' models,
their definitions or anything a reader sees.
"""
