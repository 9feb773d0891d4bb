"""Run as a separate process by test_audit_sealing: register facilities (each one transaction that
appends an audit entry), or run the sequencer in a loop until a stop file appears."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    from mohpromt_ca.application.audit_log import seal_pending
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import register_facility

    settings_json, role, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    authority = Authority.open(Settings(**json.loads(settings_json)), actor=f"worker-{worker}")
    if role == "append":
        for n in range(count):
            register_facility(authority, type="pharmacy", licence=f"W{worker}-{n}", name_th="ร้านยา",
                              name_en=f"Shop {worker}-{n}")
        print(json.dumps({"appended": count}))
    else:
        stop = Path(sys.argv[5])
        batches = 0
        while not stop.exists():
            batches += seal_pending(authority, batch=count).checkpoints
            time.sleep(0.05)
        print(json.dumps({"checkpoints": batches}))
    authority.close()


if __name__ == "__main__":
    main()
