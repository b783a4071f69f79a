import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { DB } from '../../../platform/db/schema.js';
import { DomainError } from '../../../platform/errors.js';
import { badText } from '../../../platform/http/text-guard.js';
import type { Logger } from '../../../platform/logging.js';
import type { BusEvent, EventBus } from '../../../platform/realtime/event-bus.js';
import type { RateLimiter } from './rate-limit.js';
import * as repo from './repository.js';
import { type ChatMessageOut, type ClientFrame, type ConversationOut, clientFrame } from './schemas.js';
import * as chat from './service.js';
import { newVisitorId, signVisitorToken, verifyVisitorToken } from './visitor-token.js';

/**
 * One visitor's socket: the protocol state (hello first, then start/message/typing/email), acks, and
 * pushes. What the visitor is sent always comes from the database (messages after the last seq this
 * socket sent), so a push triggered by the bus and a replay after reconnect are the same read.
 */

export interface ChatDeps {
  db: Kysely<DB>;
  settings: chat.ChatSettings;
  /** The visitor-token key (TANDEM_CHAT_SECRET, or the database's own). */
  secret: () => Promise<string>;
  bus: EventBus;
  logger: Logger;
  messageLimiter: RateLimiter;
  frameLimiter: RateLimiter;
  /** New chats per client address (TANDEM_CHAT_STARTS_PER_HOUR); null: no limit. */
  startLimiter: RateLimiter | null;
  hub: ChatHub;
}

const MAX_FRAME_CHARS = 32_768;
const HELLO_TIMEOUT_MS = 10_000;
const TYPING_INTERVAL_MS = 1_500;
/** A socket that does not answer a ping within this long is gone (a half-open TCP connection). */
const HEARTBEAT_MS = 30_000;

type ServerFrame = { type: string; [key: string]: unknown } | ChatMessageOut;

