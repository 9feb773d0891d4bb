"""The format layer stays on the ground floor: both the issuer and the standalone
verifier import it, so it must not import the CA, issuer, storage or verifier."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import mohpromt_verifier.formats

FORBIDDEN = ("mohpromt_ca.ca", "mohpromt_ca.issuer", "mohpromt_ca.storage", "mohpromt_verifier.verifier",
             "mohpromt_ca.cli", "mohpromt_ca.config")
PACKAGE = Path(mohpromt_verifier.formats.__file__).parent


def test_no_upward_imports() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_importing_does_not_pull_heavy_modules() -> None:
    code = (
        "import sys, mohpromt_verifier.formats.hcert, mohpromt_verifier.formats.qr;"
        "print(','.join(m for m in ('pyhanko', 'fastapi', 'sqlalchemy', 'pycose', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_package_data_is_inside_the_package() -> None:
    assert (PACKAGE / "hcert" / "data" / "DCC.combined-schema.json").is_file()
    for py in PACKAGE.rglob("*.py"):
        text = py.read_text("utf-8")
        assert "../shared" not in text and '"shared"' not in text and "/work/" not in text, py
