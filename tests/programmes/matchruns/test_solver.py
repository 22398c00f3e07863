"""The solver of matching runs (programmes/matchruns/solver.py) against brute force: on 200
seeded random small cases its total equals the best total there is, it never exceeds an offer's
places, never proposes a pair that is not allowed, always keeps the pins, and places as many
trainees as the best assignment does."""

import itertools
import random

import pytest

from programmes.matchruns.solver import SolverError, solve


def brute_force(trainees, capacity, scores, pins):
    """(best total, most trainees placed at that total) over every assignment."""
    best = None
    options = [[None, *sorted(capacity)] for _ in trainees]
    for choice in itertools.product(*options):
        used = {}
        total, placed, ok = 0, 0, True
        for trainee, offer in zip(trainees, choice, strict=True):
            if trainee in pins and pins[trainee] != offer:
                ok = False
                break
            if offer is None:
                continue
            if (trainee, offer) not in scores:
                ok = False
                break
            used[offer] = used.get(offer, 0) + 1
            total += scores[(trainee, offer)]
            placed += 1
        if not ok or any(used[offer] > capacity[offer] for offer in used):
            continue
        if best is None or (total, placed) > best:
            best = (total, placed)
    return best


def random_case(rng):
    trainees = list(range(1, rng.randint(1, 5) + 1))
    offers = list(range(101, 101 + rng.randint(1, 4)))
    capacity = {offer: rng.randint(1, 2) for offer in offers}
    scores = {}
    for trainee in trainees:
        for offer in offers:
            if rng.random() < 0.75:  # the rest: the subject rule fails or the pair is forbidden
                scores[(trainee, offer)] = rng.choice([-15, 0, 5, 10, 20, 30, 45, rng.randint(-20, 80)])
    pins = {}
    left = dict(capacity)
    for trainee in trainees:
        allowed = [offer for offer in offers if (trainee, offer) in scores and left[offer] > 0]
        if allowed and rng.random() < 0.2:
            offer = rng.choice(allowed)
            pins[trainee] = offer
            left[offer] -= 1
    return trainees, capacity, scores, pins


@pytest.mark.parametrize("seed", range(200))
def test_the_solver_is_optimal_against_brute_force(seed):
    rng = random.Random(seed)
    trainees, capacity, scores, pins = random_case(rng)
    solution = solve(trainees=trainees, capacity=capacity, scores=scores, pins=pins)
    best_total, most_placed = brute_force(trainees, capacity, scores, pins)
    assert solution.total == best_total
    assert len(solution.pairs) == most_placed
    used = {}
    for trainee, offer, score in solution.pairs:
        assert (trainee, offer) in scores and scores[(trainee, offer)] == score
        used[offer] = used.get(offer, 0) + 1
    assert all(used[offer] <= capacity[offer] for offer in used)
    assert all((trainee, offer) in {(t, o) for t, o, _s in solution.pairs} for trainee, offer in pins.items())
    assert sorted(solution.unassigned + [t for t, _o, _s in solution.pairs]) == sorted(trainees)
    assert len({t for t, _o, _s in solution.pairs}) == len(solution.pairs)


def test_a_negative_pair_is_left_out_and_a_zero_pair_is_made():
    solution = solve(trainees=[1, 2], capacity={10: 1, 11: 1}, scores={(1, 10): -15, (2, 11): 0})
    assert solution.pairs == [(2, 11, 0)]
    assert (solution.total, solution.unassigned) == (0, [1])


def test_the_answer_is_the_same_every_time():
    scores = {(t, o): 10 for t in range(1, 5) for o in (20, 21)}
    first = solve(trainees=[4, 3, 2, 1], capacity={21: 2, 20: 2}, scores=scores)
    assert first == solve(trainees=[1, 2, 3, 4], capacity={20: 2, 21: 2}, scores=dict(reversed(scores.items())))
    assert first.pairs == [(1, 20, 10), (2, 20, 10), (3, 21, 10), (4, 21, 10)]


def test_pins_that_cannot_hold_are_refused():
    with pytest.raises(SolverError):
        solve(trainees=[1], capacity={10: 1}, scores={}, pins={1: 10})
    with pytest.raises(SolverError):
        solve(trainees=[1, 2], capacity={10: 1}, scores={(1, 10): 1, (2, 10): 1}, pins={1: 10, 2: 10})


def test_nothing_to_match():
    assert solve(trainees=[], capacity={}, scores={}).pairs == []
    assert solve(trainees=[1], capacity={}, scores={}).unassigned == [1]
