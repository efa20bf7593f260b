/** Headers every answer carries: no inline scripts, no sniffing, no referrer, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Adds the security headers a response does not set itself. */
export function secure(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
}

// Answers made whole by the route (security headers set, compressed or not as asked): the
// middleware leaves them as they are, so the server writes them without rebuilding them.
const finished = new WeakSet<Response>();

/** Marks a response as made whole by its route. */
export function markFinished(response: Response): Response {
  finished.add(response);
  return response;
}

/** True for a response its route made whole. */
export function isFinished(response: Response): boolean {
  return finished.has(response);
}
