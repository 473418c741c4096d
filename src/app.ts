import { documentLimits } from './documents/document-types.ts';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { pinoHttp } from 'pino-http';
import { agencyPages } from './http/agencies/agency-routes.ts';
import { startPage } from './http/start/start-routes.ts';
import type { Config } from './config.ts';
import { devMailPages } from './http/dev/dev-mail-routes.ts';
import { createJurisdictionCalendars } from './jurisdictions/jurisdiction-calendars.ts';
import { deadlinePages } from './http/jurisdictions/deadline-routes.ts';
import { jurisdictionPages } from './http/jurisdictions/jurisdiction-routes.ts';
import type { JurisdictionRegistry } from './jurisdictions/jurisdiction-registry.ts';
import type { Logger } from './platform/logger.ts';
import { runInLogContext } from './platform/log-context.ts';
import { errorHandler, notFoundHandler } from './http/middleware/error-handler.ts';
import { healthRouter } from './http/ops/health-routes.ts';
import { metricsRouter, timeRequests } from './http/ops/metrics-routes.ts';
import { dependencyDeadline } from './http/middleware/dependency-deadline.ts';
import { watchQueueDepths } from './platform/metrics.ts';
import { localeMiddleware, localeRouter } from './http/middleware/locale.ts';
import { countryFormats } from './http/middleware/country-format.ts';
import { configureViews } from './http/middleware/views.ts';
import { configurePassport, hasAnyRole } from './http/middleware/auth.ts';
import { csrfProtection } from './http/middleware/csrf.ts';
import { sessionMiddleware } from './http/middleware/session.ts';
import { sessionRoutes } from './http/users/session-routes.ts';
import { accountRoutes } from './http/users/account-routes.ts';
import { userAdminRoutes } from './http/users/user-admin-routes.ts';
import { ownAccountRoutes } from './http/users/own-account-routes.ts';
import { requestPages } from './http/requests/request-routes.ts';
import { filingAfterSessionEnd } from './http/requests/filing-routes.ts';
import { UPLOAD_PATH } from './http/requests/request-downloads.ts';
import { QUEUE_DASHBOARD_PATH, queueDashboard } from './http/ops/queue-dashboard.ts';
import { auditPages } from './http/stats/auditor-routes.ts';
import { publicStatsPages } from './http/stats/public-stats-routes.ts';
import { reportPages } from './http/stats/report-routes.ts';
import { cachedRanking } from './search/search-cache.ts';
import { notifyingTakedowns, publicationEpoch } from './publication/publication-epoch.ts';
import { searchRoutes } from './http/search/search-routes.ts';
import { apiDocRoutes, apiDocument } from './http/api/api-doc-routes.ts';
import { apiRouter } from './http/api/api-router.ts';
import { publicFeeds } from './http/publication/public-feed-routes.ts';
import { openDataRoutes } from './http/publication/open-data-routes.ts';
import { followRoutes } from './http/follows/follow-routes.ts';
import { portalAdminRoutes, portalIntakeErrors } from './http/portals/portal-routes.ts';
import { webhookSettings } from './webhooks/webhook-delivery.ts';
import type { Resolver } from './webhooks/webhook-address.ts';
import { webhookRoutes } from './http/webhooks/webhook-routes.ts';
import { createRequestNotifier } from './requests/request-event-queue.ts';
import { createQueues, type Queues } from './platform/queues.ts';
import { documentCopyRoutes } from './http/requests/document-copy-routes.ts';
import { createMailer } from './platform/mailer.ts';
import { createRateLimits } from './platform/rate-limits.ts';
import { bearerAuth } from './http/middleware/bearer-auth.ts';
import { apiVersionHeaders } from './http/middleware/api-versioning.ts';
import { limitBodyDepth } from './http/middleware/body-depth.ts';
import { anonymousLimits } from './http/middleware/anonymous-limits.ts';
import { trustProxySetting, warnUntrustedForwarding } from './http/middleware/trust-proxy.ts';
import { boundedBody } from './http/middleware/bounded-body.ts';
import {
  holidayOverrideRoutes,
  overridesRefresher,
} from './http/jurisdictions/holiday-override-routes.ts';
import { API_OPERATIONS, type ApiDeps } from './http/api-operations.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  redis: Redis;
  jurisdictions: JurisdictionRegistry;
  /** The queues mail and reminders go through (default: opened on `redis`). */
  queues?: Queues;
  /** How webhook addresses' names are resolved (tests inject one: no outside DNS there). */
  resolveHost?: Resolver;
  /** True once the process is stopping (src/server.ts): /readyz is 503, connections close after each answer. */
  draining?: () => boolean;
  /**
   * Hears every JSON body the API answers, with its route (tests check each
   * against the OpenAPI document: test/support/contract.ts). Unset in production.
   */
  observeJson?: (
    req: { method: string; path: string; route?: { path: string } },
    status: number,
    body: unknown,
  ) => void;
}

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../public');
const fontFiles = (name: string) =>
  path.join(path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'files');
