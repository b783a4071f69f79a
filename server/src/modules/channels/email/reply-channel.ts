import type { Channel } from '../../../platform/db/schema.js';

/**
 * Whether an agent's public reply goes out by email: on an email ticket always (and it fails loudly
 * without an address), on a web or API ticket when the customer has an email address. Chat, phone and
 * social tickets answer through their own channel.
 */
export function replyGoesByEmail(
  ticketChannel: Channel,
  messageChannel: Channel | null,
  hasEmail: boolean,
): 'yes' | 'no' | 'no-address' {
  const channel = messageChannel ?? ticketChannel;
  if (channel === 'email') return hasEmail ? 'yes' : 'no-address';
  if ((channel === 'web' || channel === 'api') && hasEmail) return 'yes';
  return 'no';
}
