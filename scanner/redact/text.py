"""Secrets inside free text: error messages, connection strings, URLs, configuration fragments.

Only the secret part of a text is replaced, so a message stays readable and a URL keeps its host:
`AccountName=st1;AccountKey=<redacted>;EndpointSuffix=core.windows.net`. The forms recognised:

- `name=value`, `name: value` and `"name": "value"` where the name holds a secret by
  scanner.redact.names (`password=`, `DB_PASS:`, `AccountKey=`, `SharedAccessKey=`,
  `InstrumentationKey=`, `"clientSecret": "..."`), which covers connection strings, query
  strings, environment files, YAML and JSON fragments;
- SAS signatures (`sig=`) and Azure Functions keys (`code=`) in query strings;
- credentials in URLs (`https://user:secret@host`);
- JWTs, and the token of an `Authorization: Bearer|Basic|...` header value;
- PEM private key blocks (also with `\\n` escapes, as they appear inside JSON text);
- token shapes that need no name: storage account keys (88 base64 characters), 32-byte base64
  keys, Entra client secrets (`...8Q~...`), GitHub, Slack, npm, AWS and Google API keys.

The replacement is the fixed text `<redacted>`: the same input always gives the same output.
"""

from __future__ import annotations

import re

from scanner.redact.names import is_secret_name

REDACTED = "<redacted>"

_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----.*?(?:-----END \1-----|$)"
    r"|-----BEGIN (?:ENCRYPTED |OPENSSH |RSA |EC |DSA )?PRIVATE KEY-----",
    re.S,
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_AUTH_SCHEME = re.compile(r"\b(bearer|basic|digest|token|sharedkey|sharedaccesssignature|pat)(\s+)([A-Za-z0-9._~+/=:-]{8,})", re.I)
_URL_CREDENTIALS = re.compile(r"\b([a-z][a-z0-9+.-]*://)([^/\s:@?#]*:[^@\s/?#]+|[^/\s:@?#]{20,})@", re.I)
_QUERY_SECRET = re.compile(r"([?&;](?:sig|code|signature|x-amz-signature|access_token|token|key|apikey|api_key|sv_sig)=)([^&#\s\"'<>]+)", re.I)
_SHAPES = re.compile(
    r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])"  # storage account key: 64 bytes, base64
    r"|(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])"  # 32-byte key, base64 (Service Bus, Cosmos, ...)
    r"|(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\d?Q~[A-Za-z0-9_~.-]{31,37}(?![A-Za-z0-9_~.-])"  # Entra client secret
    r"|\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{16,}"
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}"
    r"|\bnpm_[A-Za-z0-9]{36}\b"
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"
    r"|\bAIza[0-9A-Za-z_-]{35}\b"
    r"|\bsk_live_[0-9A-Za-z]{16,}"
)
# name=value, name: value, "name": "value". Only `name` and the separator are matched, so a value
# that is not secret never hides a later assignment from the search. The value is a quoted string,
# or a run up to the next separator of connection strings (;), query strings (&), lists (,) or
# quotes, after any escaped quotes (JSON inside JSON: `\\\"pwd\\\": \\\"x\\\"`); in the `name: value`
# form a value may hold spaces up to the end of the line (YAML, log lines), but not a word that
# is itself an assignment.
_NAME_SEP = re.compile(r"""[\\"']*(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,80})[\\"']*(?P<sep>\s*=\s*|(?P<colon>\s*:[ \t]*))""")
_QUOTED = r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'"""
_WORD = r"""[^\s;&,"'<>{}\[\]\\]+"""
_VALUE_EQ = re.compile(rf"""(?P<quoted>{_QUOTED})|(?P<pre>[\\"']*)(?P<word>{_WORD})""")
_VALUE_COLON = re.compile(rf"""(?P<quoted>{_QUOTED})|(?P<pre>[\\"']*)(?P<word>{_WORD}(?:[ \t]+[^\s;&,"'<>{{}}\[\]\\=:]+)*)""")
# The names of every `name=` / `name:` in a text: the assignment pattern runs only when one of
# them holds a secret (timestamps and URLs have colons too).
_NAMES = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-]{0,80})[\\\"']*\s*[=:]")
_SHAPE_HINT = re.compile(r"[A-Za-z0-9+/]{43}|Q~|gh[pousr]_|github_pat_|xox|npm_|AKIA|ASIA|AIza|sk_live_")


def _assignments(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in _NAME_SEP.finditer(text):
        if match.start() < last or not is_secret_name(match.group("name")):
            continue
        value = (_VALUE_COLON if match.group("colon") else _VALUE_EQ).match(text, match.end())
        if value is None:
            continue
        if value.group("quoted"):
            quoted = value.group("quoted")
            if quoted[1:-1] in ("", REDACTED):
                continue
            start, replaced = value.start(), quoted[0] + REDACTED + quoted[0]
        else:
            word = value.group("word")
            if word == REDACTED or (match.group("colon") and not value.group("pre") and word.lower() in ("true", "false", "null", "none")):
                continue  # `password: null`, `passwordAuthentication: false` hold no secret
            start, replaced = value.start("word"), REDACTED
        out.append(text[last:start])
        out.append(replaced)
        last = value.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _auth_token(match: re.Match[str]) -> str:
    token = match.group(3)
    # A scheme word before an assignment ("Basic password: x", a SKU tier then a secret) is not a
    # header: taking `password:` for its token would hide the name the assignment pass needs.
    if token == REDACTED or (token[-1] in ":=" and is_secret_name(token.rstrip(":="))):
        return match.group(0)
    return match.group(1) + match.group(2) + REDACTED


def redact_text(text: str) -> str:
    """`text` with every secret-looking part replaced by `<redacted>`."""
    out = text
    # Each pattern runs only when a cheap test says it may match: most texts are ids and dates.
    if "-----BEGIN" in out:
        out = _PEM.sub(REDACTED, out)
    if "eyJ" in out:
        out = _JWT.sub(REDACTED, out)
    if "@" in out:
        out = _URL_CREDENTIALS.sub(lambda m: m.group(1) + REDACTED + "@", out)
    if "=" in out:
        out = _QUERY_SECRET.sub(lambda m: m.group(1) + REDACTED, out)
    if " " in out or "\t" in out:
        out = _AUTH_SCHEME.sub(_auth_token, out)
    if ("=" in out or ":" in out) and any(is_secret_name(name) for name in _NAMES.findall(out)):
        out = _assignments(out)
    if _SHAPE_HINT.search(out):
        out = _SHAPES.sub(REDACTED, out)
    return out


def has_secret(text: str) -> bool:
    return redact_text(text) != text
