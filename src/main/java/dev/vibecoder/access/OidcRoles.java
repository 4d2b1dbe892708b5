package dev.vibecoder.access;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An OIDC provider's JWT as a VibeCoder caller: named by its name claim (else {@code sub}), with the
 * highest VibeCoder role its roles claim lists: a role's name ({@code ["approver"]}), or the name after
 * the configured prefix ({@code "vibecoder-approver"}), as group names shared by many applications
 * often carry one. Only that one prefix: the roles claim of a company's provider lists the roles of
 * other applications too, and {@code realm-admin} or {@code billing-approver} must not make anyone an
 * admin or approver here. A token listing no VibeCoder role may read nothing.
 */
final class OidcRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final SecuritySettings.Oidc settings;

    OidcRoles(SecuritySettings.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = Optional.ofNullable(jwt.getClaimAsString(settings.nameClaim())).filter(n -> !n.isBlank())
                .orElse(jwt.getSubject());
        List<String> authorities = role(jwt).map(AccessRole::authorities).orElse(List.of());
        return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(authorities), name);
    }

    Optional<AccessRole> role(Jwt jwt) {
        Object claim = jwt.getClaims().get(settings.rolesClaim());
        Collection<?> values = claim instanceof Collection<?> list ? list : claim == null ? List.of() : List.of(claim);
        String prefix = settings.rolePrefix() == null ? "" : settings.rolePrefix().strip().toLowerCase(Locale.ROOT);
        AccessRole highest = null;
        for (Object value : values) {
            String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
            for (AccessRole role : AccessRole.values()) {
                if ((text.equals(role.id()) || (!prefix.isEmpty() && text.equals(prefix + role.id())))
                        && (highest == null || role.includes(highest))) {
                    highest = role;
                }
            }
        }
        return Optional.ofNullable(highest);
    }
}
