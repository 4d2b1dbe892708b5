package dev.vibecoder.access;

import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API knows who calls it.
 *
 * @param bootstrapTokenFile where a new hub writes an admin token (once: while no admin has a working
 *                           token), for the person who set it up; null: none is made
 * @param oidc               an OIDC identity provider whose JWTs the API accepts beside its own tokens
 * @param starts             how many projects one identity may start: a bucket of {@code capacity},
 *                           refilled by that many each {@code per}
 */
@ConfigurationProperties("vibecoder.security")
public record SecuritySettings(
        String bootstrapTokenFile,
        @DefaultValue Oidc oidc,
        @DefaultValue Starts starts) {

    /** The bootstrap token's file, if one is configured. */
    public Optional<Path> bootstrapTokenPath() {
        return bootstrapTokenFile == null || bootstrapTokenFile.isBlank() ? Optional.empty()
                : Optional.of(Path.of(bootstrapTokenFile));
    }

    /**
     * @param issuerUri  the provider's issuer (its JWTs' {@code iss}); empty: JWTs are not accepted
     * @param jwkSetUri  where its signing keys are, if not at the issuer's discovery document's
     * @param rolesClaim the claim holding the caller's VibeCoder roles (a list or a string)
     * @param nameClaim  the claim naming the caller (decisions and the audit log record it)
     * @param rolePrefix a prefix the provider's role names may have ({@code vibecoder-approver}); any other
     *                   prefix is another application's role ({@code realm-admin}), not ours
     */
    public record Oidc(String issuerUri, String jwkSetUri, @DefaultValue("roles") String rolesClaim,
            @DefaultValue("preferred_username") String nameClaim, @DefaultValue("vibecoder-") String rolePrefix) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    public record Starts(@DefaultValue("20") int capacity, @DefaultValue("1h") Duration per) {
        public Starts {
            if (capacity < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("vibecoder.security.starts: capacity must be at least 1 and per"
                        + " positive, was " + capacity + " per " + per);
            }
        }
    }
}
