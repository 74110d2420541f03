"""Go's strconv.FormatFloat for float64, for the Wasm host's sprintf (wasm_gofmt).

Shortest formatting (precision -1, what `%v` uses) takes the shortest digits that read back as the
value, which Python's repr and Go's strconv both produce; `%g` then switches to exponent form when
the exponent is below -4 or at least 6 (strconv: "if precision was the shortest possible, use
precision 6 for this decision"). Explicit precisions round correctly in both languages, so
Python's `%e`/`%f` give Go's digits; Go's rules for `%g` are applied on top.
"""

from __future__ import annotations

import math
from decimal import Decimal


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest digits that read back as `value`, and the decimal point's position."""
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits)) or "0"
    if text == "0":
        return "0", 1
    return text, len(text) + int(exponent)


def format_float(value: float, verb: str, prec: int) -> str:
    """strconv.FormatFloat(value, verb, prec, 64) for verbs e, E, f, F, g, G (prec -1: shortest)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    negative = math.copysign(1.0, value) < 0
    value = abs(value)
    lower = verb.lower()
    if prec < 0:
        digits, point = _shortest_digits(value)
        if lower == "e":
            body = _exp_form(digits, point, len(digits) - 1, verb)
        elif lower == "f":
            body = _fixed_form(digits, point, max(len(digits) - point, 0))
        else:
            exp = point - 1
            eprec = 6  # strconv: "if precision was the shortest possible, use precision 6"
            if digits == "0" or not (exp < -4 or exp >= eprec):
                body = _fixed_form(digits, point, max(len(digits) - point, 0))
            else:
                body = _exp_form(digits, point, len(digits) - 1, "e" if verb == "g" else "E")
    elif lower == "e":
        body = ("%." + str(prec) + verb) % value  # Python, like Go, writes at least two exponent digits
    elif lower == "f":
        body = ("%." + str(prec) + "f") % value
    else:
        body = _g_fixed_prec(value, prec, verb)
    return ("-" if negative else "") + body


def _fixed_form(digits: str, point: int, decimals: int) -> str:
    if point <= 0:
        whole, frac = "0", "0" * (-point) + digits
    else:
        whole = (digits + "0" * max(point - len(digits), 0))[:point]
        frac = digits[point:]
    frac = (frac + "0" * decimals)[:decimals]
    return whole + ("." + frac if decimals else "")


def _exp_form(digits: str, point: int, decimals: int, verb: str) -> str:
    exp = point - 1 if digits != "0" else 0
    mantissa = digits[0] + ("." + (digits[1:] + "0" * decimals)[:decimals] if decimals else "")
    return f"{mantissa}{verb}{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _g_fixed_prec(value: float, prec: int, verb: str) -> str:
    """strconv's %g with an explicit precision (value >= 0)."""
    prec = prec or 1
    mantissa, exponent = (("%." + str(prec - 1) + "e") % value).split("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exponent)
    point = exp + 1
    eprec = prec
    if eprec > len(digits) and len(digits) >= point:
        eprec = len(digits)
    if exp < -4 or exp >= eprec:
        return _exp_form(digits, point, min(prec, len(digits)) - 1, "e" if verb == "g" else "E")
    shown = len(digits) if prec > point else prec
    return _fixed_form(digits, point, max(shown - point, 0))
