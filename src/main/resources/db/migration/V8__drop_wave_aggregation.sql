-- The wave join no longer uses Camel's aggregator: a task's code event joins its wave, in the
-- transaction that acknowledges it, once every task of the wave has its code (read from documents
-- and document_inputs). Its JDBC aggregation repository's tables go.
drop table wave_aggregation;
drop table wave_aggregation_completed;
