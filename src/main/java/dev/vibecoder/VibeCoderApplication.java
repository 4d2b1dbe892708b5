package dev.vibecoder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * VibeCoder: an idea goes in, a society of role agents turns it into typed, versioned documents
 * and code. The flow itself lives in {@code routes/*.yaml}; this application wires the beans the
 * routes call.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VibeCoderApplication {

    public static void main(String[] args) {
        SpringApplication.run(VibeCoderApplication.class, args);
    }
}
