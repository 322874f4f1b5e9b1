"""URLs: sign-in, the inspection pages, and the public pages.

One URL per action: a page's URL only shows it (GET); each thing a person can do there posts to its own URL.
"""

from django.contrib import admin
from django.urls import path

from yjinspect.web import public
from yjinspect.web.accounts import views as accounts
from yjinspect.web.inspections import case_views, ratings_views, report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", accounts.sign_in, name="login"),
    path("sign-in/code/", accounts.sign_in_code, name="sign_in_code"),
    path("sign-out/", accounts.sign_out, name="logout"),
    path("account/two-factor/", accounts.two_factor, name="two_factor"),
    path("account/two-factor/confirm/", accounts.two_factor_confirm, name="two_factor_confirm"),
    path("account/two-factor/restart/", accounts.two_factor_restart, name="two_factor_restart"),
    path("account/password/", accounts.change_password, name="change_password"),
    path("admin/", admin.site.urls),
    path("inspections/new/", views.create, name="create_inspection"),
    path("inspections/import/", views.import_bundle, name="import_bundle"),
    path("inspections/<int:pk>/", views.overview, name="overview"),
    path("inspections/<int:pk>/team/", views.team, name="team"),
    path("inspections/<int:pk>/team/add/", views.team_member_add, name="team_member_add"),
    path("inspections/<int:pk>/team/<int:member_pk>/role/", views.team_member_role_change, name="team_member_role_change"),
    path("inspections/<int:pk>/team/<int:member_pk>/remove/", views.team_member_remove, name="team_member_remove"),
    path("inspections/<int:pk>/data-return/", views.data_return, name="data_return"),
    path("inspections/<int:pk>/data-return/caseload/", views.caseload_upload, name="caseload_upload"),
    path("inspections/<int:pk>/data-return/facts/", views.facts_save, name="facts_save"),
    path("inspections/<int:pk>/sample/", views.sample, name="sample"),
    path("inspections/<int:pk>/sample/draw/", views.sample_draw, name="sample_draw"),
    path("inspections/<int:pk>/sample/confirm/", views.sample_confirm, name="sample_confirm"),
    path("inspections/<int:pk>/sample/cases/<int:case_pk>/replace/", views.case_replace, name="case_replace"),
    path("inspections/<int:pk>/allocation/", views.allocation, name="allocation"),
    path("inspections/<int:pk>/allocation/save/", views.allocation_save, name="allocation_save"),
    path("inspections/<int:pk>/allocation/evenly/", views.allocation_evenly, name="allocation_evenly"),
    path("inspections/<int:pk>/cases/", case_views.cases, name="cases"),
    path("inspections/<int:pk>/cases/add/", case_views.case_add, name="case_add"),
    path("inspections/<int:pk>/cases/accept/", case_views.cases_accept, name="cases_accept"),
    path("inspections/<int:pk>/ratings/", ratings_views.ratings, name="ratings"),
    path("inspections/<int:pk>/ratings/team/", ratings_views.team_rating_save, name="team_rating_save"),
    path("inspections/<int:pk>/ratings/panel/", ratings_views.panel_decision_record, name="panel_decision_record"),
    path("inspections/<int:pk>/ratings/panel/withdraw/", ratings_views.panel_decision_withdraw, name="panel_decision_withdraw"),
    path("inspections/<int:pk>/history/", views.history, name="history"),
    path("inspections/<int:pk>/export/", views.export_bundle, name="export_bundle"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("cases/<int:pk>/save/", case_views.case_save, name="case_save"),
    path("cases/<int:pk>/autosave/", case_views.case_autosave, name="case_autosave"),
    path("cases/<int:pk>/complete/", case_views.case_complete, name="case_complete"),
    path("cases/<int:pk>/review/", case_views.case_review, name="case_review"),
    path("inspections/<int:pk>/report/", report_views.report, name="report"),
    path("inspections/<int:pk>/report/narrative/", report_views.narrative_save, name="narrative_save"),
    path("inspections/<int:pk>/report/narrative/autosave/", report_views.narrative_autosave, name="narrative_autosave"),
    path("inspections/<int:pk>/report/share/", report_views.draft_share, name="draft_share"),
    path(
        "inspections/<int:pk>/report/comments/<int:comment_pk>/resolve/",
        report_views.comment_resolve,
        name="comment_resolve",
    ),
    path("inspections/<int:pk>/report/publish/", report_views.report_publish, name="report_publish"),
    path("inspections/<int:pk>/report/intervals/", report_views.intervals_table_save, name="intervals_table_save"),
    path("inspections/<int:pk>/report/preview/", report_views.report_preview, name="report_preview"),
    path("inspections/<int:pk>/draft/", report_views.draft, name="draft"),
    path("inspections/<int:pk>/draft/comments/", report_views.draft_comment_add, name="draft_comment_add"),
    path("inspections/<int:pk>/draft/document/", report_views.draft_document, name="draft_document"),
    path("published/", public.published, name="published"),
    path("published/results.csv", public.results_csv, name="results_csv"),
    path("published/import/", public.import_results, name="import_results"),
    path("published/import/report/", public.import_report, name="import_report"),
    path("published/import/ratings/", public.import_ratings, name="import_ratings"),
    path("published/<int:pk>/", report_views.published_report, name="published_report"),
    path("published/<int:pk>/report.<str:file_format>", report_views.published_report, name="published_file"),
]
