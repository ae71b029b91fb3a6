/*
 * Summarises a gateway benchmark run (raw.jsonl written by run.sh) as Markdown.
 *
 *   java Report.java <raw.jsonl>
 *
 * Added latency is computed per run (through the gateway minus direct, measured back to
 * back) and the median over runs is reported, so that a noisy run on a shared machine
 * does not decide the figure.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Report {

	static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.]+)");

	public static void main(String[] args) throws Exception {
		List<Map<String, String>> rows = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			if (line.isBlank()) {
				continue;
			}
			Map<String, String> row = new LinkedHashMap<>();
			Matcher matcher = FIELD.matcher(line);
			while (matcher.find()) {
				row.put(matcher.group(1), matcher.group(2).replace("\"", ""));
			}
			rows.add(row);
		}
		StringBuilder out = new StringBuilder();
		List<Map<String, String>> direct = select(rows, "-", "direct", "fixed");
		List<Map<String, String>> on = select(rows, "on", "gateway", "fixed");
		List<Map<String, String>> off = select(rows, "off", "gateway", "fixed");
		int runs = Math.min(direct.size(), Math.min(on.size(), off.size()));
		int rate = (runs > 0) ? Integer.parseInt(direct.get(0).get("rate")) : 0;
		out.append(String.format(Locale.ROOT,
				"### Latency at %d req/s (median over %d runs; each run measures direct, then with, then without the rate limiter; microseconds)%n%n",
				rate, runs));
		out.append("| | p50 | p99 | added p50 | added p99 | failed |\n|---|---:|---:|---:|---:|---:|\n");
		out.append(String.format(Locale.ROOT, "| direct to the service | %.0f | %.0f | | | %.0f |%n",
				median(column(direct, "p50_us", runs)), median(column(direct, "p99_us", runs)), failed(direct)));
		for (String limiter : List.of("on", "off")) {
			List<Map<String, String>> gateway = limiter.equals("on") ? on : off;
			out.append(String.format(Locale.ROOT,
					"| through the gateway, rate limiter %s | %.0f | %.0f | **%.0f** | **%.0f** | %.0f |%n", limiter,
					median(column(gateway, "p50_us", runs)), median(column(gateway, "p99_us", runs)),
					median(difference(gateway, direct, "p50_us", runs)),
					median(difference(gateway, direct, "p99_us", runs)), failed(gateway)));
		}
		out.append(String.format(Locale.ROOT,
				"%nThe rate limiter's own cost (with minus without, per run): p50 **%+.0f us**, p99 **%+.0f us**.%n",
				median(difference(on, off, "p50_us", runs)), median(difference(on, off, "p99_us", runs))));
		out.append("\n### Maximum throughput (no-op upstream, closed loop)\n\n");
		out.append("| target | runs | connections | req/s (median) | req/s (each run) | p50 us | p99 us | failed |\n|---|---:|---:|---:|---|---:|---:|---:|\n");
		for (String[] target : List.of(new String[] { "on", "gateway", "gateway, rate limiter on" },
				new String[] { "off", "gateway", "gateway, rate limiter off" },
				new String[] { "-", "direct", "no-op service alone" })) {
			List<Map<String, String>> max = select(rows, target[0], target[1], "max");
			if (max.isEmpty()) {
				continue;
			}
			double[] throughput = column(max, "throughput", max.size());
			out.append(String.format(Locale.ROOT, "| %s | %d | %s | **%.0f** | %s | %.0f | %.0f | %.0f |%n", target[2],
					max.size(), max.get(0).get("connections"), median(throughput),
					String.join(", ", Arrays.stream(throughput).mapToObj((t) -> String.format(Locale.ROOT, "%.0f", t))
						.toList()),
					median(column(max, "p50_us", max.size())), median(column(max, "p99_us", max.size())), failed(max)));
		}
		out.append("\n### Every fixed-rate run\n\n| rate limiter | target | run | p50 us | p90 us | p99 us | p99.9 us | max us | ok | failed |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, String> row : rows) {
			if (row.get("mode").equals("fixed")) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
						row.get("limiter"), row.get("target"), row.get("run"), row.get("p50_us"), row.get("p90_us"),
						row.get("p99_us"), row.get("p999_us"), row.get("max_us"), row.get("ok"),
						num(row, "non2xx") + num(row, "errors")));
			}
		}
		System.out.print(out);
	}

	static List<Map<String, String>> select(List<Map<String, String>> rows, String limiter, String target,
			String mode) {
		return rows.stream()
			.filter((row) -> limiter.equals(row.get("limiter")) && target.equals(row.get("target"))
					&& mode.equals(row.get("mode")))
			.toList();
	}

	static double num(Map<String, String> row, String field) {
		return Double.parseDouble(row.getOrDefault(field, "0"));
	}

	static double[] column(List<Map<String, String>> rows, String field, int count) {
		return rows.stream().limit(count).mapToDouble((row) -> num(row, field)).toArray();
	}

	static double[] difference(List<Map<String, String>> minuend, List<Map<String, String>> subtrahend, String field,
			int count) {
		double[] difference = new double[count];
		for (int i = 0; i < count; i++) {
			difference[i] = num(minuend.get(i), field) - num(subtrahend.get(i), field);
		}
		return difference;
	}

	static double failed(List<Map<String, String>> rows) {
		return rows.stream().mapToDouble((row) -> num(row, "non2xx") + num(row, "errors")).sum();
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

}
