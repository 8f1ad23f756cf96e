"""Attribution: who said the quotations of one sentence, the sentences around quotations,
pronouns, and repeated quotations."""

from __future__ import annotations

import re
from bisect import bisect_left

from tui.ingest.french import fold, has_rare_stops, is_abbreviation
from tui.ingest.quotes.lexicon import (
    BETWEEN_OK,
    COLON_END,
    GERUND_START,
    HEAD_VERB,
    INCISE,
    PASSIVE_AGENT,
    PASSIVE_BEFORE,
    PERSON_HEAD_KEYS,
    PRONOUN_AFTER,
    PRONOUN_END,
    QUE,
    ROLE_START,
    SENT_END,
    SENT_END_PERIOD,
    SOURCE_AFTER,
    SOURCE_HEAD,
    SOURCE_TAIL,
    SPACE,
    SUBJECT_NEXT,
    pronoun_gender,
)
from tui.ingest.quotes.roles import (
    SPEAKER_TYPES,
    ArticleContext,
    MentionLike,
    QuoteSpan,
    Who,
    sentence_start,
    skip_space,
    word_count,
)
from tui.model import ORG, PER, PartialDate

# An excerpt repeated without attribution is looked for among this many attributed
# quotations on each side (a subheading repeats a nearby paragraph).
TWIN_WINDOW = 20

# ---------------------------------------------------------------------------------------------
# Sentences around quotations
# ---------------------------------------------------------------------------------------------


def _breaks(text: str, lo: int, hi: int, out: list[int], ends: re.Pattern[str]) -> None:
    """Sentence ends inside [lo, hi) (text outside quotations): positions after the mark.
    ``ends`` is ``SENT_END``, or ``SENT_END_PERIOD`` if there is no "!", "?" nor "…"."""
    for m in ends.finditer(text, lo, hi):
        if m.group() == "." and is_abbreviation(text, lo, m.start()):
            continue
        out.append(m.end())


def group_by_sentence(
    text: str, quotes: list[QuoteSpan], p0: int, p1: int
) -> list[tuple[int, int, list[QuoteSpan]]]:
    """Group the quotations of one paragraph [p0, p1) by sentence."""
    cuts: list[int] = []
    prev = p0
    ends = SENT_END if has_rare_stops(text, p0, p1) else SENT_END_PERIOD
    for i, q in enumerate(quotes):
        _breaks(text, prev, q.open, cuts, ends)
        prev = q.close + 1
        inner = text[q.start : q.end]
        if inner and inner[-1] in ".!?…":
            nxt = quotes[i + 1].open if i + 1 < len(quotes) else p1
            after = text[prev:nxt].lstrip(SPACE)
            if not after or after[0].isupper() or (i + 1 < len(quotes) and not after):
                cuts.append(prev)
    _breaks(text, prev, p1, cuts, ends)
    groups: list[tuple[int, int, list[QuoteSpan]]] = []
    bounds = [p0, *cuts, p1]
    k = 0
    for b in range(len(bounds) - 1):
        s, e = bounds[b], bounds[b + 1]
        members = []
        while k < len(quotes) and quotes[k].open < e:
            members.append(quotes[k])
            k += 1
        if members:
            close = members[-1].close + 1
            groups.append((s, close if close > e else e, members))  # (max() costs more)
    return groups


def _between_ok(text: str, lo: int, hi: int) -> bool:
    """``BETWEEN_OK.fullmatch(text, lo, hi)``; blanks and a comma at most (most verbs before a
    quotation or its "que") are told without the regex."""
    if lo <= hi and text[lo:hi].strip() in ("", ","):
        return True
    return BETWEEN_OK.fullmatch(text, lo, hi) is not None


def _verb_text(m: re.Match[str]) -> str:
    if m["pp"] is not None:
        return f"{m['aux']} {m['pp']}".lower()
    return str(m["pres"]).lower()


