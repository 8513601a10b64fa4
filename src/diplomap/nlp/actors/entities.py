"""People and organisations whose code depends on the date: roles with date ranges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["DatedEntity", "Role", "RoleChoice"]


@dataclass(frozen=True)
class Role:
    code: str
    start: date | None = None  # None: since ever
    end: date | None = None  # None: still
    office: str | None = None
    approx: bool = False

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def describe(self) -> str:
        if self.start is None and self.end is None:
            return self.office or self.code
        span = f"{self.start or '…'}..{self.end or ''}"
        return f"{self.office + ', ' if self.office else ''}{span}"


@dataclass(frozen=True)
class RoleChoice:
    code: str
    how: str
    confidence: float


@dataclass(frozen=True)
class DatedEntity:
    """A person or organisation: the code on a date is the latest-starting role covering it."""

    id: str
    name: str
    kind: str  # person or organisation
    country: str | None
    roles: tuple[Role, ...]
    default: str | None = None  # outside every role; people default to <country>ELI
    aliases: tuple[str, ...] = ()
    source: str = "built-in"
    sectors: tuple[str, ...] = ()  # for codes that do not spell them (IGOUNOJUDICJ is a court: JUD)

    @property
    def fallback(self) -> str | None:
        if self.default:
            return self.default
        if self.kind == "person" and self.country:
            return f"{self.country}ELI"
        return self.roles[-1].code if self.roles else None

    def code_on(self, day: date | None) -> RoleChoice | None:
        """The code for ``day``; without a date, the most recent role's, marked as a guess."""
        if not self.roles:
            return RoleChoice(self.default, f"{self.name} ({self.source})", 0.9) if self.default else None
        if all(r.start is None and r.end is None for r in self.roles):
            return RoleChoice(self.roles[-1].code, f"{self.name} ({self.source})", 0.9)
        if day is None:
            latest = max(self.roles, key=lambda r: r.start or date.min)
            return RoleChoice(
                latest.code, f"{self.name}: no article date, latest role ({latest.describe()})", 0.5
            )
        covering = [r for r in self.roles if r.covers(day)]
        if covering:
            role = max(covering, key=lambda r: r.start or date.min)
            return RoleChoice(role.code, f"{self.name}: {role.describe()}", 0.8 if role.approx else 0.95)
        fallback = self.fallback
        if fallback is None:
            return None
        return RoleChoice(fallback, f"{self.name}: no role on {day.isoformat()}", 0.7)
