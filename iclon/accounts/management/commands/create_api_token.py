from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations

from iclon.accounts.services import api_token_create
from iclon.core.errors import PortalError


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'nightly export'.")
        parser.add_argument("--expires-days", type=int, default=None, help="Days until it expires (default: never).")

    @no_translations  # an operator's command: English throughout, refusals included
    def handle(self, *args, email, name, expires_days, **options):
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with e-mail address {email}.")
        try:
            _token, raw = api_token_create(user=user, name=name, expires_days=expires_days, actor=None)
        except PortalError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(raw)