def attribute_sentence(art: ArticleContext, s: int, e: int, group: list[QuoteSpan]) -> Who | None:
    """The attribution of the quotations of one sentence [s, e)."""
    text = art.text
    first, last = group[0], group[-1]
    # 1. An incise after a quotation: "…", a affirmé mardi Xi Jinping.
    for k, q in enumerate(group):
        g0 = q.close + 1
        g1 = group[k + 1].open if k + 1 < len(group) else e
        gap = text[g0:g1]
        m = INCISE.search(gap)
        if m is None:
            continue
        vs, ve = g0 + m.start("verb"), g0 + m.end("verb")
        verb = _verb_text(m)
        hi = _clause_end(text, ve, e)
        pron = PRONOUN_END.search(m["aux"] or m["pres"])
        if pron is not None:
            if pron.group(1).lower() == "on":
                continue  # "a-t-on appris": nobody in particular
            return Who(None, None, verb, vs, hi, pronoun=True, gender=pronoun_gender(pron.group(1)))
        who = art.subject_after(ve, hi, verb, vs)
        if who is not None:
            if who.speaker is None and who.role is not None and _UNNAMED_VOICE.match(who.role):
                # "L'Union européenne « prend note », a indiqué un porte-parole": the body
                # the sentence opens on speaks through its spokesperson.
                who.speaker = _opening_body(art, s, first.open)
            who.hi = e
            return who
        # A verb with no subject found: a role-less speaker ("a-t-on appris") says nothing.
    head = text[s : first.open]
    # 2. A reporting verb before the quotation, with its subject.
    verbs = list(HEAD_VERB.finditer(text, s, first.open))
    strict_found = None
    lenient_found = None
    for m in reversed(verbs):
        who = art.subject_before(s, m.start(), _verb_text(m))
        if who is None:
            continue
        que = QUE.search(text, m.end(), first.open)
        between_end = que.start() if que else first.open
        if _between_ok(text, m.end(), between_end):
            who.lo, who.hi = s, first.open
            strict_found = who
            break
        if lenient_found is None:
            who.lo, who.hi = s, first.open
            who.strict = False
            lenient_found = who
    if strict_found is not None:
        return strict_found
    # 2b. A passive judgement: "une décision jugée « sévère » par le club rhodanien".
    for k, q in enumerate(group):
        if not PASSIVE_BEFORE.search(text, max(s, q.open - 30), q.open):
            continue
        g1 = group[k + 1].open if k + 1 < len(group) else e
        agent = PASSIVE_AGENT.match(text, q.close + 1, g1)
        if agent is None:
            continue
        hi = _clause_end(text, agent.end(), g1)
        who = art.subject_after(agent.end(), hi, "par", q.close + 1, True)
        if who is not None:
            who.lo, who.hi = s, e
            return who
    # 3. "Qualifiant … de "…", Vladimir Poutine a déclaré".
    g = GERUND_START.match(head)
    if g is not None:
        tail_start = skip_space(text, last.close + 1)
        if text.startswith(",", tail_start):
            pos = skip_space(text, tail_start + 1)
            who = art.subject_after(pos, _clause_end(text, pos, e), g["verb"].lower(), s, True)
            if who is not None:
                who.lo, who.hi = s, e
                return who
    # 4. A longer quotation: any reporting verb with a subject earlier in the sentence.
    if lenient_found is not None:
        return lenient_found
    # 5. "…", selon X.
    for k, q in enumerate(group):
        g0 = q.close + 1
        g1 = group[k + 1].open if k + 1 < len(group) else e
        m = SOURCE_TAIL.search(text[g0:g1])
        if m is None:
            continue
        pos = g0 + m.end()
        hi = _clause_end(text, pos, g1)
        word = m["w"].lower().replace("’", "'")
        pron = PRONOUN_AFTER.match(text, pos)
        if pron:
            gender = pronoun_gender(pron["pron"])
            return Who(None, None, word, g0 + m.start("w"), hi, pronoun=True, gender=gender)
        who = art.subject_after(pos, hi, word, g0 + m.start("w"), True)
        if who is not None:
            who.strict = m.start() == 0 or not text[g0 : g0 + m.start()].strip(SPACE + ",")
            who.hi = hi
            return who
    # 6. "Selon X, …" at the start of the sentence.
    m = SOURCE_HEAD.match(head)
    if m is not None:
        pos = s + m.end()
        comma = text.find(",", pos, first.open)
        if comma > pos:
            word = m["w"].lower().replace("’", "'")
            pron = PRONOUN_AFTER.fullmatch(text, pos, comma)
            if pron:
                gender = pronoun_gender(pron["pron"])
                return Who(None, None, word, s, first.open, pronoun=True, gender=gender)
            who = art.subject_after(pos, comma, word, s, True)
            types = SPEAKER_TYPES if word != "pour" else (PER, ORG)
            if who is not None and (who.speaker is None or art.etype(who.speaker) in types):
                if who.speaker is not None or word != "pour":
                    who.lo, who.hi = s, first.open
                    return who
    # 7. A headline: "Xi Jinping : "…"".
    colon = COLON_END.search(head)
    if colon is not None:
        named = art.mention_ending_before(s, first.open - len(colon.group()))
        if named is not None and named.end == first.open - len(colon.group()):
            return Who(named.entity_id, named.surface, None, s, first.open)
        # 8. A colon after a clause: "Karim X, délégué syndical, est amer : « … »"; the
        # subject is the first name or role of the clause that no preposition governs.
        who = art.subject_after(skip_space(text, s), first.open - len(colon.group()), None, s)
        if who is not None and (who.speaker is not None or who.role is not None):
            who.lo, who.hi = s, first.open
            return who
    return None


