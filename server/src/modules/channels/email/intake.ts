import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Config } from '../../../platform/config.js';
import type { Attachment, DB, EmailOutcome } from '../../../platform/db/schema.js';
import { type Actor, type Tx, withSystem } from '../../../platform/db/transaction.js';
import type { AttachmentStore } from '../../../platform/storage/attachment-store.js';
import { recordAttachments, type StoredFile, storeFile } from '../../attachments/index.js';
import { upsertCustomerByIdentity } from '../../customers/index.js';
import {
  findMessageByExternalId,
  findTicketByMessageExternalIds,
  findTicketByNumber,
  findTicketsByIds,
  type NewMessage,
  openTicket,
  receiveMessage,
} from '../../tickets/index.js';
import { type DroppedPart, droppedNote, formatBytes, visibleText } from './content.js';
import { noiseReason } from './noise.js';
import * as repo from './repository.js';
import { emailExternalId, referencedMessageIds, subjectTicketNumber, tandemTicketIds } from './threading.js';

/**
 * One inbound mail into tickets. Everything a brand gets from it (customer, ticket or reply, message,
 * attachments, history, outbox events, intake log row) is written in one transaction per brand, and
 * the caller answers 250 only after it returned; an exception means nothing was committed for that
 * brand and the sender should retry (a retry is stored once, by Message-ID).
 */

/** The mail cannot be read at all: retrying will not help (SMTP 554). */
export class UnreadableMail extends Error {}

export interface IntakeDeps {
  db: Kysely<DB>;
  config: Config;
  store: AttachmentStore;
}

export interface Recipient {
  organizationId: string;
  address: string;
  queue: string | null;
  language: string | null;
  vendorId: string | null;
}

export interface IntakeResult {
  organizationId: string;
  outcome: EmailOutcome;
  reason: string | null;
  ticketId: string | null;
  messageId: string | null;
}

