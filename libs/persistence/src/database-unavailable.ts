/**
 * Whether an error says the database cannot be reached or is not serving (stopped, restarting,
 * unreachable, out of connections), as opposed to refusing a statement: a failure that passes, which
 * a service answers with "try again later" rather than as a fault of its own. Reads what node-postgres
 * and TypeORM throw: socket errors, the driver's lost-connection messages, and the SQLSTATEs of class 08
 * (connection exception), 57P01–57P03 (shutting down, cannot connect now) and 53300 (too many
 * connections); through `cause`, TypeORM's `driverError` and an AggregateError's `errors`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// node-postgres and its pool, when the connection is lost or cannot be made.
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Connection closed)/;

function unavailable(error: unknown, depth: number): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, driverError, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => unavailable(inner, depth + 1))) return true;
  return unavailable(driverError, depth + 1) || unavailable(cause, depth + 1);
}
