"""Time zones as learners type them: IANA names, cities, countries, abbreviations and UTC
offsets with a sign. Pure (the zone names come from the tz database Python ships with).

The rules: an offset needs its sign (``+05:30``, ``UTC-3``, ``GMT+1``), so ``18:00`` or ``12``
is never read as one; a city or a country with one zone names that zone; a fixed abbreviation
such as ``EST`` is taken as the zone people mean by it, the one that follows daylight saving
(``America/New_York``), and the reply says so; an abbreviation several regions use (``IST``,
``CST``) is refused with the zones it could mean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.reading import ParseError, quoted


@dataclass(frozen=True)
class ZoneAnswer:
    """A zone key to store, and a remark for the learner when the zone was inferred."""

    key: str
    remark: str | None = None


_SIGN = "[-+−–]"  # hyphen first: inside a class "+-−" would be a range that holds digits
_OFFSET = re.compile(rf"(?:utc|gmt)?\s*({_SIGN})\s*(\d{{1,2}})(?:[:.]?(\d{{2}}))?", re.ASCII)
_UNSIGNED = re.compile(r"(?:utc|gmt)?\s*\d{1,4}(?:[:.]\d{2})?", re.ASCII)
_CLOCK_TIME = re.compile(r"\d{1,2}(?:(?:[:.]\d{2})\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)", re.ASCII)
_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "utc+0", "utc-0", "gmt+0", "gmt-0", "+0", "-0"})
ZONE_EXAMPLES = "a city (Berlin), a zone name (Europe/Berlin) or an offset with its sign (+05:30)"

# Abbreviations people type: the zone they nearly always mean, which follows daylight saving
# where that region does.
_ABBREVIATIONS = {
    "est": ("America/New_York", "US Eastern time"),
    "edt": ("America/New_York", "US Eastern time"),
    "et": ("America/New_York", "US Eastern time"),
    "cdt": ("America/Chicago", "US Central time"),
    "mst": ("America/Denver", "US Mountain time"),
    "mdt": ("America/Denver", "US Mountain time"),
    "pst": ("America/Los_Angeles", "US Pacific time"),
    "pdt": ("America/Los_Angeles", "US Pacific time"),
    "pt": ("America/Los_Angeles", "US Pacific time"),
    "hst": ("Pacific/Honolulu", "Hawaii time"),
    "cet": ("Europe/Berlin", "Central European time"),
    "cest": ("Europe/Berlin", "Central European time"),
    "eet": ("Europe/Athens", "Eastern European time"),
    "eest": ("Europe/Athens", "Eastern European time"),
    "wet": ("Europe/Lisbon", "Western European time"),
    "msk": ("Europe/Moscow", "Moscow time"),
    "jst": ("Asia/Tokyo", "Japan time"),
    "kst": ("Asia/Seoul", "Korea time"),
    "aest": ("Australia/Sydney", "Australian Eastern time"),
    "aedt": ("Australia/Sydney", "Australian Eastern time"),
    "nzst": ("Pacific/Auckland", "New Zealand time"),
    "nzdt": ("Pacific/Auckland", "New Zealand time"),
}
_AMBIGUOUS = {
    "ist": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "cst": ("America/Chicago", "Asia/Shanghai", "America/Havana"),
    "bst": ("Europe/London", "Asia/Dhaka"),
    "ast": ("America/Halifax", "Asia/Riyadh"),
    "sst": ("Asia/Singapore", "Pacific/Pago_Pago"),
}
# Countries with one zone (or one that nearly everyone there uses), and names people use for
# cities the tz database spells differently.
_PLACES = {
    "india": "Asia/Kolkata", "bangalore": "Asia/Kolkata", "bengaluru": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata", "new delhi": "Asia/Kolkata",
    "chennai": "Asia/Kolkata", "hyderabad": "Asia/Kolkata", "pune": "Asia/Kolkata",
    "calcutta": "Asia/Kolkata", "bombay": "Asia/Kolkata",
    "uk": "Europe/London", "united kingdom": "Europe/London", "england": "Europe/London",
    "britain": "Europe/London", "great britain": "Europe/London", "scotland": "Europe/London",
    "wales": "Europe/London", "ireland": "Europe/Dublin", "germany": "Europe/Berlin",
    "france": "Europe/Paris", "spain": "Europe/Madrid", "italy": "Europe/Rome",
    "netherlands": "Europe/Amsterdam", "holland": "Europe/Amsterdam",
    "belgium": "Europe/Brussels", "switzerland": "Europe/Zurich", "austria": "Europe/Vienna",
    "poland": "Europe/Warsaw", "czechia": "Europe/Prague", "czech republic": "Europe/Prague",
    "sweden": "Europe/Stockholm", "norway": "Europe/Oslo", "denmark": "Europe/Copenhagen",
    "finland": "Europe/Helsinki", "greece": "Europe/Athens", "romania": "Europe/Bucharest",
    "ukraine": "Europe/Kyiv", "kiev": "Europe/Kyiv", "turkey": "Europe/Istanbul",
    "türkiye": "Europe/Istanbul", "portugal": "Europe/Lisbon", "hungary": "Europe/Budapest",
    "serbia": "Europe/Belgrade", "bulgaria": "Europe/Sofia", "israel": "Asia/Jerusalem",
    "egypt": "Africa/Cairo", "nigeria": "Africa/Lagos", "kenya": "Africa/Nairobi",
    "south africa": "Africa/Johannesburg", "ethiopia": "Africa/Addis_Ababa",
    "morocco": "Africa/Casablanca", "ghana": "Africa/Accra", "pakistan": "Asia/Karachi",
    "bangladesh": "Asia/Dhaka", "sri lanka": "Asia/Colombo", "nepal": "Asia/Kathmandu",
    "china": "Asia/Shanghai", "beijing": "Asia/Shanghai", "japan": "Asia/Tokyo",
    "south korea": "Asia/Seoul", "korea": "Asia/Seoul", "philippines": "Asia/Manila",
    "vietnam": "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh", "thailand": "Asia/Bangkok",
    "malaysia": "Asia/Kuala_Lumpur", "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong", "taiwan": "Asia/Taipei", "iran": "Asia/Tehran",
    "iraq": "Asia/Baghdad", "saudi arabia": "Asia/Riyadh", "uae": "Asia/Dubai",
    "united arab emirates": "Asia/Dubai", "qatar": "Asia/Qatar", "new zealand": "Pacific/Auckland",
    "argentina": "America/Argentina/Buenos_Aires", "colombia": "America/Bogota",
    "peru": "America/Lima", "venezuela": "America/Caracas", "chile": "America/Santiago",
    "nyc": "America/New_York", "washington dc": "America/New_York", "boston": "America/New_York",
    "miami": "America/New_York", "atlanta": "America/New_York",
    "san francisco": "America/Los_Angeles", "sf": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "la": "America/Los_Angeles", "dallas": "America/Chicago",
    "austin": "America/Chicago", "houston": "America/Chicago", "montreal": "America/Toronto",
    "washington": "America/New_York", "munich": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin", "st petersburg": "Europe/Moscow",
}  # fmt: skip
_SEVERAL = {
    "usa": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "russia": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
    "canada": ("America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver"),
    "brazil": ("America/Sao_Paulo", "America/Manaus", "America/Recife"),
    "australia": ("Australia/Sydney", "Australia/Brisbane", "Australia/Perth"),
    "mexico": ("America/Mexico_City", "America/Cancun", "America/Tijuana"),
    "indonesia": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
    "kazakhstan": ("Asia/Almaty", "Asia/Aqtobe"),
}  # fmt: skip
_SEVERAL |= {"us": _SEVERAL["usa"], "united states": _SEVERAL["usa"], "america": _SEVERAL["usa"]}
# The regions of the tz database whose last name part is a city.
_CITY_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
               "Indian", "Pacific")  # fmt: skip


def _folded(text: str) -> str:
    """Lower case without accents (``São Paulo`` → ``sao paulo``), ``_`` and runs of spaces as
    one space, no trailing dot."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.replace("_", " ").lower().split()).rstrip(".")


