"""A facility's appointments as one HTML page (Thai first, English beside it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from mohpromt_ca.plugins import BANGKOK, thai_date

_TEMPLATE = """<!doctype html>
<html lang="th">
<head><meta charset="utf-8"><title>นัดหมาย / Appointments</title>
<style>body{font-family:Sarabun,sans-serif;margin:2rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body>
<h1>นัดหมาย <small>/ Appointments</small></h1>
{% if day %}<p>{{ day_th }} / {{ day.isoformat() }}</p>{% endif %}
<table>
<thead><tr><th>เวลา / Time</th><th>ผู้รับบริการ / Person</th><th>บริการ / Service</th>
<th>สถานะ / Status</th><th>เอกสาร / Documents</th></tr></thead>
<tbody>
{% for a in appointments %}<tr>
<td>{{ a.slot_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") }}</td>
<td>{{ a.holder.title }} {{ a.holder.name_th }}<br><small>{{ a.holder.name_en }}</small></td>
<td>{{ kinds[a.kind] }}</td>
<td>{{ statuses.get(a.status, a.status) }}{% if a.failure %}<br><small>{{ a.failure }}</small>{% endif %}</td>
<td>{% for d in a.documents %}{{ d.number }} ({{ d.status }}){% if not loop.last %}<br>{% endif %}{% endfor %}</td>
</tr>{% else %}<tr><td colspan="5">ไม่มีนัดหมาย / No appointments</td></tr>{% endfor %}
</tbody></table>
</body></html>
"""

KINDS = {"vaccination": "ฉีดวัคซีน / Vaccination", "rt-pcr": "ตรวจ RT-PCR / RT-PCR test",
         "atk": "ตรวจ ATK / Antigen test"}
STATUSES = {"booked": "จองแล้ว / Booked", "in-progress": "กำลังออกเอกสาร / Issuing",
            "completed": "เสร็จสิ้น / Completed", "failed": "ไม่สำเร็จ / Failed", "cancelled": "ยกเลิก / Cancelled"}


def render_page(appointments: Sequence[Any], *, day: dt.date | None = None) -> str:
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(_TEMPLATE)
    return template.render(appointments=appointments, day=day, day_th=thai_date(day) if day else "", tz=BANGKOK,
                           kinds=KINDS, statuses=STATUSES)
