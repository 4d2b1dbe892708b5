-- Decisions at checkpoints away from the REST API: the Slack message that asks for each decision,
-- and the reminders of the checkpoint timeouts (which work with or without Slack).

-- The one Slack message per waiting document: a redelivered <type>.awaiting finds it and posts
-- nothing, and a decision (from Slack, the REST API or a timeout) updates it in place.
create table slack_messages (
    document_id     uuid primary key references documents (id) on delete cascade,
    channel         text,
    -- Slack's id of the message; null while a hub is posting it (see claimed_until)
    ts              text,
    -- a hub posting the message holds it until then; a hub that died while posting lets it go
    claimed_until   timestamptz not null,
    -- the approval state the message shows since its last update (APPROVED, REJECTED), null: the buttons
    decision_shown  text,
    -- reminders posted in the message's thread, against approval_reminders.periods
    reminders_shown int         not null default 0
);

-- Timeout periods a waiting document has been reminded of: a reminder is due when a whole period
-- more has passed, so a sweep running often (or on several hubs) reminds once per period.
create table approval_reminders (
    document_id uuid primary key references documents (id) on delete cascade,
    periods     int not null check (periods > 0)
);

-- The timeout sweep reads the waiting documents every minute: keep that off the whole table.
create index documents_pending on documents (created_at) where approval_state = 'PENDING';
