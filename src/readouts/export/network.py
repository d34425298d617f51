"""The person-to-person network: who took part in engagements with whom, for Gephi and other graph tools.

Nodes are people, undirected edges join two people who took part in the same
engagement, weighted by how many they shared, with the first and last day
(`start`/`end`, GEXF 1.2 dynamic). The graph of people is built in memory
(it is the output); engagements are read a batch at a time.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path

from readouts.errors import ReadoutsError
from readouts.export.records import engagement_records
from readouts.export.writing import replaced_on_success
from readouts.store import Store

NETWORK_FORMATS = ("gexf", "graphml")


def _widen(data: dict, day: date | None) -> None:
    if day is None:
        return
    text = day.isoformat()
    data["start"] = min(data.get("start") or text, text)
    data["end"] = max(data.get("end") or text, text)


def people_network(store: Store, since: date | None = None, until: date | None = None):
    """The network as a `networkx.Graph`, nodes keyed by person handle.

    Node attributes: `label` (name), `handle`, `country`, `engagements`, and
    `start`/`end` (first and last engagement day, ISO dates) where known.
    Edge attributes: `weight` (shared engagements), `kind` (their types,
    "; "-joined; never `type`, which GEXF keeps for itself), `start`/`end`.
    """
    import networkx as nx

    graph = nx.Graph()
    kinds: dict[tuple[str, str], Counter] = {}
    for record in engagement_records(store, since, until):
        people = sorted({p.handle: p for p in record.participants}.values(), key=lambda p: p.handle)
        for person in people:
            if person.handle not in graph:
                graph.add_node(person.handle, label=person.name, handle=person.handle,
                               country=person.country or "", engagements=0)
            node = graph.nodes[person.handle]
            node["engagements"] += 1
            _widen(node, record.day)
        for a, b in combinations(people, 2):
            if graph.has_edge(a.handle, b.handle):
                graph.edges[a.handle, b.handle]["weight"] += 1
            else:
                graph.add_edge(a.handle, b.handle, weight=1)
            _widen(graph.edges[a.handle, b.handle], record.day)
            kinds.setdefault((a.handle, b.handle), Counter())[record.type] += 1
    for (a, b), counter in kinds.items():
        graph.edges[a, b]["kind"] = "; ".join(sorted(counter))
    return graph


def export_network(store: Store, path: str | Path, fmt: str = "gexf", since: date | None = None,
                   until: date | None = None) -> int:
    """Write the person-to-person network as GEXF 1.2 (Gephi) or GraphML; return the number of edges.

    People without any co-participant are nodes without edges. In GEXF the
    `start`/`end` dates make the graph dynamic (Gephi's timeline). Rejected
    engagements are left out.

    >>> export_network(Store.open("readouts.db"), "people.gexf")  # doctest: +SKIP
    23
    """
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise ReadoutsError("E015", value=fmt, allowed=", ".join(NETWORK_FORMATS))
    graph = people_network(store, since, until)
    with replaced_on_success(path, "wb") as handle:
        if fmt == "gexf":
            nx.write_gexf(graph, handle, encoding="utf-8", version="1.2draft")
        else:
            nx.write_graphml(graph, handle, encoding="utf-8")
    return graph.number_of_edges()
