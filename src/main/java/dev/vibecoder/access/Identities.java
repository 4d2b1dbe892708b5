package dev.vibecoder.access;

import dev.vibecoder.support.InvalidInput;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The people (and machines) the hub knows, each with one {@link AccessRole}, and their accounts in
 * Slack and GitHub: a click in Slack or a comment on GitHub by a linked account acts as the identity,
 * with its rights and under its name.
 */
@Repository
public class Identities {

    public enum Channel { SLACK, GITHUB }

    public record Identity(String name, AccessRole role, String createdBy, OffsetDateTime createdAt,
            List<Link> links) {
    }

    public record Link(Channel channel, String externalId) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private final JdbcTemplate jdbc;

    public Identities(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the identity, or changes its role. */
    public Identity save(String name, AccessRole role, String by) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput("name", "must be 1-100 letters, digits, '.', '_', '@' or '-', starting with a letter"
                    + " or digit");
        }
        jdbc.update("""
                insert into identities (name, role, created_by) values (?, ?, ?)
                on conflict (name) do update set role = excluded.role
                """, name, role.id(), by);
        return find(name).orElseThrow();
    }

    public Optional<Identity> find(String name) {
        return jdbc.query("select * from identities where name = ?", (rs, i) -> new Identity(rs.getString("name"),
                AccessRole.of(rs.getString("role"), "role"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class), links(rs.getString("name"))), name).stream().findFirst();
    }

    public List<Identity> all() {
        return jdbc.queryForList("select name from identities order by name", String.class).stream()
                .map(name -> find(name).orElseThrow()).toList();
    }

    /** Links an account elsewhere to the identity; an account is linked to one identity only. */
    public void link(String name, Channel channel, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            throw new InvalidInput("externalId", "the Slack user id or GitHub login is required");
        }
        if (find(name).isEmpty()) {
            throw new InvalidInput("name", "no identity '" + name + "'");
        }
        jdbc.update("""
                insert into identity_links (channel, external_id, identity) values (?, ?, ?)
                on conflict (channel, external_id) do nothing
                """, channel.name().toLowerCase(), key(channel, externalId), name);
        String owner = linked(channel, externalId).map(Identity::name).orElse("?");
        if (!owner.equals(name)) {
            throw new InvalidInput("externalId", channel.name().toLowerCase() + " account '" + externalId
                    + "' is linked to identity '" + owner + "' already");
        }
    }

    /** The identity an account elsewhere acts as, if it is linked. */
    public Optional<Identity> linked(Channel channel, String externalId) {
        if (externalId == null || externalId.isBlank()) {
            return Optional.empty();
        }
        return jdbc.queryForList("select identity from identity_links where channel = ? and external_id = ?",
                String.class, channel.name().toLowerCase(), key(channel, externalId)).stream().findFirst()
                .flatMap(this::find);
    }

    private List<Link> links(String name) {
        return jdbc.query("select channel, external_id from identity_links where identity = ? order by channel, external_id",
                (rs, i) -> new Link(Channel.valueOf(rs.getString("channel").toUpperCase()), rs.getString("external_id")),
                name);
    }

    /** GitHub logins are case-insensitive; Slack ids are not. */
    private static String key(Channel channel, String externalId) {
        return channel == Channel.GITHUB ? externalId.strip().toLowerCase() : externalId.strip();
    }
}
