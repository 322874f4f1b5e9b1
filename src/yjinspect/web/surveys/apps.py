from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "yjinspect.web.surveys"
    label = "surveys"
