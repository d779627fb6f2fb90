"""Editing in plain language: English or Chinese instructions turned into typed operations
(:mod:`manju.doc.ops`) by an offline parser."""

from __future__ import annotations

from manju.edit.parser import parse_instruction
from manju.edit.plan import Plan

__all__ = ["Plan", "parse_instruction"]
