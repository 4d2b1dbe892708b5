-- Agents' memory: experiences, failures and reflections with their embeddings, and the failure
-- patterns that recurring failures form.

-- The extension needs a superuser to create, which the hub's role is not: scripts/services-up.sh
-- and docker/postgres/init create it. When it exists this statement only says so, without needing
-- any privilege; when it does not, it fails here with a message that names the missing piece.
create extension if not exists vector;

-- Failures that keep coming back. A pattern's failures are the memories that point to it, and how
-- often and when it was seen is counted from them. The centroid is the mean embedding of those
-- failures' gists (see dev.vibecoder.memory.FailureSignature), worked out again from them whenever
-- one joins; a failure joins the pattern with the nearest centroid when it is close enough, or
-- starts a new one.
create table failure_patterns (
    id          bigserial primary key,
    name        text        not null,
    centroid    vector(384) not null,
    example     text        not null
);

-- One row per thing remembered. Memories belong to the deployment, not to a project: project_id
-- records where a memory came from and deliberately has no foreign key, so deleting a project
-- keeps what was learnt from it.
create table memories (
    id                 bigserial primary key,
    kind               text        not null check (kind in ('EXPERIENCE', 'REFLECTION', 'FAILURE')),
    role               text,
    project_id         uuid,
    -- the document (or step event) the memory was made from: with kind, what makes remembering idempotent
    source_document_id uuid,
    step_key           text,
    text               text        not null,
    details            jsonb       not null default '{}',
    outcome            text        not null check (outcome in ('SUCCEEDED', 'FAILED', 'PENDING')),
    -- a reflection points to the failure it answers
    related_memory_id  bigint references memories (id) on delete set null,
    pattern_id         bigint references failure_patterns (id) on delete set null,
    embedding          vector(384) not null,
    created_at         timestamptz not null default now()
);
create unique index memories_source on memories (source_document_id, kind) where source_document_id is not null;
-- Recall: nearest neighbours by cosine distance. m and ef_construction are pgvector's defaults,
-- spelled out because they decide the recall/size trade-off of the index.
create index memories_embedding on memories using hnsw (embedding vector_cosine_ops)
    with (m = 16, ef_construction = 64);
-- Recall filters by role and kind; when the filter is selective the planner prefers this to the
-- vector index and searches the few matching rows exactly.
create index memories_role_kind on memories (role, kind);
-- Insights count reflections (fix attempts) in a time window.
create index memories_kind_created on memories (kind, created_at);
create index memories_pattern on memories (pattern_id) where pattern_id is not null;

-- A pattern's best fix: the succeeded reflection on its failures whose lesson most others agree with
-- (see dev.vibecoder.memory.FailurePatterns#bestFix), worked out when a reflection's outcome is
-- settled rather than each time it is read.
alter table failure_patterns add column best_fix_id bigint references memories (id) on delete set null;
create index memories_related on memories (related_memory_id) where related_memory_id is not null;

-- Insights read finished steps in a time window.
create index step_runs_finished on step_runs (finished_at) where finished_at is not null;
