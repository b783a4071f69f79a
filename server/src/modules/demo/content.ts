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

export const SUBJECTS: Record<Topic, readonly string[]> = {
  billing: [
    'Charged twice for my order',
    'Refund not received yet',
    'Invoice shows the wrong address',
    'Question about my subscription fee',
  ],
  technical: [
    'App crashes when I open my orders',
    'Cannot pair the headlamp with the app',
    'Firmware update failed',
    'Tent heater shows error E4',
  ],
  orders: [
    'Where is my order?',
    'Can I change the size on my order?',
    'Item missing from my order',
    'Cancel my order please',
  ],
  shipping: [
    'Parcel stuck in customs',
    'Tracking has not updated for a week',
    'Delivered to the wrong address',
    'Express shipping to the Azores?',
  ],
  returns: [
    'How do I return a jacket?',
    'Return label does not work',
    'Exchange boots for a bigger size',
    'Return received but no refund',
  ],
  account: [
    'Cannot log in to my account',
    'Please delete my account',
    'Change the email on my account',
    'Loyalty points missing',
  ],
};

export const OPENINGS: Record<Topic, readonly string[]> = {
  billing: [
    'I was charged twice for the same order and would like one payment refunded.',
    'My refund was approved ten days ago but nothing has reached my card.',
  ],
  technical: [
    'Every time I open the app it closes again straight away. I have reinstalled it twice.',
    'The device will not connect over Bluetooth, the light just keeps blinking.',
  ],
  orders: [
    'My order was confirmed last week but it still says processing.',
    'I ordered the wrong size by mistake, can you change it before it ships?',
  ],
  shipping: [
    'The tracking page has said "in transit" for eight days now.',
    'The courier marked the parcel as delivered but I never got it.',
  ],
  returns: [
    'I would like to return the jacket, it is too small. What do I need to do?',
    'I sent the boots back two weeks ago and have not heard anything.',
  ],
  account: [
    'I reset my password but the log-in page still says it is wrong.',
    'Please change the email address on my account to my new one.',
  ],
};

export const GREETINGS: Record<Locale, string> = {
  en: 'Hi',
  es: 'Hola',
  pt: 'Olá',
  da: 'Hej',
  de: 'Hallo',
  tl: 'Hi po',
};

export const AGENT_REPLIES = {
  first: [
    'thanks for reaching out. I have looked into this and I am on it.',
    'thank you for your patience. I can see the order and I am checking the details now.',
    'sorry for the trouble. I have opened a case with the team and will update you shortly.',
  ],
  askInfo: [
    'could you send me your order number and a photo of the label, please?',
    'could you confirm the email address you used when ordering?',
  ],
  resolve: [
    'this is sorted now: you will see the change within 3–5 working days.',
    'I have issued the refund and sent you a confirmation by email.',
    'a replacement is on its way; the tracking link is in your inbox.',
  ],
  customerFollowUp: ['Thanks, here are the details you asked for.', 'Any news on this?', 'Great, thank you!'],
  internalNote: [
    'Checked with the warehouse: item was mis-picked.',
    'Payment provider confirms a double capture.',
  ],
} as const;
