package io.geomatch.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import io.geomatch.cluster.data.Wire;
import io.geomatch.cluster.member.ClusterSerializers;
import io.geomatch.cluster.member.MemberIndexes;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one place Hazelcast is configured, for members and clients alike: TCP-IP join to the listed
 * addresses only (multicast and cloud auto-detection off), bound to the given address only, no
 * phone-home, no Jet, geomatch's serializers, and the maps with synchronous backups.
 */
final class ClusterConfigs {
    /** The property that picks Hazelcast's logging: {@code jdk} (the default) or {@code none}. */
    static final String LOGGING_TYPE = "hazelcast.logging.type";

    private ClusterConfigs() {
    }

    /**
     * @param options the node's options
     * @param indexes the node's indexes, put in its user context
     * @return the configuration of a member that starts as a lite member (it owns no data until
     *     {@link ClusterNode} has checked its settings against the cluster's and promotes it)
     */
    static Config member(NodeOptions options, MemberIndexes indexes) {
        Config c = new Config();
        c.setClusterName(options.clusterName());
        c.setInstanceName("geomatch-" + options.host() + "-" + options.port() + "-" + System.nanoTime());
        c.setLiteMember(true);
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.partition.count", Integer.toString(options.partitions()));
        // A small cluster on a LAN: join at once, find a dead member in seconds.
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "5");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        // SIGTERM leaves the cluster gracefully (partitions handed over first); kill -9 is a crash.
        c.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "120");
        copyLogging(c::setProperty);
        c.getJetConfig().setEnabled(false);

        NetworkConfig network = c.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(false);
        network.setPublicAddress(options.host() + ":" + options.port());
        network.getInterfaces().setEnabled(true).addInterface(options.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).addMember(options.host() + ":" + options.port());
        for (String m : options.members()) {
            join.getTcpIpConfig().addMember(m);
        }

        c.getSerializationConfig().addDataSerializableFactory(Wire.FACTORY_ID, new ClusterSerializers());
        c.addMapConfig(new MapConfig(MemberIndexes.CAMERAS).setBackupCount(options.backups()).setAsyncBackupCount(0)
            .setInMemoryFormat(InMemoryFormat.BINARY));
        c.addMapConfig(new MapConfig(MemberIndexes.DIRECTORY).setBackupCount(options.backups()).setAsyncBackupCount(0));
        c.addMapConfig(new MapConfig(MemberIndexes.SETTINGS).setBackupCount(Math.max(1, options.backups())).setAsyncBackupCount(0));

        ConcurrentMap<String, Object> context = new ConcurrentHashMap<>();
        context.put(MemberIndexes.CONTEXT_KEY, indexes);
        c.setUserContext(context);
        return c;
    }

    /**
     * @param options how to reach the cluster
     * @return the configuration of a client that sends each operation to its partition's owner (Hazelcast's default routing)
     */
    static ClientConfig client(ClientOptions options) {
        ClientConfig c = new ClientConfig();
        c.setClusterName(options.clusterName());
        c.setInstanceName("geomatch-client-" + System.nanoTime());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.client.invocation.timeout.seconds", Long.toString(Math.max(1, options.answerTimeout().toSeconds())));
        copyLogging(c::setProperty);
        c.getNetworkConfig().setAddresses(new java.util.ArrayList<>(options.members()));
        c.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(options.connectTimeout().toMillis())
            .setInitialBackoffMillis(200).setMaxBackoffMillis(1000);
        c.getSerializationConfig().addDataSerializableFactory(Wire.FACTORY_ID, new ClusterSerializers());
        return c;
    }

    /** Hazelcast reads its logging type from the system property early on; configs get the same. */
    private static void copyLogging(java.util.function.BiConsumer<String, String> setProperty) {
        String type = System.getProperty(LOGGING_TYPE);
        if (type != null) {
            setProperty.accept(LOGGING_TYPE, type);
        }
    }
}
