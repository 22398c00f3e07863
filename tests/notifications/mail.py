"""Test mail backends."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Every send fails like an SMTP server that refuses connections; counts the attempts."""

    failures = 0

    def send_messages(self, email_messages):
        type(self).failures += 1
        raise ConnectionRefusedError("[Errno 111] Connection refused (test SMTP server is down)")
