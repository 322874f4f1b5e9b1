"""The surveys' URLs: the team's pages under the inspection, the respondent's under /survey/ (no sign-in)."""

from django.urls import path

from yjinspect.web.surveys import respond, views

urlpatterns = [
    path("inspections/<int:pk>/surveys/", views.surveys, name="surveys"),
    path("inspections/<int:pk>/surveys/open/", views.survey_open, name="survey_open"),
    path("inspections/<int:pk>/surveys/<int:survey_pk>/", views.survey_results, name="survey_results"),
    path("inspections/<int:pk>/surveys/<int:survey_pk>/invitations/", views.survey_invitations, name="survey_invitations"),
    path(
        "inspections/<int:pk>/surveys/<int:survey_pk>/invitations/add/",
        views.survey_invitations_add,
        name="survey_invitations_add",
    ),
    path("inspections/<int:pk>/surveys/<int:survey_pk>/paper/", views.survey_paper, name="survey_paper"),
    path("inspections/<int:pk>/surveys/<int:survey_pk>/paper/save/", views.survey_paper_save, name="survey_paper_save"),
    path("inspections/<int:pk>/surveys/<int:survey_pk>/responses.csv", views.survey_csv, name="survey_csv"),
    path("survey/", respond.survey_code, name="survey_code"),
    path("survey/thank-you/", respond.respond_thanks, name="respond_thanks"),
    path("survey/<str:code>/", respond.respond_start, name="respond_start"),
    path("survey/<str:code>/language/", respond.respond_language, name="respond_language"),
    path("survey/<str:code>/questions/<str:question_id>/", respond.respond_question, name="respond_question"),
    path("survey/<str:code>/questions/<str:question_id>/answer/", respond.respond_answer, name="respond_answer"),
    path("survey/<str:code>/check/", respond.respond_check, name="respond_check"),
    path("survey/<str:code>/word/", respond.respond_word, name="respond_word"),
    path("survey/<str:code>/restart/", respond.respond_restart, name="respond_restart"),
    path("survey/<str:code>/submit/", respond.respond_submit, name="respond_submit"),
]
