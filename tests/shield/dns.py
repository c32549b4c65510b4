"""A resolver with the answers a test gives it, in place of the system's (no test reaches DNS)."""


class FakeResolver:
    pointers: dict[str, str] = {}  # address -> name
    addresses: dict[str, set[str]] = {}  # name -> addresses
    asked: list[str] = []

    def reverse(self, address: str) -> str | None:
        FakeResolver.asked.append(address)
        return self.pointers.get(address)

    def forward(self, name: str) -> set[str]:
        return self.addresses.get(name, set())


def reset(pointers: dict[str, str] | None = None, addresses: dict | None = None) -> None:
    FakeResolver.pointers = dict(pointers or {})
    FakeResolver.addresses = {name: set(found) for name, found in (addresses or {}).items()}
    FakeResolver.asked = []
