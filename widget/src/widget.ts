/**
 * Tandem chat widget. Embedded on a brand's site with
 *   <script src="https://tandem.example/widget.js" data-tandem-org="brand-slug" async></script>
 * It lives on someone else's page, so: no dependencies, everything inside a shadow root, and every
 * piece of text goes in through textContent, never parsed as markup. Protocol: server/src/modules/channels/chat.
 */
import { STYLES } from './styles.js';

interface Conversation {
  id: string;
  mode: 'live' | 'email';
  email: string | null;
  last_seq: number;
}

interface ChatMessage {
  seq: number;
  id: string;
  client_id: string | null;
  author: 'visitor' | 'agent' | 'system';
  name: string | null;
  text: string;
}

/** A message the server has not acknowledged yet: resent after every reconnect until it is. */
interface Pending {
  client_id: string;
  text: string;
  /** The pre-chat form: the first message starts the chat. */
  start?: { name: string; email?: string };
}

type Frame = { type: string; [key: string]: unknown };

const OFFLINE = 'Offline: your messages will be sent when the connection is back.';

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-tandem-org]');
const org = script?.dataset.tandemOrg;

if (script && org && !(window as { __tandemChat?: boolean }).__tandemChat) {
  (window as { __tandemChat?: boolean }).__tandemChat = true;
  const base = new URL(script.src, location.href);
  const socketUrl = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/api/v1/chat/socket`;
  mount(org, socketUrl);
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function storage(key: string) {
  return {
    get<T>(fallback: T): T {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as T) : fallback;
      } catch {
        return fallback;
      }
    },
    set(value: unknown) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Private mode or full storage: the chat still works for this page view.
      }
    },
  };
}

function mount(org: string, socketUrl: string) {
  const identity = storage(`tandem-chat:${org}:visitor`);
  const outboxStore = storage(`tandem-chat:${org}:outbox`);
  let token = identity.get<{ token?: string }>({}).token;
  let outbox = outboxStore.get<Pending[]>([]);
  let conversation: Conversation | null = null;
  let requireEmail = false;
  let lastSeq = 0;
  let socket: WebSocket | null = null;
  let greeted = false;
  let retry = 0;
  let retryTimer: number | undefined;
  let typingSentAt = 0;
  let typingStopTimer: number | undefined;
  let agentTypingTimer: number | undefined;
  const bubbles = new Map<string, HTMLElement>();
  const seen = new Set<number>();

  // ---- DOM ---------------------------------------------------------------------------------------
  const host = el('div', { 'data-tandem-chat': '' });
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', {}, STYLES));
  }
  const launcher = el('button', {
    type: 'button',
    class: 'launcher',
    'aria-expanded': 'false',
    'aria-controls': 'tandem-panel',
  });
  launcher.textContent = 'Chat with us';
  const panel = el('section', {
    id: 'tandem-panel',
    class: 'panel',
    role: 'dialog',
    'aria-label': 'Chat',
    hidden: '',
  });
  const header = el('header');
  const title = el('h2', { id: 'tandem-title' }, 'Chat with us');
  const closeButton = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
  header.append(title, closeButton);
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const log = el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const typing = el('p', { class: 'typing', 'aria-live': 'polite' });

  const field = (label: string, input: HTMLInputElement | HTMLTextAreaElement) => {
    const wrap = el('label', {}, label);
    wrap.append(input);
    return wrap;
  };
  const prechat = el('form', { class: 'prechat', 'aria-label': 'Start a chat' });
  const nameInput = el('input', { name: 'name', autocomplete: 'name', maxlength: '200' });
  const emailInput = el('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: '320' });
  const firstInput = el('textarea', { name: 'message', rows: '3', required: '', maxlength: '4000' });
  const emailLabel = field('Email (optional)', emailInput);
  prechat.append(
    field('Name', nameInput),
    emailLabel,
    field('How can we help?', firstInput),
    el('button', { type: 'submit' }, 'Start chat'),
  );

  const emailForm = el('form', { class: 'email', 'aria-label': 'Your email address', hidden: '' });
  const laterEmail = el('input', { name: 'email', type: 'email', autocomplete: 'email', required: '' });
  emailForm.append(field('Your email address', laterEmail), el('button', { type: 'submit' }, 'Save'));

  const composer = el('form', { class: 'composer', 'aria-label': 'Send a message', hidden: '' });
  const messageInput = el('textarea', { name: 'message', rows: '2', required: '', maxlength: '4000' });
  composer.append(field('Message', messageInput), el('button', { type: 'submit' }, 'Send'));

  panel.append(header, status, log, typing, prechat, emailForm, composer);
  root.append(launcher, panel);
  document.body.append(host);

  // ---- view --------------------------------------------------------------------------------------
  const open = (show: boolean) => {
    panel.hidden = !show;
    launcher.setAttribute('aria-expanded', String(show));
    if (show) {
      ensureSocket();
      (conversation ? messageInput : nameInput.value ? firstInput : nameInput).focus();
    } else {
      launcher.focus();
    }
  };
  launcher.addEventListener('click', () => open(panel.hidden));
  closeButton.addEventListener('click', () => open(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') open(false);
  });

  const render = () => {
    const started = Boolean(conversation) || outbox.some((p) => p.start);
    prechat.hidden = started;
    composer.hidden = !started;
    emailForm.hidden = !(conversation?.mode === 'email' && !conversation.email);
    emailLabel.firstChild!.textContent = requireEmail ? 'Email' : 'Email (optional)';
    emailInput.required = requireEmail;
  };

  const setStatus = (text: string) => {
    status.textContent = text;
  };

  const bubble = (key: string, author: string, name: string | null, text: string, state: string) => {
    let item = bubbles.get(key);
    if (!item) {
      item = el('li', { class: `msg ${author}` });
      const who = el('span', { class: 'who' });
      const body = el('p', { class: 'text' });
      item.append(who, body);
      // Messages from the server go above what is still waiting to be sent.
      log.insertBefore(item, state === 'pending' ? null : log.querySelector('[data-state="pending"]'));
      bubbles.set(key, item);
    }
    item.dataset.state = state;
    (item.firstChild as HTMLElement).textContent =
      author === 'visitor' ? 'You' : author === 'agent' ? name || 'Agent' : 'Notice';
    (item.lastChild as HTMLElement).textContent = text;
    log.scrollTop = log.scrollHeight;
  };

  const showMessage = (m: ChatMessage) => {
    if (seen.has(m.seq)) return;
    seen.add(m.seq);
    lastSeq = Math.max(lastSeq, m.seq);
    bubble(m.client_id ?? m.id, m.author, m.name, m.text, 'sent');
    if (m.author === 'agent') showAgentTyping(null);
  };

  const showAgentTyping = (name: string | null) => {
    window.clearTimeout(agentTypingTimer);
    typing.textContent = name ? `${name} is typing…` : '';
    if (name) agentTypingTimer = window.setTimeout(() => showAgentTyping(null), 6000);
  };

  // ---- connection --------------------------------------------------------------------------------
  const send = (frame: Frame) => {
    if (socket?.readyState === WebSocket.OPEN && greeted) socket.send(JSON.stringify(frame));
  };

  const flush = () => {
    for (const p of outbox) {
      if (p.start && !conversation) {
        send({
          type: 'start',
          client_id: p.client_id,
          text: p.text,
          name: p.start.name,
          email: p.start.email,
        });
      } else if (conversation) {
        send({ type: 'message', client_id: p.client_id, text: p.text });
      }
      // A later message waits until the chat exists.
      if (!conversation) break;
    }
  };

  const saveOutbox = () => outboxStore.set(outbox);

  const queue = (p: Pending) => {
    outbox.push(p);
    saveOutbox();
    bubble(p.client_id, 'visitor', null, p.text, 'pending');
    render();
    if (socket?.readyState === WebSocket.OPEN && greeted) flush();
    else setStatus(OFFLINE);
  };

  const onFrame = (frame: Frame) => {
    switch (frame.type) {
      case 'welcome': {
        greeted = true;
        retry = 0;
        token = frame.token as string;
        identity.set({ token });
        requireEmail = Boolean(frame.require_email);
        if (typeof frame.organization === 'string') title.textContent = `Chat with ${frame.organization}`;
        panel.setAttribute('aria-label', title.textContent ?? 'Chat');
        conversation = (frame.conversation as Conversation | null) ?? null;
        setStatus('');
        render();
        flush();
        return;
      }
      case 'conversation': {
        const first = !conversation;
        conversation = frame.conversation as Conversation;
        render();
        if (first) flush();
        return;
      }
      case 'ack': {
        const clientId = frame.client_id as string;
        outbox = outbox.filter((p) => p.client_id !== clientId);
        saveOutbox();
        const item = bubbles.get(clientId);
        if (item) item.dataset.state = 'sent';
        return;
      }
      case 'message':
        showMessage(frame as unknown as ChatMessage);
        return;
      case 'typing':
        showAgentTyping(frame.typing ? (frame.name as string) || 'Agent' : null);
        return;
      case 'ended':
        // The agent closed the chat; the next message starts a new one, whose seqs start over.
        conversation = null;
        seen.clear();
        lastSeq = 0;
        showAgentTyping(null);
        setStatus('The chat has ended.');
        render();
        return;
      case 'error': {
        const clientId = frame.client_id as string | undefined;
        if (frame.code === 'invalid_token') {
          token = undefined;
          return;
        }
        setStatus(String(frame.message ?? 'Something went wrong'));
        // The server could not store it this time (nothing was stored): send it again shortly.
        if (clientId && frame.code === 'internal') window.setTimeout(flush, 1000);
        // A message the server refused for what it is (not for being early) will never go through.
        if (clientId && frame.code !== 'too_many_requests' && frame.code !== 'internal') {
          outbox = outbox.filter((p) => p.client_id !== clientId);
          saveOutbox();
          const item = bubbles.get(clientId);
          if (item) item.dataset.state = 'failed';
          render();
        }
        return;
      }
    }
  };

  const scheduleReconnect = () => {
    if (retryTimer !== undefined || !navigator.onLine) return;
    const delay = Math.min(10_000, 500 * 2 ** retry++) * (0.75 + Math.random() / 2);
    retryTimer = window.setTimeout(() => {
      retryTimer = undefined;
      ensureSocket();
    }, delay);
  };

  function ensureSocket() {
    if (socket && socket.readyState <= WebSocket.OPEN) return;
    greeted = false;
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.addEventListener('open', () => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          org,
          ...(token ? { token } : {}),
          last_seq: lastSeq,
          language: navigator.language,
        }),
      );
    });
    ws.addEventListener('message', (e) => {
      try {
        onFrame(JSON.parse(String(e.data)) as Frame);
      } catch {
        // A frame we cannot read is skipped; the next reconnect replays from the database anyway.
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      greeted = false;
      if (!navigator.onLine) setStatus(OFFLINE);
      else if (conversation || outbox.length) setStatus('Reconnecting…');
      scheduleReconnect();
    });
  }

  window.addEventListener('offline', () => {
    setStatus(OFFLINE);
    socket?.close();
  });
  window.addEventListener('online', () => {
    window.clearTimeout(retryTimer);
    retryTimer = undefined;
    retry = 0;
    ensureSocket();
  });

  // ---- input -------------------------------------------------------------------------------------
  prechat.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = firstInput.value.trim();
    if (!text) return;
    const email = emailInput.value.trim();
    queue({
      client_id: newClientId(),
      text,
      start: { name: nameInput.value.trim(), ...(email ? { email } : {}) },
    });
    firstInput.value = '';
    messageInput.focus();
  });
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = messageInput.value.trim();
    if (!text) return;
    queue({ client_id: newClientId(), text });
    messageInput.value = '';
    stopTyping();
  });
  messageInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  const stopTyping = () => {
    window.clearTimeout(typingStopTimer);
    if (typingSentAt) send({ type: 'typing', typing: false });
    typingSentAt = 0;
  };
  messageInput.addEventListener('input', () => {
    if (!conversation) return;
    if (Date.now() - typingSentAt > 2000) {
      send({ type: 'typing', typing: true });
      typingSentAt = Date.now();
    }
    window.clearTimeout(typingStopTimer);
    typingStopTimer = window.setTimeout(stopTyping, 3000);
  });
  emailForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const email = laterEmail.value.trim();
    if (email) send({ type: 'email', email });
  });

  // Restore what this browser already has: an earlier chat, or messages written while offline.
  for (const p of outbox) bubble(p.client_id, 'visitor', null, p.text, 'pending');
  render();
  if (token || outbox.length) ensureSocket();
}
