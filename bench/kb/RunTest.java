import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs one test class on the JUnit platform, outside Maven: bench/kb/run.sh builds under
 * Maven, then measures with a copy of the compiled classes, so that a build running
 * meanwhile (or a shared build lock) neither changes the code under test nor waits for the
 * measurement. Exits non-zero when the class fails or runs no test.
 *
 * <pre>java -cp CLASSPATH bench/kb/RunTest.java com.flowsupport.kb.bench.SearchBenchmark</pre>
 */
public class RunTest {

	public static void main(String[] args) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(selectClass(args[0]))
			.build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launcher.execute(request, listener);
		TestExecutionSummary summary = listener.getSummary();
		summary.printTo(new java.io.PrintWriter(System.out, true));
		summary.printFailuresTo(new java.io.PrintWriter(System.err, true), 40);
		System.exit((summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0) ? 0 : 1);
	}

}
