import type { NewRow } from '../../platform/db/schema.js';
import type { Locale } from './content.js';
import { DEMO_DOMAIN } from './roster.js';

/**
 * The brand's desk setup: support addresses, so mail to the demo brand opens tickets from the first
 * minute (queue left to the routing rules, language set per address), and approved macros in every
 * language the customers write in.
 */

export const SUPPORT_ADDRESSES: readonly { local: string; name: string; language: Locale }[] = [
  { local: 'support', name: 'Nordlys Support', language: 'en' },
  { local: 'soporte', name: 'Nordlys Soporte', language: 'es' },
  { local: 'suporte', name: 'Nordlys Suporte', language: 'pt' },
  { local: 'kundeservice', name: 'Nordlys Kundeservice', language: 'da' },
  { local: 'kundenservice', name: 'Nordlys Kundenservice', language: 'de' },
  { local: 'tulong', name: 'Nordlys Tulong', language: 'tl' },
];

/** Per language: ask for the order, confirm a refund, close. Placeholders as the macros module knows them. */
const MACROS: Record<Locale, readonly [string, string][]> = {
  en: [
    [
      'Ask for the order number',
      'Hi {{customer.first_name}}, could you send me your order number so I can look into this? Best, {{agent.first_name}}',
    ],
    [
      'Refund issued',
      'Hi {{customer.first_name}}, I have issued your refund; it reaches your card within 3–5 working days. Best, {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Close: anything else?',
      'Hi {{customer.first_name}}, I am closing ticket #{{ticket.number}}. Just reply if there is anything else. Best, {{agent.first_name}}',
    ],
  ],
  es: [
    [
      'Pedir el número de pedido',
      'Hola {{customer.first_name}}, ¿me envías tu número de pedido para revisarlo? Saludos, {{agent.first_name}}',
    ],
    [
      'Reembolso emitido',
      'Hola {{customer.first_name}}, ya emitimos tu reembolso; llegará a tu tarjeta en 3 a 5 días hábiles. Saludos, {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Cerrar: ¿algo más?',
      'Hola {{customer.first_name}}, cierro el caso #{{ticket.number}}. Si necesitas algo más, responde a este mensaje. Saludos, {{agent.first_name}}',
    ],
  ],
  pt: [
    [
      'Pedir o número da encomenda',
      'Olá {{customer.first_name}}, pode enviar-me o número da encomenda para eu verificar? Cumprimentos, {{agent.first_name}}',
    ],
    [
      'Reembolso emitido',
      'Olá {{customer.first_name}}, emitimos o reembolso; chega ao seu cartão em 3 a 5 dias úteis. Cumprimentos, {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Fechar: mais alguma coisa?',
      'Olá {{customer.first_name}}, vou fechar o pedido #{{ticket.number}}. Se precisar de mais alguma coisa, basta responder. Cumprimentos, {{agent.first_name}}',
    ],
  ],
  da: [
    [
      'Bed om ordrenummer',
      'Hej {{customer.first_name}}, vil du sende mig dit ordrenummer, så jeg kan se på det? Venlig hilsen {{agent.first_name}}',
    ],
    [
      'Refusion sendt',
      'Hej {{customer.first_name}}, jeg har sendt din refusion; den er på dit kort inden for 3–5 hverdage. Venlig hilsen {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Luk: andet vi kan hjælpe med?',
      'Hej {{customer.first_name}}, jeg lukker sag #{{ticket.number}}. Svar blot, hvis der er andet. Venlig hilsen {{agent.first_name}}',
    ],
  ],
  de: [
    [
      'Nach der Bestellnummer fragen',
      'Hallo {{customer.first_name}}, könnten Sie mir Ihre Bestellnummer schicken, damit ich nachsehen kann? Viele Grüße, {{agent.first_name}}',
    ],
    [
      'Erstattung veranlasst',
      'Hallo {{customer.first_name}}, die Erstattung ist veranlasst und in 3–5 Werktagen auf Ihrer Karte. Viele Grüße, {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Schließen: noch etwas?',
      'Hallo {{customer.first_name}}, ich schließe Anfrage #{{ticket.number}}. Antworten Sie einfach, falls noch etwas ist. Viele Grüße, {{agent.first_name}}',
    ],
  ],
  tl: [
    [
      'Hingiin ang order number',
      'Hi po {{customer.first_name}}, pakisend po ang order number ninyo para ma-check ko. Salamat, {{agent.first_name}}',
    ],
    [
      'Na-refund na',
      'Hi po {{customer.first_name}}, na-process na po ang refund; papasok ito sa card ninyo sa loob ng 3–5 working days. Salamat, {{agent.first_name}}, {{brand.name}}',
    ],
    [
      'Isara: may iba pa po ba?',
      'Hi po {{customer.first_name}}, isasara ko na po ang ticket #{{ticket.number}}. Mag-reply lang po kung may iba pa. Salamat, {{agent.first_name}}',
    ],
  ],
};

export function buildDesk(organizationId: string, approvedBy: string | null, now: Date) {
  const at = now.toISOString();
  const supportAddresses: NewRow<'support_addresses'>[] = SUPPORT_ADDRESSES.map((a) => ({
    organization_id: organizationId,
    address: `${a.local}@${DEMO_DOMAIN}`,
    name: a.name,
    queue: null,
    language: a.language,
    vendor_id: null,
  }));
  const macros: NewRow<'macros'>[] = (
    Object.entries(MACROS) as [Locale, readonly [string, string][]][]
  ).flatMap(([language, list]) =>
    list.map(([name, body]) => ({
      organization_id: organizationId,
      vendor_id: null,
      name,
      language,
      body,
      approved: approvedBy !== null,
      approved_by: approvedBy,
      approved_at: approvedBy !== null ? at : null,
      created_by: approvedBy,
      created_at: at,
      updated_at: at,
    })),
  );
  return { supportAddresses, macros };
}
