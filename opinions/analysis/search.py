"""Full-text search over opinions: Swedish stems, "phrases" and prefix* queries on PostgreSQL;
plain matching of every word elsewhere (SQLite)."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TERM = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+")
MAX_TERMS = 12  # a search box is for a few words; more are left out, not tried
MAX_WORDS = 12  # in one quoted phrase
MAX_WORD = 60  # characters of one word


def terms(text: str) -> list[tuple[list[str], bool]]:
    """Each term of a query as (its words, whether the last is a prefix): a quoted phrase is
    one term of several words. Anything but letters and digits is dropped, so no operator of
    the query language can come in from the search box."""
    found = []
    for phrase, word in TERM.findall(text[:2000]):
        words = [w[:MAX_WORD] for w in WORD.findall(phrase or word)][:MAX_WORDS]
        if words:
            found.append((words, bool(word) and word.endswith("*")))
        if len(found) == MAX_TERMS:
            break
    return found


def search_filter(text: str, using: str = "default") -> Q:
    """A filter on opinions that every term of `text` matches."""
    found = terms(text)
    if not found:
        return Q()
    if connections[using].vendor == "postgresql":
        query = None
        for words, prefix in found:
            if len(words) > 1:  # phraseto_tsquery keeps the gaps that stop words leave
                term = SearchQuery(" ".join(words), search_type="phrase", config="swedish")
            elif prefix:
                term = SearchQuery(f"'{words[0]}':*", search_type="raw", config="swedish")
            else:
                term = SearchQuery(words[0], search_type="plain", config="swedish")
            query = term if query is None else query & term
        return Q(search_vector=query)
    condition = Q()
    for words, _prefix in found:
        condition &= Q(original_text__icontains=" ".join(words))
    return condition


SEARCH_HELP = {
    # to_tsvector('swedish', …): Snowball stems, whole words, stop words left out.
    "postgresql": _(
        "Words are found in several forms by their Swedish stem: buss finds bussar and bussen "
        "but not elbussar, and cykel does not find cyklar (cyk* finds both). “Quoted words” "
        "find those words in that order; buss* finds every word that starts with buss."
    ),
    # LIKE '%…%': any part of the text, case folded for a–z only.
    "sqlite": _(
        "Each word is found as it is written, also inside longer words: cyklar finds elcyklar, "
        "but cykel does not find cyklar (cyk finds both). “Quoted words” find those words next "
        "to each other; a * changes nothing. Capital and small letters count as the same, "
        "except å, ä and ö."
    ),
}


def search_help(vendor: str) -> str:
    """What a search does on this kind of database, for the help beside the search box."""
    return SEARCH_HELP.get(vendor, SEARCH_HELP["sqlite"])
