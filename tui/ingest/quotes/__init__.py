"""Quotations, who said them, and when.

``extract_quotes`` finds every quoted passage of an article and attributes it:

1. **Quote marks** are paired in one scan of the text (a single compiled regex over the
   marks and the newlines): « guillemets », “curly” and straight "quotes", with or without
   inner spaces, nested quotes (only the outer one is a quotation) and unbalanced marks. A
   quotation crosses a newline only when the paragraph ends a sentence and the next one
   reopens it with the same mark (French runs a quotation over paragraphs that way), so a
   missing closing mark costs one paragraph at most.
2. **Sentences** are cut around the quotations (never inside one): quotes of one sentence
   share its attribution ("the speaker clause after the last quote covers the sentence").
3. **Attribution**, first that applies, per sentence:
   - an incise after a quote: ``"…", a affirmé mardi Xi Jinping`` / ``a-t-il ajouté`` /
     ``ajoute-t-elle`` / ``estime le ministre``; its subject is the first name or role after
     the verb that is not governed by a preposition ("à Vladimir Poutine" is the addressee);
   - a reporting verb before the quote with its subject: ``Xi Jinping a souligné que "…"``,
     ``X a déclaré : "…"``, ``X a dénoncé "…"`` (only addressee phrases and adverbs may sit
     between the verb and ``que``);
   - a participial clause: ``Qualifiant … de "…", Vladimir Poutine a déclaré``;
   - for a longer quotation only, any reporting verb with a subject earlier in the sentence;
   - ``"…", selon X`` / ``Selon X, … "…"`` / ``Pour X, "…"`` / ``X : "…"``;
   - a colon after a clause: ``Karim X, délégué syndical, est amer : "…"``.
   Two quotations of one sentence with their own reporting clauses have their own speakers
   (``X salue "…", quand Y regrette "…"``). A sentence that is nothing but quotations, right
   after an attributed one, goes on with its speaker (``"…", a-t-il dit. "…"``, or a new
   paragraph that opens with a quote mark).
   Pronouns (``a-t-il ajouté``, ``Il a déclaré que``, ``Elle assure que``) take the person who
   became a subject since the previous attributed sentence, else the last person quoted (or
   the organisation quoted just before), of the pronoun's gender when the text tells it
   (``Mme``, ``la ministre``, ``a-t-elle``). Roles ("le président chinois") are resolved
   through the appositions of the article ("le président chinois Xi Jinping", "le ministre
   russe des Affaires étrangères, Sergueï Lavrov", "Claire X, ministre de la Culture,"), "son
   homologue chinois Wang Yi", offices ("la cheffe du gouvernement" = "la Première
   ministre"), the only holder of the same head ("l'attaquant"), and at last the person the
   article names most; "l'entreprise", "le club" speak for the organisation named before.
4. A quote of at most ``TERM_MAX_WORDS`` words with no attribution is a **term** (scare quotes:
   une "alliance"); a quote repeated without attribution (a subheading that repeats the
   body) takes the attribution of its attributed twin.

Modules: ``lexicon`` (the words of attribution and the patterns compiled from them),
``marks`` (pairing quote marks), ``roles`` (the article as attribution sees it: mentions,
roles, genders, subjects), ``attribution`` (the rules above, sentence by sentence).

Everything is a pure function of one article; nothing here imports textual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui.ingest.french import REPORTING_VERBS, fold
from tui.ingest.quotes.attribution import (
    TWIN_WINDOW,
    attribute_sentence,
    group_by_sentence,
    inherit_twins,
    own_attributions,
    resolve_pronoun,
    whole_sentences,
)
from tui.ingest.quotes.lexicon import (
    ROLE_START,
    SPACE,
)
from tui.ingest.quotes.marks import pair_quote_marks
from tui.ingest.quotes.roles import (
    ArticleContext,
    MentionLike,
    QuoteSpan,
    Spot,
    Who,
    role_key,
    sentence_start,
    word_count,
)
from tui.model import Entity, PartialDate, Quote, TimeRef

# The characters that open or close a quotation: a text with none has no quotation.
QUOTE_MARKS = '"«“”„'
# A quote of at most this many words with no attribution is a term (scare quotes).
TERM_MAX_WORDS = 3
# Attribution from "any reporting verb earlier in the sentence" (no "que" needed) only for
# quotations at least this long: a word or two in quotes is too often the narrator's own.
LENIENT_MIN_WORDS = 4


def extract_quotes(
    text: str,
    article_id: str,
    mentions: Sequence[MentionLike],
    entities: Mapping[str, Entity],
    published: PartialDate | None = None,
    timerefs: Sequence[TimeRef] = (),
    sentences: Sequence[tuple[int, int]] = (),
    *,
    roles: Mapping[str, str] | None = None,
) -> list[Quote]:
    """Every quotation of one article, in text order, with its speaker when the text says.

    ``mentions`` are this article's entity mentions; ``entities`` maps their ids to entities
    (the type decides who can speak). ``timerefs`` give the day of the speech when the
    attribution names it ("a affirmé mardi"); otherwise the quote is dated ``published``.
    ``roles`` optionally maps role keys (see ``role_key``) to entity ids known from elsewhere
    (other articles), used when the article itself does not tie a role to a name.
    ``sentences`` is accepted for symmetry with the other extractors; quotations are
    segmented here, around the quote marks, because sentence splitters cut inside them.
    """
    del sentences
    if not any(c in text for c in QUOTE_MARKS):
        return []
    pairs = pair_quote_marks(text)
    if not pairs:
        return []
    art = ArticleContext(text, mentions, entities, timerefs, roles)
    quotes: list[QuoteSpan] = []
    for o, c in pairs:
        s, e = o + 1, c
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            quotes.append(QuoteSpan(o, c, s, e))
    if not quotes:
        return []

    history: list[tuple[int, Who]] = []  # attributed quotations, in order
    last: tuple[int, Who] | None = None  # the end of the previous sentence, if attributed
    prev_end = 0
    i = 0
    n = len(text)
    while i < len(quotes):
        p0 = text.rfind("\n", 0, quotes[i].open) + 1
        p1 = text.find("\n", quotes[i].close)
        if p1 < 0:
            p1 = n
        j = i
        while j < len(quotes) and quotes[j].open < p1:
            j += 1
        for s, e, group in group_by_sentence(text, quotes[i:j], p0, p1):
            who = attribute_sentence(art, s, e, group)
            if who is None and s == p0 and whole_sentences(text, s, e, group):
                # "elle confiait à La Provence :" closing the paragraph before the quotation
                colon = text[:s].rstrip(SPACE + "\n")
                if colon.endswith(":"):
                    who = attribute_sentence(art, sentence_start(text, len(colon) - 1), e, group)
            if who is not None and who.pronoun:
                who = resolve_pronoun(art, who, history, prev_end, group[0].open)
            if who is not None and who.speaker is None and who.role is None and not who.verb:
                who = None
            if who is None and last is not None and whole_sentences(text, s, e, group):
                # A quotation that goes on: « … », a-t-il dit. « … » (or a new paragraph that
                # opens with «): nothing but quotations since the attributed one.
                between = text[last[0] : group[0].open]
                ends = text[group[-1].start : group[-1].end].rstrip(SPACE)[-1:] in ".!?…"
                if not between.strip(SPACE + "\n") and ("\n" not in between or ends):
                    who = last[1]  # a new paragraph goes on a quotation, a subheading does not
            own = own_attributions(art, group) if len(group) > 1 else {}
            for k, q in enumerate(group):
                q.who = own.get(k, who)
                words = word_count(text[q.start : q.end])
                if q.who is not None and not q.who.strict and words < LENIENT_MIN_WORDS:
                    q.who = None
                q.term = q.who is None and words <= TERM_MAX_WORDS
            who = own.get(len(group) - 1, who)  # the last speaker of the sentence
            if who is not None:
                history.append((group[0].open, who))
            last = (e, who) if who is not None else None
            if who is not None:
                # What follows is read for a pronoun's antecedent from the end of this
                # sentence: its own incise ("», a précisé X.") is not a new speaker. An
                # unattributed sentence stays readable ("X, lui, préférait « … »").
                end = e if e < p1 else p1  # (conditionals: max() and min() cost more)
                prev_end = group[-1].close + 1 if group[-1].close + 1 > end else end
        i = j

    attributed = {k for k, q in enumerate(quotes) if q.who is not None}
    inherit_twins(text, quotes)
    also = _repeated_places(text, quotes, attributed)
    out = []
    for k, q in enumerate(quotes):
        places = also.get(k)
        if places is not None and not places:
            continue  # a further place of a quotation already listed
        who = q.who
        date = published
        if who is not None:
            date = who.date or art.day_in(who.lo, who.hi) or published
        role = who.role if who else None
        if role and role[:1].isupper() and ROLE_START.match(role) is not None:
            role = role[0].lower() + role[1:]  # "Le ministre …" at a sentence start
        out.append(
            Quote(
                article_id=article_id,
                start=q.start,
                end=q.end,
                text=text[q.start : q.end],
                speaker=who.speaker if who else None,
                speaker_role=role,
                verb=who.verb if who else None,
                date=date,
                is_term=q.term,
                also=tuple(places or ()),
            )
        )
    return out


def _repeated_places(
    text: str, quotes: Sequence[QuoteSpan], own: set[int]
) -> dict[int, list[tuple[int, int]]]:
    """The quotations said again in the article: index of the row -> the other places, and
    index of a further place -> []. A repeat is the same words (folded) of the same speaker (a
    term repeats a term), or an excerpt of at least ``TERM_MAX_WORDS + 1`` words of a quotation of the same speaker
    (a subheading). The row is the place attributed on its own (``own``: the body, not the
    subheading that repeats it), else the first."""
    if len(quotes) < 2:
        return {}
    keys = [fold(text[q.start : q.end]) for q in quotes]
    groups: dict[tuple[str, bool, str | None], list[int]] = {}
    for k, q in enumerate(quotes):
        speaker = q.who.speaker if q.who is not None else None
        groups.setdefault((keys[k], q.term, speaker), []).append(k)
    out: dict[int, list[tuple[int, int]]] = {}
    rows = set()
    for members in groups.values():
        row = next((k for k in members if k in own), members[0])
        rows.add(row)
        if len(members) > 1:
            out[row] = [(quotes[k].start, quotes[k].end) for k in members if k != row]
            out.update((k, []) for k in members if k != row)
    for k, q in enumerate(quotes):
        if k in own or q.term or out.get(k) == [] or word_count(keys[k]) <= TERM_MAX_WORDS:
            continue
        # an excerpt of a longer quotation of the same speaker, before or after it
        into = next(
            (
                j
                for j in range(max(0, k - TWIN_WINDOW), min(len(quotes), k + TWIN_WINDOW))
                if j in rows
                and j != k
                and not quotes[j].term
                and len(keys[j]) > len(keys[k])
                and keys[k] in keys[j]
                and quotes[j].who == q.who
            ),
            None,
        )
        if into is not None:
            places = out.setdefault(into, [])
            places.append((q.start, q.end))
            places.extend(out.get(k) or ())  # the places gathered on the excerpt
            places.sort()
            out[k] = []
    return out


def article_roles(
    text: str, mentions: Sequence[MentionLike], entities: Mapping[str, Entity]
) -> dict[str, str]:
    """The roles this article ties to people ("president chinois" -> "xi-jinping").

    For a corpus-wide fallback: the roles of other articles can be passed to
    ``extract_quotes(roles=...)`` when an article names a role but never the person.
    """
    art = ArticleContext(text, mentions, entities, (), None)
    return {key: holders[-1][1] for key, holders in art.roles.items()}


__all__ = [
    "QUOTE_MARKS",
    "REPORTING_VERBS",
    "TERM_MAX_WORDS",
    "MentionLike",
    "Spot",
    "article_roles",
    "extract_quotes",
    "pair_quote_marks",
    "role_key",
]
