-- GitHub: the deliveries the hub acted on, the projects started from issues and what the hub
-- created on GitHub for each of them, and where polling of a repository began.

-- Webhook deliveries (X-GitHub-Delivery) and polled events that started a project or a revision.
-- Written in the transaction that does so: a redelivery, even after a restart, finds its row and
-- changes nothing, and a delivery whose transaction rolled back can be delivered again.
create table github_deliveries (
    delivery_id text primary key,
    event       text        not null,
    outcome     text        not null check (outcome in ('STARTED', 'REVISION')),
    project_id  uuid        not null references projects (id) on delete cascade,
    received_at timestamptz not null default now()
);

-- A project started from an issue: one per issue, stored with the project (same transaction).
-- The rest of the row is what the hub created on GitHub, written as each thing is created, so that
-- a redelivered event finds it and neither comments nor opens a pull request twice.
create table github_projects (
    project_id          uuid primary key references projects (id) on delete cascade,
    -- owner/name as GitHub spells it; matched case-insensitively, as GitHub does
    repository          text        not null,
    issue_number        int         not null check (issue_number > 0),
    issue_title         text        not null,
    requested_by        text        not null,
    -- the one progress comment, edited in place, and the digest of what it shows
    progress_comment_id bigint,
    progress_digest     text,
    -- an update failed (GitHub away): the sweep tries again
    progress_stale      boolean     not null default false,
    -- the branch the pull request goes into; the head of vibecoder/<project> and the files of that
    -- commit (path -> git blob sha)
    base_branch         text,
    head_sha            text,
    published_files     jsonb,
    -- the head a note on the pull request was written for (after a revision)
    noted_sha           text,
    pull_number         int,
    publish_error       text,
    created_at          timestamptz not null default now()
);
create unique index github_projects_issue on github_projects (lower(repository), issue_number);
create index github_projects_pull on github_projects (lower(repository), pull_number);

-- Polling mode: when the hub first polled a repository. Events older than that are history, not
-- requests: a hub that starts polling does not act on every labelled issue of the last 90 days.
create table github_poll_cursors (
    repository text primary key,
    since      timestamptz not null default now()
);
