"""Go's fmt.Sprintf for the argument types OPA's `sprintf` hands it, so messages match OPA's.

OPA (topdown/strings.go) turns each element of sprintf's array into a Go value: a number whose
text has no `.`, `e` or `E` becomes an int64 (a `*big.Int` beyond int64), any other number a
float64 (its text, if it does not parse), a string a Go string, and anything else the string of
its Rego text (wasm_values.rego_text). Then Go formats them. This module is that formatting for
exactly those four Go types: verbs, flags (`+-# 0`), width and precision (also `*`), explicit
argument indexes (`%[2]v`) and Go's error forms (`%!d(string=x)`, `%!v(MISSING)`,
`%!(EXTRA int64=1)`, `%!(NOVERB)`, `%!(BADWIDTH)` ...). Verbs Go would hand to a formatter this
module does not carry (`%x` of a float, `%c`, `%U` ...) raise Unsupported: an error, never a
guess. tests/evaluate/test_wasm_builtins.py checks it against `opa eval` on many values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scanner.evaluate.wasm_gofloat import format_float

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class Unsupported(Exception):
    """A format this emulation does not reproduce exactly."""


class BigInt(int):
    """An integer beyond int64: Go's *big.Int, which formats itself."""


def go_type(arg: Any) -> str:
    if isinstance(arg, str):
        return "string"
    if isinstance(arg, float):
        return "float64"
    if isinstance(arg, BigInt):
        return "*big.Int"
    return "int64"


@dataclass
class _Flags:
    plus: bool = False
    minus: bool = False
    sharp: bool = False
    space: bool = False
    zero: bool = False
    plus_v: bool = False
    sharp_v: bool = False
    width: int | None = None
    prec: int | None = None


def _pad(text: str, f: _Flags) -> str:
    """fmt.pad: the width counts runes; zero padding goes between the sign and the digits only
    for numbers (handled by their formatters), here it pads on the left."""
    if f.width is None or len(text) >= f.width:
        return text
    fill = f.width - len(text)
    if f.minus:
        return text + " " * fill
    return ("0" if f.zero else " ") * fill + text


def _fmt_s(text: str, f: _Flags) -> str:
    if f.prec is not None:
        text = text[: f.prec]
    return _pad(text, f)


def _fmt_q(text: str, f: _Flags) -> str:
    from scanner.evaluate.wasm_values import go_quote

    if f.prec is not None:
        text = text[: f.prec]
    if f.sharp and _can_backquote(text):
        return _pad("`" + text + "`", f)
    if f.plus:
        raise Unsupported("%+q (ASCII-only quoting)")
    return _pad(go_quote(text), f)


def _can_backquote(text: str) -> bool:
    """strconv.CanBackquote: no control character but tab, no backquote, no BOM."""
    for char in text:
        code = ord(char)
        if code >= 0x80:
            if char == "\ufeff" or 0xD800 <= code <= 0xDFFF:
                return False
        elif (code < 0x20 and char != "\t") or char in "`\x7f":
            return False
    return True


def _fmt_sx(text: str, f: _Flags, upper: bool) -> str:
    data = text.encode("utf-8")
    if f.prec is not None:
        data = data[: f.prec]
    digits = "0123456789ABCDEF" if upper else "0123456789abcdef"
    parts = []
    for i, byte in enumerate(data):
        if f.space and i > 0:
            parts.append(" ")
        if f.sharp and (f.space or i == 0):
            parts.append("0X" if upper else "0x")
        parts.append(digits[byte >> 4] + digits[byte & 15])
    return _pad("".join(parts), f)


def _fmt_integer(value: int, base: int, f: _Flags, upper: bool = False, verb: str = "d") -> str:
    """fmt.fmtInteger for a signed value."""
    negative = value < 0
    digits = _to_base(abs(value), base, upper)
    prec = f.prec
    if prec is not None:
        if prec == 0 and value == 0:
            return _pad("", _Flags(minus=f.minus, width=f.width))
    elif f.zero and not f.minus and f.width is not None:
        prec = f.width
        if negative or f.plus or f.space:
            prec -= 1
    if prec is not None and len(digits) < prec:
        digits = "0" * (prec - len(digits)) + digits
    prefix = ""
    if f.sharp:
        prefix = {2: "0b", 8: "0" if verb == "o" else "", 16: "0X" if upper else "0x"}.get(base, "")
        if base == 8 and verb == "o" and digits.startswith("0"):
            prefix = ""
    if verb == "O":
        prefix = "0o"
    sign = "-" if negative else "+" if f.plus else " " if f.space else ""
    return _pad(sign + prefix + digits, _Flags(minus=f.minus, width=f.width))


