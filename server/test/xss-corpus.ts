/**
 * Cross-site scripting payloads for the console's browser test. Each payload is written around a
 * piece of JavaScript (`js`) that, if it ever runs, leaves a trace the test watches for: a dialog,
 * a console message with the marker, a beacon request to the beacon path, or window.__xss.
 *
 * `context` is where the payload is live when written without escaping — the deliberately unsafe
 * page of the self-check puts it there to prove the detectors see it fire; `needs` is the user
 * action it waits for (hover, click, focus). `inert` marks the classics that no current Chromium
 * runs (IE's CSS expression(), VBScript …): they stay in the corpus because an old or different
 * renderer might, and the self-check proves they are inert rather than silently missed.
 *
 * The js snippets contain no spaces and no quotes, so they fit in any attribute or URL position.
 */

export type Context = 'html' | 'attribute' | 'textarea' | 'title' | 'script' | 'href';

export interface Payload {
  name: string;
  text: string;
  context: Context;
  needs?: 'hover' | 'click' | 'focus';
  inert?: string;
}

const MARKER_SOURCE = '/XSS-MARKER-7f3a/.source';

/** The four traces, rotated over the corpus so each detector is exercised. */
function action(i: number): string {
  switch (i % 4) {
    case 0:
      return `window.__xss=${i}`;
    case 1:
      return `console.log(${MARKER_SOURCE}+${i})`;
    case 2:
      return `alert(${i})`;
    default:
      // The regex source is "\/__xss_beacon"; slice(1) drops the backslash: a same-origin path.
      return `navigator.sendBeacon(/\\/__xss_beacon/.source.slice(1)+${i})`;
  }
}

type Template = [name: string, make: (js: string) => string, context: Context, extra?: Partial<Payload>];

