import { knownValuesOf, type Masking, maskIdentity, maskName, maskText } from '../../privacy/index.js';

/** A live chat in the agent console as a masked viewer sees it (docs/privacy.md#masking). */
export function maskedChat<
  T extends {
    customer_id: string;
    customer_name: string;
    visitor_name: string;
    email: string | null;
    subject: string;
    last_message_preview: string | null;
  },
>(masking: Masking, chat: T): T {
  if (!masking.masks(chat.customer_id)) return chat;
  const known = knownValuesOf({
    display_name: chat.customer_name,
    identities: chat.email ? [{ kind: 'email', value: chat.email }] : [],
  });
  return {
    ...chat,
    customer_name: maskName(chat.customer_name),
    visitor_name: maskName(chat.visitor_name),
    email: chat.email === null ? null : maskIdentity('email', chat.email),
    subject: maskText(chat.subject, known),
    last_message_preview:
      chat.last_message_preview === null ? null : maskText(chat.last_message_preview, known),
  };
}
