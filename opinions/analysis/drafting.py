"""Draft summaries by a language model at an OpenAI-compatible endpoint, and the check that
every sentence of a summary cites opinions of its own category.

Off unless the municipality sets `SUMMARY_MODEL_URL` and `SUMMARY_MODEL_NAME` (and, if the
endpoint asks for one, `SUMMARY_MODEL_KEY`). Only texts the public may read are sent: the
published text of an approved opinion, or else the text with everything the personal-data
screen finds taken out. A draft is only a draft: a person edits and accepts it."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from opinions.analysis.screening import places_of, redact, screen
from opinions.models import Category, Opinion

SENT = 40  # opinions sent at most, the most representative first
CITATION = re.compile(r"\[\s*#?\d+(?:\s*[,;]\s*#?\d+)*\s*\]")
# A sentence ends at . ! or ? (or after its citation), before the next one's first letter.
SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+(?=[^\s\[])")


class DraftError(Exception):
    """Why no draft came: said so that a strategist knows what to do."""


@dataclass(frozen=True)
class Endpoint:
    url: str  # the base address, up to and with /v1
    model: str
    key: str
    timeout: int


@dataclass(frozen=True)
class Draft:
    text: str
    model: str
    drafted_at: object  # datetime


def endpoint() -> Endpoint | None:
    """The configured endpoint, or None: then nothing is ever sent."""
    url, model = settings.SUMMARY_MODEL_URL.strip(), settings.SUMMARY_MODEL_NAME.strip()
    if not url or not model:
        return None
    return Endpoint(
        url.rstrip("/"), model, settings.SUMMARY_MODEL_KEY, settings.SUMMARY_MODEL_TIMEOUT
    )


def sendable(process, ids: list[int]) -> list[tuple[int, str]]:
    """The texts that may leave the municipality, in the order of `ids`: the published text of
    an approved opinion, otherwise the registered text with every screen hit taken out."""
    places = places_of(process)
    rows = Opinion.objects.filter(pk__in=ids).in_bulk()
    texts = []
    for pk in ids:
        opinion = rows.get(pk)
        if opinion is None:
            continue
        if opinion.publication == Opinion.Publication.APPROVED and opinion.published_text:
            text = opinion.published_text
        else:
            text = redact(opinion.original_text, screen(opinion.original_text, places))
        texts.append((pk, " ".join(text.split())))
    return texts


def cited(text: str) -> list[list[int]]:
    """Each sentence's cited opinion ids (an empty list: a sentence without a source)."""
    sentences = []
    for piece in SENTENCE_END.split(text.strip()):
        if not piece.strip():
            continue
        ids = [int(n) for found in CITATION.findall(piece) for n in re.findall(r"\d+", found)]
        if sentences and not CITATION.sub("", piece).strip(" .!?"):
            sentences[-1].extend(ids)  # a citation set after the full stop
        else:
            sentences.append(ids)
    return sentences


def citation_problems(text: str, category: Category, allowed: set[int]) -> list[str]:
    """What is wrong with the summary's sources: a sentence citing nothing, or an opinion that
    is not in the category (empty when every sentence rests on the category's own opinions)."""
    sentences = cited(text)
    if not sentences:
        return [_("The summary is empty.")]
    problems = []
    missing = sum(1 for ids in sentences if not ids)
    if missing:
        problems.append(
            _("%(n)d sentences cite no opinion; end each with its sources, such as [12, 31].")
            % {"n": missing}
        )
    outside = sorted({pk for ids in sentences for pk in ids} - allowed)
    if outside:
        problems.append(
            _("Opinions %(ids)s are not in %(category)s, so they cannot be its sources.")
            % {"ids": ", ".join(map(str, outside)), "category": category.name}
        )
    return problems


def _messages(category: Category, texts: list[tuple[int, str]]) -> list[dict]:
    opinions = "\n".join(f"[{pk}] {text}" for pk, text in texts)
    return [
        {
            "role": "system",
            "content": (
                "You summarise what residents said in a municipality's citizen dialogue, for "
                "the officials who write the strategy. Write three to six plain sentences in "
                "Swedish. End every sentence with the ids of the opinions it rests on in "
                "square brackets, such as [12, 31]. Cite only ids from the list. Add nothing "
                "the opinions do not say."
            ),
        },
        {"role": "user", "content": f"Category: {category.name}\n\nOpinions:\n{opinions}"},
    ]


def request_draft(where: Endpoint, category: Category, texts: list[tuple[int, str]]) -> Draft:
    """Ask the endpoint's chat completions for a draft (POST {url}/chat/completions)."""
    body = json.dumps(
        {"model": where.model, "messages": _messages(category, texts), "temperature": 0.2}
    ).encode()
    headers = {"Content-Type": "application/json"}
    if where.key:
        headers["Authorization"] = f"Bearer {where.key}"
    if not where.url.startswith(("https://", "http://")):
        raise DraftError(_("The language model's address must start with https://."))
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        f"{where.url}/chat/completions", data=body, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=where.timeout) as response:  # noqa: S310
            answer = json.loads(response.read().decode())
        content = answer["choices"][0]["message"]["content"]
        if "\x00" in content:  # JSON may carry it; text in PostgreSQL cannot
            raise ValueError("a null character")
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DraftError(
            _("The language model did not answer (%(error)s). Try again later.") % {"error": error}
        ) from error
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise DraftError(_("The language model's answer could not be read.")) from error
    return Draft(str(content).strip(), where.model, timezone.now())
