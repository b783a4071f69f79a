import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { keyringOf } from '../../platform/crypto/keyring.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { pageOf } from '../../platform/http/pagination.js';
import { maskedCustomer, maskingFor, sealedCustomFieldKeys } from '../privacy/index.js';
import * as conversation from './conversation.js';
import {
  conversationMasking,
  knownOfCustomer,
  maskedEvent,
  maskedInboxRow,
  maskedMessage,
  maskedTicket,
} from './masking.js';
import {
  eventView,
  idParams,
  inboxRow,
  messageCreate,
  messageListQuery,
  messageView,
  ticketCreate,
  ticketCreated,
  ticketDetail,
  ticketListQuery,
  ticketUpdate,
  ticketView,
} from './schemas.js';
import { openedTicket } from './sealed-fields.js';
import * as tickets from './service.js';

const ifMatch = z.object({ 'if-match': z.string().max(100).optional() });

export const ticketRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['tickets'];
  // Sealed custom fields (docs/security.md#encryption-at-rest) are opened after the transaction, so
  // a key another process made is loaded on a connection of its own (embedded PGlite has one), and
  // an idempotent create stores its response with the values still sealed.
  // Resolved on first use: most tickets have no sealed field, and a KEK is checked at start anyway.
  const keyring = () => keyringOf(db, ctx.config);
  const openPage = async <T extends { id: string; custom_fields: Record<string, unknown> }>(page: {
    items: T[];
    nextCursor: string | null;
  }) => ({ ...page, items: await Promise.all(page.items.map((t) => openedTicket(keyring, t))) });

  app.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'List tickets with filters; sort by created_at, updated_at or priority ("-" for descending)',
        querystring: ticketListQuery,
        response: { 200: pageOf(inboxRow) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const page = await withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const sealed = masking.on ? await sealedCustomFieldKeys(tx, actor.organizationId) : [];
        const page = await tickets.listTickets(tx, actor, request.query);
        return { ...page, items: page.items.map((row) => maskedInboxRow(masking, row, sealed)) };
      });
      return openPage(page);
    },
  );
  app.get(
    '/customers/:id/tickets',
    {
      schema: {
        tags: ['customers'],
        summary: 'The customer’s tickets on every channel that you may see, newest first (inbox rows)',
        params: idParams,
        querystring: messageListQuery,
        response: { 200: pageOf(inboxRow) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const page = await withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const sealed = masking.on ? await sealedCustomFieldKeys(tx, actor.organizationId) : [];
        const page = await tickets.customerTickets(
          tx,
          actor,
          request.params.id,
          request.query.limit,
          request.query.cursor,
        );
        return { ...page, items: page.items.map((row) => maskedInboxRow(masking, row, sealed)) };
      });
      return openPage(page);
    },
  );
  app.get(
    '/tickets/:id',
    {
      schema: {
        tags,
        summary: 'Get a ticket with its customer',
        params: idParams,
        response: { 200: ticketDetail },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const detail = await withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const detail = await tickets.getTicketDetail(tx, request.params.id);
        if (!masking.masks(detail.customer_id)) return detail;
        const known = await knownOfCustomer(tx, masking, detail.customer_id);
        const sealed = await sealedCustomFieldKeys(tx, actor.organizationId);
        return {
          ...maskedTicket(masking, detail, known, sealed),
          customer: maskedCustomer(masking, detail.customer),
          recent_contacts: detail.recent_contacts.map((t) =>
            maskedTicket(masking, { ...t, customer_id: detail.customer_id }, known),
          ),
        };
      });
      return openedTicket(keyring, detail);
    },
  );
  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary:
          'Create a ticket from a customer’s first message (the customer is found or created by identity)',
        body: ticketCreate,
        response: { 201: ticketCreated },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:write');
      // Ready before the transaction: embedded PGlite has one connection.
      const sealer = Object.keys(request.body.custom_fields).length ? keyring() : undefined;
      await sealer?.ready();
      const created = await createOnce(db, request, reply, actor, async (tx) => {
        const created = await tickets.createTicket(tx, actor, request.body, sealer);
        const { masking, customerId, known, sealed } = await conversationMasking(tx, actor, created.id);
        return {
          ...maskedTicket(masking, created, known, sealed),
          message: maskedMessage(masking, customerId, created.message, known),
        };
      });
      return openedTicket(keyring, created);
    },
  );
  app.patch(
    '/tickets/:id',
    {
      schema: {
        tags,
        summary: 'Change status, priority, routing fields or assignment; each change is kept in the history',
        params: idParams,
        headers: ifMatch,
        body: ticketUpdate,
        response: { 200: ticketView },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      const expected = request.headers['if-match']?.replace(/^W\//, '').replaceAll('"', '');
      const sealer = request.body.custom_fields ? keyring() : undefined;
      await sealer?.ready(); // before the transaction: embedded PGlite has one connection
      const ticket = await withActor(db, actor, async (tx) => {
        const ticket = await tickets.updateTicket(
          tx,
          actor,
          request.params.id,
          request.body,
          expected,
          sealer,
        );
        const { masking, known, sealed } = await conversationMasking(tx, actor, ticket.id);
        return maskedTicket(masking, ticket, known, sealed);
      });
      return openedTicket(keyring, ticket);
    },
  );
  app.get(
    '/tickets/:id/messages',
    {
      schema: {
        tags,
        summary: 'A ticket’s messages, oldest first',
        params: idParams,
        querystring: messageListQuery,
        response: { 200: pageOf(messageView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { limit, cursor } = request.query;
      return withActor(db, actor, async (tx) => {
        const page = await conversation.listMessages(tx, request.params.id, limit, cursor);
        const { masking, customerId, known } = await conversationMasking(tx, actor, request.params.id);
        return { ...page, items: page.items.map((m) => maskedMessage(masking, customerId, m, known)) };
      });
    },
  );
  app.post(
    '/tickets/:id/messages',
    {
      schema: {
        tags,
        summary: 'Reply to the customer or add an internal note',
        params: idParams,
        body: messageCreate,
        response: { 201: messageView },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:write');
      return createOnce(db, request, reply, actor, async (tx) => {
        const message = await conversation.addMessage(tx, actor, request.params.id, request.body);
        const { masking, customerId, known } = await conversationMasking(tx, actor, request.params.id);
        return maskedMessage(masking, customerId, message, known);
      });
    },
  );
  app.get(
    '/tickets/:id/events',
    {
      schema: {
        tags,
        summary: 'A ticket’s history: who changed which field, from what, to what',
        params: idParams,
        querystring: messageListQuery,
        response: { 200: pageOf(eventView) },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { limit, cursor } = request.query;
      return withActor(db, actor, async (tx) => {
        const page = await conversation.listEvents(tx, request.params.id, limit, cursor);
        const { masking, customerId, known } = await conversationMasking(tx, actor, request.params.id);
        return { ...page, items: page.items.map((e) => maskedEvent(masking, customerId, e, known)) };
      });
    },
  );
};
