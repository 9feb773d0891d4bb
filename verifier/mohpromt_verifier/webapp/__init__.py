"""The border staff's offline web app (PWA) and ``verify.mjs``, the same verifier as a Node command.

``src/`` holds the JavaScript sources, ``static/`` the page, style, manifest and service
worker, ``dist/`` the committed bundle (``npm ci && npm run build`` in this folder rebuilds it;
``BUILD-STAMP.json`` records the digest of every input, checked by the tests without node).
``build.write_app`` assembles a servable folder from these plus the Sarabun fonts and the trust
data of a trust-list cache (``mohpromt-ca verifier build``).
"""
