-- A call whose answer carried no token usage is booked with the hub's estimate, marked so (issue 9, honest accounting).
alter table llm_calls add column estimated boolean not null default false;
