import { type KnownValue, type Masking, maskIdentity, maskName, maskText } from '../privacy/index.js';
import type { TimelineItem } from './schemas.js';

/**
 * A timeline item as a masked viewer sees it (docs/privacy.md#masking): message text masked and its
 * HTML withheld, the customer's name and phone number masked, a subject's history masked, and any
 * name of the customer in an event's `names`.
 */
export function maskedItem(
  masking: Masking,
  customerId: string,
  known: KnownValue[],
  item: TimelineItem,
): TimelineItem {
  if (!masking.masks(customerId)) return item;
  switch (item.kind) {
    case 'message':
      return {
        ...item,
        text: maskText(item.text, known),
        html: null,
        author_name:
          item.author_kind === 'customer' && item.author_name !== null
            ? maskName(item.author_name)
            : item.author_name,
      };
    case 'call': {
      // The customer's end of the call; the brand's own lines stay readable.
      const mask = (n: string | null) => (n === null ? null : maskIdentity('phone', n));
      return item.direction === 'inbound'
        ? { ...item, from: mask(item.from) }
        : { ...item, to: mask(item.to) };
    }
    case 'event': {
      const text = (v: unknown) =>
        item.field === 'subject' && typeof v === 'string' ? maskText(v, known) : v;
      const names = Object.fromEntries(
        Object.entries(item.names).map(([id, name]) => [id, id === customerId ? maskName(name) : name]),
      );
      return {
        ...item,
        before: text(item.before),
        after: text(item.after),
        actor_name:
          item.actor_kind === 'customer' && item.actor_name !== null
            ? maskName(item.actor_name)
            : item.actor_name,
        names,
      };
    }
  }
}
