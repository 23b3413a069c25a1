"""Hudud (حدود): regional border-security information system for North Africa and the Sahel."""

from hudud.compiled import guard

__version__ = "0.1.0"

guard()  # the compiled screening engine, or its source when that changed since (hudud.compiled)
