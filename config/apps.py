from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    # django-axes ships no Chinese catalogue and no verbose_name; superusers unlock accounts here.
    verbose_name = "登录失败锁定"
