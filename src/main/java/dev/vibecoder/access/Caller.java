package dev.vibecoder.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, for what the API records: decisions, who started a project, the audit log. Always
 * the authenticated identity, never a name from the request body.
 */
public final class Caller {

    private Caller() {
    }

    /** The authenticated identity's name. */
    public static String name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null) {
            throw new IllegalStateException("no authenticated caller: the API's security chain must run first");
        }
        return authentication.getName();
    }

    /** Whether the caller has this role (or one that includes it). */
    public static boolean has(AccessRole role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals(role.authority()));
    }

    /** Where the request came from: its client's address (a proxy's X-Forwarded-For when the server trusts one). */
    public static String source(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
