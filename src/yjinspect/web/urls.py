"""URLs: sign-in, the inspection pages, and the public pages."""

from django.contrib import admin
from django.urls import path

from yjinspect.web import public
from yjinspect.web.accounts import views as accounts
from yjinspect.web.inspections import report_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", accounts.sign_in, name="login"),
    path("sign-in/code/", accounts.sign_in_code, name="sign_in_code"),
    path("sign-out/", accounts.sign_out, name="logout"),
    path("account/two-factor/", accounts.two_factor, name="two_factor"),
    path("account/password/", accounts.change_password, name="change_password"),
    path("admin/", admin.site.urls),
    path("inspections/new/", views.create, name="create_inspection"),
    path("inspections/import/", views.import_bundle, name="import_bundle"),
    path("inspections/<int:pk>/", views.overview, name="overview"),
    path("inspections/<int:pk>/team/", views.team, name="team"),
    path("inspections/<int:pk>/data-return/", views.data_return, name="data_return"),
    path("inspections/<int:pk>/sample/", views.sample, name="sample"),
    path("inspections/<int:pk>/allocation/", views.allocation, name="allocation"),
    path("inspections/<int:pk>/cases/", views.cases, name="cases"),
    path("inspections/<int:pk>/ratings/", views.ratings, name="ratings"),
    path("inspections/<int:pk>/history/", views.history, name="history"),
    path("inspections/<int:pk>/export/", views.export_bundle, name="export_bundle"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/autosave/", views.case_autosave, name="case_autosave"),
    path("cases/<int:pk>/complete/", views.case_complete, name="case_complete"),
    path("cases/<int:pk>/review/", views.case_review, name="case_review"),
    path("inspections/<int:pk>/report/", report_views.report, name="report"),
    path("inspections/<int:pk>/report/preview/", report_views.report_preview, name="report_preview"),
    path("inspections/<int:pk>/draft/", report_views.draft, name="draft"),
    path("inspections/<int:pk>/draft/document/", report_views.draft_document, name="draft_document"),
    path("published/", public.published, name="published"),
    path("published/results.csv", public.results_csv, name="results_csv"),
    path("published/import/", public.import_results, name="import_results"),
    path("published/<int:pk>/", report_views.published_report, name="published_report"),
    path("published/<int:pk>/report.<str:file_format>", report_views.published_report, name="published_file"),
]
