package org.llmlb.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.DynamicTest;

/**
 * The architecture rules every WAR keeps (ArchUnit), for an application whose root package holds
 * components, each split into {@code boundary}, {@code control} and {@code entity}:
 * no import cycles between components, only boundaries (and the root package, which assembles the
 * application) touch the HTTP, REST and WebSocket APIs, and nothing points from control or entity
 * back at a boundary.
 */
public final class Walls {

    /** What a boundary owns: requests from outside. The upstream HTTP client is not among them. */
    private static final String[] HTTP_APIS = {"jakarta.servlet..", "jakarta.ws.rs..", "jakarta.websocket.."};

    private final String root;

    private Walls(String root) {
        this.root = root;
    }

    public static Walls of(String rootPackage) {
        return new Walls(rootPackage);
    }

    /** The application's own classes, without tests. */
    public JavaClasses importClasses() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(root);
    }

    public ArchRule componentsFreeOfCycles() {
        return slices().matching(root + ".(*)..").namingSlices("component $1").should().beFreeOfCycles();
    }

    public ArchRule componentsSplitIntoBoundaryControlEntity() {
        return classes().that().resideInAPackage(root + ".*..")
                .should().resideInAnyPackage(root + ".*.boundary..", root + ".*.control..", root + ".*.entity..")
                .because("a component is split into boundary, control and entity");
    }

    public ArchRule onlyBoundariesTouchHttp() {
        return noClasses().that().resideInAnyPackage(root + ".*.control..", root + ".*.entity..")
                .should().dependOnClassesThat().resideInAnyPackage(HTTP_APIS)
                .because("requests and answers are the boundaries' business");
    }

    public ArchRule nothingPointsBackAtABoundary() {
        return noClasses().that().resideInAnyPackage(root + ".*.control..", root + ".*.entity..")
                .should().dependOnClassesThat().resideInAPackage(root + ".*.boundary..")
                .because("control and entity classes work without the way requests arrive");
    }

    /**
     * The four rules as tests of their own, for a WAR's {@code @TestFactory}: each fails with the
     * classes that break it.
     */
    public Stream<DynamicTest> tests() {
        return tests(importClasses());
    }

    /** The same, on classes a WAR's test has imported already for rules of its own. */
    public Stream<DynamicTest> tests(JavaClasses all) {
        return Stream.of(componentsFreeOfCycles(), componentsSplitIntoBoundaryControlEntity(), onlyBoundariesTouchHttp(),
                        nothingPointsBackAtABoundary())
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(all)));
    }
}
