"""Picking a provider's voice for a manju voice from tables keyed by who is speaking.

A manju voice dict names an espeak or Kokoro voice (``"cmn-latn-pinyin+f3"``, ``"af_bella"``),
a pitch and a language. A provider with voices of its own is given a table: the first of
these keys it has wins: ``character:<id>``, the voice name, ``narrator``, ``<gender>_<age>``,
``<gender>``, ``default``. A value may be a list, from which one is picked by a stable hash of
the voice, so characters of one gender get different voices.
"""

from __future__ import annotations

import hashlib
from typing import Any

_FEMALE = {"f1", "f2", "f3", "f4", "f5", "annie", "andrea", "alicia", "belinda", "linda",
           "aunty", "grandma", "whisperf"}
_OLD = {"grandpa", "croak", "grandma"}


def voice_lang(voice: dict[str, Any]) -> str:
    """``"zh"`` for a Mandarin voice, else ``"en"``."""
    name = str(voice.get("voice", ""))
    return "zh" if voice.get("lang") == "zh" or name.startswith(("cmn", "z")) else "en"


def keys(voice: dict[str, Any]) -> list[str]:
    """The table keys for ``voice``, most specific first."""
    name = str(voice.get("voice", ""))
    variant = name.split("+", 1)[1].lower() if "+" in name else ""
    kokoro = name[1:2] if len(name) > 2 and name[2] == "_" else ""  # af_bella: f
    gender = voice.get("gender") or ("female" if variant in _FEMALE or kokoro == "f" else
                                     "male" if variant or kokoro == "m" else "unknown")
    age = voice.get("age") or ("old" if variant in _OLD else
                               "child" if int(voice.get("pitch", 50)) >= 80 else "adult")
    out = [f"character:{voice['character']}"] if voice.get("character") else []
    out.append(name)
    if voice.get("narrator") or is_narrator(voice):
        out.append("narrator")
    return out + [f"{gender}_{age}", str(gender), "default"]


def pick(voice: dict[str, Any], *tables: dict[str, Any]) -> str | None:
    """The first table entry for ``voice`` (see the module docstring), or None."""
    wanted = keys(voice)
    for table in tables:
        for k in wanted:
            choice = table.get(k)
            if not choice:
                continue
            if isinstance(choice, (list, tuple)):
                h = hashlib.sha256(f"{voice.get('voice')}|{voice.get('pitch')}|"
                                   f"{voice.get('character')}".encode()).digest()
                return str(choice[h[0] % len(choice)])
            return str(choice)
    return None


def is_narrator(voice: dict[str, Any]) -> bool:
    """Whether ``voice`` is the narrator's voice as the cast stage gives it."""
    from manju.audio.voices import NARRATOR, assign_voices

    n = assign_voices([], voice_lang(voice))[NARRATOR]
    return voice.get("voice") == n.voice and int(voice.get("pitch", -1)) == n.pitch
