package dev.vibecoder.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibecoder.support.FlowTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Bad requests get a 4xx with a reason naming the field, and start nothing. */
class ApiValidationTest extends FlowTestSupport {

    private long projectsBefore;

    @BeforeEach
    void countProjects() {
        projectsBefore = count();
    }

    @Test
    void emptyIdeaIsRejected() {
        assertRejected(post("{\"idea\": \"   \"}"), 400, "idea", "idea: must not be empty");
        assertRejected(post("{}"), 400, "idea", "idea: must not be empty");
        // invisible characters alone are not an idea either
        assertRejected(post("{\"idea\": \"\\u200b\\u202e\"}"), 400, "idea", "must not be empty");
    }

    @Test
    void unknownWorkflowAndTemplateAreRejectedWithTheKnownOnes() {
        assertRejected(post("{\"idea\": \"x\", \"workflow\": \"waterfall\"}"), 400, "workflow",
                "unknown workflow 'waterfall'; known: [");
        assertRejected(post("{\"idea\": \"x\", \"template\": \"cobol\"}"), 400, "template", "unknown template 'cobol'");
    }

    @Test
    void aFieldOfTheWrongJsonTypeIsRejectedNamingTheField() {
        // Jackson would take 123 as the idea "123"
        assertRejected(post("{\"idea\": 123}"), 400, "idea", "idea: must be a JSON string");
        assertRejected(post("{\"idea\": 1.5}"), 400, "idea", "idea: must be a JSON string");
        assertRejected(post("{\"idea\": true}"), 400, "idea", "idea: must be a JSON string");
        assertRejected(post("{\"idea\": {}}"), 400, "idea", "idea: must be a JSON string");
        assertRejected(post("{\"idea\": [\"an idea\"]}"), 400, "idea", "idea: must be a JSON string");
        assertRejected(post("{\"idea\": \"x\", \"workflow\": 5}"), 400, "workflow", "workflow: must be a JSON string");
        assertRejected(post("{\"idea\": \"x\", \"template\": false}"), 400, "template", "template: must be a JSON string");
        assertRejected(post("[\"an idea\"]"), 400, "body", "body: must be a JSON object");
    }

    @Test
    void revisionsAndDecisionsTakeStringsOnlyToo() {
        String project = "/api/projects/" + UUID.randomUUID();
        assertRejected(post(project + "/revisions", "{\"feedback\": 5, \"by\": \"ana\"}"), 400, "feedback",
                "feedback: must be a JSON string");
        assertRejected(post(project + "/revisions", "{\"feedback\": \"more tests\", \"by\": false}"), 400, "by",
                "by: must be a JSON string");
        assertRejected(post(project + "/documents/prd/decision", "{\"decision\": true, \"by\": \"ana\"}"), 400,
                "decision", "decision: must be a JSON string");
        assertRejected(post(project + "/documents/prd/decision",
                "{\"decision\": \"reject\", \"by\": \"ana\", \"comment\": 42}"), 400, "comment",
                "comment: must be a JSON string");
    }

    @Test
    void malformedJsonIsRejected() {
        assertRejected(post("{\"idea\": \"unterminated"), 400, "body", "malformed JSON");
        assertRejected(post(""), 400, "body", "a JSON request body is required");
    }

    @Test
    void oversizedBodiesAreRejectedBeforeTheyAreRead() {
        String big = "{\"idea\": \"" + "a".repeat(70_000) + "\"}";
        ResponseEntity<JsonNode> response = post(big);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(response.getBody().path("detail").asText()).contains("larger than 65536 bytes");
        // an idea under the byte cap but over the idea length limit
        assertRejected(post("{\"idea\": \"" + "b".repeat(20_001) + "\"}"), 400, "idea", "at most 20000 characters");
        assertThat(count()).isEqualTo(projectsBefore);
    }

    @Test
    void wrongContentTypeIsRejected() {
        ResponseEntity<JsonNode> response = api().post().uri("/api/projects").contentType(MediaType.TEXT_PLAIN)
                .body("idea").exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).body(r.bodyTo(JsonNode.class)));
        assertThat(response.getStatusCode().value()).isEqualTo(415);
        assertThat(count()).isEqualTo(projectsBefore);
    }

    @Test
    void unknownProjectsAndDocumentsAre404AndBadParametersAre400() {
        assertThat(get("/api/projects/" + UUID.randomUUID()).getStatusCode().value()).isEqualTo(404);
        ResponseEntity<JsonNode> badId = get("/api/projects/not-a-uuid");
        assertRejected(badId, 400, "id", "'not-a-uuid' is not a valid UUID");
        assertRejected(get("/api/projects?status=DANCING"), 400, "status", "'DANCING' is not a valid Status");
        assertRejected(get("/api/projects?limit=0"), 400, "limit", "between 1 and 500");
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        JsonNode openApi = get("/v3/api-docs").getBody();
        assertThat(openApi.path("openapi").asText()).startsWith("3.");
        assertThat(openApi.path("paths").has("/api/projects")).isTrue();
        assertThat(openApi.path("paths").has("/api/projects/{projectId}/documents/{type}")).isTrue();
    }

    private void assertRejected(ResponseEntity<JsonNode> response, int status, String field, String detail) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getBody().path("field").asText()).isEqualTo(field);
        assertThat(response.getBody().path("detail").asText()).contains(detail);
        assertThat(count()).as("nothing started").isEqualTo(projectsBefore);
    }

    private ResponseEntity<JsonNode> post(String json) {
        return post("/api/projects", json);
    }

    private ResponseEntity<JsonNode> post(String path, String json) {
        return api().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).body(r.bodyTo(JsonNode.class)));
    }

    private ResponseEntity<JsonNode> get(String path) {
        return api().get().uri(path)
                .exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).body(r.bodyTo(JsonNode.class)));
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from projects", Long.class);
    }
}
