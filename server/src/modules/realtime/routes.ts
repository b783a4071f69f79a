import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { requireActor } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { Forbidden, TooManyRequests } from '../../platform/errors.js';
import { badText } from '../../platform/http/text-guard.js';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from '../auth/index.js';
import { storeActivity } from '../ticket-activity/index.js';
import { awayWhenIdle, touchPresence } from '../users/index.js';
import { type Connection, RealtimeHub } from './connections.js';
import { clientMessage, eventsPage, eventsQuery } from './schemas.js';
import * as realtime from './service.js';

/** Client messages a socket may send per second; more are answered with an error and dropped. */
const CLIENT_MESSAGES_PER_SECOND = 10;

/**
 * GET /realtime: the agent console's live feed (WebSocket). GET /events: what a client missed while
 * disconnected, read back from the outbox with the same visibility rules.
 */
export const realtimeRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const { config, logger } = ctx;
  const awaySeconds = config.TANDEM_REALTIME_AWAY_AFTER_SECONDS;
  const awayTimers = new Set<NodeJS.Timeout>();
  const hub: RealtimeHub = new RealtimeHub(
    ctx.bus,
    {
      heartbeatMs: config.TANDEM_REALTIME_HEARTBEAT_SECONDS * 1000,
      maxPerUser: config.TANDEM_REALTIME_MAX_CONNECTIONS_PER_USER,
      maxBufferedBytes: config.TANDEM_REALTIME_MAX_BUFFERED_BYTES,
    },
    {
      onHeartbeat: (userIds) => withSystem(db, (tx) => touchPresence(tx, userIds)),
      onLastClosed(actor) {
        if (!awaySeconds) return;
        const timer = setTimeout(() => {
          awayTimers.delete(timer);
          if (hub.holds(actor.userId)) return;
          withSystem(db, (tx) => awayWhenIdle(tx, actor.userId, awaySeconds)).catch((err: unknown) =>
            logger.warn({ err }, 'could not set an idle agent away'),
          );
        }, awaySeconds * 1000);
        timer.unref();
        awayTimers.add(timer);
      },
    },
    logger,
  );
  app.addHook('onClose', async () => {
    for (const timer of awayTimers) clearTimeout(timer);
    hub.close();
  });

  const publicOrigin = new URL(config.publicUrl).origin;
  /** Browsers send the session cookie on a cross-site upgrade too; only our own pages may use it. */
  function checkOrigin(request: FastifyRequest) {
    const origin = request.headers.origin;
    if (request.authMethod !== 'session' || origin === undefined) return;
    const host = request.headers.host;
    if (origin === publicOrigin || origin === `http://${host}` || origin === `https://${host}`) return;
    throw new Forbidden('This page’s origin may not open the realtime socket', [
      { path: 'headers.origin', message: `not ${publicOrigin}` },
    ]);
  }

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary:
          'Agent realtime feed (WebSocket upgrade): ticket, message, assignment and presence events the caller may see',
        description:
          'Authenticate with the session cookie or `Authorization: Bearer`. Server messages are JSON with `v: 1`: ' +
          '`hello`, `event` (a committed outbox event; fetch the subject by id), `signal` (typing/viewing) and ' +
          '`error`. Client messages: `{v:1,type:"viewing"|"typing",ticket_id}` and `{v:1,type:"stopped"}`. ' +
          'After a reconnect, read what was missed with GET /api/v1/events?after=<last id>.',
      },
      preValidation: async (request) => {
        const actor = requireActor(request, 'tickets:read');
        checkOrigin(request);
        if (!hub.hasRoomFor(actor.userId)) {
          throw new TooManyRequests(
            `At most ${config.TANDEM_REALTIME_MAX_CONNECTIONS_PER_USER} realtime connections per user`,
          );
        }
      },
    },
    async (socket: WebSocket, request) => {
      const actor = requireActor(request, 'tickets:read');
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const session = request.cookies[SESSION_COOKIE];
      const stillValid = async () =>
        bearer
          ? (await actorFromToken(db, bearer)) !== null
          : session !== undefined && (await actorFromSession(db, session)) !== null;
      const connection: Connection = {
        socket,
        actor,
        displayName: '',
        stillValid,
        alive: true,
        signalling: null,
      };
      // Who the agent is and where the outbox stands; listeners are attached meanwhile, so no client
      // message is lost while this runs.
      const setup = withActor(db, actor, async (tx) => ({
        name: await realtime.displayName(tx, actor.userId),
        lastEventId: await realtime.latestEventId(tx),
      }));
      let signalVendor: string | null = null;
      let budget = CLIENT_MESSAGES_PER_SECOND;
      const refill = setInterval(() => {
        budget = CLIENT_MESSAGES_PER_SECOND;
      }, 1000);
      refill.unref();

      const announce = async (type: string, ticketId: string, vendorId: string | null) => {
        connection.displayName ||= (await setup).name;
        await ctx.bus.publishEphemeral({
          organization_id: actor.organizationId,
          vendor_id: vendorId,
          type,
          subject_id: ticketId,
          payload: { ticket_id: ticketId, user_id: actor.userId, display_name: connection.displayName },
        });
      };

      socket.on('message', (data, isBinary) => {
        if (budget-- <= 0) {
          hub.send(connection, { type: 'error', code: 'too_many_requests', message: 'slow down' });
          return;
        }
        let parsed: unknown;
        try {
          parsed = isBinary ? undefined : JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        const unstorable = badText(parsed, 'message');
        if (unstorable) {
          hub.send(connection, {
            type: 'error',
            code: 'invalid',
            message: 'The message holds text that cannot be stored',
            errors: [unstorable],
          });
          return;
        }
        const result = clientMessage.safeParse(parsed);
        if (!result.success) {
          hub.send(connection, {
            type: 'error',
            code: 'invalid',
            message: 'Not a message this socket understands',
            errors: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          });
          return;
        }
        const message = result.data;
        // The state is also kept in ticket_activity, so GET /tickets/:id/activity on any process sees it.
        const handled =
          message.type === 'stopped'
            ? (async () => {
                const ticketId = connection.signalling;
                connection.signalling = null;
                if (!ticketId) return;
                await announce('ticket.agent_stopped', ticketId, signalVendor);
                await withActor(db, actor, (tx) => storeActivity(tx, actor, ticketId, 'left'));
              })()
            : (async () => {
                const ticket = await withActor(db, actor, (tx) =>
                  storeActivity(tx, actor, message.ticket_id, message.type),
                );
                connection.signalling = ticket.id;
                signalVendor = ticket.vendor_id;
                await announce(`ticket.agent_${message.type}`, ticket.id, ticket.vendor_id);
              })();
        handled.catch((err: unknown) => {
          const notFound = err instanceof Error && 'status' in err && err.status === 404;
          if (!notFound) logger.warn({ err }, 'realtime signal failed');
          hub.send(connection, {
            type: 'error',
            code: notFound ? 'not_found' : 'failed',
            message: notFound ? 'No such ticket' : 'The signal could not be sent',
            errors: notFound ? [{ path: 'ticket_id', message: 'unknown ticket' }] : [],
          });
        });
      });
      socket.on('close', () => {
        clearInterval(refill);
        hub.remove(connection);
        const ticketId = connection.signalling;
        if (ticketId) {
          announce('ticket.agent_stopped', ticketId, signalVendor).catch((err: unknown) =>
            logger.warn({ err }, 'realtime stop signal failed'),
          );
          withActor(db, actor, (tx) => storeActivity(tx, actor, ticketId, 'left')).catch((err: unknown) =>
            logger.debug({ err }, 'could not clear ticket activity'),
          );
        }
      });

      try {
        const { name, lastEventId } = await setup;
        connection.displayName = name;
        await withSystem(db, (tx) => touchPresence(tx, [actor.userId]));
        if (socket.readyState !== socket.OPEN) return;
        // From here every committed event reaches the socket; whatever committed after lastEventId
        // and before this line the client reads with GET /events?after=<last_event_id>.
        hub.add(connection);
        hub.send(connection, {
          type: 'hello',
          user_id: actor.userId,
          vendor_id: actor.vendorId,
          last_event_id: lastEventId,
          heartbeat_seconds: config.TANDEM_REALTIME_HEARTBEAT_SECONDS,
        });
      } catch (err) {
        logger.error({ err }, 'realtime connection set-up failed');
        socket.close(1011, 'set-up failed');
      }
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags: ['realtime'],
        summary:
          'Events after an id that the caller may see, oldest first: catch up after a realtime reconnect',
        querystring: eventsQuery,
        response: { 200: eventsPage },
      },
    },
    async (request) => {
      const actor = requireActor(request, 'tickets:read');
      const { after, limit } = request.query;
      return withActor(db, actor, (tx) => realtime.eventsAfter(tx, actor, after, limit));
    },
  );
};
