// The layers of docs/architecture.md, checked by `npm run lint` (depcruise): a new import that
// runs back up the layers, or closes a loop between folders or files, fails CI. Every import
// counts, type-only ones included (a type is a dependency of the design).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders depend on each other one way: no loop between any two folders.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-file-cycle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'http-at-the-edge',
      comment:
        'Routers, pages, API handlers and view models live in src/http/; only the app, the ' +
        'worker entry (its metrics endpoint) and other HTTP files import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(http/|app\\.ts$)' },
      to: { path: '^src/http/' },
    },
    {
      name: 'routers-through-stores',
      comment:
        'Routers and pages read and write through stores and services, never a mongoose model ' +
        '(a type from a model file is fine).',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '-model\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'requests-through-the-repository',
      comment:
        'The requests collection is written by the one door (request-store.ts) and read by the ' +
        'read side (request-reads.ts); everything else goes through them.',
      severity: 'error',
      // src/models.ts registers every model (its indexes) at boot.
      from: {
        path: '^(src|jobs)/',
        pathNot: ['^src/requests/request-(store|reads)\\.ts$', '^src/models\\.ts$'],
      },
      to: { path: '^src/requests/request-model\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'features-below-jobs',
      comment: 'jobs/ holds the worker entry and handlers: nothing in src/ imports it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^jobs/' },
    },
    {
      name: 'shared-helpers-know-no-feature',
      comment:
        'text/, time/, i18n/ and mail/ are shared helpers: they use each other and platform only.',
      severity: 'error',
      from: { path: '^src/(text|time|i18n|mail)/' },
      to: {
        path: '^src/',
        pathNot: '^src/(text|time|i18n|mail|platform)/|^src/(config|errors)\\.ts$',
      },
    },
    {
      name: 'platform-at-the-bottom',
      comment: 'platform/ holds drivers (mongo, redis, queues, mailer, logger) and no domain.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/|^src/(config|errors)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|jobs)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
