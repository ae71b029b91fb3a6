package com.flowsupport.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChartLintTests {

	@Test
	void chartPassesStrictLintWithItsDefaults() {
		// helm-java's lint takes no values files; every ci/*-values.yaml is rendered (and
		// validated against values.schema.json) by the other tests.
		LintResult result = Chart.helm().lint().strict().call();

		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[ERROR]"))
			.noneMatch((message) -> message.contains("[WARNING]"));
	}

	@Test
	void refusesClustersWithoutThePreStopSleepAction() {
		assertThatIllegalStateException()
			.isThrownBy(() -> Chart.helm().template().withName(Chart.RELEASE).withKubeVersion("1.29.0").call())
			.withMessageContaining("chart requires kubeVersion");
	}

	@Test
	void ciHasValuesFilesToRender() {
		assertThat(Chart.ciValuesFiles()).extracting((file) -> file.getFileName().toString())
			.contains("minimal-values.yaml", "production-values.yaml");
	}

}
