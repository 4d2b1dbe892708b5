package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local stand-in for an OIDC identity provider (shaped like Keycloak's realm endpoints): its
 * discovery document and its JSON Web Key Set, whose one RSA key signs the JWTs tests ask for. Tests
 * make the tokens a real provider would issue ({@link #token}) and the ones an attacker or a clock
 * would bring: expired, of another issuer, signed with another key, unsigned.
 */
public final class OidcStandIn {

    public static final String REALM = "/realms/vibecoder";
    public static final String KEY_ID = "standin-signing-key";

    private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());
    private static final RSAKey KEY = rsaKey(KEY_ID);

    private OidcStandIn() {
    }

    /** Points the hub's OIDC settings at the stand-in: its issuer and, explicitly, its key set. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("vibecoder.security.oidc.issuer-uri", OidcStandIn::issuer);
        registry.add("vibecoder.security.oidc.jwk-set-uri", OidcStandIn::jwkSetUri);
    }

    /** The provider's issuer: the {@code iss} of its tokens, under which its discovery document is. */
    public static String issuer() {
        start();
        return SERVER.baseUrl() + REALM;
    }

    public static String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** A token as the provider issues it: valid for five minutes, with these roles (none when null). */
    public static String token(String username, List<String> roles) {
        return sign(claims(username, roles).build(), KEY);
    }

    /** The claims of {@link #token}, to change one of them. */
    public static JWTClaimsSet.Builder claims(String username, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject("sub-" + username)
                .audience("vibecoder").claim("preferred_username", username).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        return roles == null ? claims : claims.claim("roles", roles);
    }

    /** Signed with the provider's key. */
    public static String signed(JWTClaimsSet claims) {
        return sign(claims, KEY);
    }

    /** Signed with a key that is not the provider's, under the provider's key id. */
    public static String signedWithAnotherKey(JWTClaimsSet claims) {
        return sign(claims, rsaKey(KEY_ID));
    }

    /** Not signed at all ({@code "alg": "none"}). */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void start() {
        if (SERVER.isRunning()) {
            return;
        }
        SERVER.start();
        String issuer = SERVER.baseUrl() + REALM;
        SERVER.stubFor(get(urlEqualTo(REALM + "/protocol/openid-connect/certs")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(KEY.toPublicJWK()).toString())));
        SERVER.stubFor(get(urlEqualTo(REALM + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        {"issuer": "%1$s", "jwks_uri": "%1$s/protocol/openid-connect/certs",
                         "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                         "token_endpoint": "%1$s/protocol/openid-connect/token",
                         "response_types_supported": ["code"], "subject_types_supported": ["public"],
                         "id_token_signing_alg_values_supported": ["RS256"]}
                        """.formatted(issuer))));
    }
}
