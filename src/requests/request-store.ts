import mongoose, { type Types } from 'mongoose';
import { ConflictError } from '../errors.ts';
import {
  isDuplicateKeyError,
  isTransientWriteConflict,
  retryTransient,
} from '../platform/db-errors.ts';
import { RequestEventModel } from './request-event-model.ts';
import { RequestModel } from './request-model.ts';
import type { StoredRequest } from './stored-request.ts';

/** Who made a change: a user with a role, or the system (`user: null`). */
interface Actor {
  user: Types.ObjectId | null;
  role: string;
}

export interface NewEvent {
  type: string;
  actor: Actor;
  at: Date;
  from?: string | null;
  to?: string | null;
  /** The snapshot fields this event sets; a replay needs nothing else. */
  set: Record<string, unknown>;
  /** Items this event appends to array fields (`$push`, one each): the change, not the list. */
  push?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** The snapshot update of an event (its `set`, its `push`, the new version), replayed the same way. */
function snapshotUpdate(
  set: Record<string, unknown>,
  push: Record<string, unknown> | undefined,
  seq: number,
) {
  return {
    $set: { ...set, version: seq },
    ...(push && Object.keys(push).length > 0 ? { $push: push } : {}),
  };
}

/**
 * The door a request comes in by (DESIGN §2): its first event (seq 1) and its snapshot
 * (version 1, the ref `nextRef` gives). The two are independent writes (the id is ours), so
 * they go together: one round trip less on a filing's path. Should the snapshot fail, the
 * event is taken back; should the event fail while the snapshot stands, it is written once
 * more. The event is never replayed: seq 1 is the snapshot's own version.
 */
export async function createRequest(
  snapshot: { _id: Types.ObjectId; version: number } & Record<string, unknown>,
  event: NewEvent,
  nextRef: () => Promise<string>,
): Promise<StoredRequest> {
  const firstEvent = {
    requestId: snapshot._id,
    seq: 1,
    type: event.type,
    actor: event.actor,
    at: event.at,
    from: event.from ?? null,
    to: event.to ?? null,
    data: { ...event.data, set: event.set },
  };
  const first = RequestEventModel.create(firstEvent);
  const snapshotWritten = nextRef().then((ref) => RequestModel.create({ ...snapshot, ref }));
  const [inserted, created] = await Promise.allSettled([first, snapshotWritten]);
  if (created.status === 'rejected') {
    if (inserted.status === 'fulfilled')
      await RequestEventModel.deleteOne({ requestId: snapshot._id, seq: 1 }).catch(() => undefined);
    throw created.reason;
  }
  if (inserted.status === 'rejected') await RequestEventModel.create(firstEvent);
  return created.value.toObject<StoredRequest>();
}

/**
 * Rewrites a request's derived public fields (its published words and search tokens) when
 * the redaction rules change, under a `version` guard (false: it changed meanwhile, read it
 * again). The one write without an event: these fields are derived from the request's own
 * text by the rules in force, which its events already hold, so no history changes.
 */
export async function rewriteDerivedFields(
  snapshot: { _id: Types.ObjectId; version: number },
  set: Record<string, unknown>,
): Promise<boolean> {
  const result = await RequestModel.updateOne(
    { _id: snapshot._id, version: snapshot.version },
    { $set: set },
  );
  return result.matchedCount === 1;
}

/**
 * The one door of DESIGN §2. Inserts the event with `seq = version + 1` (the
 * unique `(requestId, seq)` index lets one of two racing writers win; the other
 * gets a 409), then moves the snapshot under a `version` guard. If the process
 * dies between the two writes, {@link repairRequest} replays the event.
 */
export async function appendEvent(
  snapshot: { _id: Types.ObjectId; version: number },
  event: NewEvent,
): Promise<number> {
  const seq = snapshot.version + 1;
  const insert = () =>
    RequestEventModel.create({
      requestId: snapshot._id,
      seq,
      type: event.type,
      actor: event.actor,
      at: event.at,
      from: event.from ?? null,
      to: event.to ?? null,
      data: { ...event.data, set: event.set, ...(event.push ? { push: event.push } : {}) },
    });
  try {
    // A racing insert that the engine answered as a transient conflict is tried again:
    // it then wins, or meets the winner's event as a duplicate key (db-errors.ts).
    await retryTransient(insert);
  } catch (error) {
    // Still a transient conflict after the tries: other writers raced it, and it is
    // as much a lost race as a duplicate key (the engine rolled the insert back).
    if (isDuplicateKeyError(error) || isTransientWriteConflict(error)) {
      // Another writer won, or one died between its two writes: replay what is
      // pending, so the caller's retry sees the request as it really is.
      await repairRequest(snapshot._id);
      throw new ConflictError('REQUEST.CONCURRENT_CHANGE', 'request.error.concurrentChange', error);
    }
    throw error;
  }
  // Guarded by the version, so trying it again after a transient conflict changes nothing twice.
  await retryTransient(() =>
    RequestModel.updateOne(
      { _id: snapshot._id, version: snapshot.version },
      snapshotUpdate(event.set, event.push, seq),
    ),
  );
  return seq;
}

/**
 * Replays, in order, the events whose `seq` is above the snapshot's `version`
 * (left by a process that died between its two writes). Returns how many.
 */
export async function repairRequest(requestId: Types.ObjectId): Promise<number> {
  const snapshot = await RequestModel.findById(requestId, { version: 1 }).lean();
  if (!snapshot) return 0;
  // Operators written by us are marked trusted; sanitizeFilter wraps any other in $eq.
  const pending = await RequestEventModel.find({
    requestId,
    seq: mongoose.trusted({ $gt: snapshot.version }),
  })
    .sort({ seq: 1 })
    .lean();
  let version = snapshot.version;
  for (const event of pending) {
    if (event.seq !== version + 1) break;
    const data = event.data as {
      set?: Record<string, unknown>;
      push?: Record<string, unknown>;
    } | null;
    const from = version;
    const result = await retryTransient(() =>
      RequestModel.updateOne(
        { _id: requestId, version: from },
        snapshotUpdate(data?.set ?? {}, data?.push, event.seq),
      ),
    );
    if (result.matchedCount === 0) break;
    version = event.seq;
  }
  return version - snapshot.version;
}

/** A request's whole history, in order (its timeline): every event the one door wrote. */
export function eventsOf(requestId: Types.ObjectId) {
  return RequestEventModel.find({ requestId }).sort({ seq: 1 }).lean();
}

/**
 * Removes requests and their histories outright. The product never deletes a
 * request (a takedown hides it): this is only for what the demo archive made,
 * on `npm run seed -- --reset` (src/seed/demo-archive.ts).
 */
export async function removeDemoRequests(ids: readonly Types.ObjectId[]): Promise<void> {
  const among = mongoose.trusted({ $in: ids });
  await RequestEventModel.deleteMany({ requestId: among });
  await RequestModel.deleteMany({ _id: among });
}
