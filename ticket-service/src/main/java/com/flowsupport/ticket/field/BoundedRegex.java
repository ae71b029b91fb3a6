package com.flowsupport.ticket.field;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * Regular expressions written by tenant admins run against customer input, so a
 * catastrophic pattern must not stall a request thread: matching gives up after a fixed
 * number of character reads.
 */
final class BoundedRegex {

	static final int MAX_PATTERN_LENGTH = 500;

	private static final int MAX_STEPS = 200_000;

	private BoundedRegex() {
	}

	/**
	 * @return why the pattern is unusable, or {@code null} when it compiles
	 */
	static @Nullable String problemWith(String pattern) {
		if (pattern.length() > MAX_PATTERN_LENGTH) {
			return "pattern is longer than " + MAX_PATTERN_LENGTH + " characters";
		}
		try {
			Pattern.compile(pattern);
			return null;
		}
		catch (PatternSyntaxException ex) {
			return "pattern is not a valid regular expression: " + ex.getDescription();
		}
	}

	/**
	 * @return whether {@code value} matches in full; {@code false} when it takes too long
	 */
	static boolean matches(String pattern, String value) {
		try {
			return Pattern.compile(pattern).matcher(new Budgeted(value)).matches();
		}
		catch (BudgetExceeded ex) {
			return false;
		}
	}

	private static final class BudgetExceeded extends RuntimeException {

		BudgetExceeded() {
			super(null, null, false, false);
		}

	}

	private static final class Budgeted implements CharSequence {

		private final String value;

		private final int[] steps;

		Budgeted(String value) {
			this(value, new int[1]);
		}

		private Budgeted(String value, int[] steps) {
			this.value = value;
			this.steps = steps;
		}

		@Override
		public char charAt(int index) {
			if (++this.steps[0] > MAX_STEPS) {
				throw new BudgetExceeded();
			}
			return this.value.charAt(index);
		}

		@Override
		public int length() {
			return this.value.length();
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return new Budgeted(this.value.substring(start, end), this.steps);
		}

		@Override
		public String toString() {
			return this.value;
		}

	}

}
