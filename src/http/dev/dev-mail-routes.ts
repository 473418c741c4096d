import express, { type Router } from 'express';
import { readMailbox } from '../../dev/mailbox.ts';

/** `/dev/mail`: the development catcher's messages. Never mounted in production. */
export function devMailPages(dir: string): Router {
  const router = express.Router();
  router.get('/dev/mail', (_req, res) => {
    res.render('dev/mail', { title: 'dev.mail.title', messages: readMailbox(dir) });
  });
  router.get('/dev/mail.json', (_req, res) => {
    res.json({ messages: readMailbox(dir) });
  });
  return router;
}
