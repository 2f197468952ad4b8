package io.geomatch.examples.cli;

import io.geomatch.core.GeoStore;
import io.geomatch.core.InvalidInputException;
import io.geomatch.core.LiveOptions;
import io.geomatch.core.StoreOptions;
import io.geomatch.core.io.StoreCsv;
import io.geomatch.examples.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code geomatch store}: a durable store directory that takes changes and answers {@code query --store}. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Create a durable store, or load cameras, footage and updates into it.",
    subcommands = {StoreCommand.Init.class, StoreCommand.Load.class})
final class StoreCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a store command is required: init or load");
    }

    /** {@code store init}: creates an empty store. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create an empty store in a new or empty directory.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "Directory to create the store in.")
        Path store;

        @Option(names = "--bucket", required = true, paramLabel = "SECONDS", description = "Time bucket size in seconds (0.001 = 1 ms, exact).")
        String bucketSeconds;

        @Option(names = "--max-retention", paramLabel = "DAYS", defaultValue = "3650",
            description = "Longest retention a camera may have, 1..3650 days (default ${DEFAULT-VALUE}); older footage is dropped as the clock advances.")
        int maxRetentionDays;

        @Override
        public Integer call() throws Exception {
            long bucketMillis = Options.secondsToMillis("--bucket", bucketSeconds);
            Options.maxRetentionDays("--max-retention", maxRetentionDays);
            if (Files.exists(store) && !Files.isDirectory(store)) {
                throw new InvalidInputException("--store", store, "is a file, not a directory");
            }
            try (GeoStore s = GeoStore.create(store, bucketMillis, LiveOptions.defaults().maxRetentionDays(maxRetentionDays),
                StoreOptions.defaults())) {
                spec.commandLine().getErr().printf("created store %s (bucket %s s, retention up to %d days)%n",
                    Printable.escape(s.directory().toString()), bucketSeconds, maxRetentionDays);
            }
            return 0;
        }
    }

    /** {@code store load}: applies CSV files to a store, printing how many rows are durable. */
    @Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Apply cameras, then updates, then footage to a store. Prints 'acked N' on stdout as rows become durable:",
            "N counts the data rows of all given files, in that order. A killed load keeps every acked row."})
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "DIR", description = "A store made by 'store init'.")
        Path store;

        @Mixin
        ChangeFiles files;

        @Option(names = "--durability", paramLabel = "fsync|write", defaultValue = "fsync",
            description = "fsync (default): acked rows survive power loss; write: they survive the process being killed.")
        String durability;

        @Override
        public Integer call() throws Exception {
            StoreOptions.Durability d = switch (durability) {
                case "fsync" -> StoreOptions.Durability.FSYNC;
                case "write" -> StoreOptions.Durability.WRITE;
                default -> throw new InvalidInputException("--durability", durability, "is not allowed, use fsync or write");
            };
            files.requireExisting();
            try (GeoStore s = GeoStore.open(store, StoreOptions.defaults().durability(d))) {
                files.load((file, format, rowsBefore, acks) -> StoreCsv.load(file, format, s, rowsBefore, acks), spec.commandLine().getOut());
                spec.commandLine().getErr().printf("store %s holds %,d cameras after %,d changes%n", Printable.escape(store.toString()), s.view().cameraCount(),
                    s.view().opCount());
            }
            return 0;
        }
    }
}
