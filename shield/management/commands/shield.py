"""`kcinema shield ...`: explain, block, allow, unblock, switch off and on, prune the log."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shield.addresses import address_group, parse_address
from shield.blocks import lift
from shield.explain import explain
from shield.lists import add_entry, delete_entries, parse_network, switch_off
from shield.models import ListEntry
from shield.traffic import prune


class Command(BaseCommand):
    help = "The firewall: explain an address, edit the allow and block lists, switch it off or on"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        explain_parser = actions.add_parser("explain", help="why an address is or is not blocked")
        explain_parser.add_argument("address")
        for name, what in (("block", "always keep out"), ("allow", "always let in")):
            entry = actions.add_parser(name, help=f"{what} an address, a range or a user agent")
            entry.add_argument("value", help="203.0.113.7, 203.0.113.0/24, or a user agent text")
            entry.add_argument("--user-agent", action="store_true", help="value is user agent text")
            entry.add_argument("--reason", default="")
            entry.add_argument("--days", type=float, help="expires after this; default never")
        unblock = actions.add_parser("unblock", help="lift a block and remove block list entries")
        unblock.add_argument("address")
        actions.add_parser("off", help="let every request through, on every server, at once")
        actions.add_parser("on", help="switch the firewall back on")
        prune_parser = actions.add_parser("prune", help="delete old traffic log entries")
        prune_parser.add_argument("--days", type=int, default=None, help="default SHIELD_LOG_DAYS")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"do_{action}")(**options)

    def do_explain(self, address: str, **options) -> None:
        try:
            lines = explain(address)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("\n".join(lines))

    def do_block(self, **options) -> None:
        self.add(ListEntry.Action.BLOCK, **options)

    def do_allow(self, **options) -> None:
        self.add(ListEntry.Action.ALLOW, **options)

    def add(self, action: str, *, value: str, user_agent: bool, reason: str, days, **options):
        kind = ListEntry.Kind.USER_AGENT if user_agent else ListEntry.Kind.ADDRESS
        try:
            entry = add_entry(action, value, kind=kind, reason=reason, days=days, by="command")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{action}: {entry.value} (until {entry.expires_at or 'removed'})")

    def do_unblock(self, address: str, **options) -> None:
        if parse_address(address) is None:
            raise CommandError(f"{address!r} is not an IPv4 or IPv6 address")
        lifted = lift(address_group(address), by="command")
        listed = ListEntry.objects.filter(
            action=ListEntry.Action.BLOCK,
            kind=ListEntry.Kind.ADDRESS,
            value=str(parse_network(address)),
        )
        removed = delete_entries(listed)
        self.stdout.write(f"{address}: {lifted} block(s) lifted, {removed} list entries removed")

    def do_off(self, **options) -> None:
        switch_off(off=True, by="command")
        self.stdout.write("firewall switched OFF on every server: nothing is blocked")

    def do_on(self, **options) -> None:
        switch_off(off=False, by="command")
        self.stdout.write("firewall switched on")

    def do_prune(self, days: int | None, **options) -> None:
        self.stdout.write(f"{prune(days)} traffic log entries deleted")
