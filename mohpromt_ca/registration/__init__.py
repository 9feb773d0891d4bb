"""The registration desk (RA): facilities, officers' decisions, signers' enrolment."""
