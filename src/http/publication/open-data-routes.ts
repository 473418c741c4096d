import { pipeline } from 'node:stream/promises';
import express, { type Request, type Response, type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { publishedStream } from '../../requests/request-reads.ts';
import { agenciesIn } from '../../agencies/agency-store.ts';
import { monthlyStats, selectStats, type StatsDeps } from '../../stats/stats-service.ts';
import { tableStages, type Column, type ExportFormat } from '../../stats/table-export.ts';
import {
  deleteOldSnapshots,
  findSnapshot,
  listSnapshots,
  snapshotBucket,
  writeSnapshot,
  type Snapshot,
} from '../../publication/open-data-snapshots.ts';
import { PUBLIC_LIST_CACHE } from '../../publication/published.ts';
import { requestColumns } from '../../publication/open-data-columns.ts';

type MonthRow = {
  jurisdiction: string;
  agency: string;
  month: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  overdueNow: number;
  onTimeRate: number | null;
  medianDays: number | null;
};

const MONTH_COLUMNS: Column<MonthRow>[] = [
  { key: 'jurisdiction', heading: 'openData.col.jurisdiction', value: (r) => r.jurisdiction },
  { key: 'agency', heading: 'openData.col.agency', value: (r) => r.agency },
  { key: 'month', heading: 'openData.col.month', value: (r) => r.month },
  { key: 'received', heading: 'stats.col.received', value: (r) => r.received },
  { key: 'answered', heading: 'stats.col.answered', value: (r) => r.answered },
  { key: 'answered_on_time', heading: 'stats.col.answeredOnTime', value: (r) => r.answeredOnTime },
  { key: 'on_time_rate', heading: 'stats.col.onTimeRate', value: (r) => r.onTimeRate },
  { key: 'overdue_now', heading: 'stats.col.overdueNow', value: (r) => r.overdueNow },
  { key: 'median_days', heading: 'stats.col.medianDays', value: (r) => r.medianDays },
];

/** Every active agency's public figures month by month over the last twelve months. */
async function* monthRows(deps: StatsDeps, jurisdictions: JurisdictionRegistry, now: Date) {
  for (const jurisdiction of jurisdictions.all()) {
    for (const agency of await agenciesIn([jurisdiction.code])) {
      const selection = await selectStats(deps, undefined, { agency: agency.code }, now);
      const { months } = await monthlyStats(deps, selection, now);
      for (const m of months)
        yield {
          jurisdiction: jurisdiction.code,
          agency: agency.code,
          month: m.month,
          received: m.received,
          answered: m.answered,
          answeredOnTime: m.answeredOnTime,
          overdueNow: m.overdueNow,
          onTimeRate: m.onTimeRate,
          medianDays: m.medianDays,
        } satisfies MonthRow;
    }
  }
}

const DATASETS = ['requests.csv', 'requests.json', 'statistics.csv'] as const;
type Dataset = (typeof DATASETS)[number];

/**
 * Today's snapshot of a dataset: made on the first request of the day (in
 * GridFS, hashed for its ETag), kept KEEP_DAYS days. Every later request of
 * the day is served the same bytes.
 */
async function snapshot(
  name: Dataset,
  today: string,
  build: () => [NodeJS.ReadableStream, ...NodeJS.ReadWriteStream[]],
): Promise<Snapshot> {
  const filename = `${today}/${name}`;
  const existing = await findSnapshot(filename);
  if (existing) return existing;
  const made = await writeSnapshot(filename, build);
  await deleteOldSnapshots(new Date());
  return made;
}

/**
 * Open data (DESIGN §9): the published requests as CSV and JSON and every
 * agency's monthly figures as CSV, each a daily snapshot at a stable address
 * (`/open-data/requests.csv`, and `/open-data/2026-11-30/requests.csv` for a
 * kept day) with Last-Modified and an ETag; no personal data, no redacted word.
 */
export function openDataRoutes(deps: StatsDeps & { jurisdictions: JurisdictionRegistry }): Router {
  const router = express.Router();

  const builders = (req: Request, locale: Locale) => {
    const base = String(req.app.locals.baseUrl);
    const published = (format: ExportFormat) => () =>
      tableStages(
        format,
        locale,
        requestColumns(base),
        publishedStream({
          ref: 1,
          jurisdiction: 1,
          agency: 1,
          status: 1,
          outcome: 1,
          legalGrounds: 1,
          receivedAt: 1,
          dueAt: 1,
          answeredAt: 1,
          'publicText.subject': 1,
        }),
      );
    return {
      'requests.csv': published('csv'),
      'requests.json': published('json'),
      'statistics.csv': () =>
        tableStages('csv', locale, MONTH_COLUMNS, monthRows(deps, deps.jurisdictions, new Date())),
    } satisfies Record<Dataset, unknown>;
  };

  const send = async (req: Request, res: Response, name: string, dayWanted: string | null) => {
    if (!(DATASETS as readonly string[]).includes(name))
      throw new NotFoundError('OPEN_DATA.NOT_FOUND', 'error.notFound.message');
    const dataset = name as Dataset;
    const today = new Date().toISOString().slice(0, 10);
    let file: Snapshot | undefined;
    if (dayWanted && dayWanted !== today) {
      file = await findSnapshot(`${dayWanted}/${dataset}`);
      if (!file) throw new NotFoundError('OPEN_DATA.NOT_FOUND', 'error.notFound.message');
    } else {
      // Headings in English: one file for every reader, as the data dictionary names them.
      file = await snapshot(dataset, today, builders(req, 'en')[dataset]);
    }
    res.setHeader('ETag', `"${file.metadata?.sha256 ?? file._id.toString()}"`);
    res.setHeader('Last-Modified', file.uploadDate.toUTCString());
    res.setHeader('Cache-Control', PUBLIC_LIST_CACHE);
    res.type(
      dataset.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
    );
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(file.length));
    await pipeline(snapshotBucket().openDownloadStream(file._id), res);
  };

  router.get('/open-data', async (req, res) => {
    // Each country's annual report, this year's so far and last year's, in JSON (the public subset).
    const year = new Date().getUTCFullYear();
    const reports = deps.jurisdictions
      .all()
      .flatMap((j) =>
        [year - 1, year].map((y) => ({ code: j.code, name: j.name[req.locale], year: y })),
      );
    res.render('open-data/index', {
      title: 'openData.title',
      snapshots: await listSnapshots(),
      reports,
    });
  });
  router.get('/open-data/:name', async (req, res) => {
    await send(req, res, req.params.name, null);
  });
  router.get('/open-data/:day/:name', async (req, res) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(req.params.day))
      throw new NotFoundError('OPEN_DATA.NOT_FOUND', 'error.notFound.message');
    await send(req, res, req.params.name, req.params.day);
  });
  return router;
}
