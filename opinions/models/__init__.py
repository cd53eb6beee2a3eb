"""The opinions app's models, by sub-domain; every name is re-exported here, so that
`from opinions.models import Opinion` reads the same wherever a model lives."""

from opinions.models.coding import (
    Category,
    CodebookAction,
    CodebookChange,
    Coding,
    CodingAction,
    CodingChange,
    CodingSample,
    FinalCoding,
    Memo,
    Reconciliation,
)
from opinions.models.exports import ExportRun, ExportRunStatus
from opinions.models.figures import KeptFigures
from opinions.models.imports import ImportRun, ImportRunStatus, OpinionImport
from opinions.models.privacy import RegisterExtract, RetentionLog, RetentionRule
from opinions.models.reach import PopulationDimension, PopulationFigure
from opinions.models.records import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Opinion,
    OpinionPublication,
    OpinionSource,
    OpinionStatus,
    OpinionVersion,
    Respondent,
    RespondentAgeBand,
    RespondentContact,
    RespondentGender,
    RespondentRole,
    new_receipt_code,
)
from opinions.models.suggestions import (
    Suggestion,
    SuggestionDecision,
    SuggestionModel,
    SuggestionModelStatus,
)
from opinions.models.summaries import CategorySummary

__all__ = [
    "RECEIPT_ALPHABET",
    "RECEIPT_LENGTH",
    "Category",
    "CategorySummary",
    "CodebookAction",
    "CodebookChange",
    "Coding",
    "CodingAction",
    "CodingChange",
    "CodingSample",
    "ExportRun",
    "ExportRunStatus",
    "FinalCoding",
    "ImportRun",
    "ImportRunStatus",
    "KeptFigures",
    "Memo",
    "Opinion",
    "OpinionImport",
    "OpinionPublication",
    "OpinionSource",
    "OpinionStatus",
    "OpinionVersion",
    "PopulationDimension",
    "PopulationFigure",
    "Reconciliation",
    "RegisterExtract",
    "Respondent",
    "RespondentAgeBand",
    "RespondentContact",
    "RespondentGender",
    "RespondentRole",
    "RetentionLog",
    "RetentionRule",
    "Suggestion",
    "SuggestionDecision",
    "SuggestionModel",
    "SuggestionModelStatus",
    "new_receipt_code",
]
