package dev.vibecoder.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PullRequestFilesTest {

    @Test
    void plainRelativePathsMayBeWritten() {
        assertThat(PullRequestFiles.refusal("src/app/main.py")).isEmpty();
        assertThat(PullRequestFiles.refusal("README.md")).isEmpty();
        assertThat(PullRequestFiles.refusal(".gitignore")).isEmpty();
        assertThat(PullRequestFiles.refusal("docs/.github-notes.md")).isEmpty();
    }

    @Test
    void pathsOutsideTheRepositoryOrIntoItsMachineryAreLeftOut() {
        assertThat(PullRequestFiles.refusal("/etc/passwd")).isPresent();
        assertThat(PullRequestFiles.refusal("../outside.txt")).isPresent();
        assertThat(PullRequestFiles.refusal("src/../../outside.txt")).isPresent();
        assertThat(PullRequestFiles.refusal("src//main.py")).isPresent();
        assertThat(PullRequestFiles.refusal("src\\main.py")).isPresent();
        assertThat(PullRequestFiles.refusal("")).isPresent();
        assertThat(PullRequestFiles.refusal(".github/workflows/release.yml")).hasValueSatisfying(
                reason -> assertThat(reason).contains(".github/"));
        assertThat(PullRequestFiles.refusal(".GitHub/workflows/x.yml")).isPresent();
        assertThat(PullRequestFiles.refusal(".git/hooks/pre-commit")).isPresent();
    }

    @Test
    void aFileKnowsItsGitBlobId() {
        // git hash-object of "hello\n"
        assertThat(new PullRequestFiles.File("a.txt", "hello\n", PullRequestFiles.Kind.CODE).gitSha())
                .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
    }
}
