"""The assignment problem of a matching run, solved with scipy (no Django here).

Input: the trainees, the offers with their free places, a score for every *allowed* pair (a pair
that is missing is not allowed: the subject rule fails, the school declined the trainee before, or
the coordinator forbade it) and the pinned pairs (trainee → offer, which must be in the result).

Method: pinned trainees are placed first and take a place of their offer. The rest is a
rectangular assignment problem: one row per trainee, one column per free place of each offer
(an offer with `free` places becomes `free` identical slot columns, never more than there are
trainees), plus one "unassigned" column per trainee worth 0, so that a trainee is left without a
match rather than given a pair that is not allowed or scores below 0.
`scipy.optimize.linear_sum_assignment(maximize=True)` finds the best assignment.

The objective is lexicographic, in integers: a pair is worth `score * K + 1` when its score is
0 or more and `score * K` when it is negative, with K larger than the number of trainees. So the
total score is maximised first, and among equally good assignments the one that places most
trainees wins (a pair scoring 0 is better than no placement; a pair scoring below 0 never is).
Rows and columns are ordered by id, so the same input always gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]


class SolverError(ValueError):
    """The pins cannot all hold (a pin not allowed, or more pins on an offer than it has places)."""


@dataclass(frozen=True)
class Solution:
    pairs: list[tuple[int, int, int]]  # (trainee, offer, score), by trainee
    total: int
    unassigned: list[int] = field(default_factory=list)  # trainees, by id


def check_pins(
    *, capacity: Mapping[int, int], scores: Mapping[tuple[int, int], int], pins: Mapping[int, int]
) -> dict[int, int]:
    """The places left on each offer once the pins are placed; raises SolverError when a pin is
    not an allowed pair or an offer has more pins than free places."""
    left = {offer: max(0, int(free)) for offer, free in capacity.items()}
    for trainee, offer in sorted(pins.items()):
        if (trainee, offer) not in scores:
            raise SolverError(f"pin {trainee}→{offer} is not an allowed pair")
        if left.get(offer, 0) <= 0:
            raise SolverError(f"offer {offer} has more pins than free places")
        left[offer] -= 1
    return left


def solve(
    *,
    trainees: Iterable[int],
    capacity: Mapping[int, int],
    scores: Mapping[tuple[int, int], int],
    pins: Mapping[int, int] | None = None,
) -> Solution:
    """The assignment of `trainees` to offers with the highest total score (see the module)."""
    pins = dict(pins or {})
    trainee_ids = sorted(set(trainees))
    pins = {trainee: offer for trainee, offer in pins.items() if trainee in set(trainee_ids)}
    left = check_pins(capacity=capacity, scores=scores, pins=pins)
    pairs = [(trainee, offer, int(scores[(trainee, offer)])) for trainee, offer in pins.items()]

    rows = [trainee for trainee in trainee_ids if trainee not in pins]
    index = {trainee: i for i, trainee in enumerate(rows)}
    slots: list[int] = []  # the offer of each slot column
    for offer in sorted(left):
        slots += [offer] * min(left[offer], len(rows))
    if rows and slots:
        k = len(rows) + 1
        worst = sum(abs(int(score)) for score in scores.values()) * k + k
        forbidden = -(worst + 1)
        columns = {offer: [c for c, slot in enumerate(slots) if slot == offer] for offer in set(slots)}
        matrix = np.full((len(rows), len(slots) + len(rows)), forbidden, dtype=np.int64)
        matrix[:, len(slots) :] = 0  # unassigned
        for (trainee, offer), score in scores.items():
            if trainee in index and offer in columns:
                value = int(score) * k + (1 if score >= 0 else 0)
                matrix[index[trainee], columns[offer]] = value
        chosen_rows, chosen_columns = linear_sum_assignment(matrix, maximize=True)
        for row, column in zip(chosen_rows, chosen_columns, strict=True):
            if column < len(slots) and matrix[row, column] > forbidden:
                trainee, offer = rows[row], slots[column]
                pairs.append((trainee, offer, int(scores[(trainee, offer)])))
    pairs.sort()
    placed = {trainee for trainee, _offer, _score in pairs}
    return Solution(
        pairs=pairs,
        total=sum(score for _t, _o, score in pairs),
        unassigned=[trainee for trainee in trainee_ids if trainee not in placed],
    )
