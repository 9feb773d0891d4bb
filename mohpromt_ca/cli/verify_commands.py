"""verify and verifier serve: the verifier distribution's own commands, mounted here."""

from __future__ import annotations

from mohpromt_verifier.cli import verifier_group, verify_command

COMMANDS = [verify_command, verifier_group]
