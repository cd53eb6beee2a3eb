from django.urls import path

from dialogues import mandate, team, views

staff_patterns = [
    path("", views.staff_home, name="home"),
    path("processes/", views.process_list, name="process_list"),
    path("my-events/", views.my_events, name="my_events"),
    path("processes/new/", views.process_create, name="process_create"),
    path("processes/<slug:slug>/", views.process_detail, name="process_detail"),
    path("processes/<slug:slug>/edit/", views.process_edit, name="process_edit"),
    path("processes/<slug:slug>/rules/", views.process_rules, name="process_rules"),
    path("processes/<slug:slug>/areas/", views.process_areas, name="process_areas"),
    path("processes/<slug:slug>/team/", team.process_team, name="process_team"),
    path("processes/<slug:slug>/stage/", views.process_move, name="process_move"),
    path("processes/<slug:slug>/mandate/", mandate.mandate_edit, name="mandate_edit"),
    path("processes/<slug:slug>/questions/", views.question_list, name="question_list"),
    path("processes/<slug:slug>/questions/new/", views.question_create, name="question_create"),
    path(
        "processes/<slug:slug>/questions/approve/",
        views.questions_approve,
        name="questions_approve",
    ),
    path(
        "processes/<slug:slug>/questions/<int:pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "processes/<slug:slug>/questions/<int:pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "processes/<slug:slug>/questions/<int:pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("processes/<slug:slug>/events/", views.event_list, name="event_list"),
    path("processes/<slug:slug>/events/new/", views.event_create, name="event_create"),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/",
        views.event_detail,
        name="event_detail",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/edit/",
        views.event_edit,
        name="event_edit",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/sessions/new/",
        views.session_create,
        name="session_create",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/sessions/<int:pk>/edit/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "processes/<slug:slug>/events/<slug:event_slug>/report/",
        views.event_report,
        name="event_report",
    ),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("bodies/", mandate.body_list, name="body_list"),
    path("bodies/new/", mandate.body_create, name="body_create"),
    path("bodies/<int:pk>/edit/", mandate.body_edit, name="body_edit"),
]
