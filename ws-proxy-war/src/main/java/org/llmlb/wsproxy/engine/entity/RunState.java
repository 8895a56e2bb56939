package org.llmlb.wsproxy.engine.entity;


/** Where a run is; serialised in lower case as the API documents it. */
public enum RunState {
    RUNNING, FINISHED, STOPPED, FAILED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
