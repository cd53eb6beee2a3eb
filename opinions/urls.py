from django.urls import path, re_path

from opinions import coding_views, publication_views, register_views, views

staff_patterns = [
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/opinions/",
        views.event_opinions,
        name="event_opinions",
    ),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/correct/", views.opinion_correct, name="opinion_correct"),
    path("opinions/<int:pk>/delete/", views.opinion_delete, name="opinion_delete"),
    path("processes/<slug:slug>/import/", views.opinion_import, name="opinion_import"),
    path("processes/<slug:slug>/import/<int:pk>/", views.import_status, name="import_status"),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/template.xlsx",
        views.event_template_download,
        name="event_template",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/entry/",
        views.event_entry,
        name="event_entry",
    ),
]

publication_patterns = [
    path("register-extract/", register_views.register_extract_page, name="register_extract"),
    path(
        "processes/<slug:slug>/publication/",
        publication_views.publication_review,
        name="publication_review",
    ),
    path(
        "processes/<slug:slug>/publication/<int:pk>/",
        publication_views.publication_decide,
        name="publication_decide",
    ),
    path(
        "processes/<slug:slug>/publication/approve-clean/",
        publication_views.publication_approve_clean,
        name="publication_approve_clean",
    ),
]

coding_patterns = [
    path("processes/<slug:slug>/codebook/", coding_views.codebook, name="codebook"),
    path(
        "processes/<slug:slug>/codebook/<int:pk>/",
        coding_views.category_edit,
        name="category_edit",
    ),
    path(
        "processes/<slug:slug>/codebook/import/",
        coding_views.codebook_upload,
        name="codebook_import",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/codebook\.(?P<fmt>csv|qdc)$",
        coding_views.codebook_export,
        name="codebook_export",
    ),
    path("processes/<slug:slug>/coding/", coding_views.coding_list, name="coding_list"),
    path(
        "processes/<slug:slug>/coding/<int:pk>/",
        coding_views.coding_opinion,
        name="coding_opinion",
    ),
    path("processes/<slug:slug>/coding/undo/", coding_views.coding_undo, name="coding_undo"),
    path(
        "processes/<slug:slug>/agreement/",
        coding_views.coding_agreement,
        name="coding_agreement",
    ),
    path("processes/<slug:slug>/reconcile/", coding_views.reconcile_list, name="reconcile_list"),
    path("processes/<slug:slug>/analysis/", coding_views.analysis_page, name="analysis"),
    path("processes/<slug:slug>/duplicates/", coding_views.duplicates_page, name="duplicates"),
    path("processes/<slug:slug>/reach/", coding_views.reach_page, name="reach"),
    path(
        "processes/<slug:slug>/suggestions/",
        coding_views.suggestions_page,
        name="suggestions",
    ),
    re_path(
        r"^processes/(?P<slug>[-\w]+)/export\.(?P<fmt>xlsx|csv|json|qdpx)$",
        coding_views.process_export,
        name="process_export",
    ),
    path(
        "processes/<slug:slug>/exports/<int:pk>/",
        coding_views.export_status,
        name="export_status",
    ),
    path(
        "processes/<slug:slug>/exports/<int:pk>/download/",
        coding_views.export_download,
        name="export_download",
    ),
    path(
        "processes/<slug:slug>/reconcile/<int:pk>/",
        coding_views.reconcile_opinion,
        name="reconcile_opinion",
    ),
]
staff_patterns += coding_patterns
staff_patterns += publication_patterns
