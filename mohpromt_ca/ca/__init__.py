"""The authority: keys, profiles, issuing, registration, revocation, audit."""
