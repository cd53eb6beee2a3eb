from django.urls import path

from strategy import views

P = "processes/<slug:slug>/strategy/"

staff_patterns = [
    path(P, views.strategy_page, name="strategy"),
    path(P + "vision/", views.strategy_edit, name="strategy_edit"),
    path(P + "inputs/new/", views.policy_input_edit, name="policy_input_create"),
    path(P + "inputs/<int:pk>/", views.policy_input_edit, name="policy_input_edit"),
    path(P + "goals/new/", views.goal_edit, name="goal_create"),
    path(P + "goals/<int:pk>/", views.goal_edit, name="goal_edit"),
    path(P + "goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path(P + "targets/new/", views.target_edit, name="target_create"),
    path(P + "targets/<int:pk>/", views.target_edit, name="target_edit"),
    path(P + "targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path(P + "versions/", views.version_list, name="version_list"),
    path(P + "versions/compare/", views.version_compare, name="version_compare"),
    path(P + "versions/<int:number>/", views.version_detail, name="version_detail"),
    path(P + "versions/<int:number>/edit/", views.version_edit, name="version_edit"),
    path(P + "versions/<int:number>/status/", views.version_status, name="version_status"),
    path(P + "versions/<int:number>/comments/", views.comment_add, name="comment_add"),
    path(P + "comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path(P + "remiss/", views.consultation_list, name="consultation_list"),
    path(P + "remiss/new/", views.consultation_create, name="consultation_create"),
    path(P + "remiss/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path(P + "remiss/<int:pk>/responses/new/", views.response_create, name="response_create"),
    path(P + "remiss/<int:pk>/summary/", views.consultation_summary, name="consultation_summary"),
    path(
        P + "remiss/<int:pk>/summary.docx",
        views.consultation_summary_docx,
        name="consultation_summary_docx",
    ),
    path(P + "responses/<int:pk>/file/", views.response_file, name="response_file"),
    path(P + "responses/<int:pk>/points/", views.point_add, name="point_add"),
    path(P + "points/<int:pk>/", views.point_edit, name="point_edit"),
    path(P + "decision/", views.decision_record, name="decision"),
    path(P + "follow-up/", views.follow_up, name="follow_up"),
    path(P + "follow-up/targets/<int:pk>/", views.target_follow_up, name="target_follow_up"),
]
