/**
 * Whether an error means the database cannot serve right now (down, restarting, recovering,
 * out of disk or connections) rather than that the request was wrong. Such a request was rolled
 * back whole, so the client is told to come back (503 with Retry-After) instead of a 500.
 *
 * SQLSTATE classes: 08 connection exception, 53 insufficient resources (53100 disk full),
 * 57P01–57P03 shutdown and "starting up"; plus the Node and pg pool errors of a lost connection.
 */
const SQLSTATE = /^(08|53|57P0[1-3])/;
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SQLSTATE.test(code) || NODE_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    // TypeORM wraps the driver's error.
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client waits before trying again: the embedded database is back within about this. */
export const DATABASE_RETRY_AFTER_SECONDS = 15;
