-- A project whose model provider is down waits, resumable, instead of failing (issue 9, faults).
alter table projects drop constraint projects_status_check;
alter table projects add constraint projects_status_check
    check (status in ('RUNNING', 'AWAITING_APPROVAL', 'WAITING_FOR_MODEL', 'COMPLETED', 'FAILED'));