function headerText(mail: ParsedMail, key: string): string | null {
  const value = mail.headers.get(key);
  if (value == null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}

function contentTypeOf(mail: ParsedMail): { type: string | null; reportType: string | null } {
  const value = mail.headers.get('content-type');
  if (value && typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    const params = 'params' in value ? (value.params as Record<string, string>) : {};
    return { type: value.value.toLowerCase(), reportType: params['report-type'] ?? null };
  }
  return { type: typeof value === 'string' ? value.toLowerCase() : null, reportType: null };
}

/** Attachments within the per-file and per-message limits go to the store; the rest become a note. */
async function storeParts(deps: IntakeDeps, mail: ParsedMail) {
  const perFile = deps.config.TANDEM_ATTACHMENT_MAX_BYTES;
  const perMessage = deps.config.TANDEM_MESSAGE_ATTACHMENTS_MAX_BYTES;
  const stored: StoredFile[] = [];
  const dropped: DroppedPart[] = [];
  let total = 0;
  for (const [i, part] of mail.attachments.entries()) {
    const filename = (part.filename ?? '').trim().slice(0, 255) || `attachment-${i + 1}`;
    const size = part.content.byteLength;
    if (size > perFile) {
      dropped.push({ filename, size, reason: `larger than the ${formatBytes(perFile)} per-file limit` });
      continue;
    }
    if (total + size > perMessage) {
      dropped.push({ filename, size, reason: `over the ${formatBytes(perMessage)} limit per message` });
      continue;
    }
    total += size;
    const contentType = (part.contentType || 'application/octet-stream').slice(0, 255);
    stored.push(
      await storeFile(deps.store, { id: randomUUID(), filename, contentType, bytes: part.content }),
    );
  }
  return { stored, dropped };
}

/** Intake acts brand-side for the organization, with no user: resolution runs as the owner anyway. */
function intakeActor(organizationId: string): Actor {
  return { userId: '', organizationId, role: 'brand_admin', vendorId: null, siteId: null, teamId: null };
}

async function findThread(tx: Tx, organizationId: string, mail: ParsedMail, customerId: string) {
  const refs = referencedMessageIds(mail.inReplyTo, mail.references);
  const byHeader = await findTicketByMessageExternalIds(tx, organizationId, refs.map(emailExternalId));
  if (byHeader) return byHeader;
  const [ours] = await findTicketsByIds(tx, organizationId, tandemTicketIds(refs));
  if (ours) return ours;
  // A subject reference is easy to type or forward, so it counts only from that ticket's customer.
  const number = subjectTicketNumber(mail.subject);
  const bySubject = number ? await findTicketByNumber(tx, organizationId, number) : undefined;
  return bySubject?.customer_id === customerId ? bySubject : undefined;
}

interface Prepared {
  mail: ParsedMail;
  sender: string;
  fromAddress: string | null;
  displayName: string;
  messageIdHeader: string;
  noise: string | null;
  rawKey: string;
  parts: Awaited<ReturnType<typeof storeParts>>;
}

async function deliverTo(deps: IntakeDeps, p: Prepared, to: Recipient): Promise<IntakeResult> {
  return withSystem(deps.db, async (tx) => {
    // From here on row-level security confines every statement to this brand.
    await repo.enterOrganization(tx, to.organizationId);
    const externalId = emailExternalId(p.messageIdHeader);
    const log = async (r: Omit<IntakeResult, 'organizationId'>) => {
      await repo.insertIntake(tx, {
        organization_id: to.organizationId,
        sender: p.sender,
        recipient: to.address,
        message_id_header: p.messageIdHeader,
        outcome: r.outcome,
        reason: r.reason,
        ticket_id: r.ticketId,
        message_id: r.messageId,
        raw_key: p.rawKey,
      });
      return { organizationId: to.organizationId, ...r };
    };
    if (p.noise) return log({ outcome: 'ignored', reason: p.noise, ticketId: null, messageId: null });
    if (!p.fromAddress) {
      return log({ outcome: 'ignored', reason: 'no sender address', ticketId: null, messageId: null });
    }
    const existing = await findMessageByExternalId(tx, to.organizationId, externalId);
    if (existing) {
      return log({
        outcome: 'duplicate',
        reason: null,
        ticketId: existing.ticket_id,
        messageId: existing.id,
      });
    }
    const customer = await upsertCustomerByIdentity(
      tx,
      intakeActor(to.organizationId),
      [{ kind: 'email', value: p.fromAddress }],
      p.displayName,
    );
    const files = p.parts.stored.map((f) => ({ ...f, id: randomUUID() }));
    const listed: Attachment[] = files.map((f) => ({
      id: f.id,
      name: f.filename,
      contentType: f.declaredContentType,
      size: f.size,
    }));
    // The same bounds as a message written through the API; the original .eml keeps everything.
    const text = visibleText(p.mail.text ?? '').slice(0, 100_000);
    const note = droppedNote(p.parts.dropped);
    const message: NewMessage = {
      author: 'customer',
      authorCustomerId: customer.id,
      channel: 'email',
      externalId,
      bodyText: [text || (files.length ? '' : '(no text)'), note].filter(Boolean).join('\n\n') || '(no text)',
      bodyHtml: p.mail.html ? p.mail.html.slice(0, 500_000) : null,
      attachments: listed,
    };
    const thread = await findThread(tx, to.organizationId, p.mail, customer.id);
    const reply = thread
      ? await receiveMessage(tx, {
          organizationId: to.organizationId,
          ticketId: thread.id,
          by: { kind: 'customer' },
          message,
        })
      : null;
    const written =
      reply ??
      (await openTicket(tx, {
        organizationId: to.organizationId,
        by: { kind: 'customer' },
        customer: customer,
        subject: (p.mail.subject ?? '').trim().slice(0, 500) || '(no subject)',
        channel: 'email',
        vendorId: to.vendorId,
        queue: to.queue,
        language: to.language,
        message,
      }));
    await recordAttachments(
      tx,
      { organizationId: to.organizationId, ticketId: written.ticket.id, messageId: written.message.id },
      files,
    );
    return log({
      outcome: reply ? 'reply' : 'ticket',
      reason: thread && !reply ? `ticket ${thread.number} is closed` : null,
      ticketId: written.ticket.id,
      messageId: written.message.id,
    });
  });
}

function isUniqueViolation(err: unknown) {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/** Parses, stores the original and the attachments, then writes one transaction per brand. */
export async function receiveEmail(
  deps: IntakeDeps,
  raw: Buffer,
  /** mailFrom null: no envelope is known (IMAP without Return-Path); the From address stands in. */
  envelope: { mailFrom: string | null; recipients: Recipient[] },
): Promise<IntakeResult[]> {
  const mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true }).catch((err: Error) => {
    throw new UnreadableMail(`unreadable MIME: ${err.message}`);
  });
  const from = mail.from?.value.find((a) => a.address);
  const envelopeFrom = envelope.mailFrom ?? from?.address ?? '';
  const fromAddress = (from?.address ?? envelopeFrom).trim().toLowerCase() || null;
  const { type, reportType } = contentTypeOf(mail);
  const noise = noiseReason({
    envelopeFrom,
    fromAddress,
    autoSubmitted: headerText(mail, 'auto-submitted'),
    precedence: headerText(mail, 'precedence'),
    xAutoreply: headerText(mail, 'x-autoreply'),
    xAutorespond: headerText(mail, 'x-autorespond'),
    contentType: type,
    reportType,
  });
  const { key: rawKey } = await deps.store.put(raw);
  const prepared: Prepared = {
    mail,
    sender: envelopeFrom.toLowerCase(),
    fromAddress: fromAddress && /^[^\s@]+@[^\s@]+$/.test(fromAddress) ? fromAddress : null,
    displayName: (from?.name ?? '').trim().slice(0, 200),
    // Without a Message-ID, the bytes name the mail, so a retry of the same mail is still stored once.
    messageIdHeader:
      mail.messageId?.trim().slice(0, 900) ||
      `<sha256.${createHash('sha256').update(raw).digest('hex')}@tandem.invalid>`,
    noise,
    rawKey,
    parts: noise ? { stored: [], dropped: [] } : await storeParts(deps, mail),
  };
  const results: IntakeResult[] = [];
  const brands = new Map(envelope.recipients.map((r) => [r.organizationId, r]));
  for (const to of brands.values()) {
    try {
      results.push(await deliverTo(deps, prepared, to));
    } catch (err) {
      // The same Message-ID committed concurrently (two deliveries of one mail): the retry finds it.
      if (!isUniqueViolation(err)) throw err;
      results.push(await deliverTo(deps, prepared, to));
    }
  }
  return results;
}

/** As the owner, one read outside any transaction: the active support address and its defaults, or null. */
export async function findRecipient(db: Kysely<DB>, address: string): Promise<Recipient | null> {
  const row = await repo.findActiveAddress(db, address.trim().toLowerCase());
  return row
    ? {
        organizationId: row.organization_id,
        address: row.address,
        queue: row.queue,
        language: row.language,
        vendorId: row.vendor_id,
      }
    : null;
}

export function recentMailsFrom(db: Kysely<DB>, sender: string) {
  return repo.countRecentFromSender(db, sender.toLowerCase(), 10);
}