const FONT_DIRS = {
  arabic: fontFiles('@fontsource/ibm-plex-sans-arabic'),
  latin: fontFiles('@fontsource/ibm-plex-sans'),
};
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Builds the Express app (it does not listen: src/server.ts does). */
export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const production = config.NODE_ENV === 'production';
  const secure = config.BASE_URL.startsWith('https://');
  const app = express();
  app.disable('x-powered-by');
  const trustProxy = trustProxySetting(config.TRUST_PROXY);
  app.set('trust proxy', trustProxy);
  configureViews(app, production);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(timeRequests);
  app.use(warnUntrustedForwarding(logger, trustProxy !== false));
  const handleError = errorHandler(logger);
  const deadline = dependencyDeadline(deps.redis, handleError);
  app.use(deadline.watch);
  const draining = deps.draining;
  if (draining)
    app.use((_req, res, next) => {
      // Stopping: no connection is kept for a next request that could be cut.
      if (draining()) res.setHeader('Connection', 'close');
      next();
    });
  // Every log line of this request, and every job it queues, carries its id.
  app.use((_req, res, next) => {
    runInLogContext({ reqId: res.getHeader('X-Request-Id') as string }, next);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: secure,
      // Not helmet's `no-referrer`: with it browsers send `Origin: null` on the site's own
      // form posts, and the CSRF check compares the Origin. Other sites learn nothing more.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  const observe = deps.observeJson;
  if (observe)
    app.use((req, res, next) => {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        // Paths as the app sees them, whatever router answered (the queue dashboard's is mounted).
        const path = req.baseUrl + req.path;
        const route = req.route as { path: string } | undefined;
        if (path.startsWith('/api/'))
          observe(
            {
              method: req.method,
              path,
              // A route's path is the app's whole path, unless a mounted router declared it.
              ...(route
                ? {
                    route: {
                      path: route.path.startsWith(req.baseUrl)
                        ? route.path
                        : req.baseUrl + route.path,
                    },
                  }
                : {}),
            },
            res.statusCode,
            body,
          );
        return json(body);
      };
      next();
    });
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: production ? '7d' : 0, index: false }));
  // The web fonts, from their npm packages (the sheet's @font-face rules name these paths).
  for (const [dir, files] of Object.entries(FONT_DIRS))
    app.use(`/static/fonts/${dir}`, express.static(files, { maxAge: '30d', index: false }));
  // Pages build absolute links (canonical, Open Graph, feeds) from the public address.
  app.locals.baseUrl = config.BASE_URL.replace(/\/$/, '');
  app.locals.openDataLicence = config.OPEN_DATA_LICENCE;
  const calendars = createJurisdictionCalendars(deps.jurisdictions);
  const queues = deps.queues ?? createQueues(deps.redis, config.REDIS_PREFIX);
  // A takedown in this process also empties every process's caches of public lists.
  const epoch = publicationEpoch(deps.redis, config.REDIS_PREFIX, logger);
  const notifier = notifyingTakedowns(createRequestNotifier(queues, logger), epoch);
  const limits = createRateLimits(
    deps.redis,
    config.REDIS_PREFIX,
    config.FILINGS_PER_HOUR,
    config.RATE_LIMIT_MULTIPLIER,
  );
  const accounts = {
    baseUrl: config.BASE_URL,
    mailer: createMailer(config),
    limits,
    logger,
  };
  const webhooks = {
    queues,
    settings: webhookSettings(config, deps.resolveHost),
    production,
    jurisdictions: deps.jurisdictions,
  };
  const portalIntake = {
    limits,
    bodyLimitBytes: config.PORTAL_BODY_LIMIT_MB * 1024 * 1024,
    concurrentBodies: config.PORTAL_CONCURRENT_BODIES,
  };
  const documents = documentLimits(config);
  const openApiDocument = apiDocument(API_OPERATIONS, config.BASE_URL, documents.maxBytes);
  const apiDeps: ApiDeps = {
    accounts,
    jurisdictions: deps.jurisdictions,
    calendars,
    limits,
    notifier,
    searchRank: cachedRanking(config.SEARCH_CACHE_MS, () => epoch.current()),
    webhooks,
    portalIntake,
    openApiDocument,
    documents,
  };
  // The portals' intake: before the body parsers (a portal's files exceed their limit),
  // sessions and CSRF; its errors in the spec's shape.
  const portalOperations = API_OPERATIONS.filter((op) => op.auth === 'portal');
  app.use(apiRouter(portalOperations, apiDeps));
  app.use('/api/portal', ...portalIntakeErrors(portalIntake, logger));
  // Bodies of the pages and the API: at most 100 kB, refused from their length or as they stream.
  app.use(boundedBody({ kind: 'json', limitBytes: 100 * 1024 }));
  app.use(boundedBody({ kind: 'urlencoded', limitBytes: 100 * 1024, parameterLimit: 200 }));
  app.use(limitBodyDepth);
  app.use(cookieParser());
  app.use(localeMiddleware(config.DEFAULT_LOCALE));
  app.use(countryFormats(deps.jurisdictions));

  app.use(healthRouter(deps.redis, config.READY_TIMEOUT_MS, deps.draining));
  watchQueueDepths(queues);
  app.use(metricsRouter(config.METRICS_TOKEN));
  app.use(localeRouter(secure));

  // Everything below may use the session (in Redis) and the signed-in user.
  const passport = configurePassport();
  app.use(sessionMiddleware(config, deps.redis, logger));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(bearerAuth(limits));
  app.use(anonymousLimits(limits));
  app.use(apiVersionHeaders('/api/v1/', config.API_V1_DEPRECATED_AT, config.API_V1_SUNSET_AT));
  app.use((req, res, next) => {
    // What a signed-in user or an API client reads is theirs: no cache keeps it.
    if (req.user || req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use((req, res, next) => {
    res.locals.user = req.user;
    // The menus mirror the route guards: the inbox, statistics, accounts, holidays and log.
    res.locals.hasInbox = hasAnyRole(req.user, ['citizen', 'officer', 'agency_admin']);
    res.locals.audits = hasAnyRole(req.user, ['auditor', 'admin']);
    res.locals.managesUsers = hasAnyRole(req.user, ['admin', 'agency_admin']);
    res.locals.isAdmin = hasAnyRole(req.user, ['admin']);
    // An agency admin reads their agency's annual report (auditors reach it from /audit).
    res.locals.agencyReport =
      hasAnyRole(req.user, ['agency_admin']) && !hasAnyRole(req.user, ['auditor', 'admin']);
    next();
  });
  app.use(
    csrfProtection({
      origin: new URL(config.BASE_URL).origin,
      jsonExempt: (req) => req.method === 'POST' && req.path === '/api/v1/session',
      // The queue dashboard's script sends no token; every browser sends its Origin.
      originSuffices: (req) => req.path.startsWith(`${QUEUE_DASHBOARD_PATH}/api/`),
      // A request's forms with a file: their `_csrf` is read before the file (request-uploads.ts).
      deferredMultipart: (req) => req.method === 'POST' && UPLOAD_PATH.test(req.path),
      tokenInAddress: (req) =>
        req.method === 'POST' &&
        req.path === '/follow/unsubscribe' &&
        typeof req.query.token === 'string',
    }),
  );
  // Holiday overrides reloaded before anything that computes a deadline.
  app.use(overridesRefresher(calendars));
  // The API: each operation's route, guard and validation derived from its declaration.
  app.use(
    apiRouter(
      API_OPERATIONS.filter((op) => op.auth !== 'portal'),
      apiDeps,
    ),
  );
  app.use(sessionRoutes(accounts));
  app.use(accountRoutes(accounts));
  app.use(userAdminRoutes(accounts, deps.jurisdictions));
  app.use(ownAccountRoutes(accounts));
  app.use(portalAdminRoutes(deps.jurisdictions));
  app.use(webhookRoutes(webhooks));
  app.use(startPage({ calendars, jurisdictions: deps.jurisdictions }));
  app.use(agencyPages(deps.jurisdictions, calendars));
  app.use(deadlinePages(deps.jurisdictions, calendars));
  app.use(holidayOverrideRoutes(deps.jurisdictions, calendars, notifier));
  app.use(jurisdictionPages(deps.jurisdictions, calendars));
  app.use(queueDashboard(queues));
  // Before the auditors' pages: `/audit/report` is not a jurisdiction.
  app.use(reportPages({ calendars, jurisdictions: deps.jurisdictions }));
  app.use(auditPages({ calendars, jurisdictions: deps.jurisdictions }));
  app.use(publicStatsPages({ calendars, jurisdictions: deps.jurisdictions }));
  app.use(searchRoutes(deps.jurisdictions, apiDeps.searchRank));
  app.use(apiDocRoutes(API_OPERATIONS, openApiDocument));
  app.use(publicFeeds(deps.jurisdictions));
  app.use(openDataRoutes({ calendars, jurisdictions: deps.jurisdictions }));
  app.use(followRoutes({ ...accounts, followSecret: config.SESSION_SECRET }));
  const requestDeps = {
    calendars,
    limits,
    notifier,
    documents,
    jurisdictions: deps.jurisdictions,
  };
  app.use(documentCopyRoutes({ queues }));
  app.use(requestPages(requestDeps));
  // A filing page posted after its session ended comes back with its answers, not a 403 page.
  app.use('/requests/new', filingAfterSessionEnd(requestDeps));
  // The caught mail holds other people's links: only on an explicit development setting.
  if (
    config.NODE_ENV === 'development' &&
    config.DEV_MAIL_PAGES === 'true' &&
    config.MAIL_CATCHER_DIR
  )
    app.use(devMailPages(config.MAIL_CATCHER_DIR));

  app.use(notFoundHandler);
  app.use(deadline.noteFailures);
  app.use(handleError);
  return app;
}
