"""Conditions on actor-code columns that the database's indexes can serve."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, and_, func, not_, or_, select, union_all

__all__ = ["codes_under", "either_side", "pair", "sides", "starts_with"]


def starts_with(column: Any, prefix: str) -> Any:
    """Rows whose ``column`` starts with ``prefix`` (an actor code such as PRK matches PRKGOV). Written as
    a range on the column, which its index serves (a LIKE alone is a scan of the table on SQLite and
    on PostgreSQL outside the C collation), and the LIKE, which keeps it exact under any collation."""
    if not prefix:
        return column.is_not(None)
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < following, column.startswith(prefix, autoescape=True))


def sides(table: Table, code: str) -> tuple[Any, Any]:
    """Two conditions on ``table`` (events, assessments): ``code`` is the source; ``code`` is the target and
    not the source. They never hold together, so a UNION ALL of a query on each lists every row with
    ``code`` on either side once, and each half is served by its side's index (as one OR, databases tend
    to scan the table or a date index instead)."""
    source = starts_with(table.c.source_code, code)
    target = and_(starts_with(table.c.target_code, code), or_(table.c.source_code.is_(None), not_(source)))
    return source, target


def either_side(table: Table, code: str) -> Any:
    """Rows of ``table`` with ``code`` as the source or the target, by prefix: their ids, looked up by
    :func:`sides`."""
    source, target = sides(table, code)
    return table.c.id.in_(union_all(select(table.c.id).where(source), select(table.c.id).where(target)))


def codes_under(connection: Connection, column: Any, prefix: str, *, most: int = 100) -> list[str] | None:
    """The distinct codes in ``column`` (indexed) that start with ``prefix``, found by one index seek each
    (a loose index scan: PRK, PRKGOV, PRKMIL... in a few milliseconds however many rows hold them);
    None when there are more than ``most``."""
    found: list[str] = []
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    low = prefix
    while len(found) <= most:
        condition = column >= low if not found else column > low
        code = connection.execute(select(func.min(column)).where(condition, column < following)).scalar()
        if code is None:
            return found
        if code.startswith(prefix):
            found.append(code)
        low = code
    return None


def pair(connection: Connection, table: Table, source: str, target: str) -> Any:
    """Rows of ``table`` from ``source`` to ``target`` (code prefixes). When the codes under each prefix are
    few, as equalities on them: the index on (source_code, target_code, ...) then seeks each pair
    of codes instead of reading every row of the source prefix."""
    sources = codes_under(connection, table.c.source_code, source)
    targets = codes_under(connection, table.c.target_code, target)
    if sources is None or targets is None:
        return and_(starts_with(table.c.source_code, source), starts_with(table.c.target_code, target))
    return and_(table.c.source_code.in_(sources), table.c.target_code.in_(targets))
