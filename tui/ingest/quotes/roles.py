"""The article as attribution sees it: its mentions by position, the roles it ties to
people ("le président chinois Xi Jinping"), the days it names, and the subject of a
reporting verb before or after it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter, itemgetter, lt
from typing import Protocol

from tui.ingest.french import fold
from tui.ingest.quotes.lexicon import (
    AND,
    APPOSITION,
    ARTICLES,
    COMMA_ROLE,
    DE_BEFORE,
    DETERMINERS,
    DOCUMENT_HEAD_KEYS,
    FEMININE_DETS,
    FEMININE_ENDINGS,
    HEAD_OF_STATE,
    MASCULINE_DETS,
    NATIONALITIES,
    OF,
    ORG_ROLE_KEYS,
    PERSON_HEAD_KEYS,
    PRONOUN_BEFORE,
    QUI,
    ROLE_BARE,
    ROLE_NOISE,
    ROLE_START,
    ROLE_WORD,
    SPACE,
    STOP,
    SUBJECT_NEXT,
    pronoun_gender,
)
from tui.model import LOC, ORG, PER, Entity, PartialDate, TimeRef

# Entity types that can speak ("Pékin a déclaré" is the Chinese government).
SPEAKER_TYPES = (PER, ORG, LOC)


@dataclass(slots=True)
class Who:
    """Who said it, as found in one attribution clause."""

    speaker: str | None
    role: str | None
    verb: str | None
    lo: int  # the clause, to look for the day of the speech
    hi: int
    pronoun: bool = False
    strict: bool = True  # good enough to make a quotation of a word or two
    date: PartialDate | None = None
    gender: str | None = None  # of the pronoun that stands for the speaker: "m", "f"


@dataclass(slots=True)
class QuoteSpan:
    open: int
    close: int
    start: int
    end: int
    who: Who | None = None
    term: bool = False


def role_key(role: str) -> str:
    """The key roles compare on: folded, without determiner nor noise adjectives.

    "Le nouveau ministre russe des Affaires étrangères," -> "ministre russe des affaires etrangeres"
    """
    words = fold(role).replace("’", "'").replace(",", " ").split()
    if words and (words[0] in DETERMINERS or words[0] in ("d'un", "d'une")):
        words = words[1:]
    elif words and words[0].startswith(("l'", "d'")):
        words[0] = words[0][2:]
    noise = _NOISE_KEYS
    return " ".join(w for w in words if w not in noise).strip(" .;:")


_NOISE_KEYS = frozenset(fold(w) for w in ROLE_NOISE)


class MentionLike(Protocol):
    """What attribution reads of a mention: a ``tui.model.Mention``, or a ``Spot``."""

    @property
    def entity_id(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def surface(self) -> str: ...


class Spot:
    """A mention as attribution needs it. The ingest pipeline hands over every mention of
    every article, and a frozen ``Mention`` costs three times as much to make."""

    __slots__ = ("entity_id", "start", "end", "surface")

    def __init__(self, entity_id: str, start: int, end: int, surface: str) -> None:
        self.entity_id = entity_id
        self.start = start
        self.end = end
        self.surface = surface


def _in_text_order(mentions: Sequence[MentionLike]) -> tuple[list[MentionLike], list[int]]:
    """The mentions sorted by start (the longest first at one start), and their starts.

    Entity extraction hands them over in that order already, one per start: checking that
    (in C) spares the sort a Python key call per mention.
    """
    starts = [m.start for m in mentions]
    if all(map(lt, starts, islice(starts, 1, None))):
        return list(mentions), starts
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    return ordered, [m.start for m in ordered]


# Sort keys, in C (a lambda is a Python call per item).
_START = attrgetter("start")
_POSITION_KIND = itemgetter(0, 1)


class ArticleContext:
    """The per-article state of one extraction."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[MentionLike],
        entities: Mapping[str, Entity],
        timerefs: Sequence[TimeRef],
        roles: Mapping[str, str] | None,
    ) -> None:
        self.text = text
        self.mentions, self.starts = _in_text_order(mentions)
        self.entities = entities
        self.timerefs = sorted([t for t in timerefs if t.value is not None], key=_START)
        self.tr_starts = [t.start for t in self.timerefs]
        self.extra_roles = roles or {}
        self._roles: dict[str, list[tuple[int, str]]] | None = None
        # Gender of people, as the text tells it ("Mme", "la ministre X", "a-t-elle dit"):
        # "f" or "m"; filled with the roles, and by attribution (pronouns of incises).
        self.gender: dict[str, str] = {}
        self._honorifics_read = False
        # Each entity's type, looked up once: attribution asks for it on every mention it reads.
        self._types: dict[str, str | None] = {}
        self._persons: list[MentionLike] | None = None

    # -- entities ---------------------------------------------------------------------------

    def etype(self, entity_id: str) -> str | None:
        try:
            return self._types[entity_id]
        except KeyError:
            ent = self.entities.get(entity_id)
            kind = self._types[entity_id] = ent.type if ent is not None else None
            return kind

    @property
    def persons(self) -> list[MentionLike]:
        """The mentions of people, in text order: the roles and the honorifics read only them."""
        if self._persons is None:
            etype = self.etype
            self._persons = [m for m in self.mentions if etype(m.entity_id) == PER]
        return self._persons

    def mentions_in(self, lo: int, hi: int) -> list[MentionLike]:
        i = bisect_left(self.starts, lo)
        out = []
        while i < len(self.mentions) and self.starts[i] < hi:
            m = self.mentions[i]
            if m.end <= hi:
                out.append(m)
            i += 1
        return out

    def mention_at(self, pos: int, types: tuple[str, ...] = SPEAKER_TYPES) -> MentionLike | None:
        i = bisect_left(self.starts, pos)
        while i < len(self.mentions) and self.starts[i] == pos:
            m = self.mentions[i]
            if self.etype(m.entity_id) in types:
                return m
            i += 1
        return None

    def mention_ending_before(self, lo: int, hi: int) -> MentionLike | None:
        """The last speaker-type mention inside [lo, hi)."""
        i = bisect_left(self.starts, hi) - 1
        while i >= 0 and self.starts[i] >= lo:
            m = self.mentions[i]
            if m.end <= hi and self.etype(m.entity_id) in SPEAKER_TYPES:
                return m
            i -= 1
        return None

    # -- roles ------------------------------------------------------------------------------

    def role_ending_at(self, lo: int, hi: int) -> tuple[int, str, str] | None:
        """A role phrase ending at ``hi`` (a comma and spaces allowed): (start, text, head).

        The earliest determiner + head whose remaining words are all role words ("le conseiller
        diplomatique du président russe," rather than "du président russe,").
        """
        text = self.text
        lo = hi - 160 if hi - 160 > lo else lo  # (not max(): a call costs more)
        end = hi
        while end > lo and (text[end - 1] in SPACE or text[end - 1] == ","):
            end -= 1
        if end <= lo:
            return None
        for m in ROLE_START.finditer(text, lo, end):
            if self._rest_ok(m.end(), end) and not self._per_inside(m.start(), end):
                return m.start(), text[m.start() : end], m["head"]
        return None

    def _rest_ok(self, pos: int, end: int) -> bool:
        between = self.text[pos:end]
        if "_" not in between and len(between.split(None, 9)) == 10:
            # Ten words or more: ten tokens at least (every blank-separated chunk without "_"
            # starts one), so never a role's words; a role far before a name, most often.
            return False
        n = 0
        prev = ""
        for w in ROLE_WORD.finditer(self.text, pos, end):
            word = w.group(1)
            if not (word[0].isalnum() or word in ("'", "’")):
                return False
            f = fold(word).rstrip("'’")
            if f in STOP or (f in ARTICLES and prev not in OF):
                return False
            prev = f
            n += 1
            if n > 9:
                return False
        return True

    def _per_inside(self, lo: int, hi: int) -> bool:
        return any(self.etype(m.entity_id) == PER for m in self.mentions_in(lo, hi))

    def role_phrase_at(self, pos: int, hi: int, bare: bool = False) -> tuple[int, str] | None:
        """The extent of the role phrase that starts at ``pos``: its end and head. With
        ``bare``, a person's role without a determiner ("ministre de la Culture")."""
        m = (ROLE_BARE if bare else ROLE_START).match(self.text, pos, hi)
        if m is None:
            return None
        end = m.end()
        prev = ""
        for w in ROLE_WORD.finditer(self.text, m.end(), hi):
            word = w.group(1)
            if not (word[0].isalnum() or word in ("'", "’")):
                break
            f = fold(word).rstrip("'’")
            if f in STOP or (f in ARTICLES and prev not in OF):
                break  # "dans un communiqué le ministère …": a new phrase starts
            if self.mention_at(w.start(1), (PER,)) is not None:
                break  # an apposition: the name is not part of the role
            end = w.end(1)
            prev = f
        return end, m["head"]

    @property
    def roles(self) -> dict[str, list[tuple[int, str]]]:
        if self._roles is None:
            self._roles = self._build_roles()
        return self._roles

    def _build_roles(self) -> dict[str, list[tuple[int, str]]]:
        text = self.text
        roles: dict[str, list[tuple[int, str]]] = {}
        homologues: list[tuple[str, str, str]] = []  # (entity, owner entity, adjective)
        last_per: tuple[int, str] | None = None  # (end, entity) of the previous PER mention
        for m in self.persons:
            lo = _clause_start(text, m.start)
            found = self.role_ending_at(lo, m.start)
            if found is not None:
                start, role, head = found
                key = role_key(role)
                roles.setdefault(key, []).append((m.start, m.entity_id))
                if fold(head) in PERSON_HEAD_KEYS:
                    self.note_gender(m.entity_id, role_gender(role))
                det = fold(text[start : start + 4]).split(" ")[0]
                if fold(head) == "homologue" and det in ("son", "sa") and last_per is not None:
                    if last_per[0] >= sentence_start(text, start) and last_per[1] != m.entity_id:
                        adj = next((w for w in key.split() if w in NATIONALITIES), None)
                        if adj:
                            homologues.append((m.entity_id, last_per[1], adj))
            self.note_gender(m.entity_id, _honorific_gender(text, m.start))
            after = COMMA_ROLE.match(text[m.end : m.end + 8])
            bare = None if after is not None else _COMMA.match(text, m.end, m.end + 4)
            if after is not None or bare is not None:
                pos = m.end + after.end() if after is not None else bare.end()  # type: ignore[union-attr]
                hi = min(len(text), pos + 160)
                extent = self.role_phrase_at(pos, hi, bare=after is None)
                stop = skip_space(text, extent[0]) if extent is not None else -1
                if extent is not None and text[stop : stop + 1] in (",", ".", ";", ""):
                    if fold(extent[1]) in PERSON_HEAD_KEYS:
                        key = role_key(text[pos : extent[0]])
                        roles.setdefault(key, []).append((m.start, m.entity_id))
                        self.note_gender(m.entity_id, role_gender(text[pos : extent[0]]))
            last_per = (m.end, m.entity_id)
        # "X … son homologue chinois Y": Y holds the Chinese version of X's roles.
        keys_of: dict[str, set[str]] = {}
        for key, holders in roles.items():
            for _p, e in holders:
                keys_of.setdefault(e, set()).add(key)
        for _round in range(2):  # both ways: "son homologue russe" of the Chinese president
            for ent, owner, adj in dict.fromkeys(homologues):
                for key in sorted(keys_of.get(owner, ())):
                    words = key.split()
                    for i, w in enumerate(words):
                        if w in NATIONALITIES and w != adj:
                            derived = " ".join(words[:i] + [adj] + words[i + 1 :])
                            if derived not in roles:
                                roles[derived] = [(-1, ent)]
                                keys_of.setdefault(ent, set()).add(derived)
                            break
        return roles

    def gender_of(self, entity_id: str) -> str | None:
        """ "f", "m" or None, as far as the text tells: honorifics ("Mme X"), then what roles
        and pronouns have told so far."""
        if not self._honorifics_read:
            self._honorifics_read = True
            for m in self.persons:
                self.note_gender(m.entity_id, _honorific_gender(self.text, m.start))
        return self.gender.get(entity_id)

    def note_gender(self, entity_id: str | None, gender: str | None) -> None:
        if entity_id is not None and gender is not None:
            self.gender.setdefault(entity_id, gender)

    def resolve_role(self, role: str, pos: int) -> str | None:
        """The entity the article ties to a role phrase, nearest apposition before ``pos``.

        In order: the same role ("le président chinois Xi Jinping"); a synonym ("chef de
        l'État" for "président"); the only holder of a role with the same head ("l'attaquant"
        for "leur attaquant nigérian X"); the roles of other articles; and, for a definite
        role ("la cheffe du gouvernement"), the person the article names most often before
        ``pos`` whose gender and known roles do not contradict it.
        """
        folded = fold(role)
        det = folded.split(" ", 1)[0]
        if det in ("un", "une", "des", "d'un", "d'une") or folded.startswith(("d'un", "d'une")):
            return None  # "un porte-parole": someone, not someone known
        key = role_key(role)
        keys = _synonyms(key)
        for k in keys:
            holders = self.roles.get(k)
            if holders:
                at = bisect_right(holders, (pos, "\uffff"))  # sorted by position
                return holders[at - 1][1] if at else holders[0][1]
        head = key.split(" ", 1)[0]
        same_head = {
            e
            for k, holders in self.roles.items()
            if k.split(" ", 1)[0] == head and _compatible(key, k)
            for _p, e in holders
        }
        if len(same_head) == 1:
            return next(iter(same_head))
        for k in keys:
            if k in self.extra_roles:
                return self.extra_roles[k]
        if det not in ("le", "la", "l'", "les") and not folded.startswith("l'"):
            return None
        return self._salient_person(key, role_gender(role), pos)

    def _salient_person(self, key: str, gender: str | None, pos: int) -> str | None:
        """The person named most often before ``pos`` (the latest on a tie) who may hold the
        role ``key``: not of the other gender, not holding a rival role ("président russe"
        for "président chinois")."""
        rivals: set[str] = set()
        head = key.split(" ", 1)[0]
        for k, holders in self.roles.items():
            if k.split(" ", 1)[0] == head and not _compatible(key, k):
                rivals.update(e for _p, e in holders)

        def may_hold(m: MentionLike) -> bool:
            if self.etype(m.entity_id) != PER or m.entity_id in rivals:
                return False
            return gender is None or self.gender.get(m.entity_id, gender) == gender

        return self._most_named_before(pos, may_hold)

    def resolve_org(self, pos: int) -> str | None:
        """The organisation "l'entreprise" / "le club" stands for: the one named most often
        before ``pos``, the latest on a tie; a medium ("sur France Inter") is not it."""

        def may_be(m: MentionLike) -> bool:
            return self.etype(m.entity_id) == ORG and not _MEDIUM_BEFORE.search(
                self.text, max(0, m.start - 12), m.start
            )

        return self._most_named_before(pos, may_be)

    def _most_named_before(self, pos: int, keep: Callable[[MentionLike], bool]) -> str | None:
        """The entity of the ``keep`` mentions before ``pos`` named most often, the latest
        named on a tie."""
        counts: dict[str, list[int]] = {}
        for m in self.mentions:
            if m.start >= pos:
                break
            if keep(m):
                c = counts.setdefault(m.entity_id, [0, 0])
                c[0] += 1
                c[1] = m.start
        if not counts:
            return None
        return max(counts.items(), key=lambda kv: (kv[1][0], kv[1][1]))[0]

    # -- subjects ---------------------------------------------------------------------------

    def subject_before(self, lo: int, verb_start: int, verb: str) -> Who | None:
        """The subject of a reporting verb in the normal order ("Xi Jinping a souligné")."""
        text = self.text
        window_lo = verb_start - 200 if verb_start - 200 > lo else lo
        before = text[window_lo:verb_start]
        # (each pattern is searched for only if the window ends on a letter it can end with)
        ending = before.rstrip()[-1:]
        pron = PRONOUN_BEFORE.search(before) if ending in _PRONOUN_LAST else None
        if pron:
            at = window_lo + pron.start()
            if text[at - 3 : at - 1].lower() == "qu" and at - 3 > lo:
                # "la CGT appelle à la grève contre une réforme qu'elle juge « … »": the
                # pronoun of a relative clause stands for the subject of the sentence.
                for main in self.mentions_in(lo, at - 3):
                    if (
                        self.etype(main.entity_id) in (ORG, PER)
                        and SUBJECT_NEXT.match(text, main.end)
                        and not _governed(text, lo, main.start)
                    ):
                        return Who(main.entity_id, main.surface, verb, lo, verb_start)
            gender = pronoun_gender(pron["pron"])
            return Who(None, None, verb, lo, verb_start, pronoun=True, gender=gender)
        qui = QUI.search(before) if ending in _I_FORMS else None
        end = window_lo + qui.start() if qui else verb_start
        last = text[window_lo:end].rstrip(SPACE + ",")[-1:]
        paren = _PARENTHESIS_END.search(text, window_lo, end) if last == ")" else None
        if paren is not None:
            end = paren.start()  # "Mme X (Quimperlé en commun) parle de …": X speaks
        m = self.mention_ending_before(window_lo, end)
        role = self.role_ending_at(window_lo, end)
        if role is None and text[window_lo:end].rstrip(SPACE)[-1:] == ",":
            # "L'autrice, qui coécrira le scénario, a dit": the role before the relative clause
            rel = _CLAUSE_BETWEEN_COMMAS.search(text, window_lo, end)
            if rel is not None:
                role = self.role_ending_at(window_lo, rel.start())
        if m is not None and APPOSITION.fullmatch(text, m.end, end):
            if role is not None and role[0] < m.start and _governed_by_de(text, m.start):
                m = None  # "le ministre chinois des Affaires étrangères a …": the role speaks
        else:
            m = None
        if m is not None:
            first = self._coordinated(window_lo, m)
            if first is not None:
                return Who(None, text[first.start : m.end], verb, lo, verb_start, strict=False)
            apposed = self.role_ending_at(_clause_start(text, m.start, lo), m.start)
            return Who(m.entity_id, apposed[1] if apposed else m.surface, verb, lo, verb_start)
        if role is None:
            return None
        start, phrase, head = role
        if fold(head) in PERSON_HEAD_KEYS:
            return Who(self.resolve_role(phrase, start), phrase, verb, lo, verb_start)
        for inner in self.mentions_in(start, end):
            if self.etype(inner.entity_id) in (ORG, PER) and not _governed_by_de(text, inner.start):
                return Who(inner.entity_id, phrase, verb, lo, verb_start)
        return Who(self._org_role(phrase, head, start), phrase, verb, lo, verb_start)

    def _body_of(self, start: int, end: int) -> str | None:
        """The organisation named inside a spokesperson's role phrase ("un porte-parole de la
        SNCF", "une responsable d'Airbus"), if any: the body speaks through them."""
        for m in self.mentions_in(start, end):
            if self.etype(m.entity_id) == ORG:
                return m.entity_id
        return None

    def _org_role(self, phrase: str, head: str, pos: int) -> str | None:
        """ "l'entreprise", "le club" alone: the organisation the article named before."""
        words = role_key(phrase).replace("'", " ").split()
        if fold(head) not in ORG_ROLE_KEYS or not words or words[-1] not in ORG_ROLE_KEYS:
            return None  # "le club breton", "la chaîne publique": not necessarily it
        if len(words) > 1 and words[-2] not in ("de", "du", "la", "l", "d"):
            return None  # "la direction de la station" yes, "le groupe industriel" no
        det = fold(phrase).split(" ", 1)[0]
        if det not in ("le", "la", "les") and not det.startswith("l'"):
            return None
        return self.resolve_org(pos)

    def _coordinated(self, lo: int, m: MentionLike) -> MentionLike | None:
        """ "A et B a…": the first of two coordinated names, or None."""
        prev = self.mention_ending_before(lo, m.start)
        if prev is not None and AND.fullmatch(self.text, prev.end, m.start):
            return prev
        return None

    def subject_after(
        self, pos: int, hi: int, verb: str | None, lo: int, anchored: bool = False
    ) -> Who | None:
        """The subject after an inverted verb or "selon": the first name or role phrase that
        no preposition governs ("a déclaré ce mercredi Xi Jinping à Vladimir Poutine").

        A governed role phrase takes its apposed name with it ("à son homologue chinois Wang
        Yi", "à la télévision chinoise CCTV"); with ``anchored`` the subject must come first.
        """
        text = self.text
        cands: list[tuple[int, int, MentionLike | re.Match[str]]] = []
        for m in self.mentions_in(pos, hi):
            if self.etype(m.entity_id) in SPEAKER_TYPES:
                cands.append((m.start, 1, m))
        for r in ROLE_START.finditer(text, pos, hi):
            cands.append((r.start(), 0, r))
        cands.sort(key=_POSITION_KIND)
        first = skip_space(text, pos)
        named = skip_honorific(text, first)  # "Pour le Pr Olivier X," "Selon Me X,"
        skip_until = -1  # the end of a governed phrase and its apposed name
        for start, _kind, c in cands:
            if start < skip_until:
                continue
            if anchored and start != first and start != named:
                return None
            if not isinstance(c, re.Match):  # a mention
                if _governed(text, pos, start):
                    skip_until = c.end
                    continue
                return Who(c.entity_id, c.surface, verb, lo, hi)
            extent = self.role_phrase_at(start, hi)
            if extent is None:
                continue
            end, head = extent
            role = text[start:end]
            after = skip_space(text, end)
            bracket = _BRACKET_AT.match(text, after)
            if bracket is not None:  # "la porte-parole du Conseil national (NDRRMC), Maria X"
                after = skip_space(text, bracket.end())
            if text.startswith(",", after):
                after = skip_space(text, after + 1)
            apposed = self.mention_at(skip_honorific(text, after), (PER,))
            contracted = fold(c["det"]).strip() in ("au", "aux", "du")  # à le, à les, de le
            if contracted or _governed(text, pos, start, role=True):
                skip_until = apposed.end if apposed is not None else end
                continue
            key = fold(head)
            if key in PERSON_HEAD_KEYS:
                if apposed is not None:
                    return Who(apposed.entity_id, role, verb, lo, hi)
                speaker = self.resolve_role(role, start)
                if speaker is None and key in SPOKESPERSON_KEYS:
                    speaker = self._body_of(start, end)  # "un porte-parole de la SNCF"
                return Who(speaker, role, verb, lo, hi)
            # An organisation or a document: the name inside it speaks.
            for m in self.mentions_in(start, end + 1 + 80):
                if m.start > skip_space(text, end):
                    break
                if self.etype(m.entity_id) in (ORG, PER) and not _governed_by_de(text, m.start):
                    return Who(m.entity_id, text[start : max(end, m.end)], verb, lo, hi)
            if key in DOCUMENT_HEAD_KEYS:
                return None  # "selon la même source": a document, nobody named
            return Who(
                self._org_role(role, head, start), role, verb, lo, hi
            )  # "le ministère chinois des Affaires …"
        return None

    def day_in(self, lo: int, hi: int) -> PartialDate | None:
        """The first day-precise temporal expression inside [lo, hi)."""
        i = bisect_left(self.tr_starts, lo)
        while i < len(self.timerefs) and self.tr_starts[i] < hi:
            t = self.timerefs[i]
            if t.end <= hi and t.value is not None and t.value.day is not None:
                return t.value
            i += 1
        return None


def skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in SPACE:
        pos += 1
    return pos


_GOVERNED = re.compile(
    r"(?:^|[\s'’])(?:à|au|aux|de|du|des|d['’]|avec|par|pour|sur|lors|selon|dans|devant|auprès"
    r"|chez|vers|contre|entre|sans|après|avant|pendant|depuis|envers|via|parmi|en)"
    r"(?:\s+|(?<=['’]))(?:(?:le|la|les|l['’]|son|sa|ses|leur|leurs|un|une|ce|cet|cette)\s*)?$",
)


_PREP_BEFORE = re.compile(
    r"(?:^|[\s'’])(?:à|au|aux|de|du|des|d['’]|avec|par|pour|sur|lors|selon|dans|devant|auprès"
    r"|chez|vers|contre|entre|sans|après|avant|pendant|depuis|envers|via|parmi|en)"
    r"(?:\s+|(?<=['’]))$",
)


def _governed(text: str, lo: int, start: int, role: bool = False) -> bool:
    """Whether a preposition governs the phrase starting at ``start`` ("à son hôte").

    A role phrase starts with its determiner, so only the word just before it counts; a name
    may follow a determiner and a word or two ("à la télévision chinoise CCTV").
    """
    pattern = _PREP_BEFORE if role else _GOVERNED
    return pattern.search(text[start - 60 if start - 60 > lo else lo : start]) is not None


