package dev.vibecoder.agent;

import dev.vibecoder.document.DocumentTypes;
import dev.vibecoder.support.ConfigFiles;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The roles under {@code config/roles/}; each file's name must match its {@code id}. */
@Component
public class RoleCatalog {

    private final Map<String, RoleDefinition> roles = new LinkedHashMap<>();

    public RoleCatalog(ConfigFiles config, DocumentTypes types) {
        for (Path file : config.list("roles", ".yaml")) {
            RoleDefinition role = config.readYaml(file, RoleDefinition.class);
            String where = "config: " + config.relative(file) + ": ";
            String expectedId = file.getFileName().toString().replace(".yaml", "");
            if (role == null || !expectedId.equals(role.id())) {
                throw new IllegalStateException(where + "field 'id' must be '" + expectedId + "'");
            }
            if (role.produces() == null || !types.exists(role.produces())) {
                throw new IllegalStateException(where + "field 'produces' names unknown document type '"
                        + role.produces() + "'");
            }
            if (role.profile() == null || role.profile().isBlank()) {
                throw new IllegalStateException(where + "field 'profile' is required");
            }
            if (role.reasks() < 0 || role.reasks() > 10) {
                throw new IllegalStateException(where + "field 'max-reasks' must be between 0 and 10");
            }
            roles.put(role.id(), role);
        }
    }

    public RoleDefinition get(String id) {
        RoleDefinition role = roles.get(id);
        if (role == null) {
            throw new IllegalArgumentException("unknown role '" + id + "'; known: " + roles.keySet());
        }
        return role;
    }

    public boolean exists(String id) {
        return roles.containsKey(id);
    }

    public Set<String> ids() {
        return roles.keySet();
    }

    public Collection<RoleDefinition> all() {
        return roles.values();
    }
}
