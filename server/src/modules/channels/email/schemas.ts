import { z } from 'zod';
import { pageQuery } from '../../../platform/http/pagination.js';

export const capturedMailSummary = z.object({
  id: z.string().uuid(),
  message_id: z.string().uuid().describe('The agent reply this mail carries.'),
  ticket_id: z.string().uuid(),
  mail_from: z.string(),
  mail_to: z.string(),
  subject: z.string(),
  message_id_header: z.string(),
  in_reply_to: z.string().nullable(),
  created_at: z.string(),
});

export const capturedMail = capturedMailSummary.extend({
  raw: z.string().describe('The full RFC 5322 message exactly as it would have gone to the relay.'),
});

export const capturedMailQuery = z.object(pageQuery);
export const idParams = z.object({ id: z.string().uuid() });
