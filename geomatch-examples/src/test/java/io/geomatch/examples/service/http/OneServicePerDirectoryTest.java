package io.geomatch.examples.service.http;

import io.geomatch.examples.cli.GeomatchCli;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceException;
import io.geomatch.examples.service.ServiceOptions;
import io.geomatch.examples.service.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One service per data directory: a second {@code serve} on a directory another process serves
 * would append to the same journal behind its back (records both acknowledged lost, or the signed
 * log forked), so it is refused before it reads or writes anything; a service that died leaves no
 * lock behind.
 */
class OneServicePerDirectoryTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)   // without the lock, the second serve would listen instead of refusing
    void shouldRefuseASecondServiceWhileOneRunsAndLetTheNextInAfterACrash() throws Exception {
        Path data = dir.resolve("data");
        // No owner calls: the longest rounds (10 s) keep the log to the records counted here.
        try (ChildServer first = ChildServer.start(data, List.of(), "--owner-round-millis", "10000")) {
            String operator = ChildServer.operatorToken(data);
            assertThat(first.api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "A")
                .put("email", "a@example.com")).status()).isEqualTo(201);
            assertThat(Files.readString(data.resolve(CommunityService.LOCK_FILE))).as("the file says not to remove it")
                .startsWith("locked by process " + first.process.pid()).contains("do not remove this file while it runs");
            long records = records(data);
            byte[] journal = Files.readAllBytes(data.resolve(CommunityService.JOURNAL_FILE));

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = GeomatchCli.run(new PrintWriter(out), new PrintWriter(err), "serve", "--data", data.toString(), "--port", "0");
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("error: " + data.resolve(CommunityService.LOCK_FILE) + " is locked: another service runs"
                + " on " + data + " (two on one data directory would lose acknowledged records); stop it first; refusing to start\n");
            assertThat(Files.readAllBytes(data.resolve(CommunityService.JOURNAL_FILE))).as("nothing written").isEqualTo(journal);
            assertThat(data.resolve(CommunityService.INDEX_DIR)).as("the first one's index left in place").isDirectory();

            // The first one goes on acknowledging, and what it acknowledged stays.
            assertThat(first.api.post("/v1/owners", operator, ApiClient.JSON.createObjectNode().put("name", "B")
                .put("email", "b@example.com")).status()).isEqualTo(201);
            assertThat(records(data)).isEqualTo(records + 1);
            // Killed (SIGKILL), it holds no lock any more: the operating system released it with the process.
        }
        try (CommunityService next = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)))
                .hasMessageContaining(CommunityService.LOCK_FILE + " is locked");
            // The refusal in this process must not have let go of the system's lock (closing any descriptor of
            // the file would): another process is still refused.
            assertThatThrownBy(() -> ChildServer.start(data, List.of()).close()).hasMessageContaining("serve exited with 2");
            assertThat(next.auditFile()).isRegularFile();
        }
        // Closed, it lets the next one in.
        CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)).close();
    }

    @Test
    void shouldTakeNoChangeOnceItsLockFileIsRemovedOrReplaced() throws Exception {
        for (boolean replace : new boolean[] {false, true}) {
            Path data = dir.resolve(replace ? "replaced" : "removed");
            Path lockFile = data.resolve(CommunityService.LOCK_FILE);
            try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
                Principal operator = service.authenticate(service.newOperatorToken());
                service.createOwner(operator, "A", "a@example.com");
                // A clean-up that takes the lock file for a stale one: a second service could now lock a new file there.
                Files.delete(lockFile);
                if (replace) {
                    Files.writeString(lockFile, "new");
                }
                Thread.sleep(50);   // a round that had passed its check before may still finish
                byte[] journal = Files.readAllBytes(data.resolve(CommunityService.JOURNAL_FILE));
                assertThatThrownBy(() -> service.createOwner(operator, "B", "b@example.com"))
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessageContaining("lock was lost");
                Thread.sleep(200);   // twenty rounds' time: not even an empty round is written any more
                assertThat(Files.readAllBytes(data.resolve(CommunityService.JOURNAL_FILE))).as("nothing written").isEqualTo(journal);
                assertThat(service.auditFile()).as("reads go on").isRegularFile();
            }
        }
    }

    @Test
    void shouldRefuseALockFileThatIsADevice() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        Path devNull = Path.of("/dev/null");
        Files.createSymbolicLink(data.resolve(CommunityService.LOCK_FILE), devNull);
        String modeBefore = PosixFilePermissions.toString(Files.getPosixFilePermissions(devNull));
        assertThatThrownBy(() -> CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10)))
            .hasMessage(data.resolve(CommunityService.LOCK_FILE) + " is not a regular file (it is a directory, a device such as"
                + " /dev/null, or a pipe): a lock file is a file");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(devNull))).as("the device's mode untouched")
            .isEqualTo(modeBefore);
        assertThat(data.resolve(CommunityService.JOURNAL_FILE)).doesNotExist();
    }

    private static long records(Path data) throws Exception {
        return AuditLog.verify(data.resolve(CommunityService.JOURNAL_FILE), line -> { }).records();
    }
}
