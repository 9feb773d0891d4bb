"""Booking: appointments for vaccination and tests at a facility; completing one issues the
vaccination record PDF and the EU DCC (or the test result PDF and a test DCC) and attaches
them to the appointment.

- :mod:`.store`: the plugin's tables (``plugin_booking_*``) — no citizen ID in clear;
- :mod:`.service`: :class:`BookingService`, the same code over any ``CaClient`` (in process,
  the caller's ``PrincipalClient`` in the service, or ``HttpClient`` from another process);
- :mod:`.routes`: ``/plugins/booking/...``, a facility's API key sees only its appointments;
- :mod:`.plugin`: :class:`BookingPlugin`, the entry point ``booking``.

Kept light at import (plugins are imported whenever certificate types are listed).
"""

from __future__ import annotations

from mohpromt_plugins.booking.plugin import BookingPlugin

__all__ = ["BookingPlugin"]
