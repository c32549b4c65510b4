"""`kcinema unlock USERNAME [--address A]`: let a locked-out staff account sign in again."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shield.addresses import parse_address
from shield.signin import unlock


class Command(BaseCommand):
    help = "Forget an account's failed sign-ins (from one address, or from all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--address", help="only the lockout from this address (IPv4 or IPv6)")

    def handle(self, *args: object, username: str, address: str | None, **options: object) -> None:
        if address is not None and parse_address(address) is None:
            raise CommandError(f"{address!r} is not an IPv4 or IPv6 address")
        removed = unlock(username, address)
        where = f" from {address}" if address else ""
        self.stdout.write(f"{username}: {removed} lockout record(s) removed{where}")
