"""Hudud (حدود): regional border-security information system for North Africa and the Sahel."""

__version__ = "0.1.0"
