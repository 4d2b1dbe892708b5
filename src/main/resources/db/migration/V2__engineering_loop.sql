-- The engineering loop: per-task documents, outcomes of the hub's own steps, dependency waves.

-- A document type can have several subjects: the code of each task is its own document with its
-- own versions. '' is the subject of every document that is one per project.
alter table documents add column subject text not null default '';
-- What a hub step found: a workspace that passes its checks, a test run that passes.
alter table documents add column outcome text check (outcome in ('PASSED', 'FAILED'));
alter table documents drop constraint documents_project_id_doc_type_version_key;
alter table documents add constraint documents_version_per_subject unique (project_id, doc_type, subject, version);
-- A step run covers one subject of its step: one task of a fan-out step, or '' for the whole step.
alter table step_runs add column subject text not null default '';

-- The dependency waves of a task breakdown version, as the router computed them.
create table task_waves (
    breakdown_id uuid not null references documents (id) on delete cascade,
    project_id   uuid not null references projects (id) on delete cascade,
    task_id      text not null,
    wave         int  not null check (wave >= 0),
    primary key (breakdown_id, task_id)
);
create index task_waves_project on task_waves (project_id);

-- Waves whose tasks all have their code: written by the wave-join aggregator, read by the router.
create table wave_joins (
    breakdown_id uuid        not null references documents (id) on delete cascade,
    wave         int         not null,
    project_id   uuid        not null references projects (id) on delete cascade,
    joined_at    timestamptz not null default now(),
    primary key (breakdown_id, wave)
);

-- Camel's durable aggregation repository for the wave join (PostgresAggregationRepository).
create table wave_aggregation (
    id       varchar(255) primary key,
    exchange bytea        not null,
    version  bigint       not null
);
create table wave_aggregation_completed (
    id       varchar(255) primary key,
    exchange bytea        not null,
    version  bigint       not null
);

-- Which memories went into which step's prompt, and how similar they were.
create table memory_recalls (
    step_key   text   not null,
    memory_id  bigint not null,
    similarity real   not null,
    primary key (step_key, memory_id)
);
