"""ARM's date functions: `dateTimeAdd`, `dateTimeToEpoch`, `dateTimeFromEpoch`.

Templates set a Key Vault key's or secret's expiry (`attributes.exp`, seconds since 1970) with
`dateTimeToEpoch(dateTimeAdd(baseTime, 'P1Y'))`, `baseTime` usually defaulting to `utcNow()`: then
the expiry is known only at deployment (Unresolved). With a literal base the result is computed as
ARM computes it: ISO 8601 durations, calendar years and months, UTC.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone
from typing import Any

from scanner.iac.arm_values import ExpressionError, Unresolved

_DURATION = re.compile(r"^(?P<sign>-)?P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
                       r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$")


def _parse(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ExpressionError(f"expected a date-time string, got {value!r}")
    text = value.strip().replace("Z", "+00:00")
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # .NET writes 7 fraction digits
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ExpressionError(f"{value!r} is not an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _add_months(moment: datetime, months: int) -> datetime:
    total = moment.month - 1 + months
    year, month = moment.year + total // 12, total % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def date_time_add(_: Any, base: Any, duration: Any, fmt: Any = None) -> Any:
    match = _DURATION.match(duration) if isinstance(duration, str) else None
    if not match or duration in ("P", "-P") or duration.endswith("T"):
        raise ExpressionError(f"dateTimeAdd(): {duration!r} is not an ISO 8601 duration")
    if fmt is not None:
        return Unresolved(f"dateTimeAdd() with the .NET format {fmt!r}")  # not rendered: unknown rather than guessed
    sign = -1 if match.group("sign") else 1
    groups = match.groupdict()

    def part(name: str) -> float:
        return float(groups[name] or 0)

    moment = _add_months(_parse(base), sign * int(part("y") * 12 + part("mo")))
    moment += sign * timedelta(weeks=part("w"), days=part("d"), hours=part("h"), minutes=part("mi"), seconds=part("s"))
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def date_time_to_epoch(_: Any, value: Any) -> int:
    return int(_parse(value).timestamp())


def date_time_from_epoch(_: Any, value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ExpressionError(f"dateTimeFromEpoch(): expected an integer, got {value!r}")
    return datetime.fromtimestamp(value, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