const TEMPLATES: Template[] = [
  ['script tag', (js) => `<script>${js}</script>`, 'html'],
  ['script tag, upper case', (js) => `<SCRIPT>${js}</SCRIPT>`, 'html'],
  ['script tag with src data URL', (js) => `<script src=data:text/javascript,${js}></script>`, 'html'],
  ['img onerror', (js) => `<img src=x onerror=${js}>`, 'html'],
  ['img onerror, quoted', (js) => `<img src="x" onerror="${js}">`, 'html'],
  ['svg onload, slash separator', (js) => `<svg/onload=${js}>`, 'html'],
  ['svg onload', (js) => `<svg onload=${js}>`, 'html'],
  ['svg with script', (js) => `<svg><script>${js}</script></svg>`, 'html'],
  ['svg animate onbegin', (js) => `<svg><animate onbegin=${js} attributeName=x dur=1s>`, 'html'],
  [
    'svg set href javascript',
    (js) => `<svg><a><set attributeName=href to=javascript:${js} /><text x=20 y=20>XSS-svg</text></a></svg>`,
    'html',
    { needs: 'click' },
  ],
  ['body onload', (js) => `<body onload=${js}>`, 'html'],
  ['details ontoggle', (js) => `<details open ontoggle=${js}>`, 'html'],
  ['input autofocus onfocus', (js) => `<input autofocus onfocus=${js}>`, 'html', { needs: 'focus' }],
  ['video source onerror', (js) => `<video><source onerror=${js}></video>`, 'html'],
  ['audio onerror', (js) => `<audio src=x onerror=${js}>`, 'html'],
  [
    'CSS animation event',
    (js) =>
      `<style>@keyframes xss{from{color:red}}</style><b style=animation-name:xss;animation-duration:1ms onanimationstart=${js}>x</b>`,
    'html',
  ],
  [
    'div onmouseover',
    (js) =>
      `<div style=display:block;width:4000px;height:4000px;position:fixed;top:0;left:0 onmouseover=${js}>x</div>`,
    'html',
    { needs: 'hover' },
  ],
  ['a href javascript', (js) => `<a href=javascript:${js}>XSS-link</a>`, 'html', { needs: 'click' }],
  [
    'a href javascript, entity encoded',
    (js) => `<a href="&#106;avascript:${js}">XSS-link</a>`,
    'html',
    { needs: 'click' },
  ],
  [
    'a href javascript, tab inside',
    (js) => `<a href="jav&#x09;ascript:${js}">XSS-link</a>`,
    'html',
    { needs: 'click' },
  ],
  ['iframe src javascript', (js) => `<iframe src=javascript:${js}></iframe>`, 'html'],
  ['iframe srcdoc', (js) => `<iframe srcdoc="<script>parent.${js}</script>"></iframe>`, 'html'],
  [
    'iframe srcdoc, entity encoded',
    (js) => `<iframe srcdoc="&lt;img src=x onerror=parent.${js}&gt;"></iframe>`,
    'html',
  ],
  [
    'object data javascript',
    (js) => `<object data=javascript:${js}></object>`,
    'html',
    { inert: 'Chromium does not run javascript: URLs in object data' },
  ],
  [
    'embed src javascript',
    (js) => `<embed src=javascript:${js}>`,
    'html',
    { inert: 'Chromium does not run javascript: URLs in embed' },
  ],
  [
    'form action javascript',
    (js) => `<form action=javascript:${js}><button id=xss-submit>XSS-submit</button></form>`,
    'html',
    { needs: 'click' },
  ],
  [
    'button formaction',
    (js) => `<form><button formaction=javascript:${js}>XSS-formaction</button></form>`,
    'html',
    { needs: 'click' },
  ],
  [
    'meta refresh javascript',
    (js) => `<meta http-equiv=refresh content="0;url=javascript:${js}">`,
    'html',
    { inert: 'Chromium blocks javascript: in meta refresh' },
  ],
  [
    'style expression',
    (js) => `<div style="width:expression(${js})">x</div>`,
    'html',
    { inert: 'CSS expression() was Internet Explorer only' },
  ],
  [
    'style import javascript',
    (js) => `<style>@import "javascript:${js}";</style>`,
    'html',
    { inert: 'no browser since IE runs javascript: in CSS' },
  ],
  [
    'link stylesheet javascript',
    (js) => `<link rel=stylesheet href=javascript:${js}>`,
    'html',
    { inert: 'no javascript: stylesheets in Chromium' },
  ],
  [
    'math href javascript',
    (js) => `<math><mi xlink:href=javascript:${js} href=javascript:${js}>XSS-math</mi></math>`,
    'html',
    { inert: 'MathML links are not followed by Chromium' },
  ],
  [
    'math mglyph style mXSS',
    (js) => `<math><mtext><table><mglyph><style><img src=x onerror=${js}>`,
    'html',
    { inert: 'needs a sanitizer round trip (DOMPurify mXSS); raw, the style swallows the img' },
  ],
  ['noscript title mXSS', (js) => `<noscript><p title="</noscript><img src=x onerror=${js}>">`, 'html'],
  [
    'svg style foreignObject mXSS',
    (js) => `<svg></p><style><a id="</style><img src=1 onerror=${js}>">`,
    'html',
  ],
  ['comment breakout', (js) => `<!--<img src="--><img src=x onerror=${js}>">`, 'html'],
  ['CDATA in HTML', (js) => `<![CDATA[><img src=x onerror=${js}>]]>`, 'html'],
  [
    'template content',
    (js) => `<template><img src=x onerror=${js}></template><img src=y onerror=${js}>`,
    'html',
  ],
  [
    'base href hijack',
    (js) => `<base href="javascript:${js}//"><a href=x>XSS-base</a>`,
    'html',
    { inert: 'javascript: base URLs are refused by Chromium' },
  ],
  ['close textarea', (js) => `</textarea><img src=x onerror=${js}>`, 'textarea'],
  ['close title', (js) => `</title><img src=x onerror=${js}>`, 'title'],
  ['attribute break, double quote', (js) => `"><img src=x onerror=${js}>`, 'attribute'],
  [
    'attribute break, event',
    (js) => `" tabindex=1 autofocus onfocus=${js} x="`,
    'attribute',
    { needs: 'focus' },
  ],
  [
    'attribute break, single quote',
    (js) => `'><svg onload=${js}>`,
    'attribute',
    { inert: 'the unsafe page quotes attributes with double quotes' },
  ],
  ['template literal breakout', (js) => `\${${js}}`, 'script'],
  ['script string breakout', (js) => `</script><script>${js}</script>`, 'script'],
  ['javascript URL bare', (js) => `javascript:${js}`, 'href', { needs: 'click' }],
  ['javascript URL mixed case with spaces', (js) => ` JaVaScRiPt:${js}`, 'href', { needs: 'click' }],
  [
    'data URL html',
    (js) => `data:text/html,<script>${js}</script>`,
    'href',
    { needs: 'click', inert: 'top-level data: navigations are blocked' },
  ],
  [
    'keygen/isindex relics',
    (js) => `<isindex type=image src=1 onerror=${js}>`,
    'html',
    { inert: 'isindex is gone from HTML' },
  ],
];

/** The corpus with each payload's js filled in (the index picks which trace it leaves). */
export function xssCorpus(): Payload[] {
  return TEMPLATES.map(([name, make, context, extra], i) => ({
    name,
    text: make(action(i)),
    context,
    ...extra,
  }));
}

/** A page that is deliberately unsafe: each payload written raw into the context where it is live. */
export function unsafePage(payload: Payload): string {
  const p = payload.text;
  const body = {
    html: p,
    attribute: `<div title="${p}">x</div>`,
    textarea: `<textarea>${p}</textarea>`,
    title: `<title>${p}</title>`,
    script: `<script>const s = \`${p}\`; document.title = s;</script><script>const t = "${p}";</script>`,
    href: `<a href="${p}">XSS-link</a>`,
  }[payload.context];
  return `<!doctype html><html><head><meta charset=utf-8></head><body>${body}</body></html>`;
}
