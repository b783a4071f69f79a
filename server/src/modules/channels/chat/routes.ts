import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../../platform/auth/context.js';
import type { AppContext } from '../../../platform/context.js';
import { withActor } from '../../../platform/db/transaction.js';
import { maskingFor } from '../../privacy/index.js';
import { acceptChat, endChat, listChats } from './agent-chats.js';
import { maskedChat } from './masking.js';
import { RateLimiter } from './rate-limit.js';
import { loadOrCreateSecret } from './repository.js';
import { agentChat, agentChatList, chatEnded, chatListQuery, ticketIdParams, typingBody } from './schemas.js';
import { agentTypingTarget } from './service.js';
import { type ChatDeps, ChatHub, VisitorSession } from './visitor-socket.js';

const PROTOCOL = `Public WebSocket for the chat widget (JSON text frames).
Client → server: {type:"hello", org, token?, last_seq?, language?} first; then {type:"start", client_id, name, email?, text},
{type:"message", client_id, text}, {type:"typing", typing}, {type:"email", email}, {type:"ping"}.
Server → client: {type:"welcome", visitor_id, token, conversation, require_email}, {type:"conversation", conversation},
{type:"ack", client_id, id, seq}, {type:"message", seq, id, client_id, author, name, text, created_at},
{type:"typing", author:"agent", name, typing}, {type:"ended", conversation_id} (the agent ended the chat; a new message starts a new one),
{type:"error", code, message, errors, client_id?} (code too_many_chats: this address started its hourly allowance of new chats), {type:"pong"}.
A message is stored once per client_id; on reconnect send last_seq and the server replays what came after it.`;

/** The visitor chat socket and the agents' typing signal. Agents reply with POST /tickets/:id/messages. */
export const chatRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { config } = ctx;
  const hub = new ChatHub();
  const unsubscribe = ctx.bus.subscribe(hub.onEvent);
  app.addHook('onClose', async () => unsubscribe());
  let secret: Promise<string> | undefined;
  const deps: ChatDeps = {
    db: ctx.database.db,
    settings: config,
    secret: () => {
      // Read at the first hello, not at start: the key lives in the (migrated) database.
      secret ??= config.TANDEM_CHAT_SECRET
        ? Promise.resolve(config.TANDEM_CHAT_SECRET)
        : loadOrCreateSecret(ctx.database.db);
      return secret;
    },
    bus: ctx.bus,
    logger: ctx.logger,
    messageLimiter: new RateLimiter(
      config.TANDEM_CHAT_MESSAGES_PER_MINUTE,
      Math.min(config.TANDEM_CHAT_MESSAGES_PER_MINUTE, 10),
    ),
    // Everything a socket sends, typing and pings included: generous, but a flood gets error frames.
    frameLimiter: new RateLimiter(240, 60),
    // New chats per client address: the hourly allowance at once, then refilling evenly over the hour.
    startLimiter:
      config.TANDEM_CHAT_STARTS_PER_HOUR > 0
        ? new RateLimiter(config.TANDEM_CHAT_STARTS_PER_HOUR / 60, config.TANDEM_CHAT_STARTS_PER_HOUR)
        : null,
    hub,
  };

  app.get(
    '/chat/socket',
    {
      websocket: true,
      schema: {
        tags: ['chat'],
        summary: 'Visitor chat WebSocket (the widget connects here)',
        description: PROTOCOL,
      },
    },
    (socket, request) => {
      // request.ip honours X-Forwarded-For only from TANDEM_TRUSTED_PROXIES.
      new VisitorSession(socket, deps, request.ip);
    },
  );

  app.get(
    '/chats',
    {
      schema: {
        tags: ['chat'],
        summary:
          'Live chats for the agent console: waiting (nobody has taken them; you may) or active (yours, still open)',
        querystring: chatListQuery,
        response: { 200: agentChatList },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      return withActor(ctx.database.db, actor, async (tx) => {
        const masking = await maskingFor(tx, actor);
        const chats = await listChats(tx, actor, request.query.state);
        return { ...chats, items: chats.items.map((chat) => maskedChat(masking, chat)) };
      });
    },
  );
  app.post(
    '/chats/:ticketId/accept',
    {
      schema: {
        tags: ['chat'],
        summary:
          'Take a waiting chat: assigns it to you with your site and team (409 if another agent was first)',
        params: ticketIdParams,
        response: { 200: agentChat },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      return withActor(ctx.database.db, actor, async (tx) =>
        maskedChat(await maskingFor(tx, actor), await acceptChat(tx, actor, request.params.ticketId)),
      );
    },
  );
  app.post(
    '/chats/:ticketId/end',
    {
      schema: {
        tags: ['chat'],
        summary: 'End the chat: the visitor is told, the conversation closes and the ticket is solved',
        params: ticketIdParams,
        response: { 200: chatEnded },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:write');
      return withActor(ctx.database.db, actor, (tx) => endChat(tx, actor, request.params.ticketId));
    },
  );
  app.post(
    '/chats/:ticketId/typing',
    {
      schema: {
        tags: ['chat'],
        summary: 'Tell the visitor an agent is typing (or stopped); shows the agent’s display name only',
        params: ticketIdParams,
        body: typingBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request, 'tickets:write');
      const ticket = await withActor(ctx.database.db, actor, (tx) =>
        agentTypingTarget(tx, actor, request.params.ticketId),
      );
      await ctx.bus.publishEphemeral({
        organization_id: actor.organizationId,
        vendor_id: ticket.vendor_id,
        type: 'ticket.agent_typing',
        subject_id: ticket.id,
        payload: {
          ticketId: ticket.id,
          userId: actor.userId,
          display_name: ticket.agentName,
          typing: request.body.typing,
        },
      });
      return reply.code(204).send(null);
    },
  );
};