@cache
def _zone_names() -> dict[str, str]:
    """Every zone name of the tz database, by its folded form (``america/new york``)."""
    return {_folded(name): name for name in available_timezones()}


@cache
def _city_names() -> dict[str, str]:
    """Zones by their city (``new york``, ``kolkata``); a city two zones share is left out."""
    found: dict[str, set[str]] = {}
    for name in available_timezones():
        parts = name.split("/")
        if len(parts) >= 2 and parts[0] in _CITY_AREAS:
            found.setdefault(_folded(parts[-1]), set()).add(name)
    return {city: zones.pop() for city, zones in found.items() if len(zones) == 1}


def offset_key(total_minutes: int) -> str:
    if total_minutes == 0:
        return "UTC"
    sign = "+" if total_minutes > 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _offset(word: str, folded: str) -> str | ParseError | None:
    match = _OFFSET.fullmatch(folded)
    if match is None:
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    sign = -1 if match[1] != "+" else 1
    total = sign * (hours * 60 + minutes)
    if minutes >= 60 or not -12 * 60 <= total <= 14 * 60:
        return ParseError(f"{quoted(word)} is not a UTC offset: they run from -12:00 to +14:00.")
    return offset_key(total)


# A place or zone name: letters and the few marks names use (Port of Spain, St. John's,
# America/Port-au-Prince), at most four words; a sentence ("ok thanks, bye") is not one.
_NAME = re.compile(r"[^\W\d_]+(?:[ /'.()-]+[^\W\d_]+)*[.)]?")


