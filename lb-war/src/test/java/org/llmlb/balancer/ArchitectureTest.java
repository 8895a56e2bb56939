package org.llmlb.balancer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.llmlb.testsupport.Walls;

/** The balancer's component walls, checked on its compiled classes. */
class ArchitectureTest {

    static final Walls WALLS = Walls.of("org.llmlb.balancer");
    static final JavaClasses CLASSES = WALLS.importClasses();

    /** The rules every WAR keeps. */
    @TestFactory
    Stream<DynamicTest> walls() {
        return WALLS.tests(CLASSES);
    }

    /** They take endpoint changes as events whose types routing defines, never the stored entity. */
    @Test
    void routingStatisticsAndTheProxyWorkWithoutTheEndpointsComponent() {
        noClasses().that().resideInAnyPackage("org.llmlb.balancer.routing..", "org.llmlb.balancer.stats..",
                        "org.llmlb.balancer.proxy..", "org.llmlb.balancer.models..", "org.llmlb.balancer.health..")
                .should().dependOnClassesThat().resideInAPackage("org.llmlb.balancer.endpoints..")
                .check(CLASSES);
    }

    /** The root package assembles the application; components never reach back into it but for the version. */
    @Test
    void componentsUseOnlyTheVersionFromTheRootPackage() {
        noClasses().that().resideInAPackage("org.llmlb.balancer.*..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "root-package classes other than Balancer",
                        c -> c.getPackageName().equals("org.llmlb.balancer") && !c.getSimpleName().equals("Balancer")))
                .check(CLASSES);
    }
}
