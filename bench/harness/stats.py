"""Summary statistics the results tables use (nearest-rank percentiles: no interpolation between runs)."""
from __future__ import annotations

import math


def percentile(values: list[float], p: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": median(values), "p90": percentile(values, 90),
            "p99": percentile(values, 99), "min": min(values) if values else math.nan,
            "max": max(values) if values else math.nan}


def fmt(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def ratio(a: float, b: float) -> str:
    if not b or math.isnan(a) or math.isnan(b):
        return "–"
    return f"{a / b:.2f}×"
