package org.llmlb.balancer.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One named value of the balancer's own state, e.g. the routing mode. */
@Entity
@Table(name = "settings")
public class Setting {

    @Id
    @Column(name = "name")
    public String name;

    @Column(name = "value")
    public String value;

    public Setting() {
    }

    public Setting(String name, String value) {
        this.name = name;
        this.value = value;
    }
}
