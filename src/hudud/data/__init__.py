"""Packaged reference data (crossing points)."""
