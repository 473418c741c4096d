import mongoose from 'mongoose';
import { RequestModel } from '../requests/request-model.ts';
import { PUBLISHED } from './published.ts';

// The reads of what is published, for feeds, sitemaps, open data and agency pages: each
// through PUBLISHED (so a takedown leaves them at once) and a receipt index.

/** The newest published requests matching `filter`, with the fields `projection` names. */
export function latestPublished<T>(
  filter: Record<string, unknown>,
  projection: Record<string, 1>,
  limit: number,
) {
  return RequestModel.find({ ...PUBLISHED, ...filter }, projection)
    .sort({ receivedAt: -1 })
    .limit(limit)
    .lean<T[]>();
}

/** When the first published request was received, or null when none is. */
export async function firstPublishedReceipt(): Promise<Date | null> {
  const first = await RequestModel.findOne(PUBLISHED, { receivedAt: 1 })
    .sort({ receivedAt: 1 })
    .lean();
  return first?.receivedAt ?? null;
}

/** The published requests received in [from, to): refs and last changes (a month's sitemap). */
export function publishedBetween(from: Date, to: Date, limit: number) {
  return RequestModel.find(
    { ...PUBLISHED, receivedAt: mongoose.trusted({ $gte: from, $lt: to }) },
    { ref: 1, updatedAt: 1 },
  )
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean();
}

/** Every published request, oldest first, as a stream of the fields `projection` names. */
export function publishedCursor<T>(projection: Record<string, 1>) {
  return RequestModel.find(PUBLISHED, projection).sort({ receivedAt: 1 }).lean<T[]>().cursor();
}
