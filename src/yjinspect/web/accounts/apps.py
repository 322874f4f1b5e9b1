from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yjinspect.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from yjinspect.web.accounts import sign_in_log  # noqa: F401, PLC0415  (connects the sign-in log's receivers)
