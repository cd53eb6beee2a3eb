from django.urls import path

from public import online, privacy, site, views

public_patterns = [
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("personuppgifter/", privacy.privacy, name="privacy"),
    path("kvitto/", views.receipt_lookup, name="receipt_lookup"),
    path("kvitto/<str:code>/", views.receipt, name="receipt"),
    path("dialog/<slug:slug>/", views.process_page, name="process"),
    path("dialog/<slug:slug>/personuppgifter/", privacy.process_privacy, name="process_privacy"),
    path("dialog/<slug:slug>/tyck-till/<slug:event_slug>/", online.online_form, name="online"),
    path("dialog/<slug:slug>/events.ics", views.events_ics, name="events_ics"),
    path("dialog/<slug:slug>/vad-ni-sa/", views.results, name="results"),
    path("dialog/<slug:slug>/vad-vi-gjorde/", views.outcome_page, name="outcome"),
    path("dialog/<slug:slug>/broschyr/", views.brochure_page, name="brochure"),
    path("dialog/<slug:slug>/broschyr.pdf", views.brochure_pdf, name="brochure_pdf"),
    path("dialog/<slug:slug>/oppna-data/", views.open_data, name="open_data"),
    path(
        "dialog/<slug:slug>/oppna-data/<str:name>.<str:fmt>",
        views.open_data_file,
        name="open_data_file",
    ),
]

staff_patterns = [
    path("site/", site.site_profile_page, name="site_profile"),
]
