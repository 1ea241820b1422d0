/**
 * The Content-Security-Policy of the staff console's files, the same from `npm start` and
 * from CloudFront (its response-headers policy): nothing but the console's own files, no
 * framing. Citizens' text shown to staff can never run as script.
 */
export const CONSOLE_CSP =
  "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
