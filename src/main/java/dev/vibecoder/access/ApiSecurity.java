package dev.vibecoder.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call the REST API, the OpenAPI document and the actuator endpoints other than health:
 * a bearer token, either one of the hub's own API tokens ({@link ApiTokens}) or, when an OIDC provider
 * is configured, a JWT it signed. Each endpoint needs a role (docs/security.md has the table); a
 * token of a lower role gets 403, no or a bad token 401, both as problem+json. Webhooks prove
 * themselves with their signatures and the consoles have their own login (ops.ConsoleSecurity).
 * No CORS: browsers of other origins get no access.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurity {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();
    private static final ObjectMapper PROBLEMS = new ObjectMapper();

    /** The requests this chain guards: the API, its OpenAPI document and actuator, but not the consoles. */
    static RequestMatcher guarded() {
        return new AndRequestMatcher(
                new OrRequestMatcher(PATHS.matcher("/api/**"), PATHS.matcher("/actuator/**"),
                        PATHS.matcher("/v3/api-docs/**"), PATHS.matcher("/v3/api-docs"),
                        PATHS.matcher("/swagger-ui/**"), PATHS.matcher("/swagger-ui.html")),
                new NegatedRequestMatcher(new OrRequestMatcher(PATHS.matcher("/actuator/hawtio/**"),
                        PATHS.matcher("/actuator/jolokia/**"))));
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokens tokens, SecuritySettings settings)
            throws Exception {
        String viewer = AccessRole.VIEWER.id();
        String requester = AccessRole.REQUESTER.id();
        String approver = AccessRole.APPROVER.id();
        String admin = AccessRole.ADMIN.id();
        http.securityMatcher(guarded())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasRole(viewer)
                        .requestMatchers("/actuator/**").hasRole(admin)
                        .requestMatchers("/api/tokens/**", "/api/tokens", "/api/identities/**", "/api/identities",
                                "/api/audit", "/api/dead-letters/**", "/api/dead-letters").hasRole(admin)
                        .requestMatchers(HttpMethod.POST, "/api/projects/*/documents/*/decision",
                                "/api/projects/*/budget").hasRole(approver)
                        .requestMatchers(HttpMethod.POST, "/api/projects", "/api/projects/*/revisions")
                                .hasRole(requester)
                        .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**", "/v3/api-docs",
                                "/swagger-ui/**", "/swagger-ui.html").hasRole(viewer)
                        // anything else (a method an endpoint does not have, a path that does not exist): admins
                        // only, who then get the 404 or 405; a new endpoint without a rule is closed to the rest
                        .anyRequest().hasRole(admin))
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(managers(tokens, settings.oidc()))
                        .bearerTokenResolver(new DefaultBearerTokenResolver())
                        .authenticationEntryPoint((request, response, e) -> problem(response, 401, "Unauthorized",
                                unauthorized(request, e)))
                        .accessDeniedHandler((request, response, e) -> problem(response, 403, "Forbidden",
                                "your role may not " + request.getMethod() + " " + request.getRequestURI()
                                        + " (docs/security.md lists what each role may do)")))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /** The hub's own tokens always; an OIDC provider's JWTs (three dot-separated parts) when configured. */
    static AuthenticationManagerResolver<HttpServletRequest> managers(ApiTokens tokens, SecuritySettings.Oidc oidc) {
        AuthenticationManager own = new ProviderManager(new OpaqueTokenAuthenticationProvider(introspector(tokens)));
        if (!oidc.enabled()) {
            return request -> own;
        }
        JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder(oidc));
        jwtProvider.setJwtAuthenticationConverter(new OidcRoles(oidc));
        AuthenticationManager jwt = new ProviderManager(jwtProvider);
        DefaultBearerTokenResolver resolver = new DefaultBearerTokenResolver();
        return request -> {
            String token = resolver.resolve(request);
            return token != null && !token.startsWith(ApiTokens.PREFIX) && token.chars().filter(c -> c == '.').count() == 2
                    ? jwt : own;
        };
    }

    private static OpaqueTokenIntrospector introspector(ApiTokens tokens) {
        return token -> tokens.authenticate(token).map(bearer -> {
            Collection<GrantedAuthority> authorities = AuthorityUtils.createAuthorityList(bearer.role().authorities());
            return (org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal)
                    new DefaultOAuth2AuthenticatedPrincipal(bearer.identity(),
                            Map.of("token_id", bearer.tokenId().toString(), "role", bearer.role().id()), authorities);
        }).orElseThrow(() -> new BadOpaqueTokenException("the token is unknown, expired or revoked"));
    }

    private static JwtDecoder jwtDecoder(SecuritySettings.Oidc oidc) {
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(oidc.issuerUri());
        if (oidc.jwkSetUri() != null && !oidc.jwkSetUri().isBlank()) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        }
        // the provider is asked for its keys on first use, not at start-up: a hub starts while it is down
        Supplier<JwtDecoder> discovered = () -> JwtDecoders.fromIssuerLocation(oidc.issuerUri());
        return new SupplierJwtDecoder(discovered);
    }

    private static String unauthorized(HttpServletRequest request, AuthenticationException e) {
        return request.getHeader("Authorization") == null
                ? "a bearer token is required (Authorization: Bearer <token>; docs/security.md)"
                : "the bearer token was not accepted: " + e.getMessage();
    }

    static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        ObjectNode body = PROBLEMS.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail);
        response.getWriter().write(body.toString());
    }

}
