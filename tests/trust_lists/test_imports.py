"""trust_lists knows nothing of the CA: no import of ca/, issuer/, storage/ (DESIGN.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mohpromt_ca" / "trust_lists"
FORBIDDEN = ("ca", "issuer", "storage", "verifier", "cli", "plugins")


def test_no_import_of_the_authority_in_source() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                parts = module.split(".")
                if node.level >= 2 or module.startswith("mohpromt_ca."):
                    head = parts[0] if node.level >= 2 else (parts[1] if len(parts) > 1 else "")
                    assert head not in FORBIDDEN, f"{path.name} imports {module}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not any(alias.name.startswith(f"mohpromt_ca.{f}") for f in FORBIDDEN), path.name


def test_importing_every_module_loads_no_database() -> None:
    code = ("import sys, importlib, pkgutil, mohpromt_verifier.trust_lists as p\n"
            "for m in pkgutil.iter_modules(p.__path__):\n"
            "    importlib.import_module(f'mohpromt_verifier.trust_lists.{m.name}')\n"
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'mohpromt_ca.ca',"
            " 'mohpromt_ca.storage', 'mohpromt_ca.issuer'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
