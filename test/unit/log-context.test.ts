import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { runInLogContext, withRequestId } from '../../src/platform/log-context.ts';
import { createLogger } from '../../src/platform/logger.ts';

describe('log context', () => {
  it('every line written inside a request or a job names it, through awaits and timers', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ LOG_LEVEL: 'info' }, 'test', sink);
    await runInLogContext({ reqId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info({ password: 'hunter2' }, 'inside');
    });
    logger.info('outside');
    const [inside, outside] = lines as [Record<string, unknown>, Record<string, unknown>];
    assert.equal(inside.reqId, 'req-1');
    assert.equal(inside.password, '[redacted]');
    assert.equal('reqId' in outside, false);
  });

  it('a job queued inside a request carries its id; one queued elsewhere carries none', () => {
    assert.deepEqual(
      runInLogContext({ reqId: 'req-2', queue: 'events' }, () => withRequestId({ requestId: 'a' })),
      { requestId: 'a', reqId: 'req-2' },
    );
    assert.deepEqual(withRequestId({ requestId: 'a' }), { requestId: 'a' });
    // An id already carried (a job queued by a job) is kept.
    assert.deepEqual(
      runInLogContext({ reqId: 'req-3' }, () => withRequestId({ reqId: 'req-2' })),
      { reqId: 'req-2' },
    );
  });
});
