from django.urls import path

from strategy.views import consultation, decision, drafts, follow_up, strategy

P = "processes/<slug:slug>/strategy/"

staff_patterns = [
    path(P, strategy.strategy_page, name="strategy"),
    path(P + "vision/", strategy.strategy_edit, name="strategy_edit"),
    path(P + "inputs/new/", strategy.policy_input_edit, name="policy_input_create"),
    path(P + "inputs/<int:pk>/", strategy.policy_input_edit, name="policy_input_edit"),
    path(P + "goals/new/", strategy.goal_edit, name="goal_create"),
    path(P + "goals/<int:pk>/", strategy.goal_edit, name="goal_edit"),
    path(P + "goals/<int:pk>/delete/", strategy.goal_delete, name="goal_delete"),
    path(P + "targets/new/", strategy.target_edit, name="target_create"),
    path(P + "targets/<int:pk>/", strategy.target_edit, name="target_edit"),
    path(P + "targets/<int:pk>/delete/", strategy.target_delete, name="target_delete"),
    path(P + "versions/", drafts.version_list, name="version_list"),
    path(P + "versions/compare/", drafts.version_compare, name="version_compare"),
    path(P + "versions/<int:number>/", drafts.version_detail, name="version_detail"),
    path(P + "versions/<int:number>/edit/", drafts.version_edit, name="version_edit"),
    path(P + "versions/<int:number>/status/", drafts.version_status, name="version_status"),
    path(P + "versions/<int:number>/comments/", drafts.comment_add, name="comment_add"),
    path(P + "comments/<int:pk>/resolve/", drafts.comment_resolve, name="comment_resolve"),
    path(P + "remiss/", consultation.consultation_list, name="consultation_list"),
    path(P + "remiss/new/", consultation.consultation_create, name="consultation_create"),
    path(P + "remiss/<int:pk>/", consultation.consultation_detail, name="consultation_detail"),
    path(
        P + "remiss/<int:pk>/responses/new/", consultation.response_create, name="response_create"
    ),
    path(
        P + "remiss/<int:pk>/summary/",
        consultation.consultation_summary,
        name="consultation_summary",
    ),
    path(
        P + "remiss/<int:pk>/summary.docx",
        consultation.consultation_summary_docx,
        name="consultation_summary_docx",
    ),
    path(P + "responses/<int:pk>/file/", consultation.response_file, name="response_file"),
    path(P + "responses/<int:pk>/points/", consultation.point_add, name="point_add"),
    path(P + "points/<int:pk>/", consultation.point_edit, name="point_edit"),
    path(P + "decision/", decision.decision_record, name="decision"),
    path(P + "follow-up/", follow_up.follow_up, name="follow_up"),
    path(P + "follow-up/targets/<int:pk>/", follow_up.target_follow_up, name="target_follow_up"),
]
