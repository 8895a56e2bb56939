package org.llmlb.wsproxy;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.llmlb.testsupport.Walls;

/** The load engine's component walls (the rules every WAR keeps), on its compiled classes. */
class ArchitectureTest {

    @TestFactory
    Stream<DynamicTest> walls() {
        return Walls.of("org.llmlb.wsproxy").tests();
    }
}
