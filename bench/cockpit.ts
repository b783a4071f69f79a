/**
 * Cockpit benchmark: the demo brand (90 days of generated work, the KPI rollup built at seed), the real
 * server with the built console, and Chromium timing navigation → the vendors overview's figures on
 * screen, and navigation → one vendor page's breakdown figures, over several runs. Printed beside the
 * same run's baselines: a static HTML page with the same table's text (served by Chromium itself, no
 * app, no API), and the KPI API call behind the table alone.
 *
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:cockpit   a throwaway database on that server
 *   npm run bench:cockpit                                     embedded PGlite in a temp dir
 *   npm run bench:cockpit -- --runs 10
 */
import type { BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../server/src/app.js';
import { DEMO_PASSWORD, seedDemo } from '../server/src/modules/demo/index.js';
import { loadConfig } from '../server/src/platform/config.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { CHROMIUM, launchBrowser } from '../server/test/browser.js';
import { openBenchDatabase, percentile } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = Math.max(7, arg('runs', 7));
const TARGET_MS = 1000;
const TZ = 'UTC';

/** The first row's Contacts figure: the first cell of the table that holds a number. */
const OVERVIEW_CELL = '[data-testid="vendors-overview"] tbody tr td:nth-child(2)';
const BREAKDOWN_CELL = '[data-testid="breakdown"] tbody tr td:nth-child(2)';

/**
 * Records (in the page, from navigation start) when the cell first holds a digit: the loader has no
 * digits, the figures do. A string, not a function: tsx's name-keeping helpers do not exist in the page.
 */
const probe = (selector: string) => `
  new MutationObserver(function (_, observer) {
    var cell = document.querySelector(${JSON.stringify(selector)});
    if (window.__figures === undefined && cell && /\\d/.test(cell.textContent || '')) {
      window.__figures = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
`;

async function figuresShown(page: Page, url: string, selector: string) {
  await page.addInitScript({ content: probe(selector) });
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
  // Painted: wait for the next frame after the figures are in the DOM.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const at = await page.evaluate(() => (window as unknown as { __figures?: number }).__figures);
  if (at === undefined) throw new Error(`figures not recorded at ${url}`);
  return at;
}

/** The rendered table's text as a plain HTML table: the static page's content. */
async function tableText(page: Page, testId: string) {
  const rows = await page.locator(`[data-testid="${testId}"] tr`).evaluateAll((trs) =>
    trs.map((tr) =>
      Array.from(tr.children).map(
        // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered, line breaks included, is what the static page shows
        (c) => (c as HTMLElement).innerText.trim(),
      ),
    ),
  );
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const [head, ...body] = rows;
  return `<!doctype html><html><head><meta charset=utf-8><title>${testId}</title></head><body>
<table data-testid="${testId}"><thead><tr>${(head ?? []).map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table></body></html>`;
}

function line(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label.padEnd(52)} p50 ${percentile(sorted, 50).toFixed(0).padStart(6)} ms   max ${sorted.at(-1)!.toFixed(0).padStart(6)} ms   n=${sorted.length}`;
}
const p50 = (v: number[]) =>
  percentile(
    [...v].sort((a, b) => a - b),
    50,
  );

/** One screen: the console over RUNS after a warm-up, then its static page and its API call. */
async function measure(
  context: BrowserContext,
  base: string,
  screen: { name: string; path: string; selector: string; testId: string; api: string },
) {
  const console_: number[] = [];
  let html = '';
  let timeline = '';
  for (let run = 0; run <= RUNS; run++) {
    const page = await context.newPage();
    const ms = await figuresShown(page, `${base}${screen.path}`, screen.selector);
    // Run 0 warms the server and the browser cache (a returning reader); it is not counted.
    if (run > 0) console_.push(ms);
    if (run === RUNS) {
      html = await tableText(page, screen.testId);
      timeline = await page.evaluate(() => {
        const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const scripts = entries.filter((e) => /\.js($|\?)/.test(e.name));
        const api = entries
          .filter((e) => e.name.includes('/api/'))
          .map(
            (e) =>
              `${e.name
                .replace(location.origin, '')
                .split('?')[0]!
                .replace(/[0-9a-f-]{36}/g, ':id')} ${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)}`,
          );
        const lastScript = Math.max(0, ...scripts.map((e) => e.responseEnd));
        return `${scripts.length} scripts loaded by ${lastScript.toFixed(0)}; ${api.join(', ')}`;
      });
    }
    await page.close();
  }

  const staticPath = `/__static-${screen.testId}`;
  await context.route(`${base}${staticPath}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: html }),
  );
  const statics: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const page = await context.newPage();
    const ms = await figuresShown(page, `${base}${staticPath}`, screen.selector);
    if (run > 0) statics.push(ms);
    await page.close();
  }

  const apis: number[] = [];
  const page = await context.newPage();
  await page.goto(`${base}${staticPath}`);
  for (let run = 0; run <= RUNS; run++) {
    const ms = await page.evaluate(async (url) => {
      const started = performance.now();
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      await res.json();
      return performance.now() - started;
    }, screen.api);
    if (run > 0) apis.push(ms);
  }
  await page.close();

  console.log(line(`console: navigation → ${screen.name}`, console_));
  console.log(line('baseline: static HTML page with the same table', statics));
  console.log(line(`baseline: GET ${screen.api.split('?')[0]} alone`, apis));
  console.log(
    `ratio console / static page: ${(p50(console_) / p50(statics)).toFixed(1)}×   console / API call: ${(p50(console_) / p50(apis)).toFixed(1)}×`,
  );
  console.log(`last console run (ms from navigation): ${timeline}`);
  const ok = p50(console_) < TARGET_MS;
  console.log(`target ${screen.name} p50 < ${TARGET_MS} ms: ${ok ? 'met' : 'NOT met'}`);
}

