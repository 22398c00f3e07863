"""ICLON's student desk: where anyone with a question about a route into teaching can ask. The route
finder names it with every answer that leaves someone without a route, and a pathway's page names
it when the pathway has no contact of its own."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StudentDesk:
    name: str
    street: str
    city: str
    phone: str
    email: str

    @property
    def phone_link(self) -> str:
        """The phone number for a tel: link (international, digits only)."""
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return "+31" + digits[1:] if digits.startswith("0") else "+" + digits


STUDENT_DESK = StudentDesk(
    name="ICLON",
    street="Kolffpad 1",
    city="Leiden",
    phone="071 527 40 15",
    email="info@iclon.leidenuniv.nl",
)
