package org.llmlb.wsproxy;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.Walls;

/** The load engine's component walls (the same rules as the balancer's), on its compiled classes. */
class ArchitectureTest {

    static final Walls WALLS = Walls.of("org.llmlb.wsproxy");
    static final JavaClasses CLASSES = WALLS.importClasses();

    @Test
    void componentsImportEachOtherWithoutCycles() {
        WALLS.componentsFreeOfCycles().check(CLASSES);
    }

    @Test
    void everyComponentIsSplitIntoBoundaryControlEntity() {
        WALLS.componentsSplitIntoBoundaryControlEntity().check(CLASSES);
    }

    @Test
    void onlyBoundariesTouchHttpAndWebSockets() {
        WALLS.onlyBoundariesTouchHttp().check(CLASSES);
    }

    @Test
    void controlAndEntityNeverPointAtABoundary() {
        WALLS.nothingPointsBackAtABoundary().check(CLASSES);
    }
}
