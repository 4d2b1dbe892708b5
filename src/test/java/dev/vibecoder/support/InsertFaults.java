package dev.vibecoder.support;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real trouble for the hub's inserts into one table, for the projects whose idea carries
 * {@link #marker()}: a PostgreSQL trigger that refuses them, or makes them wait on a lock the test
 * holds. Other projects on the same database are not touched. {@link #close()} removes the trigger.
 */
public final class InsertFaults implements AutoCloseable {

    /** The inserts a fault strikes. */
    public enum Target {
        /** A wave's join. */
        WAVE_JOINS("wave_joins", "new.project_id", "true"),
        /** An engineer's work order, put in the outbox by the router. */
        TASK_ORDERS("outbox", "(convert_from(new.payload, 'UTF8')::jsonb ->> 'projectId')::uuid",
                "convert_from(new.payload, 'UTF8')::jsonb ->> 'role' = 'engineer'");

        private final String table;
        private final String projectId;
        private final String condition;

        Target(String table, String projectId, String condition) {
            this.table = table;
            this.projectId = projectId;
            this.condition = condition;
        }
    }

    private static final String DB_URL = System.getenv().getOrDefault("VIBECODER_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5433/vibecoder_test");
    private static final String DB_USER = System.getenv().getOrDefault("VIBECODER_DB_USER", "vibecoder");
    private static final String DB_PASSWORD = System.getenv().getOrDefault("VIBECODER_DB_PASSWORD", "vibecoder");

    private final Connection connection;
    private final Target target;
    private final String name;
    private final String marker;
    private final long lockKey;

    /** Needs the schema: call it once a hub has started on the test database. */
    private InsertFaults(Target target, String action) throws SQLException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        this.target = target;
        this.name = "insert_fault_" + tag;
        this.marker = "[insert-fault:" + tag + "]";
        this.lockKey = ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE);
        this.connection = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
        // all or nothing: a fault half set up would be left behind in the database
        try {
            connection.setAutoCommit(false);
            execute("create sequence " + name);
            execute("""
                    create function %1$s() returns trigger language plpgsql as $fault$
                    begin
                      if %3$s and exists (select 1 from projects p where p.id = %2$s and position('%4$s' in p.idea) > 0) then
                        perform nextval('%1$s');
                        %5$s
                      end if;
                      return new;
                    end
                    $fault$""".formatted(name, target.projectId, target.condition, marker,
                    action.replace("$KEY", String.valueOf(lockKey)).replace("$SEQUENCE", name)));
            execute("create trigger " + name + " before insert on " + target.table + " for each row execute function "
                    + name + "()");
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** The first insert of a marked project fails, as a database that is briefly unavailable would. */
    public static InsertFaults refuseFirst(Target target) throws SQLException {
        return new InsertFaults(target,
                "if currval('$SEQUENCE') = 1 then raise exception 'insert refused once by the test'; end if;");
    }

    /** Every insert of a marked project fails. */
    public static InsertFaults refuseAll(Target target) throws SQLException {
        return new InsertFaults(target, "raise exception 'insert refused by the test';");
    }

    /** Inserts of a marked project wait (inside their transaction) until {@link #release()}. */
    public static InsertFaults hold(Target target) throws SQLException {
        InsertFaults faults = new InsertFaults(target, "perform pg_advisory_xact_lock_shared($KEY);");
        faults.execute("select pg_advisory_lock(" + faults.lockKey + ")");
        return faults;
    }

    /** Put this in a project's idea to subject its inserts to the fault. */
    public String marker() {
        return marker;
    }

    /** How many inserts of marked projects reached the database, refused or waiting ones included. */
    public long attempts() throws SQLException {
        return query("select case when is_called then last_value else 0 end from " + name);
    }

    /** Waits until an insert of a marked project is stuck on the held lock. */
    public void awaitHeldInsert(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> query("""
                select count(*) from pg_locks
                 where locktype = 'advisory' and not granted and classid = 0 and objid = %d
                   and database = (select oid from pg_database where datname = current_database())
                """.formatted(lockKey)) > 0);
    }

    /** Lets held inserts go on. */
    public void release() throws SQLException {
        execute("select pg_advisory_unlock_all()");
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            release();
            execute("drop trigger if exists " + name + " on " + target.table);
            execute("drop function if exists " + name + "()");
            execute("drop sequence if exists " + name);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long query(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
