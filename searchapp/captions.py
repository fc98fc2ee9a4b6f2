"""Transcripts as caption files (.vtt, .srt): what was said in a broadcast, a press conference or
a video, as yt-dlp saves a video's subtitles (`Title [id].en.vtt`, beside its `.info.json`) or a
TV archive gives its closed captions. The words in order, without timings, cue numbers or
styling, a rolling caption's repeated line once, and a paragraph where the speaker changes (">>")
or pauses; the title, channel, date and address from yt-dlp's info file where there is one."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from .clean import Page
from .metadata import parse_date, web_url

PAUSE = 2.0  # seconds of silence that part paragraphs
SPEAKER = ">>"  # where closed captions mark a new speaker
_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"  # (VTT may leave out the hours)
_TIMING = re.compile(rf"{_TIME}[ \t]*-->[ \t]*{_TIME}")
_TAG = re.compile(r"<[^<>]*>")  # VTT's <c>, <v Name>, <00:00:01.000>; SRT's <i>, <font ...>
_BLOCKS = re.compile(r"\n[ \t]*\n")
_LANGUAGE = re.compile(r"\.[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*$")  # (yt-dlp's ".en", ".en-US", ".pt-BR")
_VIDEO_ID = re.compile(r"\s*\[[^\[\]\s]+\]$")  # (yt-dlp's " [dQw4w9WgXcQ]")


def base(name: str) -> str:
    """A caption file's name less its suffix and language: its video's, as yt-dlp names the
    video's other files ("Title [id].en.vtt" -> "Title [id]", beside "Title [id].info.json")."""
    return _LANGUAGE.sub("", name.rsplit(".", 1)[0])


def page(text: str, name: str, info: bytes | None) -> Page:
    """A transcript's page: its words (transcript), titled by yt-dlp's `info` (its JSON) or else
    by the file's `name` (less its language and video id), dated, addressed and attributed to
    its channel by the info."""
    about = _info(info)
    title = about.get("title") if isinstance(about.get("title"), str) else None
    when = next((str(about[k]) for k in ("release_date", "upload_date") if about.get(k)), "")
    channel = next((about[k] for k in ("channel", "uploader") if isinstance(about.get(k), str)), None)
    return Page(
        title=title or _VIDEO_ID.sub("", base(name)) or None,
        body=transcript(text),
        date=parse_date(when) if when else None,
        url=web_url(about.get("webpage_url")),
        outlet=channel,
    )


def transcript(text: str) -> str:
    """The words of a WebVTT or SubRip file, a paragraph a line: parted where the speaker
    changes or pauses PAUSE seconds."""
    paragraphs: list[list[str]] = [[]]
    said, ended = "", None
    for block in _BLOCKS.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        timings = ((at, timing) for at, line in enumerate(lines[:3]) if (timing := _TIMING.search(line)))
        cue = next(timings, None)
        if cue is None:  # (VTT's header, a NOTE, a STYLE or REGION block; a cue id alone)
            continue
        at, timing = cue
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:])
        if ended is not None and start - ended >= PAUSE and paragraphs[-1]:
            paragraphs.append([])
        ended = end
        for line in lines[at + 1 :]:
            line = " ".join(unescape(_TAG.sub("", line)).split())
            if not line or line == said:  # (a rolling caption shows the line before again)
                continue
            said = line
            if line.startswith(SPEAKER):
                line = line.lstrip(">").strip()
                if paragraphs[-1]:
                    paragraphs.append([])
            paragraphs[-1].append(line)
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


def _seconds(parts: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, fraction = (part or "0" for part in parts)
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction) / 10 ** len(fraction)


def _info(data: bytes | None) -> dict[str, Any]:
    """yt-dlp's info file's fields; none where there is no file, or it is no JSON object."""
    try:
        value = json.loads(data) if data else {}
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}
