"""Password rules whose messages reach Vietnamese users in Vietnamese.

Django 6 changed the msgid of the minimum-length message ("%d" for "%(min_length)d") and its
Vietnamese catalog still carries the old one, so a too-short password was refused in English on
every password form. The rule stays Django's; only the words are the project's (English in
locale/en).
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
