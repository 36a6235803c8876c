"""The forces the deployment is compared with (notebook 02), by the fact base's quantity.

A module of their own, without numpy: a notebook's definition offers them as choices, and
checking a report's parameters happens before anything heavy is imported.
"""

from __future__ import annotations

__all__ = ["COMPARISONS"]

#: What the deployment is compared with: quantity -> English label.
COMPARISONS: dict[str, str] = {
    "dprk_army_size": "North Korea's army",
    "dprk_elite_forces": "North Korea's elite forces",
    "russian_front_troops": "Russian soldiers at the front",
    "rok_army_size": "South Korea's army",
    "rok_reservists": "South Korea's reservists",
    "russia_mobilisation_2022": "Russia's 2022 mobilisation",
    "rok_vietnam_deployment": "South Korea's Vietnam deployment",
}