/** The console's default period (last 30 days in the reader's zone) as the overview asks for it. */
function last30(now = new Date()) {
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-29), to: day(1) };
}

async function main() {
  if (!CHROMIUM)
    throw new Error('bench:cockpit needs Chromium at /usr/bin/chromium (apt-get install chromium)');
  const guard = setTimeout(() => {
    console.error('bench:cockpit exceeded its time budget; exiting');
    process.exit(1);
  }, 600_000);
  guard.unref();

  const { database, cleanup, label } = await openBenchDatabase();
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchBrowser();
  try {
    const seeding = Date.now();
    const outcome = await seedDemo(database, config);
    if (!outcome.seeded) throw new Error('the bench database already holds an organization');
    const admin = outcome.logins.find((l) => l.role === 'brand_admin');
    if (!admin) throw new Error('the demo has no brand admin');
    const vendor = await database.db
      .selectFrom('vendors')
      .select(['id', 'name'])
      .where('organization_id', '=', outcome.organizationId)
      .where('name', 'like', 'Pacific%')
      .executeTakeFirstOrThrow();
    console.log(
      `bench:cockpit — ${label}; demo brand (${(outcome.counts.tickets ?? 0).toLocaleString('en')} tickets, ${outcome.counts.vendors} vendors, vendor page of ${vendor.name}, KPI rollup built at seed; seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s); Chromium headless; ${RUNS} runs after a warm-up on ${base}`,
    );

    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      timezoneId: TZ,
      locale: 'en-GB',
    });
    const login = await context.request.post(`${base}/api/v1/auth/login`, {
      data: { email: admin.email, password: DEMO_PASSWORD },
    });
    if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);

    const { from, to } = last30();
    const period = new URLSearchParams({ from, to, tz: TZ });
    await measure(context, base, {
      name: 'vendors overview figures',
      path: '/vendors-overview',
      selector: OVERVIEW_CELL,
      testId: 'vendors-overview',
      api: `/api/v1/analytics/kpis?${period}&group_by=vendor`,
    });
    await measure(context, base, {
      name: 'vendor page breakdown figures',
      path: `/vendors-overview/${vendor.id}`,
      selector: BREAKDOWN_CELL,
      testId: 'breakdown',
      api: `/api/v1/analytics/kpis?${period}&group_by=site&vendor_id=${vendor.id}`,
    });
    await context.close();
  } finally {
    await browser.close();
    await app.close();
    await bus.close();
    await cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
