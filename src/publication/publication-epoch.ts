import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.ts';
import { withTimeout } from '../platform/with-timeout.ts';
import type { RequestNotifier } from '../requests/request-event-queue.ts';

/**
 * A counter in Redis that every process reads before it trusts what it keeps
 * of public lists (search's ranking cache): a takedown raises it, so within a
 * second every web process forgets what it kept, whatever process took the
 * request down. A process reads the counter at most once a second; when Redis
 * does not answer it keeps the last value, and its caches' own lifetime (15 s)
 * still bounds what a takedown can leave behind.
 */
export interface PublicationEpoch {
  /** The counter as this process last read it (read again when older than a second). */
  current(): Promise<number>;
  /** Raises the counter: something left publication. Never throws. */
  bump(): Promise<void>;
}

const READ_EVERY_MS = 1_000;
const TIMEOUT_MS = 500;

export function publicationEpoch(redis: Redis, prefix: string, logger: Logger): PublicationEpoch {
  const key = `${prefix}:publication:epoch`;
  let value = 0;
  let readAt = -Infinity;
  return {
    async current() {
      if (Date.now() - readAt < READ_EVERY_MS) return value;
      try {
        value = Number((await withTimeout(redis.get(key), TIMEOUT_MS)) ?? 0);
        readAt = Date.now();
      } catch {
        // Redis is down: keep the last value and try again at the next read.
      }
      return value;
    },
    async bump() {
      try {
        value = await withTimeout(redis.incr(key), TIMEOUT_MS);
        readAt = Date.now();
      } catch (error) {
        logger.warn({ err: error }, 'could not tell the other processes of a takedown');
      }
    },
  };
}

/** The event types after which a request is no longer public. */
const LEFT_PUBLICATION: ReadonlySet<string> = new Set(['unpublished']);

/** A notifier that also raises the publication epoch after a takedown (then does what `inner` does). */
export function notifyingTakedowns(
  inner: RequestNotifier,
  epoch: PublicationEpoch,
): RequestNotifier {
  return {
    async afterEvent(request, event) {
      if (LEFT_PUBLICATION.has(event.type)) await epoch.bump();
      await inner.afterEvent(request, event);
    },
  };
}
