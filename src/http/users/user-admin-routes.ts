import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { SECURITY_EVENT_TYPES } from '../../security/security-event-types.ts';
import { listSecurityEvents } from '../../security/security-log.ts';
import { AppError } from '../../errors.ts';
import { isolate, t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { agencyChoices } from '../../agencies/agency-store.ts';
import { pageQuery } from '../../platform/keyset.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { confirmed } from '../middleware/confirmation.ts';
import { flash, takeFlash } from '../middleware/flash.ts';
import { formErrors, parseQuery } from '../middleware/validation.ts';
import { emailField, nameField } from '../../users/user-schemas.ts';
import type { AccountDeps } from '../../users/account-mail.ts';
import { TOKEN_ROLES } from '../../users/api-token-store.ts';
import {
  deactivate,
  invite,
  INVITABLE_ROLES,
  listManagedUsers,
  manageableAccount,
} from '../../users/user-admin-service.ts';

export const invitationBody = z.object({
  email: emailField,
  name: nameField,
  role: z.enum(INVITABLE_ROLES, 'validation.oneOf'),
  agency: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(60).optional()),
  jurisdiction: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'validation.oneOf')
      .optional(),
  ),
  locale: z.enum(['ar', 'en'], 'validation.oneOf').default('ar'),
});

/** `POST /api/v1/admin/api-tokens`. */
export const apiTokenBody = z.object({
  name: nameField,
  role: z.enum(TOKEN_ROLES, 'validation.oneOf'),
  agency: z.string().max(60).nullable().default(null),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}$/, 'validation.oneOf')
    .nullable()
    .default(null),
});

/** `GET /api/v1/admin/security-events?type=`. */
export const securityEventsQuery = pageQuery.extend({
  type: z.enum(SECURITY_EVENT_TYPES, 'validation.oneOf').optional(),
});

/** Admins and agency admins manage accounts: invitations, the list, deactivation; admins read the audit log. */
export function userAdminRoutes(deps: AccountDeps, registry: JurisdictionRegistry): Router {
  const router = express.Router();
  const managers = requireRole('admin', 'agency_admin');
  const ip = (req: Request) => req.ip ?? '';
  const me = signedInUser;

  const page = async (
    req: Request,
    res: Response,
    status = 200,
    extra: Record<string, unknown> = {},
  ) => {
    const user = me(req);
    const { users, next } = await listManagedUsers(user, parseQuery(pageQuery, req.query));
    // Agencies by country, by name: the form offers them, the list names each account's.
    const groups = await agencyChoices(registry, req.locale);
    const agencyNames = new Map(
      groups.flatMap((g) => g.agencies.map((a) => [a.code, a.name] as const)),
    );
    const scopeName = (u: (typeof users)[number]) =>
      (u.agency ? (agencyNames.get(u.agency) ?? u.agency) : '') ||
      (u.jurisdiction ? (registry.get(u.jurisdiction)?.name[req.locale] ?? u.jurisdiction) : '');
    res.status(status).render('users/admin-users', {
      title: 'users.admin.title',
      notice: takeFlash(req),
      csrf: csrfToken(req, res),
      users: users.map((u) => ({
        ...u,
        roleNames: u.roles
          .map((role) => t(req.locale, `role.${role}`))
          .join(t(req.locale, 'list.separator')),
        scope: scopeName(u),
        self: u.id === user.id,
      })),
      roles: (user.roles.includes('admin') ? INVITABLE_ROLES : (['officer'] as const)).map(
        (role) => ({ role, label: t(req.locale, `role.${role}`) }),
      ),
      jurisdictions: registry.all().map((j) => ({ code: j.code, name: j.name[req.locale] })),
      // Agencies are chosen from a list, by country (an admin invites staff of any agency).
      agencyGroups: user.roles.includes('admin') ? groups : [],
      fixedAgency: user.roles.includes('admin') ? null : user.agency,
      next,
      ...extra,
    });
  };
  router.get('/admin/users', managers, async (req, res) => {
    await page(req, res);
  });
  router.post('/admin/users/invite', managers, async (req, res) => {
    const parsed = invitationBody.safeParse(req.body);
    const fail = (status: number, fields: Record<string, string>) =>
      page(req, res, status, { fields, values: req.body as unknown });
    if (!parsed.success) {
      await fail(422, formErrors(req.locale, parsed.error));
      return;
    }
    try {
      await invite(deps, registry, me(req), parsed.data, ip(req), new Date());
    } catch (error) {
      if (!(error instanceof AppError) || (!error.fields && error.status !== 409)) throw error;
      await fail(
        error.status,
        error.fields ? formErrors(req.locale, error) : { email: t(req.locale, error.messageKey) },
      );
      return;
    }
    // The address isolated, so it reads whole inside Arabic text.
    flash(req, 'users.admin.invited', { email: isolate(parsed.data.email) });
    res.redirect(303, '/admin/users');
  });
  router.post('/admin/users/:id/deactivate', managers, async (req, res) => {
    // The account is named only to whom may manage it (checked before its name is read).
    const ask = async () => {
      const target = await manageableAccount(me(req), String(req.params.id));
      return {
        question: t(req.locale, 'confirm.deactivate', { name: isolate(target.name) }),
        details: [target.email, t(req.locale, 'confirm.deactivateWhat')],
        button: t(req.locale, 'confirm.deactivateButton'),
        back: '/admin/users',
        fields: {},
      };
    };
    if (!(await confirmed(req, res, ask))) return;
    await deactivate(me(req), String(req.params.id), ip(req), new Date());
    flash(req, 'users.admin.deactivated');
    res.redirect(303, '/admin/users');
  });
  router.get('/admin/audit', requireRole('admin'), async (req, res) => {
    const { items: events } = await listSecurityEvents();
    res.render('users/admin-audit', {
      title: 'audit.title',
      events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    });
  });
  return router;
}
