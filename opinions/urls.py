from django.urls import path

from opinions import views

staff_patterns = [
    path("processes/<slug:slug>/import/", views.opinion_import, name="opinion_import"),
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

public_patterns = [
    path("kvitto/<str:code>/", views.receipt, name="receipt"),
]
