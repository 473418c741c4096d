/**
 * Tells an error that means "a dependency is down" (MongoDB, Redis) from a bug,
 * so that the error handler answers 503 with `Retry-After` instead of 500.
 * Pure: it reads the error (and its causes), nothing else.
 */

/** The MongoDB driver's error classes for a server that cannot be reached or left. */
const MONGO_UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoServerClosedError',
]);

/**
 * MongoDB's server codes for a node that is stepping down, shutting down or
 * cannot reach its peers: HostUnreachable, HostNotFound, NetworkTimeout,
 * ShutdownInProgress, PrimarySteppedDown, SocketException, NotWritablePrimary,
 * InterruptedAtShutdown, InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk,
 * NotPrimaryOrSecondary.
 */
const MONGO_UNAVAILABLE_CODES = new Set([
  6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436,
]);

/**
 * FerretDB 2 answers with a plain server error (code 1, InternalError) when its
 * PostgreSQL is stopped or restarting; only the message tells. Seen in the fault
 * runs (`npm run bench -- faults`): "failed to connect to `user=postgres …`: dial
 * error", "terminating connection due to administrator command", "the database
 * system is starting up". Not needed on MongoDB.
 */
const FERRETDB_BACKEND_DOWN =
  /failed to connect to|terminating connection|the database system is (starting up|shutting down|in recovery mode)|connection refused|conn closed|unexpected EOF/i;

/** ioredis: a command given up on while the connection is down. */
const REDIS_DOWN =
  /^(Connection is closed\.|Stream isn't writeable|Reached the max retries per request limit)/;

/**
 * Socket errors of a connection to a dependency, as Node reports them. EPIPE ("this
 * socket has been ended by the other party") is the driver writing to a FerretDB
 * that was just killed (seen in the fault runs).
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function isDependencyError(error: object): boolean {
  const { name, code, message, errorLabels } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    errorLabels?: unknown;
  };
  if (typeof name === 'string') {
    if (MONGO_UNREACHABLE.has(name) || name === 'MaxRetriesPerRequestError') return true;
    if (
      name === 'MongooseError' &&
      typeof message === 'string' &&
      /buffering timed out/.test(message)
    )
      return true;
    if (name === 'MongoServerError' || name === 'MongoBulkWriteError') {
      if (typeof code === 'number' && MONGO_UNAVAILABLE_CODES.has(code)) return true;
      if (Array.isArray(errorLabels) && errorLabels.includes('ResetPool')) return true;
      if (code === 1 && typeof message === 'string' && FERRETDB_BACKEND_DOWN.test(message))
        return true;
    }
  }
  if (typeof message === 'string' && REDIS_DOWN.test(message)) return true;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/** True when `error`, or any error it was caused by, says a dependency is unreachable. */
export function isDependencyDown(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (isDependencyError(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** What a client is told to wait before trying again while a dependency is down, in seconds. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;
