from django.urls import path

from opinions import views

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

public_patterns = [
    path("kvitto/<str:code>/", views.receipt, name="receipt"),
]
