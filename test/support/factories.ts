import type { Express } from 'express';
import { Types } from 'mongoose';
import request from 'supertest';
import { RequestModel } from '../../src/requests/request-model.ts';
import { type RequestStatus } from '../../src/requests/request-states.ts';
import { hashPassword } from '../../src/users/password.ts';
import { UserModel, type Role } from '../../src/users/user-model.ts';

export const PASSWORD = 'correct horse battery staple';
let hash: Promise<string> | undefined;

/** A user with a role; every factory user has the password {@link PASSWORD}. */
export async function createUser(
  role: Role,
  overrides: Partial<{
    email: string;
    agency: string | null;
    jurisdiction: string | null;
    locale: 'ar' | 'en';
  }> = {},
) {
  hash ??= hashPassword(PASSWORD);
  const doc = await UserModel.create({
    email: overrides.email ?? `${role}-${new Types.ObjectId().toString()}@example.org`,
    name: `Test ${role}`,
    passwordHash: await hash,
    roles: [role],
    locale: overrides.locale ?? 'en',
    agency: overrides.agency ?? null,
    jurisdiction: overrides.jurisdiction ?? null,
    emailVerifiedAt: new Date(),
  });
  return doc.toObject();
}

/** Signs in through the JSON API; the agent keeps the cookie, `csrf` goes in X-CSRF-Token. */
export async function signIn(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const res = await agent.post('/api/v1/session').send({ email, password }).expect(200);
  return { agent, csrf: (res.body as { csrfToken: string }).csrfToken };
}

let testRefs = 0;
/**
 * A ref of its own for each request a test file makes: 700000 and up, far from
 * those the app allocates (from 000001) in the same database; never random.
 */
const nextTestRef = () => `JO-2026-${String(700_000 + (testRefs += 1))}`;

/** A request snapshot at version 1 (its `submitted` event is not written), with state traits. */
export async function createRequest(
  overrides: Partial<{
    jurisdiction: string;
    agency: string;
    receivedAt: Date;
    dueAt: Date;
    status: RequestStatus;
    rulesVersion: string;
    urgent: boolean;
    ref: string;
    requesterUser: Types.ObjectId;
  }> = {},
) {
  const receivedAt = overrides.receivedAt ?? new Date('2026-05-10T07:00:00Z');
  const dueAt = overrides.dueAt ?? new Date('2026-06-01T20:59:59.999Z');
  const doc = await RequestModel.create({
    ref: overrides.ref ?? nextTestRef(),
    jurisdiction: overrides.jurisdiction ?? 'JO',
    agency: overrides.agency ?? 'JO-MOH',
    requester: {
      user: overrides.requesterUser ?? new Types.ObjectId(),
      name: 'Requester',
      email: 'requester@example.org',
    },
    subject: 'Subject',
    body: 'Body',
    language: 'ar' as const,
    visibility: 'public' as const,
    status: overrides.status ?? ('submitted' as const),
    rulesVersion: overrides.rulesVersion ?? 'JO-2024',
    urgent: overrides.urgent ?? false,
    receivedAt,
    dueAt,
    originalDueAt: dueAt,
    version: 1,
  });
  return doc.toObject();
}

/** `POST /api/v1/requests/:ref/<action>` as a signed-in agent (with its CSRF token). */
export function act(
  agent: Awaited<ReturnType<typeof signIn>>,
  ref: string,
  action: string,
  body: object = {},
) {
  return agent.agent
    .post(`/api/v1/requests/${ref}/${action}`)
    .set('X-CSRF-Token', agent.csrf)
    .send(body);
}

type FilingFields = Partial<{
  jurisdiction: string;
  agency: string;
  subject: string;
  body: string;
  visibility: 'public' | 'private';
  displayName: string;
}>;

/** Posts a filing through the API as `agent`, a plain one unless `fields` say; the answer. */
export function postFiling(agent: Awaited<ReturnType<typeof signIn>>, fields: FilingFields = {}) {
  return agent.agent
    .post('/api/v1/requests')
    .set('X-CSRF-Token', agent.csrf)
    .send({
      jurisdiction: 'JO',
      agency: 'JO-MOH',
      subject: 'Hospital budgets',
      body: 'Please send the 2025 budget of every public hospital, line by line.',
      visibility: 'public',
      ...fields,
    });
}

/** Files a request through the API as `agent` (201 expected); its ref. */
export async function fileThroughApi(
  agent: Awaited<ReturnType<typeof signIn>>,
  fields: FilingFields = {},
): Promise<string> {
  const res = await postFiling(agent, fields).expect(201);
  return (res.body as { ref: string }).ref;
}

/**
 * Files each request of `corpus` as a citizen of its own (so that no filing
 * limit or duplicate check of one requester interferes); their refs by key.
 */
export async function fileAsCitizens(
  app: Parameters<typeof signIn>[0],
  corpus: Record<string, Parameters<typeof fileThroughApi>[1]>,
): Promise<Record<string, string>> {
  const refs: Record<string, string> = {};
  for (const [key, fields] of Object.entries(corpus)) {
    const citizen = await signIn(app, (await createUser('citizen')).email);
    refs[key] = await fileThroughApi(citizen, fields);
  }
  return refs;
}
