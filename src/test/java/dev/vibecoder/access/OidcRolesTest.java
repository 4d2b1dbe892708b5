package dev.vibecoder.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vibecoder.support.OidcStandIn;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * How a provider's JWT becomes a caller, without a hub: its role from the roles claim (ours only, not
 * another application's that ends like ours), its name from the name claim; and, with no key set
 * configured, the provider's keys found through its discovery document (the stand-in's).
 */
class OidcRolesTest {

    private static final SecuritySettings.Oidc SETTINGS = new SecuritySettings.Oidc("https://idp.example.com/realms/x",
            null, "roles", "preferred_username", "vibecoder-");

    @Test
    void theHighestOfOurRolesCountsAndOnlyUnderOurPrefix() {
        OidcRoles roles = new OidcRoles(SETTINGS);
        assertThat(roles.role(jwt(List.of("approver")))).contains(AccessRole.APPROVER);
        assertThat(roles.role(jwt(List.of("Vibecoder-Admin")))).contains(AccessRole.ADMIN);
        assertThat(roles.role(jwt(List.of("viewer", "vibecoder-approver", "offline_access"))))
                .contains(AccessRole.APPROVER);
        assertThat(roles.role(jwt("requester"))).contains(AccessRole.REQUESTER);
        assertThat(roles.role(jwt(List.of("realm-admin", "billing-approver", "cluster:admin", "administrator",
                "vibecoder-superadmin", "not-a-viewer")))).isEmpty();
        assertThat(roles.role(jwt(null))).isEmpty();
        // a provider whose groups are named otherwise sets its prefix; then that one counts
        OidcRoles colon = new OidcRoles(new SecuritySettings.Oidc(SETTINGS.issuerUri(), null, "roles",
                "preferred_username", "apps:vibecoder:"));
        assertThat(colon.role(jwt(List.of("apps:vibecoder:approver")))).contains(AccessRole.APPROVER);
        assertThat(colon.role(jwt(List.of("vibecoder-approver")))).isEmpty();
    }

    @Test
    void theCallerIsNamedByTheNameClaimElseBySubject() {
        OidcRoles roles = new OidcRoles(SETTINGS);
        Jwt named = Jwt.withTokenValue("t").header("alg", "RS256").subject("sub-1")
                .claim("preferred_username", "olivia").claim("roles", List.of("viewer")).build();
        assertThat(roles.convert(named).getName()).isEqualTo("olivia");
        assertThat(roles.convert(jwt(List.of("viewer"))).getName()).isEqualTo("sub-nameless");
        assertThat(roles.convert(jwt(List.of("offline_access"))).getAuthorities()).isEmpty();
    }

    @Test
    void withoutAKeySetUriTheKeysAreFoundThroughTheIssuersDiscoveryDocument() {
        SecuritySettings.Oidc discovered = new SecuritySettings.Oidc(OidcStandIn.issuer(), null, "roles",
                "preferred_username", "vibecoder-");
        // the hub's own tokens are not asked for: no token store
        AuthenticationManagerResolver<HttpServletRequest> managers = ApiSecurity.managers(null, discovered);

        Authentication olivia = authenticate(managers, OidcStandIn.token("olivia", List.of("vibecoder-approver")));
        assertThat(olivia.getName()).isEqualTo("olivia");
        assertThat(olivia.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrderElementsOf(AccessRole.APPROVER.authorities());

        String forged = OidcStandIn.signedWithAnotherKey(OidcStandIn.claims("olivia", List.of("admin")).build());
        assertThatThrownBy(() -> authenticate(managers, forged)).isInstanceOf(AuthenticationException.class);
    }

    private static Authentication authenticate(AuthenticationManagerResolver<HttpServletRequest> managers,
            String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects");
        request.addHeader("Authorization", "Bearer " + token);
        return managers.resolve(request).authenticate(new BearerTokenAuthenticationToken(token));
    }

    private static Jwt jwt(Object roles) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("sub-nameless")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        return Optional.ofNullable(roles).map(r -> jwt.claim("roles", r)).orElse(jwt).build();
    }
}
