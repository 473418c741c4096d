import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDependencyDown } from '../../src/platform/dependency-errors.ts';
import { mongoOptions } from '../../src/platform/mongo.ts';

const named = (name: string, message = '', extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('isDependencyDown', () => {
  it('knows the driver errors of an unreachable MongoDB', () => {
    for (const name of [
      'MongoNetworkError',
      'MongoServerSelectionError',
      'MongooseServerSelectionError',
      'MongoNotConnectedError',
      'MongoPoolClearedError',
    ])
      assert.equal(isDependencyDown(named(name)), true, name);
    assert.equal(
      isDependencyDown(named('MongooseError', 'Operation `requests.find()` buffering timed out')),
      true,
    );
  });

  it('knows a replica set stepping down, and FerretDB without its PostgreSQL', () => {
    assert.equal(isDependencyDown(named('MongoServerError', 'not primary', { code: 10107 })), true);
    assert.equal(
      isDependencyDown(
        named('MongoServerError', 'terminating connection due to administrator command', {
          code: 1,
        }),
      ),
      true,
    );
    assert.equal(
      isDependencyDown(
        named('MongoServerError', 'pool.go:90: failed to connect to `user=postgres`: dial error', {
          code: 1,
        }),
      ),
      true,
    );
  });

  it('knows ioredis giving up, also as the cause of another error', () => {
    assert.equal(isDependencyDown(named('MaxRetriesPerRequestError')), true);
    assert.equal(isDependencyDown(new Error('Connection is closed.')), true);
    assert.equal(
      isDependencyDown(
        new Error('session store failed', { cause: new Error('Connection is closed.') }),
      ),
      true,
    );
  });

  it('knows a socket to a dependency that the other end closed (EPIPE), refused or reset', () => {
    for (const code of ['EPIPE', 'ECONNREFUSED', 'ECONNRESET'])
      assert.equal(
        isDependencyDown(
          Object.assign(new Error('This socket has been ended by the other party'), { code }),
        ),
        true,
        code,
      );
  });

  it('leaves bugs and ordinary server errors alone', () => {
    assert.equal(isDependencyDown(new TypeError('x is undefined')), false);
    assert.equal(
      isDependencyDown(named('MongoServerError', 'E11000 duplicate key', { code: 11000 })),
      false,
    );
    assert.equal(isDependencyDown(named('MongoServerError', 'bad query', { code: 1 })), false);
    assert.equal(isDependencyDown(null), false);
    assert.equal(isDependencyDown('Connection is closed.'), false);
  });
});

describe('mongoOptions', () => {
  it('writes with majority on a replica set that names no w', () => {
    assert.deepEqual(mongoOptions('mongodb://a,b,c/haqq?replicaSet=rs0').writeConcern, {
      w: 'majority',
    });
    assert.deepEqual(mongoOptions('mongodb+srv://cluster.example.org/haqq').writeConcern, {
      w: 'majority',
    });
  });

  it('leaves the concern to the URL when it names one, and to the server on a single node', () => {
    assert.equal(mongoOptions('mongodb://a,b,c/haqq?replicaSet=rs0&w=1').writeConcern, undefined);
    assert.equal(mongoOptions('mongodb://a/haqq?replicaSet=rs0&W=2').writeConcern, undefined);
    assert.equal(mongoOptions('mongodb://127.0.0.1:27027/haqq').writeConcern, undefined);
  });
});
