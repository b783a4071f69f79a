-- Live chat from the website widget. A chat is a ticket (channel 'chat') with one conversation row
-- that remembers the visitor and numbers the messages the visitor sees, so a widget that reconnects
-- asks for "everything after seq N" and the database answers: nothing lost, nothing twice.

-- The HMAC key that signs visitor tokens when TANDEM_CHAT_SECRET is not set: generated once, shared by
-- every process on this database. Owner only: tandem_app has no grant and no policy.
create table chat_secrets (
  id smallint primary key default 1 check (id = 1),
  secret text not null,
  created_at timestamptz not null default now()
);
alter table chat_secrets enable row level security;

create table chat_conversations (
  ticket_id uuid primary key references tickets (id),
  organization_id uuid not null references organizations (id),
  visitor_id text not null check (length(visitor_id) between 8 and 64),
  -- live: agents answer in the widget; email: nobody was available, replies go by email.
  mode text not null default 'live' check (mode in ('live', 'email')),
  -- Where tickets.language came from: the browser's setting, or detection on the visitor's text.
  language_source text check (language_source in ('browser', 'text')),
  -- What the visitor typed in the pre-chat form (the customer record holds them as identities too).
  visitor_name text not null default '',
  email text,
  last_seq integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index chat_conversations_visitor on chat_conversations (organization_id, visitor_id, created_at desc);

-- The position of each public message in its chat, as the visitor sees it. Internal notes get none.
alter table messages add column chat_seq integer;
create unique index messages_chat_seq on messages (ticket_id, chat_seq) where chat_seq is not null;

-- Numbers a public message of a chat ticket, whoever writes it (the widget, an agent through the REST
-- API, a job). The update takes the conversation row's lock until commit, so seqs commit in order and
-- a reader that has seen seq N can never later meet a smaller one. Security definer: agents number
-- messages of chats they can see (the insert already passed the messages policy) without needing
-- write access to the conversation row itself.
create function number_chat_message() returns trigger language plpgsql security definer
  set search_path = public, pg_temp as $$
begin
  if new.visibility = 'public' then
    update chat_conversations set last_seq = last_seq + 1, updated_at = now()
      where ticket_id = new.ticket_id
      returning last_seq into new.chat_seq;
  end if;
  return new;
end
$$;
create trigger messages_chat_seq before insert on messages
  for each row execute function number_chat_message();

grant select, insert, update on chat_conversations to tandem_app;
alter table chat_conversations enable row level security;
create policy via_ticket on chat_conversations to tandem_app
  using (organization_id = tandem_org() and exists (select 1 from tickets t where t.id = chat_conversations.ticket_id));
