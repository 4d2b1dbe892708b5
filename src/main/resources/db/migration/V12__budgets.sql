-- Budgets (issue 9): what a project may spend on model calls, in USD and/or tokens, and the human
-- checkpoint a project parks at before a call that would overspend it.
alter table projects drop constraint projects_status_check;
alter table projects add constraint projects_status_check
    check (status in ('RUNNING', 'AWAITING_APPROVAL', 'WAITING_FOR_MODEL', 'WAITING_FOR_BUDGET', 'COMPLETED',
                      'FAILED'));

-- A project's limits; no row (or both limits null) means no limit. source: where the limits came from
-- (request, template, workflow, config, raised).
-- decisions: taken at the project's budget checkpoint so far (each wait for one is known by that count).
create table project_budgets (
    project_id   uuid primary key references projects (id) on delete cascade,
    limit_usd    numeric(14, 6) check (limit_usd > 0),
    limit_tokens bigint check (limit_tokens > 0),
    source       text        not null,
    updated_by   text,
    updated_at   timestamptz not null default now(),
    decisions    int         not null default 0
);

-- What calls in flight may still cost: each call reserves its worst case (its input and its whole
-- output limit) before it is made and releases it when its cost is booked in llm_calls, so parallel
-- steps cannot overspend together. A hub that dies mid-call leaves its reservation to expire.
create table budget_reservations (
    id          bigserial primary key,
    project_id  uuid        not null references projects (id) on delete cascade,
    cost_usd    numeric(14, 6) not null,
    tokens      bigint      not null,
    created_at  timestamptz not null default now()
);
create index budget_reservations_project on budget_reservations (project_id);

-- Work orders parked at the budget checkpoint: sent again when the budget is raised, dropped when it
-- is rejected. needed_*: what the project would have spent with the refused call (its worst case), so
-- a raise can be offered that lets it through.
create table budget_held_orders (
    id            bigserial primary key,
    project_id    uuid        not null references projects (id) on delete cascade,
    step_key      text        not null unique,
    payload       jsonb       not null,
    reason        text        not null,
    needed_usd    numeric(14, 6) not null,
    needed_tokens bigint      not null,
    created_at    timestamptz not null default now()
);
create index budget_held_orders_project on budget_held_orders (project_id);

-- The budget checkpoint in Slack: one message per wait for a decision (round: the project's decisions
-- before it).
create table slack_budget_messages (
    project_id     uuid        not null references projects (id) on delete cascade,
    round          int         not null,
    channel        text,
    -- Slack's id of the message; null while a hub is posting it (see claimed_until)
    ts             text,
    claimed_until  timestamptz not null,
    -- the decision its last update showed (raised, rejected), null while it has its buttons
    decision_shown text,
    primary key (project_id, round)
);
