-- The document flow: projects, their immutable document versions with lineage, the steps that
-- made them, every LLM call, and the project's timeline.

create table projects (
    id             uuid primary key,
    idea           text        not null,
    workflow       text        not null,
    template       text,
    source         text        not null default 'api',
    status         text        not null default 'RUNNING'
                   check (status in ('RUNNING', 'AWAITING_APPROVAL', 'COMPLETED', 'FAILED')),
    status_reason text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    completed_at   timestamptz
);
create index projects_created_at on projects (created_at desc);

-- One row per document version; rows are never updated except for their approval state.
create table documents (
    id               uuid primary key,
    project_id       uuid        not null references projects (id) on delete cascade,
    doc_type         text        not null,
    version          int         not null check (version > 0),
    step_id          text        not null,
    -- (project, step, input versions): a redelivered work order maps to the same key, so it can
    -- never create a second version
    step_key         text        not null unique,
    parent_id        uuid references documents (id),
    role             text        not null,
    provider         text        not null,
    model            text        not null,
    content          jsonb       not null,
    input_tokens     int         not null default 0,
    output_tokens    int         not null default 0,
    llm_calls        int         not null default 1,
    approval_state   text        not null default 'NOT_REQUIRED'
                     check (approval_state in ('NOT_REQUIRED', 'PENDING', 'APPROVED', 'REJECTED')),
    approved_by      text,
    approved_at      timestamptz,
    approval_comment text,
    created_at       timestamptz not null default now(),
    unique (project_id, doc_type, version)
);
create index documents_project on documents (project_id, created_at);

-- Lineage: the exact input versions a document was made from.
create table document_inputs (
    document_id uuid not null references documents (id) on delete cascade,
    input_id    uuid not null references documents (id) on delete cascade,
    primary key (document_id, input_id)
);

-- The state of each dispatched step, for progress and failure reasons.
create table step_runs (
    step_key    text primary key,
    project_id  uuid        not null references projects (id) on delete cascade,
    step_id     text        not null,
    role        text        not null,
    status      text        not null check (status in ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts    int         not null default 0,
    error       text,
    document_id uuid references documents (id),
    queued_at   timestamptz not null default now(),
    started_at  timestamptz,
    finished_at timestamptz
);
create index step_runs_project on step_runs (project_id);

-- Every call to a model, with its token counts.
create table llm_calls (
    id            bigserial primary key,
    project_id    uuid references projects (id) on delete cascade,
    step_key      text,
    role          text        not null,
    provider      text        not null,
    model         text        not null,
    input_tokens  int         not null default 0,
    output_tokens int         not null default 0,
    cost_usd      numeric(14, 6) not null default 0,
    duration_ms   int         not null,
    outcome       text        not null,
    created_at    timestamptz not null default now()
);
create index llm_calls_project on llm_calls (project_id);

-- What happened to a project, in order: the progress a user follows.
create table project_events (
    id         bigserial primary key,
    project_id uuid        not null references projects (id) on delete cascade,
    kind       text        not null,
    step_id    text,
    message    text        not null,
    created_at timestamptz not null default now()
);
create index project_events_project on project_events (project_id, id);

-- Camel's JdbcMessageIdRepository (idempotent consumer); created here so the app role needs no DDL.
create table camel_messageprocessed (
    processorname text      not null,
    messageid     text      not null,
    createdat     timestamp not null,
    primary key (processorname, messageid)
);

-- Transactional outbox: events written in the same transaction as the state they announce, and
-- published to RabbitMQ by the relay route after the commit.
create table outbox (
    id            bigserial primary key,
    exchange      text        not null,
    routing_key   text        not null,
    payload       bytea       not null,
    created_at    timestamptz not null default now(),
    -- a claimed row is invisible to other relays until its lease runs out
    available_at  timestamptz not null default now(),
    attempts      int         not null default 0
);
create index outbox_available on outbox (available_at, id);
