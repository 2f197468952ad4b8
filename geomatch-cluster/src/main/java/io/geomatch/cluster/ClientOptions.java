package io.geomatch.cluster;

import io.geomatch.core.InvalidInputException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a cluster as a client ({@link ClusterIndex#connect}) and how long to wait for it.
 * Immutable; each setter returns new options.
 */
public final class ClientOptions {
    /** Default time to find a reachable member. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time a query or batch may take, retries included, before it fails as unavailable. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> members;
    private final String clusterName;
    private final Duration connectTimeout;
    private final Duration answerTimeout;

    private ClientOptions(List<String> members, String clusterName, Duration connectTimeout, Duration answerTimeout) {
        this.members = members;
        this.clusterName = clusterName;
        this.connectTimeout = connectTimeout;
        this.answerTimeout = answerTimeout;
    }

    /**
     * @param addresses host:port of one or more members; the client learns the rest from them
     * @return options with the default cluster name and timeouts
     * @throws InvalidInputException if the list is empty
     */
    public static ClientOptions members(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new InvalidInputException("--members", "", "is empty, give at least one HOST:PORT");
        }
        return new ClientOptions(List.copyOf(addresses), NodeOptions.DEFAULT_CLUSTER_NAME, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ANSWER_TIMEOUT);
    }

    /**
     * @param name the cluster name the members were started with
     * @return new options
     */
    public ClientOptions clusterName(String name) {
        return new ClientOptions(members, Objects.requireNonNull(name, "name"), connectTimeout, answerTimeout);
    }

    /**
     * @param timeout how long to try to reach a member before giving up, positive
     * @return new options
     */
    public ClientOptions connectTimeout(Duration timeout) {
        return new ClientOptions(members, clusterName, positive("connectTimeout", timeout), answerTimeout);
    }

    /**
     * @param timeout how long a query or a batch may take, retries included, positive
     * @return new options
     */
    public ClientOptions answerTimeout(Duration timeout) {
        return new ClientOptions(members, clusterName, connectTimeout, positive("answerTimeout", timeout));
    }

    private static Duration positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new InvalidInputException(field, d, "must be positive");
        }
        return d;
    }

    /** @return the members to reach */
    public List<String> members() {
        return members;
    }

    /** @return the cluster name */
    public String clusterName() {
        return clusterName;
    }

    /** @return how long to try to reach a member */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long a query or a batch may take */
    public Duration answerTimeout() {
        return answerTimeout;
    }
}
