"""``python -m mohpromt_verifier``: the same as the ``mohpromt-verifier`` command."""

from mohpromt_verifier.cli import verifier_main

verifier_main(prog_name="mohpromt-verifier")