# An indefinite spokesperson: "un porte-parole", "une responsable".
_UNNAMED_VOICE = re.compile(
    r"(?:un|une)\s+(?:porte-parole|responsable|représentante?|dirigeante?|cadre|membre)$",
    re.IGNORECASE,
)


def _opening_body(art: ArticleContext, s: int, hi: int) -> str | None:
    """The organisation a sentence opens on ("La SNCF, qui …", "L'Union européenne"), if the
    sentence starts with it, but for its article."""
    for m in art.mentions_in(s, hi):
        opening = art.text[s : m.start].strip(SPACE + '«"“').lower()
        if opening in ("", "le", "la", "les", "l'", "l’") and art.etype(m.entity_id) == ORG:
            return m.entity_id
        return None
    return None


def own_attributions(art: ArticleContext, group: list[QuoteSpan]) -> dict[int, Who]:
    """Quotations of one sentence that have their own speaker: "Libération salue « un choc »,
    quand Le Figaro regrette « une heure de trop »" (index in the group -> attribution)."""
    text = art.text
    out: dict[int, Who] = {}
    for k in range(1, len(group)):
        lo, hi = group[k - 1].close + 1, group[k].open
        for m in HEAD_VERB.finditer(text, lo, hi):
            who = art.subject_before(lo, m.start(), _verb_text(m))
            if who is not None and who.speaker is not None and not who.pronoun:
                if _between_ok(text, m.end(), hi):
                    who.lo, who.hi = lo, hi
                    out[k] = who
                    break
    return out


def whole_sentences(text: str, s: int, e: int, group: list[QuoteSpan]) -> bool:
    """Whether the quotations of a sentence [s, e) are all it says: « … » « … »."""
    pos = s
    for q in group:
        if text[pos : q.open].strip(SPACE + "\n.,;:!?…—–-"):
            return False
        pos = q.close + 1
    return not text[pos:e].strip(SPACE + "\n.,;:!?…—–-")


def _clause_end(text: str, pos: int, hi: int) -> int:
    """The end of the attribution clause: before ", selon …" or the sentence end."""
    m = SOURCE_AFTER.search(text, pos, hi)
    return m.start() if m else hi


