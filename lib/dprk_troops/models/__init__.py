"""The workbook's models, one module per question: pure, vectorized (numpy), unit-tested.

- ``revenue``: what the deployment earns Pyongyang and what it costs (notebook 01).
- ``comparisons``: the deployment next to armies, fronts and losses (notebook 02).
- ``options``: multi-criteria comparison of South Korea's options (notebook 03).
"""
