package dev.vibecoder.access;

import dev.vibecoder.support.InvalidInput;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an identity may do, each role including the ones before it: a {@code viewer} reads projects,
 * documents, artifacts and insights; a {@code requester} also starts projects and asks for revisions
 * of its own; an {@code approver} also decides checkpoints and raises budgets; an {@code admin} does
 * everything, tokens and dead letters included.
 */
public enum AccessRole {
    VIEWER, REQUESTER, APPROVER, ADMIN;

    /** As stored and written in the API: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Spring Security's authority of this role alone ({@code ROLE_approver}). */
    public String authority() {
        return "ROLE_" + id();
    }

    public boolean includes(AccessRole other) {
        return compareTo(other) >= 0;
    }

    /** This role and every role it includes, as authorities. */
    public List<String> authorities() {
        return Arrays.stream(values()).filter(this::includes).map(AccessRole::authority).toList();
    }

    public static AccessRole of(String id, String field) {
        if (id != null) {
            for (AccessRole role : values()) {
                if (role.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new InvalidInput(field, "must be one of viewer, requester, approver, admin, was '" + id + "'");
    }
}
