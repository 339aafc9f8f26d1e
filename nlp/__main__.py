"""``python -m nlp`` is the ``vn-directives`` command."""

from .cli import main

main(prog_name="vn-directives")