def looks_like_zone(text: str) -> bool:
    """Whether ``text`` is meant as a time zone (right or wrong): a name, an offset, or a
    number or clock time that would be an offset with a sign."""
    folded = _folded(text.strip()).replace("_", " ")
    if len(folded) <= 60 and _NAME.fullmatch(folded):
        return len(folded.split()) <= 4
    return any(pattern.fullmatch(folded) for pattern in (_OFFSET, _UNSIGNED, _CLOCK_TIME))


def read_zone(text: str) -> ZoneAnswer | ParseError:
    """A zone from what a learner types; the key is an IANA name or ``UTC±HH:MM``."""
    word = text.strip()
    folded = _folded(word)
    if folded in _UTC_NAMES:
        return ZoneAnswer("UTC")
    offset = _offset(word, folded)
    if isinstance(offset, str):
        return ZoneAnswer(offset)
    if offset is not None:
        return offset
    if _CLOCK_TIME.fullmatch(folded) or _UNSIGNED.fullmatch(folded):
        return ParseError(
            f"{quoted(word)} is not a time zone: an offset needs its sign, like +05:30 or "
            "-03:00. Or type a city (Berlin) or a zone name (Europe/Berlin)."
        )
    if folded in _ABBREVIATIONS:
        zone, region = _ABBREVIATIONS[folded]
        return ZoneAnswer(
            zone,
            f"I read {word.upper()} as {zone} ({region}), which follows daylight saving. "
            "For a fixed offset all year, send it with its sign, e.g. UTC-5.",
        )
    if folded in _AMBIGUOUS:
        options = ", ".join(_AMBIGUOUS[folded])
        return ParseError(
            f"{word.upper()} means different zones in different places ({options}). "
            "Type the zone name or your city."
        )
    if folded in _SEVERAL:
        options = ", ".join(_SEVERAL[folded])
        return ParseError(
            f"{word} has several time zones ({options}, …). Type your city or its zone name."
        )
    name = _PLACES.get(folded) or _city_names().get(folded) or _zone_names().get(folded)
    if name is None:
        return ParseError(f"I don't know the time zone {quoted(word)}. Type {ZONE_EXAMPLES}.")
    return ZoneAnswer(name)


def parse_zone(text: str) -> str | ParseError:
    """The zone key of ``read_zone``, without its remark."""
    answer = read_zone(text)
    return answer if isinstance(answer, ParseError) else answer.key


def zone_from_key(key: str) -> tzinfo:
    """The tzinfo for a key made by ``read_zone``."""
    if key.startswith("UTC") and len(key) == 9:
        sign = -1 if key[3] == "-" else 1
        return timezone(sign * timedelta(hours=int(key[4:6]), minutes=int(key[7:9])))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone key {key!r}") from None
