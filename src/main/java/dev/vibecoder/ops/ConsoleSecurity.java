package dev.vibecoder.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * The operator consoles (Hawtio and its Jolokia bridge) need a login; the user comes from
 * {@code HAWTIO_USER} / {@code HAWTIO_PASSWORD}. Without a password the consoles stay closed: unlike
 * Spring Boot's default, no password is generated, because it would have to be logged. The REST
 * API and the actuator endpoints are guarded by bearer tokens (access.ApiSecurity); the webhooks
 * here are open, each checking its own signature.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleUsers(@Value("${vibecoder.console.user:admin}") String user,
            @Value("${vibecoder.console.password:}") String password, PasswordEncoder encoder) {
        if (password.isBlank()) {
            LOG.warn("Hawtio console closed: set HAWTIO_PASSWORD (and optionally HAWTIO_USER) to open it");
            return new InMemoryUserDetailsManager();
        }
        LOG.info("Hawtio console open for user '{}' at /actuator/hawtio", user);
        return new InMemoryUserDetailsManager(
                User.withUsername(user).password(encoder.encode(password)).roles("admin", "viewer").build());
    }

    /** After the API's chain (access.ApiSecurity): everything that one does not guard. */
    @Bean
    @Order(2)
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**", "/hawtio/**").authenticated()
                        .anyRequest().permitAll())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                // Hawtio's front end reads the token from the cookie; machine clients of the API carry none
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers("/api/**", "/webhooks/**"));
        return http.build();
    }
}
