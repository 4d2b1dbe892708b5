package dev.vibecoder.support;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A local stand-in for Slack's Web API, for the flow tests' hub. */
public final class SlackStandIn {

    private SlackStandIn() {
    }

    /** Points the hub's Slack settings at the stand-in. */
    static void register(DynamicPropertyRegistry registry) {
    }
}
