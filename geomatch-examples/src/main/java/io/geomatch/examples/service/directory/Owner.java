package io.geomatch.examples.service.directory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A camera owner: registered through the API, or one of a simulated world's owners, made on
 * first use. Its devices and opt-out change only under the service's write lock; any thread may
 * read them.
 */
public final class Owner {
    private final String id;
    private final String name;
    private final String email;
    private final List<Device> devices = new CopyOnWriteArrayList<>();
    private volatile boolean optedOut;

    Owner(String id, String name, String email) {
        this.id = id;
        this.name = name;
        this.email = email;
    }

    /** @return its id */
    public String id() {
        return id;
    }

    /** @return its display name */
    public String name() {
        return name;
    }

    /** @return its email address, or null for a simulated owner */
    public String email() {
        return email;
    }

    /** @return whether it opted out of community requests */
    public boolean optedOut() {
        return optedOut;
    }

    void optedOut(boolean value) {
        optedOut = value;
    }

    /** @return its devices, in the order registered */
    public List<Device> devices() {
        return devices;
    }

    void add(Device d) {
        devices.add(d);
    }
}
