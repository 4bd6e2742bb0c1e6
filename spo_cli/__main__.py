"""`python -m spo_cli`."""

from .cli import main

main()
