/** Names and words for the demo brand: people per locale, and what customers write in about. */

export const LOCALES = ['en', 'es', 'pt', 'da', 'de', 'tl'] as const;
export type Locale = (typeof LOCALES)[number];

export const NAMES: Record<Locale, { first: readonly string[]; last: readonly string[] }> = {
  en: {
    first: [
      'James',
      'Olivia',
      'Liam',
      'Emma',
      'Noah',
      'Ava',
      'Ethan',
      'Grace',
      'Lucas',
      'Chloe',
      'Mason',
      'Ella',
    ],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Wilson', 'Clark', 'Walker', 'Hughes', 'Evans', 'Turner'],
  },
  es: {
    first: [
      'Sofía',
      'Mateo',
      'Valentina',
      'Santiago',
      'Camila',
      'Sebastián',
      'Isabella',
      'Diego',
      'Lucía',
      'Andrés',
    ],
    last: [
      'García',
      'Rodríguez',
      'Martínez',
      'López',
      'Gómez',
      'Díaz',
      'Torres',
      'Ramírez',
      'Castro',
      'Vargas',
    ],
  },
  pt: {
    first: ['João', 'Maria', 'Tiago', 'Beatriz', 'Rafael', 'Inês', 'Pedro', 'Mariana', 'Duarte', 'Leonor'],
    last: [
      'Silva',
      'Santos',
      'Ferreira',
      'Pereira',
      'Oliveira',
      'Costa',
      'Rodrigues',
      'Martins',
      'Sousa',
      'Lopes',
    ],
  },
  da: {
    first: ['Mads', 'Freja', 'Mikkel', 'Ida', 'Magnus', 'Clara', 'Emil', 'Karla', 'Oskar', 'Sofie'],
    last: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen'],
  },
  de: {
    first: ['Lukas', 'Mia', 'Leon', 'Hannah', 'Finn', 'Lena', 'Paul', 'Lea', 'Jonas', 'Marie'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann'],
  },
  tl: {
    first: ['Jose', 'Maria', 'Mark', 'Angel', 'John Paul', 'Kristine', 'Carlo', 'Princess', 'Jericho', 'Joy'],
    last: [
      'Santos',
      'Reyes',
      'Cruz',
      'Bautista',
      'Garcia',
      'Mendoza',
      'Villanueva',
      'Ramos',
      'Aquino',
      'Dela Cruz',
    ],
  },
};

/** A valid, fictional mobile number per locale: country code, a mobile prefix and the digits that follow. */
export const PHONE_PLANS: Record<Locale, { prefix: readonly string[]; digits: number }> = {
  en: { prefix: ['+44 7400', '+44 7552'], digits: 6 },
  es: { prefix: ['+57 310', '+57 311', '+57 315', '+57 320'], digits: 7 },
  pt: { prefix: ['+351 91', '+351 93', '+351 96'], digits: 7 },
  da: { prefix: ['+45 2', '+45 3', '+45 4'], digits: 7 },
  de: { prefix: ['+49 151', '+49 160', '+49 171'], digits: 8 },
  tl: { prefix: ['+63 917', '+63 918', '+63 927'], digits: 7 },
};

export const TOPICS = ['billing', 'technical', 'orders', 'shipping', 'returns', 'account'] as const;
export type Topic = (typeof TOPICS)[number];

/** Notes between agents, in the sites' working language (customer-facing text: conversation.ts). */
export const INTERNAL_NOTES = [
  'Checked with the warehouse: item was mis-picked.',
  'Payment provider confirms a double capture.',
  'Handing over to the in-house team: needs a goodwill refund above our limit.',
] as const;
