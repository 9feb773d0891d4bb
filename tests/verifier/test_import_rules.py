"""DESIGN.md: the verifier never imports ca/, issuer/ or storage/ — border staff run it without
the CA, its database or any private key."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("mohpromt_ca.ca", "mohpromt_ca.issuer", "mohpromt_ca.storage", "sqlalchemy", "pkilint")


def test_verifier_modules_load_without_the_authority() -> None:
    code = (
        "import sys, pkgutil, importlib, mohpromt_verifier.verifier as v\n"
        "for m in pkgutil.walk_packages(v.__path__, 'mohpromt_verifier.verifier.'):\n"
        "    importlib.import_module(m.name)\n"
        "import mohpromt_verifier.verifier.pdf_verifier, mohpromt_verifier.verifier.app\n"
        f"bad = sorted(n for n in sys.modules if n.startswith({FORBIDDEN!r}))\n"
        "print('FORBIDDEN=' + ','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "FORBIDDEN=", result.stdout
