package org.llmlb.producer.simulator.control;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.llmlb.producer.simulator.entity.Profile;

/**
 * The simulated servers, one per distinct {@link Profile}: two URLs whose matrix parameters
 * come to the same values are the same server. At most {@link #MAX} are kept; beyond that idle
 * ones (nothing running or waiting) are forgotten, with their counters.
 */
@ApplicationScoped
public class Instances {

    static final int MAX = 256;

    @Inject
    Scheduler scheduler;

    private final Map<Profile, Instance> instances = new ConcurrentHashMap<>();

    public Instance of(Profile profile) {
        Instance instance = instances.get(profile);
        if (instance != null) {
            return instance;
        }
        if (instances.size() >= MAX) {
            forgetIdle();
        }
        return instances.computeIfAbsent(profile, p -> new Instance(p, scheduler));
    }

    private void forgetIdle() {
        for (Iterator<Instance> it = instances.values().iterator(); it.hasNext() && instances.size() >= MAX; ) {
            Instance.Load load = it.next().load();
            if (load.running() == 0 && load.waiting() == 0) {
                it.remove();
            }
        }
    }
}