def _governed_by_de(text: str, start: int) -> bool:
    return DE_BEFORE.search(text[max(0, start - 5) : start]) is not None


_LAST_CLAUSE_MARK = re.compile(r".*[.;:!?()\"«»“”\n]", re.DOTALL)
_LAST_SENTENCE_MARK = re.compile(r".*[.!?\n]", re.DOTALL)


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Just after the last sentence or clause punctuation before ``pos`` (a comma is kept)."""
    lo = pos - 200 if pos - 200 > floor else floor  # (not max(): a call costs more)
    m = _LAST_CLAUSE_MARK.match(text, lo, pos)
    return m.end() if m else lo


def sentence_start(text: str, pos: int) -> int:
    lo = pos - 400 if pos > 400 else 0
    m = _LAST_SENTENCE_MARK.match(text, lo, pos)
    return m.end() if m else lo


def word_count(s: str) -> int:
    return len(s.split())


_COMMA = re.compile(r"\s*,\s*")
# What matches "i" in a case-insensitive regex: the last letter of QUI.
_I_FORMS = frozenset("iIıİ")
# What the last letter of PRONOUN_BEFORE may be ("il", "elles", "ce dernier", "celle-ci",
# "il ne", "il n'"), in any case.
# People who speak for a body: with no name of their own, the body named in their role speaks.
SPOKESPERSON_KEYS = frozenset(
    fold(w) for w in ("porte-parole", "responsable", "représentant", "représentante", "dirigeant",
                      "dirigeante", "cadre", "membre", "proche", "source")
)  # fmt: skip
# A short bracket after a role's organisation: its acronym ("(NDRRMC)", "(FNSEA)").
_BRACKET_AT = re.compile(r"\([^()\n]{1,24}\)")
_PRONOUN_LAST = frozenset("lLsSſrReEiIıİ'’")
_MEDIUM_BEFORE = re.compile(
    r"(?:^|\s)(?:sur|à|dans|par|au\s+micro\s+de)\s+(?:la\s+|le\s+|l['’])?$"
)  # "sur France Inter", "interrogée par Le Parisien": a medium, not who speaks
_HONORIFIC_BEFORE = re.compile(r"(?:^|\s)(Mme|Mmes|Mlle|Madame|M\.|MM\.|Monsieur)\s+$")
_FEMININE_HONORIFICS = frozenset(("Mme", "Mmes", "Mlle", "Madame"))
# Roles that name one office ("la cheffe du gouvernement" is the Prime Minister).
_OFFICES = (
    ("premier ministre", "premiere ministre", "chef du gouvernement", "cheffe du gouvernement"),
    ("president de la republique", "presidente de la republique", "chef de l'etat"),
)


_HONORIFIC_WORDS = ("Mme", "Mmes", "Mlle", "Madame", "M.", "MM.", "Monsieur")


def _honorific_gender(text: str, start: int) -> str | None:
    before = text[start - 10 if start > 10 else 0 : start]  # (not max(): a call costs more)
    if not before[-1:].isspace() or not before.rstrip().endswith(_HONORIFIC_WORDS):
        return None  # most names: no honorific before them (told without the regex)
    m = _HONORIFIC_BEFORE.search(text, max(0, start - 10), start)
    if m is None:
        return None
    return "f" if m.group(1) in _FEMININE_HONORIFICS else "m"


def role_gender(role: str) -> str | None:
    """ "f", "m" or None: what a role phrase says of its holder's gender."""
    words = fold(role).replace("’", "'").replace(",", " ").split()
    if not words:
        return None
    det = words[0].split("'", 1)[0] if "'" in words[0] else words[0]
    if det in FEMININE_DETS:
        return "f"
    if det in MASCULINE_DETS:
        return "m"
    rest = words[1:] if det in DETERMINERS or det in ("l", "d") else words
    if det in ("l", "d") and "'" in words[0]:
        rest = [words[0].split("'", 1)[1], *words[1:]]
    head = next((w for w in rest if fold(w) not in _NOISE_KEYS), "")
    return "f" if head.endswith(FEMININE_ENDINGS) else None


