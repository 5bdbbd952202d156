"""Structural balance of the signed network: triangles and the two-camp partition.

Heider (1946) and Cartwright & Harary (1956): in a signed graph a triangle is *balanced*
when the product of its signs is positive. With the citizen as one corner:

- citizen +B, citizen −A, A +B is unbalanced: a *pressure triangle*, where splitting is
  invited (the citizen pulls the two helpers apart while they still agree);
- citizen +B, citizen −A, A −B is balanced *by division*: a *completed split*.

Only positive and negative relations carry a sign; neutral relations are left out.
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from toolkit.analyse.network import CaseNetwork
from toolkit.model import CITIZEN_ID

SIGN = {"positiv": 1, "negativ": -1}
EXACT_LIMIT = 20
"""Largest signed graph partitioned exactly by enumeration (2**19 assignments)."""


def signed_graph(net: CaseNetwork) -> nx.Graph:
    """The relations with a sign (+1 positive, −1 negative) as an undirected graph.

    Edges carry ``sign`` and ``kilde`` (the relation's place in the case file).

    Examples
    --------
    >>> from toolkit.analyse.examples import split_case
    >>> from toolkit.analyse.network import build_network
    >>> g = signed_graph(build_network(split_case()))
    >>> sorted((a, b, d["sign"]) for a, b, d in g.edges(data=True))
    [('borger', 'bostøtte', 1), ('borger', 'mentor', -1), ('bostøtte', 'mentor', -1)]
    """
    graph = nx.Graph()
    for (a, b), channel in sorted(net.channels.items()):
        if channel.valens in SIGN:
            graph.add_edge(a, b, sign=SIGN[channel.valens],
                           kilde=f"linje {channel.linje}" if channel.linje else channel.kilde)
    return graph


def citizen_triangles(graph: nx.Graph, citizen: str = CITIZEN_ID) -> list[tuple[str, tuple[str, str]]]:
    """Signed triangles through the citizen, classified.

    Returns ``(kind, (a, b))`` for every pair of helpers ``a``, ``b`` that both have a
    signed relation with the citizen and a signed relation with each other. ``kind`` is
    ``"pres"`` (citizen −a, +b, a +b), ``"fuldbyrdet splitting"`` (citizen −a, +b, a −b)
    or ``"ubalanceret"`` (any other triangle whose sign product is negative, such as a
    citizen who likes two helpers who are at odds). Balanced triangles are not returned.
    In the first two kinds ``a`` is the helper the citizen is negative toward.

    References
    ----------
    F. Heider, "Attitudes and cognitive organization", J. Psychology 21 (1946).
    D. Cartwright, F. Harary, "Structural balance", Psychological Review 63 (1956).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("borger", "a", sign=-1); g.add_edge("borger", "b", sign=1); g.add_edge("a", "b", sign=1)
    >>> citizen_triangles(g)
    [('pres', ('a', 'b'))]
    >>> g["a"]["b"]["sign"] = -1
    >>> citizen_triangles(g)
    [('fuldbyrdet splitting', ('a', 'b'))]
    """
    if citizen not in graph:
        return []
    found = []
    for a, b in combinations(sorted(graph[citizen]), 2):
        if not graph.has_edge(a, b):
            continue
        ca, cb, ab = graph[citizen][a]["sign"], graph[citizen][b]["sign"], graph[a][b]["sign"]
        if ca != cb:
            negative, positive = (a, b) if ca < 0 else (b, a)
            found.append(("pres" if ab > 0 else "fuldbyrdet splitting", (negative, positive)))
        elif ca * cb * ab < 0:
            found.append(("ubalanceret", (a, b)))
    return found


def frustration_partition(graph: nx.Graph, anchor: str = CITIZEN_ID) -> tuple[set[str], set[str], int, bool]:
    """The two-group partition that the fewest signed relations disagree with.

    A relation *disagrees* with a partition when it is positive across the two groups or
    negative within one. The smallest possible number is the graph's *frustration index*
    (Harary 1959; Aref & Wilson 2018); zero means the network is balanced. For up to
    ``EXACT_LIMIT`` nodes every partition is tried (ties go to the first in a fixed
    order, so the result is deterministic); larger graphs get a greedy local search and
    ``exact`` is ``False``.

    Returns ``(side_with_anchor, other_side, frustration, exact)``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("borger", "b", sign=1); g.add_edge("borger", "a", sign=-1); g.add_edge("a", "b", sign=-1)
    >>> same, other, frustration, exact = frustration_partition(g)
    >>> sorted(same), sorted(other), frustration, exact
    (['b', 'borger'], ['a'], 0, True)
    """
    nodes = sorted(graph, key=lambda n: (n != anchor, n))
    if not nodes:
        return set(), set(), 0, True
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[a], index[b], d["sign"]) for a, b, d in graph.edges(data=True)]
    incident: list[list[tuple[int, int]]] = [[] for _ in nodes]
    for i, j, sign in edges:
        incident[i].append((j, sign))
        incident[j].append((i, sign))

    def cost(sides: list[int]) -> int:
        return sum(1 for i, j, sign in edges if (sides[i] == sides[j]) != (sign > 0))

    def flip_gain(sides: list[int], k: int) -> int:
        """How much the cost changes when node ``k`` changes side."""
        return sum(1 if (sides[k] == sides[j]) == (sign > 0) else -1 for j, sign in incident[k])

    sides = [0] * len(nodes)
    current = best_cost = cost(sides)
    best = sides.copy()
    exact = len(nodes) <= EXACT_LIMIT
    if exact:
        for step in range(1, 2 ** (len(nodes) - 1)):
            k = (step & -step).bit_length()  # Gray code: flip one node per step; node 0 stays put
            current += flip_gain(sides, k)
            sides[k] ^= 1
            if current < best_cost:
                best_cost, best = current, sides.copy()
    else:
        improved = True
        while improved:
            improved = False
            for k in range(1, len(nodes)):
                if flip_gain(best, k) < 0:
                    best_cost += flip_gain(best, k)
                    best[k] ^= 1
                    improved = True
    same = {n for n, side in zip(nodes, best) if side == 0}
    return same, set(nodes) - same, best_cost, exact