def _to_base(value: int, base: int, upper: bool) -> str:
    if base == 10:
        return str(value)
    text = format(value, {2: "b", 8: "o", 16: "X" if upper else "x"}[base])
    return text


def _big(value: int, verb: str, f: _Flags) -> str:
    """math/big's (*Int).Format."""
    bases = {"b": 2, "o": 8, "O": 8, "d": 10, "s": 10, "v": 10, "x": 16, "X": 16}
    if verb not in bases:
        return f"%!{verb}(big.Int={value})"
    sharp = f.sharp or f.sharp_v
    plus = f.plus or f.plus_v
    sign = "-" if value < 0 else "+" if plus else " " if f.space else ""
    prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb, "") if sharp else ""
    if verb == "O":
        prefix = "0o"
    digits = _to_base(abs(value), bases[verb], verb == "X")
    zeros = left = right = 0
    if f.prec is not None:
        if len(digits) < f.prec:
            zeros = f.prec - len(digits)
        elif digits == "0" and f.prec == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    if f.width is not None and length < f.width:
        d = f.width - length
        if f.minus:
            right = d
        elif f.zero and f.prec is None:
            zeros = d
        else:
            left = d
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def _fmt_float(value: float, verb: str, f: _Flags) -> str:
    """fmt.fmtFloat for float64."""
    if verb == "v":
        verb, prec = "g", -1
    elif verb in "gG":
        prec = -1
    else:
        prec = 6
    if f.prec is not None:
        prec = f.prec
    if f.sharp:
        raise Unsupported(f"%#{verb} of a float")
    body = format_float(value, verb if verb != "F" else "f", prec)
    if body in ("NaN", "+Inf", "-Inf"):
        if body == "+Inf" and not (f.plus or f.space):
            body = "Inf"
        elif body == "+Inf" and f.space and not f.plus:
            body = " Inf"
        elif body == "NaN" and (f.plus or f.space):
            body = ("+" if f.plus else " ") + body
        return _pad(body, _Flags(minus=f.minus, width=f.width))
    if not body.startswith("-"):
        body = ("+" if f.plus else " " if f.space else "") + body
    if f.zero and not f.minus and f.width is not None and len(body) < f.width:
        sign = body[0] if body[0] in "+- " else ""
        rest = body[len(sign) :]
        return sign + "0" * (f.width - len(body)) + rest
    return _pad(body, _Flags(minus=f.minus, width=f.width))


def _print_arg(arg: Any, verb: str, f: _Flags) -> str:
    if verb == "T":
        return _fmt_s(go_type(arg), f)
    if verb == "p":
        if isinstance(arg, BigInt):
            raise Unsupported("%p of a big integer (its address)")
        return _bad_verb(arg, verb, f)
    if isinstance(arg, BigInt):
        if verb == "w":
            raise Unsupported("%w of an integer beyond int64 (Go prints its internals)")
        return _big(int(arg), verb, f)
    if isinstance(arg, str):
        if verb == "v":
            return _fmt_q(arg, f) if f.sharp_v else _fmt_s(arg, f)
        if verb == "s":
            return _fmt_s(arg, f)
        if verb in "xX":
            return _fmt_sx(arg, f, verb == "X")
        if verb == "q":
            return _fmt_q(arg, f)
        return _bad_verb(arg, verb, f)
    if isinstance(arg, float):
        if verb in "veEfFgG":
            return _fmt_float(arg, verb, f)
        if verb in "xXb":
            raise Unsupported(f"%{verb} of a float")
        return _bad_verb(arg, verb, f)
    if verb in "vd":
        return _fmt_integer(arg, 10, f)
    if verb == "b":
        return _fmt_integer(arg, 2, f, verb="b")
    if verb in "oO":
        return _fmt_integer(arg, 8, f, verb=verb)
    if verb in "xX":
        return _fmt_integer(arg, 16, f, upper=verb == "X", verb=verb)
    if verb in "cqU":
        raise Unsupported(f"%{verb} of an integer")
    return _bad_verb(arg, verb, f)


def _bad_verb(arg: Any, verb: str, f: _Flags) -> str:
    # Go prints the value with %v and the flags still set.
    return f"%!{verb}({go_type(arg)}={_print_arg(arg, 'v', f)})"


