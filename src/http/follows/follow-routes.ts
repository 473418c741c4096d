import express, { type Request, type Response, type Router } from 'express';
import { t } from '../../i18n/i18n.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { AppError, NotFoundError } from '../../errors.ts';
import { formErrors, parseBody } from '../middleware/validation.ts';
import { unsubscribeFilter } from '../../follows/follow-digest.ts';
import {
  confirmFollow,
  followBody,
  followedThing,
  followOf,
  requestFollow,
  type FollowDeps,
  unsubscribe,
} from '../../follows/follow-service.ts';

/**
 * Following by e-mail (double opt-in): `POST /follow` sends a confirmation,
 * `/follow/confirm?token=` confirms with a button (a mail scanner's visit
 * confirms nothing), `/follow/unsubscribe?token=` stops with one click, also
 * straight from a mail client (RFC 8058, exempt from the CSRF token: the
 * signed token is the proof).
 */
export function followRoutes(deps: FollowDeps & { followSecret: string }): Router {
  const router = express.Router();
  const page = (req: Request, res: Response, status: number, view: string, extra = {}) => {
    res.status(status).render(`follow/${view}`, {
      title: 'follow.title',
      csrf: csrfToken(req, res),
      ...extra,
    });
  };

  router.post('/follow', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    try {
      const input = parseBody(followBody, body);
      await requestFollow(deps, input, req.locale, req.ip ?? '');
      const thing = await followedThing(input.kind, input.target, req.locale);
      page(req, res, 200, 'check-mail', { what: thing.label, back: thing.path });
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      page(req, res, 422, 'form', { fields: formErrors(req.locale, error), values: body });
    }
  });

  router.get('/follow/confirm', async (req, res) => {
    const follow = await followOf(req.query.token);
    const thing = await followedThing(follow.kind, follow.target, req.locale);
    page(req, res, 200, 'confirm', { token: req.query.token, what: thing.label });
  });
  router.post('/follow/confirm', async (req, res) => {
    const follow = await confirmFollow((req.body as Record<string, unknown>).token, new Date());
    const thing = await followedThing(follow.kind, follow.target, req.locale);
    page(req, res, 200, 'done', {
      message: t(req.locale, 'follow.confirmed', { what: thing.label }),
      back: thing.path,
    });
  });

  router.get('/follow/unsubscribe', (req, res) => {
    if (!unsubscribeFilter(deps.followSecret, req.query.token))
      throw new NotFoundError('FOLLOW.NOT_FOUND', 'follow.notFound');
    page(req, res, 200, 'unsubscribe', { token: req.query.token });
  });
  router.post('/follow/unsubscribe', async (req, res) => {
    const filter = unsubscribeFilter(deps.followSecret, req.query.token);
    if (!filter) throw new NotFoundError('FOLLOW.NOT_FOUND', 'follow.notFound');
    await unsubscribe(filter, new Date());
    page(req, res, 200, 'done', { message: t(req.locale, 'follow.unsubscribed'), back: '/' });
  });
  return router;
}
