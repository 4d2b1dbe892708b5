package dev.vibecoder.support;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local stand-in for GitHub's REST API (as GitHub Enterprise Server serves it, under
 * {@code /api/v3}, which is also where egit goes for any host but api.github.com), for the flow
 * tests' hub. It answers only what GitHub would answer: requests without the token get 401, without
 * GitHub's media type 415, without the API version 400; bodies are checked for the fields GitHub
 * requires (blob content and encoding, tree entries' path, mode, type and an existing blob, a
 * commit's message, tree and existing parents, a ref update that is a fast forward, a pull request's
 * title, head, base and body) and anything else gets GitHub's 422. Answers are GitHub-shaped (sha,
 * number, html_url, ...). Behind it is a small git: blobs, trees, commits and refs that tests can read.
 */
public final class GitHubStandIn {

    public static final String TOKEN = "test-github-token";
    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    public static final String API = "/api/v3";
    /** The login the hub's token belongs to. */
    public static final String BOT = "vibecoder-bot";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tokens a request may carry: {@link #TOKEN}, and those of hubs set up with their own. */
    private static final Set<String> TOKENS = new java.util.LinkedHashSet<>(List.of(TOKEN));
    private static StubMapping badCredentials;
    private static final FakeGitHub GITHUB = new FakeGitHub();
    private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GITHUB));

    static {
        SERVER.start();
        stub();
    }

    private GitHubStandIn() {
    }

    /**
     * Points the hub's GitHub settings at the stand-in. The token and the webhook secret are
     * {@link #TOKEN} and {@link #WEBHOOK_SECRET} unless the test sets {@code vibecoder.test.github-token}
     * and {@code vibecoder.test.github-webhook-secret} (a token of its own must be {@link #acceptToken accepted}).
     */
    static void register(DynamicPropertyRegistry registry) {
        registry.add("vibecoder.github.api-url", () -> SERVER.baseUrl() + API);
        registry.add("vibecoder.github.token", () -> "${vibecoder.test.github-token:" + TOKEN + "}");
        registry.add("vibecoder.github.webhook-secret", () -> "${vibecoder.test.github-webhook-secret:"
                + WEBHOOK_SECRET + "}");
        registry.add("vibecoder.github.progress-sweep", () -> "1s");
    }

    /**
     * Takes this token as well as {@link #TOKEN}: for a hub given a token of its own. Any other
     * token still gets GitHub's 401.
     */
    public static synchronized void acceptToken(String token) {
        if (TOKENS.add(token)) {
            SERVER.removeStub(badCredentials);
            badCredentials = stubBadCredentials();
        }
    }

    public static WireMockServer server() {
        return SERVER;
    }

    public static FakeGitHub github() {
        return GITHUB;
    }

    private static void stub() {
        String api = API + "/.*";
        String error = "{\"message\":\"%s\",\"documentation_url\":\"https://docs.github.com/rest\"}";
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(1).withHeader("Authorization", absent())
                .willReturn(json(401, error.formatted("Requires authentication"))));
        badCredentials = stubBadCredentials();
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(2).withHeader("Accept", absent())
                .willReturn(json(415, error.formatted("Unsupported 'Accept' header"))));
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(2)
                .withHeader("Accept", notContaining("application/vnd.github+json"))
                .willReturn(json(415, error.formatted("Unsupported 'Accept' header"))));
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(2).withHeader("X-GitHub-Api-Version", absent())
                .willReturn(json(400, error.formatted("Invalid API version"))));
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(2)
                .withHeader("X-GitHub-Api-Version", notMatching("2022-11-28"))
                .willReturn(json(400, error.formatted("Invalid API version"))));
        SERVER.stubFor(any(urlPathMatching(api)).atPriority(5)
                .willReturn(aResponse().withTransformers(FakeGitHub.NAME)));
    }

    /** 401 for a token the stand-in does not know: none but the ones it {@link #acceptToken accepts}. */
    private static StubMapping stubBadCredentials() {
        String tokens = String.join("|", TOKENS.stream().map(Pattern::quote).toList());
        return SERVER.stubFor(any(urlPathMatching(API + "/.*")).atPriority(1)
                .withHeader("Authorization", notMatching("(token|Bearer) (" + tokens + ")"))
                .willReturn(json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest\"}")));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    /** A commit of the stand-in's git. */
    public record Commit(String sha, String message, String tree, List<String> parents) {
    }

    /** A comment on an issue or pull request, with every body it had (the first is the one it was created with). */
    public record Comment(long id, String repository, int issue, String author, List<String> bodies) {

        public String body() {
            return bodies.get(bodies.size() - 1);
        }
    }

    /** What a test can read and arrange: repositories, issues, events, and the git objects written. */
    public static final class FakeGitHub implements ResponseDefinitionTransformerV2 {

        static final String NAME = "fake-github";
        private static final Set<String> MODES = Set.of("100644", "100755", "040000", "160000", "120000");
        private static final Pattern REPO_PATH = Pattern.compile("^/repos/([^/]+)/([^/]+)(/.*)?$");

        private final Map<String, Repository> repositories = new LinkedHashMap<>();
        private final Map<String, byte[]> blobs = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> trees = new LinkedHashMap<>();
        private final Map<String, Commit> commits = new LinkedHashMap<>();
        private final Map<Long, Comment> comments = new LinkedHashMap<>();
        private final Map<Long, ObjectNode> commentJson = new LinkedHashMap<>();
        private final Set<String> unavailable = new java.util.HashSet<>();
        /** "repository field" -> how many more answers to {@code GET /repos/{o}/{r}} lack that field. */
        private final Map<String, Integer> incomplete = new LinkedHashMap<>();
        /** "repository field" -> how many answers to {@code GET /repos/{o}/{r}} lacked that field. */
        private final Map<String, Integer> incompleteAnswered = new LinkedHashMap<>();
        /** Issues and pull requests ("repository#number") on which comments cannot be created. */
        private final Set<String> commentsRefused = new java.util.HashSet<>();
        private long nextId = 1000;

        private static final class Repository {
            final String fullName;
            final Map<String, String> refs = new TreeMap<>();
            final Map<Integer, ObjectNode> issues = new TreeMap<>();
            final Map<Long, ObjectNode> reviewComments = new LinkedHashMap<>();
            final List<ObjectNode> pulls = new ArrayList<>();
            final List<ObjectNode> events = new ArrayList<>();
            int nextNumber = 100;

            Repository(String fullName) {
                this.fullName = fullName;
            }
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        // --- arranging

        /** A repository whose default branch {@code main} has one commit with a README. */
        public synchronized void repository(String fullName) {
            Repository repository = new Repository(fullName);
            String readme = blob(("# " + fullName + "\n").getBytes(StandardCharsets.UTF_8));
            String tree = tree(Map.of("README.md", readme));
            repository.refs.put("refs/heads/main", commit("Initial commit", tree, List.of()));
            repositories.put(fullName.toLowerCase(), repository);
        }

        /** An issue as {@code GET /repos/{o}/{r}/issues/{n}} answers it. */
        public synchronized void issue(String fullName, int number, ObjectNode issue) {
            repo(fullName).issues.put(number, issue);
        }

        /** A review comment as {@code GET /repos/{o}/{r}/pulls/comments/{id}} answers it. */
        public synchronized void reviewComment(String fullName, long id, ObjectNode comment) {
            repo(fullName).reviewComments.put(id, comment);
        }

        /** An issue comment someone wrote, as {@code GET /repos/{o}/{r}/issues/comments/{id}} answers it. */
        public synchronized void issueComment(String fullName, long id, int issue, ObjectNode comment) {
            commentJson.put(id, comment);
            comments.put(id, new Comment(id, fullName, issue, comment.path("user").path("login").asText(),
                    new ArrayList<>(List.of(comment.path("body").asText()))));
        }

        /** An event on top of the repository's event list ({@code GET /repos/{o}/{r}/events}, newest first). */
        public synchronized void event(String fullName, ObjectNode event) {
            repo(fullName).events.add(0, event);
        }

        /** While on, every request about the repository is answered 502, as GitHub does when it is in trouble. */
        public synchronized void outage(String fullName, boolean on) {
            if (on) {
                unavailable.add(fullName.toLowerCase());
            } else {
                unavailable.remove(fullName.toLowerCase());
            }
        }

        /**
         * The next {@code times} answers to {@code GET /repos/{o}/{r}} lack this field (an {@code owner}, a
         * {@code default_branch}; the rest is as usual): an incomplete answer, as a GitHub in trouble has
         * been seen to give.
         */
        public synchronized void answerWithout(String fullName, String field, int times) {
            incomplete.put(fullName.toLowerCase() + " " + field, times);
        }

        /** How many answers to {@code GET /repos/{o}/{r}} lacked this field. */
        public synchronized int answeredWithout(String fullName, String field) {
            return incompleteAnswered.getOrDefault(fullName.toLowerCase() + " " + field, 0);
        }

        /**
         * While on, creating a comment on this issue or pull request ({@code POST
         * /repos/{o}/{r}/issues/{n}/comments}) is answered 502; everything else works.
         */
        public synchronized void commentsRefused(String fullName, int number, boolean on) {
            if (on) {
                commentsRefused.add(fullName.toLowerCase() + "#" + number);
            } else {
                commentsRefused.remove(fullName.toLowerCase() + "#" + number);
            }
        }

        public synchronized long newId() {
            return nextId++;
        }

        // --- reading

        public synchronized String ref(String fullName, String branch) {
            return repo(fullName).refs.get("refs/heads/" + branch);
        }

        public synchronized Commit commit(String sha) {
            return commits.get(sha);
        }

        /** The files of a commit, path -> content. */
        public synchronized Map<String, String> files(String commitSha) {
            Map<String, String> files = new TreeMap<>();
            trees.get(commits.get(commitSha).tree()).forEach((path, blob) ->
                    files.put(path, new String(blobs.get(blob), StandardCharsets.UTF_8)));
            return files;
        }

        public synchronized List<Comment> comments(String fullName, int issue) {
            return comments.values().stream().filter(c -> c.repository().equalsIgnoreCase(fullName)
                    && c.issue() == issue).map(c -> new Comment(c.id(), c.repository(), c.issue(), c.author(),
                    List.copyOf(c.bodies()))).toList();
        }

        /** The pull requests opened, as GitHub describes them. */
        public synchronized List<JsonNode> pulls(String fullName) {
            return repo(fullName).pulls.stream().map(p -> (JsonNode) p.deepCopy()).toList();
        }

        // --- serving

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            Request request = serveEvent.getRequest();
            String url = request.getUrl().substring(API.length());
            int query = url.indexOf('?');
            String path = query < 0 ? url : url.substring(0, query);
            Map<String, String> params = query < 0 ? Map.of() : params(url.substring(query + 1));
            String method = request.getMethod().getName();
            synchronized (this) {
                try {
                    return serve(method, path, params, request.getBodyAsString());
                } catch (Invalid e) {
                    return answer(422, error("Invalid request.\n\n" + e.getMessage()));
                } catch (IOException e) {
                    return answer(400, error("Problems parsing JSON"));
                }
            }
        }

        private ResponseDefinition serve(String method, String path, Map<String, String> params, String body)
                throws IOException {
            Matcher m = REPO_PATH.matcher(path);
            if (!m.matches() || !repositories.containsKey((m.group(1) + "/" + m.group(2)).toLowerCase())) {
                return answer(404, error("Not Found"));
            }
            if (unavailable.contains((m.group(1) + "/" + m.group(2)).toLowerCase())) {
                return answer(502, error("Server Error"));
            }
            Repository repo = repositories.get((m.group(1) + "/" + m.group(2)).toLowerCase());
            String rest = m.group(3) == null ? "" : m.group(3);
            JsonNode in = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            String route = method + " " + rest;
            Matcher p;
            if (route.equals("GET ")) {
                ObjectNode answer = repositoryJson(repo);
                for (String field : answer.properties().stream().map(Map.Entry::getKey).toList()) {
                    String key = repo.fullName.toLowerCase() + " " + field;
                    if (incomplete.getOrDefault(key, 0) > 0) {
                        incomplete.merge(key, -1, Integer::sum);
                        incompleteAnswered.merge(key, 1, Integer::sum);
                        answer.remove(field);
                    }
                }
                return answer(200, answer);
            }
            if (route.equals("GET /events")) {
                ArrayNode events = JSON.createArrayNode();
                repo.events.forEach(events::add);
                return answer(200, events);
            }
            if ((p = match("GET /issues/(\\d+)", route)) != null) {
                ObjectNode issue = repo.issues.get(Integer.parseInt(p.group(1)));
                return issue == null ? answer(404, error("Not Found")) : answer(200, issue);
            }
            if ((p = match("(GET|PATCH) /issues/comments/(\\d+)", route)) != null) {
                long id = Long.parseLong(p.group(2));
                Comment comment = comments.get(id);
                if (comment == null || !comment.repository().equalsIgnoreCase(repo.fullName)) {
                    return answer(404, error("Not Found"));
                }
                if (method.equals("PATCH")) {
                    comment.bodies().add(text(in, "body"));
                    commentJson.get(id).put("body", comment.body()).put("updated_at", now());
                }
                return answer(200, commentJson.get(id));
            }
            if ((p = match("POST /issues/(\\d+)/comments", route)) != null) {
                if (commentsRefused.contains(repo.fullName.toLowerCase() + "#" + p.group(1))) {
                    return answer(502, error("Server Error"));
                }
                return answer(201, newComment(repo, Integer.parseInt(p.group(1)), text(in, "body")));
            }
            if ((p = match("GET /issues/(\\d+)/comments", route)) != null) {
                ArrayNode list = JSON.createArrayNode();
                int issue = Integer.parseInt(p.group(1));
                int perPage = Integer.parseInt(params.getOrDefault("per_page", "30"));
                int page = Integer.parseInt(params.getOrDefault("page", "1"));
                comments.values().stream().filter(c -> c.repository().equalsIgnoreCase(repo.fullName)
                        && c.issue() == issue).skip((long) (page - 1) * perPage).limit(perPage)
                        .forEach(c -> list.add(commentJson.get(c.id())));
                return answer(200, list);
            }
            if ((p = match("GET /pulls/comments/(\\d+)", route)) != null) {
                ObjectNode comment = repo.reviewComments.get(Long.parseLong(p.group(1)));
                return comment == null ? answer(404, error("Not Found")) : answer(200, comment);
            }
            if (route.equals("POST /git/blobs")) {
                String encoding = text(in, "encoding");
                String content = text(in, "content");
                byte[] bytes = switch (encoding) {
                    case "base64" -> Base64.getMimeDecoder().decode(content);
                    case "utf-8" -> content.getBytes(StandardCharsets.UTF_8);
                    default -> throw new Invalid("encoding must be utf-8 or base64, was " + encoding);
                };
                String sha = blob(bytes);
                return answer(201, JSON.createObjectNode().put("sha", sha).put("url", apiUrl(repo, "/git/blobs/" + sha)));
            }
            if (route.equals("POST /git/trees")) {
                return answer(201, newTree(repo, in));
            }
            if (route.equals("POST /git/commits")) {
                String tree = text(in, "tree");
                if (!trees.containsKey(tree)) {
                    throw new Invalid("tree " + tree + " does not exist");
                }
                List<String> parents = new ArrayList<>();
                if (!in.path("parents").isArray()) {
                    throw new Invalid("parents must be an array");
                }
                for (JsonNode parent : in.path("parents")) {
                    if (!commits.containsKey(parent.asText())) {
                        throw new Invalid("parent " + parent.asText() + " does not exist");
                    }
                    parents.add(parent.asText());
                }
                String sha = commit(text(in, "message"), tree, parents);
                return answer(201, commitJson(repo, commits.get(sha)));
            }
            if ((p = match("GET /git/commits/([0-9a-f]{40})", route)) != null) {
                Commit commit = commits.get(p.group(1));
                return commit == null ? answer(404, error("Not Found")) : answer(200, commitJson(repo, commit));
            }
            if ((p = match("GET /git/ref/(.+)", route)) != null) {
                String ref = "refs/" + p.group(1);
                return repo.refs.containsKey(ref) ? answer(200, refJson(repo, ref))
                        : answer(404, error("Not Found"));
            }
            if (route.equals("POST /git/refs")) {
                String ref = text(in, "ref");
                String sha = text(in, "sha");
                if (!ref.startsWith("refs/") || ref.split("/").length < 3) {
                    throw new Invalid("ref must be fully qualified, like refs/heads/main");
                }
                if (repo.refs.containsKey(ref)) {
                    throw new Invalid("Reference already exists");
                }
                if (!commits.containsKey(sha)) {
                    throw new Invalid("Object does not exist");
                }
                repo.refs.put(ref, sha);
                return answer(201, refJson(repo, ref));
            }
            if ((p = match("PATCH /git/refs/(.+)", route)) != null) {
                String ref = "refs/" + p.group(1);
                String sha = text(in, "sha");
                if (!repo.refs.containsKey(ref)) {
                    throw new Invalid("Reference does not exist");
                }
                if (!commits.containsKey(sha)) {
                    throw new Invalid("Object does not exist");
                }
                if (!in.path("force").asBoolean(false) && !descends(sha, repo.refs.get(ref))) {
                    throw new Invalid("Update is not a fast forward");
                }
                repo.refs.put(ref, sha);
                return answer(200, refJson(repo, ref));
            }
            if (route.equals("GET /pulls")) {
                ArrayNode list = JSON.createArrayNode();
                String head = params.getOrDefault("head", "");
                repo.pulls.stream().filter(pr -> head.isEmpty() || pr.path("head").path("label").asText().equals(head))
                        .forEach(list::add);
                return answer(200, list);
            }
            if (route.equals("POST /pulls")) {
                return answer(201, newPull(repo, in));
            }
            return answer(404, error("Not Found"));
        }

        private ObjectNode newTree(Repository repo, JsonNode in) {
            Map<String, String> files = new TreeMap<>();
            if (in.hasNonNull("base_tree")) {
                Map<String, String> base = trees.get(in.path("base_tree").asText());
                if (base == null) {
                    throw new Invalid("base_tree " + in.path("base_tree").asText() + " does not exist");
                }
                files.putAll(base);
            }
            if (!in.path("tree").isArray() || in.path("tree").isEmpty()) {
                throw new Invalid("tree must be a non-empty array of entries");
            }
            for (JsonNode entry : in.path("tree")) {
                String path = text(entry, "path");
                if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
                    throw new Invalid("tree.path '" + path + "' is not a relative path");
                }
                if (!MODES.contains(entry.path("mode").asText())) {
                    throw new Invalid("tree.mode must be one of " + MODES);
                }
                if (!entry.path("type").asText().equals("blob")) {
                    throw new Invalid("this stand-in takes blob entries only");
                }
                if (!entry.has("sha") && !entry.has("content")) {
                    throw new Invalid("tree entry '" + path + "' needs a sha or a content");
                }
                if (entry.has("sha") && entry.get("sha").isNull()) {
                    files.remove(path);
                } else if (entry.has("sha")) {
                    String sha = entry.get("sha").asText();
                    if (!blobs.containsKey(sha)) {
                        throw new Invalid("tree.sha " + sha + " is not a valid blob");
                    }
                    files.put(path, sha);
                } else {
                    files.put(path, blob(entry.get("content").asText().getBytes(StandardCharsets.UTF_8)));
                }
            }
            String sha = tree(files);
            ObjectNode tree = JSON.createObjectNode().put("sha", sha).put("url", apiUrl(repo, "/git/trees/" + sha))
                    .put("truncated", false);
            ArrayNode entries = tree.putArray("tree");
            files.forEach((path, blob) -> entries.addObject().put("path", path).put("mode", "100644")
                    .put("type", "blob").put("sha", blob).put("size", blobs.get(blob).length));
            return tree;
        }

        private ObjectNode newPull(Repository repo, JsonNode in) {
            String title = text(in, "title");
            String head = text(in, "head");
            String base = text(in, "base");
            if (!in.path("body").isTextual()) {
                throw new Invalid("body must be a string");
            }
            String owner = repo.fullName.substring(0, repo.fullName.indexOf('/'));
            String headBranch = head.startsWith(owner + ":") ? head.substring(owner.length() + 1) : head;
            String headSha = repo.refs.get("refs/heads/" + headBranch);
            String baseSha = repo.refs.get("refs/heads/" + base);
            if (headSha == null) {
                throw new Invalid("head '" + head + "' is not a branch");
            }
            if (baseSha == null) {
                throw new Invalid("base '" + base + "' is not a branch");
            }
            if (title.isBlank()) {
                throw new Invalid("title must not be blank");
            }
            if (headSha.equals(baseSha)) {
                throw new Invalid("No commits between " + base + " and " + headBranch);
            }
            for (ObjectNode pull : repo.pulls) {
                if (pull.path("head").path("ref").asText().equals(headBranch)) {
                    throw new Invalid("A pull request already exists for " + owner + ":" + headBranch + ".");
                }
            }
            int number = repo.nextNumber++;
            ObjectNode pull = JSON.createObjectNode().put("id", newId()).put("number", number).put("state", "open")
                    .put("title", title).put("body", in.path("body").asText()).put("draft", false)
                    .put("url", apiUrl(repo, "/pulls/" + number))
                    .put("html_url", "https://github.test/" + repo.fullName + "/pull/" + number);
            pull.putObject("head").put("ref", headBranch).put("sha", headSha).put("label", owner + ":" + headBranch);
            pull.putObject("base").put("ref", base).put("sha", baseSha).put("label", owner + ":" + base);
            pull.putObject("user").put("login", BOT).put("type", "Bot");
            repo.pulls.add(pull);
            return pull;
        }

        private ObjectNode newComment(Repository repo, int issue, String body) {
            long id = newId();
            ObjectNode comment = JSON.createObjectNode().put("id", id).put("node_id", "IC_" + id)
                    .put("url", apiUrl(repo, "/issues/comments/" + id))
                    .put("html_url", "https://github.test/" + repo.fullName + "/issues/" + issue + "#issuecomment-" + id)
                    .put("body", body).put("author_association", "NONE").put("created_at", now())
                    .put("updated_at", now());
            comment.putObject("user").put("login", BOT).put("id", 1).put("type", "Bot");
            commentJson.put(id, comment);
            comments.put(id, new Comment(id, repo.fullName, issue, BOT, new ArrayList<>(List.of(body))));
            return comment;
        }

        private boolean descends(String commit, String ancestor) {
            if (commit.equals(ancestor)) {
                return true;
            }
            Commit c = commits.get(commit);
            return c != null && c.parents().stream().anyMatch(parent -> descends(parent, ancestor));
        }

        private String blob(byte[] content) {
            String sha = sha1(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
            blobs.put(sha, content);
            return sha;
        }

        private String tree(Map<String, String> files) {
            String sha = sha1(("tree " + new TreeMap<>(files)).getBytes(StandardCharsets.UTF_8));
            trees.put(sha, new TreeMap<>(files));
            return sha;
        }

        private String commit(String message, String tree, List<String> parents) {
            if (message.isBlank()) {
                throw new Invalid("message must not be blank");
            }
            String sha = sha1(("commit " + tree + parents + message + nextId++).getBytes(StandardCharsets.UTF_8));
            commits.put(sha, new Commit(sha, message, tree, List.copyOf(parents)));
            return sha;
        }

        private Repository repo(String fullName) {
            Repository repository = repositories.get(fullName.toLowerCase());
            if (repository == null) {
                throw new IllegalArgumentException("the stand-in has no repository " + fullName);
            }
            return repository;
        }

        private ObjectNode repositoryJson(Repository repo) {
            String[] parts = repo.fullName.split("/");
            ObjectNode json = JSON.createObjectNode().put("id", Math.abs(repo.fullName.hashCode()))
                    .put("node_id", "R_" + parts[1]).put("name", parts[1]).put("full_name", repo.fullName)
                    .put("private", false).put("html_url", "https://github.test/" + repo.fullName)
                    .put("url", apiUrl(repo, "")).put("default_branch", "main")
                    .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", now());
            json.putObject("owner").put("login", parts[0]).put("id", 1).put("type", "Organization");
            return json;
        }

        private ObjectNode refJson(Repository repo, String ref) {
            ObjectNode json = JSON.createObjectNode().put("ref", ref).put("node_id", "REF_" + ref.hashCode())
                    .put("url", apiUrl(repo, "/git/" + ref));
            json.putObject("object").put("sha", repo.refs.get(ref)).put("type", "commit")
                    .put("url", apiUrl(repo, "/git/commits/" + repo.refs.get(ref)));
            return json;
        }

        private ObjectNode commitJson(Repository repo, Commit commit) {
            ObjectNode json = JSON.createObjectNode().put("sha", commit.sha()).put("message", commit.message())
                    .put("url", apiUrl(repo, "/git/commits/" + commit.sha()))
                    .put("html_url", "https://github.test/" + repo.fullName + "/commit/" + commit.sha());
            json.putObject("tree").put("sha", commit.tree()).put("url", apiUrl(repo, "/git/trees/" + commit.tree()));
            ArrayNode parents = json.putArray("parents");
            commit.parents().forEach(parent -> parents.addObject().put("sha", parent));
            json.putObject("author").put("name", BOT).put("email", BOT + "@users.noreply.github.test")
                    .put("date", now());
            json.set("committer", json.get("author").deepCopy());
            return json;
        }

        private static String apiUrl(Repository repo, String path) {
            return "https://github.test" + API + "/repos/" + repo.fullName + path;
        }

        private static Matcher match(String pattern, String route) {
            Matcher m = Pattern.compile(pattern).matcher(route);
            return m.matches() ? m : null;
        }

        private static String text(JsonNode in, String field) {
            if (!in.path(field).isTextual()) {
                throw new Invalid("\"" + field + "\" wasn't supplied.");
            }
            return in.path(field).asText();
        }

        private static Map<String, String> params(String query) {
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
            }
            return params;
        }

        private static String now() {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }

        private static ObjectNode error(String message) {
            return JSON.createObjectNode().put("message", message)
                    .put("documentation_url", "https://docs.github.com/rest");
        }

        private static ResponseDefinition answer(int status, JsonNode body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
        }

        private static String sha1(byte[]... parts) {
            try {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                for (byte[] part : parts) {
                    sha1.update(part);
                }
                return HexFormat.of().formatHex(sha1.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** A request GitHub would refuse with 422. */
        private static final class Invalid extends RuntimeException {
            Invalid(String message) {
                super(message);
            }
        }
    }
}
