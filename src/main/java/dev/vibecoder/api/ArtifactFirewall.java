package dev.vibecoder.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * An artifact's download URL names its key: a key whose subject was percent-encoded
 * ({@code documents/code/unit%20conversion/v1.md}) reaches the hub with its '%' encoded again
 * ({@code unit%2520conversion}, {@code PublicLinks.artifact}), which Spring Security's strict
 * firewall refuses everywhere. Under {@code /api/projects/<id>/artifacts/} only, an encoded '%' is
 * let through, and the encoded '/' a key may hold: that path is compared with the keys as it is,
 * never decoded again, and its "." and ".." segments are refused ({@code ArtifactKeys.isPath}).
 * Every other request keeps the strict defaults.
 */
@Configuration(proxyBeanMethods = false)
class ArtifactFirewall {

    private static final Pattern ARTIFACT = Pattern.compile("/api/projects/[^/]+/artifacts/.+");

    @Bean
    WebSecurityCustomizer artifactKeysInPaths() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        StrictHttpFirewall keys = new StrictHttpFirewall();
        keys.setAllowUrlEncodedPercent(true);
        keys.setAllowUrlEncodedSlash(true);
        return web -> web.httpFirewall(new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                return (ARTIFACT.matcher(request.getRequestURI()).matches() ? keys : strict)
                        .getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        });
    }
}
