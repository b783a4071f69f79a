import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor } from '../../platform/db/transaction.js';
import { createOnce } from '../../platform/http/idempotency.js';
import { pageOf } from '../../platform/http/pagination.js';
import { maskedCustomer, maskingFor } from '../privacy/index.js';
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
import * as tickets from './service.js';

const ifMatch = z.object({ 'if-match': z.string().max(100).optional() });

export const ticketRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const tags = ['tickets'];

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
      return withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const page = await tickets.listTickets(tx, actor, request.query);
        return { ...page, items: page.items.map((row) => maskedInboxRow(masking, row)) };
      });
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
      return withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const page = await tickets.customerTickets(
          tx,
          actor,
          request.params.id,
          request.query.limit,
          request.query.cursor,
        );
        return { ...page, items: page.items.map((row) => maskedInboxRow(masking, row)) };
      });
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
      return withActor(db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const detail = await tickets.getTicketDetail(tx, request.params.id);
        if (!masking.masks(detail.customer_id)) return detail;
        const known = await knownOfCustomer(tx, masking, detail.customer_id);
        return {
          ...maskedTicket(masking, detail, known),
          customer: maskedCustomer(masking, detail.customer),
          recent_contacts: detail.recent_contacts.map((t) =>
            maskedTicket(masking, { ...t, customer_id: detail.customer_id }, known),
          ),
        };
      });
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
      return createOnce(db, request, reply, actor, async (tx) => {
        const created = await tickets.createTicket(tx, actor, request.body);
        const { masking, customerId, known } = await conversationMasking(tx, actor, created.id);
        return {
          ...maskedTicket(masking, created, known),
          message: maskedMessage(masking, customerId, created.message, known),
        };
      });
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
      return withActor(db, actor, async (tx) => {
        const ticket = await tickets.updateTicket(tx, actor, request.params.id, request.body, expected);
        const { masking, known } = await conversationMasking(tx, actor, ticket.id);
        return maskedTicket(masking, ticket, known);
      });
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
