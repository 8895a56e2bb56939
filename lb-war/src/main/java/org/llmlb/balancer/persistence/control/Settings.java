package org.llmlb.balancer.persistence.control;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.llmlb.balancer.persistence.entity.Setting;

/** Key/value settings persisted in SQLite (routing mode, incoming node position). */
@ApplicationScoped
public class Settings {

    @PersistenceContext
    EntityManager em;

    public Optional<String> get(String name) {
        return Optional.ofNullable(em.find(Setting.class, name)).map(s -> s.value);
    }

    @Transactional
    public void put(String name, String value) {
        Setting setting = em.find(Setting.class, name);
        if (setting == null) {
            em.persist(new Setting(name, value));
        } else {
            setting.value = value;
        }
    }
}
