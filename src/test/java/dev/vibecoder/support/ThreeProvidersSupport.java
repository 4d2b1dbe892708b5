package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;
import org.springframework.test.context.TestPropertySource;

/**
 * A hub whose quick-prototype workflow talks to all three providers' stand-ins at once: the product
 * manager to OpenAI, the project manager to Ollama and the tech writer to Anthropic (the engineers
 * stay scripted). Each provider is retried 4 times and given up on after 5 s, like Anthropic in the
 * other flow tests' hub.
 */
@TestPropertySource(properties = {
        "vibecoder.llm.roles.product-manager.provider=openai",
        "vibecoder.llm.roles.project-manager.provider=ollama",
        "vibecoder.llm.openai.max-retries=4",
        "vibecoder.llm.openai.timeout=5s",
        "vibecoder.llm.ollama.max-retries=4",
        "vibecoder.llm.ollama.timeout=5s",
        // its own queues: its roles are set up unlike those of the other flow tests' hub
        "vibecoder.test.hub-suffix=-providers",
})
public abstract class ThreeProvidersSupport extends FlowTestSupport {

    /** A provider's stand-in, the role it answers in this hub, that role's step and the document it writes. */
    public record Seat(ProviderWire wire, String role, String stepId, String docType) {

        /** The document the stand-in answers with (src/test/resources/standins). */
        public String document() {
            return standin(docType + ".json");
        }

        /** The whole document, as this provider answers. */
        public ResponseDefinitionBuilder answer() {
            return wire.answer(docType, document());
        }

        /** This role's calls for the projects whose idea carries {@code marker}. */
        public MappingBuilder request(String marker) {
            return wire.request(docType, marker);
        }
    }

    public static final Seat OPENAI = new Seat(ProviderWire.OPENAI, "product-manager", "requirements", "prd");
    public static final Seat OLLAMA = new Seat(ProviderWire.OLLAMA, "project-manager", "planning", "task-breakdown");
    public static final Seat ANTHROPIC = new Seat(ProviderWire.ANTHROPIC, "tech-writer", "documentation", "user-docs");
    public static final List<Seat> SEATS = List.of(OPENAI, OLLAMA, ANTHROPIC);

    static {
        // every project's PRD and task breakdown (the user docs: FlowTestSupport's Anthropic stub); tests add theirs at priority 1
        STANDINS.stubFor(ProviderWire.OPENAI.request(OPENAI.docType())
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .willReturn(OPENAI.answer()));
        STANDINS.stubFor(ProviderWire.OLLAMA.request(OLLAMA.docType())
                .withRequestBody(matchingJsonPath("$.model", equalTo(ProviderWire.OLLAMA.model())))
                .willReturn(OLLAMA.answer()));
    }

    public static Seat seat(ProviderWire wire) {
        return SEATS.stream().filter(s -> s.wire() == wire).findFirst().orElseThrow();
    }
}
