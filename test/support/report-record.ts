import { Types } from 'mongoose';
import { RequestModel } from '../../src/requests/request-model.ts';

/** 09:00 (or `hour`) in Amman (UTC+3) on a day. */
export const at = (day: string, hour = 9) =>
  new Date(`${day}T${String(hour - 3).padStart(2, '0')}:00:00Z`);
export const endOf = (day: string) => new Date(`${day}T20:59:59.999Z`);

let refs = 0;
export async function insert(fields: Record<string, unknown>) {
  refs += 1;
  const doc = new RequestModel({
    ref: `JO-2025-${String(910_000 + refs)}`,
    jurisdiction: 'JO',
    requester: { user: new Types.ObjectId(), name: 'Requester', email: 'r@example.org' },
    subject: `Request ${String(refs)}`,
    body: 'Please send the lines.',
    language: 'en',
    visibility: 'public',
    rulesVersion: 'JO-2024',
    version: 1,
    ...fields,
    originalDueAt: fields.dueAt,
  });
  await doc.save();
  return doc.toObject();
}

/**
 * The hand-built record (JO-2024: 15 working days; silence is a refusal),
 * across 2025 and 2026: four requests of 2025 (one answered then, three
 * still pending at its end: one already late), six of 2026 (a transfer, a
 * private refusal, a clarification never answered, an urgent same-day
 * answer) and a portal's test submission, which counts nowhere.
 */
export async function buildRecord() {
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2025-11-10'),
    dueAt: endOf('2025-12-01'),
    status: 'answered',
    answeredAt: at('2025-11-20'),
    outcome: 'granted',
    figures: { daysToAnswer: 8, answeredOnTime: true },
  });
  const late = await insert({
    agency: 'JO-MOH',
    receivedAt: at('2025-12-10'),
    dueAt: endOf('2025-12-31'),
    status: 'acknowledged',
    visibility: 'private',
  });
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2025-12-21'),
    dueAt: endOf('2026-01-12'),
    status: 'appeal_decided',
    answeredAt: at('2026-01-05'),
    outcome: 'refused',
    legalGrounds: ['Art. 13(c)'],
    figures: { daysToAnswer: 9, answeredOnTime: true },
    appeal: {
      stage: 0,
      ground: 'refusal',
      body: 'JO-IC',
      filedAt: at('2026-01-10'),
      dueAt: endOf('2026-02-09'),
      decision: 'upheld',
      decidedAt: at('2026-02-01'),
      legalGrounds: ['Art. 13(c)'],
    },
  });
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2025-11-01'),
    dueAt: endOf('2025-11-23'),
    status: 'withdrawn',
    closedAt: at('2026-03-01'),
  });
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-22'),
    status: 'answered',
    answeredAt: at('2026-02-11', 10),
    outcome: 'granted',
    extensionCount: 1,
    figures: { daysToAnswer: 8, answeredOnTime: true },
  });
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-02'),
    dueAt: endOf('2026-02-23'),
    status: 'answered',
    answeredAt: at('2026-02-12'),
    outcome: 'granted',
    transfers: [{ from: 'JO-MOH', to: 'JO-MOF', at: at('2026-02-03'), seq: 2 }],
    figures: { daysToAnswer: 8, answeredOnTime: true },
  });
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-09'),
    dueAt: endOf('2026-03-02'),
    status: 'answered',
    answeredAt: at('2026-02-19'),
    outcome: 'refused',
    legalGrounds: ['Art. 13(h)'],
    visibility: 'private',
    figures: { daysToAnswer: 8, answeredOnTime: true },
  });
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-03-01'),
    dueAt: endOf('2026-03-22'),
    status: 'closed',
    closedAt: at('2026-04-01'),
    pauses: [{ from: at('2026-03-02'), to: null }],
  });
  await insert({
    agency: 'JO-MOH',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-02'),
    status: 'answered',
    answeredAt: at('2026-02-01', 15),
    outcome: 'granted',
    urgent: true,
    urgentReason: 'A life is at stake.',
  });
  await insert({
    agency: 'JO-MOF',
    receivedAt: at('2026-02-01'),
    dueAt: endOf('2026-02-22'),
    status: 'submitted',
    test: true,
  });
  return { lateRef: late.ref };
}
