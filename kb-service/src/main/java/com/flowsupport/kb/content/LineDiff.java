package com.flowsupport.kb.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line diff of two texts by longest common subsequence: every line of both, in order,
 * marked kept, removed or added. Texts too long for the quadratic table are shown as
 * wholly replaced rather than computed slowly.
 */
final class LineDiff {

	static final int MAX_LINES = 4_000;

	private LineDiff() {
	}

	static List<Line> of(String before, String after) {
		String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
		String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
		List<Line> lines = new ArrayList<>();
		if (a.length > MAX_LINES || b.length > MAX_LINES) {
			Arrays.stream(a).forEach((line) -> lines.add(new Line(Op.REMOVED, line)));
			Arrays.stream(b).forEach((line) -> lines.add(new Line(Op.ADDED, line)));
			return lines;
		}
		int[][] common = new int[a.length + 1][b.length + 1];
		for (int i = a.length - 1; i >= 0; i--) {
			for (int j = b.length - 1; j >= 0; j--) {
				common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		int i = 0;
		int j = 0;
		while (i < a.length || j < b.length) {
			if (i < a.length && j < b.length && a[i].equals(b[j])) {
				lines.add(new Line(Op.KEPT, a[i++]));
				j++;
			}
			else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
				lines.add(new Line(Op.REMOVED, a[i++]));
			}
			else {
				lines.add(new Line(Op.ADDED, b[j++]));
			}
		}
		return lines;
	}

	/** The diff as text: {@code ' '}, {@code '-'} or {@code '+'} before each line. */
	static String unified(List<Line> lines) {
		StringBuilder text = new StringBuilder();
		for (Line line : lines) {
			text.append(switch (line.op()) {
				case KEPT -> ' ';
				case REMOVED -> '-';
				case ADDED -> '+';
			}).append(line.text()).append('\n');
		}
		return text.toString();
	}

	enum Op {

		KEPT, REMOVED, ADDED

	}

	record Line(Op op, String text) {
	}

}
