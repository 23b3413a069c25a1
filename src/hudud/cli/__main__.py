"""``python -m hudud.cli``."""

from hudud.cli import main

main()
