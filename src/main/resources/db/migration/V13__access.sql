-- Access control and audit (issue 10): identities with one role each, their links to Slack users and
-- GitHub logins, API tokens (stored hashed), who started a project, and an append-only audit log.
create table identities (
    name        text primary key check (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$'),
    role        text        not null check (role in ('viewer', 'requester', 'approver', 'admin')),
    created_by  text        not null,
    created_at  timestamptz not null default now()
);

-- One person's accounts elsewhere: a Slack user id (U..., W...) or a GitHub login acts as this identity.
create table identity_links (
    channel     text        not null check (channel in ('slack', 'github')),
    external_id text        not null,
    identity    text        not null references identities (name) on delete cascade,
    created_at  timestamptz not null default now(),
    primary key (channel, external_id)
);

-- Only a SHA-256 of each token is kept: a token is shown once, when it is created.
create table api_tokens (
    id           uuid primary key,
    identity     text        not null references identities (name) on delete cascade,
    name         text        not null,
    token_hash   text        not null unique,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    revoked_at   timestamptz,
    revoked_by   text,
    last_used_at timestamptz
);
create index api_tokens_identity on api_tokens (identity);

alter table projects add column requested_by text;

-- Every state-changing action, appended; the hub may insert and read, never change or remove a row.
create table audit_log (
    id      bigserial primary key,
    at      timestamptz not null default clock_timestamp(),
    actor   text        not null,
    action  text        not null,
    target  text,
    detail  text,
    source  text
);
create index audit_log_at on audit_log (at);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op;
end
$$;
create trigger audit_log_append_only before update or delete or truncate on audit_log
    for each statement execute function audit_log_is_append_only();
