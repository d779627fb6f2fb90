"""Editing in plain language with a language model: the operations are offered as tools.

The model sees a compact outline of the project (characters, scenes, shots, lines with their
ids) and the user's instruction, and answers with function calls, one per operation; it never
writes the document. Each call is validated by building the operation
(:func:`manju.doc.ops.make`); when a call is rejected, the model is told why (the schema or
target error) and gets one more try. A reply without calls is a question or an answer for
the user, shown as it is.
"""

from __future__ import annotations

import json
from typing import Any

from manju.doc import ops
from manju.doc.model import Project
from manju.edit.plan import Item, Plan, detect_lang, say
from manju.errors import BackendError, InputError

__all__ = ["tools", "outline", "plan_with_llm"]

_TARGETS = {
    "set_look": "the character's id or name",
    "set_voice": "the character's id or name",
    "set_shot": "the shot's id (sh_...) or its number in story order",
    "delete_shot": "the shot's id (sh_...) or its number in story order",
    "move_shot": "the shot's id (sh_...) or its number in story order",
    "set_line": "the line's id (l_...)",
    "set_scene": "the scene's id (sc_...) or its number",
    "set_settings": "always \"project\"",
    "split_shot": "the shot's id (sh_...) or its number in story order",
    "merge_shots": "the shot's id (sh_...) or its number; it takes in the next shot of its scene",
    "insert_shot": "the shot's id (sh_...) or its number; the new shot goes after it",
    "retime": "the shot's id (sh_...) or its number in story order",
    "add_prop": "the shot's id (sh_...) or its number in story order",
    "remove_prop": "the shot's id (sh_...) or its number in story order",
}
_MAX_LINES = 400  # lines listed in the outline; longer projects are cut (the ids stay valid)


def tools() -> list[dict[str, Any]]:
    """One OpenAI function definition per operation kind (a batch is several calls)."""
    out = []
    for kind, where in _TARGETS.items():
        params: dict[str, Any] = {"type": "object", "properties": {
            "target": {"type": "string", "description": where}}, "required": ["target"]}
        patch = ops._PATCH.get(kind)
        if patch is not None:
            schema = patch.model_json_schema()
            if kind == "set_shot":
                # The other fields of a shot's override have their own operations.
                schema["properties"] = {k: v for k, v in schema["properties"].items()
                                        if k in ops.SET_SHOT_FIELDS}
            params["properties"]["after"] = {**schema,
                                             "description": "the fields to set, nothing else"}
            params["required"].append("after")
        doc = (_op_class(kind).__doc__ or kind).strip().splitlines()[0]
        out.append({"name": kind, "description": doc, "parameters": params})
    return out


def _op_class(kind: str) -> type[Any]:
    return ops.CLASSES[kind]


def outline(project: Project) -> str:
    """What the model is told about the project: ids, names and the words of every line."""
    names = {c.id: c.name for c in project.characters}
    rows = [f"language: {project.lang}; style: {project.settings.style}",
            "characters: " + "; ".join(
                f"{c.id} {c.name}" + (f" (also {', '.join(c.aliases)})" if c.aliases else "")
                for c in project.characters)]
    n_shot = 0
    n_line = 0
    for i, sc in enumerate(project.scenes(), 1):
        st = sc.setting
        rows.append(f"scene {i} {sc.id}: {sc.heading or ''} [{st.kind}, {st.time}, {st.weather}, "
                    f"mood {sc.mood}]")
        for sh in sc.shots:
            n_shot += 1
            who = ", ".join(names.get(s, s) for s in sh.subjects) or "nobody"
            rows.append(f"  shot {n_shot} {sh.id}: {sh.framing}, {who}")
            for cue in sh.cues:
                n_line += 1
                if n_line > _MAX_LINES:
                    continue
                ln = project.line(cue.line)
                speaker = names.get(ln.speaker or "", "narration") if ln.kind == "dialogue" \
                    else "narration"
                rows.append(f"    {ln.id} {speaker} ({ln.emotion}): {ln.text[:120]}")
    if n_line > _MAX_LINES:
        rows.append(f"  ... {n_line - _MAX_LINES} more lines not listed")
    return "\n".join(rows)


def _system(lang: str) -> str:
    return ("You edit a motion comic project. Call the functions to make exactly the change the "
            "user asks for, using only ids and names from the outline; several calls for several "
            "changes. If the instruction is ambiguous (two people it could mean), or asks for "
            "something the functions cannot do, call nothing and answer in one short sentence "
            f"in {'Chinese' if lang == 'zh' else 'English'}.")


def _items(calls: list[dict[str, Any]]) -> list[Item]:
    """The calls as operation items; InputError naming the first malformed one."""
    out = []
    for c in calls:
        if c["name"] not in _TARGETS:
            raise InputError(f"unknown function {c['name']!r} (known: {', '.join(_TARGETS)})")
        try:
            args = json.loads(c["arguments"] or "{}")
        except ValueError:
            raise InputError(f"{c['name']}: the arguments are not JSON") from None
        if not isinstance(args, dict) or not isinstance(args.get("target", ""), str):
            raise InputError(f"{c['name']}: the arguments must be an object with a string target")
        after = args.get("after") or {}
        if not isinstance(after, dict):
            raise InputError(f"{c['name']}: 'after' must be an object")
        out.append(Item(op=c["name"], target=str(args.get("target") or "project"), after=after))
    return out


def plan_with_llm(project: Project, text: str, llm: Any) -> Plan:
    """The plan a language model makes for ``text`` (see the module docstring).

    ``llm`` must offer ``complete_tools(messages, tools)`` (``llm.openai`` does). A backend
    failure raises :class:`~manju.errors.BackendError`.
    """
    if not hasattr(llm, "complete_tools"):
        raise BackendError(f"the language model backend {getattr(llm, 'name', llm)!r} cannot "
                           "call tools; edit without --llm")
    lang = detect_lang(text, project)
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": _system(lang)},
        {"role": "user", "content": f"Project outline:\n{outline(project)}\n\nInstruction: {text}"},
    ]
    defs = tools()
    for attempt in range(2):
        reply = llm.complete_tools(messages, defs)
        calls = reply.get("tool_calls") or []
        if not calls:
            answer = (reply.get("content") or "").strip()
            if answer:
                return Plan(text=text, lang=lang, status="question", message=answer)
            return Plan.nothing(project, text, lang)
        try:
            return Plan.build(project, text, lang, _items(calls))
        except InputError as err:
            if attempt:
                return Plan.nothing(project, text, lang, why=say(
                    lang, f"The model's edit was rejected twice: {err}",
                    f"模型给出的修改两次都不成立：{err}"))
            # Tell the model what was wrong with its calls and let it try once more.
            messages.append({"role": "assistant", "content": reply.get("content"),
                             "tool_calls": [{"id": c["id"], "type": "function", "function": {
                                 "name": c["name"], "arguments": c["arguments"]}} for c in calls]})
            for c in calls:
                messages.append({"role": "tool", "tool_call_id": c["id"],
                                 "content": f"rejected: {err}. Call again with corrected "
                                            "arguments (see the function's schema)."})
    raise AssertionError("unreachable")