def resolve_pronoun(
    art: ArticleContext, who: Who, history: list[tuple[int, Who]], prev_end: int, pos: int
) -> Who | None:
    """ "a-t-il ajouté": the last person seen reporting since the previous quotation, else
    the last person quoted (or the organisation quoted just before: "Elle assure que"), of
    the pronoun's gender when the text tells both."""
    text = art.text

    def fits(speaker: str | None) -> bool:
        if who.gender is None or speaker is None:
            return True
        return art.gender_of(speaker) in (None, who.gender)

    def taken(past: Who, date: PartialDate | None) -> Who:
        art.note_gender(past.speaker, who.gender)
        return Who(past.speaker, past.role, who.verb, who.lo, who.hi, strict=who.strict, date=date)

    # A reporting clause with a person subject between the previous quotation and this one:
    # "Xi Jinping a déclaré …" or, inverted, "…, rappelle le constitutionnaliste X".
    latest: Who | None = None
    for m in HEAD_VERB.finditer(text, prev_end, pos):
        lo = sentence_start(text, m.start())
        verb = _verb_text(m)
        subj = art.subject_before(max(lo, prev_end), m.start(), verb)
        inverted = text[max(prev_end, m.start() - 3) : m.start()].rstrip(SPACE).endswith(",")
        if inverted and (subj is None or (subj.speaker is None and not subj.pronoun)):
            subj = art.subject_after(m.end(), _clause_end(text, m.end(), pos), verb, m.start())
        if subj is not None and not subj.pronoun and _is_person(art, subj) and fits(subj.speaker):
            latest = subj
    if latest is not None:
        return taken(latest, art.day_in(who.lo, who.hi) or art.day_in(latest.lo, latest.hi))
    # A person who became the subject of a verb since the previous quotation ("Angela Merkel
    # est arrivée à Paris. "…", a-t-elle ajouté"), before anyone quoted earlier.
    i = bisect_left(art.starts, pos) - 1
    while i >= 0 and art.starts[i] >= prev_end:
        ment = art.mentions[i]
        if (
            ment.end <= pos
            and art.etype(ment.entity_id) == PER
            and SUBJECT_NEXT.match(text, ment.end)
        ):
            if fits(ment.entity_id):
                return Who(
                    ment.entity_id, ment.surface, who.verb, who.lo, who.hi, strict=who.strict
                )
        i -= 1
    # Failing all, the last person named since ("Rima X, institutrice, attend … « … »,
    # confie-t-elle"), when nobody quoted before fits.
    last_person: MentionLike | None = None
    for ment in reversed(art.mentions_in(prev_end, pos)):
        if art.etype(ment.entity_id) == PER and fits(ment.entity_id):
            last_person = ment
            break
    for k, (_p, past) in enumerate(reversed(history[-50:])):  # bounded: linear on any input
        # An organisation that spoke just before ("précise l'entreprise. Elle assure que"), not
        # a source ("selon Reuters"), which a pronoun does not take up.
        organisation = (
            k == 0
            and past.speaker is not None
            and who.gender is not None
            and past.verb not in ("selon", "d'après")
        )
        if (_is_person(art, past) or organisation) and fits(past.speaker):
            return taken(
                past, art.day_in(who.lo, who.hi) or past.date or art.day_in(past.lo, past.hi)
            )
    if last_person is not None:
        return Who(
            last_person.entity_id, last_person.surface, who.verb, who.lo, who.hi, strict=who.strict
        )
    return Who(None, None, who.verb, who.lo, who.hi, strict=who.strict)


def _is_person(art: ArticleContext, who: Who) -> bool:
    if who.speaker is not None:
        return art.etype(who.speaker) == PER
    if who.role is None:
        return False
    m = ROLE_START.match(who.role)
    return m is not None and fold(m["head"]) in PERSON_HEAD_KEYS


def inherit_twins(text: str, quotes: list[QuoteSpan]) -> None:
    """An unattributed quotation that repeats an attributed one (a subheading repeating the
    body, or an excerpt of it) takes its attribution."""
    exact: dict[str, Who] = {}
    attributed: list[tuple[int, str, Who]] = []  # (index, folded text, attribution)
    for k, q in enumerate(quotes):
        if q.who is not None:
            key = fold(text[q.start : q.end])
            exact.setdefault(key, q.who)
            attributed.append((k, key, q.who))
    if not attributed:
        return
    indexes = [a[0] for a in attributed]
    for k, q in enumerate(quotes):
        if q.who is not None:
            continue
        key = fold(text[q.start : q.end])
        who = exact.get(key)
        if who is None and word_count(key) >= 3:
            # An excerpt: look among the nearby attributed quotations only (linear time).
            at = bisect_left(indexes, k)
            for _k, other, cand in attributed[max(0, at - TWIN_WINDOW) : at + TWIN_WINDOW]:
                if key in other:
                    who = cand
                    break
        if who is not None:
            q.who = who
            q.term = False
