"""`mohpromt-ca bench` runs and reports rates and ratios (never timed assertions)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_bench_reports_rate_primitive_and_ratio() -> None:
    result = subprocess.run([sys.executable, "-m", "mohpromt_ca.cli", "bench", "ca-issue", "ocsp", "tsa", "plugins",
                             "--seconds", "0.05", "--json"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [r["scenario"] for r in reports] == ["ca-issue", "ocsp", "tsa", "plugins"]
    for report in reports:
        assert report["rate"]["per_second"] > 0 and report["primitive"]["per_second"] > 0
        assert report["ratio_primitive_to_scenario"] > 0
