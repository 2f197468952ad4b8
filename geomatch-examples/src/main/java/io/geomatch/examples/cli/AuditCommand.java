package io.geomatch.examples.cli;

import io.geomatch.core.InvalidInputException;
import io.geomatch.examples.files.PrivateFiles;
import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.audit.AuditLog;
import io.geomatch.examples.service.audit.AuditVerifier;
import io.geomatch.examples.service.audit.SignedTreeHead;
import io.geomatch.examples.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * {@code geomatch audit}: offline checks of a service's audit log. {@code audit verify} checks the
 * hash chain of {@code DIR/audit.log} and that the log agrees with a signed tree head: the last
 * one the service signed ({@code DIR/audit.sth}), or one a witness saved from
 * {@code GET /v1/audit/sth} ({@code --sth}), under the service's key ({@code DIR/audit.key}, or
 * one a witness saved, {@code --public-key}). When the service's key is beside the log it also
 * makes the checks {@code serve} makes of its heads on start: the head recorded at the last commit
 * ({@code DIR/audit.head}) verifies, is not behind the signed one, and the log has its root; and,
 * with {@code --witness FILE} (the file {@code serve --witness} keeps), that the witness's head is
 * not ahead of it. Exit 0 if it verifies, 3 if it does not, 2 for bad input.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check a service's audit log offline.",
    subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    /** Exit code: the log does not verify. */
    static final int EXIT_DOES_NOT_VERIFY = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
    }

    /** {@code geomatch audit verify --data DIR [--sth FILE] [--public-key BASE64] [--witness FILE]}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check DIR/audit.log: its hash chain, and that it agrees with a signed tree head (exit 0 verifies, 3 does not).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", required = true, description = "The service's data directory.")
        Path data;

        @Option(names = "--sth", paramLabel = "FILE",
            description = "A tree head saved from GET /v1/audit/sth (default: the last one the service signed, DIR/audit.sth).")
        Path sth;

        @Option(names = "--public-key", paramLabel = "BASE64",
            description = "The service's public key as GET /v1/audit/key gave it (default: the one in DIR/audit.key).")
        String publicKey;

        @Option(names = "--witness", paramLabel = "FILE",
            description = "The witness file serve --witness keeps: check that the data directory is not behind it (needs DIR/audit.key).")
        Path witness;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path log = data.resolve(CommunityService.JOURNAL_FILE);
            PrivateFiles.refuseAllButAFile(log, "the audit log is a file of JSON lines");
            if (!Files.exists(log)) {
                throw new InvalidInputException("--data", data, "holds no audit log (" + CommunityService.JOURNAL_FILE + ")");
            }
            Path keyFile = AuditVerifier.keyFileBeside(log);
            // Even with --public-key the heads need the key file: a link to nothing or a directory there is not "no key".
            PrivateFiles.refuseAllButAFile(keyFile, "the service's key is a file of two lines of base64");
            byte[] key;
            if (publicKey != null) {
                try {
                    key = Base64.getDecoder().decode(publicKey.strip());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("--public-key", publicKey, "is not base64");
                }
                if (key.length != 32) {
                    throw new InvalidInputException("--public-key", publicKey, "is not a raw 32-byte Ed25519 key in base64");
                }
            } else {
                key = AuditVerifier.publicKeyBeside(log);
            }
            if (witness != null) {
                String problem = io.geomatch.examples.service.audit.StartChecks.witnessProblem(witness, data);
                if (problem != null) {
                    throw new InvalidInputException("--witness", witness, problem + "; a witness there proves nothing");
                }
                Options.existingFile("--witness", witness);
                if (!Files.isRegularFile(keyFile)) {
                    throw new InvalidInputException("--witness", witness, "needs the service's key " + keyFile + " to check the"
                        + " witness's head, and there is none");
                }
            }
            SignedTreeHead head;
            if (sth != null) {
                Options.existingFile("--sth", sth);
                try {
                    head = AuditVerifier.readHead(sth);
                } catch (AuditVerifier.NotAHeadException e) {
                    throw new InvalidInputException("--sth", sth, "is not a signed tree head: " + e.reason());
                }
            } else {
                head = AuditVerifier.lastSignedHead(log);
            }
            AuditVerifier.Report r = AuditVerifier.verify(log, head, key);
            out.printf("audit log %s: %,d records, hash chain %s%n", Printable.escape(log.toString()), r.chain().records(),
                r.chain().intact() ? "intact" : "broken at line " + r.chain().brokenLine());
            out.printf("tree head: %,d records, root %s, signed %s: signature %s%n", head.treeSize(), Printable.escape(head.rootHash()),
                Instant.ofEpochMilli(head.timestamp()), r.signatureValid() ? "valid" : "INVALID");
            out.printf("public key: %s%n", Base64.getEncoder().encodeToString(key));
            out.flush();
            if (!r.ok()) {
                err.println("error: the audit log does not verify: " + GeomatchCli.oneLine(r.problem()));
                err.flush();
                return EXIT_DOES_NOT_VERIFY;
            }
            String heads = Files.isRegularFile(keyFile) ? AuditVerifier.headsProblem(log, witness) : null;
            if (heads != null) {
                err.println("error: the service's tree heads do not verify: " + GeomatchCli.oneLine(heads));
                err.flush();
                return EXIT_DOES_NOT_VERIFY;
            }
            String damaged = GeomatchCli.oneLine(String.join(" and ", AuditVerifier.damagedHeadSlots(log)));
            // As serve decides at start: only records past the surviving recorded head may have been acknowledged under a lost one.
            long pastRecorded = r.chain().records() - AuditVerifier.recordedTreeSize(log);
            if (!damaged.isEmpty() && pastRecorded > 0 && witness == null) {
                err.println("error: " + damaged + " (a torn write or tampering), and " + AuditLog.records(pastRecorded, "record") + " past the"
                    + " surviving recorded head may have been acknowledged under the head lost there: serve refuses to start until the"
                    + " head files are restored, or --cut-unacknowledged cuts those records");
                err.flush();
                return EXIT_DOES_NOT_VERIFY;
            }
            if (!damaged.isEmpty()) {
                out.println("note: " + damaged + (pastRecorded > 0 ? "; the witness shows no later head was recorded, so the records past the"
                    + " surviving head were never acknowledged" : "; the surviving heads cover every record of the log (a head lost"
                    + " there may have covered more, which only a witness can tell); serve writes the slot again with its next head"));
            }
            out.printf("ok: the log's first %,d records are those the tree head was signed over%n", head.treeSize());
            long past = r.chain().records() - head.treeSize();
            if (past > 0) {
                out.printf("note: the %,d records after them (lines %,d to %,d) are past this head: no signature covers them yet,"
                    + " only the hash chain%n", past, head.treeSize() + 1, r.chain().records());
            }
            return 0;
        }
    }
}
