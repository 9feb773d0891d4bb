// A decoding failure tied to its pipeline stage; `code` is the same stage code the Python
// verifier reports (hc1-prefix, base45, zlib, cose, cbor, claims, input-too-large).
export class DecodeError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
// Bad input or usage (exit 3 on the command line).
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.code = "input";
  }
}