def _parse_num(fmt: str, i: int, end: int) -> tuple[int, bool, int]:
    """fmt.parsenum: (number, found, next index); an overflow consumes the rest of the format."""
    if i >= end:
        return 0, False, end
    num, found = 0, False
    while i < end and "0" <= fmt[i] <= "9":
        if num > 1_000_000:
            return 0, False, end
        num, found, i = num * 10 + ord(fmt[i]) - 48, True, i + 1
    return num, found, i


def _arg_index(fmt: str, i: int) -> tuple[int, int, bool]:
    """fmt.parseArgNumber on fmt[i:] (which starts with '['): (index, width consumed, ok)."""
    if len(fmt) - i < 3:
        return 0, 1, False
    close = fmt.find("]", i + 1)
    if close < 0:
        return 0, 1, False
    number, found, stop = _parse_num(fmt, i + 1, close)
    if not found or stop != close:
        return 0, close - i + 1, False
    return number - 1, close - i + 1, True


def _int_arg(args: list[Any], index: int) -> tuple[int, bool, int]:
    """fmt.intFromArg: an int64 argument within +-1e6 as a width or precision."""
    if index >= len(args):
        return 0, False, index
    value = args[index]
    if isinstance(value, int) and not isinstance(value, BigInt) and -1_000_000 <= value <= 1_000_000:
        return value, True, index + 1
    return 0, False, index + 1


def sprintf(fmt: str, args: list[Any]) -> str:
    """Go's fmt.Sprintf(fmt, args...) for args of type str, int (int64), BigInt and float;
    the structure follows fmt.(*pp).doPrintf."""
    out: list[str] = []
    arg_num = 0
    reordered = False
    i, end = 0, len(fmt)
    while i < end:
        good = True
        start = i
        while i < end and fmt[i] != "%":
            i += 1
        if i > start:
            out.append(fmt[start:i])
        if i >= end:
            break
        i += 1
        f = _Flags()
        while i < end and fmt[i] in "#0+- ":
            setattr(f, _FLAG_NAMES[fmt[i]], True)
            i += 1

        def arg_number(arg_num: int, i: int) -> tuple[int, int, bool]:
            nonlocal good, reordered
            if i >= end or fmt[i] != "[":
                return arg_num, i, False
            reordered = True
            index, width, ok = _arg_index(fmt, i)
            if ok and 0 <= index < len(args):
                return index, i + width, True
            good = False
            return arg_num, i + width, ok

        arg_num, i, after_index = arg_number(arg_num, i)
        if i < end and fmt[i] == "*":
            i += 1
            width, present, arg_num = _int_arg(args, arg_num)
            if not present:
                out.append("%!(BADWIDTH)")
            if width < 0:
                width, f.minus, f.zero = -width, True, False
            f.width = width if present else None
            after_index = False
        else:
            width, present, i = _parse_num(fmt, i, end)
            f.width = width if present else None
            if after_index and present:
                good = False
        if i + 1 < end and fmt[i] == ".":
            i += 1
            if after_index:
                good = False
            arg_num, i, after_index = arg_number(arg_num, i)
            if i < end and fmt[i] == "*":
                i += 1
                prec, present, arg_num = _int_arg(args, arg_num)
                if prec < 0:
                    prec, present = 0, False
                if not present:
                    out.append("%!(BADPREC)")
                f.prec = prec if present else None
                after_index = False
            else:
                prec, present, i = _parse_num(fmt, i, end)
                f.prec = prec if present else 0
        if not after_index:
            arg_num, i, after_index = arg_number(arg_num, i)
        if i >= end:
            out.append("%!(NOVERB)")
            break
        verb = fmt[i]
        i += 1
        if f.minus:
            f.zero = False  # Go pads with zeros only on the left (writePadding, fmtInteger, fmtFloat)
        if verb == "%":
            out.append("%")
        elif not good:
            out.append(f"%!{verb}(BADINDEX)")
        elif arg_num >= len(args):
            out.append(f"%!{verb}(MISSING)")
        else:
            if verb in "vw":  # Sprintf treats %w as %v's flags and then as an unknown verb
                f.sharp_v, f.sharp = f.sharp, False
                f.plus_v, f.plus = f.plus, False
            out.append(_print_arg(args[arg_num], verb, f))
            arg_num += 1
    if not reordered and arg_num < len(args):
        extra = [f"{go_type(a)}={_print_arg(a, 'v', _Flags())}" for a in args[arg_num:]]
        out.append("%!(EXTRA " + ", ".join(extra) + ")")
    return "".join(out)


_FLAG_NAMES = {"#": "sharp", "0": "zero", "+": "plus", "-": "minus", " ": "space"}
