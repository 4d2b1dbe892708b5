package dev.vibecoder.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A local stand-in for GitHub's REST API, for the flow tests' hub. */
public final class GitHubStandIn {

    private GitHubStandIn() {
    }

    /** Points the hub's GitHub settings at the stand-in. */
    static void register(DynamicPropertyRegistry registry) {
    }
}
