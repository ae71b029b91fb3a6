package com.flowsupport.shared.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries of DESIGN §1, as executable rules: a service depends on no other
 * service's code (only on shared-lib), and shared-lib depends on no service.
 */
public final class ArchitectureRules {

	public static final String ROOT = "com.flowsupport";

	public static final String SHARED = ROOT + ".shared";

	private ArchitectureRules() {
	}

	/**
	 * All FlowSupport classes of the production classpath (the service's and
	 * shared-lib's).
	 */
	public static JavaClasses importProduction() {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT);
	}

	/**
	 * @param servicePackage the service's root package, e.g.
	 * {@code com.flowsupport.ticket}
	 */
	public static ArchRule serviceDependsOnNoOtherService(String servicePackage) {
		return noClasses().that()
			.resideInAPackage(servicePackage + "..")
			.should()
			.dependOnClassesThat(
					resideInAPackage(ROOT + "..").and(not(resideInAnyPackage(servicePackage + "..", SHARED + ".."))))
			.because("services talk through REST APIs and events, never through each other's code");
	}

	public static ArchRule sharedLibDependsOnNoService() {
		return noClasses().that()
			.resideInAPackage(SHARED + "..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(SHARED + ".."))))
			.because("shared-lib is a library of every service and must know none of them");
	}

}