_OF_WORDS = frozenset(("de", "des", "du", "d", "la", "le", "les", "l"))


def _compatible(key: str, other: str) -> bool:
    """Whether two roles with the same head may be one ("attaquant" and "attaquant
    nigerian"), not two ("president chinois" and "president russe")."""
    a = {w for w in key.replace("'", " ").split() if w not in _OF_WORDS}
    b = {w for w in other.replace("'", " ").split() if w not in _OF_WORDS}
    return a <= b or b <= a


def _synonyms(key: str) -> list[str]:
    """The role keys that name the same office as ``key``."""
    keys = [key]
    for syn in HEAD_OF_STATE:
        if key.startswith(syn + " "):
            rest = key[len(syn) :]
            keys.extend(other + rest for other in HEAD_OF_STATE if other != syn)
            break
    for office in _OFFICES:
        if key in office:
            keys.extend(k for k in office if k != key)
    return keys


_HONORIFIC = re.compile(
    r"(?:(?:le|la|les)\s+)?(?:M\.|MM\.|Mme|Mmes|Mlle|Me|Mes|Mgr|Dr|Pr|Maître)\.?\s+"
)


def skip_honorific(text: str, pos: int) -> int:
    """After an honorific ("Me", "le Pr", "M.") at ``pos``: where the name starts."""
    m = _HONORIFIC.match(text, pos)
    return m.end() if m else pos


_PARENTHESIS_END = re.compile(r"\s*\([^()\n]{1,80}\)\s*,?\s*$")

_CLAUSE_BETWEEN_COMMAS = re.compile(r"\s*,\s*(?:qui|dont|que|qu['’])[^,;:.!?«»\"“”\n]{1,120},\s*$")
