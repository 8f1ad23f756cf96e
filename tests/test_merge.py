"""The entity merge reads sums over the articles, never their order: the same articles in any
order decide the same entities, and an article added then taken back leaves the inputs (and the
decision) as if it had never come, which is what an incremental update relies on."""

from __future__ import annotations

import random

import pytest
from test_corpus import _ingested_seeds_and_oddities
from test_incremental import PARAGRAPHS

from tui.corpus import IngestedSource
from tui.corpus.merge import MergeInputs, decide, decide_again, entities_of
from tui.ingest import ingest_file
from tui.ingest.entities import LocalEntity
from tui.ingest.french import slug


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge")
    items, gaz = _ingested_seeds_and_oddities(folder)
    rng = random.Random(7)
    for k in range(12):  # articles whose names interact: short forms, aliases, spellings
        f = folder / f"gen{k}.txt"
        f.write_text(" date 2025-07 " + "\n\n".join(rng.sample(PARAGRAPHS, 3)), encoding="utf-8")
        items += ingest_file(f, f.stem, gaz).articles
    return [IngestedSource(it) for it in items], gaz


def test_the_order_of_the_articles_does_not_change_the_entities(articles):
    items, gaz = articles
    first = decide(MergeInputs().add_all(items), gaz)
    assert first[0], "the corpus has entities"
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert decide(MergeInputs().add_all(shuffled), gaz) == first


def test_an_article_taken_back_leaves_no_trace(articles):
    items, gaz = articles
    rng = random.Random(3)
    for _ in range(5):
        kept = rng.sample(items, len(items) // 2)
        gone = [it for it in items if it not in kept]
        inputs = MergeInputs().add_all(items)
        for it in gone:
            inputs.add(it, -1)
        inputs.prune()
        clean = MergeInputs().add_all(kept)
        assert inputs.state() == clean.state()
        assert decide(inputs, gaz) == decide(clean, gaz)
        # and the inputs survive the form the snapshot keeps them in
        again = MergeInputs.from_bytes(inputs.to_bytes())
        assert again.state() == clean.state()
        assert decide(again, gaz) == decide(clean, gaz)


def test_vote_sums_are_exact_in_any_order(articles):
    items, _gaz = articles
    assert MergeInputs().add_all(items).exact()
    odd = MergeInputs().add_all(items)
    votes = next(iter(odd.votes.values()))
    votes["PER"] = votes.get("PER", 0.0) + 0.1
    assert not odd.exact()


class _Fake:
    """An article made of names alone: what the merge reads of one."""

    def __init__(self, rng: random.Random):
        names = rng.sample(_NAMES, rng.randint(1, 3))
        self.text = ". ".join(n for n, _t, _a in names)
        self._mentions, self._local, at = [], {}, 0
        for name, typ, alias in names:
            key = slug(name)
            self._mentions.append((at, at + len(name), key))
            at += len(name) + 2
            votes = {typ: rng.randint(1, 8) / 64} if rng.random() < 0.8 else {}
            aliases = {alias} if alias and rng.random() < 0.7 else set()
            weak = rng.random() < 0.3
            self._local[key] = LocalEntity(key, name, votes, aliases, weak)

    def mentions(self):
        return self._mentions

    def local_entities(self):
        return self._local


# names whose links interact: short forms shared or not, claimed aliases, a gazetteer name
_NAMES = [
    ("Marc Dupont", "PER", None),
    ("Julie Dupont", "PER", None),
    ("Léa Dupont", "PER", None),
    ("Anne Dupont", "PER", None),
    ("Dupont", "PER", None),
    ("Paul Martin", "PER", None),
    ("Martin", "PER", None),
    ("Martin", "LOC", None),
    ("Agence régionale de santé", "ORG", "ARS"),
    ("Autorité de régulation des services", "ORG", "ARS"),
    ("ARS", "ORG", None),
    ("Stade rennais", "ORG", "SRFC"),
    ("SRFC", "ORG", None),
    ("Vladimir Poutine", "PER", None),
    ("Poutine", "PER", None),
    ("Russie", "LOC", None),
    ("Fédération de Russie", "LOC", None),
    ("USA", "LOC", None),
    ("États-Unis", "LOC", None),
    ("ONU", "ORG", None),
    ("Nations unies", "ORG", None),
]


@pytest.mark.parametrize("size", [6, 10, 30])
def test_deciding_the_affected_keys_alone_on_interacting_names(articles, size):
    """Small corpora of few names, so that names come and go, links appear and vanish."""
    _items, gaz = articles
    for seed in range(12):
        rng = random.Random(seed)
        _check_affected([_Fake(rng) for _ in range(size)], gaz, rng, rounds=10)


def test_deciding_the_affected_keys_alone_gives_the_whole_decision(articles):
    """An update decides again only the keys the changed articles touch, closed under every
    link: with the other keys' previous entities, that is the decision of all keys."""
    items, gaz = articles
    redone = _check_affected(items, gaz, random.Random(11), rounds=8)
    assert min(redone) < 0.5, "a change leaves most keys alone"


def _by_id(e):
    return e.id


def _check_affected(items, gaz, rng, rounds):
    """Rounds of changes, each decided again from the previous round's decision (as updates
    follow one another), against the whole decision of the same articles."""
    redone = []
    current = rng.sample(items, len(items) * 2 // 3)
    inputs = MergeInputs().add_all(current)
    first = decide(inputs, gaz)
    groups, lasts, entities = first[4], first[5], entities_of(*first[:3])
    for _ in range(rounds):
        after = [it for it in current if rng.random() > 0.2]
        after += [it for it in items if it not in current and rng.random() < 0.3]
        inputs.track()
        for it in current:
            if it not in after:
                inputs.add(it, -1)
        for it in after:
            if it not in current:
                inputs.add(it)
        inputs.prune()  # what was touched only, as an update does
        touched = inputs.untrack()
        assert inputs.state() == MergeInputs().add_all(after).state()
        previous = entities
        again = decide_again(inputs, gaz, touched, groups, lasts)
        entities, groups, lasts, redo = (
            sorted([e for e in previous if e.id not in again.gone] + again.fresh, key=_by_id),
            again.groups,
            again.lasts,
            again.redo,
        )
        fresh = {e.id for e in again.fresh}
        whole = decide(MergeInputs().add_all(after), gaz)
        assert entities == entities_of(*whole[:3])
        # the entities not decided again are the previous ones, unchanged; the others go
        assert fresh <= set(whole[0])
        assert {e for e in entities if e.id not in fresh} <= set(previous)
        assert not again.gone & {e.id for e in entities} - fresh
        assert groups == whole[4]
        assert lasts == whole[5]
        # each key's entity: its group's root, when that root is an entity's id
        ids = {e.id for e in entities}
        for k in inputs.keys:
            root = groups.get(k, k)
            assert whole[3].get(k) == (root if root in ids else None)
        redone.append(len(redo & set(inputs.keys)) / max(1, len(inputs.keys)))
        current = after
    return redone
