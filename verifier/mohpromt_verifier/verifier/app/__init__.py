"""The border staff's verifier page: camera or file in, a large verdict out, all on localhost."""

from mohpromt_verifier.verifier.app.app import create_verifier_app

__all__ = ["create_verifier_app"]
