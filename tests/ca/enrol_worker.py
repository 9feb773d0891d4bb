"""Run as a separate process by test_concurrency: enrol signers, print their serials as JSON."""

from __future__ import annotations

import json
import sys


def main() -> None:
    from mohpromt_ca.authority.context import Authority
    from mohpromt_ca.config import Settings
    from mohpromt_ca.registration.desk import enrol_signer

    settings_json, facility_id, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    authority = Authority.open(Settings(**json.loads(settings_json)), actor=f"worker-{worker}")
    serials = []
    for n in range(count):
        enrolment = enrol_signer(authority, facility_id=facility_id, profession="physician",
                                 licence=f"ว.{worker * 1000 + n}", name_th="นายแพทย์ คู่ขนาน", name_en="Parallel Doctor")
        serials.append(format(enrolment.certificate.serial_number, "x"))
    authority.close()
    print(json.dumps(serials))


if __name__ == "__main__":
    main()
