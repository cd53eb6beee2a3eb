"""The strategy app's models, by sub-domain; every name is re-exported here."""

from strategy.models.consultation import (
    Consultation,
    Consultee,
    ConsulteeKind,
    Response,
    ResponsePoint,
    ResponsePointDisposition,
    ResponsePosition,
)
from strategy.models.decision import (
    APPEAL_PERIOD,
    Decision,
)
from strategy.models.drafts import (
    DraftVersion,
    DraftVersionStatus,
    ReviewComment,
)
from strategy.models.strategy import (
    Assessment,
    AssessmentVerdict,
    Comparison,
    Goal,
    Measurement,
    MeasurementGender,
    PolicyInput,
    PolicyInputKind,
    Strategy,
    Target,
    TargetDirection,
    TargetSourceKind,
)

__all__ = [
    "APPEAL_PERIOD",
    "Assessment",
    "AssessmentVerdict",
    "Comparison",
    "Consultation",
    "Consultee",
    "ConsulteeKind",
    "Decision",
    "DraftVersion",
    "DraftVersionStatus",
    "Goal",
    "Measurement",
    "MeasurementGender",
    "PolicyInput",
    "PolicyInputKind",
    "Response",
    "ResponsePoint",
    "ResponsePointDisposition",
    "ResponsePosition",
    "ReviewComment",
    "Strategy",
    "Target",
    "TargetDirection",
    "TargetSourceKind",
]
