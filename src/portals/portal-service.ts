import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { z } from 'zod';
import { AgencyModel } from '../agencies/agency-model.ts';
import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { singleLineField } from '../text/single-line.ts';
import { keysetPage, NEWEST_FIRST, sortOf, type Page } from '../platform/keyset.ts';
import { PortalModel, type Portal } from './portal-model.ts';

/** `POST /api/v1/admin/portals` and the admin page's form. */
export const portalBody = z.object({
  name: singleLineField(2, 120, 'validation.portalName'),
  agencies: z
    .array(z.string().regex(AGENCY_CODE, 'validation.agency'), 'validation.agency')
    .max(500, 'validation.agency')
    .default([]),
});
export type PortalInput = z.infer<typeof portalBody>;

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new portal and its secret, which is returned here once and never again. */
export async function createPortal(input: PortalInput, by: string | null) {
  const agencies = [...new Set(input.agencies)];
  if (agencies.length > 0) {
    const known = await AgencyModel.countDocuments({ code: mongoose.trusted({ $in: agencies }) });
    if (known !== agencies.length) throw new ValidationError({ agencies: 'validation.agency' });
  }
  const secret = `haqq_portal_${randomBytes(32).toString('base64url')}`;
  const portal = await PortalModel.create({
    name: input.name,
    secretHash: hashOf(secret),
    agencies,
    createdBy: by ? new Types.ObjectId(by) : null,
  });
  return { id: portal._id.toString(), secret };
}

/** Revokes a portal: its secret stops working at once. A second revoke is a no-op. */
export async function revokePortal(id: string, now: Date): Promise<void> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError('PORTAL.NOT_FOUND', 'portal.notFound');
  const _id = new Types.ObjectId(id);
  const revoked = await PortalModel.updateOne(
    { _id, revokedAt: null },
    { $set: { revokedAt: now } },
  );
  const found = revoked.matchedCount > 0 || (await PortalModel.exists({ _id })) !== null;
  if (!found) throw new NotFoundError('PORTAL.NOT_FOUND', 'portal.notFound');
}

/** The portals, newest first, a page at a time. */
export function listPortals(page: Page = { limit: 200 }) {
  const sort = NEWEST_FIRST;
  return keysetPage(
    (where, limit) =>
      PortalModel.find(where, { secretHash: 0 }).sort(sortOf(sort)).limit(limit).lean<Portal[]>(),
    {},
    sort,
    page,
  );
}

/** The live portal a secret belongs to, or null. */
export async function portalBySecret(secret: string): Promise<Portal | null> {
  return PortalModel.findOne({ secretHash: hashOf(secret), revokedAt: null }).lean<Portal>();
}

/** Whether `portal` may file to `agency`. */
export const portalServes = (portal: Portal, agency: string) =>
  portal.agencies.length === 0 || portal.agencies.includes(agency);
