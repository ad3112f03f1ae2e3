from django.core.management.base import BaseCommand

from budgets.demo.loader import load_demo


class Command(BaseCommand):
    help = "载入演示数据：株洲市石峰区、各部门、每个角色一个用户、2021年井龙街道示例申报（可重复运行）"

    def handle(self, *args, **options):
        logins = load_demo(out=self.stdout.write)
        self.stdout.write("")
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, password, label in logins:
            self.stdout.write(f"  {username:<14} {password:<16} {label}")
