// Runs the development SMTP catcher as its own process (started by scripts/services.ts).
import { parseArgs } from 'node:util';
import { startMailCatcher } from '../src/dev/mail-catcher.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, dir: { type: 'string' } },
});
const catcher = await startMailCatcher({
  port: Number(values.port ?? 2525),
  ...(values.dir ? { dir: values.dir } : {}),
});
console.log(`mail catcher listening on ${catcher.url}`);
const stop = () => {
  void catcher.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
