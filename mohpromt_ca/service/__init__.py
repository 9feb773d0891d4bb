"""The issuance service: accounts, API keys, authorisation, the REST API and the app.

An edge package (DESIGN.md): it talks to people and programs and calls ``issuer`` and
``ca``; nothing below it imports it.
"""
