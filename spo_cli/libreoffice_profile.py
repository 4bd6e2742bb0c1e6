"""The LibreOffice profile of a conversion: private to the job, and offline from its first
start (no linked content fetched, no link updates, no macros, every proxy pointed at the
discard port)."""

from __future__ import annotations

from pathlib import Path

# LibreOffice must never fetch or run anything a document asks for: linked images and
# frames (BlockUntrustedRefererLinks; every proxy pointed at the discard port), link updates,
# macros. Written before the profile's first start, so it is in force from the first document.
_OFFLINE = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks",
     "boolean", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution",
     "boolean", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
    ("org.openoffice.Office.Writer/Content/Update", "Link", "int", "0"),
    ("org.openoffice.Office.Calc/Content/Update", "Link", "int", "0"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "int", "1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "string", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "int", "9"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "string", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "int", "9"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", "string", ""),
)


def offline_profile(profile: Path) -> None:
    """Write the offline settings into a LibreOffice profile that does not have them yet."""
    target = profile / "user" / "registrymodifications.xcu"
    if target.exists():
        return
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>" for path, name, _, value in _OFFLINE)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items '
        'xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}</oor:items>\n',
        encoding="utf-8")
