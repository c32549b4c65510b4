from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShieldConfig(AppConfig):
    name = "shield"
    verbose_name = _("Shield")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from shield.addresses import trusted_proxies
        from shield.offences import record_failed_sign_in

        trusted_proxies()  # a mistyped KCINEMA_TRUSTED_PROXIES stops the start, naming the part
        # A wrong password is an offence of the address it came from (the lockout of the
        # account-and-address pair is django-axes's; this keeps a guesser off the whole site).
        user_login_failed.connect(record_failed_sign_in, dispatch_uid="shield-failed-sign-in")
