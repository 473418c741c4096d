import { writeFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { Types } from 'mongoose';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { seedDemoData } from '../src/seed/seed.ts';
import { rebuildAllRollups } from '../src/stats/rollup-store.ts';
import { createUser, signIn } from './support/factories.ts';
import { startTestApp, type TestApp } from './support/test-app.ts';

let harness: TestApp;
before(async () => {
  harness = await startTestApp('visual_probe');
  await seedDemoData({});
  const agencies = ['JO-MOH', 'JO-MOF', 'JO-MWI', 'JO-MOENV'];
  for (let i = 0; i < 200; i += 1) {
    const receivedAt = new Date(Date.UTC(2026, i % 11, 1 + (i % 27), 6));
    const dueAt = new Date(receivedAt.getTime() + 21 * 86_400_000);
    const answered = i % 4 !== 0;
    await new RequestModel({
      ref: `JO-2026-${String(800_000 + i)}`, jurisdiction: 'JO', agency: agencies[i % 4],
      requester: { user: new Types.ObjectId(), name: 'X', email: null },
      subject: `طلب معلومات رقم ${String(i)}`, body: 'body text', language: 'ar',
      visibility: i % 5 === 0 ? 'private' : 'public', rulesVersion: 'JO-2024', version: 1,
      status: answered ? 'answered' : 'acknowledged', receivedAt, dueAt, originalDueAt: dueAt,
      ...(answered ? { answeredAt: new Date(receivedAt.getTime() + ((i * 7) % 30) * 86_400_000), outcome: ['granted', 'refused', 'partially_granted', 'not_held'][i % 4], legalGrounds: i % 4 === 1 ? ['Art. 13(c)'] : [] } : {}),
    }).save();
  }
  await rebuildAllRollups(createJurisdictionCalendars(loadJurisdictions()), new Date());
});
after(() => harness.close());

it('renders', async () => {
  const auditor = await signIn(harness.app, (await createUser('auditor', { jurisdiction: 'JO' })).email);
  const css = '/work/main/public/css/site.css';
  for (const [name, path, lang] of [
    ['dash-ar', '/audit/JO?from=2026-01-01&to=2026-12-31', 'ar'],
    ['dash-en', '/audit/JO?from=2026-01-01&to=2026-12-31&sort=onTimeRate&dir=desc', 'en'],
    ['agency-ar', '/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-12-31', 'ar'],
    ['agency-en', '/audit/JO/agencies/JO-MOH?from=2026-01-01&to=2026-12-31', 'en'],
    ['overdue-ar', '/audit/JO/overdue', 'ar'],
    ['drill-en', '/audit/JO/requests?from=2026-01-01&to=2026-12-31&figure=answeredLate&agency=JO-MOF', 'en'],
  ] as const) {
    const res = await auditor.agent.get(path).set('Accept-Language', lang);
    writeFileSync(`/tmp/shots/${name}.html`, res.text.replace('/static/css/site.css', `file://${css}`));
  }
});
