"""Settings refuse a mistyped ``MOHPROMT_*`` variable, naming the nearest known one; nothing
that is read today (a setting, or a variable read outside Settings) is refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mohpromt_ca.config import OTHER_VARIABLES, Settings, check_environment, known_variables
from mohpromt_ca.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No MOHPROMT_* variable from the caller's shell (CI may set the TEST_ ones)."""
    for name in list(os.environ):
        if name.upper().startswith("MOHPROMT_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_typo_is_refused_naming_the_nearest_setting(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("MOHPROMT_KEY_PASSPRASE", "a passphrase")
    with pytest.raises(ConfigError) as caught:
        Settings()
    assert caught.value.message == ("unknown setting MOHPROMT_KEY_PASSPRASE; "
                                    "did you mean MOHPROMT_KEY_PASSPHRASE?")
    assert caught.value.code == "unknown-setting" and caught.value.exit_code == 3
    assert "a passphrase" not in str(caught.value)  # the value (a secret, maybe) is never echoed


def test_several_unknown_are_all_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("MOHPROMT_DATADIR", "/tmp/x")
    clean_env.setenv("MOHPROMT_ZZZ", "1")
    with pytest.raises(ConfigError) as caught:
        Settings()
    message = caught.value.message
    assert message.startswith("unknown settings MOHPROMT_DATADIR (did you mean MOHPROMT_DATA_DIR?), MOHPROMT_ZZZ (")
    # nothing is near ZZZ: the settings are listed instead of a wild guess
    assert "did you mean" not in message.split("MOHPROMT_ZZZ", 1)[1]
    assert "MOHPROMT_KEY_PASSPHRASE" in message and "\n" not in message


def test_known_names_pass_in_any_case(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("mohpromt_data_dir", str(tmp_path))  # pydantic-settings reads names case-insensitively
    clean_env.setenv("MOHPROMT_PADES_LEVEL", "B-T")
    settings = Settings()
    assert settings.data_dir == tmp_path and settings.pades_level == "B-T"


def test_variables_read_outside_settings_are_accepted(clean_env: pytest.MonkeyPatch) -> None:
    for name in OTHER_VARIABLES:
        clean_env.setenv(name, "1")
    Settings()
    check_environment({name: "1" for name in known_variables()})
    with pytest.raises(ConfigError):
        check_environment({"MOHPROMT_DEBUGG": "1"})


def test_every_variable_the_project_reads_is_known() -> None:
    """Every MOHPROMT_* name in the code, the tests and the README is a setting or listed in
    OTHER_VARIABLES: otherwise setting it would stop the CLI and the service from starting."""
    known = set(known_variables())
    seen: dict[str, str] = {}
    sources = [ROOT / "README.md", *(ROOT / "verifier").glob("*.md")]
    for folder in ("mohpromt_ca", "mohpromt_plugins", "verifier/mohpromt_verifier", "tests", ".ci"):
        sources += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in {".py", ".md", ".toml", ""}]
    for path in sources:
        if path == Path(__file__).resolve() or "__pycache__" in path.parts:
            continue
        for name in re.findall(r"MOHPROMT_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8", errors="replace")):
            seen.setdefault(name, str(path.relative_to(ROOT)))
    assert len(seen) >= 20  # the scan found the settings the README documents
    unknown = {name: where for name, where in seen.items() if name not in known}
    assert not unknown, f"read but unknown to mohpromt_ca.config (add to OTHER_VARIABLES): {unknown}"


def test_cli_refuses_a_typo_with_one_line_and_exit_3(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("MOHPROMT_")}
    env.update(MOHPROMT_DATA_DIR=str(tmp_path / "data"), MOHPROMT_KEY_PASSPRASE="not the real one")
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "audit", "verify"], capture_output=True,
                            text=True, env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=120)
    assert result.returncode == 3, result.stderr
    assert result.stderr == ("error: unknown setting MOHPROMT_KEY_PASSPRASE; "
                             "did you mean MOHPROMT_KEY_PASSPHRASE?\n")
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()  # refused before anything was created

    env.pop("MOHPROMT_KEY_PASSPRASE")
    fine = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "audit", "verify"], capture_output=True,
                          text=True, env={**env, "MOHPROMT_DEBUG": "1"}, cwd=tmp_path, stdin=subprocess.DEVNULL,
                          timeout=120)
    assert fine.returncode == 0, fine.stderr
    assert "chain verified" in fine.stdout
