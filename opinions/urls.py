from django.urls import path, re_path

from opinions.views import (
    agreement,
    analysis,
    codebook,
    coding,
    entry,
    exports,
    imports,
    publication,
    reach,
    records,
    register_extract,
    suggestions,
    summaries,
)

staff_patterns = [
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/opinions/",
        records.event_opinions,
        name="event_opinions",
    ),
    path("opinions/<int:pk>/", records.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/correct/", records.opinion_correct, name="opinion_correct"),
    path("opinions/<int:pk>/delete/", records.opinion_delete, name="opinion_delete"),
    path("processes/<slug:slug>/import/", imports.opinion_import, name="opinion_import"),
    path("processes/<slug:slug>/import/<int:pk>/", imports.import_status, name="import_status"),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/template.xlsx",
        imports.event_template_download,
        name="event_template",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/entry/",
        entry.event_entry,
        name="event_entry",
    ),
    path("my-events/offline/", entry.offline_pages, name="offline_pages"),
]

publication_patterns = [
    path("register-extract/", register_extract.register_extract_page, name="register_extract"),
    path(
        "processes/<slug:slug>/publication/",
        publication.publication_review,
        name="publication_review",
    ),
    path(
        "processes/<slug:slug>/publication/<int:pk>/",
        publication.publication_decide,
        name="publication_decide",
    ),
    path(
        "processes/<slug:slug>/publication/approve-clean/",
        publication.publication_approve_clean,
        name="publication_approve_clean",
    ),
]

coding_patterns = [
    path("processes/<slug:slug>/codebook/", codebook.codebook, name="codebook"),
    path(
        "processes/<slug:slug>/codebook/<int:pk>/",
        codebook.category_edit,
        name="category_edit",
    ),
    path(
        "processes/<slug:slug>/codebook/import/",
        codebook.codebook_upload,
        name="codebook_import",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/codebook\.(?P<fmt>csv|qdc)$",
        codebook.codebook_export,
        name="codebook_export",
    ),
    path("processes/<slug:slug>/coding/", coding.coding_list, name="coding_list"),
    path(
        "processes/<slug:slug>/coding/<int:pk>/",
        coding.coding_opinion,
        name="coding_opinion",
    ),
    path("processes/<slug:slug>/coding/undo/", coding.coding_undo, name="coding_undo"),
    path(
        "processes/<slug:slug>/agreement/",
        agreement.coding_agreement,
        name="coding_agreement",
    ),
    path("processes/<slug:slug>/reconcile/", agreement.reconcile_list, name="reconcile_list"),
    path("processes/<slug:slug>/analysis/", analysis.analysis_page, name="analysis"),
    path("processes/<slug:slug>/duplicates/", analysis.duplicates_page, name="duplicates"),
    path("processes/<slug:slug>/reach/", reach.reach_page, name="reach"),
    path("processes/<slug:slug>/summaries/", summaries.summaries_page, name="summaries"),
    path(
        "processes/<slug:slug>/summaries/<int:pk>/",
        summaries.category_summary_page,
        name="category_summary",
    ),
    path(
        "processes/<slug:slug>/suggestions/",
        suggestions.suggestions_page,
        name="suggestions",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/export\.(?P<fmt>xlsx|csv|json|qdpx)$",
        exports.process_export,
        name="process_export",
    ),
    path(
        "processes/<slug:slug>/exports/<int:pk>/",
        exports.export_status,
        name="export_status",
    ),
    path(
        "processes/<slug:slug>/exports/<int:pk>/download/",
        exports.export_download,
        name="export_download",
    ),
    path(
        "processes/<slug:slug>/reconcile/<int:pk>/",
        agreement.reconcile_opinion,
        name="reconcile_opinion",
    ),
]
staff_patterns += coding_patterns
staff_patterns += publication_patterns
