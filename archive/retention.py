"""The retention rule of each record class in an e-archive package, as the municipality's
records management plan (informationshanteringsplan) states it.

The defaults are what Swedish municipal plans commonly say of a dialogue's records: what the
council's decision rests on is preserved (bevaras). A municipality whose plan says otherwise
sets `ARCHIVE_RECORDS_PLAN` in the settings, a mapping from a record class below to its rule
in the plan's own words; the rule for opinions is taken from the site profile's "how long
opinions are kept" when that is filled in. Contacts for feedback are a class of their own so
that the package says, in the plan's words, why they are not in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

PRESERVED = "Bevaras."
LAW = "Arkivlagen (1990:782) 3 och 10 §§; offentlighets- och sekretesslagen (2009:400)"


@dataclass(frozen=True)
class RecordClass:
    code: str
    name_sv: str
    name_en: str
    rule: str
    delivered: bool = True


DEFAULT_PLAN = [
    RecordClass(
        "opinions",
        "Synpunkter från dialogen, som registrerade",
        "Opinions as registered",
        PRESERVED,
    ),
    RecordClass(
        "respondents",
        "Deltagarprofiler (utan kontaktuppgifter)",
        "Respondent profiles (no contact details)",
        PRESERVED,
    ),
    RecordClass(
        "events", "Dialogtillfällen och frågor", "Dialogue events and guiding questions", PRESERVED
    ),
    RecordClass("coding", "Kategorier (kodbok) och kodning", "Codebook and coding", PRESERVED),
    RecordClass(
        "strategy",
        "Strategins versioner, mål och målvärden",
        "Strategy versions, goals and targets",
        PRESERVED,
    ),
    RecordClass(
        "consultation",
        "Remissvar, remissammanställning och ställningstaganden",
        "Consultation responses, summary and dispositions",
        PRESERVED,
    ),
    RecordClass("decision", "Beslut (protokollsutdrag)", "Decision (minute extract)", PRESERVED),
    RecordClass(
        "feedback",
        "Återkoppling till deltagare (broschyr)",
        "Feedback to participants (brochure)",
        "Bevaras, ett exemplar.",
    ),
    RecordClass(
        "feedback_contacts",
        "Kontaktuppgifter för återkoppling",
        "Contacts for feedback",
        "Gallras när återkopplingen är lämnad, senast på det datum som angavs vid samtycket. "
        "Levereras inte till e-arkivet.",
        delivered=False,
    ),
]


def records_plan() -> list[RecordClass]:
    """Every record class with its rule: the settings' plan over the defaults, and the site
    profile's words for opinions."""
    from public.site import current

    plan = dict(getattr(settings, "ARCHIVE_RECORDS_PLAN", {}))
    opinions_rule = current().records_retention.strip()
    if opinions_rule and "opinions" not in plan:
        plan["opinions"] = opinions_rule
    return [
        RecordClass(c.code, c.name_sv, c.name_en, plan.get(c.code, c.rule), c.delivered)
        for c in DEFAULT_PLAN
    ]
