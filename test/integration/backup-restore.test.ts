import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import request from 'supertest';
import { RestoreRefused, restoreArchive } from '../../src/backup/backup-reader.ts';
import { writeBackup } from '../../src/backup/backup-writer.ts';
import { connectedDb, ensureIndexes } from '../../src/platform/mongo.ts';
import { RECONCILE_JOB } from '../../src/reminders/reminder-scheduler.ts';
import { seedDemoData } from '../../src/seed/seed.ts';
import { act, createUser, fileThroughApi, signIn } from '../support/factories.ts';
import { eventually } from '../support/mail.ts';
import { drained } from '../support/queues.ts';
import { deletePrefixed, startTestAppWithMailbox, type TestApp } from '../support/test-app.ts';
import { asBytes } from '../support/bytes.ts';

/**
 * The restore drill (issue 20): seed through the real app and workers, back up,
 * wipe the database and the queues, restore, reconcile; then the same requests,
 * events, documents (byte for byte), statistics and reminders.
 */
describe('backup and restore drill', () => {
  let harness: TestApp & Awaited<ReturnType<typeof startTestAppWithMailbox>>;
  let dir: string;
  before(async () => {
    harness = await startTestAppWithMailbox('backup_drill', {
      queues: ['events', 'mail', 'deadlines', 'stats', 'documents'],
    });
    dir = await mkdtemp(path.join(tmpdir(), 'haqq-backup-'));
  });
  after(async () => {
    await harness.close();
    await rm(dir, { recursive: true, force: true });
  });

  const db = () => connectedDb();
  const all = (name: string) => db().collection(name).find({}).sort({ _id: 1 }).toArray();
  const reminderIds = async () =>
    (await harness.workers.queues.deadlines.getJobs(['delayed', 'waiting']))
      .map((job) => job.id ?? '')
      .filter((id) => !id.startsWith('repeat'))
      .sort();
  const statistics = async () =>
    (await request(harness.app).get('/api/v1/stats?jurisdiction=JO').expect(200)).body as unknown;

  it('seed, back up, wipe, restore: the same requests, events, documents, statistics and reminders', async () => {
    await seedDemoData({});
    const citizenEmail = (await createUser('citizen')).email;
    let citizen = await signIn(harness.app, citizenEmail);
    const officerEmail = (await createUser('officer', { agency: 'JO-MOH' })).email;
    let officer = await signIn(harness.app, officerEmail);
    const refs = [
      await fileThroughApi(citizen, { subject: 'Hospital budgets' }),
      await fileThroughApi(citizen, { subject: 'عقود الصيانة', visibility: 'private' }),
      await fileThroughApi(citizen, { subject: 'Waiting lists' }),
    ];
    // Files of every kind of byte, one over GridFS's 255 KiB chunk.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const bytes = [
      Buffer.concat([png, randomBytes(300 * 1024)]),
      Buffer.from('%PDF-1.4\n% مرفق\n%%EOF\n'),
    ];
    const ids: string[] = [];
    for (const [i, content] of bytes.entries()) {
      const res = await officer.agent
        .post(`/api/v1/requests/${refs[0]!}/documents`)
        .set('X-CSRF-Token', officer.csrf)
        .attach('file', content, i === 0 ? 'scan.png' : 'budgets.pdf')
        .expect(201);
      ids.push((res.body as { id: string }).id);
    }
    await act(officer, refs[0]!, 'acknowledge').expect(200);
    await act(officer, refs[0]!, 'answer', { outcome: 'granted', attachments: ids }).expect(200);
    await drained(Object.values(harness.workers.queues));
    const open = await eventually('the reminders of the two open requests', async () => {
      const found = await reminderIds();
      return found.length === 10 ? found : undefined;
    });

    // The rollups follow a second after the events (debounced): wait for all three
    // requests and the answer (the answer's rollup may come a debounce after the filings').
    const statsBefore = await eventually('the statistics of the three requests', async () => {
      const stats = JSON.stringify(await statistics());
      return stats.includes('"received":3') && stats.includes('"answered":1')
        ? (JSON.parse(stats) as unknown)
        : undefined;
    });
    await drained(Object.values(harness.workers.queues));
    // A rollup debounced behind another is still delayed here: it would rebuild its day
    // while the archive is written, and land in the restored database (CI saw builtAt move).
    await drained([harness.workers.queues.stats], 30_000, { delayed: true });

    const collections = [
      'requests',
      'request_events',
      'documents.files',
      'documents.chunks',
      'stats_rollups',
      'stats_rollups_monthly',
      'counters',
      'users',
      'agencies',
    ];
    const before = Object.fromEntries(
      await Promise.all(collections.map(async (name) => [name, await all(name)] as const)),
    );
    assert.equal(before.requests!.length, 3);
    assert.ok(before.stats_rollups!.length > 0, 'the rollups are there to compare');

    const manifest = await writeBackup(db(), path.join(dir, 'archive'));
    assert.equal(manifest.consistency, 'ordered');
    assert.deepEqual(
      manifest.collections.slice(0, 2).map((c) => c.name),
      ['requests', 'request_events'],
    );
    assert.equal(manifest.collections.at(-1)?.name, 'counters');

    // The disaster: the database and every queue gone.
    await mongoose.connection.dropDatabase();
    // This file's keys only: the Redis is shared with the files running beside it.
    await deletePrefixed(harness.redis, harness.config.REDIS_PREFIX);
    assert.deepEqual(await reminderIds(), []);

    const result = await restoreArchive(db(), path.join(dir, 'archive'));
    assert.equal(
      result.documents,
      manifest.collections.reduce((n, c) => n + c.documents, 0),
    );
    await ensureIndexes();
    await RECONCILE_JOB.add(harness.workers.queues, {}, { jobId: 'reconcile-drill' });
    await drained([harness.workers.queues.deadlines]);

    for (const name of collections) assert.deepEqual(await all(name), before[name], name);
    // Sessions lived in the Redis that was emptied: people sign in again.
    officer = await signIn(harness.app, officerEmail);
    citizen = await signIn(harness.app, citizenEmail);
    for (const [i, id] of ids.entries()) {
      const res = await officer.agent
        .get(`/api/v1/requests/${refs[0]!}/documents/${id}`)
        .buffer(true)
        .parse(asBytes)
        .expect(200);
      assert.ok(
        Buffer.compare(res.body as Buffer, bytes[i]!) === 0,
        `document ${String(i)} byte for byte`,
      );
    }
    assert.deepEqual(await statistics(), statsBefore);
    assert.deepEqual(await reminderIds(), open);
    // The indexes came back too: a second filing gets the next ref, never a used one.
    const next = await fileThroughApi(citizen, { subject: 'After the restore' });
    assert.ok(!refs.includes(next));
  });

  it('a damaged archive, a newer format and a database in use are refused before anything is written', async () => {
    const archive = path.join(dir, 'archive');
    await assert.rejects(restoreArchive(db(), archive), (error: unknown) => {
      assert.ok(error instanceof RestoreRefused);
      assert.match(error.message, /is not empty/);
      return true;
    });
    const manifestPath = path.join(archive, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: number };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, version: 99 }));
    await assert.rejects(restoreArchive(db(), archive, { drop: true }), /newer release/);
    await writeFile(manifestPath, JSON.stringify(manifest));
    const { collections } = manifest as unknown as {
      collections: { name: string; file: string }[];
    };
    const target = path.join(archive, collections.find((c) => c.name === 'requests')!.file);
    const content = await readFile(target);
    content.writeUInt8(content.readUInt8(content.length - 1) ^ 0xff, content.length - 1);
    await writeFile(target, content);
    const count = await db().collection('requests').countDocuments();
    await assert.rejects(restoreArchive(db(), archive, { drop: true }), /damaged/);
    assert.equal(await db().collection('requests').countDocuments(), count);
  });
});
