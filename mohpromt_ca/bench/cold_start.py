"""bench cold-start: `mohpromt-ca verify HC1:...` in a fresh process vs importing what it rests on.

The reference is the wall time of ``python -c "import cryptography.hazmat.primitives.asymmetric.ec,
cbor2, zlib"`` (interpreter start plus the libraries an HC1 check needs); the scenario is the
wall time of a whole ``mohpromt-ca verify HC1:... --dsc FILE`` run, verdict printed. Both are run
alternately, the median of each is taken (issue 16's goal: at most 2.5x).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mohpromt_ca.bench.goals import time_goal
from mohpromt_ca.bench.timing import Rate, ScenarioResult

REFERENCE = "import cryptography.hazmat.primitives.asymmetric.ec, cbor2, zlib"


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, timeout=120)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[:4]} exited with {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed


def run(seconds: float = 2.0) -> ScenarioResult:
    from cryptography.hazmat.primitives.serialization import Encoding
    from pydantic import SecretStr

    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.authority.dsc import issue_dsc
    from mohpromt_ca.authority.hierarchy import initialise
    from mohpromt_ca.config import Settings
    from mohpromt_ca.issuer.dcc.service import DccIssuer

    with tempfile.TemporaryDirectory(prefix="mohpromt-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", key_passphrase=SecretStr("bench-only-passphrase"),
                            database_url=None)
        authority = Authority.open(settings, actor="bench")
        initialise(authority, organisation="Ministry of Public Health", country="TH")
        dsc = issue_dsc(authority).certificate
        hc1 = DccIssuer(authority).issue({
            "holder": {"family_name": "Jaidee", "given_name": "Somchai", "date_of_birth": "1985-04-12"},
            "vaccination": {"vaccine": "1119349007", "product": "EU/1/20/1528", "manufacturer": "ORG-100030215",
                            "dose_number": 2, "total_doses": 2, "date": "2021-08-30"},
        }).hc1
        authority.close()
        pem = Path(tmp) / "dsc.pem"
        pem.write_bytes(dsc.public_bytes(Encoding.PEM))
        verify = [sys.executable, "-m", "mohpromt_ca.cli", "verify", hc1, "--dsc", str(pem),
                  "--trust-list", str(Path(tmp) / "no-trust-list")]
        reference = [sys.executable, "-c", REFERENCE]
        _wall(verify), _wall(reference)  # warm the page cache and .pyc files
        verify_times: list[float] = []
        reference_times: list[float] = []
        deadline = time.perf_counter() + max(seconds, 1.0) * 2
        while len(verify_times) < 5 or time.perf_counter() < deadline:
            verify_times.append(_wall(verify))
            reference_times.append(_wall(reference))
    cli = statistics.median(verify_times)
    ref = statistics.median(reference_times)
    rate = Rate("mohpromt-ca verify HC1 (fresh process, median)", 1 / cli, len(verify_times), sum(verify_times))
    primitive = Rate("python -c 'import ...ec, cbor2, zlib' (median)", 1 / ref, len(reference_times),
                     sum(reference_times))
    notes = [f"verify HC1 in a fresh process: {cli * 1000:.0f} ms; the reference imports: {ref * 1000:.0f} ms "
             f"(medians of {len(verify_times)} alternate runs)"]
    goals = [time_goal("`mohpromt-ca verify HC1` fresh process / python -c 'import ec, cbor2, zlib'", cli, ref, 2.5)]
    return ScenarioResult("cold-start", rate, primitive, [], notes, goals)
