/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { QueueName } from '../../src/platform/queues.ts';
import { startTestAppWithMailbox } from './test-app.ts';
import { PASSWORD } from './factories.ts';
import { sizeProblems } from './size-checks.ts';

const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Where a run's screenshots go (never committed). */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../.run/screenshots');

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * The real app listening on a port of its own (a browser needs one), with its
 * workers and SMTP listener, and its BASE_URL its own address so the Origin
 * check sees what a browser sends.
 */
export async function startBrowserApp(
  name: string,
  options: { queues?: readonly QueueName[] } = {},
) {
  // The port first (0: the system picks a free one, never another file's), then the
  // app, whose BASE_URL must name it.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${String(port)}`;
  const harness = await startTestAppWithMailbox(name, {
    ...(options.queues ? { queues: options.queues } : {}),
    overrides: { BASE_URL: base },
  });
  server.on('request', harness.app);
  return {
    ...harness,
    base,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await harness.close();
    },
  };
}

/** Debian's Chromium (scripts/chromium.sh), headless. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the tests with `npm test`');
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** A browser context in `locale` (the language cookie), at `viewport`. */
export async function openContext(
  browser: Browser,
  base: string,
  locale: 'ar' | 'en',
  viewport = DESKTOP,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale });
  await setLocale(context, base, locale);
  return context;
}

/** Switches a context's language, as the language link does (its cookie). */
export async function setLocale(context: BrowserContext, base: string, locale: 'ar' | 'en') {
  await context.addCookies([{ name: 'haqq_lang', value: locale, url: base }]);
}

/** Signs in through the sign-in form, as a person would. */
export async function signInWithForm(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.locator('form[action="/login"] button[type="submit"]').click(),
  ]);
}

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol: the page's own CSP stays in force.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

/** How many CSS pixels the page is wider than the viewport (0: no sideways scrolling). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

/** The elements that stick out past the viewport's inline edges, for a useful failure message. */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
        const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
          element.classList.length ? `.${[...element.classList].join('.')}` : ''
        }`;
        found.push(`${name} [${String(Math.round(box.left))}, ${String(Math.round(box.right))}]`);
      }
    }
    return found.slice(0, 8);
  });
}

/** The whole page as it looks now, saved as `.run/screenshots/<step>.png`. */
async function screenshot(page: Page, step: string) {
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${step.replace(/[^a-z0-9-]+/gi, '_')}.png`),
    fullPage: true,
  });
}

/**
 * Every step's checks: axe-core (no serious or critical finding), sizes people
 * can read and touch (size-checks.ts), no sideways scrolling, and a full-page
 * screenshot saved under .run/screenshots.
 * Returns the problems found, each naming the step. Pass `javaScript: false`
 * for a page of a context with JavaScript turned off.
 */
export async function checkStep(
  page: Page,
  step: string,
  options: { javaScript?: boolean } = {},
): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // With JavaScript turned off no script runs in the page, axe-core included: the
  // checks run on a copy of the page as served, in a context of the same size.
  if (options.javaScript === false) {
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const copy = await browser.newContext({ viewport: page.viewportSize() ?? DESKTOP });
    try {
      const twin = await copy.newPage();
      // Written into a document of the app's own origin, so that its stylesheet loads (the
      // app serves it to its own origin only: Cross-Origin-Resource-Policy) and the sizes
      // checked are the styled ones.
      const { origin } = new URL(page.url());
      await twin.goto(`${origin}/robots.txt`);
      await twin.setContent(await page.content(), { waitUntil: 'load' });
      const problems = await checkStep(twin, step);
      await screenshot(page, step);
      return problems;
    } finally {
      await copy.close();
    }
  }
  const problems: string[] = [];
  const findings = await axeFindings(page);
  for (const f of findings)
    problems.push(`${step}: axe ${f.impact ?? ''} ${f.id} (${f.help}) at ${f.targets.join(', ')}`);
  problems.push(...(await sizeProblems(page, step)));
  const overflow = await horizontalOverflow(page);
  if (overflow > 0)
    problems.push(
      `${step}: ${String(overflow)} px of sideways scrolling: ${(await overflowingElements(page)).join('; ')}`,
    );
  await screenshot(page, step);
  return problems;
}
