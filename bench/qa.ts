/**
 * Automated QA checks benchmark: runChecks (voice rules, PII detection, language detection) over
 * generated agent replies with the customer's last message, on one core, in one loop. Prints
 * messages/s and p99 per message beside a baseline of the same loop doing only a regex-free scan
 * (counting letters of both texts), so the ratio is the checks' own cost.
 *
 *   npm run bench:qa                          1,000,000 messages
 *   BENCH_QA_MESSAGES=100000 npm run bench:qa a shorter run
 */
import { performance } from 'node:perf_hooks';
import { runChecks, type VoiceRuleSet } from '../server/src/modules/qa/checks.js';
import { percentile } from './support.js';

const MESSAGES = Number(process.env.BENCH_QA_MESSAGES ?? 1_000_000);

const phrase = (value: string) => ({ kind: 'phrase' as const, value });
const regex = (value: string) => ({ kind: 'regex' as const, value });
const RULES: VoiceRuleSet[] = [
  {
    language: '*',
    forbiddenPhrases: ['calm down', 'not my problem', 'as I said', 'obviously', 'whatever', 'no can do'].map(
      phrase,
    ),
    forbiddenPromises: [
      regex('refund (?:you )?(?:by|within) (?:tomorrow|\\d+ days?)'),
      regex('\\bguarantee[ds]?\\b'),
      phrase('free of charge'),
      phrase('I promise'),
    ],
    greetings: [],
    closings: [],
  },
  {
    language: 'en',
    forbiddenPhrases: [],
    forbiddenPromises: [],
    greetings: [phrase('Hi'), phrase('Hello'), phrase('Dear')],
    closings: [phrase('Kind regards'), phrase('Best wishes')],
  },
  {
    language: 'es',
    forbiddenPhrases: [],
    forbiddenPromises: [],
    greetings: [phrase('Hola'), phrase('Estimado')],
    closings: [phrase('Saludos'), phrase('Un saludo')],
  },
  {
    language: 'pt',
    forbiddenPhrases: [],
    forbiddenPromises: [],
    greetings: [phrase('Olá'), phrase('Prezado')],
    closings: [phrase('Cumprimentos'), phrase('Atenciosamente')],
  },
];

const CUSTOMER: Record<string, string[]> = {
  en: [
    'My order has not arrived yet and I need to know when you will ship it please.',
    'I was charged twice for the same subscription this month, can you check?',
    'Thanks',
  ],
  es: [
    'Hola, mi pedido no ha llegado todavía y necesito saber cuándo lo van a enviar por favor.',
    'Me han cobrado dos veces la misma suscripción este mes, ¿pueden revisarlo?',
    'Gracias',
  ],
  pt: [
    'Olá, a minha encomenda ainda não chegou e preciso de saber quando a vão enviar por favor.',
    'Fui cobrado duas vezes pela mesma assinatura este mês, podem verificar?',
    'Obrigado',
  ],
};
const BODY: Record<string, string[]> = {
  en: [
    'thank you for writing to us. Your parcel left our warehouse yesterday and should arrive within three working days.',
    'I have checked your account and can see the double charge; the second payment has been reversed.',
    'calm down, as I said the refund is on its way.',
  ],
  es: [
    'gracias por escribirnos. Su pedido salió ayer de nuestro almacén y llegará en tres días hábiles.',
    'he revisado su cuenta y veo el cargo doble; el segundo pago ya se ha devuelto.',
  ],
  pt: [
    'obrigado por nos escrever. A sua encomenda saiu ontem do armazém e deve chegar em três dias úteis.',
    'verifiquei a sua conta e vejo a cobrança duplicada; o segundo pagamento foi devolvido.',
  ],
};
const EXTRAS = [
  '',
  '',
  '',
  ' Your card 4242 4242 4242 4242 is on file.',
  ' Write to billing@example.com or call +44 20 7946 0958.',
  ' Order 123456789 ships today.',
  ' We will refund you within 3 days.',
  ' IBAN GB82 WEST 1234 5698 7654 32.',
];
const GREET: Record<string, string[]> = {
  en: ['Hi Ana, ', 'Hello, ', ''],
  es: ['Hola Ana, ', ''],
  pt: ['Olá Ana, ', ''],
};
const CLOSE: Record<string, string[]> = {
  en: [' Kind regards', ''],
  es: [' Saludos', ''],
  pt: [' Cumprimentos', ''],
};
const LANGS = ['en', 'es', 'pt'];

// A small deterministic generator (mulberry32): the same messages on every run.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
  return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function message() {
  const lang = pick(LANGS);
  // One reply in ten answers in another language than the customer's.
  const replyLang = random() < 0.1 ? pick(LANGS) : lang;
  const text = `${pick(GREET[replyLang]!)}${pick(BODY[replyLang]!)}${pick(EXTRAS)}${pick(CLOSE[replyLang]!)} #${Math.floor(random() * 1e6)}`;
  return { text, customerText: pick(CUSTOMER[lang]!), customerLanguage: lang };
}

/** The regex-free baseline: count the letters of both texts. */
function scan(text: string, customerText: string) {
  let letters = 0;
  for (const s of [text, customerText]) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i) | 32;
      if (c >= 97 && c <= 122) letters++;
    }
  }
  return letters;
}

function measure(label: string, work: (m: ReturnType<typeof message>) => number) {
  seed = 42;
  const latencies = new Float64Array(MESSAGES);
  let sink = 0;
  let busy = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const m = message();
    const start = performance.now();
    sink += work(m);
    const took = performance.now() - start;
    latencies[i] = took;
    busy += took;
  }
  latencies.sort();
  const sorted = Array.from(latencies);
  const perSecond = MESSAGES / (busy / 1000);
  console.log(
    `${label.padEnd(10)} ${Math.round(perSecond).toLocaleString('en')} messages/s, p50 ${(percentile(sorted, 50) * 1000).toFixed(1)} µs, p99 ${(percentile(sorted, 99) * 1000).toFixed(1)} µs, max ${percentile(sorted, 100).toFixed(2)} ms (sink ${sink})`,
  );
  return perSecond;
}

console.log(
  `bench:qa: ${MESSAGES.toLocaleString('en')} generated replies, one core (Node ${process.version})`,
);
const baseline = measure('baseline', (m) => scan(m.text, m.customerText));
const checks = measure('checks', (m) => runChecks({ ...m, rules: RULES }).length);
console.log(`ratio: the checks run at 1/${(baseline / checks).toFixed(0)} of the regex-free scan's rate`);