export class VisitorSession {
  private visitor: chat.Visitor | null = null;
  private conversation: ConversationOut | null = null;
  /** Highest seq this socket has sent (or the client said it has seen). */
  private lastSent = 0;
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private waitTimer: NodeJS.Timeout | undefined;
  private helloTimer: NodeJS.Timeout | undefined;
  private lastTypingAt = 0;
  private pullQueued = false;
  private closed = false;
  private alive = true;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly socketKey = Math.random().toString(36).slice(2);

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: ChatDeps,
    private readonly clientAddress = 'unknown',
  ) {
    this.helloTimer = setTimeout(() => socket.close(1008, 'hello expected'), HELLO_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => {
      // One frame at a time, in order: the second message must not overtake the first.
      this.inbound = this.inbound.then(() => this.receive(data, isBinary));
    });
    socket.on('pong', () => {
      this.alive = true;
    });
    this.heartbeat = setInterval(() => {
      if (!this.alive) return socket.terminate();
      this.alive = false;
      socket.ping();
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    socket.on('close', () => this.close());
    socket.on('error', () => this.close());
  }

  get ticketId() {
    return this.conversation?.id ?? null;
  }

  private send(frame: ServerFrame) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private fail(err: unknown, clientId?: string) {
    if (err instanceof DomainError) {
      this.send({
        type: 'error',
        code: err.code,
        message: err.message,
        errors: err.errors,
        client_id: clientId,
      });
      return;
    }
    this.deps.logger.error({ err }, 'chat frame failed');
    this.send({
      type: 'error',
      code: 'internal',
      message: 'Something went wrong; send it again',
      client_id: clientId,
    });
  }

  private async receive(data: unknown, isBinary: boolean) {
    const text = isBinary ? null : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    if (text === null || text.length > MAX_FRAME_CHARS) {
      this.send({
        type: 'error',
        code: 'invalid_frame',
        message: text === null ? 'Frames are JSON text' : `Frames are at most ${MAX_FRAME_CHARS} characters`,
        errors: [{ path: 'frame', message: text === null ? 'binary frame' : 'too large' }],
      });
      return;
    }
    if (!this.deps.frameLimiter.take(this.socketKey)) {
      this.send({ type: 'error', code: 'too_many_requests', message: 'Slow down', errors: [] });
      return;
    }
    let frame: ClientFrame;
    try {
      const json: unknown = JSON.parse(text);
      const unstorable = badText(json, 'frame');
      if (unstorable) {
        this.send({
          type: 'error',
          code: 'invalid_frame',
          message: 'The frame holds text that cannot be stored',
          errors: [unstorable],
          client_id: clientIdOf(text),
        });
        return;
      }
      const parsed = clientFrame.safeParse(json);
      if (!parsed.success) {
        this.send({
          type: 'error',
          code: 'invalid_frame',
          message: 'The frame does not fit the chat protocol',
          errors: parsed.error.issues.map((i) => ({
            path: ['frame', ...i.path].join('.'),
            message: i.message,
          })),
          client_id: clientIdOf(text),
        });
        return;
      }
      frame = parsed.data;
    } catch {
      this.send({
        type: 'error',
        code: 'invalid_frame',
        message: 'Frames are JSON',
        errors: [{ path: 'frame', message: 'not JSON' }],
      });
      return;
    }
    const clientId = 'client_id' in frame ? frame.client_id : undefined;
    try {
      await this.handle(frame);
    } catch (err) {
      this.fail(err, clientId);
    }
  }

  private async handle(frame: ClientFrame) {
    if (frame.type === 'ping') return this.send({ type: 'pong' });
    if (frame.type === 'hello') return this.hello(frame);
    const visitor = this.visitor;
    if (!visitor) {
      this.send({
        type: 'error',
        code: 'invalid_frame',
        message: 'Send hello first',
        errors: [{ path: 'frame.type', message: 'hello expected' }],
      });
      return;
    }
    switch (frame.type) {
      case 'start':
      case 'message': {
        if (!this.deps.messageLimiter.take(`${visitor.organizationId}:${visitor.visitorId}`)) {
          this.send({
            type: 'error',
            code: 'too_many_requests',
            message: 'You are sending messages too fast; wait a moment',
            errors: [],
            client_id: frame.client_id,
          });
          return;
        }
        // Only a start that opens a new chat counts; one that continues the chat in progress does not.
        if (
          frame.type === 'start' &&
          !this.conversation &&
          this.deps.startLimiter &&
          !this.deps.startLimiter.take(this.clientAddress)
        ) {
          this.send({
            type: 'error',
            code: 'too_many_chats',
            message:
              'Too many chats have been started from your network in the last hour. Please try again later, or write to us by email.',
            errors: [],
            client_id: frame.client_id,
          });
          return;
        }
        if (frame.type === 'message' && !this.conversation) {
          this.send({
            type: 'error',
            code: 'invalid_frame',
            message: 'Start the chat first',
            errors: [{ path: 'frame.type', message: 'no chat in progress' }],
            client_id: frame.client_id,
          });
          return;
        }
        const result =
          frame.type === 'start'
            ? await chat.startChat(this.deps.db, this.deps.settings, visitor, {
                clientId: frame.client_id,
                name: frame.name,
                email: frame.email,
                text: frame.text,
              })
            : await chat.postMessage(this.deps.db, this.deps.settings, visitor, this.conversation!.id, {
                clientId: frame.client_id,
                text: frame.text,
              });
        this.send({ type: 'ack', ...result.ack });
        this.setConversation(result.conversation);
        // A started chat joined the hub only now, maybe after its events went by: read once. Later
        // messages come back through the bus like everyone else's.
        if (frame.type === 'start') this.pull();
        return;
      }
      case 'typing': {
        const now = Date.now();
        if (!this.conversation || (frame.typing && now - this.lastTypingAt < TYPING_INTERVAL_MS)) return;
        this.lastTypingAt = frame.typing ? now : 0;
        const target = await chat.conversationVendor(this.deps.db, visitor, this.conversation.id);
        if (!target) return;
        await this.deps.bus.publishEphemeral({
          organization_id: visitor.organizationId,
          vendor_id: target.vendorId,
          type: 'chat.visitor_typing',
          subject_id: this.conversation.id,
          payload: { ticketId: this.conversation.id, typing: frame.typing },
        });
        return;
      }
      case 'email': {
        if (!this.conversation) {
          this.send({
            type: 'error',
            code: 'invalid_frame',
            message: 'Start the chat first',
            errors: [{ path: 'frame.type', message: 'no chat in progress' }],
          });
          return;
        }
        this.setConversation(
          await chat.provideEmail(this.deps.db, visitor, this.conversation.id, frame.email),
        );
        this.pull();
        return;
      }
    }
  }

  private async hello(frame: Extract<ClientFrame, { type: 'hello' }>) {
    if (this.visitor) {
      this.send({
        type: 'error',
        code: 'invalid_frame',
        message: 'Already greeted',
        errors: [{ path: 'frame.type', message: 'second hello' }],
      });
      return;
    }
    const org = await repo.findOrganizationBySlug(this.deps.db, frame.org);
    if (!org) {
      this.send({
        type: 'error',
        code: 'not_found',
        message: 'No such organization',
        errors: [{ path: 'frame.org', message: 'unknown' }],
      });
      this.socket.close(1008, 'unknown organization');
      return;
    }
    const secret = await this.deps.secret();
    let visitorId = frame.token ? verifyVisitorToken(secret, org.id, frame.token) : null;
    if (frame.token && !visitorId) {
      // A forged or foreign token reads nothing: this browser starts over as a new visitor.
      this.send({
        type: 'error',
        code: 'invalid_token',
        message: 'Unknown visitor; starting a new chat',
        errors: [{ path: 'frame.token', message: 'not valid' }],
      });
    }
    visitorId ??= newVisitorId();
    clearTimeout(this.helloTimer);
    this.visitor = { organizationId: org.id, visitorId, language: frame.language };
    const conversation = await chat.openConversation(this.deps.db, this.visitor);
    this.send({
      type: 'welcome',
      visitor_id: visitorId,
      token: signVisitorToken(secret, org.id, visitorId),
      organization: org.name,
      require_email: this.deps.settings.TANDEM_CHAT_REQUIRE_EMAIL,
      conversation,
    });
    this.lastSent = frame.last_seq ?? 0;
    if (conversation) {
      this.setConversation(conversation);
      this.pull();
    }
  }

  /** Takes the conversation's latest state; the widget hears only of a new chat, mode or address. */
  private setConversation(conversation: ConversationOut) {
    if (this.closed) return;
    const before = this.conversation;
    this.conversation = conversation;
    if (before?.id !== conversation.id) {
      // A new chat after the last one was solved: its seqs start over.
      if (before) this.deps.hub.detach(before.id, this);
      this.deps.hub.attach(conversation.id, this);
      if (before) this.lastSent = 0;
    }
    if (
      before &&
      before.id === conversation.id &&
      before.mode === conversation.mode &&
      before.email === conversation.email
    )
      return;
    this.send({ type: 'conversation', conversation });
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    if (conversation.mode === 'live') {
      const due = Date.parse(conversation.created_at) + this.deps.settings.TANDEM_CHAT_WAIT_SECONDS * 1000;
      this.waitTimer = setTimeout(() => this.expireWait(), Math.max(0, due - Date.now()));
      this.waitTimer.unref();
    }
  }

  private expireWait() {
    const visitor = this.visitor;
    const id = this.ticketId;
    if (!visitor || !id || this.closed) return;
    this.inbound = this.inbound.then(async () => {
      try {
        const changed = await chat.expireWait(this.deps.db, visitor, id);
        if (changed) this.setConversation(changed);
        this.pull();
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** Sends every message of the chat after the last one this socket sent, from the database. */
  pull() {
    const visitor = this.visitor;
    const id = this.ticketId;
    // One read waiting to start covers every event that arrives meanwhile: it reads all after lastSent.
    if (!visitor || !id || this.pullQueued) return;
    this.pullQueued = true;
    this.outbound = this.outbound.then(async () => {
      this.pullQueued = false;
      try {
        for (;;) {
          if (this.closed) return;
          const messages = await chat.messagesAfter(this.deps.db, visitor, id, this.lastSent);
          for (const m of messages) {
            this.send(m);
            this.lastSent = m.seq;
            if (m.author === 'agent' && this.waitTimer) {
              clearTimeout(this.waitTimer);
              this.waitTimer = undefined;
            }
          }
          if (messages.length < 200) return;
        }
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** Re-reads the conversation (its mode changed elsewhere) and tells the widget. */
  refresh() {
    const visitor = this.visitor;
    if (!visitor) return;
    this.inbound = this.inbound.then(async () => {
      try {
        const conversation = await chat.openConversation(this.deps.db, visitor);
        if (conversation && conversation.id === this.ticketId) this.setConversation(conversation);
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** The agent ended the chat: send what is left of it, then tell the widget it is over. */
  ended(ticketId: string) {
    if (ticketId !== this.ticketId) return;
    clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    this.pull();
    this.outbound = this.outbound.then(() => {
      this.send({ type: 'ended', conversation_id: ticketId });
    });
  }

  typing(name: string, typing: boolean) {
    this.send({ type: 'typing', author: 'agent', name, typing });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.waitTimer);
    clearTimeout(this.helloTimer);
    clearInterval(this.heartbeat);
    if (this.conversation) this.deps.hub.detach(this.conversation.id, this);
  }
}

function clientIdOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { client_id?: unknown }).client_id;
    return typeof id === 'string' && id.length <= 64 ? id : undefined;
  } catch {
    return undefined;
  }
}

const typingPayload = z.object({ display_name: z.string(), typing: z.boolean().default(true) });

/** This process's open chat sockets by ticket, fed by the event bus (events from every process). */
export class ChatHub {
  private readonly sessions = new Map<string, Set<VisitorSession>>();

  attach(ticketId: string, session: VisitorSession) {
    const set = this.sessions.get(ticketId) ?? new Set();
    set.add(session);
    this.sessions.set(ticketId, set);
  }

  detach(ticketId: string, session: VisitorSession) {
    const set = this.sessions.get(ticketId);
    set?.delete(session);
    if (set?.size === 0) this.sessions.delete(ticketId);
  }

  get size() {
    return this.sessions.size;
  }

  onEvent = (event: BusEvent) => {
    if (event.type === 'message.created') {
      const payload = event.payload;
      // A payload too large for the notification is absent: every chat re-reads (each only its own).
      if (!payload) return this.forAll((s) => s.pull());
      if (payload.visibility !== 'public' || typeof payload.ticketId !== 'string') return;
      for (const s of this.sessions.get(payload.ticketId) ?? []) s.pull();
    } else if (event.type === 'chat.email_follow_up') {
      for (const s of this.sessions.get(event.subject_id) ?? []) s.refresh();
    } else if (event.type === 'chat.ended') {
      for (const s of this.sessions.get(event.subject_id) ?? []) s.ended(event.subject_id);
    } else if (event.type === 'ticket.agent_typing' && event.ephemeral) {
      const parsed = typingPayload.safeParse(event.payload ?? {});
      if (!parsed.success) return;
      for (const s of this.sessions.get(event.subject_id) ?? [])
        s.typing(parsed.data.display_name, parsed.data.typing);
    }
  };

  private forAll(fn: (s: VisitorSession) => void) {
    for (const set of this.sessions.values()) for (const s of set) fn(s);
  }
}
