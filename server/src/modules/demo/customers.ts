import type { NewRow } from '../../platform/db/schema.js';
import { type Locale, NAMES, PHONE_PLANS } from './content.js';
import { chance, int, pick, type Rng, uuid, weighted } from './random.js';

/** The demo brand's customers: a name, a language, an email for everyone and a phone for most. */

export interface DemoCustomer {
  id: string;
  name: string;
  locale: Locale;
  tier: 'standard' | 'premium' | 'vip';
  email: string;
  phone: string | null;
}

/** Share of customers per language: the brand sells across Europe, Latin America and the Philippines. */
const LOCALE_SHARE: Record<Locale, number> = { en: 42, es: 20, pt: 12, da: 10, de: 9, tl: 7 };
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const DAY = 86_400_000;

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

export function buildCustomers(rng: Rng, organizationId: string, count: number, now: Date) {
  const customers: (NewRow<'customers'> & { id: string })[] = [];
  const identities: NewRow<'customer_identities'>[] = [];
  const profiles: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const id = uuid(rng);
    const locale = weighted(rng, LOCALE_SHARE);
    const first = pick(rng, NAMES[locale].first);
    const last = pick(rng, NAMES[locale].last);
    const tier = weighted(rng, { standard: 80, premium: 15, vip: 5 } as const);
    // Customers existed before the ticket window opens, some for years.
    const createdAt = new Date(now.getTime() - (90 + int(rng, 1, 900)) * DAY).toISOString();
    customers.push({
      id,
      organization_id: organizationId,
      display_name: `${first} ${last}`,
      tier,
      created_at: createdAt,
      updated_at: createdAt,
    });
    // The running number keeps every email unique however often a name repeats.
    const email = `${ascii(first)}.${ascii(last)}${i + 1}@${pick(rng, EMAIL_DOMAINS)}`;
    identities.push({
      organization_id: organizationId,
      customer_id: id,
      kind: 'email',
      value: email,
      created_at: createdAt,
    });
    let phone: string | null = null;
    if (chance(rng, 0.6)) {
      const plan = PHONE_PLANS[locale];
      const digits = Array.from({ length: plan.digits }, () => int(rng, 0, 9)).join('');
      // Stored in E.164, the form the customers module normalises phone numbers to.
      phone = `${pick(rng, plan.prefix)}${digits}`.replace(/\s/g, '');
      identities.push({
        organization_id: organizationId,
        customer_id: id,
        kind: 'phone',
        value: phone,
        created_at: createdAt,
      });
    }
    profiles.push({ id, name: `${first} ${last}`, locale, tier, email, phone });
  }
  // The same random phone can come up twice; identities are unique per organization, so keep the first.
  const seen = new Set<string>();
  const unique = identities.filter((x) => {
    const key = `${x.kind}:${x.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { customers, identities: unique, profiles };
}
