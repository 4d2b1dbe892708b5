package dev.vibecoder.project;

import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The project templates under {@code config/templates/} (the directory is optional). */
@Component
public class ProjectTemplates {

    private final Map<String, ProjectTemplate> templates = new LinkedHashMap<>();

    public ProjectTemplates(ConfigFiles config) {
        if (!Files.isDirectory(config.root().resolve("templates"))) {
            return;
        }
        Set<String> workflows = config.list("workflows", ".yaml").stream()
                .map(f -> f.getFileName().toString().replace(".yaml", "")).collect(Collectors.toSet());
        for (Path file : config.list("templates", ".yaml")) {
            ProjectTemplate template = config.readYaml(file, ProjectTemplate.class);
            String where = "config: " + config.relative(file) + ": ";
            String expectedId = file.getFileName().toString().replace(".yaml", "");
            if (template == null || !expectedId.equals(template.id())) {
                throw new IllegalStateException(where + "field 'id' must be '" + expectedId + "'");
            }
            if (template.workflow() == null || !workflows.contains(template.workflow())) {
                throw new IllegalStateException(where + "field 'workflow' names unknown workflow '"
                        + template.workflow() + "'; known: " + workflows);
            }
            templates.put(template.id(), template);
        }
    }

    public boolean exists(String id) {
        return templates.containsKey(id);
    }

    public ProjectTemplate get(String id) {
        ProjectTemplate template = templates.get(id);
        if (template == null) {
            throw new IllegalArgumentException("unknown template '" + id + "'; known: " + templates.keySet());
        }
        return template;
    }

    public Set<String> ids() {
        return templates.keySet();
    }

    public Collection<ProjectTemplate> all() {
        return templates.values();
    }
}
