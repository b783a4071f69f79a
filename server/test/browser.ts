import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { ensureWebBuilt } from '../src/modules/web-app/build.js';
import { TEST_PASSWORD } from './harness.js';

/**
 * Shared by the console's browser tests and the inbox benchmark: Debian's Chromium driven by
 * playwright-core, the built console served by the real server, and detectors for what a page
 * received and did.
 */

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** One headless Chromium per test file (the flags of the widget's browser test). */
export async function launchBrowser(): Promise<Browser> {
  await ensureWebBuilt();
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/** A full-page screenshot to artifacts/screenshots/<name>.png (gitignored; CI can upload it). */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Signs in through the sign-in page, as a person would, and waits for the signed-in frame. */
export async function signIn(page: Page, base: string, email: string, target = '/tickets') {
  await page.goto(`${base}/sign-in?redirect=${encodeURIComponent(target)}`);
  await page.getByLabel('Email').fill(email);
  // Password inputs have no role; Mantine's label reads "Password *" (required).
  await page.locator('input[type=password]').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-name').waitFor();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core in the page: serious and critical violations, as "rule: target" lines. The page's
 * context needs bypassCSP, since the console's CSP (rightly) refuses the injected script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<any> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as {
      id: string;
      impact: string;
      nodes: { target: string[]; any: { message: string }[] }[];
    }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.any[0]?.message ?? ''}`),
    );
}

/** Every response body the page receives (text), for asserting what never reached the browser. */
export function collectResponses(page: Page) {
  const bodies: Array<{ url: string; status: number; body: string }> = [];
  const pending: Promise<void>[] = [];
  const onResponse = (response: Response) => {
    pending.push(
      response.body().then(
        (b) => void bodies.push({ url: response.url(), status: response.status(), body: b.toString('utf8') }),
        // Redirects and aborted requests have no body: nothing reached the page.
        () => undefined,
      ),
    );
  };
  page.on('response', onResponse);
  // WebSocket frames are received data too.
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      bodies.push({ url: ws.url(), status: 101, body: typeof f.payload === 'string' ? f.payload : '' });
    });
  });
  return {
    bodies,
    async settle() {
      await Promise.all(pending.splice(0));
      return bodies;
    },
    stop() {
      page.off('response', onResponse);
    },
  };
}

/** The path a payload's beacon goes to (same origin, so the console's CSP would let it through). */
export const BEACON_PATH = '/__xss_beacon';
/** What a payload writes to the console when it runs. */
export const MARKER = 'XSS-MARKER-7f3a';

/**
 * Watches a page for any sign that injected script ran or injected markup became live: a dialog, a
 * console message with the marker, a request to the beacon path, a Content-Security-Policy violation
 * (the app's policy blocked something injected), and window.__xss in any frame.
 */
export function xssDetectors(page: Page) {
  const hits: string[] = [];
  page.on('dialog', (dialog) => {
    hits.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes(MARKER)) hits.push(`console: ${text}`);
  });
  // A CSP violation in the console's own document means something injected got as far as the policy.
  // (The customer-HTML frame has its own, stricter policy; its blocked images are that policy working.)
  void page.addInitScript(() => {
    if (window.top !== window) return;
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  page.on('request', (request) => {
    if (request.url().includes(BEACON_PATH)) hits.push(`beacon: ${request.url()}`);
  });
  page.on('pageerror', (error) => {
    if (error.message.includes(MARKER)) hits.push(`pageerror: ${error.message}`);
  });
  return {
    hits,
    reset() {
      hits.length = 0;
    },
    /** Also reads window.__xss in the page and all its frames, and looks for live injected markup. */
    async check(): Promise<string[]> {
      for (const frame of page.frames()) {
        const main = frame === page.mainFrame();
        const found = await frame
          .evaluate((main) => {
            const w = window as unknown as { __xss?: unknown };
            const out: string[] = [];
            if (w.__xss !== undefined) out.push(`window.__xss=${String(w.__xss)}`);
            // Inside a frame sandboxed without scripts, inert markup cannot run: only the page counts.
            if (!main) return out;
            for (const v of (window as unknown as { __csp?: string[] }).__csp ?? []) out.push(`csp: ${v}`);
            // Markup the app never writes itself: inline handlers, javascript: URLs, foreign scripts,
            // frames that may run script.
            for (const el of Array.from(document.querySelectorAll('*'))) {
              for (const attr of Array.from(el.attributes)) {
                if (/^on/i.test(attr.name)) out.push(`markup: <${el.localName} ${attr.name}>`);
                if (
                  /^\s*javascript:/i.test(attr.value) &&
                  /href|src|action|data|to|from|values/i.test(attr.name)
                )
                  out.push(`markup: <${el.localName} ${attr.name}=${attr.value}>`);
              }
              if (el.localName === 'script') {
                // The app's own module script is /assets/…; anything else was injected.
                const src = el.getAttribute('src');
                if (src === null || !new URL(src, location.href).pathname.startsWith('/assets/'))
                  out.push(`markup: <script ${src ?? 'inline'}>`);
              }
              if (el.localName === 'iframe' || el.localName === 'frame') {
                const sandbox = el.getAttribute('sandbox');
                if (sandbox === null || /allow-scripts/.test(sandbox))
                  out.push(`markup: <${el.localName} sandbox=${sandbox}> may run script`);
              }
              if (el.localName === 'object' || el.localName === 'embed' || el.localName === 'base')
                out.push(`markup: <${el.localName}>`);
            }
            return out;
          }, main)
          .catch(() => [] as string[]);
        hits.push(...found.map((f) => `${main ? 'page' : 'frame'}: ${f}`));
      }
      return hits;
    },
  };
}
