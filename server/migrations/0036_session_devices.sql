-- Sessions a person can recognise and end (docs/security.md, "Sessions and offboarding"). A session
-- was known only by the hash of its secret; the API must never show that, so each session gets a
-- non-secret id, and the device it was opened from: the browser's User-Agent (summarised on read)
-- and the client address.
alter table sessions add column id uuid not null default gen_random_uuid();
alter table sessions add constraint sessions_id unique (id);
alter table sessions add column user_agent text check (length(user_agent) <= 512);
alter table sessions add column ip text check (length(ip) <= 64);
