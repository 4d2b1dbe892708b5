package dev.vibecoder.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DocumentTypesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final DocumentTypes types = new DocumentTypes(new ConfigFiles(Path.of("config")), json);

    @Test
    void theEightDocumentTypesOfThePlanAndThoseOfTheEngineeringLoopExist() {
        assertThat(types.all()).extracting(DocumentType::id).containsExactlyInAnyOrder("prd", "system-design",
                "api-spec", "task-breakdown", "code", "test-plan", "deployment-guide", "user-docs",
                "workspace", "test-report", "fix");
        assertThat(types.get("prd").title()).isEqualTo("Product Requirements Document");
    }

    @Test
    void aVersionIsNamedByItsTypesTitleItsVersionAndItsSubject() {
        Document code = document("code", "T3", 2);
        assertThat(types.title(code)).isEqualTo("Code of T3");
        assertThat(types.label(code)).isEqualTo("Code v2 of T3");
        Document prd = document("prd", "", 1);
        assertThat(types.title(prd)).isEqualTo("Product Requirements Document");
        assertThat(types.label(prd)).isEqualTo("Product Requirements Document v1");
    }

    @Test
    void aValidDocumentPasses() throws Exception {
        assertThat(types.get("deployment-guide").validate(standin("deployment-guide.json"))).isEmpty();
        assertThat(types.get("user-docs").validate(standin("user-docs.json"))).isEmpty();
    }

    @Test
    void messagesNameTheFailingField() throws Exception {
        ObjectNode guide = standin("deployment-guide.json");
        guide.remove("rollback");
        ((ObjectNode) guide.withArray("environmentVariables").get(0)).put("name", "lower-case");
        guide.putArray("buildSteps");
        assertThat(types.get("deployment-guide").validate(guide)).containsExactlyInAnyOrder(
                "$: required property 'rollback' not found",
                "$.buildSteps: must have at least 1 items but found 0",
                "$.environmentVariables[0].name: does not match the regex pattern ^[A-Z][A-Z0-9_]*$");
    }

    @Test
    void prdEnforcesMetaGptFieldsAndFormats() {
        ObjectNode prd = json.createObjectNode().put("projectName", "Todo App");
        ArrayNode stories = prd.putArray("userStories");
        stories.addObject().put("id", "story-1").put("story", "");
        assertThat(types.get("prd").validate(prd)).contains(
                "$: required property 'originalRequirements' not found",
                "$: required property 'requirementPool' not found",
                "$.projectName: does not match the regex pattern ^[a-z][a-z0-9_]{1,63}$",
                "$.userStories[0].id: does not match the regex pattern ^US-[0-9]+$",
                "$.userStories[0]: required property 'acceptanceCriteria' not found",
                "$.userStories[0].story: must be at least 1 characters long");
    }

    @Test
    void codePathsCannotEscapeTheWorkspace() {
        ObjectNode code = json.createObjectNode().put("language", "python").put("entryPoint", "main.py");
        code.putArray("files").addObject().put("path", "../../etc/passwd").put("content", "x");
        code.withArray("files").addObject().put("path", "/abs/path.py").put("content", "x");
        assertThat(types.get("code").validate(code)).hasSize(2)
                .allSatisfy(m -> assertThat(m).contains("does not match the regex pattern"));
    }

    private ObjectNode standin(String file) throws Exception {
        return (ObjectNode) json.readTree(Files.readString(Path.of("src/test/resources/standins", file)));
    }

    private static Document document(String type, String subject, int version) {
        return new Document(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), type, subject, version, "step",
                "key", null, java.util.List.of(), "role", "offline", "offline", null, 0, 0, 0, null,
                Document.ApprovalState.NOT_REQUIRED, null, null, null, java.time.OffsetDateTime.now());
    }
}
