import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first administrator from ADMIN_USERNAME / ADMIN_PASSWORD, or with a generated password."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("管理员账号已存在，未作改动。")
            return
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        email = os.environ.get("ADMIN_EMAIL", "")
        User.objects.create_superuser(username=username, email=email, password=password)
        shown = password if not os.environ.get("ADMIN_PASSWORD") else "（取自 ADMIN_PASSWORD）"
        self.stdout.write(f"已创建管理员账号：用户名 {username}  密码 {shown}")
