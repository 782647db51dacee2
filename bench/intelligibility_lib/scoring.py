"""Exact recovery and word error rate of a decode against the words a perfect listener writes down."""
from __future__ import annotations

from collections import Counter


def alignment(reference: list[str], hypothesis: list[str]) -> list[tuple[str | None, str | None]]:
    """Levenshtein alignment as (reference word or None, hypothesis word or None) pairs."""
    rows, cols = len(reference) + 1, len(hypothesis) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            same = reference[i - 1] == hypothesis[j - 1]
            cost[i][j] = min(cost[i - 1][j - 1] + (0 if same else 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    pairs = []
    i, j = len(reference), len(hypothesis)
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            pairs.append((reference[i - 1], hypothesis[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((reference[i - 1], None))
            i -= 1
        else:
            pairs.append((None, hypothesis[j - 1]))
            j -= 1
    return pairs[::-1]


class Score:
    def __init__(self):
        self.decodes = 0
        self.exact = 0
        self.reference_words = 0
        self.errors = 0
        self.confusions: Counter[str] = Counter()

    def add(self, reference: list[str], hypothesis: list[str]) -> None:
        self.decodes += 1
        self.exact += reference == hypothesis
        self.reference_words += len(reference)
        for said, heard in alignment(reference, hypothesis):
            if said != heard:
                self.errors += 1
                self.confusions[f"{said or '-'} → {heard or '-'}"] += 1

    @property
    def exact_fraction(self) -> float:
        return self.exact / self.decodes if self.decodes else 0.0

    @property
    def wer(self) -> float:
        return self.errors / self.reference_words if self.reference_words else 0.0
